"""Writes to the unit tree: the idempotent import of units (``code,name,parent_code,kind``).

New units are inserted in bulk with their materialized paths computed here, the way
treebeard's ``add_child`` would compute them one by one, so that a whole national tree
(over 126.000 units) loads in seconds. Existing units (matched by ``code``) get their
name and kind updated; nothing is written unless every row is valid.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext_lazy as _

from initiatives_portal.formatting import format_count
from initiatives_portal.tabular import ImportReport, TableError, read_table
from initiatives_portal.text import fold, nfc, sort_key

from .enums import UnitKind
from .models import Unit, unit_code_validator
from .signals import tree_changed

UNIT_COLUMNS: tuple[str, ...] = ("code", "name", "parent_code", "kind")
BULK_BATCH_SIZE = 2000
# Codes or paths per ``IN (...)`` lookup: far below PostgreSQL's 65.535 parameters per statement.
LOOKUP_CHUNK_SIZE = 500

_STEPLEN = Unit.steplen
_MAX_STEP = len(Unit.alphabet) ** _STEPLEN - 1
_NAME_MAX_LENGTH = Unit._meta.get_field("name").max_length
_KINDS = frozenset(UnitKind.values)


class UnitImportError(Exception):
    """A source that cannot be read as a unit list at all; ``message`` is shown to the user."""

    def __init__(self, message: str) -> None:
        """Keep ``message`` (possibly lazy) for the view or command to show."""
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class UnitRowError:
    """Why one row was refused. ``line`` counts the header as line 1, as a spreadsheet does."""

    line: int
    code: str
    message: str


@dataclass
class UnitImportReport(ImportReport):
    """What the import did; ``errors`` holds ``UnitRowError`` rows."""

    errors: list[UnitRowError] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    code: str
    name: str
    parent_code: str
    kind: str


@dataclass
class _NewUnit:
    row: _Row
    path: str = ""
    depth: int = 0
    numchild: int = 0


def read_units_file(source: str | Path | BinaryIO) -> list[dict[str, str]]:
    """Read a unit list (CSV, UTF-8 with or without BOM, or XLSX with the same headers) into row dicts.

    Every row dict has the four unit columns as text, blank cells as ``""``. Raises
    ``UnitImportError`` when the file cannot be read as a table or lacks a column.
    """
    try:
        rows = read_table(source, required=UNIT_COLUMNS)
    except TableError as error:
        raise UnitImportError(error.message) from error
    return [{column: "" if value is None else str(value) for column, value in row.items()} for row in rows]


def units_import(*, rows: Iterable[Mapping[str, object]]) -> UnitImportReport:
    """Create or update units from ``rows`` (keys ``code``, ``name``, ``parent_code``, ``kind``).

    Rows may come in any order: a unit may be listed before its parent. Units are
    matched by ``code``; a new one is placed under its parent (in the file or already
    in the database), an existing one gets its name and kind updated. Moving an
    existing unit to another parent is refused. Rows that are entirely blank are
    skipped. When any row is invalid (bad code, missing name, unknown kind, unknown
    parent, cycle, duplicate code, parent change) nothing is written and the report
    lists every error; otherwise everything is applied in one transaction.
    """
    parsed = [_clean_row(raw, line) for line, raw in enumerate(rows, start=2)]
    parsed = [row for row in parsed if row is not None]
    errors: list[UnitRowError] = []
    by_code = _index_rows(parsed, errors)
    with transaction.atomic():
        existing = _existing_units(list(by_code) + [row.parent_code for row in parsed if row.parent_code])
        current_parent = _parent_codes(existing.values())
        for row in parsed:
            errors.extend(_relation_errors(row, by_code, existing, current_parent))
        new_rows = {code: row for code, row in by_code.items() if code not in existing}
        errors.extend(_cycle_errors(new_rows))
        if errors:
            return UnitImportReport(errors=sorted(errors, key=lambda error: error.line))

        planned, path_errors = _plan_paths(new_rows, existing)
        if path_errors:
            return UnitImportReport(errors=path_errors)
        changed = _apply_updates(by_code, existing)
        _insert_units(planned)
        _add_children_counts(planned, existing)
    if planned or changed:
        # Written in bulk (no model signals): cached dashboards show names and children.
        tree_changed.send(sender=Unit, subtrees_moved=False)
    return UnitImportReport(
        created=len(planned), updated=len(changed), unchanged=len(by_code) - len(planned) - len(changed)
    )


def _cell(raw: Mapping[str, object], key: str) -> str:
    """One cell as stripped NFC text ("" when absent or empty)."""
    value = raw.get(key)
    return "" if value is None else nfc(str(value))


def _clean_row(raw: Mapping[str, object], line: int) -> _Row | None:
    """The row with its cells normalised, or None when every cell is blank."""
    row = _Row(
        line=line,
        code=_cell(raw, "code"),
        name=_cell(raw, "name"),
        parent_code=_cell(raw, "parent_code"),
        kind=_cell(raw, "kind").lower(),
    )
    if not (row.code or row.name or row.parent_code or row.kind):
        return None
    return row


def _index_rows(rows: list[_Row], errors: list[UnitRowError]) -> dict[str, _Row]:
    """Check each row on its own and index the rows by code; duplicates are errors."""
    by_code: dict[str, _Row] = {}
    for row in rows:
        for message in _own_errors(row):
            errors.append(UnitRowError(row.line, row.code, str(message)))
        if not row.code:
            continue
        if row.code in by_code:
            message = _("Mã đơn vị %(code)s trùng với dòng %(line)s.") % {
                "code": row.code,
                "line": by_code[row.code].line,
            }
            errors.append(UnitRowError(row.line, row.code, message))
        else:
            by_code[row.code] = row
    return by_code


def _own_errors(row: _Row) -> Iterator[str]:
    """Errors visible from the row alone: code, name, kind and whether it needs a parent."""
    if not row.code:
        yield _("Thiếu mã đơn vị.")
    else:
        try:
            unit_code_validator(row.code)
        except ValidationError:
            yield _(
                "Mã đơn vị “%(code)s” không hợp lệ: chỉ gồm chữ không dấu, số, dấu gạch ngang, gạch dưới "
                "hoặc dấu chấm, bắt đầu bằng chữ hoặc số, tối đa 40 ký tự."
            ) % {"code": row.code}
    if not row.name:
        yield _("Thiếu tên đơn vị.")
    elif len(row.name) > _NAME_MAX_LENGTH:
        yield _("Tên đơn vị dài quá %(max)s ký tự.") % {"max": format_count(_NAME_MAX_LENGTH)}
    if row.kind not in _KINDS:
        yield _("Cấp đơn vị “%(kind)s” không hợp lệ; chọn một trong: %(kinds)s.") % {
            "kind": row.kind,
            "kinds": ", ".join(UnitKind.values),
        }
    elif row.kind == UnitKind.FEDERATION and row.parent_code:
        yield _("Tổng Liên đoàn (cấp federation) không trực thuộc đơn vị nào: để trống mã đơn vị cấp trên.")
    elif row.kind != UnitKind.FEDERATION and not row.parent_code:
        yield _("Thiếu mã đơn vị cấp trên (chỉ Tổng Liên đoàn không có đơn vị cấp trên).")
    if row.code and row.parent_code == row.code:
        yield _("Đơn vị không thể trực thuộc chính nó.")


def _chunks(items: Sequence, size: int = LOOKUP_CHUNK_SIZE) -> Iterator[Sequence]:
    """``items`` in consecutive slices of at most ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _existing_units(codes: Iterable[str]) -> dict[str, Unit]:
    """The units already in the database among ``codes``, by code."""
    wanted = sorted(set(codes))
    found: dict[str, Unit] = {}
    for chunk in _chunks(wanted):
        for unit in Unit.objects.filter(code__in=chunk).only("id", "code", "name", "kind", "path", "depth", "numchild"):
            found[unit.code] = unit
    return found


