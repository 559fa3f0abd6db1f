"""The periodic recompute from the change log gives exactly the rows a full recompute gives.

PostgreSQL's triggers log what each write does to the figures; these tests make writes of
every kind after a first (full) recompute, bring the figures up from the log, and compare
every aggregate row with what reading every initiative gives.
"""

import datetime as dt
import uuid

import pytest

from accounts.tests.factories import UserFactory
from reports import selectors
from reports.models import (
    AggregateSet,
    ApprovalDailyCount,
    DailyCount,
    FieldDailyCount,
    FigureChange,
    FullRecomputeRequest,
    RunningTotal,
)
from reports.services import MEASURE_NAMES, aggregates_recompute
from reports.tests.running_total_rows import running_totals, running_totals_from_daily_rows
from reports.tests.test_recompute import HANOI, submit_at
from reviews.services import initiative_decide, initiative_mark_exemplary, initiative_withdraw
from submissions.models import Field, Initiative
from submissions.tests.factories import InitiativeFactory
from unions.restructure import unit_move, units_merge
from unions.tests.factories import AppointmentFactory

MARCH = dt.datetime(2022, 3, 1, 9, tzinfo=HANOI)
FAR = dt.date(2100, 1, 1)


def aggregate_rows() -> tuple[set, set, set, dict]:
    daily = set(DailyCount.objects.values_list("unit_id", "day", *MEASURE_NAMES))
    fields = set(FieldDailyCount.objects.values_list("unit_id", "day", "field_id", "received"))
    approvals = set(ApprovalDailyCount.objects.values_list("unit_id", "day", "approved"))
    return daily, fields, approvals, running_totals()


def assert_log_matches_full_recompute() -> AggregateSet:
    """Apply the log, keep its rows, recompute in full, and require the same rows."""
    applied = aggregates_recompute()
    assert not applied.full
    from_log = aggregate_rows()
    assert not aggregates_recompute(full=True).rows_changed, "the full recompute found rows the log missed"
    assert aggregate_rows() == from_log
    assert running_totals() == running_totals_from_daily_rows()
    return applied


def assert_the_next_run_reads_everything() -> AggregateSet:
    """A change the log cannot follow: the next run is a full one, and nothing is left to mend."""
    run = aggregates_recompute()
    assert run.full
    assert not FullRecomputeRequest.objects.exists()
    assert not aggregates_recompute(full=True).rows_changed
    return run


@pytest.fixture
def started(worker, other_worker, tree, programme):
    """Three submitted initiatives and a first, full recompute."""
    items = [
        submit_at(worker, MARCH, benefit_vnd=1_500_000),
        submit_at(worker, MARCH + dt.timedelta(days=1)),
        submit_at(other_worker, MARCH, benefit_vnd=2_000_000),
    ]
    assert aggregates_recompute().full
    return items


def test_the_first_recompute_reads_every_initiative(started):
    assert selectors.current_set().full


def test_a_submission_after_a_recompute_is_applied_from_the_log(started, worker, tree):
    submit_at(worker, MARCH + dt.timedelta(days=5))

    applied = assert_log_matches_full_recompute()

    assert applied.changes_read == 1
    assert selectors.totals_as_of(tree["tld"].pk, FAR)["received"] == 4


def test_decisions_of_every_kind_are_applied_from_the_log(started, tree, school_officer, upper_officer):
    province_staff = UserFactory(unit=None)
    AppointmentFactory(user=province_staff, unit=tree["ha_noi"], role="staff")
    first, second, third = started
    initiative_decide(initiative=first, action="verify", actor=school_officer)
    initiative_decide(initiative=first, action="approve", actor=upper_officer)
    initiative_mark_exemplary(initiative=first, actor=province_staff, exemplary=True)
    initiative_decide(initiative=second, action="return", actor=school_officer, comment="Bổ sung số liệu")
    initiative_decide(initiative=third, action="reject", actor=school_officer, reason="duplicate")

    assert_log_matches_full_recompute()


def test_the_periodic_recompute_rewrites_the_running_totals_of_the_units_it_touched(started, worker, tree):
    submit_at(worker, dt.datetime(2022, 2, 1, 9, tzinfo=HANOI))  # before every kept day
    initiative_withdraw(initiative=started[1], actor=worker)  # the only one of 02/03: that day goes

    assert_log_matches_full_recompute()

    school = RunningTotal.objects.get(unit=tree["school"])
    assert (school.days, school.received, school.approved) == ([dt.date(2022, 2, 1), dt.date(2022, 3, 1)], [1, 3],
                                                               [0, 0])


def test_a_withdrawal_is_applied_from_the_log(started, worker, tree):
    initiative_withdraw(initiative=started[0], actor=worker)

    assert_log_matches_full_recompute()
    totals = selectors.totals_as_of(tree["school"].pk, FAR)
    assert (totals["received"], totals["withdrawn"], totals["benefit_vnd"]) == (2, 1, 2_000_000)


def test_edits_of_field_category_position_and_benefit_are_applied_from_the_log(started):
    health = Field.objects.get(code="health")
    Initiative.objects.filter(pk=started[0].pk).update(
        field=health, category="public_service", holds_management_post=True, is_direct_production_worker=True,
        benefit_vnd=9_000_000,
    )

    assert_log_matches_full_recompute()


