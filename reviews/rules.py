"""Who may decide what, level by level; defined once, used by views, templates, services and queries.

- Stage 1 (verify): officers of the initiative's own unit (usually its grassroots union).
- Stage 2 (approve): officers of any unit above it (its parent first of all).
- Return and reject: whoever may take the stage the initiative is waiting for.
- Exemplary: staff or managers of a province federation, sector union or the federation.
- Nobody decides an initiative they are a party to (its author, or a co-author linked to
  their account), at any stage, and whoever verified it does not decide its stage 2, so
  that two people always see it; whatever their appointments (a superuser's too). The
  officer who entered it for a worker is no party: they may verify it (the paper workflow).
"""

from __future__ import annotations

import rules
from django.db.models import Exists, OuterRef, Value

from submissions.enums import InitiativeStatus as S
from submissions.models import CoAuthor
from unions import selectors as unit_selectors
from unions.enums import REVIEW_ROLES, Role, UnitKind
from unions.models import Appointment

from .enums import OFFICER_ACTIONS, Action, ConflictOfInterest
from .models import Decision

EXEMPLARY_ROLES = (Role.STAFF, Role.MANAGER)
EXEMPLARY_UNIT_KINDS = (UnitKind.FEDERATION, UnitKind.PROVINCE, UnitKind.SECTOR)


def verify_appointment(user, initiative) -> Appointment | None:
    """The appointment that lets ``user`` take stage 1 for ``initiative`` (its own unit)."""
    for appointment in unit_selectors.active_appointments(user, REVIEW_ROLES):
        if appointment.unit_id == initiative.unit_id:
            return appointment
    return None


def approve_appointment(user, initiative) -> Appointment | None:
    """The closest appointment above the initiative's unit that lets ``user`` take stage 2."""
    unit = initiative.unit
    candidates = [
        a
        for a in unit_selectors.active_appointments(user, REVIEW_ROLES)
        if a.unit_id != unit.pk and unit_selectors.unit_contains(a.unit, unit)
    ]
    return max(candidates, key=lambda a: a.unit.depth, default=None)


def exemplary_appointment(user, initiative) -> Appointment | None:
    for appointment in unit_selectors.active_appointments(user, EXEMPLARY_ROLES):
        if appointment.unit.kind in EXEMPLARY_UNIT_KINDS and unit_selectors.unit_contains(
            appointment.unit, initiative.unit
        ):
            return appointment
    return None


def stage_appointment(user, initiative) -> Appointment | None:
    """The appointment under which ``user`` may decide the stage ``initiative`` waits for."""
    if initiative.status == S.SUBMITTED:
        return verify_appointment(user, initiative)
    if initiative.status == S.VERIFIED:
        return approve_appointment(user, initiative)
    return None


# The states that wait for an officer's decision, and so the only ones a conflict of interest concerns.
DECIDABLE_STATES = (S.SUBMITTED, S.VERIFIED)


def conflict_of_interest(user, initiative) -> ConflictOfInterest | None:
    """Why ``user`` may not decide the stage ``initiative`` waits for, whatever their appointments.

    Read from ``conflict_annotations`` when the initiative was loaded with them (a list of
    them in one query), else from the database, once per user and state of the instance
    (a decision changes the state: what was read before it is not read again after).
    An unsaved initiative (a probe of a unit's stages) has no party.
    """
    user_id = getattr(user, "pk", None)
    if initiative is None or user_id is None or initiative.status not in DECIDABLE_STATES:
        return None
    if initiative.submitter_id == user_id:
        return ConflictOfInterest.AUTHOR
    if initiative.pk is None:
        return None
    known = initiative.__dict__
    if known.get("conflicts_of") == user_id:
        co_authored, verified = known["conflict_co_authored"], known["conflict_verified"]
    else:
        cache = known.setdefault("_conflict_reads", {})
        key = (user_id, initiative.status)
        if key not in cache:
            cache[key] = (
                CoAuthor.objects.filter(initiative_id=initiative.pk, account_id=user_id).exists(),
                initiative.status == S.VERIFIED
                and _verifications(user_id).filter(initiative_id=initiative.pk).exists(),
            )
        co_authored, verified = cache[key]
    if co_authored:
        return ConflictOfInterest.CO_AUTHOR
    # Any verification counts, one before a return too: stage 2 is another person's look.
    if verified and initiative.status == S.VERIFIED:
        return ConflictOfInterest.VERIFIER
    return None


def _verifications(user_id: int):
    return Decision.objects.filter(action=Action.VERIFY, actor_id=user_id)