def _parent_codes(units: Iterable[Unit]) -> dict[str, str]:
    """The code of each unit's current parent ("" for a root), by the unit's code."""
    units = list(units)
    parent_paths = sorted({unit.path[:-_STEPLEN] for unit in units if unit.depth > 1})
    code_by_path: dict[str, str] = {}
    for chunk in _chunks(parent_paths):
        code_by_path.update(Unit.objects.filter(path__in=chunk).values_list("path", "code"))
    return {unit.code: code_by_path.get(unit.path[:-_STEPLEN], "") if unit.depth > 1 else "" for unit in units}


def _relation_errors(
    row: _Row, by_code: dict[str, _Row], existing: dict[str, Unit], current_parent: dict[str, str]
) -> Iterator[UnitRowError]:
    """Errors about the row's place in the tree: unknown parent, move, grassroots parent."""

    def error(message: str) -> UnitRowError:
        """An error on this row."""
        return UnitRowError(row.line, row.code, message)

    unit = existing.get(row.code)
    if unit is not None and by_code.get(row.code) is row:
        was = current_parent[row.code]
        if row.parent_code != was:
            yield error(
                _(
                    "Đơn vị %(code)s đang trực thuộc “%(was)s”; chưa hỗ trợ chuyển sang đơn vị cấp trên "
                    "“%(new)s” khi nhập tệp."
                )
                % {"code": row.code, "was": was or "—", "new": row.parent_code or "—"}
            )
        if row.kind == UnitKind.GRASSROOTS and unit.kind != UnitKind.GRASSROOTS and unit.numchild:
            yield error(
                _("Đơn vị %(code)s đang có đơn vị trực thuộc nên không thể chuyển thành công đoàn cơ sở.")
                % {"code": row.code}
            )
    if not row.parent_code or row.parent_code == row.code:
        return
    if row.parent_code in by_code:
        parent_kind = by_code[row.parent_code].kind
    elif row.parent_code in existing:
        parent_kind = existing[row.parent_code].kind
    else:
        yield error(
            _("Không tìm thấy đơn vị cấp trên có mã %(parent)s (trong tệp hoặc trong hệ thống).")
            % {"parent": row.parent_code}
        )
        return
    if parent_kind == UnitKind.GRASSROOTS:
        yield error(
            _("Đơn vị cấp trên %(parent)s là công đoàn cơ sở nên không thể có đơn vị trực thuộc.")
            % {"parent": row.parent_code}
        )


