"""Bulk appointment of officers for the roll-out: ``phone_or_email,full_name,unit_code,role``.

It lives in accounts, above unions, because it creates the accounts it appoints.

All or nothing: every row is checked first (identifier, name, unit, role, the
importer's right to appoint there, duplicates) and nothing is written unless every row
is valid. People without an account get one with no usable password, to be set at the
first log-in (one-time code from an officer, or a reset link by e-mail).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from initiatives_portal.tabular import TableError, read_table
from initiatives_portal.text import nfc
from unions import selectors
from unions.appointments import appointment_grant
from unions.enums import ChangeSource, Role
from unions.models import Unit

from .models import User
from .services import user_invite

OFFICER_COLUMNS: tuple[str, ...] = ("phone_or_email", "full_name", "unit_code", "role")
LOOKUP_CHUNK_SIZE = 500


class OfficerImportError(Exception):
    """A file that cannot be read as an officer list at all; ``message`` is shown to the user."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class OfficerRowError:
    """Why one row was refused. ``line`` counts the header as line 1, as a spreadsheet does."""

    line: int
    identifier: str
    message: str


@dataclass
class OfficerImportReport:
    """What an import did, or, when ``errors`` is not empty, why it did nothing."""

    accounts_created: int = 0
    appointed: int = 0
    unchanged: int = 0
    errors: list[OfficerRowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    line: int
    raw_identifier: str
    email: str | None
    phone: str | None
    full_name: str
    unit_code: str
    role: str

    @property
    def key(self) -> str:
        return self.email or self.phone or ""


def read_officers_file(source: str | Path | BinaryIO) -> list[dict[str, str]]:
    """Read an officer list (CSV UTF-8 or XLSX with the same headers) into row dicts of text."""
    try:
        rows = read_table(source, required=OFFICER_COLUMNS)
    except TableError as error:
        raise OfficerImportError(error.message) from error
    return [{column: "" if value is None else str(value) for column, value in row.items()} for row in rows]


def _cell(raw: Mapping[str, object], key: str) -> str:
    value = raw.get(key)
    return "" if value is None else nfc(str(value))


def _parse(raw: Mapping[str, object], line: int) -> tuple[_Row | None, list[str]]:
    """The row with normalised cells and the errors visible from the row alone (None for a blank row)."""
    from initiatives_portal.identifiers import looks_like_email, normalize_email, normalize_phone

    identifier = _cell(raw, "phone_or_email")
    row = _Row(line, identifier, None, None, _cell(raw, "full_name"), _cell(raw, "unit_code"),
               _cell(raw, "role").lower())
    if not (identifier or row.full_name or row.unit_code or row.role):
        return None, []
    errors = []
    if not identifier:
        errors.append(_("Thiếu số điện thoại hoặc e-mail."))
    elif looks_like_email(identifier):
        row.email = normalize_email(identifier)
        try:
            forms.EmailField().clean(row.email)
        except ValidationError:
            errors.append(_("E-mail “%(value)s” không hợp lệ.") % {"value": identifier})
    else:
        row.phone = normalize_phone(identifier)
        if row.phone is None:
            errors.append(
                _("Số điện thoại “%(value)s” không hợp lệ: nhập 10 chữ số, ví dụ 0912345678.") % {"value": identifier}
            )
    if not row.unit_code:
        errors.append(_("Thiếu mã đơn vị."))
    if row.role not in Role.values:
        errors.append(
            _("Vai trò “%(role)s” không hợp lệ; chọn một trong: %(roles)s.")
            % {"role": row.role, "roles": ", ".join(Role.values)}
        )
    if len(row.full_name) > 150:
        errors.append(_("Họ và tên dài quá 150 ký tự."))
    return row, errors


def _chunks(items: list, size: int = LOOKUP_CHUNK_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_users(rows: list[_Row]) -> dict[str, object]:

    found: dict[str, object] = {}
    emails = sorted({row.email for row in rows if row.email})
    phones = sorted({row.phone for row in rows if row.phone})
    for chunk in _chunks(emails):
        found.update({user.email: user for user in User.objects.filter(email__in=chunk)})
    for chunk in _chunks(phones):
        found.update({user.phone: user for user in User.objects.filter(phone__in=chunk)})
    return found


def _units(rows: list[_Row]) -> dict[str, Unit]:
    codes = sorted({row.unit_code for row in rows if row.unit_code})
    found: dict[str, Unit] = {}
    for chunk in _chunks(codes):
        found.update({unit.code: unit for unit in Unit.objects.filter(code__in=chunk)})
    return found


def officers_import(*, rows: Iterable[Mapping[str, object]], actor=None, source: str = ChangeSource.IMPORT,
                    note: str = "") -> OfficerImportReport:
    """Appoint the officers listed in ``rows``, creating the accounts that do not exist yet.

    ``actor`` is the person importing: each row must be an appointment they may make
    (``selectors.may_appoint``); ``actor=None`` stands for the system (the
    ``import_officers`` command without ``--as``). An account is matched by its phone
    number or e-mail; an existing one keeps its own name. An appointment that is already
    active counts as unchanged. Nothing is written unless every row is valid.
    """
    parsed: list[_Row] = []
    errors: list[OfficerRowError] = []
    for line, raw in enumerate(rows, start=2):
        row, own_errors = _parse(raw, line)
        if row is None:
            continue
        errors.extend(OfficerRowError(line, row.raw_identifier, str(message)) for message in own_errors)
        if not own_errors:
            parsed.append(row)

    users = _existing_users(parsed)
    units = _units(parsed)
    seen: dict[tuple[str, str, str], int] = {}
    names: dict[str, tuple[str, int]] = {}
    for row in parsed:
        errors.extend(
            OfficerRowError(row.line, row.raw_identifier, str(message))
            for message in _relation_errors(row, users, units, seen, names, actor)
        )
    if errors:
        return OfficerImportReport(errors=sorted(errors, key=lambda error: error.line))


    report = OfficerImportReport()
    with transaction.atomic():
        for row in parsed:
            unit = units[row.unit_code]
            user = users.get(row.key)
            if user is None:
                user = user_invite(email=row.email, phone=row.phone, full_name=row.full_name, unit=unit, actor=actor,
                                   detail=f"import {unit.code} {row.role}")
                users[row.key] = user
                report.accounts_created += 1
            _appointment, created = appointment_grant(actor=actor, user=user, unit=unit, role=row.role, source=source,
                                                      note=note)
            if created:
                report.appointed += 1
            else:
                report.unchanged += 1
    return report


def _relation_errors(row: _Row, users: dict, units: dict[str, Unit], seen: dict, names: dict, actor) -> list[str]:
    """Errors about the row against the database and the rows before it."""
    errors = []
    unit = units.get(row.unit_code)
    if unit is None:
        errors.append(_("Không tìm thấy đơn vị có mã %(code)s.") % {"code": row.unit_code})
    elif not unit.is_active:
        errors.append(_("Đơn vị %(code)s không còn hoạt động.") % {"code": row.unit_code})
    elif actor is not None and not selectors.may_appoint(actor, unit, row.role):
        errors.append(
            _("Bạn không được giao vai trò “%(role)s” tại %(unit)s (ngoài phạm vi đơn vị bạn quản lý).")
            % {"role": Role(row.role).label, "unit": unit.name}
        )
    user = users.get(row.key)
    if user is not None and (not user.is_active or user.is_closed):
        errors.append(_("Tài khoản %(identifier)s đang bị khóa.") % {"identifier": row.raw_identifier})
    if user is None:
        if not row.full_name:
            errors.append(_("Thiếu họ và tên (cần khi người này chưa có tài khoản)."))
        else:
            first = names.setdefault(row.key, (row.full_name, row.line))
            if first[0] != row.full_name:
                errors.append(
                    _("Họ và tên khác với dòng %(line)s cho cùng số điện thoại/e-mail.") % {"line": first[1]}
                )
    key = (row.key, row.unit_code, row.role)
    if key in seen:
        errors.append(_("Trùng với dòng %(line)s.") % {"line": seen[key]})
    else:
        seen[key] = row.line
    return errors
