"""A reader during a recompute sees the old figures or the new ones, never a mix (two PostgreSQL connections)."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, connections

from reports import selectors, services
from reports.services import aggregates_recompute

from .test_recompute import HANOI, submit_at

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


# Where a run pauses, and how it is asked for: the full run after reading every initiative, the
# nightly run after its check, the periodic run after applying the change log.
PAUSES = {
    "full": ("_refresh_field_daily", {"full": True, "history": True}),
    "nightly": ("_check", {"full": True}),
    "from the log": ("_apply_logged_changes", {}),
}


def _paused_recompute(monkeypatch, way: str):
    """Start a recompute in a thread that pauses where ``way`` says; return (thread, release, errors)."""
    where, asked = PAUSES[way]
    built, release = threading.Event(), threading.Event()
    original = getattr(services, where)

    def pausing(cursor, *args):
        result = original(cursor, *args)
        built.set()
        release.wait(timeout=20)
        return result

    monkeypatch.setattr(services, where, pausing)
    errors = []

    def run():
        try:
            aggregates_recompute(**asked)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    assert built.wait(timeout=20)
    return thread, release, errors


@pytest.mark.parametrize("way", PAUSES)
def test_reader_during_recompute_sees_previous_figures_then_new_ones(worker, tree, programme, monkeypatch, way):
    submit_at(worker, dt.datetime(2022, 3, 1, tzinfo=HANOI))
    old = aggregates_recompute()
    submit_at(worker, dt.datetime(2022, 3, 2, tzinfo=HANOI))
    thread, release, errors = _paused_recompute(monkeypatch, way)

    during = selectors.current_set()
    assert during == old
    assert selectors.totals_as_of(tree["tld"].pk, dt.date(2022, 12, 31))["received"] == 1
    release.set()
    thread.join(timeout=20)
    assert not errors
    after = selectors.current_set()
    assert after != old
    assert selectors.totals_as_of(tree["tld"].pk, dt.date(2022, 12, 31))["received"] == 2


@pytest.mark.parametrize("way", PAUSES)
def test_a_submission_committed_during_a_recompute_is_counted_once_by_the_next(worker, tree, programme,
                                                                                monkeypatch, way):
    submit_at(worker, dt.datetime(2022, 3, 1, tzinfo=HANOI))
    aggregates_recompute()
    submit_at(worker, dt.datetime(2022, 3, 2, tzinfo=HANOI))
    thread, release, errors = _paused_recompute(monkeypatch, way)

    submit_at(worker, dt.datetime(2022, 3, 3, tzinfo=HANOI))  # commits while the run holds its snapshot
    release.set()
    thread.join(timeout=20)
    assert not errors
    assert selectors.totals_as_of(tree["tld"].pk, dt.date(2022, 12, 31))["received"] == 2
    monkeypatch.undo()
    assert not aggregates_recompute().full
    assert selectors.totals_as_of(tree["tld"].pk, dt.date(2022, 12, 31))["received"] == 3
    assert not aggregates_recompute(full=True).rows_changed


def test_second_recompute_while_one_runs_is_skipped(worker, programme, monkeypatch):
    submit_at(worker, dt.datetime(2022, 3, 1, tzinfo=HANOI))
    built, release = threading.Event(), threading.Event()
    original = services._refresh_field_daily

    def pausing(cursor, *args):
        result = original(cursor, *args)
        built.set()
        release.wait(timeout=20)
        return result

    monkeypatch.setattr(services, "_refresh_field_daily", pausing)
    thread = threading.Thread(target=lambda: (aggregates_recompute(), connections.close_all()))
    thread.start()
    assert built.wait(timeout=20)
    monkeypatch.setattr(services, "_refresh_field_daily", original)
    assert aggregates_recompute() is None
    release.set()
    thread.join(timeout=20)
    from reports.models import AggregateSet

    assert AggregateSet.objects.filter(is_current=True).count() == 1


def test_a_full_run_finds_the_field_rows_on_a_second_connection_as_one_connection_would(
    worker, other_worker, tree, programme
):
    from django.db import transaction

    from reports.models import FieldDailyCount

    for day in (1, 2, 2):
        submit_at(worker, dt.datetime(2022, 3, day, tzinfo=HANOI))
    submit_at(other_worker, dt.datetime(2022, 3, 2, tzinfo=HANOI))
    aggregates_recompute(full=True)  # outermost: the field rows come from a second connection
    rows = set(FieldDailyCount.objects.values_list("unit_id", "day", "field_id", "received"))

    with transaction.atomic():  # inside a transaction: one connection does both
        assert aggregates_recompute(full=True, history=True).rows_changed == 0

    assert len(rows) == 2 * 4  # two days; the school, Ba Đình, Hà Nội and the federation
    assert (tree["tld"].pk, dt.date(2022, 3, 2)) in {(unit, day) for unit, day, _field, _n in rows}


def test_a_full_run_that_fails_keeps_the_previous_set(worker, tree, programme, monkeypatch):
    submit_at(worker, dt.datetime(2022, 3, 1, tzinfo=HANOI))
    before = aggregates_recompute()
    submit_at(worker, dt.datetime(2022, 3, 2, tzinfo=HANOI))

    def broken(cursor):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services, "_refresh_daily", broken)
    with pytest.raises(RuntimeError):
        aggregates_recompute(full=True, history=True)

    assert selectors.current_set() == before
    assert selectors.totals_as_of(tree["tld"].pk, dt.date(2022, 12, 31))["received"] == 1


def test_the_log_and_a_full_run_give_the_same_rows_in_their_own_transactions(
    worker, tree, programme, school_officer, upper_officer
):
    from reports.models import DailyCount, FieldDailyCount
    from reports.services import MEASURE_NAMES
    from reviews.services import initiative_decide

    first, second = (submit_at(worker, dt.datetime(2022, 3, day, tzinfo=HANOI)) for day in (1, 2))
    aggregates_recompute()
    initiative_decide(initiative=first, action="verify", actor=school_officer)
    initiative_decide(initiative=first, action="approve", actor=upper_officer)
    initiative_decide(initiative=second, action="reject", actor=school_officer, reason="duplicate")
    submit_at(worker, dt.datetime(2022, 3, 3, tzinfo=HANOI))

    def rows():
        return (set(DailyCount.objects.values_list("unit_id", "day", *MEASURE_NAMES)),
                set(FieldDailyCount.objects.values_list("unit_id", "day", "field_id", "received")))

    applied = aggregates_recompute()  # REPEATABLE READ, from the log
    from_log = rows()
    again = aggregates_recompute(full=True)  # REPEATABLE READ, the nightly check

    # Three decisions (-1 and +1 each) and one submission (+1).
    assert (applied.full, applied.changes_read) == (False, 7)
    assert again.rows_changed == 0
    assert rows() == from_log


def test_a_failed_full_run_cancels_the_second_connection_while_it_waits(worker, tree, programme, monkeypatch):
    import psycopg2

    from reports.models import FieldDailyCount

    submit_at(worker, dt.datetime(2022, 3, 1, tzinfo=HANOI))
    aggregates_recompute()
    holder = psycopg2.connect(**connection.get_connection_params())
    holder.cursor().execute(f'LOCK TABLE "{FieldDailyCount._meta.db_table}" IN ACCESS EXCLUSIVE MODE')  # noqa: S608
    started = []
    original_init = services._Changes.__init__

    def keep(self, *args):
        original_init(self, *args)
        started.append(self)

    def fails_once_the_second_connection_waits(cursor):
        watcher = psycopg2.connect(**connection.get_connection_params())
        watcher.autocommit = True
        try:
            for _ in range(200):
                with watcher.cursor() as look:
                    look.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                 "AND wait_event_type = 'Lock' AND query LIKE 'COPY (%%'")
                    if look.fetchone()[0]:
                        break
                time.sleep(0.05)
            else:
                raise AssertionError("the second connection never waited")
        finally:
            watcher.close()
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services._Changes, "__init__", keep)
    monkeypatch.setattr(services, "_refresh_daily", fails_once_the_second_connection_waits)
    try:
        with pytest.raises(RuntimeError):
            aggregates_recompute(full=True, history=True)
    finally:
        holder.rollback()
        holder.close()

    error = started[0]._error
    code = getattr(error, "pgcode", None) or getattr(error.__cause__, "pgcode", None)
    assert code == "57014", error  # canceled, not timed out


def test_a_run_refused_for_a_concurrent_commit_starts_again(worker, programme, monkeypatch):
    from django.db import OperationalError

    submit_at(worker, dt.datetime(2022, 3, 1, tzinfo=HANOI))
    calls = []
    original = services._recompute

    class Refused(Exception):
        pgcode = "40001"

    def refused_once(*, full, history):
        calls.append(full)
        if len(calls) == 1:
            raise OperationalError("could not serialize access due to concurrent update") from Refused()
        return original(full=full, history=history)

    monkeypatch.setattr(services, "_recompute", refused_once)

    assert aggregates_recompute() is not None
    assert calls == [False, False]


def test_a_full_run_finds_the_backlog_flows_on_another_connection_as_one_connection_would(
    worker, tree, programme, school_officer
):
    from django.db import transaction

    from reports.models import BacklogFlow, BacklogWaiting
    from reviews.services import initiative_decide

    first = submit_at(worker, dt.datetime(2022, 3, 1, 9, tzinfo=HANOI))
    submit_at(worker, dt.datetime(2022, 3, 2, 9, tzinfo=HANOI))
    initiative_decide(initiative=first, action="verify", actor=school_officer)
    aggregates_recompute(full=True, history=True)  # outermost: the flows come from another connection
    flows = set(BacklogFlow.objects.values_list("unit_id", "stage", "day", "kind", "started_on", "due_on", "n"))

    with transaction.atomic():  # inside a transaction: one connection does it all
        assert aggregates_recompute(full=True, history=True).rows_changed == 0

    # Per unit of the school's four: two arrivals at stage 1, one advance, one arrival at stage 2.
    assert len(flows) == 4 * 4
    assert BacklogWaiting.objects.filter(unit=tree["tld"]).count() == 2
