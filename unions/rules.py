"""Permissions on units."""

import rules

from . import selectors


@rules.predicate
def unit_in_view_scope(user, unit) -> bool:
    return unit is not None and user.is_authenticated and selectors.unit_in_view_scope(user, unit)


rules.add_perm("unions.view_unit", unit_in_view_scope)


@rules.predicate
def may_manage_appointments_at(user, unit) -> bool:
    """Some role may be granted or revoked at ``unit`` by ``user``."""
    return unit is not None and user.is_authenticated and bool(selectors.appointable_roles(user, unit))


@rules.predicate
def may_revoke(user, appointment) -> bool:
    """An active appointment of someone else, whose role ``user`` may grant at its unit."""
    return (
        appointment is not None
        and user.is_authenticated
        and appointment.revoked_at is None
        and appointment.user_id != user.pk
        and selectors.may_appoint(user, appointment.unit, appointment.role)
    )


@rules.predicate
def appoints_anywhere(user) -> bool:
    return user.is_authenticated and selectors.appoints_anywhere(user)


rules.add_perm("unions.manage_appointments", may_manage_appointments_at)
rules.add_perm("unions.revoke_appointment", may_revoke)
rules.add_perm("unions.import_officers", appoints_anywhere)


@rules.predicate
def manages_tree(user) -> bool:
    """Federation staff (staff at the root) and superusers maintain the tree and the targets."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(a.unit.depth == 1 for a in selectors.active_appointments(user, ("staff",)))


rules.add_perm("unions.manage_tree", manages_tree)
