"""Writes to appointments: grant and revoke, each recorded as an immutable ``AppointmentChange``.

Who may appoint whom is decided in ``selectors.appointable_roles``. A change takes
effect on the next request: appointments are read afresh for every request.
"""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import selectors
from .enums import AppointmentAction, ChangeSource, Role
from .models import Appointment, AppointmentChange, Unit

logger = logging.getLogger(__name__)


class AppointmentError(Exception):
    """An appointment change that cannot be made; ``message`` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _record(*, appointment: Appointment, action: str, actor, source: str, note: str) -> AppointmentChange:
    change = AppointmentChange.objects.create(
        appointment=appointment,
        action=action,
        user_id=appointment.user_id,
        unit_id=appointment.unit_id,
        role=appointment.role,
        actor=actor,
        source=source,
        note=note[:255],
    )
    logger.info(
        "Appointment %s %s: user %s, unit %s, role %s, by %s",
        appointment.pk,
        action,
        appointment.user_id,
        appointment.unit_id,
        appointment.role,
        actor.pk if actor else "system",
        extra={"event": "appointment", "action": action, "appointment_id": appointment.pk,
               "user_id": appointment.user_id, "unit_id": appointment.unit_id, "role": appointment.role,
               "actor_id": actor.pk if actor else None, "source": source},
    )
    return change


def check_may_appoint(actor, unit: Unit, role: str) -> None:
    """Refuse, with the reason, when ``actor`` may not grant ``role`` at ``unit`` (``None``, the system, may)."""
    if actor is not None and not selectors.may_appoint(actor, unit, role):
        raise AppointmentError(
            _("Bạn không được giao hoặc thu hồi vai trò “%(role)s” tại %(unit)s: chỉ trong phạm vi đơn vị bạn quản lý.")
            % {"role": Role(role).label, "unit": unit.name}
        )


def appointment_grant(*, actor, user, unit: Unit, role: str, source: str = ChangeSource.WEB,
                      note: str = "") -> tuple[Appointment, bool]:
    """Give ``user`` ``role`` over ``unit`` and its subtree; returns the appointment and whether it is new.

    ``actor`` must be allowed to appoint that role there (``selectors.may_appoint``);
    ``actor=None`` stands for the system (a management command) and is not checked.
    An appointment already active is returned unchanged.
    """
    if role not in Role.values:
        raise AppointmentError(_("Vai trò không hợp lệ."))
    check_may_appoint(actor, unit, role)
    if not unit.is_active:
        raise AppointmentError(_("Đơn vị %(unit)s không còn hoạt động.") % {"unit": unit.name})
    if not user.is_active or user.is_closed:
        raise AppointmentError(_("Tài khoản %(name)s đang bị khóa hoặc đã đóng.") % {"name": user.full_name})
    existing = Appointment.objects.active().filter(user=user, unit=unit, role=role).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(user=user, unit=unit, role=role, granted_by=actor)
            _record(appointment=appointment, action=AppointmentAction.GRANTED, actor=actor, source=source, note=note)
    except IntegrityError:
        # Someone granted the same role a moment earlier: the database kept one.
        return Appointment.objects.active().get(user=user, unit=unit, role=role), False
    return appointment, True


def appointment_revoke(*, actor, appointment: Appointment, source: str = ChangeSource.WEB,
                       note: str = "") -> Appointment:
    """End ``appointment``; ``actor`` must be allowed to grant its role at its unit and may not revoke their own."""
    if actor is not None and appointment.user_id == actor.pk:
        raise AppointmentError(_("Bạn không thể tự thu hồi vai trò của mình; hãy đề nghị cấp trên."))
    check_may_appoint(actor, appointment.unit, appointment.role)
    return _revoke(appointment=appointment, actor=actor, source=source, note=note)


def _revoke(*, appointment: Appointment, actor, source: str, note: str) -> Appointment:
    now = timezone.now()
    with transaction.atomic():
        changed = Appointment.objects.filter(pk=appointment.pk, revoked_at__isnull=True).update(revoked_at=now)
        if changed != 1:
            raise AppointmentError(_("Phân công này đã được thu hồi."))
        appointment.revoked_at = now
        _record(appointment=appointment, action=AppointmentAction.REVOKED, actor=actor, source=source, note=note)
    return appointment


def appointments_give_up(*, user) -> int:
    """Revoke every active appointment of ``user`` on their own behalf (closing their account)."""
    revoked = 0
    for appointment in Appointment.objects.active().filter(user=user).select_related("unit"):
        _revoke(appointment=appointment, actor=user, source=ChangeSource.CLOSURE, note="")
        revoked += 1
    return revoked
