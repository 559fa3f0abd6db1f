"""Moving to another grassroots union: submitted initiatives stay counted where they were submitted."""

from django.urls import reverse
from django.utils import timezone

from accounts.enums import AccountAction
from accounts.models import AccountEvent
from reports.selectors import totals_as_of
from reports.services import aggregates_recompute
from reviews.services import initiative_submit
from submissions.tests.factories import InitiativeFactory


def _submit(worker):
    initiative = InitiativeFactory(submitter=worker, unit=worker.unit)
    initiative_submit(initiative=initiative, actor=worker)
    return initiative


def _move(client, worker, unit):
    client.force_login(worker)
    client.post(reverse("accounts:change_unit"), {"unit": unit.code})
    worker.refresh_from_db()


def test_initiatives_submitted_before_a_move_stay_counted_for_the_old_unit(client, worker, tree, programme):
    _submit(worker)

    _move(client, worker, tree["hospital"])
    aggregates_recompute()

    today = timezone.localdate()
    assert totals_as_of(tree["school"].pk, today)["received"] == 1
    assert totals_as_of(tree["hospital"].pk, today)["received"] == 0


def test_initiatives_submitted_after_a_move_count_for_the_new_unit(client, worker, tree, programme):
    _submit(worker)
    _move(client, worker, tree["factory"])

    _submit(worker)
    aggregates_recompute()

    today = timezone.localdate()
    assert totals_as_of(tree["school"].pk, today)["received"] == 1
    assert totals_as_of(tree["factory"].pk, today)["received"] == 1
    assert totals_as_of(tree["ha_noi"].pk, today)["received"] == 1
    assert totals_as_of(tree["thanh_hoa"].pk, today)["received"] == 1


def test_a_move_is_recorded_with_both_units(client, worker, tree):
    _move(client, worker, tree["hospital"])

    event = AccountEvent.objects.get(subject=worker, action=AccountAction.UNIT_CHANGED)
    assert event.detail == f"{tree['school'].code} → {tree['hospital'].code}"
