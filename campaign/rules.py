"""Who may change which targets."""

import rules

from . import selectors


@rules.predicate
def may_assign_child_targets(user, unit) -> bool:
    """``user`` may set the targets of ``unit``'s direct children (``selectors.may_assign_child_targets``)."""
    return selectors.may_assign_child_targets(user, unit)


rules.add_perm("campaign.assign_child_targets", may_assign_child_targets)
