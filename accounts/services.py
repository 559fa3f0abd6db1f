"""Writes to accounts."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from unions.models import Unit

from .models import User


class AccountError(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def user_register(*, form) -> User:
    """Create the worker's account from a valid ``RegistrationForm``.

    Two registrations racing for the same phone or e-mail: the database keeps one,
    the other gets a clear message.
    """
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        raise AccountError(_("Số điện thoại hoặc e-mail này vừa được đăng ký.")) from None


def user_change_unit(*, user: User, unit: Unit) -> User:
    """Move a worker to another grassroots union; initiatives already submitted stay where they were counted."""
    user.unit = unit
    user.save(update_fields=["unit"])
    return user
