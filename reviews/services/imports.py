"""Imported initiatives: the decisions that record each one's way to its imported state."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from submissions.enums import InitiativeStatus as S
from submissions.workflow import ImportHistory, ImportRules
from unions.models import Unit
from unions.selectors import import_units, review_units

from ..enums import Action, ActorRole, RejectReason
from ..models import Decision
from .transitions import TRANSITIONS

# The transitions an imported initiative went through to reach its recorded state: an
# archive from an earlier system holds initiatives in every state after submission.
IMPORT_PATHS: dict[str, tuple[str, ...]] = {
    S.SUBMITTED: (Action.SUBMIT,),
    S.VERIFIED: (Action.SUBMIT, Action.VERIFY),
    S.APPROVED: (Action.SUBMIT, Action.VERIFY, Action.APPROVE),
    S.RETURNED: (Action.SUBMIT, Action.RETURN),
    S.REJECTED: (Action.SUBMIT, Action.REJECT),
    S.WITHDRAWN: (Action.SUBMIT, Action.WITHDRAW),
}
# An imported decision's comment after the note that it was imported, within the decision's 5.000.
MAX_IMPORTED_COMMENT = 4000


def import_rules() -> ImportRules:
    """What an import may record of an archived initiative's state, its reason and comment.

    As an officer's decision asks (``initiative_decide``): a rejection gives its reason, a
    return says what to add, and "other" reasons are explained in the comment. The labels
    are translated in the language active at the call (the import's).
    """
    return ImportRules(
        states=tuple((state.value, str(state.label)) for state in S if state.value in IMPORT_PATHS),
        reasons=tuple((reason.value, str(reason.label)) for reason in RejectReason),
        reason_states=(S.REJECTED,),
        comment_states=(S.RETURNED,),
        reasons_with_comment=(RejectReason.OTHER,),
        max_comment=MAX_IMPORTED_COMMENT,
    )


def import_stages(status: str) -> Iterator[tuple[str, str, str]]:
    """(action, from, to) of each decision that leads an imported initiative to ``status``."""
    source = S.DRAFT
    for action in IMPORT_PATHS[status]:
        target = TRANSITIONS[action].target
        yield action, source, target
        source = target


def imported_comment(run_id: int | None, comment: str = "") -> str:
    """The comment of an imported decision: that it was imported, from which run, and the archive's own."""
    marker = (_("Nhập từ tệp (lần nhập số %(run)s)") % {"run": run_id} if run_id is not None
              else _("Nhập từ tệp"))
    return f"{marker}: {comment}" if comment else marker


def import_history(importer, run_id: int | None = None) -> ImportHistory:
    """How an import by ``importer`` (``None``: the system) records each initiative's way to its state.

    One decision per stage of ``IMPORT_PATHS``, by the importer as an officer in the
    deepest unit of their review scope above the initiative's (no unit for the system),
    each commented "Nhập từ tệp (lần nhập số N)" with the run ``run_id``; the last one
    also carries the archive's reason (a rejection) and its comment after that. A staff
    member who reviews nothing imports (submitted and withdrawn initiatives only) as
    staff, from the deepest unit of their staff appointments. Each state's stages and
    each unit's actor unit are worked out once: an import writes millions of rows.
    """
    scopes = review_units(importer) if importer is not None else []
    as_staff = importer is not None and not scopes
    if as_staff:
        scopes = import_units(importer)
    scopes = sorted(scopes, key=lambda u: -u.depth)
    marker = imported_comment(run_id)
    cached: dict[tuple[str, int], list[tuple[str, str, str, int | None, str, str]]] = {}

    def rows(status: str, unit: Unit, reason: str = "", comment: str = "") -> list[tuple[str, str, str, int | None,
                                                                                          str, str]]:
        key = (status, unit.pk)
        if key not in cached:
            scope = next((u for u in scopes if unit.path.startswith(u.path)), None)
            actor_unit = scope.pk if scope is not None else None
            cached[key] = [(action, source, target, actor_unit, "", marker)
                           for action, source, target in import_stages(status)]
        stages = cached[key]
        if not reason and not comment:
            return stages
        action, source, target, actor_unit, _reason, _marker = stages[-1]
        last = (action, source, target, actor_unit, reason, f"{marker}: {comment}" if comment else marker)
        return [*stages[:-1], last]

    return ImportHistory(
        model=Decision,
        shared={
            "actor_id": getattr(importer, "pk", None),
            "actor_role": (ActorRole.SYSTEM if importer is None else ActorRole.STAFF if as_staff
                           else ActorRole.OFFICER),
        },
        rows=rows,
    )
