"""The backlog on the dashboards, in the API and in the workbook: the rows of
``test_backlog`` (its docstring computes every figure by hand), on 10/06/2022.

The federation: verification 10 waiting (2 overdue), approval 6 (5 overdue), oldest 21
days, median days to verify 6, to approve 11. Its children: Hà Nội 9 (2) and 1 (0), oldest
16 days, medians 7,5 and 5; Thanh Hóa 1 (0) and 5 (5), oldest 21 days, medians 2 and 11.
From 08/06 the federation's medians are 9 and 5.
"""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from unions.enums import UnitKind
from unions.tests.factories import UnitFactory

from .test_backlog import rows  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
AS_OF = {"as_of": "2022-06-10"}
BACKLOG_KEYS = ["awaiting_verify", "awaiting_approve", "overdue_verify", "overdue_approve", "oldest_waiting_days",
                "median_days_to_verify", "median_days_to_approve"]
FEDERATION = {"awaiting_verify": 10, "awaiting_approve": 6, "overdue_verify": 2, "overdue_approve": 5,
              "oldest_waiting_days": 21, "median_days_to_verify": 6.0, "median_days_to_approve": 11.0}
HA_NOI = {"awaiting_verify": 9, "awaiting_approve": 1, "overdue_verify": 2, "overdue_approve": 0,
          "oldest_waiting_days": 16, "median_days_to_verify": 7.5, "median_days_to_approve": 5.0}
THANH_HOA = {"awaiting_verify": 1, "awaiting_approve": 5, "overdue_verify": 0, "overdue_approve": 5,
             "oldest_waiting_days": 21, "median_days_to_verify": 2.0, "median_days_to_approve": 11.0}


@pytest.fixture
def staff(client, federation_staff, programme, rows):  # noqa: F811
    client.force_login(federation_staff)
    return federation_staff


@pytest.fixture
def quiet_province(rows):  # noqa: F811
    """A province where nothing waits and nothing was decided."""
    return UnitFactory(parent=rows["tld"], code="P48", name="LĐLĐ thành phố Đà Nẵng", kind=UnitKind.PROVINCE)


def dashboard(client, code="TLD", **params):
    return client.get(reverse("reports:dashboard", args=[code]), {**AS_OF, **params})


def api(client, code="TLD", **params):
    return client.get(reverse("reports:api_progress"), {"unit": code, **AS_OF, **params})


def card(page: str) -> str:
    start = page.index('id="backlog"')
    return page[start:page.index("</section>", start)]


# --- the card -----------------------------------------------------------------------------------


def test_the_dashboard_card_shows_the_waiting_the_overdue_the_oldest_and_the_medians(client, staff):
    text = card(dashboard(client).content.decode())
    assert "Chờ cơ sở xác nhận" in text and "Chờ cấp trên công nhận" in text
    for figure in ('data-figure="awaiting_verify">10<', 'data-figure="overdue_verify">2<',
                   'data-figure="awaiting_approve">6<', 'data-figure="overdue_approve">5<',
                   'data-figure="oldest_waiting_days">21<', 'data-figure="median_days_to_verify">6,0<',
                   'data-figure="median_days_to_approve">11,0<'):
        assert figure in text


def test_a_province_card_writes_a_half_day_median_the_vietnamese_way(client, staff):
    assert 'data-figure="median_days_to_verify">7,5<' in card(dashboard(client, "P01").content.decode())


def test_with_a_period_the_card_takes_the_medians_of_the_decisions_in_it(client, staff):
    text = card(dashboard(client, since="08/06/2022").content.decode())
    assert 'data-figure="median_days_to_verify">9,0<' in text
    assert 'data-figure="median_days_to_approve">5,0<' in text
    assert "trong kỳ" in text


def test_a_card_without_anything_waiting_or_decided_writes_dashes(client, staff, quiet_province):
    text = card(dashboard(client, "P48").content.decode())
    assert 'data-figure="awaiting_verify">0<' in text
    assert 'data-figure="oldest_waiting_days">—<' in text
    assert 'data-figure="median_days_to_verify">—<' in text


def test_an_earlier_day_shows_the_backlog_of_that_day(client, staff):
    text = card(dashboard(client, as_of="2022-06-05").content.decode())
    assert 'data-figure="awaiting_approve">9<' in text and 'data-figure="oldest_waiting_days">16<' in text


