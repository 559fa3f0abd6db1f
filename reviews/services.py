"""The review state machine: the only writer of ``Initiative.status``.

Each transition checks the rule, changes the row with a conditional UPDATE (so two
concurrent decisions cannot both win, on any database), writes the immutable
``Decision`` and leaves everything unchanged on failure.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.selectors import phase_for_date
from submissions.enums import InitiativeStatus as S
from submissions.models import Initiative
from unions.models import Unit

from .enums import Action, ActorRole
from .models import Decision


class TransitionError(Exception):
    """A transition that is not allowed now; ``message`` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


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
    for name, value in updates.items():
        setattr(initiative, name, value)
    return decision


def initiative_submit(*, initiative: Initiative, actor) -> Decision:
    """Submit a draft, or resubmit a returned initiative (keeping its first-submitted time).

    The first submission fixes the time, the local date, the phase and, for a worker's
    own initiative, the snapshot of their unit, category and position flags.
    """
    action = Action.RESUBMIT if initiative.status == S.RETURNED else Action.SUBMIT
    extra: dict = {}
    if initiative.first_submitted_at is None:
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
    role = ActorRole.AUTHOR if actor.pk == initiative.submitter_id else ActorRole.OFFICER
    return initiative_transition(initiative=initiative, action=action, actor=actor, actor_role=role, extra_updates=extra)


def initiative_withdraw(*, initiative: Initiative, actor, comment: str = "") -> Decision:
    """The author (or the officer who entered it) withdraws it before approval."""
    role = ActorRole.AUTHOR if actor.pk == initiative.submitter_id else ActorRole.OFFICER
    return initiative_transition(
        initiative=initiative, action=Action.WITHDRAW, actor=actor, actor_role=role, comment=comment
    )
