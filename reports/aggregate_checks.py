"""The nightly run's check: do the aggregate rows still equal the initiatives?

The change log keeps the rows equal to the initiatives; the nightly run is there for what the
triggers cannot see (a write with the triggers switched off, a restore, a defect). Rebuilding
every row to find out reads every initiative grouped by unit and day, and compares millions
of rows: minutes at 10.000.000 initiatives. This check reads the same initiatives and rows,
but compares one line per unit: for every figure, its total and a checksum of its days.

- From the initiatives: one scan, grouped by the initiative's own unit (about 130.000
  groups, held in memory), then added up the tree through the path's prefixes.
- From each aggregate table: one scan grouped by unit.
- A unit's line holds, per figure, the sum over its rows of the figure times a weight drawn
  from the row's key (``_weight``: a 31-bit hash of the day, and of the field or the stage
  and due day where those are part of the key; never zero). Rows that differ in any way
  (a count, a day, a row more or less) give a different sum unless their weights happen to
  cancel exactly: about one chance in two thousand million per figure, and a wrong write
  moves several figures and every unit above it at once. The plain totals are not compared
  besides: a total that differs changes the sum too.
- A row whose figures are all zero is counted as a difference: the full run would remove it.

What differs is rebuilt by the full run (``reports.services``); the check names the tables
and how many units differ, for the log and the run's record.
"""

from __future__ import annotations

from django.db import connection

from unions.models import Unit

from . import backlog_recompute as backlog
from .db_contracts import FIGURE_VALUES
from .models import ApprovalDailyCount, DailyCount, FieldDailyCount, RunningTotal

# A day as a number (days since 01/01/2000; negative before), the hashes' input.
_EPOCH = "DATE '2000-01-01'"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _weight(day: str, other: str = "0") -> str:
    """A weight in 1 … 2^31 drawn from ``day`` (a date) and ``other`` (a bigint): the same key
    gives the same weight in every statement."""
    return f"((hashint8extended(({other})::bigint, ({day} - {_EPOCH})::bigint) & 2147483647) + 1)"


class _Figure:
    """One compared figure: its name, what counts an initiative in it (a SQL condition on
    ``i``; with ``value``, the value summed instead of 1), and its value in a stored row ``t``.
    Counts times weights stay within bigint (2^31 × 2^31); a sum of money is multiplied as
    numeric (``wide``)."""

    def __init__(self, name: str, condition: str, stored: str, *, value: str | None = None, wide: bool = False):
        self.name, self.condition, self.stored_value = name, condition, stored
        self.value, self.wide = value, wide

    def _times(self, value: str, weight: str) -> str:
        return f"({value})::numeric * {weight}" if self.wide else f"({value})::bigint * {weight}"

    def fresh(self, weight: str) -> list[str]:
        if self.condition == "FALSE":  # only stored rows can hold it
            return [f"0 AS {self.name}_w"]
        weighted = weight if self.value is None else self._times(self.value, weight)
        return [f"COALESCE(SUM({weighted}) FILTER (WHERE {self.condition}), 0) AS {self.name}_w"]

    def stored(self, weight: str) -> list[str]:
        return [f"COALESCE(SUM({self._times(self.stored_value, weight)}), 0) AS {self.name}_w"]

    @property
    def columns(self) -> list[str]:
        return [f"{self.name}_w"]


def _daily_figures(measures: dict[str, str], states: tuple[str, ...]) -> list[_Figure]:
    """The daily rows' figures: ``measures`` maps each column to its condition (``benefit_vnd``
    to the condition under which the benefit is summed)."""
    figures = [_Figure(f"daily_{name}", condition, f"t.{name}") for name, condition in measures.items()
               if name != "benefit_vnd"]
    figures.append(_Figure("daily_benefit_vnd", measures["benefit_vnd"], "t.benefit_vnd",
                           value="COALESCE(i.benefit_vnd, 0)", wide=True))
    # A row left with nothing in it (the full run removes it; the log's run too).
    figures.append(_Figure("daily_empty", "FALSE", f"CASE WHEN {' + '.join(f't.{s}' for s in states)} = 0 THEN 1 "
                                                   "ELSE 0 END"))
    return figures


