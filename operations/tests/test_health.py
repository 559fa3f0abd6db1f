"""``/healthz``: database and broker reachable, in milliseconds, no data; 200 or 503."""

import os
import socket
import time

import pytest
from django.db import OperationalError
from django.urls import reverse


def _closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broker_down(settings):
    settings.REDIS_URL = f"redis://127.0.0.1:{_closed_port()}/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False


def test_healthy_portal_in_eager_mode_answers_200_and_says_the_broker_is_not_used(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["database"], body["broker"]) == ("ok", "ok", "not used")


def test_broker_down_answers_503_quickly(client, db, broker_down):
    started = time.monotonic()
    response = client.get(reverse("healthz"))

    assert time.monotonic() - started < 2
    assert response.status_code == 503
    body = response.json()
    assert (body["status"], body["database"], body["broker"]) == ("error", "ok", "error")


def test_database_down_answers_503(client, db, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise OperationalError("could not connect to server")

    monkeypatch.setattr("operations.health.connection", Unreachable())

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["database"] == "error"


def test_health_check_runs_one_trivial_query_and_reads_no_session(client, db, django_assert_num_queries):
    client.cookies["sessionid"] = "any"
    with django_assert_num_queries(1) as captured:
        client.get("/healthz")

    assert captured.captured_queries[0]["sql"].strip().upper() == "SELECT 1"


def test_health_check_holds_no_data_and_is_not_cached(client, db):
    response = client.get("/healthz")

    assert set(response.json()) == {"status", "database", "broker", "duration_ms"}
    assert "no-cache" in response["Cache-Control"]


def test_health_check_is_reachable_for_an_account_that_must_set_a_password(client, tree):
    from accounts.services import user_invite

    client.force_login(user_invite(email=None, phone="0933000111", full_name="Mới", unit=None, actor=None))

    assert client.get("/healthz").status_code == 200


@pytest.mark.redis
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL not set")
def test_reachable_broker_is_ok(client, db, settings):
    settings.REDIS_URL = os.environ["REDIS_URL"]
    settings.CELERY_TASK_ALWAYS_EAGER = False

    body = client.get("/healthz").json()

    assert body["broker"] == "ok"
