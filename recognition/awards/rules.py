"""Who may see award candidates and record awards: managers and staff of a province federation,
sector union or the federation, for the units below their own. Everyone who follows a unit's
progress sees its awards on its dashboard and report."""

from __future__ import annotations

import rules

from unions import selectors as unit_selectors
from unions.models import Unit

from ..councils.rules import ROUND_ROLES, ROUND_UNIT_KINDS


def award_units(user) -> list[Unit]:
    """The units whose collectives (below them) ``user`` may award, highest first."""
    units = [a.unit for a in unit_selectors.active_appointments(user, ROUND_ROLES) if a.unit.kind in ROUND_UNIT_KINDS]
    if getattr(user, "is_superuser", False) and not units:
        root = unit_selectors.national_unit()
        units = [root] if root is not None else []
    return sorted(units, key=lambda u: (u.depth, u.sort_name))


def awarding_unit_for(user, unit: Unit) -> Unit | None:
    """The closest of ``user``'s awarding units strictly above ``unit`` (None when there is none)."""
    above = [u for u in award_units(user) if u.pk != unit.pk and unit_selectors.unit_contains(u, unit)]
    return max(above, key=lambda u: u.depth, default=None)


@rules.predicate
def may_award(user) -> bool:
    return bool(award_units(user))


@rules.predicate
def may_award_unit(user, unit) -> bool:
    return unit is not None and awarding_unit_for(user, unit) is not None


rules.add_perm("recognition.view_award_candidates", may_award)
rules.add_perm("recognition.award_unit", may_award_unit)
