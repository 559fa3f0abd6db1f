"""Officers' decisions: one (checked for the stage, the permission and conflicts of
interest), a batch, and marking an initiative exemplary."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from submissions.enums import InitiativeStatus as S
from submissions.models import Initiative
from submissions.workflow import TransitionError

from .. import rules as review_rules
from ..enums import OFFICER_ACTIONS, Action, ActorRole, ConflictOfInterest, RejectReason
from ..models import Decision
from .notifications import _notify
from .transitions import TRANSITIONS, ConflictOfInterestError, _log_decision, _queue_changed, initiative_transition

# One logger for the state machine, whichever module writes: operators filter on its name.
logger = logging.getLogger("reviews.services")


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
        # The queue's exemplary filter counts it (or no longer does).
        _queue_changed(initiative)
    initiative.is_exemplary = exemplary
    _log_decision(decision)
    return decision


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
