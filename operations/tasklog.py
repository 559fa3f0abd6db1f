"""A structured log line for every Celery task: started, finished (with its duration) or failed."""

from __future__ import annotations

import logging
import time

from celery import signals

logger = logging.getLogger("portal.tasks")

_started: dict[str, float] = {}


def _on_prerun(task_id=None, task=None, **kwargs) -> None:
    _started[task_id] = time.monotonic()
    logger.info("Task %s started", task.name, extra={"event": "task_started", "task": task.name, "task_id": task_id})


def _on_postrun(task_id=None, task=None, state=None, **kwargs) -> None:
    started = _started.pop(task_id, None)
    duration_ms = int((time.monotonic() - started) * 1000) if started is not None else None
    logger.info(
        "Task %s finished: %s in %s ms",
        task.name,
        state,
        duration_ms,
        extra={"event": "task_finished", "task": task.name, "task_id": task_id, "state": state,
               "duration_ms": duration_ms},
    )


def _on_failure(task_id=None, exception=None, sender=None, **kwargs) -> None:
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
