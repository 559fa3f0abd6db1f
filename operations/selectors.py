"""Reads for operations: the freshness of the figures, e-mails still waiting, recent import runs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.utils import timezone


@dataclass(frozen=True)
class Freshness:
    """How old the current figures are, against ``AGGREGATES_STALE_AFTER_SECONDS``."""

    computed_at: dt.datetime | None
    age_seconds: int | None
    threshold_seconds: int

    @property
    def is_stale(self) -> bool:
        """True when the figures are older than the threshold (or were never computed)."""
        return self.age_seconds is None or self.age_seconds > self.threshold_seconds

    @property
    def threshold_minutes(self) -> int:
        return max(1, round(self.threshold_seconds / 60))

    @property
    def age_minutes(self) -> int | None:
        return None if self.age_seconds is None else self.age_seconds // 60

    @property
    def age_hours(self) -> int | None:
        return None if self.age_seconds is None else self.age_seconds // 3600


def figures_freshness(computed_at: dt.datetime | None = None, *, now: dt.datetime | None = None) -> Freshness:
    """The freshness of ``computed_at``, or of the current aggregate set when it is not given."""
    if computed_at is None:
        from reports.selectors import current_set

        current = current_set()
        computed_at = current.computed_at if current is not None else None
    age = None
    if computed_at is not None:
        age = max(0, int(((now or timezone.now()) - computed_at).total_seconds()))
    return Freshness(computed_at=computed_at, age_seconds=age, threshold_seconds=settings.AGGREGATES_STALE_AFTER_SECONDS)


@dataclass
class EmailOutbox:
    pending: int
    failed: int
    oldest_pending_at: dt.datetime | None
    recent: list


OUTBOX_COUNT_CAP = 10_000


def email_outbox(*, limit: int = 20) -> EmailOutbox:
    """Notification e-mails not sent yet (pending) or given up (failed), counted up to ``OUTBOX_COUNT_CAP``.

    Counts use the (email_state, id) index; the list shows the latest ``limit``.
    """
    from reviews.enums import EmailState
    from reviews.models import Notification

    def capped(state: str) -> int:
        return Notification.objects.filter(email_state=state).order_by()[: OUTBOX_COUNT_CAP + 1].count()

    oldest = (
        Notification.objects.filter(email_state=EmailState.PENDING).order_by("id").values_list("created_at", flat=True)
    ).first()
    recent = list(
        Notification.objects.filter(email_state__in=[EmailState.PENDING, EmailState.FAILED])
        .select_related("decision")
        .order_by("-id")[:limit]
    )
    return EmailOutbox(
        pending=capped(EmailState.PENDING), failed=capped(EmailState.FAILED), oldest_pending_at=oldest, recent=recent
    )


def import_run_model():
    """The model recording import runs, if some app has one (any installed model named ``ImportRun``)."""
    for model in apps.get_models():
        if model.__name__ == "ImportRun":
            return model
    return None


def recent_import_runs(*, limit: int = 10) -> list | None:
    """The latest import runs, newest first; None when the portal keeps no record of them."""
    model = import_run_model()
    if model is None:
        return None
    qs = model._default_manager.order_by("-pk")
    related = [f.name for f in model._meta.get_fields() if f.many_to_one and f.name in ("uploaded_by", "actor")]
    if related:
        qs = qs.select_related(*related)
    return list(qs[:limit])


def recent_tree_imports(*, limit: int = 10) -> list:
    """The latest imports of units and targets (``TreeImportRecord``), newest first, with who made them."""
    from .models import TreeImportRecord

    return list(TreeImportRecord.objects.select_related("by").order_by("-pk")[:limit])


def task_runs() -> list:
    """The last run of each Celery task (``TaskRun``: one row per task, so few), latest first."""
    from .models import TaskRun

    return list(TaskRun.objects.order_by("-finished_at"))
