"""Reads of selection rounds: pools, conflicts, progress, results. Scoped by the callers' rules."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet, Sum

from submissions.enums import InitiativeStatus
from submissions.models import CoAuthor, Initiative
from unions import selectors as unit_selectors
from unions.models import Appointment

from .enums import RoundStatus
from .models import CouncilAssignment, CouncilMember, CouncilRound, CouncilScore, CouncilSelection
from .rules import ROUND_ROLES, runs_unit

TWO_PLACES = Decimal("0.01")


def rounds_visible_to(user) -> QuerySet[CouncilRound]:
    """Rounds ``user`` chairs, sits on, or runs as a manager or staff of their unit or above."""
    if getattr(user, "is_superuser", False):
        return CouncilRound.objects.all()
    q = Q(chair=user) | Q(members__user=user)
    units = [a.unit for a in unit_selectors.active_appointments(user, ROUND_ROLES)]
    if any(u.depth == 1 for u in units):
        return CouncilRound.objects.all()
    if units:
        q |= unit_selectors.subtrees_q(units, prefix="unit__")
    return CouncilRound.objects.filter(q).distinct()


def round_pool(council_round: CouncilRound) -> QuerySet[Initiative]:
    """The approved initiatives of the round's unit's subtree (and field, when it has one)."""
    pool = Initiative.objects.filter(status=InitiativeStatus.APPROVED).filter(
        unit_selectors.subtree_q(council_round.unit, prefix="unit__")
    )
    if council_round.field_id:
        pool = pool.filter(field_id=council_round.field_id)
    return pool


# Why a member may not score an initiative.
AUTHOR, CO_AUTHOR, SAME_UNIT, DECLARED = "author", "co_author", "same_unit", "declared"


def exclusions(council_round: CouncilRound, members: list[CouncilMember],
               initiatives: list[tuple[int, int, int | None]]) -> dict[int, dict[int, str]]:
    """For each initiative (id, unit id, submitter id), the members barred from it and why.

    A member is barred from an initiative they wrote or co-wrote (a co-author linked to
    their account), and from those of a grassroots unit they belong to (their account's
    unit) or hold any appointment at. Reads a fixed number of queries, whatever the pool.
    """
    by_user = {m.user_id: m.pk for m in members}
    user_units: dict[int, set[int]] = defaultdict(set)
    for m in members:
        if m.user.unit_id:
            user_units[m.user_id].add(m.user.unit_id)
    for user_id, unit_id in Appointment.objects.active().filter(user_id__in=by_user).values_list("user_id", "unit_id"):
        user_units[user_id].add(unit_id)
    members_of_unit: dict[int, set[int]] = defaultdict(set)
    for user_id, units in user_units.items():
        for unit_id in units:
            members_of_unit[unit_id].add(by_user[user_id])
    barred: dict[int, dict[int, str]] = defaultdict(dict)
    ids = {i for i, _unit, _submitter in initiatives}
    for initiative_id, unit_id, submitter_id in initiatives:
        for member_id in members_of_unit.get(unit_id, ()):
            barred[initiative_id][member_id] = SAME_UNIT
        if submitter_id in by_user:
            barred[initiative_id][by_user[submitter_id]] = AUTHOR
    co_authors = CoAuthor.objects.filter(account_id__in=by_user, initiative_id__in=round_pool(council_round).values("id"))
    for initiative_id, account_id in co_authors.values_list("initiative_id", "account_id"):
        if initiative_id in ids:
            barred[initiative_id][by_user[account_id]] = CO_AUTHOR
    return barred


def member_loads(council_round: CouncilRound) -> dict[int, int]:
    """Active assignments per member id."""
    rows = (CouncilAssignment.objects.filter(round=council_round, withdrawn_at__isnull=True)
            .values("member_id").annotate(n=Count("id")).order_by())
    return {row["member_id"]: row["n"] for row in rows}


@dataclass
class MemberProgress:
    member: CouncilMember
    assigned: int
    scored: int
    conflicts: int

    @property
    def remaining(self) -> int:
        return self.assigned - self.scored


def member_progress(council_round: CouncilRound) -> list[MemberProgress]:
    """Each member's assigned, scored and declined (conflict) initiatives, in one query."""
    members = list(council_round.members.select_related("user").annotate(
        assigned=Count("assignments", filter=Q(assignments__withdrawn_at__isnull=True)),
        scored=Count("assignments", filter=Q(assignments__withdrawn_at__isnull=True,
                                             assignments__scored_at__isnull=False)),
        conflicts=Count("assignments", filter=Q(assignments__withdrawn_at__isnull=False)),
    ))
    return [MemberProgress(m, m.assigned, m.scored, m.conflicts) for m in members]


