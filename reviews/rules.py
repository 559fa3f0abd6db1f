"""Who may decide what, level by level; defined once, used by views, templates, services and queries.

- Stage 1 (verify): officers of the initiative's own unit (usually its grassroots union).
- Stage 2 (approve): officers of any unit above it (its parent first of all).
- Return and reject: whoever may take the stage the initiative is waiting for.
- Exemplary: staff or managers of a province federation, sector union or the federation.
"""

from __future__ import annotations

import rules

from submissions.enums import InitiativeStatus as S
from unions import selectors as unit_selectors
from unions.enums import REVIEW_ROLES, Role, UnitKind
from unions.models import Appointment

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


rules.add_perm("reviews.verify_initiative", may_verify)
rules.add_perm("reviews.approve_initiative", may_approve)
rules.add_perm("reviews.return_initiative", may_decide_stage)
rules.add_perm("reviews.reject_initiative", may_decide_stage)
rules.add_perm("reviews.decide_initiative", may_decide_stage)
rules.add_perm("reviews.mark_exemplary", may_mark_exemplary)
rules.add_perm("reviews.view_queue", is_reviewer)
