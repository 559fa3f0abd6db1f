"""The programme, its phases and the units' targets (tables named as when ``reports`` held them)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import PhaseCode, TargetChangeSource

# Review deadlines in local days when a phase says nothing else (an initiative outside any phase).
DEFAULT_VERIFY_DAYS = 10
DEFAULT_APPROVE_DAYS = 15
MAX_DEADLINE_DAYS = 365


class Programme(models.Model):
    """The campaign: its upload period and national target (1.000.000)."""

    name = models.CharField(_("tên chương trình"), max_length=255)
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"))
    target = models.PositiveIntegerField(_("chỉ tiêu toàn chương trình"))

    class Meta:
        db_table = "reports_programme"
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")

    def __str__(self) -> str:
        return self.name


class Phase(models.Model):
    """An upload period; an initiative belongs to the phase of its first submission's local date."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="phases")
    code = models.CharField(
        _("mã giai đoạn"), max_length=16, unique=True,
        choices=[(c.value, c.label) for c in PhaseCode if c != PhaseCode.OVERALL],
    )
    name = models.CharField(_("tên giai đoạn"), max_length=255)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến hết ngày"))
    target = models.PositiveIntegerField(_("chỉ tiêu"))
    # Review deadlines of the initiatives first submitted in the phase, in local days from
    # their arrival at the stage (``reviews.deadlines``); a unit may shorten them for itself.
    verify_days = models.PositiveSmallIntegerField(
        _("hạn xác nhận (ngày)"), default=DEFAULT_VERIFY_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DEADLINE_DAYS)],
        help_text=_("Số ngày để công đoàn cơ sở xác nhận, tính từ ngày sáng kiến được gửi hoặc gửi lại."),
    )
    approve_days = models.PositiveSmallIntegerField(
        _("hạn công nhận (ngày)"), default=DEFAULT_APPROVE_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DEADLINE_DAYS)],
        help_text=_("Số ngày để công đoàn cấp trên công nhận, tính từ ngày sáng kiến được xác nhận."),
    )

    class Meta:
        db_table = "reports_phase"
        verbose_name = _("giai đoạn")
        verbose_name_plural = _("giai đoạn")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="phase_dates_ordered"),
            models.CheckConstraint(
                condition=models.Q(verify_days__gte=1, verify_days__lte=MAX_DEADLINE_DAYS,
                                   approve_days__gte=1, approve_days__lte=MAX_DEADLINE_DAYS),
                name="phase_deadline_days_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(_("Ngày kết thúc không được trước ngày bắt đầu."))


class UnitTarget(models.Model):
    """A unit's target for a phase or for the whole programme (``overall``)."""

    unit = models.ForeignKey("unions.Unit", on_delete=models.CASCADE, related_name="targets", verbose_name=_("đơn vị"))
    phase = models.CharField(_("giai đoạn"), max_length=16, choices=PhaseCode.choices)
    assigned = models.PositiveIntegerField(_("chỉ tiêu được giao"))
    self_set = models.PositiveIntegerField(_("chỉ tiêu tự đặt"), null=True, blank=True)

    class Meta:
        db_table = "reports_unittarget"
        verbose_name = _("chỉ tiêu đơn vị")
        verbose_name_plural = _("chỉ tiêu đơn vị")
        constraints = [models.UniqueConstraint(fields=["unit", "phase"], name="unit_target_once_per_phase")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_phase_display()}: {self.assigned}"

    def clean(self):
        if self.self_set is not None and self.assigned is not None and self.self_set < self.assigned:
            raise ValidationError({"self_set": _("Chỉ tiêu tự đặt không được thấp hơn chỉ tiêu được giao.")})


class ImmutableRecord(Exception):
    """Raised on an attempt to change or delete a target's history row."""


class UnitTargetChange(models.Model):
    """One change of a unit's target for a phase: who, when, from where, old → new.

    Written only by ``campaign.services.unit_targets_write`` and ``unit_targets_remove``
    (the cascade page, file and command imports, the admin, merges); never updated or
    deleted (the database refuses it too). ``old_assigned`` is None for a target given for
    the first time, ``new_assigned`` None for one removed; the self-set values are kept
    beside them, so a change of either is told.
    """

    unit = models.ForeignKey("unions.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    phase = models.CharField(_("giai đoạn"), max_length=16, choices=PhaseCode.choices)
    old_assigned = models.PositiveIntegerField(_("chỉ tiêu được giao cũ"), null=True, blank=True)
    new_assigned = models.PositiveIntegerField(_("chỉ tiêu được giao mới"), null=True, blank=True)
    old_self_set = models.PositiveIntegerField(_("chỉ tiêu tự đặt cũ"), null=True, blank=True)
    new_self_set = models.PositiveIntegerField(_("chỉ tiêu tự đặt mới"), null=True, blank=True)
    source = models.CharField(_("thực hiện qua"), max_length=16, choices=TargetChangeSource.choices)
    reason = models.CharField(_("lý do"), max_length=255, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người thực hiện"),
    )
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi chỉ tiêu")
        verbose_name_plural = _("lịch sử chỉ tiêu")
        ordering = ["-id"]
        indexes = [models.Index(fields=["unit", "-id"], name="target_change_unit")]

    def __str__(self) -> str:
        return f"{self.unit_id} — {self.phase}: {self.old_assigned} → {self.new_assigned}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecord("A target change is never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("A target change is never deleted.")