# --- the children table -------------------------------------------------------------------------


def children(response):
    return [row.unit.code for row in response.context["children"]]


def test_the_national_table_has_backlog_columns_with_each_provinces_figures(client, staff):
    response = dashboard(client)
    keys = [c["key"] for c in response.context["child_columns"]]
    assert keys[-3:] == ["awaiting", "overdue", "oldest"]
    by_code = {row.unit.code: row.backlog for row in response.context["children"]}
    assert by_code["P01"].as_json() == HA_NOI
    assert by_code["P38"].as_json() == THANH_HOA
    assert "Quá hạn" in response.content.decode() and "Chờ lâu nhất" in response.content.decode()


def test_the_table_sorts_by_overdue_most_first_and_then_the_other_way(client, staff):
    assert children(dashboard(client, sort="overdue")) == ["P38", "P01"]
    assert children(dashboard(client, sort="overdue", dir="asc")) == ["P01", "P38"]


def test_the_table_sorts_by_what_waits(client, staff):
    # Hà Nội 9 + 1, Thanh Hóa 1 + 5.
    assert children(dashboard(client, sort="awaiting")) == ["P01", "P38"]


def test_a_province_where_nothing_waits_comes_last_by_oldest_waiting_either_way(client, staff, quiet_province):
    # Hà Nội's oldest 16 days, Thanh Hóa's 21.
    assert children(dashboard(client, sort="oldest")) == ["P38", "P01", "P48"]
    assert children(dashboard(client, sort="oldest", dir="asc")) == ["P01", "P38", "P48"]


def test_the_backlog_columns_sort_with_plain_links_that_keep_the_day_and_the_period(client, staff):
    response = dashboard(client, sort="overdue", since="08/06/2022")
    column = next(c for c in response.context["child_columns"] if c["key"] == "overdue")
    assert column["aria_sort"] == "descending"
    assert "sort=overdue" in column["url"] and "dir=asc" in column["url"]
    assert "as_of=2022-06-10" in column["url"] and "since=2022-06-08" in column["url"]


def test_a_phone_keeps_the_overdue_column_beside_the_counts(client, staff):
    response = dashboard(client)
    shown = [c["key"] for c in response.context["child_columns"] if not c["wide_only"]]
    assert shown == ["rank", "name", "received", "overall", "overdue"]


def test_sorted_by_the_backlog_a_phone_shows_its_columns_in_place_of_the_counts(client, staff):
    response = dashboard(client, sort="oldest")
    shown = [c["key"] for c in response.context["child_columns"] if not c["wide_only"]]
    assert shown == ["rank", "name", "awaiting", "overdue", "oldest"]
    # Each cell follows its column: Thanh Hóa's oldest (21 days) and waiting (6) stay on a phone.
    page = response.content.decode()
    assert '<td class="text-end num">21</td>' in page and '<td class="text-end num">6</td>' in page


def test_unsorted_by_the_backlog_a_phone_leaves_the_oldest_and_the_waiting_out(client, staff):
    page = dashboard(client).content.decode()
    assert '<td class="text-end num d-none d-md-table-cell">21</td>' in page
    assert '<td class="text-end num d-none d-md-table-cell">6</td>' in page


# --- the API ------------------------------------------------------------------------------------


def test_the_api_gives_the_backlog_with_exactly_its_keys(client, staff):
    data = api(client).json()
    assert list(data["backlog"]) == BACKLOG_KEYS
    assert data["backlog"] == FEDERATION


def test_the_api_gives_each_child_its_backlog(client, staff):
    data = api(client).json()
    assert {c["code"]: c["backlog"] for c in data["children"]} == {"P01": HA_NOI, "P38": THANH_HOA}


def test_the_api_backlog_on_an_earlier_day(client, staff):
    backlog = api(client, as_of="2022-06-05").json()["backlog"]
    assert backlog == {"awaiting_verify": 10, "awaiting_approve": 9, "overdue_verify": 2, "overdue_approve": 5,
                       "oldest_waiting_days": 16, "median_days_to_verify": 4.0, "median_days_to_approve": None}


def test_the_api_medians_follow_the_period(client, staff):
    backlog = api(client, since="2022-06-08").json()["backlog"]
    assert (backlog["median_days_to_verify"], backlog["median_days_to_approve"]) == (9.0, 5.0)
    assert backlog["awaiting_verify"] == 10


