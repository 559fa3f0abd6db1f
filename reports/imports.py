"""The import of unit targets (``unit_code,phase,target`` and an optional ``self_set``).

``read_target_rows`` turns a CSV (UTF-8, with or without BOM) or XLSX file into row
dicts; ``targets_import`` checks every row and, only when all are valid, creates or
updates the ``UnitTarget`` rows in one transaction. Running the same file twice
changes nothing the second time.

``target`` is the assigned target (``UnitTarget.assigned``). When the file has no
``self_set`` column, existing self-set targets are left as they are; when it has one,
a blank cell means "no self-set target" and clears it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import BinaryIO

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from campaign.enums import PhaseCode, TargetChangeSource
from campaign.models import UnitTarget
from campaign.services import TargetValue, targets_locked, unit_targets_write
from initiatives_portal.formatting import format_count
from initiatives_portal.tabular import ImportReport, TableError, read_table
from initiatives_portal.text import nfc
from unions.models import Unit

REQUIRED_COLUMNS: tuple[str, ...] = ("unit_code", "phase", "target")
OPTIONAL_COLUMNS: tuple[str, ...] = ("self_set",)
# The Vietnamese headers of the cascade page's template, accepted as aliases of the column names.
HEADERS = {
    "unit_code": "Mã đơn vị",
    "phase": "Giai đoạn",
    "target": "Chỉ tiêu",
    "self_set": "Chỉ tiêu tự đặt",
}
ALIASES = {label: column for column, label in HEADERS.items()}
# Codes per ``IN (...)`` lookup: far below PostgreSQL's 65.535 parameters per statement.
LOOKUP_CHUNK_SIZE = 500
# The largest value a PositiveIntegerField holds on every supported database.
MAX_TARGET = 2_147_483_647

_PHASES = tuple(PhaseCode.values)
# Digits, optionally grouped by thousands with "." or a space as Vietnamese writes them (52.000).
_GROUPED = re.compile(r"^\d{1,3}(?:[. \u00a0]\d{3})+$")


class TargetImportError(Exception):
    """A file that cannot be read as a target list at all; ``message`` is shown to the user."""

    def __init__(self, message: str) -> None:
        """Keep ``message`` (possibly lazy) for the command or view to show."""
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class TargetRowError:
    """Why one row was refused. ``line`` counts the header as line 1, as a spreadsheet does."""

    line: int
    unit_code: str
    message: str


@dataclass
class TargetImportReport(ImportReport):
    """What the import did; ``errors`` holds ``TargetRowError`` rows."""

    errors: list[TargetRowError] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    unit_code: str
    phase: str
    assigned: int | None
    self_set: int | None
    has_self_set: bool  # the file has a self_set column (a blank cell then clears it)


# --- reading files ------------------------------------------------------------------------------


def read_target_rows(source: str | Path | BinaryIO) -> list[dict[str, object]]:
    """Read a target list from a CSV or XLSX file into row dicts keyed by column name.

    Each dict has the three required columns, and ``self_set`` only when the file has
    that column. The columns may also carry the template's Vietnamese headers (``HEADERS``).
    Raises ``TargetImportError`` when the file cannot be read as a table.
    """
    try:
        return read_table(source, required=REQUIRED_COLUMNS, optional=OPTIONAL_COLUMNS, aliases=ALIASES)
    except TableError as error:
        raise TargetImportError(error.message) from error


def _text(value: object) -> str:
    """A cell as stripped NFC text ("" when empty)."""
    return "" if value is None else nfc(str(value))


# --- checking and applying ----------------------------------------------------------------------


def targets_import(
    *, rows: Iterable[Mapping[str, object]], by=None, source: str = TargetChangeSource.FILE, reason: str = "",
    self_set_column: bool = True,
) -> TargetImportReport:
    """Create or update unit targets from ``rows`` (keys ``unit_code``, ``phase``, ``target``, ``self_set``).

    Each row is the target of one unit for one phase code (``phase-1``, ``phase-2`` or
    ``overall``); ``target`` is the assigned target, ``self_set`` the unit's own higher
    one (optional). Rows are matched to existing targets by unit and phase. Entirely
    blank rows are skipped. When any row is invalid (unknown unit, bad phase, target
    not a whole number or negative, self-set target below the assigned one, the same
    unit and phase twice) nothing is written and the report lists every error with its
    line; otherwise everything is applied in one transaction, through the targets'
    writer (``campaign.services.unit_targets_write``), which records each change with
    ``by``, ``source`` (``file`` from the web, ``command`` from ``import_targets``) and
    ``reason``. Without ``self_set_column`` (the cascade page, where a parent assigns and
    the child's own self-set target is not theirs to change) a ``self_set`` column is
    ignored and a stored self-set target is always kept.
    """
    parsed: list[_Row] = []
    errors: list[TargetRowError] = []
    for line, raw in enumerate(rows, start=2):
        if not self_set_column:
            raw = {key: value for key, value in raw.items() if key != "self_set"}
        row, row_errors = _clean_row(raw, line)
        errors.extend(row_errors)
        if row is not None:
            parsed.append(row)
    units = _units_by_code([row.unit_code for row in parsed if row.unit_code])
    seen: dict[tuple[str, str], int] = {}
    for row in parsed:
        if row.unit_code and row.unit_code not in units:
            errors.append(_error(row, _("Không tìm thấy đơn vị có mã %(code)s.") % {"code": row.unit_code}))
        if row.unit_code and row.phase in _PHASES:
            key = (row.unit_code, row.phase)
            if key in seen:
                errors.append(
                    _error(
                        row,
                        _("Chỉ tiêu của đơn vị %(code)s cho “%(phase)s” trùng với dòng %(line)s.")
                        % {"code": row.unit_code, "phase": row.phase, "line": seen[key]},
                    )
                )
            else:
                seen[key] = row.line
    if errors:
        return TargetImportReport(errors=sorted(errors, key=lambda error: error.line))

    with transaction.atomic():
        existing = _existing_targets([units[row.unit_code].pk for row in parsed])
        errors = [
            error
            for row in parsed
            if (error := _kept_self_set_error(row, existing.get((units[row.unit_code].pk, row.phase)),
                                              self_set_column=self_set_column)) is not None
        ]
        if errors:
            return TargetImportReport(errors=errors)
        return _apply(parsed, units, by=by, source=source, reason=reason)


def _error(row: _Row, message: str) -> TargetRowError:
    return TargetRowError(row.line, row.unit_code, str(message))


def _clean_row(raw: Mapping[str, object], line: int) -> tuple[_Row | None, list[TargetRowError]]:
    """The row with its cells parsed and its own errors, or (None, []) when every cell is blank."""
    unit_code = _text(raw.get("unit_code"))
    phase = _text(raw.get("phase")).lower()
    target_cell = raw.get("target")
    self_set_cell = raw.get("self_set")
    if not (unit_code or phase or _text(target_cell) or _text(self_set_cell)):
        return None, []
    messages: list[str] = []
    if not unit_code:
        messages.append(_("Thiếu mã đơn vị."))
    if not phase:
        messages.append(_("Thiếu giai đoạn (phase-1, phase-2 hoặc overall)."))
    elif phase not in _PHASES:
        messages.append(
            _("Giai đoạn “%(phase)s” không hợp lệ; chọn một trong: %(phases)s.")
            % {"phase": phase, "phases": ", ".join(_PHASES)}
        )
    assigned, problem = parse_count(target_cell, label=_("Chỉ tiêu"))
    if problem:
        messages.append(problem)
    elif assigned is None:
        messages.append(_("Thiếu chỉ tiêu."))
    self_set, problem = parse_count(self_set_cell, label=_("Chỉ tiêu tự đặt"))
    if problem:
        messages.append(problem)
    elif self_set is not None and assigned is not None and self_set < assigned:
        messages.append(
            _("Chỉ tiêu tự đặt (%(self_set)s) không được thấp hơn chỉ tiêu được giao (%(assigned)s).")
            % {"self_set": format_count(self_set), "assigned": format_count(assigned)}
        )
    row = _Row(line, unit_code, phase, assigned, self_set, has_self_set="self_set" in raw)
    return row, [_error(row, message) for message in messages]


def parse_count(value: object, *, label: str) -> tuple[int | None, str]:
    """A whole, non-negative number from a cell: (value, "") or (None, why not); (None, "") when blank.

    Accepts integers, integral floats (as spreadsheets store numbers) and digits,
    grouped by thousands with dots or spaces (52.000) or not.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, ""
    shown = _text(value)
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float | Decimal):
        number = int(value) if value == int(value) else None
    else:
        cleaned = shown.replace("\u00a0", " ")
        if _GROUPED.match(cleaned):
            cleaned = re.sub(r"[. ]", "", cleaned)
        try:
            decimal = Decimal(cleaned)
        except InvalidOperation:
            decimal = None
        number = int(decimal) if decimal is not None and decimal.is_finite() and decimal == int(decimal) else None
    if number is None:
        return None, str(_("%(label)s “%(value)s” phải là một số nguyên.") % {"label": label, "value": shown})
    if number < 0:
        return None, str(_("%(label)s “%(value)s” không được là số âm.") % {"label": label, "value": shown})
    if number > MAX_TARGET:
        return None, str(
            _("%(label)s “%(value)s” quá lớn (tối đa %(max)s).")
            % {"label": label, "value": shown, "max": format_count(MAX_TARGET)}
        )
    return number, ""


