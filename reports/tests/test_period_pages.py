"""The period on the dashboard, the report page, the API and the downloads (the campaign of
``test_periods``: from 30/05 to 02/06/2022 the federation received 8 (11 the four days
before) and approved 5 (1 before); Thanh Hóa 6, Hà Nội 2)."""

import csv
import datetime as dt
import io
import json

import pytest
from django.urls import reverse

from reports.models import SentReport
from reports.tests.test_periods import campaign  # noqa: F401 - the fixture
from unions.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db
SPAN = {"as_of": "2022-06-02", "since": "30/05/2022"}


@pytest.fixture
def staff(client, federation_staff):
    client.force_login(federation_staff)
    return federation_staff


def dashboard(client, code="TLD", **params):
    return client.get(reverse("reports:dashboard", args=[code]), params)


def test_the_dashboard_shows_the_period_and_its_change(client, staff, campaign):  # noqa: F811
    page = dashboard(client, **SPAN).content.decode()
    assert "Từ 30/05/2022 đến hết 02/06/2022 (4 ngày)" in page
    assert "so với kỳ trước: 26/05/2022 – 29/05/2022" in page
    period = dashboard(client, **SPAN).context["period"]
    assert (period.received, period.approved) == (8, 5)
    assert "−<span class=\"num\">3</span> (−27,3%)" in page
    assert "+<span class=\"num\">4</span> (+400%)" in page


def test_the_children_table_gets_a_column_of_the_period_that_sorts(client, staff, campaign):  # noqa: F811
    response = dashboard(client, **SPAN, sort="received_since", dir="asc")
    page = response.content.decode()
    assert "Gửi trong kỳ" in page
    assert [row.unit.code for row in response.context["children"]] == ["P01", "P38"]
    assert [row.received_since for row in response.context["children"]] == [2, 6]
    column = next(c for c in response.context["child_columns"] if c["key"] == "received_since")
    assert "since=2022-05-30" in column["url"] and "as_of=2022-06-02" in column["url"]


def test_the_period_column_is_not_offered_without_a_period(client, staff, campaign):  # noqa: F811
    response = dashboard(client, as_of="2022-06-02", sort="received_since")
    assert response.context["sort"] == "rank"
    assert "received_since" not in [c["key"] for c in response.context["child_columns"]]


def test_this_week_is_a_plain_link_that_keeps_the_day(client, staff, campaign):  # noqa: F811
    response = dashboard(client, as_of="2022-06-05")
    week = next(o for o in response.context["period_options"] if o["key"] == "week")
    assert week["url"] == "?as_of=2022-06-05&period=week"
    period = dashboard(client, as_of="2022-06-05", period="week").context["period"]
    assert (period.since, period.received, period.approved) == (dt.date(2022, 5, 30), 9, 5)


@pytest.mark.parametrize(("since", "message"), [
    ("01/01/2021", "ngày bắt đầu chương trình"),
    ("0001-01-01", "ngày bắt đầu chương trình"),
    ("31/12/9999", "ở sau ngày tính đến"),
    ("30/02/2022", "dd/mm/yyyy"),
])
def test_a_period_the_figures_cannot_cover_is_said_on_the_page(client, staff, campaign, since, message):  # noqa: F811
    response = dashboard(client, as_of="2022-06-02", since=since)
    assert response.status_code == 200
    assert message in response.context["period_error"]
    assert response.context["period"] is None


def test_the_report_page_shows_the_period(client, staff, campaign):  # noqa: F811
    response = client.get(reverse("reports:report", args=["TLD"]), SPAN)
    assert response.context["period"].received == 8
    assert "Gửi trong kỳ" in response.content.decode()


def test_since_the_last_report_starts_the_day_after_the_recorded_report(client, staff, campaign):  # noqa: F811
    assert [o["key"] for o in dashboard(client, as_of="2022-06-02").context["period_options"]] == ["week", "month"]
    response = client.post(reverse("reports:record_sent_report", args=["TLD"]),
                           {"as_of": "31/05/2022", "number": "Số 125/BC-TLĐ", "page_as_of": "2022-06-02"})
    assert response.status_code == 302
    report = SentReport.objects.get()
    assert (report.as_of, report.number, report.recorded_by) == (dt.date(2022, 5, 31), "Số 125/BC-TLĐ", staff)
    period = dashboard(client, as_of="2022-06-02", period="report").context["period"]
    assert (period.since, period.received) == (dt.date(2022, 6, 1), 7)


