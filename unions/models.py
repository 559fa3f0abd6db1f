from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node

from initiatives_portal.text import fold

from .enums import Role, UnitKind

unit_code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$",
    _("Mã đơn vị chỉ gồm chữ không dấu, số, dấu gạch ngang, gạch dưới hoặc dấu chấm."),
)


class Unit(MP_Node):
    """A union organisation; the tree is a materialized path (``path``).

    A subtree is one indexed range scan on ``path`` (see ``selectors.subtree_q``),
    on SQLite and PostgreSQL alike.
    """

    steplen = 4
    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True, validators=[unit_code_validator])
    name = models.CharField(_("tên đơn vị"), max_length=255)
    kind = models.CharField(_("cấp"), max_length=16, choices=UnitKind.choices)
    search_name = models.CharField(max_length=300, editable=False, db_index=True)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("đơn vị công đoàn")
        verbose_name_plural = _("đơn vị công đoàn")
        indexes = [models.Index(fields=["kind", "depth"], name="unit_kind_depth")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_name = fold(f"{self.name} {self.code}")
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