def assignments_of(council_round: CouncilRound, user) -> QuerySet[CouncilAssignment]:
    """The initiatives ``user`` is to score in the round (active ones), with what a member needs."""
    return (CouncilAssignment.objects.filter(round=council_round, member__user=user, withdrawn_at__isnull=True)
            .select_related("initiative", "initiative__field").order_by("scored_at", "initiative_id"))


# --- results ------------------------------------------------------------------------------------


@dataclass
class MemberMean:
    member_id: int
    name: str
    mean: Fraction
    comment: str

    @property
    def shown(self) -> Decimal:
        return shown(self.mean)


@dataclass
class ResultRow:
    """One initiative's result: the mean over members of each member's weighted mean.

    ``spread`` is the highest member mean less the lowest; ``wide`` when it reaches the
    round's threshold. ``rank`` is shared on equal (exact) means: "1, 1, 3".
    """

    initiative_id: int
    title: str
    author_name: str
    unit_name: str
    assigned: int
    members: list[MemberMean] = field(default_factory=list)
    rank: int | None = None
    wide: bool = False
    selected: bool = False

    @property
    def scored(self) -> int:
        return len(self.members)

    @property
    def mean(self) -> Fraction | None:
        if not self.members:
            return None
        return sum((m.mean for m in self.members), Fraction(0)) / len(self.members)

    @property
    def spread(self) -> Fraction | None:
        if not self.members:
            return None
        means = [m.mean for m in self.members]
        return max(means) - min(means)

    @property
    def mean_shown(self) -> Decimal | None:
        return shown(self.mean) if self.mean is not None else None

    @property
    def spread_shown(self) -> Decimal | None:
        return shown(self.spread) if self.spread is not None else None

    @property
    def complete(self) -> bool:
        """Every member assigned has scored (and at least two have)."""
        return self.scored >= 2 and self.scored == self.assigned


def shown(value: Fraction) -> Decimal:
    """A mean as shown and exported: two decimals, half-up (7,83)."""
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weighted_mean(scores: list[tuple[Decimal, Decimal]]) -> Fraction:
    """Σ(weight·score) / Σweight, exact, for (score, weight) pairs."""
    total = sum((Fraction(w) * Fraction(s) for s, w in scores), Fraction(0))
    weights = sum((Fraction(w) for _s, w in scores), Fraction(0))
    return total / weights


