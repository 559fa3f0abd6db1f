"""Digests of the review backlog: what waits for each officer, once a day (or a week), and
the child units late past the escalation threshold, told to the managers above them.

Built by the beat once a local day (``DIGEST_HOUR``) for every officer of the country at
once, from the backlog's aggregates (``BacklogWaiting``, ``BacklogFlow``: a unit's whole
subtree), never by counting initiatives: a few set-based statements over those tables, then
one INSERT of the digests and one of the escalations. The day's ``DigestRun`` is written
first in the same transaction, so a beat that runs again that day (or at the same time,
waiting on the run's unique day) builds nothing; the unique (recipient, day, kind, unit) of
``Digest`` guards the same. The e-mails are sent after the commit and retried by a sweep,
like a decision's notification: Redis or the mail server being away delays them, never the
in-app digest.

What an officer reviews at unit U (``reviews.rules``): stage 1 of U's own initiatives and
stage 2 of U's subtree except U's own. From the rolled-up rows, U's own figures are
subtree(U) less the sum of its children's subtrees, and "U's subtree except U's own" is that
sum. An officer with appointments at several units reviews stage 1 of each and stage 2 below
the outermost ones (a unit under another of their units adds nothing at stage 2).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from reviews import inbox
from reviews.deadlines import OVERDUE
from reviews.enums import EmailState
from reviews.outbox import email_send_once
from reviews.selectors import AWAITING
from unions.enums import REVIEW_ROLES, Role

from .models import BacklogFlow, Digest, DigestRun, Escalation

logger = logging.getLogger("reports.digests")

# Weekly digests go out on Mondays (date.weekday()), with the arrivals of the seven days before.
WEEKLY_DIGEST_WEEKDAY = 0
# A unit is reported late to the managers above it at most once in this many days.
ESCALATION_INTERVAL_DAYS = 7


@dataclass(frozen=True)
class DigestBuild:
    day: dt.date
    built: bool  # False: the day's run had already been made
    digests: int = 0
    escalations: int = 0
    seconds: float = 0.0


# The figures of what the officers of each unit review, for every unit at once.
#   subtree: a unit's whole subtree, per stage: waiting now, overdue today, arrived yesterday
#            and in the seven days before today;
#   parent:  each unit of those rows and the unit above it (from the materialized path);
#   reviewed: per unit, stage 1 of its own (its subtree less its children's) and stage 2
#            below it (the sum of its children's subtrees).
_REVIEWED_SQL = """
WITH waiting AS (
    SELECT unit_id, stage, sum(n) AS waiting, coalesce(sum(n) FILTER (WHERE due_on < %(today)s), 0) AS overdue
    FROM reports_backlogwaiting
    GROUP BY unit_id, stage
), arrived AS (
    SELECT unit_id, stage, coalesce(sum(n) FILTER (WHERE day >= %(yesterday)s), 0) AS new_day, sum(n) AS new_week
    FROM reports_backlogflow
    WHERE kind = %(arrived)s AND day >= %(week_since)s AND day < %(today)s
    GROUP BY unit_id, stage
), subtree AS (
    SELECT coalesce(w.unit_id, a.unit_id) AS unit_id, coalesce(w.stage, a.stage) AS stage,
           coalesce(w.waiting, 0) AS waiting, coalesce(w.overdue, 0) AS overdue,
           coalesce(a.new_day, 0) AS new_day, coalesce(a.new_week, 0) AS new_week
    FROM waiting w FULL JOIN arrived a ON a.unit_id = w.unit_id AND a.stage = w.stage
), parent AS (
    SELECT c.id AS unit_id, p.id AS parent_id
    FROM unions_unit c JOIN unions_unit p ON p.path = substr(c.path, 1, length(c.path) - 4)
    WHERE c.depth > 1 AND c.id IN (SELECT unit_id FROM subtree)
), signed AS (
    SELECT unit_id, stage, waiting, overdue, new_day, new_week FROM subtree WHERE stage = 1
    UNION ALL
    -- a child's subtree: taken from the unit's own at stage 1, below the unit at stage 2
    SELECT p.parent_id, s.stage, k.sgn * s.waiting, k.sgn * s.overdue, k.sgn * s.new_day, k.sgn * s.new_week
    FROM subtree s JOIN parent p USING (unit_id), LATERAL (SELECT CASE WHEN s.stage = 1 THEN -1 ELSE 1 END AS sgn) k
), reviewed AS (
    SELECT unit_id,
           greatest(coalesce(sum(waiting) FILTER (WHERE stage = 1), 0), 0) AS waiting_verify,
           greatest(coalesce(sum(overdue) FILTER (WHERE stage = 1), 0), 0) AS overdue_verify,
           greatest(coalesce(sum(new_day) FILTER (WHERE stage = 1), 0), 0) AS new_day_verify,
           greatest(coalesce(sum(new_week) FILTER (WHERE stage = 1), 0), 0) AS new_week_verify,
           greatest(coalesce(sum(waiting) FILTER (WHERE stage = 2), 0), 0) AS waiting_approve,
           greatest(coalesce(sum(overdue) FILTER (WHERE stage = 2), 0), 0) AS overdue_approve,
           greatest(coalesce(sum(new_day) FILTER (WHERE stage = 2), 0), 0) AS new_day_approve,
           greatest(coalesce(sum(new_week) FILTER (WHERE stage = 2), 0), 0) AS new_week_approve
    FROM signed
    GROUP BY unit_id
)
"""

# Every active officer's (or manager's) review units, and whether each is outermost among
# theirs: stage 2 counts below the outermost units only.
_REVIEWERS_SQL = """
, reviewer AS (
    SELECT DISTINCT a.user_id, a.unit_id, un.path
    FROM unions_appointment a
    JOIN unions_unit un ON un.id = a.unit_id
    JOIN accounts_user u ON u.id = a.user_id
    WHERE a.revoked_at IS NULL AND a.role = ANY(%(review_roles)s) AND u.is_active
), nested AS (  -- a review unit under another of the same officer's
    SELECT DISTINCT r.user_id, r.unit_id
    FROM reviewer r
    JOIN reviewer o ON o.user_id = r.user_id AND o.unit_id <> r.unit_id AND left(r.path, length(o.path)) = o.path
), officer AS (
    SELECT r.user_id,
           sum(f.waiting_verify) AS waiting_verify, sum(f.overdue_verify) AS overdue_verify,
           sum(f.new_day_verify) AS new_day_verify, sum(f.new_week_verify) AS new_week_verify,
           coalesce(sum(f.waiting_approve) FILTER (WHERE n.unit_id IS NULL), 0) AS waiting_approve,
           coalesce(sum(f.overdue_approve) FILTER (WHERE n.unit_id IS NULL), 0) AS overdue_approve,
           coalesce(sum(f.new_day_approve) FILTER (WHERE n.unit_id IS NULL), 0) AS new_day_approve,
           coalesce(sum(f.new_week_approve) FILTER (WHERE n.unit_id IS NULL), 0) AS new_week_approve
    FROM reviewer r
    JOIN reviewed f ON f.unit_id = r.unit_id
    LEFT JOIN nested n ON n.user_id = r.user_id AND n.unit_id = r.unit_id
    GROUP BY r.user_id
)
"""

_INSERT_DIGESTS_SQL = """
INSERT INTO reports_digest (
    recipient_id, day, kind, unit_id, new_since, new_verify, waiting_verify, overdue_verify,
    new_approve, waiting_approve, overdue_approve, created_at, read_at, email_state, email_attempts
)
SELECT o.user_id, %(today)s, k.kind, NULL, k.since,
       CASE WHEN k.weekly THEN o.new_week_verify ELSE o.new_day_verify END, o.waiting_verify, o.overdue_verify,
       CASE WHEN k.weekly THEN o.new_week_approve ELSE o.new_day_approve END, o.waiting_approve, o.overdue_approve,
       %(now)s, NULL, CASE WHEN coalesce(u.email, '') = '' THEN %(not_needed)s ELSE %(pending)s END, 0
