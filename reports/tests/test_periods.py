"""The period figures: received and approved between two local days, against the period before.

A small campaign, every figure computed by hand (local days, Asia/Ho_Chi_Minh):

- school (Hà Nội), enterprise, engineering, through the review workflow:
  W1 submitted 31/05 23:59:59, approved 02/06 10:00; W2 submitted 01/06 00:00:00 (a second
  later than W1, the next local day); W3 submitted 03/06, approved 06/06 00:30; W4 submitted
  28/05, approved 29/05 20:00.
- factory (Thanh Hóa), public service, education, written in bulk: 10 submitted 27/05; 3
  submitted 30/05 and rejected; 6 submitted 02/06; 4 submitted 20/05 and approved 01/06.

From 30/05 to 02/06 (four days across phases 1 and 2; the period before: 26/05–29/05):
received W1, W2 and 6 = 8 (before: W4 and 10 = 11: −3, −27,3%); approved W1 and 4 = 5
(before: W4 = 1: +4, +400%); enterprise 2 (25%), public service 6 (75%); engineering 2,
education 6; Thanh Hóa 6 received and 4 approved, Hà Nội 2 and 1.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from reports import selectors
from reports.models import ApprovalDailyCount
from reports.periods import LAST_REPORT, MONTH, WEEK, PeriodError, period_since
from reports.services import aggregates_recompute
from reports.tests.test_change_log import assert_log_matches_full_recompute
from reports.tests.test_recompute import HANOI, submit_at
from reviews.services import initiative_decide
from submissions.models import Field, Initiative

pytestmark = pytest.mark.django_db


def at(day: int, month: int, hour: int = 10, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2022, month, day, hour, minute, second, tzinfo=HANOI)


def decide_at(initiative: Initiative, action: str, actor, moment: dt.datetime) -> None:
    """Take ``action`` on ``initiative`` as ``actor`` at the local ``moment``."""
    real_now = timezone.now
    timezone.now = lambda: moment.astimezone(dt.UTC)
    try:
        initiative_decide(initiative=initiative, action=action, actor=actor)
    finally:
        timezone.now = real_now
    initiative.refresh_from_db()


def approve_at(initiative, school_officer, upper_officer, verified: dt.datetime, approved: dt.datetime) -> None:
    decide_at(initiative, "verify", school_officer, verified)
    decide_at(initiative, "approve", upper_officer, approved)


def bulk(unit, author, day: dt.date, n: int, *, status: str = "submitted", approved_on: dt.date | None = None):
    field = Field.objects.get(code="education")
    moment = dt.datetime.combine(day, dt.time(10), tzinfo=HANOI)
    Initiative.objects.bulk_create(
        Initiative(
            submitter=author, entered_by=author, unit=unit, author_name="Tác giả", category="public_service",
            title="Sáng kiến", field=field, summary="x", status=status, first_submitted_at=moment,
            submitted_on=day, approved_on=approved_on,
        )
        for _ in range(n)
    )


@pytest.fixture
def campaign(tree, programme, worker, other_worker, school_officer, upper_officer, thanh_hoa_officer):
    w1 = submit_at(worker, at(31, 5, 23, 59, 59))
    w2 = submit_at(worker, at(1, 6, 0, 0, 0))
    w3 = submit_at(other_worker, at(3, 6, 8))
    w4 = submit_at(worker, at(28, 5))
    approve_at(w1, school_officer, upper_officer, at(1, 6, 9), at(2, 6, 10))
    approve_at(w3, school_officer, upper_officer, at(5, 6, 9), at(6, 6, 0, 30))
    approve_at(w4, school_officer, upper_officer, at(29, 5, 9), at(29, 5, 20))
    factory = tree["factory"]
    bulk(factory, thanh_hoa_officer, dt.date(2022, 5, 27), 10)
    bulk(factory, thanh_hoa_officer, dt.date(2022, 5, 30), 3, status="rejected")
    bulk(factory, thanh_hoa_officer, dt.date(2022, 6, 2), 6)
    bulk(factory, thanh_hoa_officer, dt.date(2022, 5, 20), 4, status="approved", approved_on=dt.date(2022, 6, 1))
    aggregates_recompute(full=True)
    return {"w1": w1, "w2": w2, "w3": w3, "w4": w4}


def figures(unit, since: dt.date, as_of: dt.date):
    return selectors.period_figures(unit, since, as_of)


SPAN = (dt.date(2022, 5, 30), dt.date(2022, 6, 2))


def test_an_approval_records_its_local_day_on_the_initiative(campaign):
    assert campaign["w1"].approved_on == dt.date(2022, 6, 2)
    assert campaign["w3"].approved_on == dt.date(2022, 6, 6)
    assert campaign["w2"].approved_on is None


def test_received_in_a_period_across_two_phases_counts_by_day_of_first_submission(campaign, tree):
    period = figures(tree["tld"], *SPAN)
    assert (period.received, period.previous_received) == (8, 11)
    assert (period.previous_since, period.previous_as_of) == (dt.date(2022, 5, 26), dt.date(2022, 5, 29))


def test_approved_in_a_period_counts_by_day_of_approval_not_of_submission(campaign, tree):
    period = figures(tree["tld"], *SPAN)
    assert (period.approved, period.previous_approved) == (5, 1)


def test_the_change_against_the_previous_period_is_absolute_and_in_percent(campaign, tree):
    period = figures(tree["tld"], *SPAN)
    assert (period.received_change.difference, period.received_change.percent) == (-3, Decimal("-27.3"))
    assert (period.approved_change.difference, period.approved_change.percent) == (4, Decimal("400"))


def test_a_previous_period_with_nothing_gives_no_percentage(campaign, tree):
    period = figures(tree["tld"], dt.date(2022, 1, 8), dt.date(2022, 5, 31))
    assert period.previous_received == 0
    assert period.received_change.percent is None


def test_the_period_ends_at_24_00_local_time(campaign, tree):
    last_day_of_phase_1 = figures(tree["tld"], dt.date(2022, 5, 31), dt.date(2022, 5, 31))
    first_day_of_phase_2 = figures(tree["tld"], dt.date(2022, 6, 1), dt.date(2022, 6, 1))
    assert last_day_of_phase_1.received == 1  # W1, 23:59:59
    assert first_day_of_phase_2.received == 1  # W2, 00:00:00 the next day
    assert first_day_of_phase_2.previous_received == 1


def test_the_period_splits_by_category_field_and_child_unit(campaign, tree):
    period = figures(tree["tld"], *SPAN)
    assert {c.code: (c.count, c.share) for c in period.categories if c.count} == {
        "enterprise": (2, Decimal(25)), "public_service": (6, Decimal(75))}
    assert {f.code: f.count for f in period.fields} == {"engineering": 2, "education": 6}
    assert [(c.unit.code, c.received, c.approved, c.rank) for c in period.children] == [
        ("P38", 6, 4, 1), ("P01", 2, 1, 2)]


def test_a_units_period_counts_its_subtree_only(campaign, tree):
    period = figures(tree["ha_noi"], *SPAN)
    assert (period.received, period.approved, period.previous_received, period.previous_approved) == (2, 1, 1, 1)


def test_an_approved_initiative_that_leaves_the_approved_state_no_longer_counts_on_its_day(campaign, tree):
    day = dt.date(2022, 6, 6)
    assert figures(tree["tld"], day, day).approved == 1
    # The workflow never withdraws an approved initiative; a correction outside it (psql) may.
    Initiative.objects.filter(pk=campaign["w3"].pk).update(status="withdrawn")

    assert_log_matches_full_recompute()

    assert figures(tree["tld"], day, day).approved == 0


def test_approvals_from_the_change_log_equal_those_of_a_full_recompute(campaign, tree, school_officer,
                                                                       upper_officer):
    approve_at(campaign["w2"], school_officer, upper_officer, at(7, 6, 9), at(7, 6, 23, 59))

    assert_log_matches_full_recompute()

    assert ApprovalDailyCount.objects.get(unit=tree["tld"], day=dt.date(2022, 6, 7)).approved == 1
    assert figures(tree["school"], dt.date(2022, 6, 7), dt.date(2022, 6, 7)).approved == 1


def test_a_period_starting_after_its_end_is_refused(campaign, tree):
    with pytest.raises(PeriodError, match="sau ngày tính đến"):
        figures(tree["tld"], dt.date(2022, 6, 3), dt.date(2022, 6, 2))


@pytest.mark.parametrize("since", [dt.date(1, 1, 1), dt.date(2022, 1, 7)])
def test_a_period_starting_before_the_programme_is_refused(campaign, tree, since):
    with pytest.raises(PeriodError, match="08/01/2022"):
        figures(tree["tld"], since, dt.date(2022, 6, 2))


def test_a_period_on_the_last_day_there_is_has_no_figures(campaign, tree):
    last = dt.date(9999, 12, 31)
    period = figures(tree["tld"], last, last)
    assert (period.received, period.approved, period.previous_received) == (0, 0, 0)


def test_this_week_starts_on_monday_and_this_month_on_its_first_day():
    sunday = dt.date(2022, 6, 5)
    assert period_since(WEEK, sunday) == dt.date(2022, 5, 30)
    assert period_since(WEEK, dt.date(2022, 5, 30)) == dt.date(2022, 5, 30)
    assert period_since(MONTH, sunday) == dt.date(2022, 6, 1)
    assert period_since(LAST_REPORT, sunday) is None


def test_period_figures_are_read_from_the_aggregates_only(campaign, tree, django_assert_max_num_queries):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        figures(tree["tld"], *SPAN)
    assert not [q for q in queries.captured_queries if "submissions_initiative" in q["sql"]]
    assert len(queries.captured_queries) <= 10
