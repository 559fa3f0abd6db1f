"""A dashboard and the API without figures say why: no programme set up yet (and what to do),
or figures not computed yet."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from reports.services import aggregates_recompute

NO_PROGRAMME = "Chưa có chương trình nào được thiết lập"
NOT_COMPUTED = "Số liệu chưa được tính. Vui lòng thử lại sau ít phút."


@pytest.fixture
def computed_without_programme(tree):
    aggregates_recompute()


def _dashboard(client, user, tree):
    client.force_login(user)
    return client.get(reverse("reports:dashboard", args=[tree["tld"].code]))


def test_a_dashboard_before_any_programme_says_there_is_none_and_not_to_wait(
    client, federation_staff, tree, computed_without_programme
):
    text = _dashboard(client, federation_staff, tree).content.decode()
    assert NO_PROGRAMME in text
    assert "thử lại sau ít phút" not in text


def test_a_dashboard_before_any_programme_says_how_to_set_one_up(client, federation_staff, tree):
    text = _dashboard(client, federation_staff, tree).content.decode()
    assert "tạo chương trình và các giai đoạn" in text


def test_an_administrator_is_linked_to_where_the_programme_is_created(client, tree):
    admin = UserFactory(unit=None, is_staff=True, is_superuser=True)
    text = _dashboard(client, admin, tree).content.decode()
    assert reverse("admin:campaign_programme_add") in text
    assert reverse("tree_import") in text


def test_staff_without_the_admin_get_no_link_to_it(client, federation_staff, tree):
    assert reverse("admin:campaign_programme_add") not in _dashboard(client, federation_staff, tree).content.decode()


def test_a_dashboard_with_a_programme_but_no_figures_yet_asks_to_wait(client, federation_staff, tree, programme):
    text = _dashboard(client, federation_staff, tree).content.decode()
    assert NOT_COMPUTED in text
    assert NO_PROGRAMME not in text


def _api(client, user, tree):
    client.force_login(user)
    return client.get(reverse("reports:api_progress"), {"unit": tree["tld"].code})


def test_the_api_before_any_programme_answers_404_saying_so(client, federation_staff, tree, computed_without_programme):
    response = _api(client, federation_staff, tree)
    assert response.status_code == 404
    assert response.json()["reason"] == "no_programme"
    assert response.json()["error"].startswith(NO_PROGRAMME)


def test_the_api_before_the_first_recompute_answers_503_with_retry_after(client, federation_staff, tree, programme):
    response = _api(client, federation_staff, tree)
    assert response.status_code == 503
    assert response.json()["reason"] == "not_computed"
    assert int(response["Retry-After"]) > 0


def test_the_printable_report_before_any_programme_says_there_is_none(client, federation_staff, tree):
    client.force_login(federation_staff)
    text = client.get(reverse("reports:report", args=[tree["tld"].code])).content.decode()
    assert NO_PROGRAMME in text