FROM officer o
JOIN accounts_user u ON u.id = o.user_id,
LATERAL (
    SELECT u.digest_frequency = %(weekly)s AS weekly,
           CASE WHEN u.digest_frequency = %(weekly)s THEN %(weekly_kind)s ELSE %(daily_kind)s END AS kind,
           CASE WHEN u.digest_frequency = %(weekly)s THEN %(week_since)s ELSE %(yesterday)s END::date AS since
) k
WHERE o.waiting_verify + o.waiting_approve > 0 AND (NOT k.weekly OR %(weekly_day)s)
ON CONFLICT DO NOTHING
"""

# The units late past the escalation threshold: the initiatives they review (stage 1 of their
# own, stage 2 below them) that waited more than ``factor`` times their deadline (due_on -
# started_on days), counted and with the oldest one's days; reported to the managers of the
# unit above unless reported in the last ESCALATION_INTERVAL_DAYS days.
_INSERT_ESCALATIONS_SQL = """
WITH late AS (
    SELECT unit_id, stage, started_on, n
    FROM reports_backlogwaiting
    WHERE (%(today)s::date - started_on) > %(factor)s * (due_on - started_on)
), parent AS (
    SELECT c.id AS unit_id, p.id AS parent_id
    FROM unions_unit c JOIN unions_unit p ON p.path = substr(c.path, 1, length(c.path) - 4)
    WHERE c.depth > 1 AND c.id IN (SELECT unit_id FROM late)
), per_day AS (
    SELECT unit_id, stage, started_on, sum(n) AS n
    FROM (
        SELECT unit_id, stage, started_on, n FROM late WHERE stage = 1
        UNION ALL
        SELECT p.parent_id, l.stage, l.started_on, CASE WHEN l.stage = 1 THEN -l.n ELSE l.n END
        FROM late l JOIN parent p USING (unit_id)
    ) signed
    GROUP BY unit_id, stage, started_on
    HAVING sum(n) > 0
), per_unit AS (
    SELECT unit_id, sum(n) AS late, %(today)s::date - min(started_on) AS oldest_days
    FROM per_day GROUP BY unit_id
)
INSERT INTO reports_escalation (unit_id, parent_id, day, late, oldest_days)
SELECT pu.unit_id, p.parent_id, %(today)s, pu.late, pu.oldest_days
FROM per_unit pu JOIN parent p USING (unit_id)
WHERE NOT EXISTS (
    SELECT 1 FROM reports_escalation e WHERE e.unit_id = pu.unit_id AND e.day > %(escalated_after)s
) AND EXISTS (
    SELECT 1 FROM unions_appointment a JOIN accounts_user u ON u.id = a.user_id
    WHERE a.unit_id = p.parent_id AND a.role = %(manager)s AND a.revoked_at IS NULL AND u.is_active
)
ON CONFLICT DO NOTHING
"""

_INSERT_ESCALATION_NOTICES_SQL = """
INSERT INTO reports_digest (
    recipient_id, day, kind, unit_id, new_since, new_verify, waiting_verify, overdue_verify,
    new_approve, waiting_approve, overdue_approve, created_at, read_at, email_state, email_attempts
)
SELECT DISTINCT a.user_id, %(today)s::date, %(escalation_kind)s, e.parent_id, NULL::date, 0, 0, 0, 0, 0, 0, %(now)s, NULL::timestamptz,
       CASE WHEN coalesce(u.email, '') = '' THEN %(not_needed)s ELSE %(pending)s END, 0
