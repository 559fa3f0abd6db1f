"""Aggregates against hand-computed figures: roll-up, counting rules, time zone, idempotence, atomic swap."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accounts.tests.factories import UserFactory
from reports import selectors
from reports.models import AggregateSet, DailyCount
from reports.services import aggregates_recompute
from reviews.services import initiative_decide, initiative_submit, initiative_withdraw
from submissions.models import Field, Initiative
from submissions.tests.factories import InitiativeFactory
from unions.tests.factories import UnitFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def submit_at(user, moment: dt.datetime, **kwargs) -> Initiative:
    """Submit a new initiative of ``user`` at the local ``moment``."""
    from django.utils import timezone

    initiative = InitiativeFactory(submitter=user, **kwargs)
    real_now = timezone.now
    timezone.now = lambda: moment.astimezone(dt.UTC)
    try:
        initiative_submit(initiative=initiative, actor=user)
    finally:
        timezone.now = real_now
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def people(tree):
    return {
        "lan": UserFactory(unit=tree["school"], category="public_service"),
        "nga": UserFactory(unit=tree["hospital"], category="public_service", holds_management_post=True),
        "son": UserFactory(unit=tree["factory"], category="enterprise", is_direct_production_worker=True),
    }


def test_each_initiative_counts_for_its_unit_and_every_ancestor(people, tree, programme):
    for _ in range(2):
        submit_at(people["lan"], dt.datetime(2022, 3, 1, 9, tzinfo=HANOI))
    submit_at(people["nga"], dt.datetime(2022, 3, 2, 9, tzinfo=HANOI))
    submit_at(people["son"], dt.datetime(2022, 3, 2, 9, tzinfo=HANOI))
    aggregates_recompute()
    day = dt.date(2022, 3, 31)
    expected = {"school": 2, "hospital": 1, "ba_dinh": 3, "ha_noi": 3, "factory": 1, "thanh_hoa": 1, "tld": 4}
    for name, count in expected.items():
        assert selectors.totals_as_of(tree[name].pk, day)["received"] == count, name


def test_roll_up_through_tree_of_varying_depth(people, tree, programme):
    deep = UnitFactory(parent=tree["school"], code="DEEP", kind="grassroots")
    worker = UserFactory(unit=deep)
    direct = UnitFactory(parent=tree["ha_noi"], code="DIRECT", kind="grassroots")
    other = UserFactory(unit=direct)
    submit_at(worker, dt.datetime(2022, 4, 1, tzinfo=HANOI))
    submit_at(other, dt.datetime(2022, 4, 1, tzinfo=HANOI))
    aggregates_recompute()
    day = dt.date(2022, 4, 1)
    assert selectors.totals_as_of(tree["school"].pk, day)["received"] == 1
    assert selectors.totals_as_of(tree["ba_dinh"].pk, day)["received"] == 1
    assert selectors.totals_as_of(tree["ha_noi"].pk, day)["received"] == 2
    assert selectors.totals_as_of(tree["tld"].pk, day)["received"] == 2


def test_rejected_withdrawn_and_drafts_are_not_counted_returned_is(people, tree, programme, school_officer):
    moment = dt.datetime(2022, 3, 1, 9, tzinfo=HANOI)
    kept, returned, rejected, withdrawn = (submit_at(people["lan"], moment) for _ in range(4))
    InitiativeFactory(submitter=people["lan"])
    initiative_decide(initiative=returned, action="return", actor=school_officer, comment="Bổ sung")
    initiative_decide(initiative=rejected, action="reject", actor=school_officer, reason="duplicate")
    initiative_withdraw(initiative=withdrawn, actor=people["lan"])
    aggregates_recompute()
    totals = selectors.totals_as_of(tree["school"].pk, dt.date(2022, 12, 31))
    assert totals["received"] == 2
    assert (totals["submitted"], totals["returned"], totals["rejected"], totals["withdrawn"]) == (1, 1, 1, 1)


def test_approved_counted_in_received_and_separately(people, programme, school_officer, tree):
    from accounts.tests.factories import UserFactory as U
    from unions.tests.factories import AppointmentFactory

    upper = U(unit=None)
    AppointmentFactory(user=upper, unit=tree["ba_dinh"], role="officer")
    item = submit_at(people["lan"], dt.datetime(2022, 3, 1, tzinfo=HANOI))
    submit_at(people["lan"], dt.datetime(2022, 3, 1, tzinfo=HANOI))
    initiative_decide(initiative=item, action="verify", actor=school_officer)
    initiative_decide(initiative=item, action="approve", actor=upper)
    aggregates_recompute()
    totals = selectors.totals_as_of(tree["tld"].pk, dt.date(2022, 3, 1))
    assert (totals["received"], totals["approved"]) == (2, 1)


@pytest.mark.parametrize(
    ("moment", "counted_on_31_may"),
    [
        (dt.datetime(2022, 5, 31, 23, 59, 59, tzinfo=HANOI), 1),
        (dt.datetime(2022, 6, 1, 0, 0, 0, tzinfo=HANOI), 0),
        # 16:59:59 UTC on 31/05 is 23:59:59 in Hà Nội; 17:00 UTC is already 1 June there.
        (dt.datetime(2022, 5, 31, 16, 59, 59, tzinfo=dt.UTC), 1),
        (dt.datetime(2022, 5, 31, 17, 0, 0, tzinfo=dt.UTC), 0),
    ],
)
def test_as_of_24h_counts_submissions_before_next_local_midnight(people, tree, programme, moment,
                                                                  counted_on_31_may):
    submit_at(people["lan"], moment)
    aggregates_recompute()
    assert selectors.totals_as_of(tree["tld"].pk, dt.date(2022, 5, 31))["received"] == counted_on_31_may
    assert selectors.totals_as_of(tree["tld"].pk, dt.date(2022, 6, 1))["received"] == 1


def test_breakdowns_by_category_position_field_and_benefit(people, tree, programme):
    health = Field.objects.get(code="health")
    submit_at(people["lan"], dt.datetime(2022, 2, 1, tzinfo=HANOI), benefit_vnd=1_500_000)
    submit_at(people["nga"], dt.datetime(2022, 2, 1, tzinfo=HANOI), field=health, benefit_vnd=2_000_000)
    submit_at(people["son"], dt.datetime(2022, 2, 2, tzinfo=HANOI), field=health)
    aggregates_recompute()
    totals = selectors.totals_as_of(tree["tld"].pk, dt.date(2022, 2, 28))
    assert (totals["public_service"], totals["enterprise"]) == (2, 1)
    assert (totals["non_management"], totals["direct_production"]) == (2, 1)
    assert totals["benefit_vnd"] == 3_500_000
    assert selectors.fields_as_of(tree["tld"].pk, dt.date(2022, 2, 28))[health.pk] == 2
    assert selectors.fields_as_of(tree["tld"].pk, dt.date(2022, 2, 1))[health.pk] == 1


def test_recompute_is_idempotent(people, tree, programme):
    submit_at(people["lan"], dt.datetime(2022, 3, 1, tzinfo=HANOI))
    submit_at(people["son"], dt.datetime(2022, 3, 5, tzinfo=HANOI))

    def snapshot():
        return sorted(tuple(v for k, v in row.items() if k != "id") for row in DailyCount.objects.values())

    aggregates_recompute()
    first = snapshot()
    second_set = aggregates_recompute()
    assert snapshot() == first
    assert AggregateSet.objects.filter(is_current=True).get() == second_set


def test_a_recompute_with_nothing_new_changes_no_row(people, programme):
    submit_at(people["lan"], dt.datetime(2022, 3, 1, tzinfo=HANOI))
    aggregates_recompute()
    assert aggregates_recompute().rows_changed == 0


def test_a_decision_on_an_old_initiative_changes_one_row_per_unit_above_it(people, programme, school_officer):
    old = submit_at(people["lan"], dt.datetime(2022, 3, 1, tzinfo=HANOI))
    submit_at(people["lan"], dt.datetime(2022, 3, 2, tzinfo=HANOI))
    submit_at(people["lan"], dt.datetime(2022, 3, 3, tzinfo=HANOI))
    aggregates_recompute()
    initiative_decide(initiative=old, action="verify", actor=school_officer)
    # school, ba_dinh, ha_noi, tld on 1 March; the field rows count received, which did not change.
    # Per unit the backlog too: its stage-1 waiting row emptied, a stage-2 one, and two flows
    # (advanced from stage 1, arrived at stage 2): 4 × (1 + 4).
    assert aggregates_recompute().rows_changed == 20


def test_only_the_current_set_is_kept(people, programme):
    submit_at(people["lan"], dt.datetime(2022, 3, 1, tzinfo=HANOI))
    for _ in range(4):
        aggregates_recompute()
    assert list(AggregateSet.objects.values_list("is_current", flat=True)) == [True]


def test_failed_full_recompute_keeps_previous_set(people, tree, programme, monkeypatch):
    from reports import services

    submit_at(people["lan"], dt.datetime(2022, 3, 1, tzinfo=HANOI))
    before = aggregates_recompute()
    submit_at(people["lan"], dt.datetime(2022, 3, 2, tzinfo=HANOI))

    def broken(cursor, *args):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services, "_refresh_field_daily", broken)
    with pytest.raises(RuntimeError):
        aggregates_recompute(full=True, history=True)
    assert selectors.current_set() == before
    assert selectors.totals_as_of(tree["tld"].pk, dt.date(2022, 12, 31))["received"] == 1


def test_a_recompute_that_changes_nothing_keeps_the_set_and_moves_its_time(people, programme):
    submit_at(people["lan"], dt.datetime(2022, 3, 1, tzinfo=HANOI))
    first = aggregates_recompute()
    again = aggregates_recompute()
    assert again.pk == first.pk
    assert again.computed_at > first.computed_at


def test_a_recompute_that_changes_a_figure_makes_a_new_set(people, programme):
    submit_at(people["lan"], dt.datetime(2022, 3, 1, tzinfo=HANOI))
    first = aggregates_recompute()
    submit_at(people["lan"], dt.datetime(2022, 3, 2, tzinfo=HANOI))
    assert aggregates_recompute().pk != first.pk


def test_a_cached_dashboard_shows_the_time_of_the_latest_recompute(people, tree, programme):
    submit_at(people["lan"], dt.datetime(2022, 3, 1, tzinfo=HANOI))
    aggregates_recompute()
    selectors.unit_dashboard(tree["tld"], dt.date(2022, 3, 31))
    latest = aggregates_recompute()
    assert selectors.unit_dashboard(tree["tld"], dt.date(2022, 3, 31)).computed_at == latest.computed_at


def test_initiatives_read_counts_every_submitted_initiative_but_not_drafts(people, programme):
    submit_at(people["lan"], dt.datetime(2022, 3, 1, tzinfo=HANOI))
    withdrawn = submit_at(people["lan"], dt.datetime(2022, 3, 1, tzinfo=HANOI))
    initiative_withdraw(initiative=withdrawn, actor=people["lan"])
    InitiativeFactory(submitter=people["lan"])
    assert aggregates_recompute().initiatives_read == 2
