"""Who may see the operations page."""

import rules

from unions import selectors as unit_selectors


@rules.predicate
def is_staff_member(user) -> bool:
    return user.is_authenticated and unit_selectors.is_staff_member(user)


rules.add_perm("operations.view_status", is_staff_member)
