"""The import of the programme and its phases (``phase,name,starts_on,ends_on,target``).

One row per phase (``phase-1``, ``phase-2``) and one row ``overall`` for the programme
itself, so that a new deployment needs no admin page before its first figures. Headers
may also be the template's Vietnamese ones (``HEADERS``); days are ``dd/mm/yyyy``,
``YYYY-MM-DD`` or a spreadsheet date cell; targets are whole numbers above zero, digits
or grouped as Vietnamese write them (300.000).

All or nothing: every row is checked (days real and ordered, each phase inside the
programme, phases not overlapping, codes once) and nothing is written when one is bad.
The portal runs one programme: the import updates the current one or creates it; the
same file twice changes nothing. A stored phase missing from the file is removed, unless
initiatives or unit targets belong to it (then the file is refused). When a phase's days
move, the initiatives submitted on the days concerned are given the phase their day now
falls in; the figures read the days themselves, so only the cached dashboards are rebuilt.

It lives in reports, the highest app it touches (campaign's calendar, submissions'
initiatives), beside the targets import.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from campaign.enums import PhaseCode
from campaign.models import Phase, Programme, UnitTarget
from campaign.selectors import current_programme
from initiatives_portal.formatting import format_count
from initiatives_portal.ooxml import RefusedCell
from initiatives_portal.tabular import ImportReport, TableError, iter_table
from initiatives_portal.text import nfc
from submissions.models import Initiative

from .dates import read_typed_day
from .imports import parse_count
from .selectors import figures_reference_changed

COLUMNS: tuple[str, ...] = ("phase", "name", "starts_on", "ends_on", "target")
# The template's Vietnamese headers, accepted as aliases of the column names.
HEADERS = {
    "phase": "Mã giai đoạn",
    "name": "Tên",
    "starts_on": "Từ ngày",
    "ends_on": "Đến hết ngày",
    "target": "Chỉ tiêu",
}
ALIASES = {label: column for column, label in HEADERS.items()}
PHASE_CODES = tuple(c.value for c in PhaseCode if c != PhaseCode.OVERALL)
NAME_LIMIT = 255


class ProgrammeImportError(Exception):
    """A file that cannot be read as a programme at all; ``message`` is shown to the user."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class ProgrammeRowError:
    """Why a row was refused. ``line`` counts the header as line 1; ``code`` is the row's phase code."""

    line: int
    code: str
    message: str


@dataclass
class ProgrammeImportReport(ImportReport):
    """What the import did (or would do): counts over the rows, phases removed, changes in words."""

    deleted: int = 0
    changes: list[str] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    code: str
    name: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    target: int | None


def read_programme_rows(source: str | Path | BinaryIO) -> list[dict[str, object]]:
    """Read a programme file (CSV or XLSX, English or the template's headers) into row dicts with their lines.

    Raises ``ProgrammeImportError`` when the file cannot be read as a table.
    """
    rows = []
    try:
        for line, row in iter_table(source, required=COLUMNS, aliases=ALIASES):
            for column, value in row.items():
                if isinstance(value, RefusedCell):
                    raise ProgrammeImportError(_column_message(line, column, value.message))
            rows.append({**row, "_line": line})
    except TableError as error:
        raise ProgrammeImportError(error.message) from error
    return rows


def _column_message(line: int, column: str, message: str) -> str:
    return _("Dòng %(line)s, cột “%(label)s” (%(column)s): %(message)s") % {
        "line": line, "label": HEADERS[column], "column": column, "message": message,
    }


def _text(value: object) -> str:
    return "" if value is None else nfc(str(value)).strip()


def _day(value: object) -> tuple[dt.date | None, str]:
    """A day from a cell: (day, "") or (None, why not); (None, "") when blank."""
    if isinstance(value, dt.datetime):
        return value.date(), ""
    if isinstance(value, dt.date):
        return value, ""
    text = _text(value)
    if not text:
        return None, ""
    day = read_typed_day(text) or _short_year_day(text)
    if day is None:
        return None, _("“%(value)s” không phải một ngày có thật dạng dd/mm/yyyy hoặc yyyy-mm-dd.") % {
            "value": text[:40]}
    return day, ""


