"""Reads of the programme, targets and precomputed aggregates. No function here counts initiatives.

One module of about 440 lines on purpose: the dashboard, the API, the printable report and
the downloads read the same cached figures through the same few helpers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from django.core.cache import cache
from django.db.models import Q, Sum
from django.utils import timezone, translation

from campaign.enums import PhaseCode
from campaign.models import Programme, UnitTarget
from campaign.selectors import current_programme
from initiatives_portal import page_reads
from initiatives_portal.formatting import ratio_percent, round_progress, round_share
from unions.models import Unit

from .models import AggregateSet, DailyCount, FieldDailyCount, RunningTotal
from .services import MEASURE_NAMES

if TYPE_CHECKING:
    from .backlog import Backlog

CATEGORY_MEASURES = ("public_service", "enterprise", "union_official", "civil_servant")


def followed_unit(user, code: str) -> Unit | None:
    """The unit of ``code`` if ``user`` may follow its progress, else None.

    A unit that does not exist and one outside the user's scope give the same answer, so
    the views answer both alike (404) and a unit's existence does not leak.
    """
    from unions.selectors import unit_by_code

    unit = unit_by_code(code)
    if unit is None or not user.has_perm("reports.view_unit_progress", unit):
        return None
    return unit


def followed_unit_and_trail(user, code: str) -> tuple[Unit | None, list[Unit]]:
    """``followed_unit(user, code)`` and the ancestors of it that ``user`` may follow too
    (the page's trail, from the root down), in one query."""
    from unions.selectors import unit_and_ancestors

    unit, ancestors = unit_and_ancestors(code)
    if unit is None or not user.has_perm("reports.view_unit_progress", unit):
        return None, []
    return unit, [u for u in ancestors if user.has_perm("reports.view_unit_progress", u)]


def current_set() -> AggregateSet | None:
    """The aggregate set readers use (None before the first recompute)."""
    return AggregateSet.objects.filter(is_current=True).first()


def figures_state() -> tuple[AggregateSet | None, Programme | None]:
    """``current_set()`` and ``current_programme()`` in one query: every page of figures
    needs both before its first cache read, and a round trip to the database costs more than
    the read on a busy machine. Either is None when there is none."""
    from django.db import connection

    def columns(model, alias: str) -> list[str]:
        return [f"{alias}.{connection.ops.quote_name(f.column)}" for f in model._meta.concrete_fields]

    agg_columns, programme_columns = columns(AggregateSet, "a"), columns(Programme, "p")
    # Only the models' own tables and columns; no value is written into the statement.
    sql = (
        f"SELECT {', '.join(agg_columns + programme_columns)} FROM (SELECT 1) AS one "  # noqa: S608
        f"LEFT JOIN {connection.ops.quote_name(AggregateSet._meta.db_table)} AS a ON a.is_current "
        f"LEFT JOIN LATERAL (SELECT * FROM {connection.ops.quote_name(Programme._meta.db_table)} "
        "ORDER BY starts_on DESC, id DESC LIMIT 1) AS p ON true LIMIT 1"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    split = len(agg_columns)

    def instance(model, values):
        if values[0] is None:  # the primary key: no row
            return None
        names = [f.attname for f in model._meta.concrete_fields]
        return model.from_db(connection.alias, names, list(values))

    return instance(AggregateSet, row[:split]), instance(Programme, row[split:])


ZERO = dict.fromkeys(MEASURE_NAMES, 0)


def _row_values(row: DailyCount | None) -> dict[str, int]:
    if row is None:
        return dict(ZERO)
    return {name: getattr(row, name) for name in MEASURE_NAMES}


def totals_as_of(unit_id: int, day: dt.date) -> dict[str, int]:
    """Totals of ``unit_id``'s subtree for submissions up to the end of local ``day``."""
    sums = DailyCount.objects.filter(unit_id=unit_id, day__lte=day).aggregate(
        **{name: Sum(name) for name in MEASURE_NAMES}
    )
    return {name: value or 0 for name, value in sums.items()}


def series(unit_id: int, until: dt.date) -> list[DailyCount]:
    """The unit's running totals up to ``until``, by day: one row per day with submissions,
    each holding the totals up to the end of its day (summed from the daily rows)."""
    rows = list(DailyCount.objects.filter(unit_id=unit_id, day__lte=until).order_by("day"))
    running = dict(ZERO)
    for row in rows:
        for name in MEASURE_NAMES:
            running[name] += getattr(row, name)
            setattr(row, name, running[name])
    return rows


def totals_of_units_at(
    unit_ids: list[int], days: set[dt.date], measures: tuple[str, ...] = tuple(MEASURE_NAMES)
) -> dict[dt.date, dict[int, dict[str, int]]]:
    """Totals as of each of ``days`` for many units at once, in one read of their rows.

    Each unit's rows up to the latest of ``days`` are read once from the (unit, day) key
    and summed for every day, so the cost grows with the units' days, never with the
    initiatives.
    """
    ordered = sorted(days)
    if not unit_ids or not ordered:
        return {day: {} for day in ordered}
    sums = {
        f"m{d}_{m}": Sum(m, filter=Q(day__lte=day)) for d, day in enumerate(ordered) for m in measures
    }
    rows = (
        DailyCount.objects.filter(unit_id__in=unit_ids, day__lte=ordered[-1])
        .values("unit_id").annotate(**sums).order_by()
    )
    zero = dict.fromkeys(measures, 0)
    result = {day: {pk: dict(zero) for pk in unit_ids} for day in ordered}
    for row in rows:
        for d, day in enumerate(ordered):
            result[day][row["unit_id"]] = {m: row[f"m{d}_{m}"] or 0 for m in measures}
    return result


def fields_as_of(unit_id: int, day: dt.date) -> dict[int, int]:
    """Received initiatives per field id as of ``day``."""
    rows = (
        FieldDailyCount.objects.filter(unit_id=unit_id, day__lte=day)
        .values("field_id").annotate(total=Sum("received")).order_by()
    )
    return {row["field_id"]: row["total"] for row in rows}


def field_counts_of_units(unit_ids: list[int], day: dt.date) -> dict[int, dict[int, int]]:
    """Received initiatives per field id for each of ``unit_ids`` as of ``day`` (unit id →
    field id → count; a unit or field without any is absent), in one grouped read."""
    result: dict[int, dict[int, int]] = {pk: {} for pk in unit_ids}
    if not unit_ids:
        return result
    rows = (
        FieldDailyCount.objects.filter(unit_id__in=unit_ids, day__lte=day)
        .values("unit_id", "field_id").annotate(total=Sum("received")).order_by()
    )
    for row in rows:
        result[row["unit_id"]][row["field_id"]] = row["total"]
    return result


def subtree_figures_sql(unit: Unit, day: dt.date, *, kind_labels: dict[str, str]) -> tuple[str, list]:
    """The statement (and its parameters) of every active unit of ``unit``'s subtree,
    ``unit`` first, in tree order, the order its rows are given in: its path (the order),
    then its code, name, kind (as ``kind_labels`` names it), its parent's code and name
    (NULL for the root), its depth and its received and approved initiatives as of ``day``.

    A statement, not rows, so that the workbook can have the database write the rows'
    XML (``initiatives_portal.xlsx_stream.rows_xml_sql``). Each unit's figures are those
    of its running totals (``RunningTotal``) on the last day not after ``day`` (a binary
    search of its days, ``width_bucket``): one row per unit, whatever the number of daily
    rows. The parent is the unit whose path is the unit's less its last step (a hash join
    over the tree, an index look-up for a small subtree), so an inactive parent is named too.
    """
    from django.db import connection

    from unions.selectors import unit_subtree

    units = unit_subtree(unit).order_by().values_list("id", "path", "code", "name", "kind", "depth", "is_active")
    units_sql, units_params = units.query.sql_with_params()
    kinds = " ".join("WHEN %s THEN %s" for _ in kind_labels)
    kind_params = [value for pair in kind_labels.items() for value in pair]
    table = connection.ops.quote_name(Unit._meta.db_table)
    totals = connection.ops.quote_name(RunningTotal._meta.db_table)
    # Every part is the ORM's own SQL or the models' tables, with the values as parameters.
    # An index of 0 (``day`` before the first day) reads NULL: nothing yet.
    sql = (
        f"SELECT u.path, u.code, u.name, CASE u.kind {kinds} ELSE u.kind END, "  # noqa: S608
        "p.code, p.name, u.depth, COALESCE(t.received[t.at], 0), COALESCE(t.approved[t.at], 0) "
        f"FROM ({units_sql}) u LEFT JOIN {table} p ON p.path = left(u.path, -%s) "
        f"LEFT JOIN (SELECT unit_id, received, approved, width_bucket(%s::date, days) AS at FROM {totals}) t "
        "ON t.unit_id = u.id WHERE u.is_active ORDER BY u.path"
    )
    return sql, [*kind_params, *units_params, Unit.steplen, day]


# --- targets ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    code: str
    name: str
    starts_on: dt.date
    ends_on: dt.date


def periods(programme: Programme) -> list[Period]:
    """The phases, then the whole programme (``overall``)."""
    # The translatable label of a known phase code, so English pages say "Phase 1".
    labels = {c.value: str(c.label) for c in PhaseCode}
    result = [
        Period(p.code, labels.get(p.code, p.name), p.starts_on, p.ends_on) for p in programme.phases.order_by("starts_on")
    ]
    result.append(Period(PhaseCode.OVERALL, str(PhaseCode.OVERALL.label), programme.starts_on, programme.ends_on))
    return result


def targets_of(unit: Unit, programme: Programme) -> dict[str, UnitTarget]:
    """The unit's targets by phase code; the root falls back to the programme's national targets."""
    targets = {t.phase: t for t in UnitTarget.objects.filter(unit=unit)}
    if unit.depth == 1:
        for phase in programme.phases.all():
            targets.setdefault(phase.code, UnitTarget(unit=unit, phase=phase.code, assigned=phase.target))
        targets.setdefault(PhaseCode.OVERALL, UnitTarget(unit=unit, phase=PhaseCode.OVERALL,
                                                        assigned=programme.target))
    return targets


@dataclass
class TargetProgress:
    period: Period
    target: int
    self_set: int | None
    count: int
    percent: Decimal | None  # exact achieved %
    exceeded_by: int  # count over target (0 when not reached)
    exceeded_percent: Decimal | None
    reached_on: dt.date | None = None
    days_before_deadline: int | None = None

    @property
    def percent_rounded(self) -> Decimal | None:
        return round_progress(self.percent) if self.percent is not None else None

    @property
    def exceeded_percent_rounded(self) -> Decimal | None:
        return round_progress(self.exceeded_percent) if self.exceeded_percent is not None else None

    @property
    def bar_width(self) -> int:
        return min(100, int(self.percent or 0))


def _cumulative_at(rows: list[DailyCount], day: dt.date, measure: str = "received") -> int:
    value = 0
    for row in rows:
        if row.day > day:
            break
        value = getattr(row, measure)
    return value


def period_count(rows: list[DailyCount], period: Period, as_of: dt.date) -> int:
    """Received within ``period`` up to ``as_of``, from the running totals ``rows`` (ordered by day)."""
    if as_of < period.starts_on:
        return 0
    end = min(as_of, period.ends_on)
    return _cumulative_at(rows, end) - _cumulative_at(rows, period.starts_on - dt.timedelta(days=1))


def _reached_on(rows: list[DailyCount], period: Period, target: int, as_of: dt.date) -> dt.date | None:
    if target <= 0:
        return None
    before = _cumulative_at(rows, period.starts_on - dt.timedelta(days=1))
    for row in rows:
        if period.starts_on <= row.day <= min(period.ends_on, as_of) and row.received - before >= target:
            return row.day
    return None


def progress(rows: list[DailyCount], period: Period, target: UnitTarget, as_of: dt.date) -> TargetProgress:
    count = period_count(rows, period, as_of)
    goal = target.assigned
    over = max(0, count - goal)
    reached = _reached_on(rows, period, goal, as_of)
    return TargetProgress(
        period=period,
        target=goal,
        self_set=target.self_set,
        count=count,
        percent=ratio_percent(count, goal),
        exceeded_by=over,
        exceeded_percent=ratio_percent(over, goal) if over else None,
        reached_on=reached,
        days_before_deadline=(period.ends_on - reached).days if reached else None,
    )


# --- the dashboard ------------------------------------------------------------------------------


@dataclass
class Share:
    code: str
    label: str
    count: int
    share: Decimal | None

    @property
    def share_rounded(self) -> Decimal | None:
        return round_share(self.share) if self.share is not None else None


class ChildUnit(NamedTuple):
    """What a children table shows of a unit: light to cache, unlike a model instance."""

    pk: int
    code: str
    name: str
    sort_name: str  # Vietnamese alphabetical order (``initiatives_portal.text.sort_key``)


@dataclass
class ChildRow:
    unit: ChildUnit
    received: int
    approved: int
    targets: dict[str, TargetProgress]
    rank: int = 0
    # Received in the period a page shows (``reports.periods``), set by the page; None without one.
    received_since: int | None = None
    # The review backlog on the page's day (``reports.backlog``), set by the page.
    backlog: Backlog | None = None


@dataclass
class Dashboard:
    unit: Unit
    as_of: dt.date
    computed_at: dt.datetime | None
    totals: dict[str, int]
    progress: list[TargetProgress]
    categories: list[Share]
    fields: list[Share]
    non_management: Share | None
    direct_production: Share | None
    projection: dt.date | None
    children_count: int = 0
    cumulative: list[tuple[dt.date, int]] = field(default_factory=list)
    programme_ends_on: dt.date | None = None
    daily: list[tuple[dt.date, int]] = field(default_factory=list)
    # The local day the running count first reached the overall target (None while it has not).
    overall_reached_on: dt.date | None = None
    # Names what these figures were built from: pages cache their rendering under it.
    cache_token: str = ""

    @property
    def children(self) -> list[ChildRow]:
        """The children table, cached apart: a page whose rendered table is cached never reads it."""
        return dashboard_children(self)

    @property
    def projection_too_late(self) -> bool:
        """At the current rate the overall target is not reached before the programme ends."""
        return bool(self.projection and self.programme_ends_on and self.projection > self.programme_ends_on)


def local_today() -> dt.date:
    return timezone.localdate()


def _shares(total: int, items: list[tuple[str, str, int]]) -> list[Share]:
    return [Share(code, label, count, ratio_percent(count, total)) for code, label, count in items]


def _projection(rows, overall: TargetProgress | None, as_of: dt.date) -> dt.date | None:
    """When the overall target will be reached at the average daily rate since the programme
    began; None once it is reached (``TargetProgress.reached_on`` says when)."""
    if overall is None or overall.target <= 0 or overall.count <= 0 or overall.reached_on:
        return None
    start = overall.period.starts_on
    elapsed = (min(as_of, overall.period.ends_on) - start).days + 1
    if elapsed <= 0:
        return None
    rate = Decimal(overall.count) / Decimal(elapsed)
    remaining = Decimal(overall.target - overall.count)
    # Capped at a century: beyond the programme's end the date only says "too late".
    days = min(int((remaining / rate).to_integral_value(rounding="ROUND_CEILING")), 36_500)
    return min(as_of, overall.period.ends_on) + dt.timedelta(days=days)


# A cached dashboard lives until the next aggregate set (a minute under beat) or a change
# of the reference data; this bound only frees memory.
DASHBOARD_CACHE_SECONDS = 3600
_REFERENCE_VERSION_KEY = "reports:figures-reference-version"


def figures_reference_changed() -> None:
    """Targets, phases, fields or units changed: cached dashboards must be rebuilt."""
    cache.set(_REFERENCE_VERSION_KEY, timezone.now().timestamp(), None)


# Why ``unit_dashboard`` has no figures (the API's ``reason``).
NO_PROGRAMME = "no_programme"
NOT_COMPUTED = "not_computed"


def missing_figures_reason(state: tuple[AggregateSet | None, Programme | None] | None = None) -> str:
    """Why ``unit_dashboard`` returned None: no programme set up yet (NO_PROGRAMME: nothing
    to wait for, staff must create it), or no recompute finished yet (NOT_COMPUTED: the
    next one brings the figures). Read only when the figures are missing; from ``state``
    (``figures_state()``) when the page has read it, without another query."""
    programme = state[1] if state is not None else current_programme()
    return NO_PROGRAMME if programme is None else NOT_COMPUTED


def unit_dashboard(unit: Unit, as_of: dt.date | None = None, *,
                   state: tuple[AggregateSet | None, Programme | None] | None = None) -> Dashboard | None:
    """Every figure of a unit's dashboard as of the end of local day ``as_of`` (today by default).

    Built once per aggregate set, reference data, unit, day and language, then served
    from the cache: the figures cannot change until one of those does.
    """
    agg, programme = state if state is not None else figures_state()
    day = as_of or local_today()
    if agg is None or programme is None:
        return None

    def build(key: str) -> Dashboard:
        dashboard = _unit_dashboard(agg, programme, unit, day)
        dashboard.cache_token = key
        return dashboard

    dashboard = reference_cached(dashboard_key(agg, unit, day), build)
    # A recompute that changed nothing keeps the set (and this cache) but moves its time.
    dashboard.computed_at = agg.computed_at
    return dashboard


def dashboard_children(dashboard: Dashboard) -> list[ChildRow]:
    """``dashboard``'s children rows, cached under its own token (built on a miss)."""
    if not dashboard.children_count:
        return []
    return cached_with(dashboard, "children", lambda: children_rows(current_programme(), dashboard.unit,
                                                                      dashboard.as_of))


def cached_with(dashboard: Dashboard, name: str, build):
    """``build()``, cached under ``dashboard``'s token and ``name``: figures of its unit and
    day that only some pages read (its children's rows, their counts by category or field
    for the workbook), built once per aggregate set like the dashboard and apart from it."""
    key = f"{dashboard.cache_token}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, DASHBOARD_CACHE_SECONDS)
    return value


def reference_cached(key: str, build, *, timeout: int = DASHBOARD_CACHE_SECONDS):
    """``build(full_key)``, cached under ``key`` until the reference data (targets, phases,
    fields, units) change, separately for each language (figures carry translated labels).

    ``full_key`` names the version of the reference data it was built under, and is kept
    beside the value: the entry's own key (``reference_key``) has no version, so that a page
    can read it in the same round trip as the version (``initiatives_portal.page_reads``),
    and an entry built under another version is a miss.
    """
    entry_key = reference_key(key)
    found = page_reads.get_many([_REFERENCE_VERSION_KEY, entry_key])
    version = found.get(_REFERENCE_VERSION_KEY, 0)
    full_key = f"reports:{key}:{version}:{translation.get_language()}"
    entry = found.get(entry_key)
    # An entry of an earlier release (a bare value, not this pair) is a miss too.
    if type(entry) is tuple and len(entry) == 2 and entry[0] == full_key:
        return entry[1]
    value = build(full_key)
    page_reads.set(entry_key, (full_key, value), timeout)
    return value


def reference_key(key: str) -> str:
    """The cache key of ``reference_cached(key, …)``'s entry in the current language."""
    return f"reports:{key}:{translation.get_language()}"


def dashboard_key(agg: AggregateSet, unit: Unit, day: dt.date) -> str:
    """``unit_dashboard``'s ``reference_cached`` key."""
    return f"dashboard:{agg.pk}:{unit.pk}:{day.isoformat()}"


def page_reads_keys(unit: Unit, agg: AggregateSet | None, day: dt.date) -> list[str]:
    """The cache entries a page of ``unit``'s figures on ``day`` reads first: the reference
    data's version and the dashboard built under it (``initiatives_portal.page_reads``)."""
    keys = [_REFERENCE_VERSION_KEY]
    if agg is not None:
        keys.append(reference_key(dashboard_key(agg, unit, day)))
    return keys


def _unit_dashboard(agg: AggregateSet, programme: Programme, unit: Unit, day: dt.date) -> Dashboard:
    from accounts.enums import SubmitterCategory
    from submissions.models import Field
    from unions.selectors import child_units

    rows = series(unit.pk, day)
    totals = _row_values(rows[-1] if rows else None)
    targets = targets_of(unit, programme)
    progress_rows = [progress(rows, p, targets[p.code], day) for p in periods(programme) if p.code in targets]
    overall = next((p for p in progress_rows if p.period.code == PhaseCode.OVERALL), None)
    received = totals["received"]
    field_counts = fields_as_of(unit.pk, day)
    fields = _shares(received, [(f.code, str(f), field_counts.get(f.pk, 0)) for f in Field.objects.all()])
    dashboard = Dashboard(
        unit=unit,
        as_of=day,
        computed_at=agg.computed_at,
        totals=totals,
        progress=progress_rows,
        categories=_shares(received, [(c.value, str(c.label), totals[c.value]) for c in SubmitterCategory]),
        fields=[f for f in fields if f.count] or fields,
        non_management=Share("non_management", "", totals["non_management"],
                             ratio_percent(totals["non_management"], received)),
        direct_production=Share("direct_production", "", totals["direct_production"],
                                ratio_percent(totals["direct_production"], received)),
        projection=_projection(rows, overall, day),
        overall_reached_on=overall.reached_on if overall is not None else None,
        programme_ends_on=programme.ends_on,
        cumulative=[(r.day, r.received) for r in rows],
        children_count=child_units(unit).count(),
    )
    previous = 0
    for r in rows:
        dashboard.daily.append((r.day, r.received - previous))
        previous = r.received
    return dashboard


def _progress_from_count(period: Period, target: UnitTarget, count: int) -> TargetProgress:
    over = max(0, count - target.assigned)
    return TargetProgress(
        period=period, target=target.assigned, self_set=target.self_set, count=count,
        percent=ratio_percent(count, target.assigned), exceeded_by=over,
        exceeded_percent=ratio_percent(over, target.assigned) if over else None,
    )


def children_rows(programme: Programme, unit: Unit, day: dt.date) -> list[ChildRow]:
    """The child units with their figures and targets as of ``day``, ranked by received.

    The children's daily rows are read once and summed for each boundary day (as-of day,
    the day before each period starts, each period's end), so the cost grows with the
    children and their days only.
    """
    from unions.selectors import child_units

    children = [ChildUnit(*row) for row in child_units(unit).values_list("pk", "code", "name", "sort_name")]
    if not children:
        return []
    ids = [c.pk for c in children]
    spans = periods(programme)
    boundaries = {day} | {p.starts_on - dt.timedelta(days=1) for p in spans} | {min(day, p.ends_on) for p in spans}
    at = totals_of_units_at(ids, boundaries, ("received", "approved"))
    targets: dict[int, dict[str, UnitTarget]] = {pk: {} for pk in ids}
    for t in UnitTarget.objects.filter(unit_id__in=ids):
        targets[t.unit_id][t.phase] = t
    result = []
    for child in children:
        now = at[day][child.pk]
        child_targets = {}
        for p in spans:
            if p.code not in targets[child.pk]:
                continue
            count = 0
            if day >= p.starts_on:
                end = min(day, p.ends_on)
                count = at[end][child.pk]["received"] - at[p.starts_on - dt.timedelta(days=1)][child.pk]["received"]
            child_targets[p.code] = _progress_from_count(p, targets[child.pk][p.code], count)
        result.append(ChildRow(unit=child, received=now["received"], approved=now["approved"], targets=child_targets))
    return rank_rows(result, lambda r: r.received)


def child_kinds(rows: list[ChildRow]) -> dict[int, str]:
    """The kind of each unit of a children table, by id (one query)."""
    return dict(Unit.objects.filter(pk__in=[r.unit.pk for r in rows]).values_list("pk", "kind"))


def rank_rows(rows: list, count) -> list:
    """``rows`` by ``count(row)`` descending, then by name in Vietnamese order, each given its
    ``rank``: equal counts share a rank and the next one skips ("1, 1, 3")."""
    ordered = sorted(rows, key=lambda r: (-count(r), r.unit.sort_name, r.unit.code))
    for position, row in enumerate(ordered, start=1):
        previous = ordered[position - 2] if position > 1 else None
        row.rank = previous.rank if previous is not None and count(previous) == count(row) else position
    return ordered


def period_figures(unit: Unit, since: dt.date, as_of: dt.date, programme: Programme | None = None):
    """``unit``'s ``PeriodFigures`` for the local days [since, as_of] and the previous period of
    the same length (``reports.periods``, which says what each figure counts); None before the
    first recompute. Raises ``reports.periods.PeriodError`` for a period outside the programme."""
    from .periods import period_figures as figures

    return figures(unit, since, as_of, programme)