def test_an_initiative_given_to_another_unit_leaves_the_old_branch_in_a_full_run(started, tree):
    # Its review history (the backlog's flows of earlier days) moves with it: no logged difference says so.
    Initiative.objects.filter(pk=started[0].pk).update(unit=tree["factory"])

    assert_the_next_run_reads_everything()
    assert selectors.totals_as_of(tree["thanh_hoa"].pk, FAR)["received"] == 1
    assert selectors.totals_as_of(tree["ha_noi"].pk, FAR)["received"] == 2


def test_a_deleted_initiative_leaves_the_figures_and_its_empty_rows_go(started, worker):
    # Written as an import would (no history), so that nothing protects it from removal.
    lone = InitiativeFactory(submitter=worker, status="submitted", submitted_on=dt.date(2022, 4, 1),
                             first_submitted_at=dt.datetime(2022, 4, 1, 9, tzinfo=HANOI))
    aggregates_recompute()
    assert DailyCount.objects.filter(day=lone.submitted_on).exists()

    lone.delete()

    assert_log_matches_full_recompute()
    assert not DailyCount.objects.filter(day=lone.submitted_on).exists()


def test_rows_written_in_bulk_are_applied_from_the_log(started, worker):
    copies = []
    for source in started:
        source.pk, source.submission_key = None, uuid.uuid4()
        copies.append(source)
    Initiative.objects.bulk_create(copies)

    applied = assert_log_matches_full_recompute()
    assert applied.changes_read == 3


def test_drafts_and_edits_the_figures_do_not_read_are_not_logged(started, worker):
    InitiativeFactory(submitter=worker)
    Initiative.objects.filter(pk=started[0].pk).update(title="Một tiêu đề mới", summary="Tóm tắt mới")

    assert not FigureChange.objects.exists()
    assert aggregates_recompute().changes_read == 0


def test_a_run_with_nothing_logged_keeps_the_set(started):
    before = selectors.current_set()

    again = aggregates_recompute()

    assert (again.pk, again.full, again.rows_changed) == (before.pk, False, 0)


def test_a_moved_unit_makes_the_next_run_read_every_initiative(started, tree):
    unit_move(unit=tree["ba_dinh"], new_parent=tree["thanh_hoa"])
    assert FullRecomputeRequest.objects.exists()

    moved = aggregates_recompute()

    assert moved.full
    assert not FullRecomputeRequest.objects.exists()
    assert selectors.totals_as_of(tree["thanh_hoa"].pk, FAR)["received"] == 3
    assert selectors.totals_as_of(tree["ha_noi"].pk, FAR)["received"] == 0
    assert running_totals() == running_totals_from_daily_rows()
    assert not RunningTotal.objects.filter(unit=tree["ha_noi"]).exists()


def test_a_merge_of_grassroots_unions_makes_the_next_run_read_every_initiative(started, tree):
    units_merge(source=tree["school"], target=tree["factory"])

    assert_the_next_run_reads_everything()
    assert selectors.totals_as_of(tree["thanh_hoa"].pk, FAR)["received"] == 3


def test_rows_changed_behind_the_log_fall_back_to_a_full_recompute(started, worker, tree):
    DailyCount.objects.filter(unit=tree["school"]).delete()
    initiative_withdraw(initiative=started[0], actor=worker)

    repaired = aggregates_recompute()

    assert repaired.full
    assert selectors.totals_as_of(tree["school"].pk, FAR)["received"] == 2
    assert not FigureChange.objects.exists()


def test_a_failed_run_keeps_the_logged_changes_and_the_previous_set(started, worker, tree, monkeypatch):
    from reports import services

    before = selectors.current_set()
    submit_at(worker, MARCH + dt.timedelta(days=5))
    real_add = services._add

    def dies_on_the_field_rows(cursor, table, *args, **kwargs):
        if table == services._table(FieldDailyCount):
            raise RuntimeError("worker killed")
        return real_add(cursor, table, *args, **kwargs)

    monkeypatch.setattr(services, "_add", dies_on_the_field_rows)
    with pytest.raises(RuntimeError):
        aggregates_recompute()

    assert selectors.current_set() == before
    assert FigureChange.objects.count() == 1
    assert selectors.totals_as_of(tree["tld"].pk, FAR)["received"] == 3


def test_a_repaired_unit_path_makes_the_next_run_read_every_initiative(started, tree):
    from django.db import connection as db

    with db.cursor() as cursor:  # a path left stale by a write that bypassed the triggers
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("UPDATE submissions_initiative SET unit_path = %s WHERE id = %s",
                       [tree["factory"].path, started[0].pk])
        cursor.execute("SET LOCAL session_replication_role = origin")
    aggregates_recompute(full=True)
    assert selectors.totals_as_of(tree["thanh_hoa"].pk, FAR)["received"] == 1

    with db.cursor() as cursor:
        cursor.execute("UPDATE submissions_initiative i SET unit_path = u.path FROM unions_unit u "
                       "WHERE u.id = i.unit_id AND i.unit_path <> u.path")

    assert_the_next_run_reads_everything()
    assert selectors.totals_as_of(tree["thanh_hoa"].pk, FAR)["received"] == 0


def test_emptied_initiatives_make_the_next_run_read_everything(started, tree):
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no deferred check may wait on the table
        cursor.execute("TRUNCATE submissions_initiative CASCADE")

    emptied = aggregates_recompute()

    assert emptied.full
    assert not DailyCount.objects.exists()
