"""Structured logs: JSON lines for requests, decisions and tasks."""

import json
import logging

from django.urls import reverse

from operations.logging import JsonFormatter, request_id
from reviews.services import initiative_decide, initiative_submit
from submissions.tests.factories import InitiativeFactory


def _json(record: logging.LogRecord) -> dict:
    return json.loads(JsonFormatter().format(record))


def test_formatter_writes_one_json_line_with_the_extra_fields():
    record = logging.LogRecord("portal.requests", logging.INFO, __file__, 1, "GET %s", ("/",), None)
    record.status = 200
    record.event = "request"

    line = JsonFormatter().format(record)

    assert "\n" not in line
    payload = json.loads(line)
    assert payload["message"] == "GET /" and payload["level"] == "INFO" and payload["logger"] == "portal.requests"
    assert (payload["event"], payload["status"]) == ("request", 200)


def test_formatter_keeps_vietnamese_readable_and_adds_the_request_id():
    token = request_id.set("abc123")
    try:
        line = JsonFormatter().format(logging.LogRecord("x", logging.INFO, __file__, 1, "Sáng kiến", (), None))
    finally:
        request_id.reset(token)

    assert "Sáng kiến" in line
    assert json.loads(line)["request_id"] == "abc123"


def test_every_request_is_logged_with_status_duration_and_user(client, worker, caplog):
    client.force_login(worker)
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        response = client.get(reverse("submissions:mine"), HTTP_X_REQUEST_ID="lb-42")

    [record] = [r for r in caplog.records if r.name == "portal.requests"]
    assert (record.method, record.path, record.status, record.user_id) == ("GET", "/initiatives/", 200, worker.pk)
    assert record.duration_ms >= 0
    assert response["X-Request-ID"] == "lb-42"


def test_request_log_never_holds_the_query_string(client, school_officer, caplog):
    client.force_login(school_officer)
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get(reverse("accounts:members"), {"q": "Nguyễn Thị Lan"})

    assert all("Lan" not in r.getMessage() and "Lan" not in r.path for r in caplog.records if r.name == "portal.requests")


def test_each_decision_is_logged_as_an_event(worker, school_officer, programme, caplog):
    initiative = InitiativeFactory(submitter=worker)
    with caplog.at_level(logging.INFO, logger="reviews.services"):
        initiative_submit(initiative=initiative, actor=worker)
        initiative_decide(initiative=initiative, action="verify", actor=school_officer)

    decisions = [_json(r) for r in caplog.records if getattr(r, "event", "") == "decision"]
    assert [(d["action"], d["to_status"]) for d in decisions] == [("submit", "submitted"), ("verify", "verified")]
    assert decisions[1]["actor_id"] == school_officer.pk


def test_tasks_are_logged_when_they_start_and_finish(programme, caplog):
    from reports.tasks import recompute_progress

    with caplog.at_level(logging.INFO, logger="portal.tasks"):
        recompute_progress.delay()

    events = [(r.event, r.task) for r in caplog.records if r.name == "portal.tasks"]
    assert events == [("task_started", "reports.tasks.recompute_progress"),
                      ("task_finished", "reports.tasks.recompute_progress")]


def test_password_reset_tokens_never_reach_the_request_log(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="portal.requests"):
        client.get(reverse("accounts:password_reset_confirm", args=["MQ", "secret-token-123"]))

    [record] = [r for r in caplog.records if r.name == "portal.requests"]
    assert "secret-token-123" not in record.getMessage()
    assert record.path == "/accounts/password/reset/<uidb64>/<token>/"


def test_a_refused_request_is_logged_as_one_warning_line_without_traceback(client, worker, caplog):
    client.force_login(worker)
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("submissions:import"))

    assert response.status_code == 403
    [record] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert record.levelno == logging.WARNING and record.exc_info is None
    assert record.getMessage() == f"Forbidden: /initiatives/import/ (user {worker.pk}): permission denied"
    assert (record.event, record.path, record.user_id) == ("forbidden", "/initiatives/import/", worker.pk)
    assert "\n" not in logging.Formatter().format(record)


def _writers(record: logging.LogRecord) -> list[logging.Handler]:
    """The handlers configured by the settings that would write ``record`` (pytest's own left out)."""
    writers, logger = [], logging.getLogger(record.name)
    while logger is not None:
        writers += [h for h in logger.handlers if not type(h).__module__.startswith("_pytest")
                    and record.levelno >= h.level and h.filter(record)]
        if not logger.propagate:
            break
        logger = logger.parent
    return writers


def test_a_record_of_django_is_written_once_even_with_debug_on(settings):
    settings.DEBUG = True
    record = logging.LogRecord("django.request", logging.WARNING, __file__, 1, "Not Found: %s", ("/x",), None)
    assert len(_writers(record)) == 1
