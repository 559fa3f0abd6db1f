"""The days the reports' addresses take: exact for the API and the downloads, forgiving and
outspoken on the dashboards."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from accounts.tests.factories import UserFactory
from reports import dates
from reports.services import aggregates_recompute
from unions.tests.factories import AppointmentFactory

NOT_EXACTLY_ISO = [
    "20220101",  # ISO 8601 basic form: Python's fromisoformat takes it
    "2022-W01",  # ISO week: fromisoformat takes it too
    "2022-W01-1",
    "2022-02-30",  # no such day
    "2022-13-01",
    "0000-01-01",
    "31/05/2022",
    "2022-5-31",
    " 2022-05-31",
    "2022-05-31T00:00",
    "٢٠٢٢-٠٥-٣١",  # Arabic-Indic digits, which int() reads
    "abc",
]


@pytest.fixture
def staff(tree, programme):
    aggregates_recompute()
    user = UserFactory(unit=None)
    AppointmentFactory(user=user, unit=tree["tld"], role="staff")
    return user


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def api(client, **params):
    return client.get(reverse("reports:api_progress"), params)


def dashboard(client, as_of, view="reports:dashboard"):
    return client.get(reverse(view, args=["TLD"]), {"as_of": as_of})


@pytest.mark.parametrize("raw", NOT_EXACTLY_ISO)
def test_iso_reader_takes_nothing_but_an_exact_real_day(raw):
    assert dates.read_iso_day(raw) is None


def test_iso_reader_takes_an_exact_real_day():
    assert dates.read_iso_day("2024-02-29") == dt.date(2024, 2, 29)


def test_api_without_unit_is_a_bad_request_naming_the_parameter(staff_client):
    response = api(staff_client)

    assert response.status_code == 400
    assert response.json()["parameter"] == "unit"
    assert response.json()["expected"] == "CODE"
    assert "unit" in response.json()["error"]


@pytest.mark.parametrize("raw", NOT_EXACTLY_ISO)
def test_api_refuses_an_as_of_that_is_not_exactly_yyyy_mm_dd(staff_client, raw):
    response = api(staff_client, unit="TLD", as_of=raw)

    assert response.status_code == 400
    body = response.json()
    assert (body["parameter"], body["expected"]) == ("as_of", "YYYY-MM-DD")
    assert "“as_of”" in body["error"] and "YYYY-MM-DD" in body["error"]


@pytest.mark.parametrize("raw", ["20220101", "2022-W01", "2022-02-30", "hôm qua"])
def test_api_refuses_a_since_that_is_not_exactly_yyyy_mm_dd(staff_client, raw):
    response = api(staff_client, unit="TLD", as_of="2022-05-31", since=raw)

    assert response.status_code == 400
    assert response.json()["parameter"] == "since"


def test_api_takes_an_exact_day(staff_client):
    response = api(staff_client, unit="TLD", as_of="2022-05-31", since="2022-05-01")

    assert response.status_code == 200
    assert response.json()["as_of"] == "2022-05-31"


def test_api_bad_date_is_refused_before_the_scope_is_looked_at(client, thanh_hoa_officer, staff):
    client.force_login(thanh_hoa_officer)

    assert api(client, unit="P01", as_of="2022-W01").status_code == 400
    assert api(client, unit="P01", as_of="2022-05-31").status_code == 404


@pytest.mark.parametrize("raw", ["abc", "2022-02-30", "20220101", "2022-W01", "32/01/2022"])
@pytest.mark.parametrize("view", ["reports:dashboard", "reports:report"])
def test_dashboard_says_it_did_not_understand_the_date_and_which_day_it_shows(staff_client, raw, view):
    response = dashboard(staff_client, raw, view)

    assert response.status_code == 200
    today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    notice = f"Không hiểu ngày “{raw}”; đang hiển thị số liệu đến hôm nay, {today}."
    assert notice in response.content.decode()
    assert response.context["as_of"] is None


@pytest.mark.parametrize("raw", ["2022-05-31", "31/05/2022", "31/5/2022", " 31/05/2022 "])
def test_dashboard_takes_a_day_as_people_type_it(staff_client, raw):
    response = dashboard(staff_client, raw)

    assert response.context["as_of"] == dt.date(2022, 5, 31)
    assert response.context["dashboard"].as_of == dt.date(2022, 5, 31)
    assert "Không hiểu ngày" not in response.content.decode()


def test_dashboard_notice_escapes_what_was_typed(staff_client):
    content = dashboard(staff_client, "<b>x</b>").content.decode()

    assert "“&lt;b&gt;x&lt;/b&gt;”" in content
