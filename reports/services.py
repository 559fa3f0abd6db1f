"""Writes of the reporting app: keeping the aggregate tables equal to the initiatives.

The initiatives are the ground truth. Two ways lead to the same rows:

- **Full**: read every submitted initiative with two GROUP BY statements, counting each
  for its unit and every unit above it (one sorted stream each, a ROLLUP of the unit
  path's prefixes, the field rows on a second connection), per unit and local day, then
  write only the rows whose figures changed; a third counts the approved ones by their
  local day of approval (``ApprovalDailyCount``).
- **From the change log** (the periodic run): database triggers log what every
  write did to an initiative's counted values (``FigureChange``: -1 for the values that
  left, +1 for those that came). The run consumes the rows visible to it and adds their
  sums to each unit above each initiative, on its day: the work follows what changed
  since the last run, not the size of the campaign.

The backlog's tables (``BacklogWaiting``, ``BacklogFlow``) are kept by both ways too: the
waiting from the waiting initiatives or the logged differences, the flows from the decisions
(every one, or those logged in ``DecisionChange``, each replayed within its initiative's
history); their SQL is in ``reports.backlog_recompute``.

Both also rewrite the running totals (``RunningTotal``) of the units whose daily rows they
wrote, from the stored totals and those rows (``_refresh_running_totals``).

A full run happens when there is no current set, when a unit moved, merged or was removed
(``FullRecomputeRequest``: the log's paths no longer name the same units), when an initiative
changed unit or a deadline setting changed (the backlog's past rows move with them), when asked
(nightly under beat, ``recompute_progress --full``). It reads every initiative; the backlog's
flows, history written once per decision, are replayed from every decision only when the
history itself changed meaning (those requests, no current set, a log that disagrees with the
rows, ``recompute_progress --history``): the nightly run applies the decisions' log to them as
the periodic one does, which keeps it within its minute at 10.000.000 initiatives. Everything happens in one
REPEATABLE READ transaction that also makes the new set current: the log rows consumed
and the initiatives read are the same snapshot, readers see the figures before or after,
never a mix, and a change committed meanwhile waits in the log for the next run.

One module of about 660 lines on purpose: the full run and the run from the change log share
the locking, the swap and the row writers, and reading them side by side is how their equality
is kept.
"""

from __future__ import annotations

import logging
import tempfile
import threading
import time

from django.conf import settings
from django.db import DatabaseError, IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from submissions.enums import COUNTED_STATES
from submissions.models import Initiative
from unions.models import Unit

from . import aggregate_checks
from . import backlog_recompute as backlog
from .db_contracts import FIGURE_VALUES
from .models import (
    AggregateSet,
    ApprovalDailyCount,
    DailyCount,
    DecisionChange,
    FieldDailyCount,
    FigureChange,
    FullRecomputeRequest,
    RecomputeLock,
    RunningTotal,
)

logger = logging.getLogger(__name__)

LOCK_NAME = "aggregates"

_COUNTED = ", ".join(f"'{s.value}'" for s in COUNTED_STATES)
_IS_COUNTED = f"i.status IN ({_COUNTED})"
_STATES = ("submitted", "verified", "approved", "returned", "rejected", "withdrawn")
# The initiatives a full run reads; the triggers log exactly these (every state but draft).
_SUBMITTED = "i.submitted_on IS NOT NULL AND i.status <> 'draft'"


def _measure_conditions() -> dict[str, str]:
    """Each daily column and when an initiative ``i`` counts in it (``benefit_vnd``: when its
    benefit is added): what the full run and the nightly check (``aggregate_checks``) count."""
    return {
        "received": _IS_COUNTED,
        **{status: f"i.status = '{status}'" for status in ("approved", "submitted", "verified", "returned", "rejected",
                                                           "withdrawn")},
        "exemplary": "i.status = 'approved' AND i.is_exemplary",
        "public_service": f"{_IS_COUNTED} AND i.category = 'public_service'",
        "enterprise": f"{_IS_COUNTED} AND i.category = 'enterprise'",
        "union_official": f"{_IS_COUNTED} AND i.category = 'union_official'",
        "civil_servant": f"{_IS_COUNTED} AND i.category = 'civil_servant'",
        "non_management": f"{_IS_COUNTED} AND NOT i.holds_management_post",
        "direct_production": f"{_IS_COUNTED} AND i.is_direct_production_worker",
        "benefit_vnd": _IS_COUNTED,
    }


