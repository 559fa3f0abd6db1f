"""Checks that a unit's targets were split completely among its direct children."""

from __future__ import annotations

from dataclasses import dataclass, field

from campaign.enums import PhaseCode
from campaign.models import UnitTarget
from unions.models import Unit
from unions.selectors import child_units

from .selectors import current_programme, targets_of

_PHASE_ORDER = {code: index for index, code in enumerate(PhaseCode.values)}


@dataclass(frozen=True)
class TargetMismatch:
    """One phase where the children's assigned targets do not add up to the unit's own.

    ``difference`` is ``children_total − assigned``: negative when part of the unit's
    target was not handed down, positive when the children were given more.
    ``children_without_target`` are the codes of the direct children with no target for
    the phase (they count as 0 in ``children_total``); codes, not units, so that a
    province's check stays light in the cache.
    """

    phase: str
    assigned: int
    children_total: int
    children_without_target: list[str] = field(default_factory=list)

    @property
    def difference(self) -> int:
        """``children_total − assigned``."""
        return self.children_total - self.assigned

    @property
    def phase_label(self) -> str:
        """The phase's name in the active language ("Giai đoạn 1", "Toàn chương trình")."""
        return str(PhaseCode(self.phase).label)


def target_mismatches(unit: Unit) -> list[TargetMismatch]:
    """For each phase where ``unit`` has an assigned target, whether its direct children's add up to it.

    Returns one ``TargetMismatch`` per phase (in the order phase-1, phase-2, overall)
    where the sum of the active direct children's assigned targets differs from the
    unit's own, or where some child has no target for that phase; an empty list when
    every target is split exactly, or when the unit has no children. The root unit's
    target falls back to the programme's national figures, as on its dashboard.
    Inactive children are left out. A fixed number of queries, whatever the number of
    children.
    """
    programme = current_programme()
    if programme is not None:
        own = {code: target.assigned for code, target in targets_of(unit, programme).items()}
    else:
        own = dict(UnitTarget.objects.filter(unit=unit).values_list("phase", "assigned"))
    children = list(child_units(unit).values_list("pk", "code"))
    if not children or not own:
        return []
    given: dict[str, dict[int, int]] = {code: {} for code in own}
    for unit_id, phase, assigned in UnitTarget.objects.filter(
        unit_id__in=[pk for pk, _code in children], phase__in=list(own)
    ).values_list("unit_id", "phase", "assigned"):
        given[phase][unit_id] = assigned
    result = []
    for code in sorted(own, key=lambda c: _PHASE_ORDER.get(c, len(_PHASE_ORDER))):
        missing = [child_code for pk, child_code in children if pk not in given[code]]
        total = sum(given[code].values())
        if total != own[code] or missing:
            result.append(TargetMismatch(code, own[code], total, missing))
    return result
