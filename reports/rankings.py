"""Quarterly rankings of the units of an emulation cluster (cụm, khối thi đua).

Everything is read from the aggregates: a unit's figures for a span of days are sums of
its daily rows, so the cost grows with the number of members and days, never with the
number of initiatives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from campaign.enums import PhaseCode
from campaign.models import UnitTarget
from initiatives_portal.formatting import ratio_percent
from unions.models import Unit

from .models import EmulationCluster
from .selectors import (
    Period,
    TargetProgress,
    current_programme,
    current_set,
    local_today,
    periods,
    totals_of_units_at,
)

_ONE_DAY = dt.timedelta(days=1)


@dataclass
class ClusterStanding:
    """One member unit's place in its cluster for the quarter.

    ``received_in_quarter`` counts the initiatives (in a counted state) whose first
    submission's local date falls within the quarter. ``overall`` and ``phase`` are
    the unit's achievement, as of the quarter's last day, of its target for the whole
    programme and for ``ClusterRanking.phase`` (None when it has no such target).
    ``beat_phase_target`` is True when the unit's count for that phase reached its
    assigned target (count ≥ target); ``beat_self_set_target`` the same against its
    self-set target (None when it set none).
    """

    unit: Unit
    received_in_quarter: int
    overall: TargetProgress | None
    phase: TargetProgress | None
    rank: int = 0

    @property
    def beat_phase_target(self) -> bool:
        """The unit reached its assigned target for the phase the quarter ends in."""
        return self.phase is not None and self.phase.target > 0 and self.phase.count >= self.phase.target

    @property
    def beat_self_set_target(self) -> bool | None:
        """The unit reached its self-set target for that phase (None when it set none)."""
        if self.phase is None or self.phase.self_set is None:
            return None
        return self.phase.count >= self.phase.self_set


@dataclass
class ClusterRanking:
    """A cluster's ranking for one quarter, as of the quarter's last day.

    ``standings`` are ordered by rank: most initiatives received within the quarter
    first; equal counts share a rank ("1, 1, 3") and are listed by name. ``leaders``
    are the standings ranked first (more than one on a tie, none when nobody received
    anything); ``recognised`` are the leaders that also beat their own target for
    ``phase``. ``in_progress`` is True while the quarter has not ended (local date).
    """

    cluster: EmulationCluster
    year: int
    quarter: int
    starts_on: dt.date
    ends_on: dt.date
    phase: Period | None
    computed_at: dt.datetime | None
    in_progress: bool
    standings: list[ClusterStanding] = field(default_factory=list)

    @property
    def leaders(self) -> list[ClusterStanding]:
        """The members ranked first, when they received anything."""
        return [s for s in self.standings if s.rank == 1 and s.received_in_quarter > 0]

    @property
    def recognised(self) -> list[ClusterStanding]:
        """Leaders that also beat their own assigned target for the phase the quarter ends in."""
        return [s for s in self.leaders if s.beat_phase_target]


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of ``quarter`` (1–4) of ``year``; ValueError for any other quarter."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1, 2, 3 or 4, not {quarter!r}")
    starts = dt.date(year, 3 * quarter - 2, 1)
    ends = dt.date(year + 1, 1, 1) - _ONE_DAY if quarter == 4 else dt.date(year, 3 * quarter + 1, 1) - _ONE_DAY
    return starts, ends


def _phase_at(spans: list[Period], day: dt.date) -> Period | None:
    """The phase containing ``day``; after the last one, the last phase begun; None before the first."""
    phases = [p for p in spans if p.code != PhaseCode.OVERALL]
    current = next((p for p in phases if p.starts_on <= day <= p.ends_on), None)
    if current is not None:
        return current
    begun = [p for p in phases if p.starts_on <= day]
    return begun[-1] if begun else None


def _progress(period: Period, target: UnitTarget, count: int) -> TargetProgress:
    over = max(0, count - target.assigned)
    return TargetProgress(
        period=period,
        target=target.assigned,
        self_set=target.self_set,
        count=count,
        percent=ratio_percent(count, target.assigned),
        exceeded_by=over,
        exceeded_percent=ratio_percent(over, target.assigned) if over else None,
    )


def cluster_rankings(cluster: EmulationCluster, year: int, quarter: int) -> ClusterRanking | None:
    """Rank the active members of ``cluster`` by initiatives received within ``quarter`` of ``year``.

    For each member: received within the quarter (running total at the quarter's last
    day minus the running total the day before it began, by local submission date),
    its achievement of its overall and current-phase targets as of the quarter's last
    day, and its rank. The current phase is the one the quarter ends in (after the
    last phase has ended, the last one). Returns None before the first recompute or
    when no programme is set up; raises ValueError for a quarter outside 1–4. Reads a
    fixed number of queries, whatever the number of members.
    """
    starts_on, ends_on = quarter_bounds(year, quarter)
    agg = current_set()
    programme = current_programme()
    if agg is None or programme is None:
        return None
    members = list(cluster.members.filter(is_active=True).order_by("name"))
    spans = periods(programme)
    phase = _phase_at(spans, ends_on)
    overall = next(p for p in spans if p.code == PhaseCode.OVERALL)
    ranking = ClusterRanking(
        cluster=cluster,
        year=year,
        quarter=quarter,
        starts_on=starts_on,
        ends_on=ends_on,
        phase=phase,
        computed_at=agg.computed_at,
        in_progress=local_today() <= ends_on,
    )
    if not members:
        return ranking

    ids = [unit.pk for unit in members]
    tracked = [p for p in (phase, overall) if p is not None]
    days = {ends_on, starts_on - _ONE_DAY}
    for period in tracked:
        days |= {period.starts_on - _ONE_DAY, min(ends_on, period.ends_on)}
    received = {day: {pk: totals["received"] for pk, totals in by_unit.items()}
                for day, by_unit in totals_of_units_at(ids, days, ("received",)).items()}
    targets: dict[tuple[int, str], UnitTarget] = {
        (t.unit_id, t.phase): t
        for t in UnitTarget.objects.filter(unit_id__in=ids, phase__in=[p.code for p in tracked])
    }

    def achieved(unit: Unit, period: Period | None) -> TargetProgress | None:
        if period is None or (unit.pk, period.code) not in targets:
            return None
        count = 0
        if ends_on >= period.starts_on:
            count = received[min(ends_on, period.ends_on)][unit.pk] - received[period.starts_on - _ONE_DAY][unit.pk]
        return _progress(period, targets[(unit.pk, period.code)], count)

    standings = [
        ClusterStanding(
            unit=unit,
            received_in_quarter=received[ends_on][unit.pk] - received[starts_on - _ONE_DAY][unit.pk],
            overall=achieved(unit, overall),
            phase=achieved(unit, phase),
        )
        for unit in members
    ]
    standings.sort(key=lambda s: (-s.received_in_quarter, s.unit.name))
    for position, standing in enumerate(standings, start=1):
        previous = standings[position - 2] if position > 1 else None
        same = previous is not None and previous.received_in_quarter == standing.received_in_quarter
        standing.rank = previous.rank if same else position
    ranking.standings = standings
    return ranking
