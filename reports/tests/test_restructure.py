"""Moving and merging units keeps every initiative and its history; figures follow at the next recompute."""

import datetime as dt

import pytest

from campaign.models import UnitTarget
from reports import selectors
from reports.services import aggregates_recompute
from reviews.services import initiative_submit
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory
from unions.models import Unit
from unions.restructure import RestructureError, unit_move, units_merge
from unions.selectors import unit_subtree

FAR = dt.date(2100, 1, 1)


@pytest.fixture
def submitted(worker, programme):
    initiative = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=initiative, actor=worker)
    return initiative


def test_move_takes_the_whole_subtree_and_its_initiatives(tree, submitted):
    unit_move(unit=tree["ba_dinh"], new_parent=tree["thanh_hoa"])
    assert set(unit_subtree(Unit.objects.get(code="P38"))) >= {
        Unit.objects.get(code="P01-U001"), Unit.objects.get(code="P01-U001-G0001")
    }
    assert Initiative.objects.get(pk=submitted.pk).unit.code == "P01-U001-G0001"
    assert submitted.decisions.count() == 1


def test_figures_follow_a_move_after_recompute(tree, submitted):
    aggregates_recompute()
    unit_move(unit=tree["ba_dinh"], new_parent=tree["thanh_hoa"])
    aggregates_recompute()
    assert selectors.totals_as_of(tree["thanh_hoa"].pk, FAR)["received"] == 1
    assert selectors.totals_as_of(tree["ha_noi"].pk, FAR)["received"] == 0


def test_move_into_own_subtree_is_refused(tree):
    with pytest.raises(RestructureError):
        unit_move(unit=tree["ha_noi"], new_parent=tree["ba_dinh"])


def test_move_under_a_grassroots_union_is_refused(tree):
    with pytest.raises(RestructureError):
        unit_move(unit=tree["hospital"], new_parent=tree["school"])


def test_merge_hands_everything_to_the_target_and_closes_the_source(tree, submitted, worker, school_officer):
    UnitTarget.objects.create(unit=tree["school"], phase="overall", assigned=10)
    UnitTarget.objects.create(unit=tree["hospital"], phase="overall", assigned=5)
    units_merge(source=tree["school"], target=tree["hospital"])
    assert Initiative.objects.get(pk=submitted.pk).unit == tree["hospital"]
    worker.refresh_from_db()
    assert worker.unit == tree["hospital"]
    assert school_officer.appointments.active().get().unit == tree["hospital"]
    assert UnitTarget.objects.get(unit=tree["hospital"], phase="overall").assigned == 15
    assert not Unit.objects.get(pk=tree["school"].pk).is_active
    assert submitted.decisions.count() == 1


def test_merge_of_provinces_moves_their_children(tree, submitted):
    units_merge(source=tree["thanh_hoa"], target=tree["ha_noi"])
    assert Unit.objects.get_parent(Unit.objects.get(code="P38-G0001")).code == "P01"


def test_figures_follow_a_merge_after_recompute(tree, submitted):
    units_merge(source=tree["ha_noi"], target=tree["thanh_hoa"])
    aggregates_recompute()
    assert selectors.totals_as_of(tree["thanh_hoa"].pk, FAR)["received"] == 1
    assert selectors.totals_as_of(tree["tld"].pk, FAR)["received"] == 1


def test_merge_with_own_ancestor_is_refused(tree):
    with pytest.raises(RestructureError):
        units_merge(source=tree["school"], target=tree["ha_noi"])


def test_merge_is_recorded(tree):
    from unions.models import UnitChange

    units_merge(source=tree["school"], target=tree["hospital"])
    change = UnitChange.objects.get()
    assert (change.kind, change.unit, change.other) == ("merge", tree["school"], tree["hospital"])
