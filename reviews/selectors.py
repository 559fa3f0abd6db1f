"""Reads for officers: the review queue (scoped, filtered, keyset-paginated) and its counts."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, F, Func, Q, QuerySet, Value
from django.db.models.functions import Substr
from django.utils import timezone

from initiatives_portal.text import fold
from submissions.enums import REVIEWABLE_STATES, InitiativeStatus
from submissions.models import Initiative
from unions import selectors as unit_selectors
from unions.enums import REVIEW_ROLES
from unions.models import Unit

PAGE_SIZE = 25
QUEUE_COLUMNS = (
    "title", "author_name", "status", "is_exemplary", "first_submitted_at", "unit__name", "unit__code",
    "unit__path", "field__name", "field__name_en",
)
# Counts above this are shown as "more than"; counting further would scan the whole province.
COUNT_CAP = 10_000
AWAITING = "awaiting"


@dataclass
class QueueFilters:
    state: str = AWAITING
    field: int | None = None
    category: str = ""
    unit: Unit | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""
    oldest_first: bool = False


def _review_units(user) -> list[Unit]:
    return [a.unit for a in unit_selectors.active_appointments(user, REVIEW_ROLES)]


def awaiting_q(user) -> Q:
    """Initiatives waiting for a stage this user may take: their own unit's submitted ones
    (verify) and the verified ones of the units below them (approve)."""
    if user.is_superuser:
        return Q(status__in=[InitiativeStatus.SUBMITTED, InitiativeStatus.VERIFIED])
    units = _review_units(user)
    if not units:
        return Q(pk__in=[])
    verify = Q(status=InitiativeStatus.SUBMITTED, unit__in=units)
    below = unit_selectors.subtrees_q(units, prefix="unit__") & ~Q(unit__in=units)
    return verify | (Q(status=InitiativeStatus.VERIFIED) & below)


def review_scope(user) -> QuerySet[Initiative]:
    """Every non-draft initiative in the subtrees of the user's appointments (officer or staff)."""
    qs = Initiative.objects.filter(status__in=REVIEWABLE_STATES)
    if user.is_superuser:
        return qs
    units = unit_selectors.scope_units(user)
    return qs.filter(unit_selectors.subtrees_q(units, prefix="unit__"))


def text_q(text: str) -> Q:
    """Initiatives whose folded title, summary or author contain every word of ``text``.

    Accents and case do not matter ("sang kien" finds "Sáng kiến"); a word matches the
    beginning of a word ("nang" finds "năng" and "nâng cao", not "trang"). On PostgreSQL
    a full-text index answers it; elsewhere the folded text is scanned.
    """
    words = _search_words(text)
    if not words:
        return Q()
    if connection.vendor == "postgresql":
        return Q(WordsMatch(words))
    match = Q()
    for word in words:
        match &= Q(search_text__startswith=word) | Q(search_text__contains=f" {word}")
    return match


def _search_words(text: str) -> list[str]:
    return _WORD.findall(fold(text))[:8]


_WORD = re.compile(r"[a-z0-9]+")


