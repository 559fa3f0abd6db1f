"""Dashboards are built once per aggregate set and reference data, then served from the cache."""

import datetime as dt
import pickle

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.tests.factories import UserFactory
from campaign.models import UnitTarget
from reports import selectors
from reports.services import aggregates_recompute
from reports.tests.test_figures import _bulk
from unions.services import units_import
from unions.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2022, 5, 31)


@pytest.fixture
def counted(tree, programme, worker):
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="overall", assigned=40)
    _bulk(tree["school"], worker, "public_service", dt.date(2022, 3, 1), 10)
    aggregates_recompute()


def test_a_second_read_of_a_dashboard_does_not_read_the_aggregates(counted, tree):
    selectors.unit_dashboard(tree["ha_noi"], DAY)
    with CaptureQueriesContext(connection) as queries:
        selectors.unit_dashboard(tree["ha_noi"], DAY)
    assert not any("reports_dailycount" in q["sql"] for q in queries.captured_queries)


def test_a_new_aggregate_set_shows_new_counts(counted, tree, worker):
    assert selectors.unit_dashboard(tree["ha_noi"], DAY).totals["received"] == 10
    _bulk(tree["hospital"], worker, "public_service", dt.date(2022, 3, 2), 5)
    aggregates_recompute()
    assert selectors.unit_dashboard(tree["ha_noi"], DAY).totals["received"] == 15


def test_a_changed_target_shows_without_a_recompute(counted, tree):
    assert selectors.unit_dashboard(tree["ha_noi"], DAY).progress[0].target == 40
    target = UnitTarget.objects.get(unit=tree["ha_noi"])
    target.assigned = 50
    target.save()
    assert selectors.unit_dashboard(tree["ha_noi"], DAY).progress[0].target == 50


def test_a_unit_renamed_by_an_import_shows_its_new_name_among_the_children(counted, tree):
    assert "Ba Đình" in selectors.unit_dashboard(tree["ha_noi"], DAY).children[0].unit.name
    units_import(rows=[{"code": "P01-U001", "name": "Công đoàn viên chức quận Hoàn Kiếm", "parent_code": "P01",
                        "kind": "upper"}])
    assert "Hoàn Kiếm" in selectors.unit_dashboard(tree["ha_noi"], DAY).children[0].unit.name


def test_each_language_gets_its_own_labels(counted, tree):
    vietnamese = selectors.unit_dashboard(tree["ha_noi"], DAY).categories[0].label
    with translation.override("en"):
        english = selectors.unit_dashboard(tree["ha_noi"], DAY).categories[0].label
    assert vietnamese != english


def test_the_rendered_child_table_follows_a_changed_target(counted, tree, client):
    staff = UserFactory(unit=None)
    AppointmentFactory(user=staff, unit=tree["tld"], role="staff")
    client.force_login(staff)
    UnitTarget.objects.create(unit=tree["ba_dinh"], phase="overall", assigned=20)
    url = reverse("reports:dashboard", args=["P01"]) + "?as_of=2022-05-31"
    assert "10 / 20" in client.get(url).content.decode()
    target = UnitTarget.objects.get(unit=tree["ba_dinh"])
    target.assigned = 25
    target.save()
    assert "10 / 25" in client.get(url).content.decode()


def test_the_cached_dashboard_does_not_carry_its_children_rows(counted, tree):
    dashboard = selectors.unit_dashboard(tree["ha_noi"], DAY)
    assert dashboard.children_count == 1
    assert "Ba Đình".encode() not in pickle.dumps(dashboard)


def test_a_page_whose_child_table_is_rendered_in_the_cache_does_not_read_the_children(counted, tree, client):
    staff = UserFactory(unit=None)
    AppointmentFactory(user=staff, unit=tree["tld"], role="staff")
    client.force_login(staff)
    url = reverse("reports:dashboard", args=["P01"]) + "?as_of=2022-05-31"
    client.get(url)
    cache.delete(f"{selectors.unit_dashboard(tree['ha_noi'], DAY).cache_token}:children")
    with CaptureQueriesContext(connection) as queries:
        page = client.get(url).content.decode()
    assert "Ba Đình" in page
    assert not any("reports_dailycount" in q["sql"] for q in queries.captured_queries)


def test_a_dashboard_lists_the_first_hundred_children_and_links_to_all(counted, tree, client, monkeypatch):
    from reports import views

    monkeypatch.setattr(views, "CHILDREN_SHOWN", 1)
    UnitTarget.objects.create(unit=tree["tld"], phase="overall", assigned=10)
    staff = UserFactory(unit=None)
    AppointmentFactory(user=staff, unit=tree["tld"], role="staff")
    client.force_login(staff)
    url = reverse("reports:dashboard", args=["TLD"]) + "?as_of=2022-05-31"
    first = client.get(url).content.decode()
    assert ("Hà Nội" in first) != ("Thanh Hóa" in first)
    assert "Đang hiển thị 1 trên 2 đơn vị." in first
    every = client.get(url + "&children=all").content.decode()
    assert "Hà Nội" in every and "Thanh Hóa" in every