def _daily_measures(*, logged: bool) -> list[tuple[str, str]]:
    """(column, SQL aggregate over the rows ``i`` of one unit and day): counts of initiatives,
    or with ``logged`` the sums of the change log's signs (what the counts moved by)."""

    def count(condition: str) -> str:
        if logged:
            return f"COALESCE(SUM(i.sign) FILTER (WHERE {condition}), 0)"
        return f"COUNT(*) FILTER (WHERE {condition})"

    conditions = _measure_conditions()
    states = {status: count(f"i.status = '{status}'") for status in _STATES}
    benefit = "i.sign * i.benefit_vnd" if logged else "i.benefit_vnd"
    measures = {name: states.get(name) or count(condition) for name, condition in conditions.items()}
    # ``received`` adds up the counted states' own counts: each identical aggregate is computed once.
    measures["received"] = " + ".join(states[s.value] for s in COUNTED_STATES)
    measures["benefit_vnd"] = f"COALESCE(SUM({benefit}) FILTER (WHERE {conditions['benefit_vnd']}), 0)"
    return list(measures.items())


DAILY_MEASURES = _daily_measures(logged=False)
MEASURE_NAMES = [name for name, _sql in DAILY_MEASURES]


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


# Per field only the received count is kept: the initiatives in a counted state are read.
_RECEIVED = f"i.submitted_on IS NOT NULL AND {_IS_COUNTED}"
# The keys of the two tables, and how the grouped rows of either source name them.
_DAILY_KEYS = ("unit_id", "day")
_FIELD_KEYS = ("unit_id", "day", "field_id")
_BY_DAY = [("i.submitted_on", "day")]
_BY_DAY_AND_FIELD = [("i.submitted_on", "day"), ("i.field_id", "field_id")]


def _refresh_daily(cursor) -> tuple[int, int]:
    """Every unit's daily figures (its subtree's initiatives), then the running totals of the
    units whose daily rows changed; returns (rows, rows changed)."""
    sums = ", ".join(f"{sql} AS {name}" for name, sql in DAILY_MEASURES)
    grouped = _grouped_by_subtree(cursor, _BY_DAY, sums, _initiatives())
    cursor.execute(f"CREATE TEMPORARY TABLE {_TOUCHED} (unit_id bigint, day date)")
    result = _refresh(cursor, _table(DailyCount), _DAILY_KEYS, MEASURE_NAMES, grouped, touched=_TOUCHED)
    _refresh_running_totals(cursor)
    return result


# The daily rows (unit, day) a run wrote or removed, whose units' running totals it rewrites.
_TOUCHED = "running_total_days"


def _refresh_running_totals(cursor) -> int:
    """Rewrite the running totals (``RunningTotal``) of the units with a daily row in
    ``_TOUCHED``, then drop it; returns the rows written.

    A unit's days before the first day the run wrote keep their running totals as they are
    (a slice of each array). From that day on, its figures per day are its stored running
    totals less those of the day before, except on the days the run wrote, which are read
    from their daily rows (by key: a row removed is a day gone); summed again from the total
    before that day, they give the new end of the arrays. A run thus reads the running
    totals of the units it touched and the daily rows it wrote, never the other daily rows
    of those units (scattered over the table: one page each), and re-sums only the days
    from the earliest it changed (today's submissions: one day).
    """
    table, daily = _table(RunningTotal), _table(DailyCount)
    cursor.execute(f"ANALYZE {_TOUCHED}")
    # Per unit: the days kept as they are (k of them), the totals they end at, and the rest.
    cursor.execute(
        "CREATE TEMPORARY TABLE running_total_tails AS "  # noqa: S608
        "SELECT unit_id, COALESCE(days[1:k], '{}') AS days, COALESCE(received[1:k], '{}') AS received, "
        "COALESCE(approved[1:k], '{}') AS approved, COALESCE(received[k], 0) AS base_received, "
        "COALESCE(approved[k], 0) AS base_approved, days[k + 1:] AS rest_days, received[k + 1:] AS rest_received, "
        "approved[k + 1:] AS rest_approved FROM ("
        "  SELECT c.unit_id, r.days, r.received, r.approved, COALESCE(width_bucket(c.first - 1, r.days), 0) AS k "
        f"  FROM (SELECT unit_id, MIN(day) AS first FROM {_TOUCHED} GROUP BY unit_id) c "
        f"  LEFT JOIN {table} r ON r.unit_id = c.unit_id"
        ") t"
    )
    cursor.execute(
        "CREATE TEMPORARY TABLE running_total_figures AS "  # noqa: S608
        "SELECT unit_id, day, received, approved FROM ("
        "  SELECT t.unit_id, o.day, o.received - COALESCE(lag(o.received) OVER w, t.base_received) AS received, "
        "  o.approved - COALESCE(lag(o.approved) OVER w, t.base_approved) AS approved "
        "  FROM running_total_tails t "
        "  CROSS JOIN LATERAL unnest(t.rest_days, t.rest_received, t.rest_approved) AS o (day, received, approved) "
        "  WINDOW w AS (PARTITION BY t.unit_id ORDER BY o.day)"
        f") kept WHERE NOT EXISTS (SELECT 1 FROM {_TOUCHED} c WHERE c.unit_id = kept.unit_id AND c.day = kept.day) "
        f"UNION ALL SELECT unit_id, day, received, approved FROM {daily} "
        f"WHERE (unit_id, day) IN (SELECT unit_id, day FROM {_TOUCHED}) AND (received <> 0 OR approved <> 0)"
    )
    cursor.execute(f"DELETE FROM {table} WHERE unit_id IN (SELECT unit_id FROM running_total_tails)")  # noqa: S608
    # The window gives each unit's days in order, as the arrays take them.
    cursor.execute(
        f"INSERT INTO {table} (unit_id, days, received, approved) "  # noqa: S608
        "SELECT t.unit_id, t.days || COALESCE(a.days, '{}'), t.received || COALESCE(a.received, '{}'), "
        "t.approved || COALESCE(a.approved, '{}') FROM running_total_tails t LEFT JOIN ("
        "  SELECT unit_id, array_agg(day) AS days, array_agg(received) AS received, array_agg(approved) AS approved "
        "  FROM ("
        "    SELECT f.unit_id, f.day, (t.base_received + SUM(f.received) OVER w)::integer AS received, "
        "    (t.base_approved + SUM(f.approved) OVER w)::integer AS approved "
        "    FROM running_total_figures f JOIN running_total_tails t ON t.unit_id = f.unit_id "
        "    WINDOW w AS (PARTITION BY f.unit_id ORDER BY f.day)"
        "  ) d GROUP BY unit_id"
        ") a ON a.unit_id = t.unit_id WHERE cardinality(t.days) > 0 OR a.days IS NOT NULL"
    )
    written = cursor.rowcount
    cursor.execute(f"DROP TABLE running_total_figures, running_total_tails, {_TOUCHED}")
    return written


