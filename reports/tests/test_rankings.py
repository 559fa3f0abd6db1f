"""Quarterly emulation-cluster rankings against hand-computed figures.

The cluster holds Hà Nội, Thanh Hóa and Đà Nẵng. Quarter 2 of 2022 runs from
01/04 to 30/06: two months of phase 1 (08/01–31/05) and one of phase 2 (from 01/06). It
is judged against phase 1, which ends within it.

- Hà Nội: 2 at 23:30 on 31/03 (quarter 1, local time), 3 at 00:10 on 01/04, 1 on 05/06,
  1 on 01/07 (quarter 3). In quarter 2: 4. Phase 1: 5 of 6 (83,3%). As of 30/06: phase 2
  1 of 3 (33,3%), overall 6 of 12 (50%).
- Thanh Hóa: 1 on 01/02, 3 on 10/05, 2 on 10/06, 1 withdrawn on 11/06. In quarter 2: 5.
  Phase 1: 4 of 4 (100%, self-set 5 not reached). As of 30/06: phase 2 2 of 2 (100%),
  overall 6 of 10 (60%).
- Đà Nẵng: nothing, no targets.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from campaign.models import UnitTarget
from reports.models import EmulationCluster
from reports.rankings import cluster_rankings, quarter_bounds
from reports.services import aggregates_recompute
from reviews.services import initiative_withdraw
from unions.enums import UnitKind
from unions.tests.factories import UnitFactory

from .test_recompute import HANOI, submit_at


def at(*args):
    return dt.datetime(*args, tzinfo=HANOI)


@pytest.fixture
def da_nang(tree):
    unit = UnitFactory(parent=tree["tld"], code="P48", name="LĐLĐ thành phố Đà Nẵng", kind=UnitKind.PROVINCE)
    tree["tld"].refresh_from_db()
    return unit


@pytest.fixture
def cluster(tree, da_nang):
    group = EmulationCluster.objects.create(name="Cụm thi đua số 1")
    group.members.set([tree["ha_noi"], tree["thanh_hoa"], da_nang])
    return group


@pytest.fixture
def people(tree):
    return {
        "lan": UserFactory(unit=tree["school"], category="public_service"),
        "son": UserFactory(unit=tree["factory"], category="enterprise"),
    }


@pytest.fixture
def scenario(tree, programme, cluster, people):
    lan, son = people["lan"], people["son"]
    for moment, times in [(at(2022, 3, 31, 23, 30), 2), (at(2022, 4, 1, 0, 10), 3), (at(2022, 6, 5, 9), 1),
                          (at(2022, 7, 1, 9), 1)]:
        for _ in range(times):
            submit_at(lan, moment)
    for moment, times in [(at(2022, 2, 1, 9), 1), (at(2022, 5, 10, 9), 3), (at(2022, 6, 10, 9), 2)]:
        for _ in range(times):
            submit_at(son, moment)
    initiative_withdraw(initiative=submit_at(son, at(2022, 6, 11, 9)), actor=son)
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="phase-1", assigned=6)
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="phase-2", assigned=3)
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="overall", assigned=12)
    UnitTarget.objects.create(unit=tree["thanh_hoa"], phase="phase-1", assigned=4, self_set=5)
    UnitTarget.objects.create(unit=tree["thanh_hoa"], phase="phase-2", assigned=2)
    UnitTarget.objects.create(unit=tree["thanh_hoa"], phase="overall", assigned=10)
    return aggregates_recompute()


def by_code(ranking):
    return {s.unit.code: s for s in ranking.standings}


def test_received_in_quarter_counts_local_submission_dates_within_it(scenario, cluster):
    ranking = cluster_rankings(cluster, 2022, 2)

    assert {code: s.received_in_quarter for code, s in by_code(ranking).items()} == {"P01": 4, "P38": 5, "P48": 0}


def test_members_are_ranked_by_initiatives_received_in_the_quarter(scenario, cluster):
    ranking = cluster_rankings(cluster, 2022, 2)

    assert [(s.unit.code, s.rank) for s in ranking.standings] == [("P38", 1), ("P01", 2), ("P48", 3)]


def test_judged_phase_achievement_is_as_of_the_phases_end_within_the_quarter(scenario, cluster):
    standings = by_code(cluster_rankings(cluster, 2022, 2))

    assert (standings["P01"].phase.count, standings["P01"].phase.target) == (5, 6)
    assert standings["P01"].phase.percent_rounded == Decimal("83.3")
    assert (standings["P38"].phase.count, standings["P38"].phase.percent_rounded) == (4, 100)


def test_the_later_phase_begun_in_the_quarter_is_shown_as_of_the_quarters_last_day(scenario, cluster):
    standings = by_code(cluster_rankings(cluster, 2022, 2))

    assert (standings["P01"].phases["phase-2"].count, standings["P01"].phases["phase-2"].target) == (1, 3)
    assert standings["P01"].phases["phase-2"].percent_rounded == Decimal("33.3")
    assert (standings["P38"].phases["phase-2"].count, standings["P38"].phases["phase-2"].percent_rounded) == (2, 100)


def test_overall_achievement_is_as_of_the_quarters_last_day(scenario, cluster):
    standings = by_code(cluster_rankings(cluster, 2022, 2))

    assert (standings["P01"].overall.count, standings["P01"].overall.percent_rounded) == (6, 50)
    assert (standings["P38"].overall.count, standings["P38"].overall.percent_rounded) == (6, 60)


def test_member_without_targets_has_no_achievement(scenario, cluster):
    standing = by_code(cluster_rankings(cluster, 2022, 2))["P48"]

    assert (standing.overall, standing.phase, standing.beat_phase_target) == (None, None, False)


def test_a_quarter_inside_one_phase_is_judged_against_that_phase(scenario, cluster):
    ranking = cluster_rankings(cluster, 2022, 1)

    assert ([p.code for p in ranking.phases], ranking.phase.code, ranking.spans_phases) == (["phase-1"], "phase-1", False)
    assert cluster_rankings(cluster, 2022, 3).phase.code == "phase-2"


def test_a_quarter_spanning_two_phases_is_judged_against_the_one_ending_in_it(scenario, cluster):
    ranking = cluster_rankings(cluster, 2022, 2)

    assert [p.code for p in ranking.phases] == ["phase-1", "phase-2"]
    assert (ranking.phase.code, ranking.spans_phases) == ("phase-1", True)


def test_after_the_last_phase_a_quarter_has_no_phase(scenario, cluster):
    ranking = cluster_rankings(cluster, 2023, 4)

    assert (ranking.phases, ranking.phase) == ([], None)


def test_before_the_programme_there_is_no_phase(scenario, cluster):
    ranking = cluster_rankings(cluster, 2021, 4)

    assert ranking.phase is None
    assert all(s.phase is None for s in ranking.standings)


def test_leader_that_beat_its_phase_target_is_recognised(scenario, cluster):
    ranking = cluster_rankings(cluster, 2022, 2)

    assert [s.unit.code for s in ranking.leaders] == ["P38"]
    assert [s.unit.code for s in ranking.recognised] == ["P38"]


def test_leader_that_missed_its_phase_target_is_not_recognised(scenario, cluster, tree):
    UnitTarget.objects.filter(unit=tree["thanh_hoa"], phase="phase-1").update(assigned=5, self_set=None)

    ranking = cluster_rankings(cluster, 2022, 2)

    assert [s.unit.code for s in ranking.leaders] == ["P38"]
    assert ranking.recognised == []
    assert [s.unit.code for s in ranking.leaders_short_of_target] == ["P38"]
    assert ranking.leaders_without_target == []


def test_leader_without_a_target_for_the_phase_has_no_target_rather_than_missing_it(scenario, cluster, tree):
    UnitTarget.objects.filter(unit=tree["thanh_hoa"], phase="phase-1").delete()

    ranking = cluster_rankings(cluster, 2022, 2)

    assert [s.unit.code for s in ranking.leaders_without_target] == ["P38"]
    assert (ranking.recognised, ranking.leaders_short_of_target) == ([], [])


def test_figures_stop_at_as_of_within_the_quarter(scenario, cluster):
    ranking = cluster_rankings(cluster, 2022, 2, as_of=dt.date(2022, 5, 31))

    assert {code: s.received_in_quarter for code, s in by_code(ranking).items()} == {"P01": 3, "P38": 3, "P48": 0}
    assert [(s.unit.code, s.rank) for s in ranking.standings] == [("P01", 1), ("P38", 1), ("P48", 3)]
    assert by_code(ranking)["P38"].phases["phase-2"].count == 0
    assert ranking.as_of == dt.date(2022, 5, 31)


def test_members_with_equal_counts_are_listed_in_vietnamese_order(scenario, cluster, da_nang, tree):
    other = UnitFactory(parent=tree["tld"], code="P31", name="LĐLĐ thành phố Hải Phòng", kind=UnitKind.PROVINCE)
    cluster.members.add(other)

    ranking = cluster_rankings(cluster, 2022, 2)

    # "Đà Nẵng" before "Hải Phòng": by letters (đ < h), not by code points (Đ after every ASCII letter).
    assert [(s.unit.name, s.rank) for s in ranking.standings[2:]] == [
        ("LĐLĐ thành phố Đà Nẵng", 3), ("LĐLĐ thành phố Hải Phòng", 3)]


def test_self_set_target_is_checked_separately(scenario, cluster):
    standing = by_code(cluster_rankings(cluster, 2022, 2))["P38"]

    assert (standing.beat_phase_target, standing.beat_self_set_target) == (True, False)


def test_equal_counts_share_a_rank_and_both_lead(scenario, cluster, people):
    submit_at(people["lan"], at(2022, 5, 1, 9))
    aggregates_recompute()

    ranking = cluster_rankings(cluster, 2022, 2)

    assert [(s.unit.code, s.rank) for s in ranking.standings] == [("P01", 1), ("P38", 1), ("P48", 3)]
    assert [s.unit.code for s in ranking.leaders] == ["P01", "P38"]


def test_quarter_without_initiatives_has_no_leader(scenario, cluster):
    ranking = cluster_rankings(cluster, 2021, 4)

    assert ranking.leaders == []
    assert {s.rank for s in ranking.standings} == {1}


def test_inactive_members_are_left_out(scenario, cluster, da_nang):
    da_nang.is_active = False
    da_nang.save()

    assert [s.unit.code for s in cluster_rankings(cluster, 2022, 2).standings] == ["P38", "P01"]


def test_ranking_carries_the_quarter_and_the_computed_at_time(scenario, cluster):
    ranking = cluster_rankings(cluster, 2022, 2)

    assert (ranking.starts_on, ranking.ends_on) == (dt.date(2022, 4, 1), dt.date(2022, 6, 30))
    assert ranking.computed_at == scenario.computed_at
    assert ranking.in_progress is False


@pytest.mark.parametrize(("quarter", "bounds"), [
    (1, (dt.date(2022, 1, 1), dt.date(2022, 3, 31))),
    (3, (dt.date(2022, 7, 1), dt.date(2022, 9, 30))),
    (4, (dt.date(2022, 10, 1), dt.date(2022, 12, 31))),
])
def test_quarter_bounds(quarter, bounds):
    assert quarter_bounds(2022, quarter) == bounds


@pytest.mark.parametrize("quarter", [0, 5])
def test_quarter_outside_one_to_four_is_refused(quarter):
    with pytest.raises(ValueError, match="quarter"):
        quarter_bounds(2022, quarter)


def test_no_ranking_before_the_first_recompute(tree, programme, cluster):
    assert cluster_rankings(cluster, 2022, 2) is None


def test_number_of_queries_does_not_grow_with_members(scenario, cluster, tree):
    with CaptureQueriesContext(connection) as three:
        cluster_rankings(cluster, 2022, 2)
    for n in range(4):
        cluster.members.add(UnitFactory(parent=tree["tld"], code=f"S{n:02d}", kind=UnitKind.SECTOR))
    with CaptureQueriesContext(connection) as seven:
        assert len(cluster_rankings(cluster, 2022, 2).standings) == 7

    assert len(seven.captured_queries) == len(three.captured_queries)