FROM reports_escalation e
JOIN unions_appointment a ON a.unit_id = e.parent_id AND a.role = %(manager)s AND a.revoked_at IS NULL
JOIN accounts_user u ON u.id = a.user_id AND u.is_active
WHERE e.day = %(today)s
ON CONFLICT DO NOTHING
"""


def _params(day: dt.date, now: dt.datetime) -> dict:
    return {
        "today": day,
        "yesterday": day - dt.timedelta(days=1),
        "week_since": day - dt.timedelta(days=7),
        "weekly_day": day.weekday() == WEEKLY_DIGEST_WEEKDAY,
        "arrived": BacklogFlow.Kind.ARRIVED,
        "review_roles": [str(role) for role in REVIEW_ROLES],
        "manager": str(Role.MANAGER),
        "weekly": "weekly",
        "daily_kind": Digest.Kind.DAILY.value,
        "weekly_kind": Digest.Kind.WEEKLY.value,
        "escalation_kind": Digest.Kind.ESCALATION.value,
        "pending": EmailState.PENDING.value,
        "not_needed": EmailState.NOT_NEEDED.value,
        "factor": Decimal(str(settings.DIGEST_ESCALATION_FACTOR)),
        "escalated_after": day - dt.timedelta(days=ESCALATION_INTERVAL_DAYS),
        "now": now,
    }


def digests_build(*, day: dt.date | None = None) -> DigestBuild:
    """Build the day's digests and escalations for every officer at once, once a day.

    The run's row is written first: a second call the same day (a beat run twice, or two at
    once: the second waits on the unique day, then finds it) builds nothing and returns
    ``built=False``. The e-mails are queued once the transaction has committed.
    """
    day = day or timezone.localdate()
    started = time.monotonic()
    params = _params(day, timezone.now())
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = %s", [settings.AGGREGATES_WORK_MEM])
            # A few big set-based statements run once a day: compiling them (JIT) costs more than it saves.
            cursor.execute("SET LOCAL jit = off")
            cursor.execute(
                "INSERT INTO reports_digestrun (day, started_at, digests, escalations, duration_ms) "
                "VALUES (%s, %s, 0, 0, 0) ON CONFLICT (day) DO NOTHING RETURNING id",
                [day, params["now"]],
            )
            row = cursor.fetchone()
            if row is None:
                return DigestBuild(day=day, built=False)
            cursor.execute(_REVIEWED_SQL + _REVIEWERS_SQL + _INSERT_DIGESTS_SQL, params)
            digests = cursor.rowcount
            cursor.execute(_INSERT_ESCALATIONS_SQL, params)
            escalations = cursor.rowcount
            cursor.execute(_INSERT_ESCALATION_NOTICES_SQL, params)
            digests += cursor.rowcount
        # The day's digests reach many officers' badges at once.
        inbox.everyones_unread_changed()
        seconds = time.monotonic() - started
        DigestRun.objects.filter(pk=row[0]).update(
            digests=digests, escalations=escalations, duration_ms=int(seconds * 1000)
        )
        transaction.on_commit(lambda: enqueue_digest_emails(day))
    logger.info("Digests of %s: %s built, %s units escalated in %.1f s", day, digests, escalations, seconds)
    return DigestBuild(day=day, built=True, digests=digests, escalations=escalations, seconds=seconds)


def digests_build_due(*, now: dt.datetime | None = None) -> DigestBuild | None:
    """The beat's call: build today's digests once the local hour reaches ``DIGEST_HOUR``
    (None before it); a later call the same day builds nothing."""
    local = timezone.localtime(now)
    if local.hour < settings.DIGEST_HOUR:
        return None
    return digests_build(day=local.date())


# --- e-mails --------------------------------------------------------------------------------


def enqueue_digest_emails(day: dt.date) -> None:
    """Hand the day's e-mails to Celery; a broker that is down only delays them (the sweep retries)."""
    from .tasks import send_digest_emails

    try:
        send_digest_emails.delay(day.isoformat())
    except Exception:  # noqa: BLE001 - the digests are committed; their e-mails wait for the sweep
        logger.warning("Digest e-mails of %s not queued; the periodic sweep will retry", day, exc_info=True)