def conflict_annotations(user) -> dict:
    """What ``conflict_of_interest`` reads for ``user``, as annotations of a queryset of
    initiatives: a page of the queue or a bulk decision is checked in its own query."""
    return {
        "conflicts_of": Value(user.pk),
        "conflict_co_authored": Exists(CoAuthor.objects.filter(initiative=OuterRef("pk"), account_id=user.pk)),
        "conflict_verified": Exists(_verifications(user.pk).filter(initiative=OuterRef("pk"))),
    }


@rules.predicate
def is_party(user, initiative) -> bool:
    """Its author, or a co-author linked to the user's account (not the officer who entered it)."""
    return conflict_of_interest(user, initiative) in (ConflictOfInterest.AUTHOR, ConflictOfInterest.CO_AUTHOR)


@rules.predicate
def verified_it(user, initiative) -> bool:
    """The user verified the initiative that now waits for stage 2."""
    return conflict_of_interest(user, initiative) == ConflictOfInterest.VERIFIER


has_conflict_of_interest = is_party | verified_it


@rules.predicate
def is_superuser(user, initiative=None) -> bool:
    return bool(getattr(user, "is_superuser", False))


@rules.predicate
def may_verify(user, initiative) -> bool:
    return initiative is not None and initiative.status == S.SUBMITTED and (
        verify_appointment(user, initiative) is not None
    )


@rules.predicate
def may_approve(user, initiative) -> bool:
    return initiative is not None and initiative.status == S.VERIFIED and (
        approve_appointment(user, initiative) is not None
    )


@rules.predicate
def may_decide_stage(user, initiative) -> bool:
    return initiative is not None and stage_appointment(user, initiative) is not None


@rules.predicate
def may_mark_exemplary(user, initiative) -> bool:
    return initiative is not None and initiative.status == S.APPROVED and (
        exemplary_appointment(user, initiative) is not None
    )


@rules.predicate
def is_reviewer(user) -> bool:
    """Officers review; staff browse the same pages to follow and mark exemplary initiatives."""
    return unit_selectors.is_officer(user) or unit_selectors.is_staff_member(user)


@rules.predicate
def sets_phase_deadlines(user) -> bool:
    """Federation staff (staff or managers at the root) and superusers set each phase's deadlines."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(
        a.unit.depth == 1 for a in unit_selectors.active_appointments(user, (Role.STAFF, Role.MANAGER))
    )


@rules.predicate
def sets_unit_deadline(user, unit) -> bool:
    """A unit's managers shorten its deadlines; federation staff any unit's."""
    if unit is None or not user.is_authenticated:
        return False
    return sets_phase_deadlines(user) or any(
        a.unit_id == unit.pk for a in unit_selectors.active_appointments(user, (Role.MANAGER,))
    )


# Django grants a superuser every permission without asking the rules: who decides must ask
# ``decidable_actions`` (or ``conflict_of_interest``), as the decision service does.
rules.add_perm("reviews.verify_initiative", may_verify & ~has_conflict_of_interest)
rules.add_perm("reviews.approve_initiative", may_approve & ~has_conflict_of_interest)
rules.add_perm("reviews.return_initiative", may_decide_stage & ~has_conflict_of_interest)
rules.add_perm("reviews.reject_initiative", may_decide_stage & ~has_conflict_of_interest)
rules.add_perm("reviews.decide_initiative", may_decide_stage & ~has_conflict_of_interest)
rules.add_perm("reviews.mark_exemplary", may_mark_exemplary)
rules.add_perm("reviews.view_queue", is_reviewer)
rules.add_perm("reviews.view_deadlines", is_reviewer)
rules.add_perm("reviews.set_phase_deadlines", sets_phase_deadlines)
rules.add_perm("reviews.set_unit_deadline", sets_unit_deadline)


# The permission each officer action needs.
DECISION_PERMISSIONS = {
    Action.VERIFY: "reviews.verify_initiative",
    Action.APPROVE: "reviews.approve_initiative",
    Action.RETURN: "reviews.return_initiative",
    Action.REJECT: "reviews.reject_initiative",
}


def decidable_actions(user, initiative) -> list[str]:
    """The officer actions ``user`` may take on ``initiative`` now: none while they have a
    conflict of interest with it, a superuser included."""
    if conflict_of_interest(user, initiative) is not None:
        return []
    return [a for a in OFFICER_ACTIONS if user.has_perm(DECISION_PERMISSIONS[a], initiative)]
