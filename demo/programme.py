"""The demo programme, its phases and the targets of the federation, provinces and sectors."""

from __future__ import annotations

import math
from collections.abc import Sequence

from django.db import models

from campaign.enums import PhaseCode, TargetChangeSource
from campaign.models import Phase, Programme, UnitTarget
from campaign.services import TargetValue, unit_targets_write
from unions.enums import TOP_LEVEL_KINDS
from unions.models import Unit

from .campaign import (
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
        TargetValue(units[code].pk, phase, assigned, self_set, keep_self_set=False)
        for (code, phase), (assigned, self_set) in sorted(demo_targets(top_units).items())
        if code in units and (code, phase) not in present
    ]
    # Through the targets' writer, so the demo's targets have their history like real ones.
    return unit_targets_write(values=missing, source=TargetChangeSource.COMMAND).created


# Emulation clusters (cụm, khối thi đua) of the top-level units, by region, as the
# federation groups them; the codes are the provinces' statistical codes of 2022.
DEMO_CLUSTERS: dict[str, tuple[str, ...]] = {
    "Cụm thi đua các thành phố trực thuộc Trung ương": ("P01", "P31", "P48", "P79", "P92"),
    "Cụm thi đua các tỉnh trung du, miền núi phía Bắc": (
        "P02", "P04", "P06", "P08", "P10", "P11", "P12", "P14", "P15", "P17", "P19", "P20", "P24", "P25",
    ),
    "Cụm thi đua các tỉnh đồng bằng sông Hồng": ("P22", "P26", "P27", "P30", "P33", "P34", "P35", "P36", "P37"),
    "Cụm thi đua các tỉnh Bắc Trung Bộ": ("P38", "P40", "P42", "P44", "P45", "P46"),
    "Cụm thi đua các tỉnh Nam Trung Bộ và Tây Nguyên": (
        "P49", "P51", "P52", "P54", "P56", "P58", "P60", "P62", "P64", "P66", "P67", "P68",
    ),
    "Cụm thi đua các tỉnh Đông Nam Bộ": ("P70", "P72", "P74", "P75", "P77"),
    "Cụm thi đua các tỉnh đồng bằng sông Cửu Long": (
        "P80", "P82", "P83", "P84", "P86", "P87", "P89", "P91", "P93", "P94", "P95", "P96",
    ),
}
SECTOR_CLUSTER = "Khối thi đua các công đoàn ngành Trung ương và công đoàn tổng công ty"


def demo_clusters_create() -> int:
    """The emulation clusters and their members (idempotent); returns how many clusters were created."""
    from reports.models import EmulationCluster
    from unions.enums import UnitKind

    created = 0
    top = {unit.code: unit for unit in Unit.objects.filter(depth=2, kind__in=TOP_LEVEL_KINDS)}
    groups = {name: [top[c] for c in codes if c in top] for name, codes in DEMO_CLUSTERS.items()}
    groups[SECTOR_CLUSTER] = [u for u in top.values() if u.kind == UnitKind.SECTOR]
    for name, members in groups.items():
        if not members:
            continue
        cluster, was_created = EmulationCluster.objects.get_or_create(name=name)
        created += was_created
        cluster.members.add(*members)
    return created
