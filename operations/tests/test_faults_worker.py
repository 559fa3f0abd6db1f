"""A real Celery worker killed in the middle of a recompute, and the same recompute run twice at once.

The worker is a ``celery worker`` process on a private Redis and the test database. To
catch it in the middle of a recompute, the test holds a SHARE lock on the daily aggregate
table the recompute writes: readers are not blocked, the recompute waits inside its
transaction until the test lets go.
"""

import datetime as dt
import os
import shutil

import psycopg2
import pytest
from django.db import connection

from initiatives_portal.tests.publishing import publishing_to
from reports import selectors
from reports.models import AggregateSet, DailyCount
from reports.services import aggregates_recompute
from reports.tasks import recompute_progress
from reports.tests.test_recompute import HANOI, submit_at
from unions.tests.factories import AppointmentFactory

from .servers import CeleryWorker, PrivateRedis, wait_until

pytestmark = [
    pytest.mark.skipif(not os.environ.get("PORTAL_FAULTS"), reason="slow: run by make faults"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server"),
]

WAITING_RECOMPUTE = (
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
    "AND query LIKE %s"
)
STILL_THERE = "SELECT count(*) FROM pg_stat_activity WHERE pid = %s"


@pytest.fixture
def redis_server():
    server = PrivateRedis()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def staff_client(client, tree):
    from accounts.tests.factories import UserFactory

    staff = UserFactory(unit=None)
    AppointmentFactory(user=staff, unit=tree["tld"], role="staff")
    client.force_login(staff)
    return client


@pytest.fixture
def observer():
    """A connection of its own in autocommit, so each look at pg_stat_activity is a fresh snapshot."""
    conn = psycopg2.connect(**connection.get_connection_params())
    conn.autocommit = True
    yield conn
    conn.close()


def aggregates_locked():
    """A connection of its own holding a lock on the aggregate table (so that watching never
    runs inside its transaction): a recompute waits at its first write until it rolls back."""
    holder = psycopg2.connect(**connection.get_connection_params())
    holder.cursor().execute(f'LOCK TABLE "{DailyCount._meta.db_table}" IN SHARE MODE')  # noqa: S608
    return holder


def recompute_backend(observer) -> int:
    """The backend of the recompute that is waiting for the held lock."""

    def find():
        with observer.cursor() as cursor:
            # The first write of either run: a full one deletes, one from the change log updates.
            cursor.execute(WAITING_RECOMPUTE, [f'%"{DailyCount._meta.db_table}"%'])  # noqa: S608
            row = cursor.fetchone()
        return row[0] if row else None

    return wait_until(find, timeout=60, step=0.1, what="the recompute to reach the held lock")


def received_in_api(client) -> int:
    response = client.get("/reports/api/progress/?unit=TLD")
    assert response.status_code == 200
    return response.json()["received"]


def test_worker_killed_mid_recompute_leaves_previous_set_and_next_run_is_correct(
    redis_server, observer, staff_client, worker, programme
):
    submit_at(worker, dt.datetime(2022, 3, 1, 9, tzinfo=HANOI))
    previous = aggregates_recompute()
    submit_at(worker, dt.datetime(2022, 3, 2, 9, tzinfo=HANOI))
    celery_worker = CeleryWorker(redis_server.url, "killed")
    holder = aggregates_locked()
    try:
        with publishing_to(redis_server.url):
            recompute_progress.delay()
        backend = recompute_backend(observer)
        celery_worker.kill()
        assert selectors.current_set() == previous
        assert received_in_api(staff_client) == 1
    finally:
        holder.rollback()
        holder.close()
        celery_worker.stop()
    # The orphaned backend finishes its statement, finds its client gone and rolls back.
    wait_until(lambda: _backend_gone(observer, backend), timeout=30, what="the killed worker's transaction to end")
    assert list(AggregateSet.objects.values_list("pk", flat=True)) == [previous.pk]
    assert not DailyCount.objects.filter(day=dt.date(2022, 3, 2)).exists()
    assert received_in_api(staff_client) == 1
    recompute_progress.apply(throw=True)
    assert selectors.current_set() != previous
    assert received_in_api(staff_client) == 2


def _backend_gone(observer, pid: int) -> bool:
    with observer.cursor() as cursor:
        cursor.execute(STILL_THERE, [pid])
        return cursor.fetchone()[0] == 0


def test_recompute_from_two_beats_at_once_counts_each_initiative_once(
    redis_server, observer, staff_client, worker, programme
):
    submit_at(worker, dt.datetime(2022, 3, 1, 9, tzinfo=HANOI))
    submit_at(worker, dt.datetime(2022, 3, 2, 9, tzinfo=HANOI))
    aggregates_recompute()
    submit_at(worker, dt.datetime(2022, 3, 3, 9, tzinfo=HANOI))
    celery_worker = CeleryWorker(redis_server.url, "beats")
    holder = aggregates_locked()
    try:
        with publishing_to(redis_server.url):
            # Two beat schedulers both send the job; a third run starts here while the worker's is under way.
            recompute_progress.delay()
            recompute_progress.delay()
        recompute_backend(observer)
        assert recompute_progress.apply(throw=True).result is None
        holder.rollback()
        wait_until(lambda: celery_worker.output().count("recompute_progress finished") == 2, timeout=60,
                   what="both queued recomputes")
    finally:
        holder.close()
        celery_worker.stop()
    # The first run applied the logged submission, the second found nothing more to apply.
    assert list(AggregateSet.objects.values_list("is_current", flat=True)) == [True]
    assert received_in_api(staff_client) == 3
    assert aggregates_recompute(full=True).rows_changed == 0
