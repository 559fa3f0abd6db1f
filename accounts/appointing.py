"""Appointing someone by e-mail or phone number, creating their account when they have none.

It lives in accounts, above unions: the appointment itself is unions' ``appointment_grant``,
the invitation of a new account is ``services.user_invite``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from unions.appointments import AppointmentError, appointment_grant, check_may_appoint
from unions.enums import ChangeSource
from unions.models import Appointment, Unit

from .models import User
from .services import user_invite


def appointment_grant_to(*, actor, email: str | None, phone: str | None, full_name: str, unit: Unit, role: str,
                         source: str = ChangeSource.WEB) -> tuple[Appointment, bool, bool]:
    """Grant ``role`` at ``unit`` to the account with this e-mail or phone, creating the account if needed.

    A new account has no usable password and must set one at its first log-in.
    Returns the appointment, whether it is new and whether the account is new.
    """
    check_may_appoint(actor, unit, role)
    user = User.objects.filter(email=email).first() if email else User.objects.filter(phone=phone).first()
    with transaction.atomic():
        created_account = user is None
        if user is None:
            if not full_name:
                raise AppointmentError(_("Người này chưa có tài khoản: hãy nhập họ và tên để tạo tài khoản."))
            user = user_invite(email=email, phone=phone, full_name=full_name, unit=unit, actor=actor,
                               detail=f"{unit.code} {role}")
        appointment, created = appointment_grant(actor=actor, user=user, unit=unit, role=role, source=source)
    return appointment, created, created_account
