"""The review backlog of a unit's subtree on a local day: what waits at each stage, what is
overdue, the oldest waiting, and the median days it took to verify and to approve.

Read from ``BacklogWaiting`` (the waiting at the last recompute) and ``BacklogFlow`` (the
arrivals and departures of each day), both rolled up the tree, never from the initiatives:

- waiting on day D = the waiting rows, less the arrivals after D, plus the departures
  (advanced or left) after D, grouped by the day each stay started; on or after the day of
  the last recompute no flow comes after D and the waiting rows are read as they are;
- overdue on D = those due before D (an initiative due on D is overdue from D + 1);
- oldest waiting on D = D less the earliest start with something still waiting;
- median days to verify (stage 1) / approve (stage 2) = the median of ``day - started_on``
  over the stays that advanced on a day of [since, D] (every day up to D without ``since``),
  the mean of the two middle values for an even count.

One statement per question for any number of units (a unit and its children alike), summed
by PostgreSQL from the (unit, …) keys of both tables; the result is cached under the current
aggregate set, like every figure of the dashboards.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass
from decimal import Decimal

from django.db import connection

from unions.models import Unit

from .models import BacklogFlow, BacklogWaiting
from .selectors import current_set, reference_cached

VERIFY, APPROVE = 1, 2
STAGES = (VERIFY, APPROVE)


@dataclass(frozen=True)
class Backlog:
    """A unit's backlog on a day; the field names are the API's ``backlog`` keys."""

    awaiting_verify: int = 0
    awaiting_approve: int = 0
    overdue_verify: int = 0
    overdue_approve: int = 0
    # None when nothing waits.
    oldest_waiting_days: int | None = None
    # Days, with one decimal at most (the mean of two middle values); None when nothing was decided.
    median_days_to_verify: Decimal | None = None
    median_days_to_approve: Decimal | None = None

    @property
    def awaiting(self) -> int:
        return self.awaiting_verify + self.awaiting_approve

    @property
    def overdue(self) -> int:
        return self.overdue_verify + self.overdue_approve

    def as_json(self) -> dict:
        """The API's ``backlog``: counts as integers, medians as numbers with one decimal."""
        document = asdict(self)
        for key in ("median_days_to_verify", "median_days_to_approve"):
            if document[key] is not None:
                document[key] = float(document[key])
        return document


EMPTY = Backlog()


def unit_backlog(unit: Unit, as_of: dt.date, since: dt.date | None = None) -> Backlog | None:
    """``unit``'s backlog on local day ``as_of``, its medians over the decisions of [since,
    as_of] (every decision up to ``as_of`` without ``since``); None before the first recompute.

    Built once per aggregate set, unit and days, then served from the cache.
    """
    agg = current_set()
    if agg is None:
        return None
    key = f"backlog:{agg.pk}:{unit.pk}:{since.isoformat() if since else ''}:{as_of.isoformat()}"
    return reference_cached(key, lambda _key: backlog_of_units([unit.pk], as_of, since)[unit.pk])


def children_backlog(unit: Unit, as_of: dt.date, since: dt.date | None = None) -> dict[int, Backlog]:
    """The backlog of each active child of ``unit`` by unit id (as ``unit_backlog`` reads it),
    in the same two statements whatever the number of children; empty before the first
    recompute."""
    from unions.selectors import child_units

    agg = current_set()
    if agg is None:
        return {}
    key = f"backlog-children:{agg.pk}:{unit.pk}:{since.isoformat() if since else ''}:{as_of.isoformat()}"
    return reference_cached(
        key, lambda _key: backlog_of_units(list(child_units(unit).values_list("pk", flat=True)), as_of, since)
    )


def backlog_of_units(unit_ids: list[int], as_of: dt.date, since: dt.date | None = None) -> dict[int, Backlog]:
    """The backlog of each of ``unit_ids`` (uncached): one statement for the waiting, one for
    the days to decide; a unit without rows gets ``EMPTY``."""
    if not unit_ids:
        return {}
    waiting = _waiting(unit_ids, as_of)
    medians = _medians(unit_ids, as_of, since)
    result = {}
    for pk in unit_ids:
        stages = waiting.get(pk, {})
        starts = [start for _n, _overdue, start in stages.values() if start is not None]
        result[pk] = Backlog(
            awaiting_verify=stages.get(VERIFY, (0, 0, None))[0],
            awaiting_approve=stages.get(APPROVE, (0, 0, None))[0],
            overdue_verify=stages.get(VERIFY, (0, 0, None))[1],
            overdue_approve=stages.get(APPROVE, (0, 0, None))[1],
            oldest_waiting_days=(as_of - min(starts)).days if starts else None,
            median_days_to_verify=medians.get((pk, VERIFY)),
            median_days_to_approve=medians.get((pk, APPROVE)),
        )
    return result


