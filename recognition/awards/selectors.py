"""Award candidates for a phase, read from the aggregates (never by counting initiatives)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from campaign.enums import PhaseCode
from initiatives_portal import page_reads
from reports.models import EmulationCluster
from reports.rankings import cluster_rankings
from reports.selectors import ChildRow, Period, children_rows, current_programme, current_set, local_today, periods
from unions.models import Unit

from .models import CollectiveAward


@dataclass
class Candidates:
    """What the rankings propose for ``phase`` under ``parent`` as of ``as_of``.

    ``by_target`` are the children of ``parent`` with a target for the phase, highest
    achieved percentage first (equal percentages share a rank), then those without one;
    ``cluster_leaders`` the leaders of an emulation cluster, in a quarter judged against the
    phase, that beat their target, with the quarter (year, quarter).
    """

    phase: Period
    parent: Unit
    as_of: dt.date
    computed_at: dt.datetime | None
    by_target: list[ChildRow]
    without_target: list[ChildRow]
    cluster_leaders: list[tuple[EmulationCluster, int, int, Unit, int]]


def phase_periods() -> list[Period]:
    """The programme's phases (not the whole programme), oldest first."""
    programme = current_programme()
    if programme is None:
        return []
    return [p for p in periods(programme) if p.code != PhaseCode.OVERALL]


def _quarters(starts_on: dt.date, ends_on: dt.date) -> list[tuple[int, int]]:
    result = []
    year, quarter = starts_on.year, (starts_on.month - 1) // 3 + 1
    while (year, quarter) <= (ends_on.year, (ends_on.month - 1) // 3 + 1):
        result.append((year, quarter))
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    return result


def award_candidates(parent: Unit, phase_code: str) -> Candidates | None:
    """The candidates for ``phase_code`` among ``parent``'s children and the emulation clusters.

    None before the first recompute, without a programme, or for an unknown phase. The
    figures stop at the phase's last day (or today while it runs).
    """
    programme = current_programme()
    if programme is None or current_set() is None:
        return None
    phase = next((p for p in periods(programme) if p.code == phase_code and p.code != PhaseCode.OVERALL), None)
    if phase is None:
        return None
    as_of = min(local_today(), phase.ends_on)
    rows = children_rows(programme, parent, as_of)
    def has_target(row: ChildRow) -> bool:
        return phase.code in row.targets and row.targets[phase.code].target > 0

    with_target = [r for r in rows if has_target(r)]
    with_target.sort(key=lambda r: (-r.targets[phase.code].percent, r.unit.sort_name, r.unit.code))
    previous = None
    for position, row in enumerate(with_target, start=1):
        same = previous is not None and previous.targets[phase.code].percent == row.targets[phase.code].percent
        row.rank = previous.rank if same else position
        previous = row
    leaders = []
    if parent.depth == 1:
        for year, quarter in _quarters(phase.starts_on, as_of):
            for cluster in EmulationCluster.objects.all():
                ranking = cluster_rankings(cluster, year, quarter, as_of)
                if ranking is None or ranking.phase is None or ranking.phase.code != phase.code:
                    continue
                for standing in ranking.recognised:
                    leaders.append((cluster, year, quarter, standing.unit, standing.received_in_quarter))
    return Candidates(
        phase=phase, parent=parent, as_of=as_of, computed_at=current_set().computed_at, by_target=with_target,
        without_target=[r for r in rows if not has_target(r)], cluster_leaders=leaders,
    )


def awards_of_unit(unit: Unit) -> QuerySet[CollectiveAward]:
    """The unit's awards in force, newest decision first."""
    return CollectiveAward.objects.filter(unit=unit, withdrawn_at__isnull=True).select_related("awarded_by")


# Whether a unit has awards in force, kept until one of its awards is recorded or withdrawn
# (``unit_awards_changed``); this bound only frees memory.
HAS_AWARDS_CACHE_SECONDS = 24 * 3600


def _has_awards_key(unit_id: int) -> str:
    return f"recognition:unit-has-awards:{unit_id}"


def unit_has_awards(unit: Unit) -> bool:
    """Whether ``unit`` has awards in force, from the cache: every page of a unit shows its
    awards, and most units have none, so most pages need not read them. Only a unit's awards
    are cached as a yes or no, never the awards (their awarding unit's name may change)."""
    key = _has_awards_key(unit.pk)
    has = page_reads.get(key)
    if has is None:
        has = awards_of_unit(unit).exists()
        page_reads.set(key, has, HAS_AWARDS_CACHE_SECONDS)
    return has


def awards_page_keys(request, unit) -> list[str]:
    """What a page of ``unit`` reads of its awards (``initiatives_portal.page_reads``)."""
    return [_has_awards_key(unit.pk)] if unit is not None else []


def unit_awards_changed(unit_id: int) -> None:
    """Forget whether ``unit_id`` has awards: at once, and again once the write is committed
    (a page read meanwhile, before the commit, must not keep the old answer)."""
    page_reads.forget(_has_awards_key(unit_id))


def awards_given_under(parent: Unit, phase_code: str) -> QuerySet[CollectiveAward]:
    """Awards in force for ``phase_code`` recorded by ``parent``."""
    return (CollectiveAward.objects.filter(awarded_by=parent, phase=phase_code, withdrawn_at__isnull=True)
            .select_related("unit", "recorded_by").order_by("unit__sort_name", "id"))
