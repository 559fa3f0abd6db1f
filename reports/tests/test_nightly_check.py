"""The nightly run checks every unit's rows against the initiatives and rebuilds only when
they differ (``reports.aggregate_checks``): what it must find, whatever wrote behind the
change log's back, and what it must leave alone."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from reports import selectors
from reports.models import AggregateSet, ApprovalDailyCount, BacklogWaiting, DailyCount, FieldDailyCount
from reports.services import aggregates_recompute
from reports.tests.running_total_rows import running_totals, running_totals_from_daily_rows
from reports.tests.test_change_log import MARCH, aggregate_rows
from reports.tests.test_recompute import submit_at
from reviews.services import initiative_decide
from submissions.models import Field

FAR = dt.date(2100, 1, 1)


def behind_the_log(sql: str, params: list) -> None:
    """A write the triggers do not see (a restore, a repair by hand with the triggers off)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)
        cursor.execute("SET LOCAL session_replication_role = origin")


def rebuilt_rows():
    """The rows a rebuild from every initiative gives (then the rows as they were)."""
    aggregates_recompute(full=True, history=True)
    return aggregate_rows()


@pytest.fixture
def started(worker, other_worker, tree, programme, school_officer):
    items = [
        submit_at(worker, MARCH, benefit_vnd=1_500_000),
        submit_at(worker, MARCH + dt.timedelta(days=1)),
        submit_at(other_worker, MARCH, benefit_vnd=2_000_000),
    ]
    initiative_decide(initiative=items[0], action="verify", actor=school_officer)
    assert aggregates_recompute().full
    return items


def test_a_nightly_run_with_rows_equal_to_the_initiatives_rebuilds_nothing(started, worker):
    submit_at(worker, MARCH + dt.timedelta(days=3))
    before = aggregate_rows()

    nightly = aggregates_recompute(full=True)

    assert nightly.full
    assert nightly.units_differing == 0
    assert nightly.changes_read == 1  # the submission, applied from the log before the check
    assert aggregate_rows() != before
    assert aggregate_rows() == rebuilt_rows()


def test_a_nightly_run_with_nothing_new_keeps_the_current_set(started):
    current = selectors.current_set()

    nightly = aggregates_recompute(full=True)

    assert nightly.pk == current.pk
    assert nightly.rows_changed == 0
    assert nightly.units_differing == 0


def test_a_periodic_run_does_not_check_and_keeps_the_last_check_on_record(started, worker):
    assert selectors.current_set().checked_at is None
    checked = aggregates_recompute(full=True)
    submit_at(worker, MARCH + dt.timedelta(days=3))

    periodic = aggregates_recompute()

    assert periodic.pk != checked.pk  # a figure changed: a new set
    assert (periodic.checked_at, periodic.units_differing) == (checked.checked_at, 0)


def test_a_state_changed_behind_the_log_is_found_and_rebuilt(started, tree):
    behind_the_log("UPDATE submissions_initiative SET status = 'rejected' WHERE id = %s", [started[1].pk])

    nightly = aggregates_recompute(full=True)

    # Every unit above the initiative: school, ba_dinh, ha_noi, tld.
    assert nightly.units_differing >= 4
    assert selectors.totals_as_of(tree["tld"].pk, FAR)["received"] == 2
    repaired = aggregate_rows()
    assert repaired == rebuilt_rows()
    assert running_totals() == running_totals_from_daily_rows()


def test_an_initiative_moved_to_another_day_with_every_total_unchanged_is_found(started, tree):
    # Each unit's totals stay the same: only the day differs, which the checksum of the days sees.
    behind_the_log("UPDATE submissions_initiative SET submitted_on = %s WHERE id = %s",
                   [dt.date(2022, 3, 20), started[1].pk])

    nightly = aggregates_recompute(full=True)

    assert nightly.units_differing >= 4
    assert DailyCount.objects.filter(unit=tree["school"], day=dt.date(2022, 3, 20)).exists()
    assert not DailyCount.objects.filter(unit=tree["school"], day=dt.date(2022, 3, 2)).exists()


