"""Emulation clusters are kept in the admin, members picked by search."""

import pytest
from django.contrib.admin.widgets import AutocompleteSelectMultiple

from accounts.tests.factories import UserFactory
from reports.models import EmulationCluster


@pytest.fixture
def admin_user_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_cluster_is_created_with_its_members_from_the_admin(admin_user_client, tree):
    response = admin_user_client.post(
        "/admin/reports/emulationcluster/add/",
        {"name": "Cụm thi đua số 1", "members": [tree["ha_noi"].pk, tree["thanh_hoa"].pk]},
    )

    assert response.status_code == 302
    cluster = EmulationCluster.objects.get(name="Cụm thi đua số 1")
    assert set(cluster.members.values_list("code", flat=True)) == {"P01", "P38"}


def test_members_are_picked_with_the_unit_search_widget(admin_user_client, tree):
    response = admin_user_client.get("/admin/reports/emulationcluster/add/")

    widget = response.context["adminform"].form.fields["members"].widget.widget
    assert isinstance(widget, AutocompleteSelectMultiple)


def test_cluster_list_shows_the_number_of_members(admin_user_client, tree):
    cluster = EmulationCluster.objects.create(name="Cụm thi đua số 1")
    cluster.members.set([tree["ha_noi"], tree["thanh_hoa"]])

    response = admin_user_client.get("/admin/reports/emulationcluster/")

    assert response.status_code == 200
    assert response.context["cl"].result_list[0].member_total == 2


def test_unit_search_for_members_finds_units_by_code(admin_user_client, tree):
    response = admin_user_client.get(
        "/admin/autocomplete/",
        {"term": "thanh hoa", "app_label": "reports", "model_name": "emulationcluster", "field_name": "members"},
    )

    assert [item["text"] for item in response.json()["results"]] == ["LĐLĐ tỉnh Thanh Hóa"]
