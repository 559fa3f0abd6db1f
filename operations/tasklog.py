"""A structured log line for every Celery task: started, finished (with its duration) or
failed; and the last run of each task recorded (``TaskRun``) for the operations page."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sys
import time

from celery import signals
from django.utils import timezone

logger = logging.getLogger("portal.tasks")

_started: dict[str, tuple[float, dt.datetime]] = {}
_errors: dict[str, str] = {}


def _on_prerun(task_id=None, task=None, **kwargs) -> None:
    _started[task_id] = (time.monotonic(), timezone.now())
    logger.info("Task %s started", task.name, extra={"event": "task_started", "task": task.name, "task_id": task_id})


def _on_postrun(task_id=None, task=None, state=None, **kwargs) -> None:
    started, started_at = _started.pop(task_id, (None, None))
    duration_ms = int((time.monotonic() - started) * 1000) if started is not None else None
    logger.info(
        "Task %s finished: %s in %s ms",
        task.name,
        state,
        duration_ms,
        extra={"event": "task_finished", "task": task.name, "task_id": task_id, "state": state,
               "duration_ms": duration_ms},
    )
    error = _errors.pop(task_id, "")
    if state is None:
        # An eager run whose error propagates to its caller: Celery sends no failure and no
        # state, but the error is the one in flight.
        in_flight = sys.exc_info()[1]
        error = error or (repr(in_flight) if in_flight is not None else "")
    _record(task.name, state or "", started_at, duration_ms, error)


def _record(name: str, state: str, started_at: dt.datetime | None, duration_ms: int | None, error: str) -> None:
    """The run as its task's ``TaskRun`` row: one UPDATE (an upsert on the task's name the first time).

    Inside a transaction (an eager task run within a request) the write has a savepoint of
    its own, so a failed write cannot break the caller's transaction; a failed write is
    logged, never raised: a task's record must not fail the task.
    """
    from django.db import DatabaseError, connection, transaction
    from django.db.models import F

    from .models import TaskRun

    now = timezone.now()
    # An eager run that raises (propagated to the caller) reaches postrun with no state.
    state = state or ("FAILURE" if error else "?")
    failed = state != "SUCCESS"
    fields = {"state": state, "started_at": started_at, "finished_at": now, "duration_ms": duration_ms}
    update = dict(fields, runs=F("runs") + 1)
    if failed:
        update.update(last_failed_at=now, last_error=error[:500])
    try:
        with transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext():
            updated = TaskRun.objects.filter(task=name).update(**update)
            if not updated:
                TaskRun.objects.bulk_create(
                    [TaskRun(task=name, **fields, last_failed_at=now if failed else None,
                             last_error=error[:500] if failed else "")],
                    update_conflicts=True, unique_fields=["task"],
                    update_fields=["state", "started_at", "finished_at", "duration_ms"],
                )
    except DatabaseError:
        logger.warning("Task %s: its run could not be recorded", name, exc_info=True)


def _on_failure(task_id=None, exception=None, sender=None, **kwargs) -> None:
    _errors[task_id] = repr(exception)
    logger.error(
        "Task %s failed: %r",
        getattr(sender, "name", "?"),
        exception,
        extra={"event": "task_failed", "task": getattr(sender, "name", None), "task_id": task_id},
    )


def connect() -> None:
    signals.task_prerun.connect(_on_prerun, weak=False, dispatch_uid="portal-task-prerun")
    signals.task_postrun.connect(_on_postrun, weak=False, dispatch_uid="portal-task-postrun")
    signals.task_failure.connect(_on_failure, weak=False, dispatch_uid="portal-task-failure")
