"""Writes to accounts: registration, profile, passwords, officer-issued reset codes, deactivation, closure.

Every write leaves an ``AccountEvent`` (who did what to whose account, when, in the
name of which unit).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from initiatives_portal.text import nfc
from unions.enums import UnitKind
from unions.models import Unit

from . import selectors
from .enums import AccountAction
from .models import AccountEvent, PasswordResetCode, User
from .signals import account_closing

logger = logging.getLogger(__name__)

RESET_CODE_DIGITS = 8
# Wrong guesses a code survives; with 10^8 codes, five guesses leave no real chance.
RESET_CODE_MAX_ATTEMPTS = 5

# Stored in place of personal data when an account is closed. They are data, kept in
# the source language like every stored text, not interface strings.
CLOSED_ACCOUNT_NAME = "Tài khoản đã đóng"
CLOSED_AUTHOR_NAME = "Tác giả đã đóng tài khoản"


class AccountError(Exception):
    """A change that cannot be made; ``message`` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def _record(*, subject: User, action: str, actor: User | None = None, unit: Unit | None = None,
            detail: str = "") -> AccountEvent:
    """Write the history row of one change to ``subject``'s account."""
    event = AccountEvent.objects.create(subject=subject, actor=actor, action=action, unit=unit, detail=detail[:255])
    logger.info(
        "Account %s: %s by %s",
        subject.pk,
        action,
        actor.pk if actor else "system",
        extra={"event": "account", "action": action, "subject_id": subject.pk,
               "actor_id": actor.pk if actor else None, "unit_id": unit.pk if unit else None},
    )
    return event


# --- registration and profile ---------------------------------------------------------------


def user_register(*, form) -> User:
    """Create the worker's account from a valid ``RegistrationForm``, with the time of their consent.

    Two registrations racing for the same phone or e-mail: the database keeps one,
    the other gets a clear message.
    """
    try:
        with transaction.atomic():
            user = form.save(commit=False)
            user.personal_data_consent_at = timezone.now()
            user.save()
            _record(subject=user, actor=user, action=AccountAction.REGISTERED, unit=user.unit)
    except IntegrityError:
        raise AccountError(_("Số điện thoại hoặc e-mail này vừa được đăng ký.")) from None
    return user


def user_update_profile(*, form, actor: User) -> User:
    """Save a valid ``ProfileForm``; the history names the fields that changed (not their values)."""
    changed = list(form.changed_data)
    with transaction.atomic():
        user = form.save()
        if changed:
            _record(subject=user, actor=actor, action=AccountAction.PROFILE_CHANGED, detail=",".join(changed))
    return user


def user_change_unit(*, user: User, unit: Unit, actor: User | None = None) -> User:
    """Move a worker to another grassroots union; initiatives already submitted stay where they were counted.

    Initiatives keep the unit of their first submission (a snapshot), so only what is
    submitted from now on counts for the new unit.
    """
    previous = user.unit
    if previous is not None and previous.pk == unit.pk:
        return user
    with transaction.atomic():
        user.unit = unit
        user.save(update_fields=["unit"])
        _record(subject=user, actor=actor or user, action=AccountAction.UNIT_CHANGED, unit=unit,
                detail=f"{previous.code if previous else '—'} → {unit.code}")
    return user