def _chunks(items: Sequence, size: int = LOOKUP_CHUNK_SIZE) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _units_by_code(codes: Iterable[str]) -> dict[str, Unit]:
    """The units among ``codes``, by code (one query per chunk of codes)."""
    wanted = sorted(set(codes))
    found: dict[str, Unit] = {}
    for chunk in _chunks(wanted):
        for unit in Unit.objects.filter(code__in=chunk).only("id", "code"):
            found[unit.code] = unit
    return found


def _existing_targets(unit_ids: Iterable[int]) -> dict[tuple[int, str], UnitTarget]:
    """The stored targets of ``unit_ids``, locked until the import commits, by (unit id, phase)."""
    return targets_locked(unit_ids)


def above_self_set_message(assigned: int, self_set: int) -> str:
    """Why an assigned target cannot go above the unit's own self-set one (the self-set one is the unit's to raise)."""
    return str(
        _("Chỉ tiêu được giao (%(assigned)s) không được cao hơn chỉ tiêu tự đặt của đơn vị (%(self_set)s).")
        % {"assigned": format_count(assigned), "self_set": format_count(self_set)}
    )


def _kept_self_set_error(row: _Row, target: UnitTarget | None, *, self_set_column: bool) -> TargetRowError | None:
    """A file without ``self_set`` keeps the stored one, which must not fall below the new assigned target."""
    if row.has_self_set or target is None or target.self_set is None or row.assigned is None:
        return None
    if target.self_set >= row.assigned:
        return None
    if not self_set_column:
        return _error(row, above_self_set_message(row.assigned, target.self_set))
    return _error(
        row,
        _(
            "Chỉ tiêu tự đặt hiện có (%(self_set)s) thấp hơn chỉ tiêu được giao mới (%(assigned)s): "
            "thêm cột self_set với chỉ tiêu tự đặt mới."
        )
        % {"self_set": format_count(target.self_set), "assigned": format_count(row.assigned)},
    )


def _apply(rows: list[_Row], units: dict[str, Unit], *, by, source: str, reason: str) -> TargetImportReport:
    """Write the new and changed targets through the targets' writer; count what was created, updated and left alone."""
    values = [
        TargetValue(units[row.unit_code].pk, row.phase, row.assigned, row.self_set, keep_self_set=not row.has_self_set)
        for row in rows
    ]
    result = unit_targets_write(values=values, by=by, source=source, reason=reason)
    return TargetImportReport(created=result.created, updated=result.updated, unchanged=result.unchanged)