def test_a_field_changed_behind_the_log_is_found(started, tree):
    other_field = Field.objects.get(code="health")
    assert started[1].field_id != other_field.pk
    behind_the_log("UPDATE submissions_initiative SET field_id = %s WHERE id = %s", [other_field.pk, started[1].pk])

    nightly = aggregates_recompute(full=True)

    assert nightly.units_differing >= 4
    assert FieldDailyCount.objects.filter(unit=tree["tld"], field=other_field, received=1).exists()


def test_a_day_of_approval_changed_behind_the_log_is_found(started, tree, school_officer, upper_officer):
    initiative_decide(initiative=started[0], action="approve", actor=upper_officer)
    aggregates_recompute()
    behind_the_log("UPDATE submissions_initiative SET approved_on = %s WHERE id = %s",
                   [dt.date(9999, 12, 31), started[0].pk])

    nightly = aggregates_recompute(full=True)

    assert nightly.units_differing >= 4
    assert list(ApprovalDailyCount.objects.filter(unit=tree["tld"]).values_list("day", "approved")) == [
        (dt.date(9999, 12, 31), 1)]


def test_a_stage_clock_changed_behind_the_log_is_found(started, tree):
    behind_the_log("UPDATE submissions_initiative SET stage_since = %s WHERE id = %s",
                   [dt.datetime(2022, 4, 1, 3, tzinfo=dt.UTC), started[1].pk])

    nightly = aggregates_recompute(full=True)

    assert nightly.units_differing >= 4
    assert BacklogWaiting.objects.filter(unit=tree["tld"], stage=1, started_on=dt.date(2022, 4, 1)).exists()


def test_an_aggregate_row_written_by_hand_is_found_and_mended(started, tree):
    DailyCount.objects.filter(unit=tree["ha_noi"], day=MARCH.date()).update(approved=7)

    nightly = aggregates_recompute(full=True)

    assert nightly.units_differing == 1
    assert DailyCount.objects.get(unit=tree["ha_noi"], day=MARCH.date()).approved == 0


def test_an_empty_row_left_behind_is_found_and_removed(started, tree):
    DailyCount.objects.create(unit=tree["factory"], day=dt.date(1, 1, 1))

    nightly = aggregates_recompute(full=True)

    assert nightly.units_differing == 1
    assert not DailyCount.objects.filter(day=dt.date(1, 1, 1)).exists()


def test_a_unit_with_rows_and_no_initiative_left_is_found(started, tree):
    # Drafts are not read: the school's rows now stand for nothing.
    behind_the_log("UPDATE submissions_initiative SET status = 'draft' WHERE unit_id = %s", [tree["school"].pk])

    nightly = aggregates_recompute(full=True)

    assert nightly.units_differing >= 4
    assert not DailyCount.objects.filter(unit=tree["school"]).exists()
    assert not DailyCount.objects.filter(unit=tree["tld"]).exists()


def test_the_check_is_recorded_on_the_set_readers_see(started, tree):
    DailyCount.objects.filter(unit=tree["ha_noi"], day=MARCH.date()).update(received=99)

    aggregates_recompute(full=True)

    assert AggregateSet.objects.get(is_current=True).units_differing == 1


def test_running_totals_written_by_hand_are_found_and_rewritten_from_the_daily_rows(started, tree):
    from reports.models import RunningTotal

    RunningTotal.objects.filter(unit=tree["ba_dinh"]).update(received=[1, 1])
    daily_before = aggregate_rows()[0]

    nightly = aggregates_recompute(full=True)

    assert nightly.units_differing == 1
    assert aggregate_rows()[0] == daily_before  # only the running totals were rewritten
    assert running_totals() == running_totals_from_daily_rows()


def test_running_totals_left_for_a_unit_without_rows_are_removed(started, tree):
    from reports.models import RunningTotal

    RunningTotal.objects.create(unit=tree["hospital"], days=[dt.date(1, 1, 1), dt.date(9999, 12, 31)],
                                received=[1, 2], approved=[0, 0])

    nightly = aggregates_recompute(full=True)

    assert nightly.units_differing == 1
    assert not RunningTotal.objects.filter(unit=tree["hospital"]).exists()
    assert running_totals() == running_totals_from_daily_rows()


def test_the_nightly_check_runs_twice_in_one_transaction(started, worker):
    from django.db import transaction

    with transaction.atomic():
        aggregates_recompute(full=True)
        submit_at(worker, MARCH + dt.timedelta(days=4))
        assert aggregates_recompute(full=True).units_differing == 0
