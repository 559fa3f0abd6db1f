"""Thin Celery tasks of the reporting app."""

from celery import shared_task

from . import services


@shared_task(ignore_result=True)
def recompute_progress(full: bool = False, history: bool = False) -> int | None:
    result = services.aggregates_recompute(full=full, history=history)
    return result.pk if result else None


@shared_task(ignore_result=True)
def build_digests() -> int:
    from .digests import digests_build_due

    result = digests_build_due()
    return result.digests if result else 0


@shared_task(ignore_result=True)
def send_digest_emails(day: str) -> int:
    import datetime as dt

    from .digests import digests_send_pending

    return digests_send_pending(day=dt.date.fromisoformat(day))


@shared_task(ignore_result=True)
def send_pending_digest_emails() -> int:
    from .digests import digests_send_pending

    return digests_send_pending(older_than_seconds=60, limit=500)
