"""Why an initiative was returned: the latest return decision of each, for its author's pages."""

from __future__ import annotations

from collections.abc import Sequence

from submissions.workflow import ReturnNote

from ..enums import Action
from ..models import Decision


def return_notes(initiative_ids: Sequence[int]) -> dict[int, ReturnNote]:
    """The latest return decision of each initiative in ``initiative_ids`` that was ever returned.

    One query whatever the number of initiatives (PostgreSQL's DISTINCT ON, on the
    decisions' index by initiative and id), so a page of them costs the same as one.
    """
    if not initiative_ids:
        return {}
    decisions = (
        Decision.objects.filter(initiative_id__in=list(initiative_ids), action=Action.RETURN)
        .order_by("initiative_id", "-id")
        .distinct("initiative_id")
        .select_related("actor", "actor_unit")
    )
    return {
        d.initiative_id: ReturnNote(
            at=d.created_at,
            officer_name=d.actor.full_name if d.actor else "",
            unit_name=d.actor_unit.name if d.actor_unit else "",
            reason=d.get_reason_display() if d.reason else "",
            comment=d.comment,
        )
        for d in decisions
    }
