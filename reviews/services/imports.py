"""Imported initiatives: the decisions that record each one's way to its imported state."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_lazy as _

from submissions.enums import InitiativeStatus as S
from submissions.workflow import ImportHistory
from unions.models import Unit
from unions.selectors import import_units, review_units

from ..enums import Action, ActorRole
from ..models import Decision
from .transitions import TRANSITIONS

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
    with the comment "Nhập từ tệp". A staff member who reviews nothing imports (submitted
    initiatives only) as staff, from the deepest unit of their staff appointments. Each
    state's stages and each unit's actor unit are worked out once: an import writes
    millions of rows.
    """
    scopes = review_units(importer) if importer is not None else []
    as_staff = importer is not None and not scopes
    if as_staff:
        scopes = import_units(importer)
    scopes = sorted(scopes, key=lambda u: -u.depth)
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
            "actor_role": (ActorRole.SYSTEM if importer is None else ActorRole.STAFF if as_staff
                           else ActorRole.OFFICER),
            "comment": str(_("Nhập từ tệp")),
        },
        rows=rows,
    )
