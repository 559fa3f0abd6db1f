from django.db import models
from django.utils.translation import gettext_lazy as _


class InitiativeStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã gửi, chờ xác nhận")
    VERIFIED = "verified", _("Cơ sở đã xác nhận, chờ công nhận")
    APPROVED = "approved", _("Đã được công nhận")
    RETURNED = "returned", _("Trả lại để bổ sung")
    REJECTED = "rejected", _("Không được công nhận")
    WITHDRAWN = "withdrawn", _("Đã rút")


S = InitiativeStatus
# Counted toward targets: from first submission until rejected or withdrawn. A returned
# initiative was submitted and keeps counting while its author revises it.
COUNTED_STATES = (S.SUBMITTED, S.VERIFIED, S.APPROVED, S.RETURNED)
# The author may change the content only in these states.
EDITABLE_STATES = (S.DRAFT, S.RETURNED)
# The author may withdraw before approval.
WITHDRAWABLE_STATES = (S.SUBMITTED, S.VERIFIED, S.RETURNED)
# States an officer of the initiative's own unit or above can see (never drafts).
REVIEWABLE_STATES = tuple(s for s in S if s != S.DRAFT)
# Waiting for a review, each at its stage (1: verification, 2: approval): a stage clock runs.
WAITING_STATES = (S.SUBMITTED, S.VERIFIED)
