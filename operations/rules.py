"""Who may see the operations page."""

import rules

from unions import selectors as unit_selectors


@rules.predicate
def is_federation_staff(user) -> bool:
    """Staff at the federation (the root) and superusers: the page shows the whole country's
    import runs and e-mails, beyond the subtree of a province's or a sector's staff."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(a.unit.depth == 1 for a in unit_selectors.active_appointments(user, ("staff",)))


rules.add_perm("operations.view_status", is_federation_staff)
