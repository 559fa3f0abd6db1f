from django.db import models
from django.utils.translation import gettext_lazy as _


class PhaseCode(models.TextChoices):
    PHASE_1 = "phase-1", _("Giai đoạn 1")
    PHASE_2 = "phase-2", _("Giai đoạn 2")
    OVERALL = "overall", _("Toàn chương trình")


class TargetChangeSource(models.TextChoices):
    """Where a change of a unit's target was made, for its history."""

    WEB = "web", _("Trang giao chỉ tiêu")
    FILE = "file", _("Tệp tải lên")
    COMMAND = "command", _("Lệnh quản trị")
    ADMIN = "admin", _("Trang quản trị")
    MERGE = "merge", _("Hợp nhất đơn vị")
