import pytest
from django.urls import reverse

from unions import selectors
from unions.models import Unit
from unions.tests.factories import UnitFactory


def test_subtree_contains_unit_and_every_descendant(tree):
    assert set(selectors.unit_subtree(tree["ha_noi"])) == {
        tree["ha_noi"],
        tree["ba_dinh"],
        tree["school"],
        tree["hospital"],
    }


def test_subtree_excludes_siblings_with_similar_paths(tree):
    # Paths of sibling subtrees share prefixes character-wise but not step-wise.
    assert tree["factory"] not in selectors.unit_subtree(tree["ha_noi"])
    assert tree["ha_noi"] not in selectors.unit_subtree(tree["ba_dinh"])


def test_subtree_of_root_is_whole_tree(tree):
    assert selectors.unit_subtree(tree["tld"]).count() == Unit.objects.count()


def test_subtree_works_at_varying_depth(tree):
    deep = UnitFactory(parent=tree["school"], code="DEEP", kind="grassroots")
    deeper = UnitFactory(parent=deep, code="DEEPER", kind="grassroots")
    assert deeper in selectors.unit_subtree(tree["ha_noi"])
    assert deeper not in selectors.unit_subtree(tree["hospital"])


def test_ancestors_from_root_down(tree):
    assert selectors.ancestors_of(tree["school"]) == [tree["tld"], tree["ha_noi"], tree["ba_dinh"]]


def test_search_folds_d_with_stroke(tree):
    assert list(selectors.search_grassroots("dong da")) == [tree["hospital"]]


# 255 characters (the longest name) that fold into 765: each Hangul syllable comes apart into three letters.
LONGEST_FOLDING_NAME = "각" * 250 + " Nam"


def test_a_name_that_grows_when_folded_is_saved_and_found(tree):
    unit = UnitFactory(parent=tree["ba_dinh"], code="P01-U001-G0099", name=LONGEST_FOLDING_NAME)
    assert len(unit.search_name) > 700
    assert list(selectors.search_grassroots("nam g0099")) == [unit]


def test_units_in_scope_of_officer_is_their_subtree(school_officer, tree):
    assert list(selectors.units_in_scope(school_officer)) == [tree["school"]]


def test_units_in_scope_of_worker_is_empty(worker):
    assert not selectors.units_in_scope(worker).exists()


def test_officer_sees_invite_link_and_poster_of_own_unit(client, school_officer, tree):
    client.force_login(school_officer)
    page = client.get(reverse("unions:detail", args=[tree["school"].code]))
    assert f"?unit={tree['school'].code}" in page.context["invite_url"]
    poster = client.get(reverse("unions:poster", args=[tree["school"].code]))
    assert poster.status_code == 200
    assert b"<svg" in poster.content


def test_poster_of_unit_outside_scope_is_404(client, thanh_hoa_officer, tree):
    client.force_login(thanh_hoa_officer)
    assert client.get(reverse("unions:poster", args=[tree["school"].code])).status_code == 404
    assert client.get(reverse("unions:detail", args=[tree["ha_noi"].code])).status_code == 404


def test_worker_cannot_open_unit_pages(client, worker, tree):
    client.force_login(worker)
    assert client.get(reverse("unions:detail", args=[tree["school"].code])).status_code == 404


@pytest.mark.parametrize("code", ["P01-U001-G0001"])
def test_invite_link_opens_registration_with_unit_chosen(client, tree, code):
    response = client.get(reverse("accounts:register"), {"unit": code})
    assert response.context["unit"] == tree["school"]