def test_an_empty_backlog_is_zeros_and_nulls_in_the_api(client, staff, quiet_province):
    backlog = json.loads(api(client, "P48").content)["backlog"]
    assert backlog == {"awaiting_verify": 0, "awaiting_approve": 0, "overdue_verify": 0, "overdue_approve": 0,
                       "oldest_waiting_days": None, "median_days_to_verify": None, "median_days_to_approve": None}


# --- scope --------------------------------------------------------------------------------------


@pytest.fixture
def ha_noi_client(client, ha_noi_officer, programme, rows):  # noqa: F811
    client.force_login(ha_noi_officer)
    return client


def test_an_officer_sees_the_backlog_of_their_own_subtree_only(ha_noi_client):
    data = api(ha_noi_client, "P01").json()
    assert data["backlog"] == HA_NOI
    assert [c["code"] for c in data["children"]] == ["P01-U001"]
    assert api(ha_noi_client, "TLD").status_code == 404
    assert api(ha_noi_client, "P38").status_code == 404
    assert dashboard(ha_noi_client, "TLD").status_code == 404


def test_an_officer_of_another_province_sees_none_of_hanois_backlog(client, thanh_hoa_officer, programme, rows):  # noqa: F811
    client.force_login(thanh_hoa_officer)
    assert api(client, "P01").status_code == 404
    assert dashboard(client, "P01").status_code == 404
    assert api(client, "P38").json()["backlog"] == THANH_HOA


# --- the workbook -------------------------------------------------------------------------------


def workbook(client, code="TLD", **params):
    response = client.get(reverse("reports:workbook", args=[code]), {**AS_OF, **params})
    assert response.status_code == 200
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def values(sheet, row):
    return [cell.value for cell in sheet[row]]


HEADERS = ["Mã đơn vị", "Tên đơn vị", "Chờ cơ sở xác nhận", "Quá hạn xác nhận", "Chờ cấp trên công nhận",
           "Quá hạn công nhận", "Chờ lâu nhất (ngày)", "Trung vị số ngày đến khi xác nhận",
           "Trung vị số ngày đến khi công nhận"]


def test_the_workbook_has_a_backlog_sheet_of_the_children_with_totals_and_the_unit(client, staff):
    sheet = workbook(client)["Tồn đọng xét duyệt"]
    assert values(sheet, 2) == HEADERS
    assert values(sheet, 3) == ["P01", "LĐLĐ thành phố Hà Nội", 9, 2, 1, 0, 16, 7.5, 5]
    assert values(sheet, 4) == ["P38", "LĐLĐ tỉnh Thanh Hóa", 1, 0, 5, 5, 21, 2, 11]
    # The children's sums and the longest wait; a median of medians means nothing.
    assert values(sheet, 5) == [None, "Cộng các đơn vị trực thuộc", 10, 2, 6, 5, 21, None, None]
    assert values(sheet, 6) == ["TLD", "Tổng Liên đoàn Lao động Việt Nam", 10, 2, 6, 5, 21, 6, 11]
    assert sheet.max_row == 6


def test_the_backlog_sheet_is_set_out_like_the_others(client, staff):
    sheet = workbook(client)["Tồn đọng xét duyệt"]
    assert (sheet.freeze_panes, sheet.print_title_rows, sheet.auto_filter.ref) == ("C3", "$2:$2", "A2:I4")
    assert [sheet["C3"].number_format, sheet["H3"].number_format] == ["#,##0", "0.0"]
    assert "10/06/2022" in sheet["A1"].value


def test_the_backlog_sheet_of_a_period_takes_its_medians(client, staff):
    sheet = workbook(client, since="2022-06-08")["Tồn đọng xét duyệt"]
    assert values(sheet, 6)[-2:] == [9, 5]
    # Thanh Hóa decided nothing from 08/06.
    assert values(sheet, 4)[-2:] == [None, None]


def test_a_unit_without_children_has_only_its_own_row(client, staff):
    sheet = workbook(client, "P01-U001-G0001")["Tồn đọng xét duyệt"]
    assert values(sheet, 2) == HEADERS
    assert values(sheet, 3) == ["P01-U001-G0001", "Công đoàn Trường THPT Phan Đình Phùng", 5, 2, 1, 0, 16, 6, 5]
    assert sheet.max_row == 3
