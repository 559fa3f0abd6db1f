"""Permissions on accounts, used by views, templates and services."""

import rules

from unions import selectors as unit_selectors

from . import selectors


@rules.predicate
def may_manage_account(user, target) -> bool:
    """Lock, unlock or issue a one-time reset code: only from a unit above every place the account holds."""
    return selectors.may_manage_account(user, target)


@rules.predicate
def is_officer(user) -> bool:
    return user.is_authenticated and unit_selectors.is_officer(user)


rules.add_perm("accounts.manage_account", may_manage_account)
rules.add_perm("accounts.view_members", is_officer)
