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


def test_reader_during_recompute_sees_previous_figures_then_new_ones(worker, tree, programme, monkeypatch):
    submit_at(worker, dt.datetime(2022, 3, 1, tzinfo=HANOI))
    old = aggregates_recompute()
    submit_at(worker, dt.datetime(2022, 3, 2, tzinfo=HANOI))
    built, release = threading.Event(), threading.Event()
    original = services._refresh_field_daily

    def pausing(cursor):
        result = original(cursor)
        built.set()
        release.wait(timeout=20)
        return result

    monkeypatch.setattr(services, "_refresh_field_daily", pausing)
    errors = []

    def run():
        try:
            aggregates_recompute()
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    assert built.wait(timeout=20)
    during = selectors.current_set()
    assert during == old
    assert selectors.totals_as_of(tree["tld"].pk, dt.date(2022, 12, 31))["received"] == 1
    release.set()
    thread.join(timeout=20)
    assert not errors
    after = selectors.current_set()
    assert after != old
    assert selectors.totals_as_of(tree["tld"].pk, dt.date(2022, 12, 31))["received"] == 2


def test_second_recompute_while_one_runs_is_skipped(worker, programme, monkeypatch):
    submit_at(worker, dt.datetime(2022, 3, 1, tzinfo=HANOI))
    built, release = threading.Event(), threading.Event()
    original = services._refresh_field_daily

    def pausing(cursor):
        result = original(cursor)
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
