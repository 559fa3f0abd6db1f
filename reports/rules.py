"""Who may read which figures."""

import rules

from unions import selectors as unit_selectors
from unions.enums import Role


@rules.predicate
def unit_in_scope(user, unit) -> bool:
    return unit is not None and user.is_authenticated and unit_selectors.unit_in_view_scope(user, unit)


@rules.predicate
def is_staff_member(user) -> bool:
    return unit_selectors.is_staff_member(user)


rules.add_perm("reports.view_unit_progress", unit_in_scope)
rules.add_perm("reports.recompute", is_staff_member)


@rules.predicate
def reports_for_unit(user, unit) -> bool:
    """Staff or managers of ``unit`` or of a unit above it (who send its reports)."""
    if unit is None or not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    roles = (Role.STAFF, Role.MANAGER)
    return any(unit_selectors.unit_contains(a.unit, unit) for a in unit_selectors.active_appointments(user, roles))


rules.add_perm("reports.record_sent_report", reports_for_unit)