def test_a_report_dated_after_today_is_not_recorded(client, staff, campaign):  # noqa: F811
    client.post(reverse("reports:record_sent_report", args=["TLD"]), {"as_of": "31/12/9999"})
    assert not SentReport.objects.exists()


def test_only_staff_of_the_unit_or_above_record_a_report(client, campaign, tree, thanh_hoa_officer,  # noqa: F811
                                                         school_officer):
    url = reverse("reports:record_sent_report", args=["P01"])
    client.force_login(thanh_hoa_officer)
    assert client.post(url, {"as_of": "31/05/2022"}).status_code == 404
    client.force_login(school_officer)
    assert client.post(reverse("reports:record_sent_report", args=["P01-U001-G0001"]),
                       {"as_of": "31/05/2022"}).status_code == 403
    AppointmentFactory(user=school_officer, unit=tree["school"], role="staff")
    assert client.post(reverse("reports:record_sent_report", args=["P01-U001-G0001"]),
                       {"as_of": "31/05/2022"}).status_code == 302
    assert SentReport.objects.get().unit == tree["school"]


def api(client, **params):
    return client.get(reverse("reports:api_progress"), {"unit": "TLD", **params})


def test_the_api_adds_the_period_figures_with_since(client, staff, campaign):  # noqa: F811
    data = json.loads(api(client, as_of="2022-06-02", since="2022-05-30").content)
    assert (data["since"], data["received_since"], data["approved_since"]) == ("2022-05-30", 8, 5)
    assert data["previous_period"] == {"since": "2022-05-26", "as_of": "2022-05-29", "received": 11, "approved": 1}
    assert {c["code"]: c["received_since"] for c in data["children"]} == {"P01": 2, "P38": 6}


def test_the_api_without_since_has_no_period_fields(client, staff, campaign):  # noqa: F811
    data = json.loads(api(client, as_of="2022-06-02").content)
    assert "received_since" not in data and "received_since" not in data["children"][0]


@pytest.mark.parametrize("since", ["2021-12-31", "0001-01-01", "2022-06-03", "9999-12-31", "30/05/2022"])
def test_the_api_refuses_a_bad_since_with_a_clear_message(client, staff, campaign, since):  # noqa: F811
    response = api(client, as_of="2022-06-02", since=since)
    assert response.status_code == 400
    body = json.loads(response.content)
    assert body["parameter"] == "since" and body["error"]


def test_the_api_serves_the_last_day_there_is(client, staff, campaign):  # noqa: F811
    data = json.loads(api(client, as_of="9999-12-31", since="9999-12-31").content)
    assert (data["received_since"], data["previous_period"]["since"]) == (0, "9999-12-30")


def test_the_children_download_adds_the_periods_columns(client, staff, campaign):  # noqa: F811
    url = reverse("reports:export", kwargs={"code": "TLD", "table": "children", "fmt": "csv"})
    response = client.get(url, {"as_of": "2022-06-02", "since": "2022-05-30"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header = rows[0]
    at = header.index("Gửi trong kỳ")
    assert header[at + 1] == "Công nhận trong kỳ"
    assert {row[0]: (row[at], row[at + 1]) for row in rows[1:]} == {"P38": ("6", "4"), "P01": ("2", "1")}
    assert "TLD-children-2022-05-30-2022-06-02.csv" in response["Content-Disposition"]


def test_the_categories_download_adds_the_periods_counts_and_shares(client, staff, campaign):  # noqa: F811
    url = reverse("reports:export", kwargs={"code": "TLD", "table": "categories", "fmt": "csv"})
    response = client.get(url, {"as_of": "2022-06-02", "since": "2022-05-30"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][-2:] == ["Gửi trong kỳ", "Tỷ lệ trong kỳ (%)"]
    assert {row[0]: row[-2:] for row in rows[1:]}["public_service"] == ["6", "75%"]


def test_a_download_with_a_period_before_the_programme_is_refused(client, staff, campaign):  # noqa: F811
    url = reverse("reports:export", kwargs={"code": "TLD", "table": "fields", "fmt": "xlsx"})
    response = client.get(url, {"as_of": "2022-06-02", "since": "2021-01-01"})
    assert response.status_code == 400
    assert "08/01/2022" in response.content.decode()
