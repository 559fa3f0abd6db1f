"""The unit's path copied onto each initiative is kept by the database, whatever writes (the
import's checked paths: test_import_writer)."""

import pytest

from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory
from unions.restructure import unit_move, units_merge

pytestmark = pytest.mark.django_db


def _path_of(initiative: Initiative) -> str:
    return Initiative.objects.values_list("unit_path", flat=True).get(pk=initiative.pk)


def test_an_initiative_saved_through_the_orm_gets_its_units_path(worker, tree):
    initiative = InitiativeFactory(submitter=worker)
    assert _path_of(initiative) == tree["school"].path


def test_bulk_inserted_initiatives_get_their_units_path(worker, tree):
    template = InitiativeFactory.build(submitter=worker, unit=tree["hospital"])
    [created] = Initiative.objects.bulk_create([template])
    assert _path_of(created) == tree["hospital"].path


def test_an_insert_that_brings_a_wrong_path_gets_its_units_path(worker, tree):
    template = InitiativeFactory.build(submitter=worker, unit=tree["hospital"])
    template.unit_path = "BOGUS"
    [created] = Initiative.objects.bulk_create([template])
    assert _path_of(created) == tree["hospital"].path


def test_a_wrong_path_written_by_an_update_is_replaced_by_the_units(worker, tree):
    initiative = InitiativeFactory(submitter=worker)
    Initiative.objects.filter(pk=initiative.pk).update(unit_path="BOGUS")
    assert _path_of(initiative) == tree["school"].path


def test_a_change_of_unit_changes_the_path(worker, tree):
    initiative = InitiativeFactory(submitter=worker)
    initiative.unit = tree["factory"]
    initiative.save()
    assert _path_of(initiative) == tree["factory"].path


def test_a_full_save_of_a_stale_instance_keeps_the_right_path(worker, tree):
    initiative = InitiativeFactory(submitter=worker)
    initiative.unit_path = ""
    initiative.title = "Tên mới"
    initiative.save()
    assert _path_of(initiative) == tree["school"].path


def test_moving_a_unit_moves_the_paths_of_its_subtrees_initiatives(worker, tree):
    initiative = InitiativeFactory(submitter=worker)
    unit_move(unit=tree["ba_dinh"], new_parent=tree["thanh_hoa"])
    tree["school"].refresh_from_db()
    assert tree["school"].path.startswith(tree["thanh_hoa"].path)
    assert _path_of(initiative) == tree["school"].path


def test_merging_units_gives_the_moved_initiatives_the_targets_path(worker, tree):
    initiative = InitiativeFactory(submitter=worker)
    units_merge(source=tree["school"], target=tree["hospital"])
    assert _path_of(initiative) == tree["hospital"].path


def test_a_new_initiative_knows_its_units_path_from_the_insert_itself(worker, tree, django_assert_num_queries):
    initiative = InitiativeFactory.build(submitter=worker, unit=tree["hospital"])
    with django_assert_num_queries(1):
        initiative.save()
    assert initiative.unit_path == tree["hospital"].path