def digest_link(digest: Digest) -> str:
    """Where a digest leads, within the portal: the queue of what awaits the officer (only the
    overdue when some are), or, for an escalation, the dashboard of the unit whose children are late."""
    if digest.kind == Digest.Kind.ESCALATION:
        return reverse("reports:dashboard", args=[digest.unit.code])
    query = {"state": AWAITING, "sort": "waiting"}
    if digest.overdue:
        query["deadline"] = OVERDUE
    return f"{reverse('reviews:queue')}?{urlencode(query)}"


def digest_escalations(digest: Digest) -> list[Escalation]:
    """The late child units an escalation digest tells of, the most late first."""
    if digest.kind != Digest.Kind.ESCALATION:
        return []
    return list(
        Escalation.objects.filter(parent_id=digest.unit_id, day=digest.day)
        .select_related("unit").order_by("-oldest_days", "-late", "unit__sort_name")
    )


def digest_send_email(*, digest_id: int, mail_connection=None) -> str:
    """Send one digest's e-mail, at most once; returns the resulting state.

    A failure of the mail server leaves it pending (``email_attempts`` counts the tries) for
    the sweep, and failed after MAX_EMAIL_ATTEMPTS (``reviews.outbox``).
    """
    return email_send_once(Digest.objects.select_related("recipient", "unit"), digest_id,
                           message=_digest_message, what="digest", logger=logger, mail_connection=mail_connection)


