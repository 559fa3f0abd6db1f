"""The queue's pages (keyset-paginated, merged from the branches) and its tab counts."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace
from functools import reduce
from operator import or_

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

from initiatives_portal.dates import as_utc
from submissions.enums import REVIEWABLE_STATES
from submissions.models import Initiative
from unions import selectors as unit_selectors

from .. import queue_cache
from .. import rules as review_rules
from .branches import (
    _branch_conditions,
    _branch_pairs,
    _by_search_index,
    _outermost,
    _queue_base,
    _within,
    queue_branches,
)
from .filters import AWAITING, QueueFilters, _review_units, is_search, review_scope, text_q

PAGE_SIZE = 25
QUEUE_COLUMNS = (
    "title", "author_name", "submitter", "status", "is_exemplary", "first_submitted_at", "unit__name", "unit__code",
    "unit__path", "field__name", "field__name_en", "stage_since", "phase", "unit_path",
)
# Counts above this are shown as "more than"; counting further would scan the whole province.
COUNT_CAP = 10_000
SEARCH_COUNT_CAP = 100


@dataclass(frozen=True)
class QueuePage:
    items: list[Initiative]
    next_cursor: str
    prev_cursor: str
    is_first: bool
    # While searching, on the first page: (how many match, whether more than SEARCH_COUNT_CAP do).
    matches: tuple[int, bool] | None = None


def _cursor(item: Initiative, key: str) -> str:
    return f"{getattr(item, key).isoformat()}_{item.pk}"


def _parse_cursor(raw: str) -> tuple[dt.datetime, int] | None:
    try:
        moment, pk = raw.rsplit("_", 1)
        moment = dt.datetime.fromisoformat(moment)
        if not timezone.is_aware(moment) or as_utc(moment) is None:
            return None
        return moment, int(pk)
    except (ValueError, TypeError):
        return None


def _beyond(moment: dt.datetime, pk: int, *, descending: bool, key: str = "first_submitted_at") -> Q:
    """The keys after (``moment``, ``pk``) in queue order (by ``key``, then the id).

    The bound on the time alone is implied by the rest, but unlike an OR it is one the
    index seeks to: a walk starts at the position instead of reading from the top.
    """
    if descending:
        return Q(**{f"{key}__lte": moment}) & (Q(**{f"{key}__lt": moment}) | Q(**{key: moment, "pk__lt": pk}))
    return Q(**{f"{key}__gte": moment}) & (Q(**{f"{key}__gt": moment}) | Q(**{key: moment, "pk__gt": pk}))


def review_queue(user, filters: QueueFilters, *, after: str = "", before: str = "") -> QueuePage:
    """One page of the queue, ordered by first submission (newest first unless asked), or
    oldest waiting first (``filters.longest_waiting``: by the stage clock).

    Keyset pagination on (first_submitted_at, id): a page 1.000 rows deep costs the same
    as the first, whatever the size of the province. The page's keys come from a merge of
    index walks (``queue_branches``); only its 25 rows are then read in full. While
    searching, the first page's walks go on to SEARCH_COUNT_CAP + 1 matches, which tells
    how many match (``matches``) without counting each state's matches apart.
    """
    if filters.number is not None:
        return _numbered(user, filters)
    newest = not filters.oldest_first
    forward = not before
    position = _parse_cursor(after or before)
    descending = newest == forward
    key = filters.key
    keyset = Q() if position is None else _beyond(*position, descending=descending, key=key)
    order = [f"-{key}", "-id"] if descending else [key, "id"]
    searching = is_search(filters)
    count_to = SEARCH_COUNT_CAP + 1 if position is None and searching else 0
    base = _queue_base(filters).filter(keyset).values_list(key, "id")
    pairs = _branch_pairs(user, filters, filters.state)
    conditions = _branch_conditions(pairs)
    limit = PAGE_SIZE + 1
    wanted = max(limit, count_to)
    if conditions and searching and (count_to or len(conditions) > 1) and _few_matches(filters, wanted):
        # The planner reads a rare word's matches and sorts them, once per branch: read
        # them once for every branch, and as far as the count goes (it costs the same).
        conditions, limit = [_by_search_index(pairs)], wanted
    branches = [base.filter(condition) for condition in conditions]
    matches = None
    if count_to:
        keys = _merged(branches, order, count_to=count_to, limit=limit, key=key)
        matches = (min(len(keys), SEARCH_COUNT_CAP), len(keys) > SEARCH_COUNT_CAP)
        by_id = _rows(user).in_bulk([pk for _moment, pk in keys[: PAGE_SIZE + 1]])
        rows = [by_id[pk] for _moment, pk in keys[: PAGE_SIZE + 1] if pk in by_id]
    else:
        rows = _first_rows(branches, order, user)
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    if not forward:
        rows.reverse()
    has_next = more if forward else True
    has_prev = (position is not None) if forward else more
    return QueuePage(
        items=rows,
        next_cursor=_cursor(rows[-1], key) if rows and has_next else "",
        prev_cursor=_cursor(rows[0], key) if rows and has_prev else "",
        is_first=not has_prev,
        matches=matches,
    )


def _numbered(user, filters: QueueFilters) -> QueuePage:
    """The initiative numbered ``filters.number`` if the open tab holds it: a point lookup,
    never a walk.

    Its row is read by the primary key first; the tab's conditions are then checked with
    its every key known (unit, state, submission time, id), so whichever index the planner
    takes, it goes straight to that one entry (the id alone, a later column of the queue
    indexes, would let it read a whole state's entries on a small table's estimates).
    """
    empty = QueuePage(items=[], next_cursor="", prev_cursor="", is_first=True)
    key = Initiative.objects.filter(pk=filters.number).values("unit_id", "status", "first_submitted_at").first()
    conditions = _branch_conditions(_branch_pairs(user, filters, filters.state))
    if key is None or key["first_submitted_at"] is None or not conditions:
        return empty
    found = (
        _queue_base(filters).filter(pk=filters.number, **key).filter(reduce(or_, conditions))
        .values_list("pk", flat=True)[:1]
    )
    return replace(empty, items=list(_rows(user).filter(pk__in=list(found))))


def _rows(user) -> QuerySet[Initiative]:
    """The queue's rows, each with what tells whether ``user`` may not decide it
    (``review_rules.conflict_of_interest``), read in the same query."""
    return (
        Initiative.objects.select_related("unit", "field").only(*QUEUE_COLUMNS)
        .annotate(**review_rules.conflict_annotations(user))
    )


def _first_rows(branches: list[QuerySet], order: list[str], user) -> list[Initiative]:
    """The first PAGE_SIZE + 1 rows of the union of ``branches`` (of keys) in ``order``, in one query.

    Each branch gives its own first keys, one walk of its index stopped early; only the
    rows of the first keys of them all are read in full.
    """
    limit = PAGE_SIZE + 1
    selects, params = [], []
    for index, branch in enumerate(branches):
        try:
            sql, branch_params = branch.order_by(*order)[:limit].query.sql_with_params()
        except EmptyResultSet:
            continue
        selects.append(f"SELECT * FROM ({sql}) AS branch{index}")  # noqa: S608 - compiled by the ORM
        params.extend(branch_params)
    if not selects:
        return []
    direction = "DESC" if order[0].startswith("-") else "ASC"
    key = order[0].lstrip("-")
    first = (
        f"SELECT id FROM ({' UNION ALL '.join(selects)}) AS merged "  # noqa: S608 - compiled by the ORM
        f"ORDER BY {key} {direction}, id {direction} LIMIT {limit}"
    )
    # Compiled by the ORM above; every value is a parameter.
    keys = RawSQL(first, params)  # noqa: S611  # nosec B611
    return list(_rows(user).filter(pk__in=keys).order_by(*order))


def _merged(branches: list[QuerySet], order: list[str], *, count_to: int, limit: int,
            key: str = "first_submitted_at") -> list[tuple]:
    """The first keys of the union of ``branches`` in ``order``: ``limit`` from each, and
    on until ``count_to`` of them all when there are that many (so that they can be counted).

    Each branch is asked for its own first keys: under that limit the planner walks its
    index in order (or, for a rare searched word, reads the word's few matches and sorts
    them), and a union sorting every branch's rows is never built. To count further, a
    branch that gave all it was asked for is asked again, from its last key, for as many:
    a larger limit would make the planner read every match of words it wrongly thinks
    rare (words that come together, "sang kien") instead of walking on.
    """
    descending = order[0].startswith("-")
    keys: list[tuple] = []
    unfinished: list[tuple[QuerySet, tuple]] = []
    for branch in branches:
        got = list(branch.order_by(*order)[:limit])
        keys += got
        if len(got) == limit:
            unfinished.append((branch, got[-1]))
    while unfinished and len(keys) < count_to:
        branch, (moment, pk) = unfinished.pop(0)
        got = list(branch.filter(_beyond(moment, pk, descending=descending, key=key)).order_by(*order)[:limit])
        keys += got
        if len(got) == limit:
            unfinished.append((branch, got[-1]))
    keys.sort(reverse=descending)
    return keys


def _few_matches(filters: QueueFilters, wanted: int) -> bool:
    """Whether reading every initiative that matches the searched words, once, costs less
    than walking the queue order until ``wanted`` of them (the planner's estimates, from the
    words' statistics and the table's size, cost a plan and no read)."""
    matches = _planned_rows(Initiative.objects.filter(text_q(filters.text)))
    # The planner scales the table's last statistics to its present size (right after an
    # import too), which pg_class.reltuples alone does not.
    rows = _planned_rows(Initiative.objects.all())
    return matches_are_few(matches, wanted=wanted, rows=rows)


def _planned_rows(queryset: QuerySet) -> float:
    return json.loads(queryset.values("pk").explain(format="json"))[0]["Plan"]["Plan Rows"]


def matches_are_few(matches: float, *, wanted: int, rows: float) -> bool:
    """Reading M matches costs about M row reads; walking until ``wanted`` of them, when M of
    N rows match, about wanted × N / M. Reading wins while M² ≤ wanted × N: at 10 million
    initiatives and 101 wanted, up to ~32.000 matches (a full name: "le thi hang"); a common
    word ("duong", a million matches) is walked, and its first matches come at once."""
    return matches * matches <= wanted * max(rows, 1)


def queue_counts(user, filters: QueueFilters) -> dict[str, tuple[int, bool]]:
    """Per state (and "awaiting me"): (count, capped) under the other filters, each bounded by COUNT_CAP.

    Each branch is counted from its index and stops at the bound, all in one query. With
    a text search the bound is SEARCH_COUNT_CAP: every counted row is matched word by word.
    """
    cap = SEARCH_COUNT_CAP if is_search(filters) else COUNT_CAP
    keys = (AWAITING, *REVIEWABLE_STATES)
    branches = {key: queue_branches(user, filters, key) for key in keys}
    found = iter(_capped_counts([b for key in keys for b in branches[key]], cap + 1))
    counts = {}
    for key in keys:
        n = sum(next(found) for _branch in branches[key])
        counts[key] = (min(n, cap), n > cap)
    return counts


def _capped_counts(querysets: list[QuerySet], bound: int) -> list[int]:
    """How many rows each of ``querysets`` holds, up to ``bound``: one round trip for all."""
    if not querysets:
        return []
    selects, params = [], []
    for qs in querysets:
        try:
            sql, qs_params = qs.values("pk").order_by()[:bound].query.sql_with_params()
        except EmptyResultSet:
            sql, qs_params = "SELECT 1 WHERE 1 = 0", []
        selects.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped)")  # noqa: S608 - compiled by the ORM
        params.extend(qs_params)
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(selects), params)
        return list(cursor.fetchone())


def queue_tab_counts(user, filters: QueueFilters) -> dict[str, tuple[int, bool]]:
    """What the queue's tabs show: ``queue_counts`` under every filter but a search (words or
    an initiative's number), served from the cache until an initiative changes in the
    subtrees counted (``queue_cache``), so a reload costs one cache read.

    A search keeps them as they were: counting each state's matches apart would match
    every row again; the page's own walks count the open tab's matches (``QueuePage.matches``).
    """
    filters = replace(filters, text="", number=None, longest_waiting=False)
    today = (filters.today or timezone.localdate()) if filters.deadline else None
    if user.is_superuser:
        subtrees = [filters.unit.path if filters.unit is not None else ""]
        reviewing: list[str] = []
    else:
        subtrees = [u.path for u in _within(_outermost(unit_selectors.scope_units(user)), filters.unit)]
        reviewing = sorted(u.path for u in _review_units(user))
    parts = (
        "v3", user.is_superuser, tuple(subtrees), tuple(reviewing), filters.field, filters.category,
        filters.unit.path if filters.unit is not None else "", filters.date_from, filters.date_to, filters.exemplary,
        # Time passing changes what is overdue: deadline counts hold for their local day only.
        filters.deadline, today,
    )
    return queue_cache.cached_counts(parts, subtrees, lambda: queue_counts(user, filters))


def initiative_state_in_scope(user, number: int) -> str | None:
    """The state of initiative ``number`` if it is in ``user``'s review scope (one read of the
    primary key's index), to point a search by number that the open tab misses to its tab."""
    return review_scope(user).filter(pk=number).values_list("status", flat=True).first()
