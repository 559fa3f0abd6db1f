"""The demo programme, its phases and the targets of the federation, provinces and sectors."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.db import models

from reports.enums import PhaseCode
from reports.models import Phase, Programme, UnitTarget
from unions.enums import TOP_LEVEL_KINDS
from unions.models import Unit

from .campaign import (
    BATCH_SIZE,
    FEDERATION_CODE,
    PHASES,
    PROGRAMME_ENDS_ON,
    PROGRAMME_NAME,
    PROGRAMME_STARTS_ON,
    PROGRAMME_TARGET,
    PUBLISHED_TARGETS,
    TARGET_SPLIT_SHARE,
)
from .vocabulary import top_weight


def demo_programme_create() -> list[Phase]:
    """The 2022 programme and its two phases (created once; found by name and code afterwards)."""
    programme, _created = Programme.objects.get_or_create(
        name=PROGRAMME_NAME,
        defaults={"starts_on": PROGRAMME_STARTS_ON, "ends_on": PROGRAMME_ENDS_ON, "target": PROGRAMME_TARGET},
    )
    phases = []
    for code, name, starts_on, ends_on, target in PHASES:
        phase, _created = Phase.objects.get_or_create(
            code=code,
            defaults={
                "programme": programme,
                "name": name,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "target": target,
            },
        )
        phases.append(phase)
    return sorted(phases, key=lambda phase: phase.starts_on)


def demo_targets(top_units: Sequence[Unit]) -> dict[tuple[str, str], tuple[int, int | None]]:
    """Phase-1 and overall targets of the federation and of every province and sector.

    The federation and Hà Nội get their published figures; the other top-level units share
    96% of the remaining national targets by size (in hundreds), so that all of them
    together stay below 300.000 and 1.000.000.
    """
    targets = dict(PUBLISHED_TARGETS)
    others = [unit for unit in top_units if (unit.code, PhaseCode.OVERALL) not in targets]
    weights = [top_weight(unit.code, unit.kind) for unit in others]
    for phase in (PhaseCode.PHASE_1, PhaseCode.OVERALL):
        national = targets[(FEDERATION_CODE, phase)][0]
        published = sum(
            assigned
            for (code, target_phase), (assigned, _self_set) in PUBLISHED_TARGETS.items()
            if target_phase == phase and code != FEDERATION_CODE
        )
        pool = int(national * TARGET_SPLIT_SHARE) - published
        for unit, weight in zip(others, weights, strict=True):
            share = math.floor(pool * weight / sum(weights) / 100) * 100
            targets[(unit.code, phase)] = (max(share, 100), None)
    return targets


def demo_targets_create() -> int:
    """Create the missing demo targets; return how many were created."""
    units = {
        unit.code: unit
        for unit in Unit.objects.filter(models.Q(code=FEDERATION_CODE) | models.Q(depth=2, kind__in=TOP_LEVEL_KINDS))
    }
    top_units = sorted((unit for unit in units.values() if unit.code != FEDERATION_CODE), key=lambda unit: unit.code)
    present = set(UnitTarget.objects.filter(unit__in=units.values()).values_list("unit__code", "phase"))
    missing = [
        UnitTarget(unit=units[code], phase=phase, assigned=assigned, self_set=self_set)
        for (code, phase), (assigned, self_set) in sorted(demo_targets(top_units).items())
        if code in units and (code, phase) not in present
    ]
    UnitTarget.objects.bulk_create(missing, batch_size=BATCH_SIZE)
    return len(missing)
