"""One e-mail of a row that carries its own sending state, sent at most once.

A notification and a digest are each a row with a recipient, ``email_state`` and
``email_attempts``. ``email_send_once`` is the step both take: lock the row (skipping it
when another sender holds it), settle a recipient with no address or a closed account as
needing no e-mail, count the attempt, write the message in Vietnamese and send it. A
failure of the mail server leaves the row pending for the sweep (``email_attempts`` counts
the tries) and failed after ``MAX_EMAIL_ATTEMPTS``; it is logged, never raised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction
from django.db.models import Model, QuerySet

from .enums import EmailState

MAX_EMAIL_ATTEMPTS = 5
SKIPPED = "skipped"  # another sender holds the row, or it is no longer pending


def email_send_once(rows: QuerySet, pk: int, *, message: Callable[[Model], tuple[str, str]], what: str,
                    logger: logging.Logger, mail_connection=None) -> str:
    """Send the e-mail of row ``pk`` of ``rows`` (its ``recipient`` selected with it) if it is
    still pending; ``message(row)`` gives the subject and the body. Returns the row's new
    state, or SKIPPED. Only the row itself is locked, never what it is read with."""
    from django.core.mail import EmailMessage
    from django.utils import translation

    with transaction.atomic():
        row = rows.select_for_update(skip_locked=True, of=("self",)).filter(pk=pk, email_state=EmailState.PENDING).first()
        if row is None:
            return SKIPPED
        recipient = row.recipient
        if not recipient.email or not recipient.is_active:
            row.email_state = EmailState.NOT_NEEDED
            row.save(update_fields=["email_state"])
            return row.email_state
        row.email_attempts += 1
        try:
            with translation.override("vi"):
                subject, body = message(row)
            EmailMessage(subject, body, None, [recipient.email], connection=mail_connection).send()
        except Exception:  # noqa: BLE001 - a mail server failure is retried by the sweep, never raised into a request
            logger.warning("Sending %s e-mail %s failed", what, pk, exc_info=True)
            if row.email_attempts >= MAX_EMAIL_ATTEMPTS:
                row.email_state = EmailState.FAILED
        else:
            row.email_state = EmailState.SENT
        row.save(update_fields=["email_state", "email_attempts"])
        return row.email_state
