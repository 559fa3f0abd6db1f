"""The queue as branches: each one walk of an index in queue order, for a subtree and a state."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from submissions.enums import REVIEWABLE_STATES, WAITING_STATES, InitiativeStatus
from submissions.models import Initiative
from unions import selectors as unit_selectors
from unions.models import Unit

# --- the queue as branches, each one walk of an index in queue order -------------------------
from ..deadlines import deadline_rules
from .filters import AWAITING, SEARCH_INDEX_STATES, QueueFilters, _other_filters_q, _review_units


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


def queue_branches(user, filters: QueueFilters, state: str) -> list[QuerySet[Initiative]]:
    """Querysets whose union is the queue's rows in ``state`` (or "awaiting me").

    They do not overlap, and each is a (state, subtree) pair an index serves in queue
    order, so that a page is a merge of index walks stopped after 26 rows.
    """
    base = _queue_base(filters)
    return [base.filter(condition) for condition in _branch_conditions(_branch_pairs(user, filters, state))]


def _queue_base(filters: QueueFilters) -> QuerySet[Initiative]:
    return Initiative.objects.alias(branch=Substr("unit_path", 1, _BRANCH_LENGTH)).filter(_other_filters_q(filters))


def _branch_conditions(pairs: list[tuple[str, Q]]) -> list[Q]:
    """The condition of each (state, subtree) pair of ``_branch_pairs``."""
    return [subtree & Q(status=state) for state, subtree in pairs]


def _branch_pairs(user, filters: QueueFilters, state: str) -> list[tuple[str, Q]]:
    """The state and the subtree condition of each of ``queue_branches``."""
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
    if filters.deadline:
        # Only initiatives waiting for a review have a deadline; each state's is its stage's.
        paths = None if everything else tuple(sorted(u.path for u in scope))
        if paths not in filters.read_rules:
            filters.read_rules[paths] = deadline_rules(paths)
        rules = filters.read_rules[paths]
        today = filters.today or timezone.localdate()
        pairs = [(s, q & rules.filter_q(filters.deadline, s, today)) for s, q in pairs if s in WAITING_STATES]
    return pairs


def _by_search_index(pairs: list[tuple[str, Q]]) -> Q:
    """The union of the (state, subtree) ``pairs`` grouped by the full-text index of their
    states: the planner reads each index once for a search, not once per state."""
    grouped = []
    for states in SEARCH_INDEX_STATES:  # every reviewable state is in one (a test holds them to it)
        subtrees = _branch_conditions([(s, q) for s, q in pairs if s in states])
        if subtrees:
            grouped.append(Q(status__in=states) & reduce(or_, subtrees))
    return reduce(or_, grouped)
