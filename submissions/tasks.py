"""Thin Celery tasks of the submissions app."""

from celery import shared_task

from . import imports


@shared_task(ignore_result=True)
def process_import(run_id: int) -> None:
    imports.import_run_process(run_id=run_id)


@shared_task(ignore_result=True)
def start_queued_imports() -> int:
    return imports.import_runs_start_queued()
