"""Who may do what with a selection round; defined once, used by views, services and templates.

- Open a round: managers and staff of a province federation, sector union or the
  federation, for their own unit's subtree.
- Run a round (start it, follow every member's progress, see who scored what, results,
  documents): its chair and the managers and staff of its unit or a unit above it.
- Close it and select: its chair.
- Score: a member, for the initiatives assigned to them while the round is scoring.
- Nobody else sees anything of a round.
"""

from __future__ import annotations

import rules

from unions import selectors as unit_selectors
from unions.enums import Role, UnitKind
from unions.models import Unit

from .enums import RoundStatus

ROUND_ROLES = (Role.MANAGER, Role.STAFF)
ROUND_UNIT_KINDS = (UnitKind.FEDERATION, UnitKind.PROVINCE, UnitKind.SECTOR)


def round_units(user) -> list[Unit]:
    """The units for whose subtree ``user`` may open a round (no query once appointments are cached)."""
    return [a.unit for a in unit_selectors.active_appointments(user, ROUND_ROLES) if a.unit.kind in ROUND_UNIT_KINDS]


def runs_unit(user, unit: Unit) -> bool:
    """True when ``user`` is a manager or staff of ``unit`` or of a unit above it (or a superuser)."""
    if getattr(user, "is_superuser", False):
        return True
    return any(unit_selectors.unit_contains(a.unit, unit)
               for a in unit_selectors.active_appointments(user, ROUND_ROLES))


@rules.predicate
def may_open_rounds(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or bool(round_units(user))


@rules.predicate
def is_chair(user, council_round) -> bool:
    return council_round is not None and user.is_authenticated and council_round.chair_id == user.pk


@rules.predicate
def runs_round(user, council_round) -> bool:
    """The round's chair, or a manager or staff of its unit or above."""
    return council_round is not None and (is_chair(user, council_round) or runs_unit(user, council_round.unit))


@rules.predicate
def is_scoring(user, council_round) -> bool:
    return council_round is not None and council_round.status == RoundStatus.SCORING


@rules.predicate
def is_draft(user, council_round) -> bool:
    return council_round is not None and council_round.status == RoundStatus.DRAFT


@rules.predicate
def is_closed(user, council_round) -> bool:
    return council_round is not None and council_round.status == RoundStatus.CLOSED


@rules.predicate
def sits_on(user, council_round) -> bool:
    return council_round is not None and user.is_authenticated and (
        council_round.members.filter(user=user).exists()
    )


@rules.predicate
def may_score(user, assignment) -> bool:
    return (
        assignment is not None and user.is_authenticated and assignment.withdrawn_at is None
        and assignment.member.user_id == user.pk and assignment.round.status == RoundStatus.SCORING
    )


rules.add_perm("recognition.open_round", may_open_rounds)
rules.add_perm("recognition.run_round", runs_round)
rules.add_perm("recognition.view_round", runs_round | sits_on)
rules.add_perm("recognition.start_round", runs_round & is_draft)
rules.add_perm("recognition.close_round", is_chair & is_scoring)
rules.add_perm("recognition.select_round", is_chair & is_closed)
rules.add_perm("recognition.score_assignment", may_score)