def _waiting(unit_ids: list[int], as_of: dt.date) -> dict[int, dict[int, tuple[int, int, dt.date | None]]]:
    """unit id → stage → (waiting, overdue, earliest start still waiting) on ``as_of``.

    The inner query nets the waiting rows and the flows after ``as_of`` per stay start (an
    arrival after the day takes one away, a departure after it gives one back); the outer
    one sums them per stage. ``stage IN (1, 2)`` lets the flows' (unit, stage, day, …) key
    serve the day range.
    """
    sql = f"""
        SELECT unit_id, stage, SUM(n), SUM(overdue), MIN(started_on) FILTER (WHERE n > 0)
        FROM (
            SELECT unit_id, stage, started_on, SUM(n) AS n, SUM(n) FILTER (WHERE due_on < %(day)s) AS overdue
            FROM (
                SELECT unit_id, stage, started_on, due_on, n FROM {BacklogWaiting._meta.db_table}
                WHERE unit_id = ANY(%(ids)s)
                UNION ALL
                SELECT unit_id, stage, started_on, due_on, CASE WHEN kind = %(arrived)s THEN -n ELSE n END
                FROM {BacklogFlow._meta.db_table}
                WHERE unit_id = ANY(%(ids)s) AND stage = ANY(%(stages)s) AND day > %(day)s
            ) AS rows
            GROUP BY unit_id, stage, started_on
        ) AS stays
        GROUP BY unit_id, stage
    """  # noqa: S608 - the tables' names are the models' own; every value is a parameter
    result: dict[int, dict[int, tuple[int, int, dt.date | None]]] = defaultdict(dict)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"ids": unit_ids, "day": as_of, "stages": list(STAGES),
                             "arrived": BacklogFlow.Kind.ARRIVED.value})
        for unit_id, stage, n, overdue, earliest in cursor.fetchall():
            result[unit_id][stage] = (int(n or 0), int(overdue or 0), earliest)
    return result


def _medians(unit_ids: list[int], as_of: dt.date, since: dt.date | None) -> dict[tuple[int, int], Decimal]:
    """(unit id, stage) → the median days from a stay's start to its advance, over the advances
    on the days of [since, as_of]; absent when none. PostgreSQL counts the stays by their
    length (a few hundred lengths per unit at most), the median is taken from those counts."""
    since_sql = "AND day >= %(since)s" if since is not None else ""
    sql = f"""
        SELECT unit_id, stage, day - started_on AS days, SUM(n) FROM {BacklogFlow._meta.db_table}
        WHERE unit_id = ANY(%(ids)s) AND stage = ANY(%(stages)s) AND day <= %(day)s {since_sql} AND kind = %(advanced)s
        GROUP BY unit_id, stage, days ORDER BY unit_id, stage, days
    """  # noqa: S608 - the table's name is the model's own; every value is a parameter
    counts: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"ids": unit_ids, "stages": list(STAGES), "day": as_of, "since": since,
                             "advanced": BacklogFlow.Kind.ADVANCED.value})
        for unit_id, stage, days, n in cursor.fetchall():
            if n:
                counts[(unit_id, stage)].append((days, int(n)))
    return {key: weighted_median(values) for key, values in counts.items()}


def weighted_median(counted: list[tuple[int, int]]) -> Decimal:
    """The median of values given as (value, how many) in ascending order: the middle value
    of an odd count, the mean of the two middle values of an even count."""
    total = sum(n for _value, n in counted)
    # 1-based positions of the middle values (the same one for an odd count).
    low, high = (total + 1) // 2, total // 2 + 1
    seen, low_value = 0, None
    for value, n in counted:
        seen += n
        if low_value is None and seen >= low:
            low_value = value
        if seen >= high:
            return (Decimal(low_value) + Decimal(value)) / 2
    raise ValueError("no values")
