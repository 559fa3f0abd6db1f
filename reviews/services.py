"""The review state machine: the only writer of ``Initiative.status``.

Each transition checks the rule, changes the row with a conditional UPDATE (so two
concurrent decisions cannot both win, on any database), writes the immutable
``Decision`` and leaves everything unchanged on failure.

One module (about 500 lines): every status change, its decision, its notification and
its log line are written here, so that "the only writer of a status" stays one file to read.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from campaign.selectors import phase_for_date
from submissions.enums import InitiativeStatus as S
from submissions.models import Initiative
from submissions.workflow import ImportHistory, TransitionError
from unions.models import Unit
from unions.selectors import review_units

from . import queue_cache
from . import rules as review_rules
from .enums import OFFICER_ACTIONS, Action, ActorRole, ConflictOfInterest, EmailState, RejectReason
from .models import Decision, Notification

logger = logging.getLogger(__name__)


class ConflictOfInterestError(TransitionError):
    """A decision refused because the actor is a party to an initiative, or verified it.

    ``conflicts`` lists each such initiative as (id, title, reason); nothing was written.
    """

    def __init__(self, message, conflicts: list[tuple[int, str, ConflictOfInterest]]):
        super().__init__(message)
        self.conflicts = conflicts


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]
    target: str


TRANSITIONS: dict[str, Transition] = {
    Action.SUBMIT: Transition((S.DRAFT,), S.SUBMITTED),
    Action.RESUBMIT: Transition((S.RETURNED,), S.SUBMITTED),
    Action.WITHDRAW: Transition((S.SUBMITTED, S.VERIFIED, S.RETURNED), S.WITHDRAWN),
    Action.VERIFY: Transition((S.SUBMITTED,), S.VERIFIED),
    Action.APPROVE: Transition((S.VERIFIED,), S.APPROVED),
    Action.RETURN: Transition((S.SUBMITTED, S.VERIFIED), S.RETURNED),
    Action.REJECT: Transition((S.SUBMITTED, S.VERIFIED), S.REJECTED),
}


def initiative_transition(
    *,
    initiative: Initiative,
    action: str,
    actor,
    actor_role: str,
    actor_unit: Unit | None = None,
    comment: str = "",
    reason: str = "",
    extra_updates: dict | None = None,
) -> Decision:
    """Move ``initiative`` through ``action`` and record the decision.

    Raises ``TransitionError`` when the initiative is not in a state the action starts
    from, including when another user changed it a moment earlier. ``extra_updates``
    are saved in the same UPDATE (the submission snapshot).
    """
    transition = TRANSITIONS[action]
    current = initiative.status
    if current not in transition.sources:
        raise TransitionError(
            _("Không thể thực hiện “%(action)s” với sáng kiến ở trạng thái “%(status)s”.")
            % {"action": Action(action).label, "status": S(current).label}
        )
    updates = {"status": transition.target, "updated_at": timezone.now(), **(extra_updates or {})}
    unit_id = initiative.unit_id
    with transaction.atomic():
        changed = Initiative.objects.filter(pk=initiative.pk, status=current).update(**updates)
        if changed != 1:
            raise TransitionError(
                _("Sáng kiến vừa được người khác xử lý. Vui lòng tải lại trang để xem trạng thái mới.")
            )
        decision = Decision.objects.create(
            initiative=initiative,
            action=action,
            from_status=current,
            to_status=transition.target,
            actor=actor,
            actor_role=actor_role,
            actor_unit=actor_unit,
            comment=comment,
            reason=reason,
        )
        _notify(initiative, decision)
    for name, value in updates.items():
        setattr(initiative, name, value)
    _queue_changed(initiative, moved=initiative.unit_id != unit_id)
    _log_decision(decision)
    return decision


def _queue_changed(initiative: Initiative, *, moved: bool = False) -> None:
    """Once the change is committed, queues showing the initiative's unit count again.

    The path copied onto the row is read when it is there (loaded, and the unit did not
    change just now), else the unit's own; reading it costs a query only then.
    """
    path = "" if moved else initiative.__dict__.get("unit_path", "")
    if not path and Initiative.unit.field.is_cached(initiative):
        path = initiative.unit.path
    unit_id = initiative.unit_id

    def changed() -> None:
        paths = [path] if path else Unit.objects.filter(pk=unit_id).values_list("path", flat=True)
        queue_cache.queue_changed(unit_paths=paths)

    transaction.on_commit(changed)


def initiative_submit(*, initiative: Initiative, actor) -> Decision:
    """Submit a draft, or resubmit a returned initiative (keeping its first-submitted time).

    The first submission fixes the time, the local date, the phase and, for a worker's
    own initiative, the snapshot of their unit, category and position flags.
    """
    action = Action.RESUBMIT if initiative.status == S.RETURNED else Action.SUBMIT
    extra = _first_submission(initiative) if initiative.first_submitted_at is None else {}
    return initiative_transition(
        initiative=initiative, action=action, actor=actor, actor_role=_author_role(initiative, actor),
        extra_updates=extra,
    )


def initiative_insert_submitted(*, initiative: Initiative, actor) -> Decision:
    """Insert a new initiative already submitted, with the decision that submitted it.

    The same state change and snapshot as saving a draft and then ``initiative_submit``,
    in one INSERT instead of an INSERT and an UPDATE. Runs inside the caller's transaction.
    """
    transition = TRANSITIONS[Action.SUBMIT]
    if initiative.pk is not None or initiative.status not in transition.sources:
        raise ValueError("initiative_insert_submitted takes a new draft")
    for name, value in _first_submission(initiative).items():
        setattr(initiative, name, value)
    initiative.status = transition.target
    initiative.save()
    decision = Decision.objects.create(
        initiative=initiative, action=Action.SUBMIT, from_status=S.DRAFT, to_status=transition.target, actor=actor,
        actor_role=_author_role(initiative, actor),
    )
    _notify(initiative, decision)
    _queue_changed(initiative)
    _log_decision(decision)
    return decision


def _author_role(initiative: Initiative, actor) -> str:
    return ActorRole.AUTHOR if actor.pk == initiative.submitter_id else ActorRole.OFFICER


def _first_submission(initiative: Initiative) -> dict:
    """What the first submission fixes: time, local date, phase and, for a worker's own
    initiative, the snapshot of their unit, category and position flags."""
    now = timezone.now()
    local_day = timezone.localdate(now)
    extra = {"first_submitted_at": now, "submitted_on": local_day, "phase": phase_for_date(local_day)}
    author = initiative.submitter
    if author is not None and author.pk == initiative.entered_by_id:
        if author.unit_id is None or not author.category:
            raise TransitionError(_("Vui lòng cập nhật công đoàn cơ sở và đối tượng trong hồ sơ trước khi gửi."))
        extra.update(
            unit_id=author.unit_id,
            category=author.category,
            holds_management_post=author.holds_management_post,
            is_direct_production_worker=author.is_direct_production_worker,
        )
    return extra


def initiative_withdraw(*, initiative: Initiative, actor, comment: str = "") -> Decision:
    """The author (or the officer who entered it) withdraws it before approval."""
    role = ActorRole.AUTHOR if actor.pk == initiative.submitter_id else ActorRole.OFFICER
    return initiative_transition(
        initiative=initiative, action=Action.WITHDRAW, actor=actor, actor_role=role, comment=comment
    )


# --- officers' decisions --------------------------------------------------------------------


def initiative_decide(*, initiative: Initiative, action: str, actor, comment: str = "", reason: str = "") -> Decision:
    """An officer verifies, approves, returns or rejects ``initiative``.

    Checks that the initiative waits for the action, that the actor has no conflict of
    interest with it (refused and recorded, ``ConflictOfInterestError``), the required
    comment (return) or reason (reject) and the permission for the stage it waits for,
    then moves it through ``initiative_transition``.
    """
    if action not in OFFICER_ACTIONS:
        raise TransitionError(_("Thao tác không hợp lệ."))
    if initiative.status not in TRANSITIONS[action].sources:
        raise TransitionError(
            _("Không thể thực hiện “%(action)s” với sáng kiến ở trạng thái “%(status)s”.")
            % {"action": Action(action).label, "status": S(initiative.status).label}
        )
    conflict = review_rules.conflict_of_interest(actor, initiative)
    if conflict is not None:
        _record_conflict_refusal(initiative, action, actor, conflict)
        raise ConflictOfInterestError(conflict.label, [(initiative.pk, initiative.title, conflict)])
    comment = (comment or "").strip()
    if action == Action.RETURN and not comment:
        raise TransitionError(_("Hãy ghi rõ cần bổ sung gì khi trả lại sáng kiến."))
    if action == Action.REJECT:
        if reason not in RejectReason.values:
            raise TransitionError(_("Hãy chọn lý do không công nhận."))
        if reason == RejectReason.OTHER and not comment:
            raise TransitionError(_("Hãy ghi rõ lý do khác."))
    else:
        reason = ""
    if not actor.has_perm(review_rules.DECISION_PERMISSIONS[action], initiative):
        raise TransitionError(_("Bạn không có quyền thực hiện thao tác này ở cấp của mình."))
    appointment = review_rules.stage_appointment(actor, initiative)
    return initiative_transition(
        initiative=initiative,
        action=action,
        actor=actor,
        actor_role=ActorRole.OFFICER,
        actor_unit=appointment.unit if appointment else None,
        comment=comment,
        reason=reason,
    )


def _record_conflict_refusal(initiative: Initiative, action: str, actor, conflict: ConflictOfInterest) -> None:
    """One structured log line per refused attempt (who, which initiative and action, why;
    the record carries the time and the request id): nothing is written to the database,
    where a refusal would not be a decision of the audit trail."""
    logger.warning(
        "Decision refused on initiative %s: %s by user %s, conflict of interest (%s)",
        initiative.pk,
        action,
        actor.pk,
        conflict.value,
        extra={"event": "decision_refused", "initiative_id": initiative.pk, "action": action,
               "status": initiative.status, "actor_id": actor.pk, "reason": conflict.value},
    )


def initiative_mark_exemplary(*, initiative: Initiative, actor, exemplary: bool, comment: str = "") -> Decision:
    """Staff of a province, sector or the federation mark (or unmark) an approved initiative as exemplary.

    Not a state change, but recorded in the history like one.
    """
    if not actor.has_perm("reviews.mark_exemplary", initiative):
        raise TransitionError(_("Chỉ chuyên viên cấp tỉnh, ngành hoặc Tổng Liên đoàn được đánh dấu sáng kiến tiêu biểu."))
    appointment = review_rules.exemplary_appointment(actor, initiative)
    action = Action.MARK_EXEMPLARY if exemplary else Action.UNMARK_EXEMPLARY
    with transaction.atomic():
        changed = Initiative.objects.filter(
            pk=initiative.pk, status=S.APPROVED, is_exemplary=not exemplary
        ).update(is_exemplary=exemplary, updated_at=timezone.now())
        if changed != 1:
            raise TransitionError(_("Sáng kiến vừa được người khác xử lý. Vui lòng tải lại trang để xem trạng thái mới."))
        decision = Decision.objects.create(
            initiative=initiative, action=action, from_status=S.APPROVED, to_status=S.APPROVED, actor=actor,
            actor_role=ActorRole.STAFF, actor_unit=appointment.unit if appointment else None, comment=comment.strip(),
        )
        _notify(initiative, decision)
    initiative.is_exemplary = exemplary
    _log_decision(decision)
    return decision


def _log_decision(decision: Decision) -> None:
    """One structured log line per decision (JSON with ``LOG_FORMAT=json``)."""
    logger.info(
        "Decision %s on initiative %s: %s, %s → %s by user %s",
        decision.pk,
        decision.initiative_id,
        decision.action,
        decision.from_status,
        decision.to_status,
        decision.actor_id,
        extra={"event": "decision", "decision_id": decision.pk, "initiative_id": decision.initiative_id,
               "action": decision.action, "from_status": decision.from_status, "to_status": decision.to_status,
               "actor_id": decision.actor_id, "actor_role": decision.actor_role,
               "actor_unit_id": decision.actor_unit_id},
    )


@dataclass(frozen=True)
class BulkResult:
    initiative_id: int
    title: str
    ok: bool
    message: str


def initiatives_bulk_decide(*, initiatives, ids, action: str, actor, comment: str = "") -> list[BulkResult]:
    """Apply ``action`` to each of ``ids`` on its own: each is checked and committed separately.

    ``initiatives`` is the queryset the actor may see (``initiatives_visible_to``), so an
    id outside their scope is reported as not found rather than decided. A batch holding
    an initiative the actor has a conflict of interest with is refused whole before any is
    decided (``ConflictOfInterestError``, each recorded): unlike a decision someone else
    took a moment earlier, it says the officer chose what they must not decide.
    """
    found = {
        i.pk: i
        for i in initiatives.select_related("unit").annotate(**review_rules.conflict_annotations(actor)).filter(pk__in=ids)
    }
    sources = TRANSITIONS[action].sources if action in OFFICER_ACTIONS else ()
    conflicts = []
    for pk in ids:
        initiative = found.get(pk)
        if initiative is not None and initiative.status in sources:
            conflict = review_rules.conflict_of_interest(actor, initiative)
            if conflict is not None:
                _record_conflict_refusal(initiative, action, actor, conflict)
                conflicts.append((pk, initiative.title, conflict))
    if conflicts:
        raise ConflictOfInterestError(
            ngettext(
                "Chưa xử lý sáng kiến nào: bạn không được xét duyệt %(count)s sáng kiến đã chọn. "
                "Hãy bỏ chọn sáng kiến đó rồi thực hiện lại.",
                "Chưa xử lý sáng kiến nào: bạn không được xét duyệt %(count)s sáng kiến đã chọn. "
                "Hãy bỏ chọn các sáng kiến đó rồi thực hiện lại.",
                len(conflicts),
            ) % {"count": len(conflicts)},
            conflicts,
        )
    results = []
    for pk in ids:
        initiative = found.get(pk)
        if initiative is None:
            results.append(BulkResult(pk, "", False, str(_("Không tìm thấy sáng kiến trong phạm vi của bạn."))))
            continue
        try:
            initiative_decide(initiative=initiative, action=action, actor=actor, comment=comment)
        except TransitionError as error:
            results.append(BulkResult(pk, initiative.title, False, str(error.message)))
        else:
            results.append(BulkResult(pk, initiative.title, True, str(S(initiative.status).label)))
    return results


# --- notifications --------------------------------------------------------------------------


def _notify(initiative: Initiative, decision: Decision) -> None:
    """Record the in-app notification and send its e-mail once the decision is committed.

    The author's account is told; for an initiative entered on behalf of a worker without
    an account, the officer who entered it is told instead. Nobody is told of their own act.
    """
    recipient_id = initiative.submitter_id or initiative.entered_by_id
    if recipient_id is None or recipient_id == decision.actor_id:
        return
    notification = Notification.objects.create(recipient_id=recipient_id, decision=decision)
    transaction.on_commit(lambda: enqueue_notification_email(notification.pk))


def enqueue_notification_email(notification_id: int) -> None:
    """Hand the e-mail to Celery; a broker that is down only delays it (the sweep retries)."""
    from .tasks import send_notification_email

    try:
        send_notification_email.delay(notification_id)
    except Exception:  # noqa: BLE001 - the decision is committed; the e-mail waits for the sweep
        logger.warning("Notification e-mail %s not queued; the periodic sweep will retry", notification_id,
                       exc_info=True)


MAX_EMAIL_ATTEMPTS = 5


def notification_send_email(*, notification_id: int) -> str:
    """Send the e-mail of one notification, at most once; returns the resulting state."""
    from django.core.mail import send_mail
    from django.template.loader import render_to_string
    from django.utils import translation

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .select_related("recipient", "decision__initiative")
            .filter(pk=notification_id, email_state=EmailState.PENDING)
            .first()
        )
        if notification is None:
            return "skipped"
        recipient = notification.recipient
        if not recipient.email or not recipient.is_active:
            notification.email_state = EmailState.NOT_NEEDED
            notification.save(update_fields=["email_state"])
            return notification.email_state
        notification.email_attempts += 1
        context = {"notification": notification, "decision": notification.decision,
                   "initiative": notification.decision.initiative, "recipient": recipient}
        try:
            with translation.override("vi"):
                subject = render_to_string("reviews/email/decision_subject.txt", context).strip()
                body = render_to_string("reviews/email/decision_body.txt", context)
            send_mail(subject, body, None, [recipient.email])
        except Exception:  # noqa: BLE001 - a mail server failure is retried, never raised into a request
            logger.warning("Sending notification e-mail %s failed", notification_id, exc_info=True)
            if notification.email_attempts >= MAX_EMAIL_ATTEMPTS:
                notification.email_state = EmailState.FAILED
        else:
            notification.email_state = EmailState.SENT
        notification.save(update_fields=["email_state", "email_attempts"])
        return notification.email_state


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
    return deleted


def notifications_mark_read(*, user, ids=None) -> int:
    """Mark the user's notifications (all, or ``ids``) as read."""
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