def round_results(council_round: CouncilRound) -> list[ResultRow]:
    """Every initiative of the round with its members' weighted means, spread and rank.

    Three queries whatever the pool: the active assignments, their scores summed per
    assignment in the database, and the selections. Ranked by exact mean (highest first),
    equal means share a rank and are listed by initiative id; initiatives nobody has
    scored come last, unranked.
    """
    rows: dict[int, ResultRow] = {}
    member_of: dict[int, tuple[int, int, str, str]] = {}
    assignments = (
        CouncilAssignment.objects.filter(round=council_round, withdrawn_at__isnull=True)
        .values_list("id", "initiative_id", "initiative__title", "initiative__author_name", "initiative__unit__name",
                     "member_id", "member__user__full_name", "scored_at", "comment")
        .order_by("initiative_id", "member__position", "id")
    )
    for pk, initiative_id, title, author, unit_name, member_id, name, scored_at, comment in assignments:
        row = rows.get(initiative_id)
        if row is None:
            row = rows[initiative_id] = ResultRow(initiative_id, title, author, unit_name, 0)
        row.assigned += 1
        if scored_at is not None:
            member_of[pk] = (initiative_id, member_id, name, comment)
    sums = (
        CouncilScore.objects.filter(round=council_round, assignment_id__in=list(member_of))
        .values("assignment_id")
        .annotate(weighted=Sum(F("value") * F("criterion__weight")), weights=Sum("criterion__weight"))
        .order_by()
    ) if member_of else []
    by_assignment = {s["assignment_id"]: Fraction(s["weighted"]) / Fraction(s["weights"]) for s in sums}
    for pk, (initiative_id, member_id, name, comment) in member_of.items():
        if pk in by_assignment:
            rows[initiative_id].members.append(MemberMean(member_id, name, by_assignment[pk], comment))
    selected = set(CouncilSelection.objects.filter(round=council_round).values_list("initiative_id", flat=True))
    threshold = Fraction(council_round.disagreement_threshold)
    for row in rows.values():
        row.selected = row.initiative_id in selected
        row.wide = row.spread is not None and len(row.members) > 1 and row.spread >= threshold
    return rank_results(list(rows.values()))


def rank_results(rows: list[ResultRow]) -> list[ResultRow]:
    """Highest mean first; equal means share a rank and the next skips ("1, 1, 3"); unscored last."""
    scored = sorted((r for r in rows if r.mean is not None), key=lambda r: (-r.mean, r.initiative_id))
    previous = None
    for position, row in enumerate(scored, start=1):
        row.rank = previous.rank if previous is not None and previous.mean == row.mean else position
        previous = row
    unscored = sorted((r for r in rows if r.mean is None), key=lambda r: r.initiative_id)
    return scored + unscored


def suggested_top(council_round: CouncilRound, rows: list[ResultRow], n: int) -> set[int]:
    """The initiatives ranked within the first ``n`` places (all of a tie at the edge), fully scored."""
    return {r.initiative_id for r in rows if r.rank is not None and r.rank <= n and r.complete}


def who_scored_what(council_round: CouncilRound, initiative_id: int) -> list[tuple[CouncilAssignment, list]]:
    """Each member's scores per criterion for one initiative (for the chair and the unit's staff)."""
    assignments = list(
        CouncilAssignment.objects.filter(round=council_round, initiative_id=initiative_id)
        .select_related("member__user").prefetch_related("scores").order_by("member__position", "id")
    )
    criteria = list(council_round.criteria.all())
    result = []
    for a in assignments:
        values = {s.criterion_id: s.value for s in a.scores.all()}
        result.append((a, [values.get(c.pk) for c in criteria]))
    return result


def may_see_scores(user, council_round: CouncilRound) -> bool:
    """The chair and the managers and staff of the round's unit or above."""
    return council_round.chair_id == user.pk or runs_unit(user, council_round.unit)


def rounds_for_member(user) -> QuerySet[CouncilRound]:
    return CouncilRound.objects.filter(members__user=user, status=RoundStatus.SCORING)


# Whether someone sits on (or chairs) a council, for the menu of people appointed nowhere (an
# expert from outside the union's offices): read on every page they open, so kept in the cache
# and forgotten when a round names them (``council_seats_changed``).
_SEAT_KEY = "recognition:council-seat:v1:{}"
_SEAT_SECONDS = 24 * 3600


def sits_on_council(user) -> bool:
    key = _SEAT_KEY.format(user.pk)
    found = cache.get(key)
    if found is None:
        found = CouncilRound.objects.filter(Q(members__user=user) | Q(chair=user)).exists()
        cache.set(key, found, _SEAT_SECONDS)
    return found


def council_seats_changed(user_ids) -> None:
    cache.delete_many([_SEAT_KEY.format(pk) for pk in user_ids])
