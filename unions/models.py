from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from initiatives_portal.text import fold, sort_key

from .enums import AppointmentAction, ChangeSource, Role, UnitKind

unit_code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$",
    _("Mã đơn vị chỉ gồm chữ không dấu, số, dấu gạch ngang, gạch dưới hoặc dấu chấm."),
)


class Unit(MP_Node):
    """A union organisation; the tree is a materialized path (``path``).

    A subtree is one indexed range scan on ``path`` (see ``selectors.subtree_q``).
    """

    steplen = 4
    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True, validators=[unit_code_validator])
    name = models.CharField(_("tên đơn vị"), max_length=255)
    kind = models.CharField(_("cấp"), max_length=16, choices=UnitKind.choices)
    # The folded name and code, searched word by word (``contains``). Folding may make a
    # name longer (Hangul syllables come apart into letters, up to three for one; other
    # foldings more), so the column has no length of its own: any name that fits ``name``
    # fits here. No B-tree index: a search for a word inside it cannot use one, and one
    # would refuse a long entry (2.704 bytes on PostgreSQL).
    search_name = models.TextField(editable=False)
    # The name's Vietnamese alphabetical order (``initiatives_portal.text.sort_key``) in
    # collation "C": every list of units orders by it, on any PostgreSQL, from an index.
    sort_name = models.TextField(editable=False, default="", db_collation="C")
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("đơn vị công đoàn")
        verbose_name_plural = _("đơn vị công đoàn")
        indexes = [
            models.Index(fields=["kind", "depth"], name="unit_kind_depth"),
            models.Index(fields=["sort_name", "code"], name="unit_sort_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.name} {self.code}")
        self.sort_name = sort_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = list({*update_fields, "search_name", "sort_name"})
        super().save(*args, **kwargs)


class AppointmentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class Appointment(models.Model):
    """Gives a user a role (officer, manager, staff) over a unit and its subtree."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="appointments", verbose_name=_("người dùng")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("đơn vị"))
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người giao"),
    )
    granted_at = models.DateTimeField(_("ngày giao"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("ngày thu hồi"), null=True, blank=True)

    objects = AppointmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"],
                condition=models.Q(revoked_at__isnull=True),
                name="appointment_one_active_per_role",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class ImmutableRecord(Exception):
    """Raised on an attempt to change or delete a history row."""


class AppointmentChange(models.Model):
    """One grant or revocation of an appointment: who gave or took which role, to whom, at which unit, when.

    Written only by ``unions.services.appointments``; never updated or deleted (the
    database refuses it too). The effect is immediate: appointments are read afresh on
    every request.
    """

    appointment = models.ForeignKey(
        Appointment, on_delete=models.PROTECT, related_name="changes", verbose_name=_("phân công")
    )
    action = models.CharField(_("thay đổi"), max_length=16, choices=AppointmentAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("người được phân công")
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    source = models.CharField(_("thực hiện qua"), max_length=16, choices=ChangeSource.choices)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("thay đổi phân công")
        verbose_name_plural = _("lịch sử phân công")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["unit", "-id"], name="appointment_change_unit"),
            models.Index(fields=["user", "-id"], name="appointment_change_user"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.user_id} — {self.role} — {self.unit_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ImmutableRecord("An appointment change is never changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecord("An appointment change is never deleted.")


class UnitChange(models.Model):
    """A change to the shape of the tree: a unit moved to another parent, or merged into another."""

    class Kind(models.TextChoices):
        MOVE = "move", _("Chuyển sang đơn vị cấp trên khác")
        MERGE = "merge", _("Hợp nhất vào đơn vị khác")

    kind = models.CharField(_("loại thay đổi"), max_length=8, choices=Kind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    other = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị cấp trên mới / đơn vị nhận")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("người thực hiện"),
    )
    detail = models.CharField(_("chi tiết"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("thay đổi cơ cấu đơn vị")
        verbose_name_plural = _("lịch sử thay đổi cơ cấu đơn vị")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.unit_id} → {self.other_id}"