def differences(cursor, *, measures: dict[str, str], states: tuple[str, ...], initiatives: str, received: str,
                approved: str, rules) -> dict[str, int]:
    """How many units' rows differ from the initiatives, per table (only those that differ).

    ``measures`` (daily column → condition on ``i``), ``initiatives`` (the rows the full run
    reads, as ``i`` with a WHERE), ``received`` and ``approved`` (the conditions of the field
    and approval rows) are the full run's own (``reports.services``), so the check counts
    exactly what the rebuild would write.
    """
    daily = _daily_figures(measures, states)
    field = _Figure("field_received", received, "t.received")
    approval = _Figure("approval_approved", approved, "t.approved")
    sums = [part for figure in daily for part in figure.fresh("i.day_weight")]
    sums += field.fresh("i.field_weight") + approval.fresh("i.approval_weight")
    fresh_columns = [c for figure in (*daily, field, approval) for c in figure.columns]
    # Only the values the triggers log are read, as by the full run (``_grouped_by_subtree``);
    # each weight is computed once per initiative.
    values = ", ".join(f"i.{column}" for column in FIGURE_VALUES)
    weights = (f"{_weight('i.submitted_on')} AS day_weight, {_weight('i.submitted_on', 'i.field_id')} AS field_weight, "
               f"{_weight('i.approved_on')} AS approval_weight")
    own = (f"SELECT i.unit_path, {', '.join(sums)} FROM (SELECT {values}, {weights} FROM {initiatives}) i "  # noqa: S608
           "GROUP BY i.unit_path")
    cursor.execute(f"CREATE TEMPORARY TABLE aggregate_check_fresh AS {_up_the_tree(cursor, own, fresh_columns)}")

    waiting_figure = _Figure("waiting", "TRUE", "t.n", value="i.sign")
    waiting_weight = _weight("i.started_on", "(i.due_on - i.started_on)::bigint * 4 + i.stage")
    waiting_own = (f"SELECT i.unit_path, {', '.join(waiting_figure.fresh('i.weight'))} "  # noqa: S608
                   f"FROM (SELECT i.*, {waiting_weight} AS weight FROM {backlog.waiting_source(cursor, rules, logged=False)}) i "
                   "GROUP BY i.unit_path")
    cursor.execute(
        f"CREATE TEMPORARY TABLE aggregate_check_waiting AS {_up_the_tree(cursor, waiting_own, waiting_figure.columns)}"
    )
    stored_waiting_weight = _weight("t.started_on", "(t.due_on - t.started_on)::bigint * 4 + t.stage")
    found = {
        "daily": _compare(cursor, _q(DailyCount._meta.db_table), daily, _weight("t.day"), "aggregate_check_fresh"),
        "field": _compare(cursor, _q(FieldDailyCount._meta.db_table), [field], _weight("t.day", "t.field_id"),
                          "aggregate_check_fresh"),
        "approval": _compare(cursor, _q(ApprovalDailyCount._meta.db_table), [approval], _weight("t.day"),
                             "aggregate_check_fresh"),
        "waiting": _compare(cursor, backlog.waiting_table(), [waiting_figure], stored_waiting_weight,
                            "aggregate_check_waiting"),
    }
    found["running"] = _running_totals_differing(cursor)
    cursor.execute("DROP TABLE aggregate_check_fresh, aggregate_check_waiting")
    return {table: units for table, units in found.items() if units}


# The units whose running totals differ (``_running_totals_differing``), for the run to rewrite
# (and drop).
RUNNING_TOTAL_UNITS = "aggregate_check_running_units"


def _running_totals_differing(cursor) -> int:
    """Fill ``RUNNING_TOTAL_UNITS`` with the units whose running totals differ from the
    initiatives; return how many. A unit's arrays give its received and approved on each day
    kept (each running total less the one before), compared as the daily rows' figures. Each
    array is unnested once beside itself shifted by one (``array_prepend``: the total before;
    the extra last row has no day): indexing the arrays instead read an upper unit's long,
    compressed arrays again for every element (17 s against 4 s at 10.000.000 initiatives)."""
    weight = _weight("o.day")
    cursor.execute(
        f"CREATE TEMPORARY TABLE {RUNNING_TOTAL_UNITS} AS "  # noqa: S608
        "SELECT COALESCE(s.unit_id, f.unit_id) AS unit_id FROM ("
        f"  SELECT o.unit_id, SUM(o.received::bigint * {weight}) AS received_w, "
        f"  SUM(o.approved::bigint * {weight}) AS approved_w FROM ("
        "    SELECT r.unit_id, a.day, a.received - a.received_before AS received, "
        "    a.approved - a.approved_before AS approved "
        f"    FROM {_q(RunningTotal._meta.db_table)} r CROSS JOIN LATERAL unnest(r.days, r.received, "
        "    array_prepend(0, r.received), r.approved, array_prepend(0, r.approved)) "
        "    AS a (day, received, received_before, approved, approved_before) WHERE a.day IS NOT NULL"
        "  ) o GROUP BY o.unit_id"
        ") s FULL JOIN aggregate_check_fresh f ON f.unit_id = s.unit_id "
        "WHERE COALESCE(s.received_w, 0) <> COALESCE(f.daily_received_w, 0) "
        "OR COALESCE(s.approved_w, 0) <> COALESCE(f.daily_approved_w, 0)"
    )
    return cursor.rowcount


def _up_the_tree(cursor, own: str, columns: list[str]) -> str:
    """The per-unit lines of ``own`` (rows per ``unit_path``) added to every unit above, by unit id."""
    cursor.execute(f"SELECT COALESCE(MAX(depth), 1) FROM {_q(Unit._meta.db_table)}")  # noqa: S608
    depth = cursor.fetchone()[0]
    sums = ", ".join(f"SUM(o.{column}) AS {column}" for column in columns)
    return (
        f"SELECT u.id AS unit_id, s.* FROM ("  # noqa: S608
        f"  SELECT SUBSTRING(o.unit_path, 1, l.level * {Unit.steplen}) AS path, {sums} FROM ({own}) o "
        f"  CROSS JOIN LATERAL generate_series(1, LEAST({depth}, LENGTH(o.unit_path) / {Unit.steplen})) AS l (level) "
        f"  GROUP BY 1"
        f") s JOIN {_q(Unit._meta.db_table)} u ON u.path = s.path"
    )


def _compare(cursor, table: str, figures: list[_Figure], weight: str, fresh: str) -> int:
    """How many units' lines of ``table`` (rows ``t``) differ from those in ``fresh``."""
    stored = ", ".join(part for figure in figures for part in figure.stored("t.weight"))
    columns = [column for figure in figures for column in figure.columns]
    differs = " OR ".join(f"COALESCE(s.{c}, 0) <> COALESCE(f.{c}, 0)" for c in columns)
    cursor.execute(
        f"SELECT COUNT(*) FROM (SELECT t.unit_id, {stored} FROM (SELECT t.*, {weight} AS weight FROM {table} t) t "  # noqa: S608
        "GROUP BY t.unit_id) s "
        f"FULL JOIN {fresh} f ON f.unit_id = s.unit_id WHERE {differs}"
    )
    return cursor.fetchone()[0]
