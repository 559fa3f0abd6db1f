"""Thin Celery tasks of the reporting app."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def recompute_progress(full: bool = False) -> int | None:
    result = services.aggregates_recompute(full=full)
    return result.pk if result else None
