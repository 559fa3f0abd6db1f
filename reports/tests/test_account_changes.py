"""Locking or closing an account leaves every figure as it was."""

from django.utils import timezone

from accounts.services import user_close, user_deactivate
from reports.selectors import totals_as_of
from reports.services import aggregates_recompute
from reviews.services import initiative_submit
from submissions.tests.factories import InitiativeFactory


def test_locked_accounts_initiatives_stay_and_keep_counting(school_officer, worker, tree, programme):
    initiative = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=initiative, actor=worker)
    today = timezone.localdate()
    aggregates_recompute()
    before = {unit: totals_as_of(tree[unit].pk, today) for unit in ("school", "ba_dinh", "ha_noi", "tld")}

    user_deactivate(actor=school_officer, user=worker)
    aggregates_recompute()

    for unit in ("school", "ba_dinh", "ha_noi", "tld"):
        assert totals_as_of(tree[unit].pk, today) == before[unit], unit
    assert totals_as_of(tree["school"].pk, today)["received"] == 1


def test_closing_keeps_every_count(worker, tree, programme):
    initiative_submit(initiative=InitiativeFactory(submitter=worker), actor=worker)
    today = timezone.localdate()
    aggregates_recompute()
    before = {unit: totals_as_of(tree[unit].pk, today) for unit in ("school", "ba_dinh", "ha_noi", "tld")}

    user_close(user=worker)
    aggregates_recompute()

    for unit in ("school", "ba_dinh", "ha_noi", "tld"):
        assert totals_as_of(tree[unit].pk, today) == before[unit], unit
    assert totals_as_of(tree["school"].pk, today)["received"] == 1