# --- imported initiatives -------------------------------------------------------------------

# The transitions an imported initiative went through to reach its recorded state.
IMPORT_PATHS: dict[str, tuple[str, ...]] = {
    S.SUBMITTED: (Action.SUBMIT,),
    S.VERIFIED: (Action.SUBMIT, Action.VERIFY),
    S.APPROVED: (Action.SUBMIT, Action.VERIFY, Action.APPROVE),
}


def import_stages(status: str) -> Iterator[tuple[str, str, str]]:
    """(action, from, to) of each decision that leads an imported initiative to ``status``."""
    source = S.DRAFT
    for action in IMPORT_PATHS[status]:
        target = TRANSITIONS[action].target
        yield action, source, target
        source = target


def import_history(importer) -> ImportHistory:
    """How an import by ``importer`` (``None``: the system) records each initiative's way to its state.

    One decision per stage of ``IMPORT_PATHS``, by the importer as an officer in the
    deepest unit of their review scope above the initiative's (no unit for the system),
    with the comment "Nhập từ tệp". Each state's stages and each unit's actor unit are
    worked out once: an import writes millions of rows.
    """
    scopes = sorted(review_units(importer), key=lambda u: -u.depth) if importer is not None else []
    cached: dict[tuple[str, int], list[tuple[str, str, str, int | None]]] = {}

    def rows(status: str, unit: Unit) -> list[tuple[str, str, str, int | None]]:
        key = (status, unit.pk)
        if key not in cached:
            scope = next((u for u in scopes if unit.path.startswith(u.path)), None)
            actor_unit = scope.pk if scope is not None else None
            cached[key] = [(action, source, target, actor_unit) for action, source, target in import_stages(status)]
        return cached[key]

    return ImportHistory(
        model=Decision,
        shared={
            "actor_id": getattr(importer, "pk", None),
            "actor_role": ActorRole.OFFICER if importer is not None else ActorRole.SYSTEM,
            "comment": str(_("Nhập từ tệp")),
        },
        rows=rows,
    )