def _refresh_field_daily(cursor, changes: _Changes | None = None) -> tuple[int, int]:
    """Every unit's daily received initiatives per field; returns (-1, rows changed).
    With ``changes`` (started by ``_field_changes_in_background``) the difference comes from there."""
    grouped = None if changes is not None else _field_figures(cursor)  # else found by the second connection
    return _refresh(cursor, _table(FieldDailyCount), _FIELD_KEYS, ["received"], grouped, count_rows=False,
                    changes=changes)


# Approvals are counted by the local day of approval, for the initiatives approved now.
_APPROVED = "i.status = 'approved' AND i.approved_on IS NOT NULL"
_APPROVAL_KEYS = ("unit_id", "day")
_BY_APPROVAL_DAY = [("i.approved_on", "day")]


def _approvals(cursor, source: str, *, logged: bool = False) -> str:
    """Every unit's approvals per local day of approval, from ``source`` (as ``i``)."""
    count = "COALESCE(SUM(i.sign), 0)" if logged else "COUNT(*)"
    return _grouped_by_subtree(cursor, _BY_APPROVAL_DAY, f"{count} AS approved", f"{source} AND {_APPROVED}",
                               logged=logged)


def _refresh_approvals(cursor) -> tuple[int, int]:
    """Every unit's approvals by day of approval; returns (-1, rows changed)."""
    return _refresh(cursor, _table(ApprovalDailyCount), _APPROVAL_KEYS, ["approved"],
                    _approvals(cursor, _initiatives()), count_rows=False)


def _field_figures(cursor) -> str:
    return _grouped_by_subtree(
        cursor, _BY_DAY_AND_FIELD, "COUNT(*) AS received",
        f"{_table(Initiative)} i WHERE {_RECEIVED}",
    )


def _field_changes_in_background(cursor) -> _Changes:
    """Start finding the field rows' difference on a second connection (in the snapshot of
    ``cursor``'s transaction)."""
    cursor.execute("SELECT pg_export_snapshot()")
    snapshot = cursor.fetchone()[0]
    sql = _changes_sql(_table(FieldDailyCount), _FIELD_KEYS, ["received"], _field_figures(cursor))
    return _Changes(snapshot, sql)


def _initiatives() -> str:
    return f"{_table(Initiative)} i WHERE {_SUBMITTED}"


