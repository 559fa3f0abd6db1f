"""Object-level permissions on initiatives, defined once and used by views, templates and services."""

import rules

from unions import selectors as unit_selectors

from .enums import EDITABLE_STATES, WITHDRAWABLE_STATES, InitiativeStatus


@rules.predicate
def is_owner(user, initiative) -> bool:
    """The worker it belongs to, or the officer who entered it on their behalf."""
    if initiative is None or not user.is_authenticated:
        return False
    return user.pk in (initiative.submitter_id, initiative.entered_by_id)


@rules.predicate
def is_editable(user, initiative) -> bool:
    return initiative is not None and initiative.status in EDITABLE_STATES


@rules.predicate
def is_draft(user, initiative) -> bool:
    return initiative is not None and initiative.status == InitiativeStatus.DRAFT


@rules.predicate
def was_submitted(user, initiative) -> bool:
    return initiative is not None and initiative.first_submitted_at is not None


@rules.predicate
def is_withdrawable(user, initiative) -> bool:
    return initiative is not None and initiative.status in WITHDRAWABLE_STATES


@rules.predicate
def in_view_scope(user, initiative) -> bool:
    """Officers and staff see the submitted initiatives of their subtree, never drafts."""
    if initiative is None or initiative.status == InitiativeStatus.DRAFT:
        return False
    return unit_selectors.unit_in_view_scope(user, initiative.unit)


@rules.predicate
def in_review_scope(user, initiative) -> bool:
    """Officers who review or enter initiatives for its unit (not staff who only follow figures)."""
    if initiative is None or initiative.status == InitiativeStatus.DRAFT:
        return False
    return unit_selectors.unit_in_review_scope(user, initiative.unit)


@rules.predicate
def is_officer(user) -> bool:
    return unit_selectors.is_officer(user)


@rules.predicate
def may_import(user) -> bool:
    """Officers, managers and staff of some unit (staff import into their subtree, review nothing)."""
    return unit_selectors.may_import(user)


@rules.predicate
def is_uploader(user, run) -> bool:
    return run is not None and run.uploaded_by_id == user.pk


@rules.predicate
def run_in_import_scope(user, run) -> bool:
    """Every unit the run could write into (its uploader's when it was uploaded) is in the user's scope now.

    An import run holds rows of people's data; an officer or staff member whose
    appointment was revoked, or who moved to another unit, no longer reads the runs they
    uploaded.
    """
    if run is None:
        return False
    units = unit_selectors.review_units_at(run.uploaded_by_id, run.created_at, roles=unit_selectors.IMPORT_ROLES)
    return bool(units) and all(unit_selectors.unit_in_import_scope(user, unit) for unit in units)


rules.add_perm("submissions.view_initiative", is_owner | in_view_scope)
rules.add_perm("submissions.change_initiative", is_owner & is_editable)
rules.add_perm("submissions.submit_initiative", is_owner & is_editable)
# While returned, the receipt's next steps would be out of date: the author edits it first.
rules.add_perm("submissions.view_receipt", is_owner & was_submitted & ~is_editable)
rules.add_perm("submissions.withdraw_initiative", is_owner & is_withdrawable)
rules.add_perm("submissions.delete_initiative", is_owner & is_draft)
rules.add_perm("submissions.enter_on_behalf", is_officer)
# The author changes their own answer; an officer of the unit records the author's word
# (with a note), for an initiative entered on paper or imported from an earlier system.
rules.add_perm("submissions.change_publication_consent", is_owner)
rules.add_perm("submissions.record_publication_consent", in_review_scope & ~is_owner)
rules.add_perm("submissions.change_attachment_visibility", is_owner)
rules.add_perm("submissions.import_initiatives", may_import)
rules.add_perm("submissions.view_import_run", rules.is_superuser | (is_uploader & run_in_import_scope))
