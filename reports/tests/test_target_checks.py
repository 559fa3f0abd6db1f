"""Whether a unit's targets were split completely among its direct children (hand-computed sums)."""

import pytest

from campaign.models import UnitTarget
from reports.target_checks import target_mismatches
from unions.enums import UnitKind
from unions.tests.factories import UnitFactory


def give(unit, phase, assigned, self_set=None):
    UnitTarget.objects.create(unit=unit, phase=phase, assigned=assigned, self_set=self_set)


@pytest.fixture
def cau_giay(tree):
    """A second child of Hà Nội, beside Ba Đình."""
    unit = UnitFactory(parent=tree["ha_noi"], code="P01-U002", name="LĐLĐ quận Cầu Giấy", kind=UnitKind.UPPER)
    tree["ha_noi"].refresh_from_db()
    return unit


def summary(mismatches):
    return [(m.phase, m.assigned, m.children_total, m.difference, list(m.children_without_target))
            for m in mismatches]


def test_children_adding_up_exactly_give_no_mismatch(tree, cau_giay):
    give(tree["ha_noi"], "phase-1", 52_000)
    give(tree["ba_dinh"], "phase-1", 30_000)
    give(cau_giay, "phase-1", 22_000)

    assert target_mismatches(tree["ha_noi"]) == []


def test_shortfall_is_reported_with_the_missing_amount(tree, cau_giay):
    give(tree["ha_noi"], "overall", 60_000)
    give(tree["ba_dinh"], "overall", 35_000)
    give(cau_giay, "overall", 20_000)

    # 35.000 + 20.000 = 55.000, 5.000 short of Hà Nội's 60.000.
    assert summary(target_mismatches(tree["ha_noi"])) == [("overall", 60_000, 55_000, -5_000, [])]


def test_children_given_more_than_the_unit_show_a_positive_difference(tree, cau_giay):
    give(tree["ha_noi"], "phase-1", 52_000)
    give(tree["ba_dinh"], "phase-1", 30_000)
    give(cau_giay, "phase-1", 25_000)

    assert summary(target_mismatches(tree["ha_noi"])) == [("phase-1", 52_000, 55_000, 3_000, [])]


def test_child_without_a_target_is_listed_even_when_the_sum_matches(tree, cau_giay):
    give(tree["ha_noi"], "phase-1", 52_000)
    give(tree["ba_dinh"], "phase-1", 52_000)

    assert summary(target_mismatches(tree["ha_noi"])) == [("phase-1", 52_000, 52_000, 0, ["P01-U002"])]


def test_self_set_targets_do_not_enter_the_sums(tree, cau_giay):
    give(tree["ha_noi"], "overall", 60_000, self_set=130_000)
    give(tree["ba_dinh"], "overall", 40_000, self_set=90_000)
    give(cau_giay, "overall", 20_000)

    assert target_mismatches(tree["ha_noi"]) == []


def test_phases_without_a_target_of_the_unit_are_not_checked(tree, cau_giay):
    give(tree["ha_noi"], "phase-1", 52_000)
    give(tree["ba_dinh"], "phase-1", 30_000)
    give(cau_giay, "phase-1", 22_000)
    give(tree["ba_dinh"], "phase-2", 5_000)

    assert target_mismatches(tree["ha_noi"]) == []


def test_unit_without_children_has_nothing_to_split(tree):
    give(tree["school"], "overall", 100)

    assert target_mismatches(tree["school"]) == []


def test_inactive_children_are_left_out(tree, cau_giay):
    cau_giay.is_active = False
    cau_giay.save()
    give(tree["ha_noi"], "phase-1", 52_000)
    give(tree["ba_dinh"], "phase-1", 52_000)

    assert target_mismatches(tree["ha_noi"]) == []


def test_root_is_checked_against_the_programme_targets_in_phase_order(tree, programme):
    give(tree["ha_noi"], "phase-1", 52_000)
    give(tree["thanh_hoa"], "phase-1", 248_000)
    give(tree["ha_noi"], "overall", 60_000)
    give(tree["thanh_hoa"], "overall", 600_000)

    # phase-1: 52.000 + 248.000 = 300.000, as planned. phase-2: nobody has one (0 of 700.000).
    # overall: 60.000 + 600.000 = 660.000, 340.000 short of 1.000.000.
    assert summary(target_mismatches(tree["tld"])) == [
        ("phase-2", 700_000, 0, -700_000, ["P01", "P38"]),
        ("overall", 1_000_000, 660_000, -340_000, []),
    ]


def test_mismatch_names_its_phase_in_vietnamese(tree, cau_giay):
    give(tree["ha_noi"], "overall", 60_000)

    assert target_mismatches(tree["ha_noi"])[0].phase_label == "Toàn chương trình"


def test_check_reads_a_fixed_number_of_queries(tree, cau_giay, programme, django_assert_num_queries):
    for n in range(5):
        UnitFactory(parent=tree["ha_noi"], code=f"P01-G{n:04d}", kind=UnitKind.GRASSROOTS)
    tree["ha_noi"].refresh_from_db()
    give(tree["ha_noi"], "phase-1", 52_000)

    # programme, the unit's targets, its children, their targets
    with django_assert_num_queries(4):
        target_mismatches(tree["ha_noi"])