def _refresh(cursor, table: str, keys: tuple[str, ...], measures: list[str], grouped: str | None, *,
             count_rows: bool = True, changes: _Changes | None = None, touched: str | None = None) -> tuple[int, int]:
    """Make ``table`` hold exactly the rows of ``grouped``; returns (rows or -1, rows changed).

    Only the difference is written: one full join of the fresh figures with the stored
    rows finds the keys that vanished, the new keys and the rows whose figures differ
    (into a small temporary table); then those are deleted or upserted. A recompute after a
    few decisions writes a few rows, not millions, and the table never needs rewriting.
    With ``changes`` the difference was found on another connection (``grouped`` unused):
    its rows are copied into a table of the same columns. With ``touched`` the keys of the
    rows written or removed are added to that table.
    """
    if changes is None:
        cursor.execute(f"CREATE TEMPORARY TABLE aggregates_changes AS {_changes_sql(table, keys, measures, grouped)}")
    else:
        cursor.execute(f"CREATE TEMPORARY TABLE aggregates_changes AS {changes.sql} WITH NO DATA")
        changes.copy_into(cursor, "aggregates_changes")
    key_list = ", ".join(keys)
    cursor.execute(
        f"DELETE FROM {table} WHERE ({key_list}) IN (SELECT {key_list} FROM aggregates_changes WHERE gone)"  # noqa: S608
    )
    changed = cursor.rowcount
    columns = ", ".join((*keys, *measures))
    updates = ", ".join(f"{name} = excluded.{name}" for name in measures)
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM aggregates_changes WHERE NOT gone "  # noqa: S608
        f"ON CONFLICT ({key_list}) DO UPDATE SET {updates}"
    )
    changed += cursor.rowcount
    _note_touched(cursor, touched)
    cursor.execute("DROP TABLE aggregates_changes")
    if not count_rows:
        return -1, changed
    cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
    return cursor.fetchone()[0], changed


def _note_touched(cursor, touched: str | None) -> None:
    """Add the keys (unit, day) of the rows in ``aggregates_changes`` to the table ``touched``, if any."""
    if touched is not None:
        cursor.execute(f"INSERT INTO {touched} SELECT unit_id, day FROM aggregates_changes")  # noqa: S608


def _changes_sql(table: str, keys: tuple[str, ...], measures: list[str], grouped: str) -> str:
    """The rows of ``table`` that ``grouped`` removes (``gone``), adds or changes."""
    on = " AND ".join(f"f.{key} = t.{key}" for key in keys)
    differs = " OR ".join(f"f.{name} <> t.{name}" for name in measures)
    chosen = ", ".join([f"COALESCE(f.{key}, t.{key}) AS {key}" for key in keys] + [f"f.{name}" for name in measures])
    return (
        f"SELECT {chosen}, f.{keys[0]} IS NULL AS gone "  # noqa: S608
        f"FROM ({grouped}) f FULL JOIN {table} t ON {on} "
        f"WHERE f.{keys[0]} IS NULL OR t.{keys[0]} IS NULL OR {differs}"
    )


class _Changes:
    """A table's difference found on a second connection, in the recompute's
    own snapshot (``pg_export_snapshot``), while the first connection finds the other
    table's: the two scans of the initiatives run on two cores. The rows wait in a
    spooled file (on disk beyond 8 MB) until ``copy_into`` copies them in; the thread
    writes nothing, so the recompute stays one transaction.

    The first connection waits for the thread, which PostgreSQL's deadlock detector cannot
    see: should the thread queue for a lock behind a statement that waits for the first
    connection (an ALTER TABLE, say), it gives up after ``LOCK_TIMEOUT`` and the run fails
    instead of both waiting for ever.
    """

    LOCK_TIMEOUT = "10s"

    def __init__(self, snapshot: str, sql: str) -> None:
        self._snapshot, self.sql = snapshot, sql
        self._file = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - closed by copy_into
        self._error: BaseException | None = None
        self._database = None
        self._abandoned = False
        self._guard = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="aggregates-changes", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SET TRANSACTION SNAPSHOT %s", [self._snapshot])
                _session_settings(cursor)
                cursor.execute("SET LOCAL lock_timeout = %s", [self.LOCK_TIMEOUT])
                with self._guard:
                    if self._abandoned:
                        return
                    self._database = connection.connection
                cursor.copy_expert(f"COPY ({self.sql}) TO STDOUT", self._file)
        except BaseException as error:  # noqa: BLE001 - raised again in the recompute's thread
            self._error = error
        finally:
            with self._guard:
                self._database = None
            connection.close()  # this thread's own connection

    def copy_into(self, cursor, table: str) -> None:
        self._thread.join()
        try:
            if self._error is not None:
                raise self._error
            self._file.seek(0)
            cursor.copy_expert(f"COPY {table} FROM STDIN", self._file)
        finally:
            self._file.close()

    def abandon(self) -> None:
        """The recompute failed: stop the thread's statement and wait for it. Raises nothing."""
        with self._guard:
            self._abandoned = True
            if self._database is not None:
                try:
                    self._database.cancel()
                except Exception:  # noqa: BLE001 - the statement ended meanwhile
                    logger.debug("Aggregate recompute: nothing to cancel on the second connection")
        self._thread.join()
        self._file.close()


