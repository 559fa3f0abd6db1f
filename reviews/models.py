from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign.models import DEFAULT_APPROVE_DAYS, DEFAULT_VERIFY_DAYS, Phase
from submissions.enums import InitiativeStatus

from .enums import Action, ActorRole, EmailState, RejectReason


class ImmutableRecord(Exception):
    pass


def decision_time():
    """Now (looked up at each call, so that a test's clock is the decision's too)."""
    return timezone.now()


class Decision(models.Model):
    """One state change of an initiative: who, in which role and unit, from, to, why, when.

    Written only by ``reviews.services``; never updated or deleted.
    """

    initiative = models.ForeignKey(
        "submissions.Initiative", on_delete=models.PROTECT, related_name="decisions", verbose_name=_("sáng kiến")
    )
    action = models.CharField(_("thao tác"), max_length=16, choices=Action.choices)
    from_status = models.CharField(_("từ trạng thái"), max_length=16, choices=InitiativeStatus.choices)
    to_status = models.CharField(_("sang trạng thái"), max_length=16, choices=InitiativeStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("người thực hiện")
    )
    actor_role = models.CharField(_("vai trò"), max_length=16, choices=ActorRole.choices)
    actor_unit = models.ForeignKey(
        "unions.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("đơn vị")
    )
    reason = models.CharField(_("lý do"), max_length=24, choices=RejectReason.choices, blank=True)
    comment = models.TextField(_("ý kiến"), max_length=5000, blank=True)
    # The moment of the change: the state machine passes the one it wrote on the initiative
    # (its stage clock), so the backlog's flows replayed from the decisions fall on the same
    # local days as the clock (``reports.backlog_recompute``); otherwise now.
    created_at = models.DateTimeField(_("thời điểm"), default=decision_time, editable=False, db_index=True)

    class Meta:
        verbose_name = _("quyết định")
        verbose_name_plural = _("lịch sử xử lý")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["initiative", "id"], name="decision_initiative")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.from_status} → {self.to_status}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecord("A decision is never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("A decision is never deleted.")


class Notification(models.Model):
    """Tells a user about a decision on an initiative that concerns them.

    The row is written with the decision (in-app, never lost); its e-mail is sent
    after the commit by a Celery task, and a periodic sweep retries those still pending,
    so a broker or mail server that is down delays the e-mail but never the decision.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("người nhận")
    )
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    email_state = models.CharField(max_length=12, choices=EmailState.choices, default=EmailState.PENDING)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at", "-id"], name="notification_inbox"),
            models.Index(fields=["email_state", "id"], name="notification_email_outbox"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} — {self.decision}"


class UnitDeadline(models.Model):
    """A unit's own, shorter review deadlines, for the initiatives waiting in its subtree.

    The deadline that applies at a stage is the shortest of the phase's (``campaign.Phase``)
    and those the unit of the initiative and every unit above it set for themselves
    (``reviews.deadlines``): a unit can only shorten it, and a province federation's
    setting covers every union below it. Empty: the unit keeps the deadline it is given.
    """

    unit = models.OneToOneField(
        "unions.Unit", on_delete=models.CASCADE, related_name="own_deadline", verbose_name=_("đơn vị")
    )
    verify_days = models.PositiveSmallIntegerField(
        _("hạn xác nhận riêng (ngày)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    approve_days = models.PositiveSmallIntegerField(
        _("hạn công nhận riêng (ngày)"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người thay đổi"),
    )
    changed_at = models.DateTimeField(_("thay đổi lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hạn xét duyệt riêng của đơn vị")
        verbose_name_plural = _("hạn xét duyệt riêng của đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(verify_days__isnull=True) | models.Q(verify_days__gte=1))
                & (models.Q(approve_days__isnull=True) | models.Q(approve_days__gte=1)),
                name="unit_deadline_days_positive",
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit)

    def clean(self):
        """Refuses a deadline longer than every phase's: it could never apply."""
        longest = Phase.objects.aggregate(verify=models.Max("verify_days"), approve=models.Max("approve_days"))
        errors = {}
        for name, longest_days in (("verify_days", longest["verify"] or DEFAULT_VERIFY_DAYS),
                                   ("approve_days", longest["approve"] or DEFAULT_APPROVE_DAYS)):
            days = getattr(self, name)
            if days is not None and days > longest_days:
                errors[name] = _("Hạn riêng của đơn vị chỉ được ngắn hơn hạn của giai đoạn (tối đa %(days)s ngày).") % {
                    "days": longest_days
                }
        if errors:
            raise ValidationError(errors)
