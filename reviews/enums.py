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
    MARK_EXEMPLARY = "mark_exemplary", _("Đánh dấu tiêu biểu")
    UNMARK_EXEMPLARY = "unmark_exemplary", _("Bỏ đánh dấu tiêu biểu")


# Decisions an officer takes from the review pages (one at a time or in bulk).
OFFICER_ACTIONS = (Action.VERIFY, Action.APPROVE, Action.RETURN, Action.REJECT)
BULK_ACTIONS = (Action.VERIFY, Action.APPROVE, Action.RETURN)


class ActorRole(models.TextChoices):
    AUTHOR = "author", _("Tác giả")
    OFFICER = "officer", _("Cán bộ công đoàn")
    STAFF = "staff", _("Chuyên viên")
    SYSTEM = "system", _("Hệ thống")


class ConflictOfInterest(models.TextChoices):
    """Why a user may not decide an initiative whatever their appointments; the label is the reason shown."""

    AUTHOR = "author", _("Bạn là tác giả của sáng kiến này nên không thể xét duyệt.")
    CO_AUTHOR = "co_author", _("Bạn là đồng tác giả của sáng kiến này nên không thể xét duyệt.")
    VERIFIER = "verifier", _("Bạn đã xác nhận sáng kiến này ở cấp cơ sở nên không thể xét duyệt ở cấp trên.")


class RejectReason(models.TextChoices):
    DUPLICATE = "duplicate", _("Trùng lặp")
    NOT_AN_INITIATIVE = "not_an_initiative", _("Không phải sáng kiến")
    INCOMPLETE = "incomplete", _("Không đầy đủ")
    OTHER = "other", _("Lý do khác")


class EmailState(models.TextChoices):
    PENDING = "pending", _("Chờ gửi")
    SENT = "sent", _("Đã gửi e-mail")
    FAILED = "failed", _("Gửi lỗi")
    NOT_NEEDED = "not_needed", _("Không cần gửi")