def _session_settings(cursor) -> None:
    """Settings of a full run's statements (``SET LOCAL``: this transaction only)."""
    # The sorts and the comparisons fit in memory instead of spilling to disk.
    cursor.execute("SET LOCAL work_mem = %s", [settings.AGGREGATES_WORK_MEM])
    # A killed worker's statement stops within a second instead of running on (holding the
    # lock) until it ends.
    cursor.execute("SET LOCAL client_connection_check_interval = '1s'")
    # Compiling the big statements costs more than it saves.
    cursor.execute("SET LOCAL jit = off")


def _grouped_by_subtree(cursor, keys: list[tuple[str, str]], sums: str, source: str, *,
                        logged: bool = False, values: tuple[str, ...] | None = None) -> str:
    """``sums`` over every unit's subtree per ``keys`` ((expression, name) pairs,
    the day first), in one scan of ``source`` (the initiatives, or with ``logged`` the
    change log and its signs, as ``i``). Only the values the triggers log
    (``FIGURE_VALUES``) are read, so a figure can never count a value the log leaves out;
    the backlog's sources name theirs (``values``).

    Each initiative carries its unit's path, whose first L steps (``pL``) name its ancestor
    at depth L. ``GROUP BY day, ROLLUP (p1, …, pD)`` adds every initiative to each of its
    ancestors at once: the set that stops at pL counts the subtree of the unit at depth L
    (``GROUPING`` tells which set a row comes from), and an initiative of a unit shallower
    than L has a NULL pL and falls out of that depth's rows. Because the sets form one
    chain, the initiatives are aggregated in one sorted stream: read in day order from the
    covering index, sorted within each day, never hashed as a whole (which spilled
    gigabytes to disk at 10 million initiatives).
    """
    cursor.execute(f"SELECT COALESCE(MAX(depth), 1) FROM {_table(Unit)}")  # noqa: S608
    depth = cursor.fetchone()[0]
    prefixes = [
        f"CASE WHEN LENGTH(i.unit_path) >= {n} THEN SUBSTRING(i.unit_path, 1, {n}) END AS p{level}"
        for level, n in ((level, level * Unit.steplen) for level in range(1, depth + 1))
    ]
    names = [f"i.p{level}" for level in range(1, depth + 1)]
    if values is None:
        values = ("sign", *FIGURE_VALUES) if logged else FIGURE_VALUES
    # The set ending at depth L leaves the D - L deeper prefixes out: GROUPING's bits 2^(D-L) - 1.
    path = " ".join(f"WHEN {2 ** (depth - level) - 1} THEN i.p{level}" for level in range(1, depth + 1))
    key_exprs = ", ".join(expr for expr, _name in keys)
    selected = ", ".join(f"{expr} AS {name}" for expr, name in keys)
    return (
        f"SELECT u.id AS unit_id, s.* FROM ("  # noqa: S608
        f"  SELECT CASE GROUPING({', '.join(names)}) {path} END AS path, {selected}, {sums}"
        f"  FROM (SELECT {', '.join(f'i.{column}' for column in values)}, {', '.join(prefixes)} FROM {source}) i"
        f"  GROUP BY {key_exprs}, ROLLUP ({', '.join(names)})"
        f") s JOIN {_table(Unit)} u ON u.path = s.path"
    )


