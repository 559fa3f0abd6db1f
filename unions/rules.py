"""Permissions on units."""

import rules

from . import selectors


@rules.predicate
def unit_in_view_scope(user, unit) -> bool:
    return unit is not None and user.is_authenticated and selectors.unit_in_view_scope(user, unit)


rules.add_perm("unions.view_unit", unit_in_view_scope)