class WordsMatch(Func):
    """``to_tsvector('simple', search_text) @@ to_tsquery('simple', 'w1:* & w2:*')``: the
    expression of the index ``initiative_search_words``. Words are ``[a-z0-9]+``, so the
    query needs no quoting."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, words: list[str]):
        super().__init__(F("search_text"), Value(" & ".join(f"{w}:*" for w in words)))

    def as_sql(self, compiler, connection, **extra_context):
        column, column_params = compiler.compile(self.source_expressions[0])
        query, query_params = compiler.compile(self.source_expressions[1])
        sql = f"to_tsvector('simple'::regconfig, {column}) @@ to_tsquery('simple'::regconfig, {query})"
        return sql, (*column_params, *query_params)


def _filtered(user, filters: QueueFilters, *, with_state: bool = True) -> QuerySet[Initiative]:
    qs = review_scope(user)
    if with_state:
        if filters.state == AWAITING:
            qs = qs.filter(awaiting_q(user))
        elif filters.state in InitiativeStatus.values:
            qs = qs.filter(status=filters.state)
    if filters.unit is not None:
        qs = qs.filter(unit_selectors.subtree_q(filters.unit, prefix="unit__"))
    return qs.filter(_other_filters_q(filters))


def _other_filters_q(filters: QueueFilters) -> Q:
    """The filters besides state and scope. A date range becomes a range of submission
    times (``submitted_on`` is the local date of ``first_submitted_at``), which the queue
    indexes are ordered by."""
    q = text_q(filters.text)
    if filters.field:
        q &= Q(field_id=filters.field)
    if filters.category:
        q &= Q(category=filters.category)
    if filters.date_from:
        q &= Q(first_submitted_at__gte=_local_midnight(filters.date_from))
    if filters.date_to:
        q &= Q(first_submitted_at__lt=_local_midnight(filters.date_to + dt.timedelta(days=1)))
    return q


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


# --- the queue as branches, each one walk of an index in queue order -------------------------


def _outermost(units: list[Unit]) -> list[Unit]:
    """``units`` without those lying under another of them (and without repeats)."""
    by_path = sorted({u.path: u for u in units}.values(), key=lambda u: u.path)
    kept: list[Unit] = []
    for unit in by_path:
        if not kept or not unit.path.startswith(kept[-1].path):
            kept.append(unit)
    return kept


def _subtree_q(unit: Unit) -> Q:
    """The initiatives of ``unit``'s subtree, in the form an index walks in queue order.

    A unit without children is one key of ``initiative_queue_unit``; a province or sector
    one key of ``initiative_queue_branch`` (its path's first two steps); a deeper subtree
    the same key filtered on the path (read from the index); the federation, everything.
    """
    if unit.depth == 1:
        return Q()
    if unit.is_leaf():
        return Q(unit_id=unit.pk)
    q = Q(branch=unit.path[:_BRANCH_LENGTH])
    if unit.depth > 2:
        q &= Q(unit_path__startswith=unit.path)
    return q


_BRANCH_LENGTH = 2 * Unit.steplen


def _within(units: list[Unit], chosen: Unit | None) -> list[Unit]:
    """The subtrees to read: ``units``, narrowed to the unit chosen in the filters."""
    if chosen is None:
        return units
    if any(chosen.path.startswith(u.path) for u in units):
        return [chosen]
    return [u for u in units if u.path.startswith(chosen.path)]


def _branches(user, filters: QueueFilters, state: str) -> list[QuerySet[Initiative]]:
    """Querysets whose union is the queue's rows in ``state`` (or "awaiting me").

    They do not overlap, and each is a (state, subtree) pair an index serves in queue
    order, so that a page is a merge of index walks stopped after 26 rows.
    """
    base = Initiative.objects.alias(branch=Substr("unit_path", 1, _BRANCH_LENGTH)).filter(_other_filters_q(filters))
    everything = user.is_superuser
    scope = [] if everything else _within(_outermost(unit_selectors.scope_units(user)), filters.unit)
    if everything and filters.unit is not None:
        everything, scope = False, [filters.unit]
    pairs: list[tuple[str, Q]] = []
    if state == AWAITING:
        if everything:
            pairs = [(InitiativeStatus.SUBMITTED, Q()), (InitiativeStatus.VERIFIED, Q())]
        else:
            units = _review_units(user)
            in_scope = [u for u in units if any(u.path.startswith(s.path) for s in scope)]
            pairs = [(InitiativeStatus.SUBMITTED, Q(unit_id=u.pk)) for u in in_scope]
            own = Q(unit_id__in=[u.pk for u in units])
            for top in _within(_outermost(units), filters.unit):
                pairs.append((InitiativeStatus.VERIFIED, _subtree_q(top) & ~own))
    else:
        if state in InitiativeStatus.values:
            states = [state] if state in REVIEWABLE_STATES else []
        else:
            states = list(REVIEWABLE_STATES)
        subtrees = [Q()] if everything else [_subtree_q(u) for u in scope]
        pairs = [(s, q) for s in states for q in subtrees]
    return [base.filter(q, status=s) for s, q in pairs]


@dataclass(frozen=True)
class QueuePage:
    items: list[Initiative]
    next_cursor: str
    prev_cursor: str
    is_first: bool


def _cursor(item: Initiative) -> str:
    return f"{item.first_submitted_at.isoformat()}_{item.pk}"


def _parse_cursor(raw: str) -> tuple[dt.datetime, int] | None:
    try:
        moment, pk = raw.rsplit("_", 1)
        moment = dt.datetime.fromisoformat(moment)
        return (moment, int(pk)) if timezone.is_aware(moment) else None
    except (ValueError, TypeError):
        return None


def review_queue(user, filters: QueueFilters, *, after: str = "", before: str = "") -> QueuePage:
    """One page of the queue, ordered by first submission (newest first unless asked).

    Keyset pagination on (first_submitted_at, id): a page 1.000 rows deep costs the same
    as the first, whatever the size of the province. The page's keys come from a merge of
    index walks (``_branches``); only its 25 rows are then read in full.
    """
    newest = not filters.oldest_first
    forward = not before
    position = _parse_cursor(after or before)
    descending = newest == forward
    keyset = Q()
    if position is not None:
        moment, pk = position
        if descending:
            keyset = Q(first_submitted_at__lt=moment) | Q(first_submitted_at=moment, pk__lt=pk)
        else:
            keyset = Q(first_submitted_at__gt=moment) | Q(first_submitted_at=moment, pk__gt=pk)
    order = ["-first_submitted_at", "-id"] if descending else ["first_submitted_at", "id"]
    branches = [b.filter(keyset).values_list("first_submitted_at", "id") for b in _branches(user, filters, filters.state)]
    if not branches:
        keys = []
    elif len(branches) == 1:
        keys = list(branches[0].order_by(*order)[: PAGE_SIZE + 1])
    else:
        keys = list(branches[0].union(*branches[1:], all=True).order_by(*order)[: PAGE_SIZE + 1])
    more = len(keys) > PAGE_SIZE
    ids = [pk for _moment, pk in keys[:PAGE_SIZE]]
    by_id = Initiative.objects.select_related("unit", "field").only(*QUEUE_COLUMNS).in_bulk(ids)
    rows = [by_id[pk] for pk in ids if pk in by_id]
    if not forward:
        rows.reverse()
    has_next = more if forward else True
    has_prev = (position is not None) if forward else more
    return QueuePage(
        items=rows,
        next_cursor=_cursor(rows[-1]) if rows and has_next else "",
        prev_cursor=_cursor(rows[0]) if rows and has_prev else "",
        is_first=not has_prev,
    )


def queue_counts(user, filters: QueueFilters) -> dict[str, tuple[int, bool]]:
    """Per state (and "awaiting me"): (count, capped) under the other filters, each bounded by COUNT_CAP.

    Each branch is counted from its index and stops at the bound. With a text search the
    bound is ten times lower: every counted row is matched word by word.
    """
    cap = COUNT_CAP // 10 if _search_words(filters.text) else COUNT_CAP
    counts = {}
    for key in (AWAITING, *REVIEWABLE_STATES):
        n = 0
        for branch in _branches(user, filters, key):
            n += branch.values("pk")[: cap + 1 - n].count()
            if n > cap:
                break
        counts[key] = (min(n, cap), n > cap)
    return counts


def similar_initiatives(initiative: Initiative, *, limit: int = 5) -> list[Initiative]:
    """Possible duplicates: other initiatives of the same unit sharing the title's longest words."""
    words = sorted({w for w in fold(initiative.title).split() if len(w) >= 4}, key=len, reverse=True)[:3]
    if not words:
        return []
    match = Q()
    for word in words:
        match |= text_q(word)
    return list(
        Initiative.objects.filter(unit_id=initiative.unit_id, status__in=REVIEWABLE_STATES)
        .exclude(pk=initiative.pk)
        .filter(match)
        .select_related("field")
        .order_by("-id")[:limit]
    )


def unread_notifications_count(user) -> int:
    from .models import Notification

    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