def _digest_message(digest: Digest) -> tuple[str, str]:
    from django.template.loader import render_to_string

    link = settings.PORTAL_URL + digest_link(digest) if settings.PORTAL_URL else ""
    context = {"digest": digest, "recipient": digest.recipient, "link": link,
               "escalations": digest_escalations(digest)}
    return (render_to_string("reports/email/digest_subject.txt", context).strip(),
            render_to_string("reports/email/digest_body.txt", context))


def digests_send_pending(*, day: dt.date | None = None, older_than_seconds: int = 0, limit: int | None = None) -> int:
    """Send the pending digest e-mails (of ``day``, or every day's), oldest first, through one
    connection to the mail server; stops at the first failure, so a mail server that is down
    costs one timeout, not one per officer (the sweep tries again later). Returns how many
    were sent."""
    from django.core.mail import get_connection

    qs = Digest.objects.filter(email_state=EmailState.PENDING)
    if day is not None:
        qs = qs.filter(day=day)
    if older_than_seconds:
        qs = qs.filter(created_at__lt=timezone.now() - dt.timedelta(seconds=older_than_seconds))
    sent, after = 0, 0
    mail_connection = get_connection()
    try:
        while limit is None or sent < limit:
            batch = list(qs.filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[:500])
            if not batch:
                break
            for pk in batch:
                after = pk
                state = digest_send_email(digest_id=pk, mail_connection=mail_connection)
                if state == EmailState.SENT:
                    sent += 1
                elif state in (EmailState.PENDING, EmailState.FAILED):
                    return sent
    finally:
        try:
            mail_connection.close()
        except Exception:  # noqa: BLE001 - closing a connection to a server that is gone
            logger.debug("Closing the mail connection failed", exc_info=True)
    return sent


# --- the reader's side ----------------------------------------------------------------------


def unread_digests(user):
    """The user's unread digests (for the notifications badge)."""
    return Digest.objects.filter(recipient=user, read_at__isnull=True)


def recent_digests(user, *, limit: int = 10) -> list[Digest]:
    """The user's latest digests, newest first, for the notifications page; an escalation
    carries its late units (``late_units``), all read in one more query."""
    from django.db.models import Q

    digests = list(Digest.objects.filter(recipient=user).select_related("unit").order_by("-day", "-id")[:limit])
    escalated = [d for d in digests if d.kind == Digest.Kind.ESCALATION]
    if escalated:
        q = Q()
        for d in escalated:
            q |= Q(parent_id=d.unit_id, day=d.day)
        late: dict[tuple[int, dt.date], list[Escalation]] = {}
        for e in Escalation.objects.filter(q).select_related("unit").order_by("-oldest_days", "-late", "unit__sort_name"):
            late.setdefault((e.parent_id, e.day), []).append(e)
        for d in escalated:
            d.late_units = late.get((d.unit_id, d.day), [])
    return digests


def digests_delete_of(*, user) -> int:
    """Remove the digests of a closing account (what was escalated stays: it names units only)."""
    deleted, _by_model = Digest.objects.filter(recipient=user).delete()
    inbox.unread_changed(user.pk)
    return deleted


def digests_mark_read(user, ids=None) -> int:
    """Mark the user's digests (all, or ``ids``) as read."""
    qs = unread_digests(user)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    marked = qs.update(read_at=timezone.now())
    inbox.unread_changed(user.pk)
    return marked
