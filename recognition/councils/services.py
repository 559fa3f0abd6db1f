"""Every write of a selection round: open, start (assign), score, declare a conflict, close, select.

Each checks its rule, locks the round's row (so that closing and scoring never cross),
writes, and records a ``CouncilEvent`` with who, when and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reviews.services import TransitionError, initiative_mark_exemplary
from submissions.models import Initiative
from unions.models import Unit

from . import rules as council_rules
from . import selectors
from .assignment import AssignmentBlocked, assign, replacement
from .enums import CouncilAction, RoundStatus
from .models import (
    CouncilAssignment,
    CouncilCriterion,
    CouncilEvent,
    CouncilMember,
    CouncilRound,
    CouncilScore,
    CouncilSelection,
)

MAX_MEMBERS = 50
MAX_CRITERIA = 10
BATCH = 2000


class CouncilError(Exception):
    """A refused action, with a translated message (and, for a blocked start, the initiatives)."""

    def __init__(self, message: str, blocked: list | None = None):
        super().__init__(message)
        self.message = message
        self.blocked = blocked or []


@dataclass(frozen=True)
class BlockedInitiative:
    """An initiative that stops a round from starting, and why its members are barred."""

    initiative_id: int
    title: str
    eligible: int
    reasons: list[tuple[str, str]]  # (member's name, why)


def _event(council_round: CouncilRound, action: str, actor, *, initiative_id: int | None = None,
           detail: str = "") -> CouncilEvent:
    return CouncilEvent.objects.create(round=council_round, action=action, actor=actor, initiative_id=initiative_id,
                                       detail=detail[:500])


def _locked(council_round: CouncilRound) -> CouncilRound:
    return CouncilRound.objects.select_for_update().select_related("unit").get(pk=council_round.pk)


def round_open(*, actor, unit: Unit, name: str, chair, members: list, criteria: list[tuple[str, Decimal]],
               phase: str = "", period: str = "", field=None, members_per_initiative: int = 2,
               disagreement_threshold: Decimal = Decimal("3.0")) -> CouncilRound:
    """Open a round for ``unit``'s subtree with its members, chair and weighted criteria.

    ``actor`` must be a manager or staff of ``unit`` (a province federation, sector union or
    the federation); the chair must be one too (of it or above), since the chair's
    selection marks initiatives exemplary. At least two distinct members, at least as many
    as each initiative needs.
    """
    if unit.kind not in council_rules.ROUND_UNIT_KINDS or not (
        actor.is_superuser or any(u.pk == unit.pk for u in council_rules.round_units(actor))
    ):
        raise CouncilError(_("Chỉ cán bộ phụ trách hoặc chuyên viên của LĐLĐ tỉnh, công đoàn ngành hoặc Tổng Liên đoàn "
                             "được lập hội đồng xét chọn cho đơn vị mình."))
    if not council_rules.runs_unit(chair, unit):
        raise CouncilError(_("Chủ tịch hội đồng phải là cán bộ phụ trách hoặc chuyên viên của đơn vị tổ chức hoặc cấp trên."))
    unique_members = list({m.pk: m for m in members}.values())
    if len(unique_members) < 2:
        raise CouncilError(_("Hội đồng cần ít nhất 2 thành viên chấm điểm."))
    if len(unique_members) > MAX_MEMBERS:
        raise CouncilError(_("Hội đồng có tối đa %(n)s thành viên.") % {"n": MAX_MEMBERS})
    if members_per_initiative > len(unique_members):
        raise CouncilError(_("Số thành viên chấm mỗi sáng kiến không được lớn hơn số thành viên hội đồng."))
    if not criteria or len(criteria) > MAX_CRITERIA:
        raise CouncilError(_("Cần từ 1 đến %(n)s tiêu chí chấm điểm.") % {"n": MAX_CRITERIA})
    with transaction.atomic():
        council_round = CouncilRound(
            unit=unit, name=name.strip(), phase=phase, period=period.strip(), field=field, chair=chair,
            members_per_initiative=members_per_initiative, disagreement_threshold=disagreement_threshold,
            opened_by=actor,
        )
        council_round.full_clean()
        council_round.save()
        CouncilCriterion.objects.bulk_create(
            CouncilCriterion(round=council_round, position=i, name=n.strip(), weight=w)
            for i, (n, w) in enumerate(criteria, start=1)
        )
        CouncilMember.objects.bulk_create(
            CouncilMember(round=council_round, user=m, position=i) for i, m in enumerate(unique_members, start=1)
        )
        _event(council_round, CouncilAction.OPENED, actor, detail=council_round.name)
        seated = [chair.pk, *(m.pk for m in unique_members)]
        transaction.on_commit(lambda: selectors.council_seats_changed(seated))
    return council_round


def _reason_label(code: str) -> str:
    return {
        selectors.AUTHOR: _("là tác giả"),
        selectors.CO_AUTHOR: _("là đồng tác giả"),
        selectors.SAME_UNIT: _("thuộc công đoàn cơ sở của sáng kiến"),
        selectors.DECLARED: _("đã khai báo xung đột lợi ích"),
    }[code]


def round_start(*, council_round: CouncilRound, actor) -> int:
    """Take the round's pool and assign each initiative to its members; the round starts scoring.

    Refused, with every initiative that blocks it and why, when an initiative has fewer
    than two eligible members. Returns the number of initiatives assigned.
    """
    if not actor.has_perm("recognition.start_round", council_round):
        raise CouncilError(_("Bạn không được bắt đầu đợt xét chọn này."))
    with transaction.atomic():
        council_round = _locked(council_round)
        if council_round.status != RoundStatus.DRAFT:
            raise CouncilError(_("Đợt xét chọn đã bắt đầu."))
        members = list(council_round.members.select_related("user"))
        pool = list(selectors.round_pool(council_round).order_by("id").values_list("id", "unit_id", "submitter_id"))
        if not pool:
            raise CouncilError(_("Chưa có sáng kiến nào đã được công nhận trong phạm vi của đợt xét chọn."))
        barred = selectors.exclusions(council_round, members, pool)
        try:
            pairs = assign(
                [i for i, _u, _s in pool], [m.pk for m in members],
                {i: set(by_member) for i, by_member in barred.items()},
                k=council_round.members_per_initiative, seed=council_round.pk,
            )
        except AssignmentBlocked as blocked:
            raise CouncilError(
                ngettext("Chưa bắt đầu được: %(n)s sáng kiến không đủ 2 thành viên hội đồng đủ điều kiện chấm.",
                         "Chưa bắt đầu được: %(n)s sáng kiến không đủ 2 thành viên hội đồng đủ điều kiện chấm.",
                         len(blocked.blocked)) % {"n": len(blocked.blocked)},
                blocked=_blocked_details(blocked.blocked, barred, members),
            ) from None
        CouncilAssignment.objects.bulk_create(
            (CouncilAssignment(round=council_round, initiative_id=i, member_id=m) for i, m in pairs), batch_size=BATCH
        )
        council_round.status = RoundStatus.SCORING
        council_round.started_at = timezone.now()
        council_round.save(update_fields=["status", "started_at"])
        _event(council_round, CouncilAction.STARTED, actor,
               detail=_("%(n)s sáng kiến, %(a)s lượt chấm") % {"n": len(pool), "a": len(pairs)})
    return len(pool)


def _blocked_details(blocked, barred, members, limit: int = 100) -> list[BlockedInitiative]:
    names = {m.pk: m.user.full_name for m in members}
    titles = dict(Initiative.objects.filter(pk__in=[b.initiative_id for b in blocked[:limit]]).values_list("id", "title"))
    return [
        BlockedInitiative(b.initiative_id, titles.get(b.initiative_id, ""), b.eligible,
                          [(names[m], _reason_label(code)) for m, code in barred.get(b.initiative_id, {}).items()])
        for b in blocked[:limit]
    ]


def assignment_score(*, assignment: CouncilAssignment, actor, values: dict[int, Decimal], comment: str = "") -> None:
    """Record (or revise, while the round is scoring) ``actor``'s scores for their assignment.

    ``values`` holds a score 0–10 (at most one decimal) for every criterion of the round.
    """
    with transaction.atomic():
        council_round = _locked(assignment.round)
        assignment = CouncilAssignment.objects.select_for_update().select_related("member").get(pk=assignment.pk)
        assignment.round = council_round
        # The predicate itself, not ``has_perm``: Django grants a superuser every permission, and
        # nobody but the member scores their assignment.
        if not council_rules.may_score(actor, assignment):
            raise CouncilError(_("Bạn không được chấm sáng kiến này (đợt xét chọn đã kết thúc hoặc sáng kiến không "
                                 "còn giao cho bạn)."))
        criteria = list(council_round.criteria.all())
        if set(values) != {c.pk for c in criteria}:
            raise CouncilError(_("Cần chấm đủ mọi tiêu chí."))
        for value in values.values():
            if not (Decimal(0) <= value <= Decimal(10)) or value != value.quantize(Decimal("0.1")):
                raise CouncilError(_("Điểm mỗi tiêu chí từ 0 đến 10, tối đa một chữ số thập phân."))
        existing = {s.criterion_id: s for s in assignment.scores.all()}
        revised = bool(existing)
        for criterion in criteria:
            score = existing.get(criterion.pk)
            if score is None:
                CouncilScore.objects.create(round=council_round, assignment=assignment, criterion=criterion,
                                            value=values[criterion.pk])
            elif score.value != values[criterion.pk]:
                score.value = values[criterion.pk]
                score.save(update_fields=["value"])
        assignment.scored_at = timezone.now()
        assignment.comment = comment.strip()
        assignment.save(update_fields=["scored_at", "comment"])
        shown = "; ".join(f"{c.name}: {values[c.pk]}" for c in criteria)
        _event(council_round, CouncilAction.RESCORED if revised else CouncilAction.SCORED, actor,
               initiative_id=assignment.initiative_id, detail=shown)


def assignment_declare_conflict(*, assignment: CouncilAssignment, actor, reason: str) -> CouncilAssignment | None:
    """``actor`` declares a conflict of interest: their assignment is withdrawn (with the reason)
    and the initiative goes to the least-loaded eligible member not yet on it.

    Returns the new assignment, or None when no eligible member is left (the chair sees the
    initiative with fewer scorers).
    """
    reason = reason.strip()
    if not reason:
        raise CouncilError(_("Hãy ghi rõ lý do xung đột lợi ích."))
    with transaction.atomic():
        council_round = _locked(assignment.round)
        assignment = CouncilAssignment.objects.select_for_update().select_related("member", "initiative").get(
            pk=assignment.pk)
        assignment.round = council_round
        # The predicate itself, not ``has_perm``: Django grants a superuser every permission, and
        # nobody but the member scores their assignment.
        if not council_rules.may_score(actor, assignment):
            raise CouncilError(_("Bạn không được chấm sáng kiến này (đợt xét chọn đã kết thúc hoặc sáng kiến không "
                                 "còn giao cho bạn)."))
        assignment.withdrawn_at = timezone.now()
        assignment.conflict_reason = reason[:500]
        assignment.save(update_fields=["withdrawn_at", "conflict_reason"])
        initiative = assignment.initiative
        _event(council_round, CouncilAction.CONFLICT, actor, initiative_id=initiative.pk, detail=reason)
        members = list(council_round.members.select_related("user"))
        barred = set(selectors.exclusions(
            council_round, members, [(initiative.pk, initiative.unit_id, initiative.submitter_id)]
        ).get(initiative.pk, {}))
        # Whoever already scores it, or once declined it, is not asked again.
        barred |= set(CouncilAssignment.objects.filter(round=council_round, initiative=initiative)
                      .values_list("member_id", flat=True))
        member_id = replacement([m.pk for m in members], barred, selectors.member_loads(council_round),
                                seed=council_round.pk)
        if member_id is None:
            _event(council_round, CouncilAction.REASSIGNED, actor, initiative_id=initiative.pk,
                   detail=_("Không còn thành viên đủ điều kiện để giao lại."))
            return None
        new = CouncilAssignment.objects.create(round=council_round, initiative=initiative, member_id=member_id)
        name = next(m.user.full_name for m in members if m.pk == member_id)
        _event(council_round, CouncilAction.REASSIGNED, actor, initiative_id=initiative.pk,
               detail=_("Giao lại cho %(name)s") % {"name": name})
    return new


def round_close(*, council_round: CouncilRound, actor) -> CouncilRound:
    """The chair closes scoring: from now on no score or assignment of the round changes."""
    with transaction.atomic():
        council_round = _locked(council_round)
        if not (council_rules.is_chair(actor, council_round) and council_round.status == RoundStatus.SCORING):
            raise CouncilError(_("Chỉ chủ tịch hội đồng được kết thúc đợt xét chọn đang chấm điểm."))
        unscored = CouncilAssignment.objects.filter(round=council_round, withdrawn_at__isnull=True,
                                                    scored_at__isnull=True).count()
        council_round.status = RoundStatus.CLOSED
        council_round.closed_at = timezone.now()
        council_round.closed_by = actor
        council_round.save(update_fields=["status", "closed_at", "closed_by"])
        _event(council_round, CouncilAction.CLOSED, actor,
               detail=_("%(n)s lượt chấm chưa thực hiện") % {"n": unscored} if unscored else "")
    return council_round


@dataclass(frozen=True)
class SelectionOutcome:
    initiative_id: int
    title: str
    ok: bool
    message: str


def round_select(*, council_round: CouncilRound, actor, initiative_ids: list[int]) -> list[SelectionOutcome]:
    """The chair selects initiatives of a closed round: each is recorded with its rank and mean
    and marked exemplary through the reviews' writer, the round named in its history.

    Each initiative is handled on its own: one no longer approved is reported, not marked.
    """
    council_round = CouncilRound.objects.select_related("unit").get(pk=council_round.pk)
    if not (council_rules.is_chair(actor, council_round) and council_round.status == RoundStatus.CLOSED):
        raise CouncilError(_("Chỉ chủ tịch hội đồng được chọn sáng kiến sau khi kết thúc chấm điểm."))
    rows = {r.initiative_id: r for r in selectors.round_results(council_round)}
    comment = _("Được chọn bởi hội đồng xét chọn “%(name)s” (đợt số %(id)s) của %(unit)s.") % {
        "name": council_round.name, "id": council_round.pk, "unit": council_round.unit.name,
    }
    outcomes = []
    for pk in dict.fromkeys(initiative_ids):
        row = rows.get(pk)
        if row is None or row.rank is None:
            outcomes.append(SelectionOutcome(pk, "", False, _("Sáng kiến không có trong kết quả chấm của đợt này.")))
            continue
        if row.selected:
            outcomes.append(SelectionOutcome(pk, row.title, False, _("Sáng kiến đã được chọn trước đó.")))
            continue
        try:
            with transaction.atomic():
                CouncilSelection.objects.create(round=council_round, initiative_id=pk, rank=row.rank,
                                                mean=row.mean_shown, selected_by=actor)
                initiative = Initiative.objects.select_related("unit").get(pk=pk)
                if not initiative.is_exemplary:
                    initiative_mark_exemplary(initiative=initiative, actor=actor, exemplary=True, comment=comment)
                _event(council_round, CouncilAction.SELECTED, actor, initiative_id=pk,
                       detail=_("Hạng %(rank)s, điểm %(mean)s") % {"rank": row.rank, "mean": row.mean_shown})
        except TransitionError as error:
            outcomes.append(SelectionOutcome(pk, row.title, False, str(error)))
            continue
        outcomes.append(SelectionOutcome(pk, row.title, True, _("Đã chọn và đánh dấu tiêu biểu.")))
    return outcomes
