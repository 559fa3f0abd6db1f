from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    SUBMIT = "submit", _("Gửi")
    RESUBMIT = "resubmit", _("Gửi lại sau khi bổ sung")
    WITHDRAW = "withdraw", _("Rút")
    VERIFY = "verify", _("Xác nhận (cơ sở)")
    APPROVE = "approve", _("Công nhận (cấp trên)")
    RETURN = "return", _("Trả lại")
    REJECT = "reject", _("Không công nhận")


class ActorRole(models.TextChoices):
    AUTHOR = "author", _("Tác giả")
    OFFICER = "officer", _("Cán bộ công đoàn")
    STAFF = "staff", _("Chuyên viên")
    SYSTEM = "system", _("Hệ thống")


class RejectReason(models.TextChoices):
    DUPLICATE = "duplicate", _("Trùng lặp")
    NOT_AN_INITIATIVE = "not_an_initiative", _("Không phải sáng kiến")
    INCOMPLETE = "incomplete", _("Không đầy đủ")
    OTHER = "other", _("Lý do khác")