def _apply_logged_changes(cursor, rules) -> tuple[int, int, int]:
    """Consume the change log and add what it says to the aggregate rows.

    Returns (log rows read, daily rows added minus removed, rows written). Raises
    IntegrityError when a figure would fall below zero: the rows no longer match the
    initiatives (something wrote behind the triggers' back), and only a full run can say
    what is right.
    """
    log = _table(FigureChange)
    cursor.execute(f"CREATE TEMPORARY TABLE figure_changes (LIKE {log}) ON COMMIT DROP")
    # Deletes exactly the rows this transaction's snapshot sees; later ones wait for the next run.
    cursor.execute(
        f"WITH consumed AS (DELETE FROM {log} RETURNING *) INSERT INTO figure_changes SELECT * FROM consumed"  # noqa: S608
    )
    read = cursor.rowcount
    if not read:
        cursor.execute("DROP TABLE figure_changes")
        return 0, 0, 0
    cursor.execute("ANALYZE figure_changes")
    sums = ", ".join(f"{sql} AS {name}" for name, sql in _daily_measures(logged=True))
    daily = _grouped_by_subtree(cursor, _BY_DAY, sums, "figure_changes i", logged=True)
    cursor.execute(f"CREATE TEMPORARY TABLE {_TOUCHED} (unit_id bigint, day date)")
    daily_net, daily_written = _add(
        cursor, _table(DailyCount), _DAILY_KEYS, MEASURE_NAMES, daily,
        gone=" + ".join(f"t.{status}" for status in _STATES) + " = 0", touched=_TOUCHED,
    )
    _refresh_running_totals(cursor)
    fields = _grouped_by_subtree(
        cursor, _BY_DAY_AND_FIELD, f"COALESCE(SUM(i.sign) FILTER (WHERE {_IS_COUNTED}), 0) AS received",
        "figure_changes i", logged=True,
    )
    _net, fields_written = _add(cursor, _table(FieldDailyCount), _FIELD_KEYS, ["received"], fields,
                                gone="t.received = 0")
    approvals = _approvals(cursor, "figure_changes i WHERE TRUE", logged=True)
    _net, approvals_written = _add(cursor, _table(ApprovalDailyCount), _APPROVAL_KEYS, ["approved"], approvals,
                                   gone="t.approved = 0")
    waiting = _grouped_by_subtree(cursor, backlog.WAITING_BY, "COALESCE(SUM(i.sign), 0) AS n",
                                  backlog.waiting_source(cursor, rules, logged=True), values=backlog.WAITING_VALUES)
    _net, waiting_written = _add(cursor, backlog.waiting_table(), backlog.WAITING_KEYS, ["n"], waiting, gone="t.n = 0")
    cursor.execute("DROP TABLE figure_changes")
    return read, daily_net, daily_written + fields_written + approvals_written + waiting_written


def _apply_logged_decisions(cursor, rules) -> tuple[int, int]:
    """Consume the decisions logged since the last run and add the flows they made; returns
    (decisions read, rows written)."""
    log = _table(DecisionChange)
    cursor.execute(f"CREATE TEMPORARY TABLE decision_changes (LIKE {log}) ON COMMIT DROP")
    cursor.execute(
        f"WITH consumed AS (DELETE FROM {log} RETURNING *) INSERT INTO decision_changes SELECT * FROM consumed"  # noqa: S608
    )
    read = cursor.rowcount
    written = 0
    if read:
        cursor.execute("ANALYZE decision_changes")
        flows = _grouped_by_subtree(cursor, backlog.FLOW_BY, "COUNT(*) AS n",
                                    backlog.flow_source(cursor, rules, logged=True), values=backlog.FLOW_VALUES)
        _net, written = _add(cursor, backlog.flow_table(), backlog.FLOW_KEYS, ["n"], flows, gone="t.n = 0")
    cursor.execute("DROP TABLE decision_changes")
    return read, written


def _flow_figures(cursor, rules) -> str:
    return _grouped_by_subtree(cursor, backlog.FLOW_BY, "COUNT(*) AS n",
                               backlog.flow_source(cursor, rules, logged=False), values=backlog.FLOW_VALUES)


def _flow_changes_in_background(cursor, rules) -> _Changes:
    """Start finding the backlog flows' difference on another connection (``cursor``'s snapshot)."""
    cursor.execute("SELECT pg_export_snapshot()")
    snapshot = cursor.fetchone()[0]
    return _Changes(snapshot, _changes_sql(backlog.flow_table(), backlog.FLOW_KEYS, ["n"], _flow_figures(cursor, rules)))


def _refresh_backlog(cursor, rules, flow_changes: _Changes | None = None, *, flows: bool = True) -> int:
    """Every unit's backlog from the waiting initiatives and (with ``flows``) every decision;
    returns rows changed. With ``flow_changes`` (``_flow_changes_in_background``) the flows'
    difference comes from there."""
    waiting = _grouped_by_subtree(cursor, backlog.WAITING_BY, "COUNT(*) AS n",
                                  backlog.waiting_source(cursor, rules, logged=False), values=backlog.WAITING_VALUES)
    _rows, waiting_changed = _refresh(cursor, backlog.waiting_table(), backlog.WAITING_KEYS, ["n"], waiting,
                                      count_rows=False)
    if not flows:
        return waiting_changed
    flows = None if flow_changes is not None else _flow_figures(cursor, rules)
    _rows, flows_changed = _refresh(cursor, backlog.flow_table(), backlog.FLOW_KEYS, ["n"], flows, count_rows=False,
                                    changes=flow_changes)
    return waiting_changed + flows_changed


