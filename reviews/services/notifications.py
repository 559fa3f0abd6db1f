"""A decision's notification: the in-app row, its e-mail (queued once committed, sent at
most once, retried by the sweep), and the reader's marks."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from submissions.models import Initiative

from .. import inbox
from ..enums import EmailState
from ..models import Decision, Notification
from ..outbox import email_send_once

# One logger for the state machine, whichever module writes: operators filter on its name.
logger = logging.getLogger("reviews.services")


def _notify(initiative: Initiative, decision: Decision) -> None:
    """Record the in-app notification and send its e-mail once the decision is committed.

    The author's account is told; for an initiative entered on behalf of a worker without
    an account, the officer who entered it is told instead. Nobody is told of their own act.
    """
    recipient_id = initiative.submitter_id or initiative.entered_by_id
    if recipient_id is None or recipient_id == decision.actor_id:
        return
    notification = Notification.objects.create(recipient_id=recipient_id, decision=decision)
    inbox.unread_changed(recipient_id)
    transaction.on_commit(lambda: enqueue_notification_email(notification.pk))


def enqueue_notification_email(notification_id: int) -> None:
    """Hand the e-mail to Celery; a broker that is down only delays it (the sweep retries)."""
    from ..tasks import send_notification_email

    try:
        send_notification_email.delay(notification_id)
    except Exception:  # noqa: BLE001 - the decision is committed; the e-mail waits for the sweep
        logger.warning("Notification e-mail %s not queued; the periodic sweep will retry", notification_id,
                       exc_info=True)


def notification_send_email(*, notification_id: int) -> str:
    """Send the e-mail of one notification, at most once; returns the resulting state."""
    return email_send_once(
        Notification.objects.select_related("recipient", "decision__initiative"), notification_id,
        message=_notification_message, what="notification", logger=logger,
    )


def _notification_message(notification: Notification) -> tuple[str, str]:
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import reverse

    link = ""
    if settings.PORTAL_URL:
        link = settings.PORTAL_URL + reverse("reviews:notification_open", args=[notification.pk])
    context = {"notification": notification, "decision": notification.decision,
               "initiative": notification.decision.initiative, "recipient": notification.recipient, "link": link}
    return (render_to_string("reviews/email/decision_subject.txt", context).strip(),
            render_to_string("reviews/email/decision_body.txt", context))


def notifications_send_pending(*, older_than_seconds: int = 60, limit: int = 500) -> int:
    """Retry e-mails still pending after ``older_than_seconds`` (the broker or mail server was down)."""
    import datetime as dt

    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    ids = list(
        Notification.objects.filter(email_state=EmailState.PENDING, created_at__lt=cutoff)
        .order_by("id")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        notification_send_email(notification_id=pk)
    return len(ids)


def notifications_delete_of(*, user) -> int:
    """Remove the in-app notifications of a closing account (the decisions themselves stay)."""
    deleted, _by_model = Notification.objects.filter(recipient=user).delete()
    inbox.unread_changed(user.pk)
    return deleted


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications (all, or ``ids``) as read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    marked = qs.update(read_at=timezone.now())
    inbox.unread_changed(user.pk)
    return marked
