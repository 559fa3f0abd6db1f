"""A reader during a recompute sees the old figures or the new ones, never a mix (two PostgreSQL connections)."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from reports import selectors, services
from reports.services import aggregates_recompute

from .test_recompute import HANOI, submit_at

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


# Where a run pauses: the full run after reading every initiative, the periodic run after
# applying the change log.
PAUSES = {"full": "_refresh_field_daily", "from the log": "_apply_logged_changes"}


def _paused_recompute(monkeypatch, where: str, *, full: bool):
    """Start a recompute in a thread that pauses at ``where``; return (thread, built, release, errors)."""
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
            aggregates_recompute(full=full)
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
    thread, release, errors = _paused_recompute(monkeypatch, PAUSES[way], full=way == "full")

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
    thread, release, errors = _paused_recompute(monkeypatch, PAUSES[way], full=way == "full")

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
        assert aggregates_recompute(full=True).rows_changed == 0

    assert len(rows) == 2 * 4  # two days; the school, Ba Đình, Hà Nội and the federation
    assert (tree["tld"].pk, dt.date(2022, 3, 2)) in {(unit, day) for unit, day, _field, _n in rows}


def test_a_full_run_that_fails_stops_its_second_connection_and_keeps_the_previous_set(
    worker, tree, programme, monkeypatch
):
    submit_at(worker, dt.datetime(2022, 3, 1, tzinfo=HANOI))
    before = aggregates_recompute()
    submit_at(worker, dt.datetime(2022, 3, 2, tzinfo=HANOI))
    abandoned = []
    original = services._Changes.abandon

    def recording(self):
        original(self)
        abandoned.append(self._thread.is_alive())

    def broken(cursor):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services._Changes, "abandon", recording)
    monkeypatch.setattr(services, "_refresh_daily", broken)
    with pytest.raises(RuntimeError):
        aggregates_recompute(full=True)

    assert abandoned == [False]
    assert selectors.current_set() == before
    assert selectors.totals_as_of(tree["tld"].pk, dt.date(2022, 12, 31))["received"] == 1