# A date cell as LibreOffice Calc writes it in a CSV in the Vietnamese locale: dd/mm/yy, this century's year.
_SHORT_YEAR_DAY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{2})")


def _short_year_day(text: str) -> dt.date | None:
    match = _SHORT_YEAR_DAY.fullmatch(text)
    if match is None:
        return None
    day, month, year = (int(part) for part in match.groups())
    try:
        return dt.date(2000 + year, month, day)
    except ValueError:  # 31/02/22
        return None


def _clean_row(raw: Mapping[str, object], line: int) -> tuple[_Row | None, list[ProgrammeRowError]]:
    """The row with its cells read and its own errors, or (None, []) when every cell is blank."""
    if not any(_text(raw.get(column)) for column in COLUMNS):
        return None, []
    code = _text(raw.get("phase")).lower()
    problems: list[tuple[str, str]] = []
    if not code:
        problems.append(("phase", _("Thiếu mã giai đoạn (%(codes)s).") % {
            "codes": ", ".join((*PHASE_CODES, PhaseCode.OVERALL))}))
    elif code not in (*PHASE_CODES, PhaseCode.OVERALL):
        problems.append(("phase", _("Mã “%(code)s” không hợp lệ; chọn một trong: %(codes)s.") % {
            "code": code[:40], "codes": ", ".join((*PHASE_CODES, PhaseCode.OVERALL))}))
    name = _text(raw.get("name"))
    if not name:
        problems.append(("name", _("Thiếu tên.")))
    elif len(name) > NAME_LIMIT:
        problems.append(("name", _("Tên dài quá %(limit)s ký tự.") % {"limit": NAME_LIMIT}))
    days = {}
    for column in ("starts_on", "ends_on"):
        days[column], problem = _day(raw.get(column))
        if problem:
            problems.append((column, problem))
        elif days[column] is None:
            problems.append((column, _("Thiếu ngày.")))
    if days["starts_on"] and days["ends_on"] and days["ends_on"] < days["starts_on"]:
        problems.append(("ends_on", _("Ngày kết thúc %(end)s trước ngày bắt đầu %(start)s.") % {
            "end": f"{days['ends_on']:%d/%m/%Y}", "start": f"{days['starts_on']:%d/%m/%Y}"}))
    target, problem = parse_count(raw.get("target"), label=_("Chỉ tiêu"))
    if problem:
        problems.append(("target", problem))
    elif target is None:
        problems.append(("target", _("Thiếu chỉ tiêu.")))
    elif target == 0:
        problems.append(("target", _("Chỉ tiêu phải lớn hơn 0.")))
    row = _Row(line, code, name, days["starts_on"], days["ends_on"], target)
    return row, [ProgrammeRowError(line, code, _column_message(line, column, message))
                 for column, message in problems]


def _calendar_errors(programme: _Row | None, phases: list[_Row]) -> list[ProgrammeRowError]:
    """Each phase inside the programme, no two phases overlapping."""
    errors = []
    if programme is not None and programme.starts_on and programme.ends_on:
        for row in phases:
            if row.starts_on and row.ends_on and (row.starts_on < programme.starts_on
                                                   or row.ends_on > programme.ends_on):
                errors.append(ProgrammeRowError(row.line, row.code, _(
                    "Dòng %(line)s: giai đoạn %(code)s (%(start)s–%(end)s) phải nằm trong thời gian của chương trình "
                    "(%(p_start)s–%(p_end)s, dòng %(p_line)s)."
                ) % {"line": row.line, "code": row.code, "start": f"{row.starts_on:%d/%m/%Y}",
                     "end": f"{row.ends_on:%d/%m/%Y}", "p_start": f"{programme.starts_on:%d/%m/%Y}",
                     "p_end": f"{programme.ends_on:%d/%m/%Y}", "p_line": programme.line}))
    dated = sorted((row for row in phases if row.starts_on and row.ends_on), key=lambda row: row.starts_on)
    for before, after in zip(dated, dated[1:], strict=False):
        if after.starts_on <= before.ends_on:
            errors.append(ProgrammeRowError(after.line, after.code, _(
                "Dòng %(line)s: giai đoạn %(code)s bắt đầu %(start)s, trước khi giai đoạn %(other)s "
                "(dòng %(other_line)s) kết thúc %(end)s: các giai đoạn không được chồng lên nhau."
            ) % {"line": after.line, "code": after.code, "start": f"{after.starts_on:%d/%m/%Y}",
                 "other": before.code, "other_line": before.line, "end": f"{before.ends_on:%d/%m/%Y}"}))
    return errors


