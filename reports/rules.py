"""Who may read which figures."""

import rules

from unions import selectors as unit_selectors


@rules.predicate
def unit_in_scope(user, unit) -> bool:
    return unit is not None and user.is_authenticated and unit_selectors.unit_in_view_scope(user, unit)


@rules.predicate
def is_staff_member(user) -> bool:
    return unit_selectors.is_staff_member(user)


rules.add_perm("reports.view_unit_progress", unit_in_scope)
rules.add_perm("reports.recompute", is_staff_member)
