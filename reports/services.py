"""Writes of the reporting app: the recompute of the aggregate tables.

The initiatives are the ground truth. A recompute reads them with two GROUP BY
statements, counting each initiative for its unit and every unit above it (on
PostgreSQL in one scan, with one grouping set per depth of the unit's path; elsewhere
through the ``UnitAncestor`` closure), per unit and local day, then writes only the rows
whose figures changed. Everything happens in one transaction that also makes the new set
current, so readers see the figures before or after, never a mix.
It is idempotent: the same initiatives always give the same rows.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from submissions.enums import COUNTED_STATES
from submissions.models import Initiative
from unions.models import Unit

from .models import AggregateSet, DailyCount, FieldDailyCount, RecomputeLock, UnitAncestor

logger = logging.getLogger(__name__)

LOCK_NAME = "aggregates"

_COUNTED = ", ".join(f"'{s.value}'" for s in COUNTED_STATES)
_IS_COUNTED = f"i.status IN ({_COUNTED})"

def _count(condition: str) -> str:
    return f"COUNT(*) FILTER (WHERE {condition})"


_STATUS_COUNTS = {status: _count(f"i.status = '{status}'") for status in (
    "submitted", "verified", "approved", "returned", "rejected", "withdrawn")}

# (column, SQL aggregate over the initiatives of one unit and day). ``received`` adds up the
# counted states' own counts: the database computes each identical aggregate once.
DAILY_MEASURES: list[tuple[str, str]] = [
    ("received", " + ".join(_STATUS_COUNTS[s.value] for s in COUNTED_STATES)),
    ("approved", _STATUS_COUNTS["approved"]),
    ("submitted", _STATUS_COUNTS["submitted"]),
    ("verified", _STATUS_COUNTS["verified"]),
    ("returned", _STATUS_COUNTS["returned"]),
    ("rejected", _STATUS_COUNTS["rejected"]),
    ("withdrawn", _STATUS_COUNTS["withdrawn"]),
    ("exemplary", _count("i.status = 'approved' AND i.is_exemplary")),
    ("public_service", _count(f"{_IS_COUNTED} AND i.category = 'public_service'")),
    ("enterprise", _count(f"{_IS_COUNTED} AND i.category = 'enterprise'")),
    ("union_official", _count(f"{_IS_COUNTED} AND i.category = 'union_official'")),
    ("civil_servant", _count(f"{_IS_COUNTED} AND i.category = 'civil_servant'")),
    ("non_management", _count(f"{_IS_COUNTED} AND NOT i.holds_management_post")),
    ("direct_production", _count(f"{_IS_COUNTED} AND i.is_direct_production_worker")),
    ("benefit_vnd", f"COALESCE(SUM(i.benefit_vnd) FILTER (WHERE {_IS_COUNTED}), 0)"),
]
MEASURE_NAMES = [name for name, _sql in DAILY_MEASURES]


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _rebuild_unit_ancestors(cursor) -> None:
    """Every (unit, ancestor) pair, the unit itself included: one indexed join per tree level."""
    ancestors, units = _table(UnitAncestor), _table(Unit)
    cursor.execute(f"DELETE FROM {ancestors}")  # noqa: S608 - table names only
    max_depth = Unit.objects.order_by("-depth").values_list("depth", flat=True).first() or 0
    for level in range(1, max_depth + 1):
        cursor.execute(
            f"INSERT INTO {ancestors} (unit_id, ancestor_id) "  # noqa: S608
            f"SELECT u.id, a.id FROM {units} u JOIN {units} a ON a.path = SUBSTR(u.path, 1, %s) "
            f"WHERE u.depth >= %s AND a.depth = %s",
            [level * Unit.steplen, level, level],
        )


def _refresh_daily(cursor) -> tuple[int, int]:
    """Every unit's daily figures (its subtree's initiatives); returns (rows, rows changed)."""
    sums = ", ".join(f"{sql} AS {name}" for name, sql in DAILY_MEASURES)
    if connection.vendor == "postgresql":
        grouped = _grouped_by_subtree(cursor, [("i.submitted_on", "day")], sums)
    else:
        grouped = (
            f"SELECT ua.ancestor_id AS unit_id, i.submitted_on AS day, {sums} "  # noqa: S608
            f"FROM {_table(Initiative)} i JOIN {_table(UnitAncestor)} ua ON ua.unit_id = i.unit_id "
            f"WHERE i.submitted_on IS NOT NULL GROUP BY ua.ancestor_id, i.submitted_on"
        )
    return _refresh(cursor, _table(DailyCount), ("unit_id", "day"), MEASURE_NAMES, grouped)


def _refresh_field_daily(cursor) -> tuple[int, int]:
    """Every unit's daily received initiatives per field; returns (-1, rows changed)."""
    if connection.vendor == "postgresql":
        grouped = _grouped_by_subtree(
            cursor, [("i.field_id", "field_id"), ("i.submitted_on", "day")],
            f"COUNT(*) FILTER (WHERE {_IS_COUNTED}) AS received",
        )
    else:
        grouped = (
            f"SELECT ua.ancestor_id AS unit_id, i.field_id AS field_id, i.submitted_on AS day, "  # noqa: S608
            f"{_count(_IS_COUNTED)} AS received "
            f"FROM {_table(Initiative)} i JOIN {_table(UnitAncestor)} ua ON ua.unit_id = i.unit_id "
            f"WHERE i.submitted_on IS NOT NULL GROUP BY ua.ancestor_id, i.field_id, i.submitted_on"
        )
    grouped = f"SELECT * FROM ({grouped}) g WHERE g.received > 0"  # noqa: S608
    return _refresh(cursor, _table(FieldDailyCount), ("unit_id", "day", "field_id"), ["received"], grouped,
                    count_rows=False)