def programme_import(*, rows: Iterable[Mapping[str, object]], dry_run: bool = False) -> ProgrammeImportReport:
    """Create or update the programme and its phases from ``rows``; all or nothing.

    With ``dry_run`` everything is checked and counted, and nothing is kept. When any
    row is invalid, or a phase left out of the file still has initiatives or targets,
    the report lists every error and nothing is written.
    """
    errors: list[ProgrammeRowError] = []
    parsed: list[_Row] = []
    for index, raw in enumerate(rows, start=2):
        row, row_errors = _clean_row(raw, int(raw.get("_line", index)))
        errors.extend(row_errors)
        if row is not None:
            parsed.append(row)
    seen: dict[str, int] = {}
    for row in parsed:
        if not row.code:
            continue
        if row.code in seen:
            errors.append(ProgrammeRowError(row.line, row.code, _("Dòng %(line)s: mã %(code)s trùng với dòng %(other)s.")
                                            % {"line": row.line, "code": row.code, "other": seen[row.code]}))
        else:
            seen[row.code] = row.line
    overall = next((row for row in parsed if row.code == PhaseCode.OVERALL), None)
    phases = [row for row in parsed if row.code in PHASE_CODES and seen.get(row.code) == row.line]
    if overall is None:
        errors.append(ProgrammeRowError(0, PhaseCode.OVERALL, _(
            "Thiếu dòng “overall” cho cả chương trình (tên, thời gian và chỉ tiêu toàn chương trình).")))
    errors.extend(_calendar_errors(overall, phases))
    if errors:
        return ProgrammeImportReport(errors=sorted(errors, key=lambda error: error.line))
    with transaction.atomic():
        report = _write(overall, phases)
        if dry_run or not report.ok:
            transaction.set_rollback(True)
    if report.ok and not dry_run and (report.created or report.updated or report.deleted):
        figures_reference_changed()
    return report


def _write(overall: _Row, rows: list[_Row]) -> ProgrammeImportReport:
    report = ProgrammeImportReport()
    programme = current_programme()
    if programme is not None:
        programme = Programme.objects.select_for_update().get(pk=programme.pk)
    stored = {phase.code: phase for phase in Phase.objects.select_for_update().order_by("starts_on")}
    wanted = {row.code for row in rows}
    gone = [phase for code, phase in stored.items() if code not in wanted]
    for phase in gone:
        if Initiative.objects.filter(phase=phase).exists():
            report.errors.append(ProgrammeRowError(0, phase.code, _(
                "Giai đoạn %(code)s đã có sáng kiến nên không thể xóa: thêm lại dòng %(code)s vào tệp."
            ) % {"code": phase.code}))
        elif UnitTarget.objects.filter(phase=phase.code).exists():
            report.errors.append(ProgrammeRowError(0, phase.code, _(
                "Giai đoạn %(code)s đã có chỉ tiêu đơn vị nên không thể xóa: thêm lại dòng %(code)s vào tệp."
            ) % {"code": phase.code}))
    if report.errors:
        return report

    values = {"name": overall.name, "starts_on": overall.starts_on, "ends_on": overall.ends_on,
              "target": overall.target}
    if programme is None:
        programme = Programme.objects.create(**values)
        report.created += 1
        report.changes.append(_("Tạo chương trình “%(name)s”, %(start)s–%(end)s, chỉ tiêu %(target)s.") % {
            "name": overall.name, "start": f"{overall.starts_on:%d/%m/%Y}", "end": f"{overall.ends_on:%d/%m/%Y}",
            "target": format_count(overall.target)})
    elif _changed(programme, values, report.changes, _("Chương trình")):
        programme.save(update_fields=list(values))
        report.updated += 1
    else:
        report.unchanged += 1

    moved: list[tuple[dt.date, dt.date]] = []
    for phase in gone:
        report.changes.append(_("Xóa giai đoạn %(code)s “%(name)s”.") % {"code": phase.code, "name": phase.name})
        phase.delete()
        report.deleted += 1
    for row in rows:
        values = {"name": row.name, "starts_on": row.starts_on, "ends_on": row.ends_on, "target": row.target}
        phase = stored.get(row.code)
        if phase is None:
            Phase.objects.create(programme=programme, code=row.code, **values)
            report.created += 1
            moved.append((row.starts_on, row.ends_on))
            report.changes.append(_("Thêm giai đoạn %(code)s “%(name)s”, %(start)s–%(end)s, chỉ tiêu %(target)s.") % {
                "code": row.code, "name": row.name, "start": f"{row.starts_on:%d/%m/%Y}",
                "end": f"{row.ends_on:%d/%m/%Y}", "target": format_count(row.target)})
            continue
        old_days = (phase.starts_on, phase.ends_on)
        if _changed(phase, values, report.changes, row.code) or phase.programme_id != programme.pk:
            phase.programme = programme
            phase.save(update_fields=[*values, "programme"])
            report.updated += 1
            if old_days != (row.starts_on, row.ends_on):
                moved.extend([old_days, (row.starts_on, row.ends_on)])
        else:
            report.unchanged += 1
    if moved:
        _reassign_phases(moved)
    return report


