"""Awards given to collectives (units) for a phase of the campaign."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from campaign.enums import PhaseCode

from .enums import AwardKind


class CollectiveAward(models.Model):
    """A Bằng khen given to a unit for a phase, by decision ``decision_number`` of ``decided_on``.

    Recorded by staff of ``awarded_by`` (a province, sector or the federation, above the
    unit). A wrong entry is withdrawn with a reason (``withdrawn_*``), never deleted.
    """

    unit = models.ForeignKey("unions.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("tập thể"))
    phase = models.CharField(_("giai đoạn"), max_length=16, choices=PhaseCode.choices)
    kind = models.CharField(_("hình thức"), max_length=16, choices=AwardKind.choices,
                            default=AwardKind.CERTIFICATE_OF_MERIT)
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decided_on = models.DateField(_("ngày quyết định"))
    awarded_by = models.ForeignKey("unions.Unit", on_delete=models.PROTECT, related_name="+",
                                   verbose_name=_("đơn vị khen thưởng"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+")
    withdrawal_reason = models.CharField(_("lý do gỡ bỏ"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("khen thưởng tập thể")
        verbose_name_plural = _("khen thưởng tập thể")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "phase", "kind", "awarded_by"], condition=models.Q(withdrawn_at__isnull=True),
                name="collective_award_once",
            ),
        ]
        indexes = [models.Index(fields=["unit", "-decided_on"], name="collective_award_unit")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.unit}"