def _refresh(cursor, table: str, keys: tuple[str, ...], measures: list[str], grouped: str, *,
             count_rows: bool = True) -> tuple[int, int]:
    """Make ``table`` hold exactly the rows of ``grouped``; returns (rows or -1, rows changed).

    Only the difference is written: one full join of the fresh figures with the stored
    rows finds the keys that vanished, the new keys and the rows whose figures differ
    (into a small temporary table); then those are deleted or upserted. A recompute after a
    few decisions writes a few rows, not millions, and the table never needs rewriting.
    """
    on = " AND ".join(f"f.{key} = t.{key}" for key in keys)
    differs = " OR ".join(f"f.{name} <> t.{name}" for name in measures)
    chosen = ", ".join([f"COALESCE(f.{key}, t.{key}) AS {key}" for key in keys] + [f"f.{name}" for name in measures])
    cursor.execute(
        f"CREATE TEMPORARY TABLE aggregates_changes AS SELECT {chosen}, f.{keys[0]} IS NULL AS gone "  # noqa: S608
        f"FROM ({grouped}) f FULL JOIN {table} t ON {on} "
        f"WHERE f.{keys[0]} IS NULL OR t.{keys[0]} IS NULL OR {differs}"
    )
    key_list = ", ".join(keys)
    cursor.execute(
        f"DELETE FROM {table} WHERE ({key_list}) IN (SELECT {key_list} FROM aggregates_changes WHERE gone)"  # noqa: S608
    )
    changed = cursor.rowcount
    columns = ", ".join((*keys, *measures))
    updates = ", ".join(f"{name} = excluded.{name}" for name in measures)
    # "WHERE NOT gone" also tells SQLite's parser that ON CONFLICT belongs to the INSERT.
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM aggregates_changes WHERE NOT gone "  # noqa: S608
        f"ON CONFLICT ({key_list}) DO UPDATE SET {updates}"
    )
    changed += cursor.rowcount
    cursor.execute("DROP TABLE aggregates_changes")
    if not count_rows:
        return -1, changed
    cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
    return cursor.fetchone()[0], changed