def _changed(obj, values: dict, changes: list[str], label: str) -> bool:
    """Set ``values`` on ``obj``, noting each change as “label: field old → new”; True when any changed."""
    names = {"name": _("tên"), "starts_on": _("từ ngày"), "ends_on": _("đến hết ngày"), "target": _("chỉ tiêu")}
    changed = False
    for key, new in values.items():
        old = getattr(obj, key)
        if old == new:
            continue
        changed = True
        setattr(obj, key, new)
        shown = {
            dt.date: lambda day: f"{day:%d/%m/%Y}", int: format_count,
        }.get(type(new), str)
        changes.append(_("%(label)s, %(field)s: %(old)s → %(new)s") % {
            "label": label, "field": names[key], "old": shown(old), "new": shown(new)})
    return changed


def _reassign_phases(ranges: list[tuple[dt.date, dt.date]]) -> None:
    """Give the initiatives submitted on the days of ``ranges`` the phase those days now fall in."""
    window = functools.reduce(operator.or_, (Q(submitted_on__range=days) for days in ranges))
    inside = Q()
    for phase in Phase.objects.all():
        days = Q(submitted_on__range=(phase.starts_on, phase.ends_on))
        inside |= days
        Initiative.objects.filter(window & days).exclude(phase=phase).update(phase=phase)
    Initiative.objects.filter(window, phase__isnull=False).exclude(inside).update(phase=None)


def programme_template() -> bytes:
    """An XLSX to fill in: the Vietnamese headers, and on a sheet of its own the 2022 calendar as an example."""
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Chương trình")
    # The example sits on its own sheet, so a template uploaded as it is imports nothing by mistake.
    example = workbook.create_sheet(_("Ví dụ"))
    for target in (sheet, example):
        target.append([HEADERS[column] for column in COLUMNS])
        for cell in target[1]:
            cell.font = Font(bold=True, color="FFFFFF")
            cell.fill = PatternFill("solid", fgColor="0B3D91")
        for letter, width in zip("ABCDE", (16, 40, 14, 14, 14), strict=True):
            target.column_dimensions[letter].width = width
    for row in (
        (PhaseCode.OVERALL.value, _("1 triệu sáng kiến"), "08/01/2022", "01/09/2023", 1_000_000),
        (PhaseCode.PHASE_1.value, _("Giai đoạn 1"), "08/01/2022", "31/05/2022", 300_000),
        (PhaseCode.PHASE_2.value, _("Giai đoạn 2"), "01/06/2022", "01/09/2023", 700_000),
    ):
        example.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