def _cycle_errors(new_rows: dict[str, _Row]) -> list[UnitRowError]:
    """One error per row lying on a cycle of parent codes among the new rows."""
    visiting, done = 1, 2
    state: dict[str, int] = {}
    errors = []
    for start in new_rows:
        chain: list[str] = []
        code = start
        while code in new_rows and code not in state:
            state[code] = visiting
            chain.append(code)
            code = new_rows[code].parent_code
        # Self-parents are reported by ``_own_errors`` already.
        if code in new_rows and state.get(code) == visiting and new_rows[code].parent_code != code:
            cycle = chain[chain.index(code) :]
            shown = " → ".join([*cycle, code])
            for member in cycle:
                message = _("Mã đơn vị cấp trên tạo thành vòng lặp: %(cycle)s.") % {"cycle": shown}
                errors.append(UnitRowError(new_rows[member].line, member, message))
        for member in chain:
            state[member] = done
    return errors


def _plan_paths(new_rows: dict[str, _Row], existing: dict[str, Unit]) -> tuple[list[_NewUnit], list[UnitRowError]]:
    """Give every new unit its path, depth and child count, parents before children.

    Children are appended after the existing children of their parent, numbered as
    treebeard numbers them (step 1, 2, … in base 36, four characters per level).
    """
    children: dict[str, list[str]] = defaultdict(list)
    roots: list[str] = []
    for code, row in new_rows.items():
        if row.parent_code:
            children[row.parent_code].append(code)
        else:
            roots.append(code)

    planned: dict[str, _NewUnit] = {code: _NewUnit(row) for code, row in new_rows.items()}
    errors: list[UnitRowError] = []
    order: list[str] = []

    def place(codes: list[str], parent_path: str, depth: int, first_step: int) -> None:
        """Number ``codes`` as children of ``parent_path`` from ``first_step`` on."""
        for offset, code in enumerate(codes):
            step = first_step + offset
            if step > _MAX_STEP:
                message = _("Đơn vị cấp trên đã có quá nhiều đơn vị trực thuộc (tối đa %(max)s).") % {"max": format_count(_MAX_STEP)}
                errors.append(UnitRowError(new_rows[code].line, code, message))
                continue
            unit = planned[code]
            unit.depth = depth
            unit.path = Unit._get_path(parent_path, depth, step)
            unit.numchild = len(children.get(code, ()))
            order.append(code)

    place(roots, "", 1, _next_step(None))
    for parent_code in [code for code in children if code in existing]:
        parent = existing[parent_code]
        place(children[parent_code], parent.path, parent.depth + 1, _next_step(parent))
    # Breadth-first over the new units: each is placed before its own children.
    index = 0
    while index < len(order):
        parent = planned[order[index]]
        index += 1
        if parent.row.code in children:
            place(children[parent.row.code], parent.path, parent.depth + 1, 1)
    return [planned[code] for code in order], errors