def _add(cursor, table: str, keys: tuple[str, ...], measures: list[str], differences: str, *,
         gone: str, touched: str | None = None) -> tuple[int, int]:
    """Add ``differences`` (rows of keys and measures) to ``table``: update the rows that
    exist, insert the new keys, remove the rows left empty (``gone``, on ``t``); with
    ``touched`` the keys of the rows written or removed are added to that table.
    Returns (rows added minus removed, rows written)."""
    on = " AND ".join(f"t.{key} = c.{key}" for key in keys)
    cursor.execute(
        f"CREATE TEMPORARY TABLE aggregates_changes AS SELECT * FROM ({differences}) d "  # noqa: S608
        f"WHERE {' OR '.join(f'd.{name} <> 0' for name in measures)}"
    )
    # A few rows beside tables of millions: with its size known the planner looks each one up.
    cursor.execute("ANALYZE aggregates_changes")
    updates = ", ".join(f"{name} = t.{name} + c.{name}" for name in measures)
    cursor.execute(f"UPDATE {table} t SET {updates} FROM aggregates_changes c WHERE {on}")  # noqa: S608
    updated = cursor.rowcount
    columns = ", ".join((*keys, *measures))
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT {', '.join(f'c.{column}' for column in (*keys, *measures))} "  # noqa: S608
        f"FROM aggregates_changes c WHERE NOT EXISTS (SELECT 1 FROM {table} t WHERE {on})"
    )
    inserted = cursor.rowcount
    cursor.execute(f"DELETE FROM {table} t USING aggregates_changes c WHERE {on} AND {gone}")  # noqa: S608
    removed = cursor.rowcount
    _note_touched(cursor, touched)
    cursor.execute("DROP TABLE aggregates_changes")
    return inserted - removed, updated + inserted


def _check(cursor, rules) -> dict[str, int]:
    """How many units' rows differ from the initiatives, per table (``reports.aggregate_checks``)."""
    return aggregate_checks.differences(
        cursor, measures=_measure_conditions(), states=_STATES, initiatives=_initiatives(), received=_RECEIVED,
        approved=_APPROVED, rules=rules,
    )


def _rewrite_running_totals(cursor) -> int:
    """Rewrite from their daily rows, every day of them, the running totals of the units the
    check found different (``aggregate_checks.RUNNING_TOTAL_UNITS``, then dropped); returns
    the rows written."""
    units = aggregate_checks.RUNNING_TOTAL_UNITS
    cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {units})")  # noqa: S608
    if cursor.fetchone()[0]:
        cursor.execute(f"CREATE TEMPORARY TABLE {_TOUCHED} (unit_id bigint, day date)")
        # Every day of theirs touched: none of their stored running totals is kept.
        cursor.execute(
            f"INSERT INTO {_TOUCHED} SELECT d.unit_id, d.day FROM {_table(DailyCount)} d "  # noqa: S608
            f"WHERE d.unit_id IN (SELECT unit_id FROM {units}) "
            f"UNION SELECT r.unit_id, unnest(r.days) FROM {_table(RunningTotal)} r "
            f"WHERE r.unit_id IN (SELECT unit_id FROM {units})"
        )
        written = _refresh_running_totals(cursor)
    else:
        written = 0
    cursor.execute(f"DROP TABLE {units}")
    return written


def _consume_full_requests(cursor) -> bool:
    """Whether a unit moved, merged or went since the last run (the requests are consumed)."""
    cursor.execute(f"DELETE FROM {_table(FullRecomputeRequest)}")  # noqa: S608
    return cursor.rowcount > 0


def aggregates_recompute(*, full: bool = False, history: bool = False) -> AggregateSet | None:
    """Bring every aggregate up to date with the initiatives; return the current set.

    Applies the change log, or reads every initiative when ``full`` is asked, when there is
    no current set, or after a unit moved or went (see the module's docstring); ``history``
    also replays every decision for the backlog's flows (a full run).
    When a figure changed, a new set becomes current (pages cached under the old one are
    rebuilt); when none did, the current set stays and only its time moves on. Returns
    None when another recompute holds the lock (it will produce the same figures). A
    failure or a killed worker rolls everything back: readers keep the previous figures,
    and the change log keeps its rows.
    """
    try:
        return _recompute(full=full, history=history)
    except OperationalError as error:
        # The snapshot is taken as the lock is asked for: a run that committed in between
        # leaves this one with rows it changed since, which PostgreSQL refuses to update.
        if getattr(error.__cause__, "pgcode", None) != _SERIALIZATION_FAILURE:
            raise
        logger.info("Aggregate recompute started as another one committed: starting again")
        return _recompute(full=full, history=history)


_SERIALIZATION_FAILURE = "40001"


