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
    rank_rows,
    totals_of_units_at,
)

_ONE_DAY = dt.timedelta(days=1)


@dataclass
class ClusterStanding:
    """One member unit's place in its cluster for the quarter.

    ``received_in_quarter`` counts the initiatives (in a counted state) whose first
    submission's local date falls within the quarter. ``overall`` is the unit's achievement,
    as of the quarter's last day, of its target for the whole programme; ``phases`` the same
    for each phase the quarter overlaps (None for a phase it has no target for), and
    ``phase`` for ``ClusterRanking.phase``, the one it is judged against.
    ``beat_phase_target`` is True when the unit's count for that phase reached its
    assigned target (count ≥ target); ``beat_self_set_target`` the same against its
    self-set target (None when it set none).
    """

    unit: Unit
    received_in_quarter: int
    overall: TargetProgress | None
    phase: TargetProgress | None
    phases: dict[str, TargetProgress | None] = field(default_factory=dict)
    rank: int = 0

    @property
    def has_phase_target(self) -> bool:
        """The unit has an assigned target for the phase it is judged against."""
        return self.phase is not None and self.phase.target > 0

    @property
    def beat_phase_target(self) -> bool:
        """The unit reached its assigned target for the phase it is judged against."""
        return self.has_phase_target and self.phase.count >= self.phase.target

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
    ``phase``. ``in_progress`` is True while the quarter has not ended (local date);
    ``as_of`` is the day the figures stop at when it falls before the quarter's end.

    ``phases`` are the programme's phases the quarter overlaps. ``phase``, the one the
    quarter is judged against, is the phase covering the quarter; when the quarter spans two
    (``spans_phases``), the one that ends within it, whose target is then final; None when
    the quarter lies outside every phase.
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
    phases: list[Period] = field(default_factory=list)
    as_of: dt.date | None = None

    @property
    def spans_phases(self) -> bool:
        return len(self.phases) > 1

    @property
    def leaders_short_of_target(self) -> list[ClusterStanding]:
        """Leaders with a target for ``phase`` that they did not reach."""
        return [s for s in self.leaders if s.has_phase_target and not s.beat_phase_target]

    @property
    def leaders_without_target(self) -> list[ClusterStanding]:
        """Leaders that have no target for ``phase`` (or that have no phase to be judged against)."""
        return [s for s in self.leaders if not s.has_phase_target]

    @property
    def leaders(self) -> list[ClusterStanding]:
        """The members ranked first, when they received anything."""
        return [s for s in self.standings if s.rank == 1 and s.received_in_quarter > 0]

    @property
    def recognised(self) -> list[ClusterStanding]:
        """Leaders that also beat their own assigned target for the phase the quarter is judged against."""
        return [s for s in self.leaders if s.beat_phase_target]


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of ``quarter`` (1–4) of ``year``; ValueError for any other quarter."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1, 2, 3 or 4, not {quarter!r}")
    starts = dt.date(year, 3 * quarter - 2, 1)
    ends = dt.date(year + 1, 1, 1) - _ONE_DAY if quarter == 4 else dt.date(year, 3 * quarter + 1, 1) - _ONE_DAY
    return starts, ends


def quarter_phases(spans: list[Period], starts_on: dt.date, ends_on: dt.date) -> tuple[list[Period], Period | None]:
    """The phases overlapping the days ``starts_on``–``ends_on``, and the one they are judged against.

    One phase covering the quarter is that phase. A quarter spanning two (phase 1 ends on
    31/05, so the second quarter of 2022 holds two months of phase 1 and one of phase 2)
    is judged against the phase that ends within it: its target is due in this quarter,
    while the next phase has only begun. A quarter outside every phase has none.
    """
    phases = [p for p in spans if p.code != PhaseCode.OVERALL and p.starts_on <= ends_on and p.ends_on >= starts_on]
    if len(phases) <= 1:
        return phases, (phases[0] if phases else None)
    ending = [p for p in phases if p.ends_on <= ends_on]
    return phases, (ending[0] if ending else phases[0])


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


def cluster_rankings(
    cluster: EmulationCluster, year: int, quarter: int, as_of: dt.date | None = None
) -> ClusterRanking | None:
    """Rank the active members of ``cluster`` by initiatives received within ``quarter`` of ``year``.

    For each member: received within the quarter (running total at the quarter's last
    day minus the running total the day before it began, by local submission date),
    its achievement of its overall target and of the target of each phase the quarter
    overlaps as of the quarter's last day, and its rank; ``as_of`` stops every figure at
    the end of that local day when it falls before the quarter's end. The phase judged is
    chosen by ``quarter_phases``. Returns None before the first recompute or when no
    programme is set up; raises ValueError for a quarter outside 1–4. Reads a fixed
    number of queries, whatever the number of members.
    """
    starts_on, quarter_ends_on = quarter_bounds(year, quarter)
    agg = current_set()
    programme = current_programme()
    if agg is None or programme is None:
        return None
    members = list(cluster.members.filter(is_active=True).order_by("sort_name", "code"))
    spans = periods(programme)
    phases, phase = quarter_phases(spans, starts_on, quarter_ends_on)
    overall = next(p for p in spans if p.code == PhaseCode.OVERALL)
    # The figures stop at the quarter's end, or earlier at ``as_of`` (never before the day it began).
    ends_on = max(min(quarter_ends_on, as_of), starts_on - _ONE_DAY) if as_of else quarter_ends_on
    ranking = ClusterRanking(
        cluster=cluster,
        year=year,
        quarter=quarter,
        starts_on=starts_on,
        ends_on=quarter_ends_on,
        phase=phase,
        phases=phases,
        computed_at=agg.computed_at,
        in_progress=local_today() <= quarter_ends_on,
        as_of=ends_on if ends_on < quarter_ends_on else None,
    )
    if not members:
        return ranking

    ids = [unit.pk for unit in members]
    tracked = [*phases, overall]
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
            phases={p.code: achieved(unit, p) for p in phases},
        )
        for unit in members
    ]
    ranking.standings = rank_rows(standings, lambda s: s.received_in_quarter)
    return ranking