def _next_step(parent: Unit | None) -> int:
    """The step number after the last existing child of ``parent`` (of the roots when None)."""
    if parent is None:
        last = Unit.objects.filter(depth=1).aggregate(last=Max("path"))["last"]
    else:
        low = parent.path + Unit.alphabet[0] * _STEPLEN
        high = parent.path + Unit.alphabet[-1] * _STEPLEN
        last = (
            Unit.objects.filter(path__gte=low, path__lte=high, depth=parent.depth + 1)
            .order_by("-path")
            .values_list("path", flat=True)
            .first()
        )
    return Unit._str2int(last[-_STEPLEN:]) + 1 if last else 1


def _apply_updates(by_code: dict[str, _Row], existing: dict[str, Unit]) -> list[Unit]:
    """Write the new name and kind of existing units that changed; return those units."""
    changed = []
    for code, unit in existing.items():
        row = by_code.get(code)
        if row is None or (unit.name == row.name and unit.kind == row.kind):
            continue
        unit.name = row.name
        unit.kind = row.kind
        unit.search_name = fold(f"{row.name} {row.code}")
        unit.sort_name = sort_key(row.name)
        changed.append(unit)
    Unit.objects.bulk_update(changed, ["name", "kind", "search_name", "sort_name"], batch_size=BULK_BATCH_SIZE)
    return changed


def _insert_units(planned: list[_NewUnit]) -> None:
    """Insert the new units in bulk (``Unit.save`` is bypassed, so ``search_name`` and ``sort_name`` are set here)."""
    objects = [
        Unit(
            path=item.path,
            depth=item.depth,
            numchild=item.numchild,
            code=item.row.code,
            name=item.row.name,
            kind=item.row.kind,
            search_name=fold(f"{item.row.name} {item.row.code}"),
            sort_name=sort_key(item.row.name),
            is_active=True,
        )
        for item in planned
    ]
    Unit.objects.bulk_create(objects, batch_size=BULK_BATCH_SIZE)


def _add_children_counts(planned: list[_NewUnit], existing: dict[str, Unit]) -> None:
    """Add the new children to the ``numchild`` of existing parents."""
    added = Counter(item.row.parent_code for item in planned if item.row.parent_code in existing)
    for parent_code, count in sorted(added.items()):
        Unit.objects.filter(pk=existing[parent_code].pk).update(numchild=F("numchild") + count)
