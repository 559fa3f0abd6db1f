"""Targets down the tree: a unit hands its target for a phase down to its direct children.

Reads (the parent's own target, the children's targets, their sum, what each child has
received so far from the aggregates, the history) and writes (a page of typed targets,
an uploaded file of the children's targets) for ``/reports/units/<code>/targets/``.
It lives in reports because the page reads the aggregate tables; every write goes
through the targets' writer, ``campaign.services.unit_targets_write``.

Rules (README, "Targets down the tree"):
- the children's targets may add up to more than the parent's own (provinces often hand
  down more than they received, to be safe): allowed, and the page says by how much;
- a child's target may be below what it has already received: allowed, and flagged;
- a target may not go above the child's own self-set target (the self-set one is the
  child's to raise), nor be cleared once given (0 is a target);
- the page and its upload change only the direct children's assigned targets, never
  their self-set ones nor the parent's own.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _

from campaign.enums import PhaseCode, TargetChangeSource
from campaign.models import Programme, UnitTarget, UnitTargetChange
from campaign.selectors import phase_for_date
from campaign.services import TargetValue, targets_locked, unit_targets_write
from initiatives_portal.formatting import format_count
from initiatives_portal.tabular import store_text
from unions.models import Unit
from unions.selectors import child_units, subtree_q

from .imports import HEADERS, TargetImportReport, TargetRowError, above_self_set_message, targets_import
from .selectors import Period, current_set, local_today, periods, targets_of, totals_of_units_at

# Rows of the editing table per page: a province's few dozen children fit on one; an
# upper-level union with hundreds of grassroots unions pages (each row posts two fields,
# far below DATA_UPLOAD_MAX_NUMBER_FIELDS), and its file upload takes them all at once.
CHILDREN_PER_PAGE = 100
HISTORY_PAGE_SIZE = 20


@dataclass(frozen=True)
class PhaseChoice:
    code: str
    label: str
    period: Period | None  # its days, when a programme is set up


def phase_choices(programme: Programme | None) -> list[PhaseChoice]:
    """The phases a target can be given for: the programme's phases and ``overall``
    (every phase code, without days, before a programme exists)."""
    if programme is None:
        return [PhaseChoice(c.value, str(c.label), None) for c in PhaseCode]
    return [PhaseChoice(p.code, p.name, p) for p in periods(programme)]


def default_phase(choices: list[PhaseChoice]) -> PhaseChoice:
    """The phase under way today, else the whole programme."""
    today = phase_for_date(local_today())
    by_code = {c.code: c for c in choices}
    if today is not None and today.code in by_code:
        return by_code[today.code]
    return by_code.get(PhaseCode.OVERALL, choices[-1])


@dataclass
class CascadeRow:
    """One child: its stored target for the phase (None: none yet) and what it received in the phase."""

    pk: int
    code: str
    name: str
    assigned: int | None
    self_set: int | None
    received: int | None  # None before the first recompute

    @property
    def below_received(self) -> bool:
        """The target is below what the child has already received (allowed; the page flags it)."""
        return self.assigned is not None and self.received is not None and self.assigned < self.received


@dataclass
class Cascade:
    """What the page shows for ``unit`` and ``phase``."""

    unit: Unit
    phase: PhaseChoice
    own_assigned: int | None
    own_self_set: int | None
    children_count: int
    children_total: int  # the sum of every child's assigned target for the phase (all pages)
    children_with_target: int
    page: Page
    rows: list[CascadeRow] = field(default_factory=list)
    received_as_of: dt.date | None = None

    @property
    def children_without_target(self) -> int:
        return self.children_count - self.children_with_target

    @property
    def left(self) -> int | None:
        """What is left to hand down (negative: handed down more than the unit's own target)."""
        return None if self.own_assigned is None else self.own_assigned - self.children_total

    @property
    def over(self) -> int:
        """How much more than the unit's own target the children were given (0 when not more)."""
        return max(0, -(self.left or 0))


def child_target_cascade(unit: Unit, phase: PhaseChoice, programme: Programme | None, *, page: int | str = 1) -> Cascade:
    """The unit's own target for ``phase``, its children's (one page of rows, the sum over all)
    and each child's received count within the phase up to today, read from the aggregates.

    A fixed number of queries whatever the number of children: the children's page, their
    targets, one sum, and the aggregates of the page's children.
    """
    if programme is not None:
        own = targets_of(unit, programme).get(phase.code)
    else:
        own = UnitTarget.objects.filter(unit=unit, phase=phase.code).first()
    children = child_units(unit)
    paginator = Paginator(children.only("pk", "code", "name", "sort_name"), CHILDREN_PER_PAGE)
    current = paginator.get_page(page)
    sums = UnitTarget.objects.filter(unit__in=children.values("pk"), phase=phase.code).aggregate(
        total=Sum("assigned"), given=Count("pk")
    )
    units = list(current.object_list)
    stored = {t.unit_id: t for t in UnitTarget.objects.filter(unit__in=[u.pk for u in units], phase=phase.code)}
    received, as_of = _received_in_phase([u.pk for u in units], phase)
    rows = [
        CascadeRow(
            pk=u.pk, code=u.code, name=u.name,
            assigned=stored[u.pk].assigned if u.pk in stored else None,
            self_set=stored[u.pk].self_set if u.pk in stored else None,
            received=received.get(u.pk) if received is not None else None,
        )
        for u in units
    ]
    return Cascade(
        unit=unit, phase=phase,
        own_assigned=own.assigned if own is not None else None,
        own_self_set=own.self_set if own is not None else None,
        children_count=paginator.count, children_total=sums["total"] or 0, children_with_target=sums["given"],
        page=current, rows=rows, received_as_of=as_of,
    )


def _received_in_phase(unit_ids: list[int], phase: PhaseChoice) -> tuple[dict[int, int] | None, dt.date | None]:
    """Received within the phase up to today per unit (aggregates only), and that day; (None, None)
    before the first recompute or without a programme."""
    if not unit_ids or phase.period is None or current_set() is None:
        return None, None
    today = local_today()
    period = phase.period
    if today < period.starts_on:
        return dict.fromkeys(unit_ids, 0), today
    end, before = min(today, period.ends_on), period.starts_on - dt.timedelta(days=1)
    at = totals_of_units_at(unit_ids, {end, before}, ("received",))
    return {pk: at[end][pk]["received"] - at[before][pk]["received"] for pk in unit_ids}, end


# --- writing ------------------------------------------------------------------------------------


def child_targets_save(
    *, unit: Unit, phase: str, typed: dict[int, int], shown: dict[int, int | None], by, reason: str = ""
) -> tuple[int, dict[int, str]]:
    """Give ``unit``'s children the targets ``typed`` (child id → target) for ``phase``, in one transaction.

    ``shown`` is each child's target as the page showed it: a row whose stored target
    changed since (someone else saved meanwhile) and whose typed value differs from it is
    refused, as is one above the child's self-set target or a child that is not a direct
    child of ``unit``. Returns (changes written, errors by child id); with any error
    nothing is written. Each change is recorded (source ``web``, ``by``, ``reason``).
    """
    errors: dict[int, str] = {}
    with transaction.atomic():
        children = set(child_units(unit).filter(pk__in=list(typed)).values_list("pk", flat=True))
        stored = targets_locked(typed)
        values = []
        for pk, target in typed.items():
            if pk not in children:
                errors[pk] = _("Đơn vị này không còn trực thuộc %(unit)s.") % {"unit": unit.name}
                continue
            current = stored.get((pk, phase))
            now = current.assigned if current is not None else None
            if target == now:
                continue
            if now != shown.get(pk):
                errors[pk] = (
                    _("Chỉ tiêu vừa được người khác đổi thành %(now)s trong lúc bạn sửa; xem lại rồi lưu lại.")
                    % {"now": format_count(now) if now is not None else _("chưa giao")}
                )
            elif current is not None and current.self_set is not None and target > current.self_set:
                errors[pk] = above_self_set_message(target, current.self_set)
            else:
                values.append(TargetValue(pk, phase, target))
        if errors:
            return 0, errors
        result = unit_targets_write(values=values, by=by, source=TargetChangeSource.WEB, reason=reason)
    return len(result.changes), {}


def child_targets_upload(*, unit: Unit, rows: list[dict[str, object]], by, reason: str = "") -> TargetImportReport:
    """Import a file of targets for ``unit``'s direct children only (all or nothing, source ``file``).

    A row naming any other unit (the unit itself, a grandchild, another province) is
    refused with its line, and then nothing is written; the rows are otherwise checked
    and written as the targets import does, a ``self_set`` column ignored.
    """
    children = set(child_units(unit).values_list("code", flat=True))
    foreign = []
    for line, row in enumerate(rows, start=2):
        code = str(row.get("unit_code") or "").strip()
        if code and code not in children:
            foreign.append(TargetRowError(line, code, _(
                "Đơn vị %(code)s không phải đơn vị trực thuộc %(unit)s: trang này chỉ giao chỉ tiêu cho các đơn vị "
                "trực thuộc trực tiếp."
            ) % {"code": code, "unit": unit.name}))
    if foreign:
        return TargetImportReport(errors=foreign)
    return targets_import(rows=rows, by=by, source=TargetChangeSource.FILE, reason=reason, self_set_column=False)


# --- the template -------------------------------------------------------------------------------


def child_targets_template(unit: Unit, phase: str) -> bytes:
    """An XLSX of ``unit``'s direct children for ``phase``: code, name, phase and current target, to edit and upload.

    The headers are the targets import's Vietnamese ones (the name column is ignored on
    upload), so the same file also imports on the tree import page.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Chỉ tiêu")
    sheet.append([HEADERS["unit_code"], _("Tên đơn vị"), HEADERS["phase"], HEADERS["target"]])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B3D91")
    for letter, width in zip("ABCD", (22, 60, 14, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    children = child_units(unit).only("pk", "code", "name")
    targets = dict(
        UnitTarget.objects.filter(unit__in=children.values("pk"), phase=phase).values_list("unit_id", "assigned")
    )
    for number, child in enumerate(children.iterator(chunk_size=2000), start=2):
        for column, text in enumerate((child.code, child.name, phase), start=1):
            store_text(sheet.cell(row=number, column=column), text)
        target = sheet.cell(row=number, column=4, value=targets.get(child.pk))
        target.number_format = "#,##0"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- history ------------------------------------------------------------------------------------


def child_target_history(
    unit: Unit, *, before: int | None = None, size: int = HISTORY_PAGE_SIZE
) -> tuple[list[UnitTargetChange], int | None]:
    """Changes of the targets of ``unit``'s direct children, newest first, ``size`` at a time.

    Keyset pagination on the id: ``before`` is the last id of the previous page; returns the
    page and the id to continue from (None on the last page).
    """
    # The children's ids first (merged, inactive ones too: their history stays), so each is
    # read from the (unit, -id) index rather than the whole history scanned newest first.
    children = list(Unit.objects.filter(subtree_q(unit), depth=unit.depth + 1).values_list("pk", flat=True))
    qs = UnitTargetChange.objects.filter(unit_id__in=children)
    if before is not None:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.select_related("unit", "by").order_by("-id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return rows, (rows[-1].pk if more else None)