def user_invite(*, email: str | None, phone: str | None, full_name: str, unit: Unit | None = None,
                actor: User | None, detail: str = "") -> User:
    """Create the account of someone appointed before they registered.

    It has no usable password and must set one at its first log-in (after a one-time
    code from an officer or a reset link by e-mail). A grassroots unit becomes its
    membership; above that level the account belongs to no grassroots union.
    """
    user = User(
        email=email or None,
        phone=phone or None,
        full_name=nfc(full_name),
        unit=unit if unit is not None and unit.kind == UnitKind.GRASSROOTS else None,
        must_set_password=True,
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    _record(subject=user, actor=actor, action=AccountAction.INVITED, unit=unit, detail=detail)
    return user


# --- passwords ------------------------------------------------------------------------------


def user_set_password(*, user: User, password: str, action: str, actor: User | None = None,
                      unit: Unit | None = None) -> User:
    """Give ``user`` a new (already validated) password; the must-set-password flag is cleared."""
    with transaction.atomic():
        user.set_password(password)
        user.must_set_password = False
        user.save(update_fields=["password", "must_set_password"])
        _record(subject=user, actor=actor or user, action=action, unit=unit)
    return user


def _new_code() -> str:
    return f"{secrets.randbelow(10**RESET_CODE_DIGITS):0{RESET_CODE_DIGITS}d}"


def reset_code_issue(*, actor: User, user: User) -> str:
    """Issue a one-time code with which ``user`` sets a new password; returns the code.

    Only an officer of a unit above the user's may issue it (``accounts.manage_account``).
    The code is returned once, to be shown to the officer, and stored hashed; it
    replaces any earlier code, works once and expires after ``RESET_CODE_VALID_HOURS``.
    """
    if not actor.has_perm("accounts.manage_account", user):
        raise AccountError(_("Bạn không có quyền cấp mã cho tài khoản này."))
    if not user.is_active:
        raise AccountError(_("Tài khoản đang bị khóa: hãy mở khóa trước khi cấp mã."))
    code = _new_code()
    now = timezone.now()
    unit = selectors.acting_unit(actor, user)
    with transaction.atomic():
        PasswordResetCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        PasswordResetCode.objects.create(
            user=user,
            code_hash=make_password(code),
            issued_by=actor,
            unit=unit,
            expires_at=now + dt.timedelta(hours=settings.RESET_CODE_VALID_HOURS),
        )
        _record(subject=user, actor=actor, action=AccountAction.RESET_CODE_ISSUED, unit=unit)
    return code


def normalize_code(raw: str) -> str:
    """The digits of a code as typed ("1234 5678", "1234-5678")."""
    return re.sub(r"\D", "", raw or "")


def reset_code_redeem(*, identifier: str, code: str, password: str) -> User:
    """Set ``password`` on the account of ``identifier`` if ``code`` is its current one-time code.

    Every failure gives the same message, so the page tells nobody which phone numbers
    are registered; a code stops working after ``RESET_CODE_MAX_ATTEMPTS`` wrong
    guesses. Of two simultaneous uses of one code, exactly one succeeds.
    """
    refused = AccountError(
        _("Số điện thoại/e-mail hoặc mã không đúng, hoặc mã đã hết hạn. Hãy đề nghị cán bộ công đoàn cấp mã mới.")
    )
    code = normalize_code(code)
    now = timezone.now()
    try:
        user = User.objects.get_by_identifier(identifier.strip())
    except User.DoesNotExist:
        user = None
    candidate = None
    if user is not None and user.is_active and not user.is_closed:
        candidate = (
            PasswordResetCode.objects.filter(user=user, used_at__isnull=True, expires_at__gt=now)
            .order_by("-id")
            .first()
        )
    if candidate is None or candidate.failed_attempts >= RESET_CODE_MAX_ATTEMPTS:
        make_password(code)  # the same cost as a real check: timing reveals nothing
        raise refused
    if not check_password(code, candidate.code_hash):
        PasswordResetCode.objects.filter(pk=candidate.pk).update(failed_attempts=F("failed_attempts") + 1)
        raise refused
    with transaction.atomic():
        claimed = PasswordResetCode.objects.filter(pk=candidate.pk, used_at__isnull=True).update(used_at=now)
        if claimed != 1:
            raise refused
        user_set_password(user=user, password=password, action=AccountAction.RESET_CODE_USED, actor=user,
                          unit=candidate.unit)
    return user


# --- deactivation and closure ---------------------------------------------------------------


def user_end_sessions(*, user: User) -> None:
    """End every session ``user`` is signed in with, on every device, now and after a later unlock.

    Raises the account's ``session_generation``, part of the hash each session keeps of its
    account: Django compares it on every request and signs out a session that no longer
    matches. One row is written however many sessions there are (the session store is
    neither read nor searched), and it works with any session backend.
    """
    User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
    user.refresh_from_db(fields=["session_generation"])


def user_deactivate(*, actor: User, user: User) -> User:
    """An officer above the account locks it: it can no longer log in, its sessions end (for good,
    even once it is unlocked); its initiatives stay and keep counting."""
    if not actor.has_perm("accounts.manage_account", user):
        raise AccountError(_("Bạn không có quyền khóa tài khoản này."))
    with transaction.atomic():
        changed = User.objects.filter(pk=user.pk, is_active=True, closed_at__isnull=True).update(is_active=False)
        if changed:
            user_end_sessions(user=user)
            _record(subject=user, actor=actor, action=AccountAction.DEACTIVATED, unit=selectors.acting_unit(actor, user))
    user.is_active = False
    return user


def user_reactivate(*, actor: User, user: User) -> User:
    """Unlock an account locked by ``user_deactivate`` (a closed account stays closed)."""
    if not actor.has_perm("accounts.manage_account", user):
        raise AccountError(_("Bạn không có quyền mở khóa tài khoản này."))
    with transaction.atomic():
        changed = User.objects.filter(pk=user.pk, is_active=False, closed_at__isnull=True).update(is_active=True)
        if changed:
            _record(subject=user, actor=actor, action=AccountAction.REACTIVATED, unit=selectors.acting_unit(actor, user))
    user.is_active = True
    return user


def user_record_data_export(*, user: User) -> None:
    """Note in the account's history that its holder downloaded their data."""
    _record(subject=user, actor=user, action=AccountAction.DATA_EXPORTED)


def user_close(*, user: User) -> User:
    """Close the account at its holder's request and anonymise it (Decree 13/2023/NĐ-CP).

    The name is replaced, phone, e-mail, profile and membership are cleared, the
    password becomes unusable and the account inactive, so it can never log in again;
    appointments are revoked (recorded) and the in-app notifications removed. The
    initiatives stay, with their unit and the snapshot taken at submission, so every
    count is unchanged; their author's name becomes a placeholder. The account's
    history (decisions, appointment and account events) stays, pointing at the
    anonymised row.
    """
    from unions.appointments import appointments_give_up

    now = timezone.now()
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=user.pk)
        if account.is_closed:
            raise AccountError(_("Tài khoản này đã được đóng."))
        appointments_give_up(user=account)
        # The initiatives and notifications belong to the apps above: they clear their own.
        account_closing.send(sender=User, user=account, author_placeholder=CLOSED_AUTHOR_NAME)
        PasswordResetCode.objects.filter(user=account, used_at__isnull=True, expires_at__gt=now).update(expires_at=now)
        account.full_name = CLOSED_ACCOUNT_NAME
        account.phone = None
        account.email = None
        account.unit = None
        account.category = ""
        account.job_title = ""
        account.workplace = ""
        account.qualification = ""
        account.holds_management_post = False
        account.is_direct_production_worker = False
        account.is_active = False
        account.is_staff = False
        account.is_superuser = False
        account.must_set_password = False
        account.last_login = None
        account.closed_at = now
        account.set_unusable_password()
        # Row locked above: no other write can raise it meanwhile.
        account.session_generation += 1
        account.save()
        account.groups.clear()
        account.user_permissions.clear()
        _record(subject=account, actor=account, action=AccountAction.CLOSED)
    return account


def user_record_admin_change(*, actor: User, user: User, fields: list[str]) -> None:
    """Note a change made on the admin site (the names of the fields, not their values);
    an account locked there has its sessions ended, as ``user_deactivate`` does."""
    if "is_active" in fields and not user.is_active:
        user_end_sessions(user=user)
    if fields:
        _record(subject=user, actor=actor, action=AccountAction.ADMIN_CHANGED, detail=",".join(fields))
