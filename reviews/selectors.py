"""Reads for officers: the review queue (scoped, filtered, keyset-paginated) and its counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet

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


def awaiting_q(user) -> Q:
    """Initiatives waiting for a stage this user may take: their own unit's submitted ones
    (verify) and the verified ones of the units below them (approve)."""
    if user.is_superuser:
        return Q(status__in=[InitiativeStatus.SUBMITTED, InitiativeStatus.VERIFIED])
    units = [a.unit for a in unit_selectors.active_appointments(user, REVIEW_ROLES)]
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


def _filtered(user, filters: QueueFilters, *, with_state: bool = True) -> QuerySet[Initiative]:
    qs = review_scope(user)
    if with_state:
        if filters.state == AWAITING:
            qs = qs.filter(awaiting_q(user))
        elif filters.state in InitiativeStatus.values:
            qs = qs.filter(status=filters.state)
    if filters.field:
        qs = qs.filter(field_id=filters.field)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.unit is not None:
        qs = qs.filter(unit_selectors.subtree_q(filters.unit, prefix="unit__"))
    if filters.date_from:
        qs = qs.filter(submitted_on__gte=filters.date_from)
    if filters.date_to:
        qs = qs.filter(submitted_on__lte=filters.date_to)
    for word in fold(filters.text).split()[:8]:
        qs = qs.filter(search_text__contains=word)
    return qs


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
        return dt.datetime.fromisoformat(moment), int(pk)
    except (ValueError, TypeError):
        return None


def review_queue(user, filters: QueueFilters, *, after: str = "", before: str = "") -> QueuePage:
    """One page of the queue, ordered by first submission (newest first unless asked).

    Keyset pagination on (first_submitted_at, id): a page 1.000 rows deep costs the same
    as the first, whatever the size of the province.
    """
    # Only what a queue row shows: narrow rows sort in memory even when a search matches many.
    qs = _filtered(user, filters).select_related("unit", "field").only(*QUEUE_COLUMNS)
    newest = not filters.oldest_first
    forward = not before
    position = _parse_cursor(after or before)
    if position is not None:
        moment, pk = position
        later = Q(first_submitted_at__gt=moment) | Q(first_submitted_at=moment, pk__gt=pk)
        earlier = Q(first_submitted_at__lt=moment) | Q(first_submitted_at=moment, pk__lt=pk)
        qs = qs.filter(earlier if newest == forward else later)
    descending = newest == forward
    order = ["-first_submitted_at", "-id"] if descending else ["first_submitted_at", "id"]
    rows = list(qs.order_by(*order)[: PAGE_SIZE + 1])
    more = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
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

    With a text search the bound is ten times lower: every counted row is matched word by word.
    """
    base = _filtered(user, filters, with_state=False)
    cap = COUNT_CAP // 10 if filters.text.strip() else COUNT_CAP
    counts = {}
    for key, qs in [(AWAITING, base.filter(awaiting_q(user)))] + [
        (state, base.filter(status=state)) for state in REVIEWABLE_STATES
    ]:
        n = qs.values("pk")[: cap + 1].count()
        counts[key] = (min(n, cap), n > cap)
    return counts


def similar_initiatives(initiative: Initiative, *, limit: int = 5) -> list[Initiative]:
    """Possible duplicates: other initiatives of the same unit sharing the title's longest words."""
    words = sorted({w for w in fold(initiative.title).split() if len(w) >= 4}, key=len, reverse=True)[:3]
    if not words:
        return []
    match = Q()
    for word in words:
        match |= Q(search_text__contains=word)
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