def _recompute(*, full: bool, history: bool) -> AggregateSet | None:
    started, started_at = time.monotonic(), timezone.now()
    RecomputeLock.objects.get_or_create(name=LOCK_NAME)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            # One snapshot for the log rows consumed and the initiatives read (inside a caller's
            # transaction, as in tests, the caller's isolation holds).
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        try:
            RecomputeLock.objects.select_for_update(nowait=True).get(name=LOCK_NAME)
        except DatabaseError:
            logger.info("Aggregate recompute skipped: another one is running")
            return None
        current = AggregateSet.objects.filter(is_current=True).first()
        with connection.cursor() as cursor:
            _session_settings(cursor)
            history = _consume_full_requests(cursor) or history or current is None
            full = full or history
            rules = backlog.current_rules()
            changes_read, logged, differing = 0, False, None
            if not history:
                # The periodic run, and the nightly one before its check: the logs' changes.
                try:
                    with transaction.atomic():
                        changes_read, net_rows, changed = _apply_logged_changes(cursor, rules)
                        _decisions_read, flows_written = _apply_logged_decisions(cursor, rules)
                    changed += flows_written
                    daily_rows = current.daily_rows + net_rows
                    logged = True
                except IntegrityError:
                    logger.exception("Aggregate rows and change log disagree: reading every initiative instead")
                    full = history = True
            rebuild = history
            if full and not history:
                # The nightly run: every row checked against the initiatives, rebuilt where it differs.
                found = _check(cursor, rules)
                differing = sum(found.values())
                if found:
                    logger.warning("Aggregate rows differ from the initiatives (units per table: %s): rebuilding",
                                   found)
                # Running totals alone are rewritten for their units; any other table is rebuilt.
                rebuild = bool(set(found) - {"running"})
            if rebuild:
                field_changes = flow_changes = None
                if not outermost:
                    # Inside a caller's transaction each statement sees what is committed by
                    # then: no change may be logged (and committed) between consuming the
                    # log and reading the initiatives.
                    cursor.execute(f"LOCK TABLE {_table(FigureChange)} IN SHARE MODE")
                    cursor.execute(f"LOCK TABLE {_table(DecisionChange)} IN SHARE MODE")
                # Everything the logs hold is in what this run reads (the same snapshot).
                cursor.execute(f"DELETE FROM {_table(FigureChange)}")  # noqa: S608
                flows_written = 0
                if history:
                    cursor.execute(f"DELETE FROM {_table(DecisionChange)}")  # noqa: S608
                else:
                    # The flows are history: the decisions since the last run add theirs.
                    _decisions_read, flows_written = _apply_logged_decisions(cursor, rules)
                if outermost and not logged:
                    # A second connection sees what is committed, not a caller's transaction (nor
                    # the rows this one wrote from the log).
                    field_changes = _field_changes_in_background(cursor)
                    if history:
                        # The backlog's flows (every decision replayed) on a third: on two cores the
                        # three scans share them instead of the flows waiting for the other two.
                        flow_changes = _flow_changes_in_background(cursor, rules)
                try:
                    daily_rows, daily_changed = _refresh_daily(cursor)
                    _field_rows, field_changed = _refresh_field_daily(cursor, field_changes)
                    _approval_rows, approvals_changed = _refresh_approvals(cursor)
                    backlog_changed = flows_written + _refresh_backlog(cursor, rules, flow_changes, flows=history)
                except BaseException:
                    for changes in (field_changes, flow_changes):
                        if changes is not None:
                            changes.abandon()
                    raise
                changed = (changed if logged else 0) + max(daily_changed, 0) + max(field_changed, 0) + \
                    approvals_changed + backlog_changed
            if differing is not None:
                changed += _rewrite_running_totals(cursor)
        figures = current
        if figures is None or changed:
            AggregateSet.objects.all().delete()
            figures = AggregateSet(is_current=True)
        figures.started_at = started_at
        figures.computed_at = timezone.now()
        figures.initiatives_read = _initiatives_read()
        figures.daily_rows = max(daily_rows, 0)
        figures.rows_changed = changed
        figures.full = full
        figures.changes_read = changes_read
        if differing is not None:
            figures.checked_at, figures.units_differing = timezone.now(), differing
        elif current is not None:  # the last check stays on record until the next one
            figures.checked_at, figures.units_differing = current.checked_at, current.units_differing
        figures.duration_ms = int((time.monotonic() - started) * 1000)
        figures.save()
    logger.info("Aggregates %s: set %s, %s daily rows (%s rows changed, %s changes read) in %s ms",
                "recomputed in full" if full else "brought up to date", figures.pk, figures.daily_rows,
                figures.rows_changed, changes_read, figures.duration_ms)
    return figures


def _initiatives_read() -> int:
    """The submitted initiatives, from the top units' rows (every state but draft)."""
    total = DailyCount.objects.filter(unit__depth=1).aggregate(n=Sum(sum((F(s) for s in _STATES[1:]), F(_STATES[0]))))
    return total["n"] or 0
