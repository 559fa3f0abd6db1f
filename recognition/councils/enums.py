from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Đang chuẩn bị")
    SCORING = "scoring", _("Đang chấm điểm")
    CLOSED = "closed", _("Đã kết thúc")


class CouncilAction(models.TextChoices):
    OPENED = "opened", _("Lập hội đồng")
    STARTED = "started", _("Bắt đầu chấm điểm")
    SCORED = "scored", _("Chấm điểm")
    RESCORED = "rescored", _("Sửa điểm")
    CONFLICT = "conflict", _("Khai báo xung đột lợi ích")
    REASSIGNED = "reassigned", _("Phân công lại")
    CLOSED = "closed", _("Kết thúc chấm điểm")
    SELECTED = "selected", _("Chọn sáng kiến tiêu biểu")


# The criteria a new round starts with (each scored 0–10), with equal weights.
DEFAULT_CRITERIA = (
    (_("Tính mới"), 1),
    (_("Hiệu quả, lợi ích"), 1),
    (_("Phạm vi áp dụng"), 1),
    (_("Khả năng nhân rộng"), 1),
)