def _grouped_by_subtree(cursor, keys: list[tuple[str, str]], sums: str) -> str:
    """PostgreSQL: ``sums`` over every unit's subtree per ``keys`` ((expression, name) pairs),
    in one scan of the initiatives.

    Each initiative carries its unit's path, whose first L steps name its ancestor at depth
    L. One grouping set per depth adds every initiative to each of its ancestors at once,
    instead of joining every initiative with every ancestor; an initiative of a unit
    shallower than L has no ancestor at that depth and falls out (NULL path).
    """
    cursor.execute(f"SELECT COALESCE(MAX(depth), 1) FROM {_table(Unit)}")  # noqa: S608
    prefixes = [
        f"CASE WHEN LENGTH(i.unit_path) >= {n} THEN SUBSTRING(i.unit_path, 1, {n}) END"
        for n in (depth * Unit.steplen for depth in range(1, cursor.fetchone()[0] + 1))
    ]
    key_exprs = ", ".join(expr for expr, _name in keys)
    selected = ", ".join(f"{expr} AS {name}" for expr, name in keys)
    sets = ", ".join(f"({prefix}, {key_exprs})" for prefix in prefixes)
    return (
        f"SELECT u.id AS unit_id, s.* FROM ("  # noqa: S608
        f"  SELECT COALESCE({', '.join(prefixes)}) AS path, {selected}, {sums}"
        f"  FROM {_table(Initiative)} i WHERE i.submitted_on IS NOT NULL"
        f"  GROUP BY GROUPING SETS ({sets})"
        f") s JOIN {_table(Unit)} u ON u.path = s.path"
    )


def aggregates_recompute() -> AggregateSet | None:
    """Recompute every aggregate from the initiatives; return the current set.

    When a figure changed, a new set becomes current (pages cached under the old one are
    rebuilt); when none did, the current set stays and only its time moves on. Returns
    None when another recompute holds the lock (it will produce the same figures). A
    failure or a killed worker rolls everything back: readers keep the previous figures.
    """
    started, started_at = time.monotonic(), timezone.now()
    RecomputeLock.objects.get_or_create(name=LOCK_NAME)
    with transaction.atomic():
        try:
            RecomputeLock.objects.select_for_update(nowait=connection.features.has_select_for_update_nowait).get(
                name=LOCK_NAME
            )
        except DatabaseError:
            logger.info("Aggregate recompute skipped: another one is running")
            return None
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The GROUP BY and the comparisons fit in memory instead of spilling to disk.
                cursor.execute("SET LOCAL work_mem = %s", [settings.AGGREGATES_WORK_MEM])
                # A killed worker's statement stops within a second instead of running on
                # (holding the lock) until it ends.
                cursor.execute("SET LOCAL client_connection_check_interval = '1s'")
                # Compiling the big statements costs more than it saves.
                cursor.execute("SET LOCAL jit = off")
            else:
                _rebuild_unit_ancestors(cursor)  # PostgreSQL rolls up along the paths instead
            daily_rows, daily_changed = _refresh_daily(cursor)
            _field_rows, field_changed = _refresh_field_daily(cursor)
        changed = max(daily_changed, 0) + max(field_changed, 0)
        figures = AggregateSet.objects.filter(is_current=True).first()
        if figures is None or changed:
            AggregateSet.objects.all().delete()
            figures = AggregateSet(is_current=True)
        figures.started_at = started_at
        figures.computed_at = timezone.now()
        figures.initiatives_read = _initiatives_read()
        figures.daily_rows = max(daily_rows, 0)
        figures.rows_changed = changed
        figures.duration_ms = int((time.monotonic() - started) * 1000)
        figures.save()
    logger.info("Aggregates recomputed: set %s, %s daily rows (%s rows changed) in %s ms", figures.pk,
                figures.daily_rows, figures.rows_changed, figures.duration_ms)
    return figures


def _initiatives_read() -> int:
    """The submitted initiatives, from the top units' rows (every state but draft)."""
    states = ("submitted", "verified", "approved", "returned", "rejected", "withdrawn")
    total = DailyCount.objects.filter(unit__depth=1).aggregate(n=Sum(sum((F(s) for s in states[1:]), F(states[0]))))
    return total["n"] or 0
