from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from submissions.enums import InitiativeStatus

from .enums import Action, ActorRole, RejectReason


class ImmutableRecord(Exception):
    pass


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
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

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
