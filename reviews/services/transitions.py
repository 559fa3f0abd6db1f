"""Status changes: the transition table, the one conditional UPDATE that moves a status and
writes its decision, and the author's submit and withdraw."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import DateTimeField, DurationField, ExpressionWrapper, F, Value
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaign.selectors import phase_for_date
from submissions.enums import InitiativeStatus as S
from submissions.models import Initiative
from submissions.selectors import initiative_missing_for_submit
from submissions.workflow import IncompleteInitiativeError, TransitionError
from unions.models import Unit

from .. import queue_cache
from ..enums import Action, ActorRole, ConflictOfInterest
from ..models import Decision
from .notifications import _notify

# One logger for the state machine, whichever module writes: operators filter on its name.
logger = logging.getLogger("reviews.services")


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
    now = timezone.now()
    updates = {"status": transition.target, "updated_at": now, **_stage_clock(action, current, now),
               **(extra_updates or {})}
    if transition.target == S.APPROVED:
        # The period figures count approvals by this local day (``reports``' ApprovalDailyCount).
        updates["approved_on"] = timezone.localdate(now)
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
            created_at=now,
        )
        _notify(initiative, decision)
    for name, value in updates.items():
        if isinstance(value, Combinable):
            # Computed by the database from the row: read again when next asked for.
            initiative.__dict__.pop(name, None)
        else:
            setattr(initiative, name, value)
    _queue_changed(initiative, moved=initiative.unit_id != unit_id)
    _log_decision(decision)
    return decision


def _stage_clock(action: str, current: str, now) -> dict:
    """The stage clock's columns after ``action`` from ``current`` (``reviews.deadlines``).

    Arriving at a stage starts its clock now; a resubmission resumes stage 1's clock where
    its return stopped it (now, less the time already waited); a return from stage 1 keeps
    the time waited there for the resubmission. A return from stage 2 keeps nothing: the
    resubmitted initiative is verified anew, and stage 2's clock starts at that verification.
    Computed from the row's own values in the same UPDATE, so nothing read earlier can be stale.
    """
    if action == Action.RESUBMIT:
        return {"stage_since": ExpressionWrapper(Value(now) - F("stage_waited"), output_field=DateTimeField()),
                "stage_waited": dt.timedelta(0)}
    if action in (Action.SUBMIT, Action.VERIFY):
        return {"stage_since": now, "stage_waited": dt.timedelta(0)}
    if action == Action.RETURN and current == S.SUBMITTED:
        return {"stage_since": None, "stage_waited": ExpressionWrapper(
            Value(now) - F("stage_since"), output_field=DurationField())}
    return {"stage_since": None, "stage_waited": dt.timedelta(0)}


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
    if initiative.status in TRANSITIONS[action].sources:
        # A draft may be saved half-filled; only a complete one goes to the reviewers.
        missing = initiative_missing_for_submit(initiative)
        if missing:
            raise IncompleteInitiativeError(
                _("Chưa gửi được: sáng kiến còn thiếu %(missing)s. Hãy bấm “Sửa” để bổ sung.")
                % {"missing": "; ".join(missing)},
                missing,
            )
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
    initiative.stage_since, initiative.stage_waited = initiative.first_submitted_at, dt.timedelta(0)
    initiative.status = transition.target
    initiative.save()
    decision = Decision.objects.create(
        initiative=initiative, action=Action.SUBMIT, from_status=S.DRAFT, to_status=transition.target, actor=actor,
        actor_role=_author_role(initiative, actor), created_at=initiative.first_submitted_at,
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
