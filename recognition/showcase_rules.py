"""Who may download a certificate, record a replication and read the replication report."""

import rules

from submissions.models import CoAuthor
from submissions.rules import in_view_scope, is_owner
from unions import selectors as unit_selectors


@rules.predicate
def is_co_author(user, initiative) -> bool:
    """A co-author whose account is linked to the initiative."""
    if initiative is None or not user.is_authenticated:
        return False
    return CoAuthor.objects.filter(initiative_id=initiative.pk, account_id=user.pk).exists()


@rules.predicate
def reviews_somewhere(user) -> bool:
    """An officer or manager of some unit: they record what their unit applied."""
    return bool(unit_selectors.review_units(user))


@rules.predicate
def is_staff_member(user) -> bool:
    return unit_selectors.is_staff_member(user)


# The author (or the officer who entered it for them), co-authors with accounts, and the
# officers and staff whose scope holds its unit. Whether the initiative has the certificate
# asked for (approved, exemplary) is the service's check.
rules.add_perm("recognition.download_certificate", is_owner | is_co_author | in_view_scope)
rules.add_perm("recognition.record_replication", reviews_somewhere)
rules.add_perm("recognition.view_replication_report", is_staff_member)
