"""Exports of the dashboard tables, read back cell by cell against hand-computed figures.

The scenario, as of 15/06/2022 (phase 1 ends 31/05/2022), under Hà Nội:

- Ba Đình: 3 initiatives from the school on 01/03 (one approved), 1 from the hospital
  at 23:00 on 31/05 (still phase 1, local time) and 1 on 02/06. Targets: phase 1 3,
  phase 2 8, overall 12. So 5 received, 1 approved; phase 1 4/3 = 133% (1 over,
  33,3%), phase 2 1/8 = 12,5%, overall 5/12 = 41,7%.
- Cầu Giấy: 2 initiatives of an enterprise worker on 10/06, 1 withdrawn (not counted),
  1 on 20/06 (after the as-of date). Targets: phase 2 3, overall 6. So 2 received,
  0 approved; phase 2 2/3 = 66,7%, overall 2/6 = 33,3%.

Hà Nội's 7: public service 5 (71%), enterprise 2 (29%); health 2 (29%), engineering 5 (71%).
"""

import csv
import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from accounts.tests.factories import UserFactory
from campaign.models import UnitTarget
from reports.services import aggregates_recompute
from reviews.services import initiative_decide, initiative_withdraw
from submissions.models import Field
from unions.enums import UnitKind
from unions.tests.factories import AppointmentFactory, UnitFactory

from .test_recompute import HANOI, submit_at

AS_OF = "2022-06-15"

CHILDREN_HEADER = [
    "Mã đơn vị", "Tên đơn vị", "Đã gửi", "Đã công nhận",
    "Giai đoạn 1: chỉ tiêu", "Giai đoạn 1: số sáng kiến", "Giai đoạn 1: đạt (%)",
    "Giai đoạn 1: vượt (sáng kiến)", "Giai đoạn 1: vượt (%)",
    "Giai đoạn 2: chỉ tiêu", "Giai đoạn 2: số sáng kiến", "Giai đoạn 2: đạt (%)",
    "Giai đoạn 2: vượt (sáng kiến)", "Giai đoạn 2: vượt (%)",
    "Toàn chương trình: chỉ tiêu", "Toàn chương trình: số sáng kiến", "Toàn chương trình: đạt (%)",
    "Toàn chương trình: vượt (sáng kiến)", "Toàn chương trình: vượt (%)",
    "Xếp hạng",
]


def url(code="P01", table="children", fmt="csv", as_of=AS_OF):
    query = f"?as_of={as_of}" if as_of is not None else ""
    return f"/reports/units/{code}/export/{table}.{fmt}{query}"


def csv_rows(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:], newline="")))


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(response.content)).worksheets[0]


def values(sheet, row):
    return [cell.value for cell in sheet[row]]


@pytest.fixture
def scenario(tree, programme, school_officer):
    """The figures of the module docstring, recomputed; returns the aggregate set."""
    health = Field.objects.get(code="health")
    cau_giay = UnitFactory(parent=tree["ha_noi"], code="P01-U002", name="LĐLĐ quận Cầu Giấy", kind=UnitKind.UPPER)
    company = UnitFactory(parent=cau_giay, code="P01-U002-G0001", name="Công đoàn Công ty Điện lực Cầu Giấy")
    lan = UserFactory(unit=tree["school"], category="public_service")
    nga = UserFactory(unit=tree["hospital"], category="public_service")
    hai = UserFactory(unit=company, category="enterprise")
    upper = UserFactory(unit=None)
    AppointmentFactory(user=upper, unit=tree["ba_dinh"], role="officer")

    approved = submit_at(lan, dt.datetime(2022, 3, 1, 9, tzinfo=HANOI))
    for _ in range(2):
        submit_at(lan, dt.datetime(2022, 3, 1, 10, tzinfo=HANOI))
    initiative_decide(initiative=approved, action="verify", actor=school_officer)
    initiative_decide(initiative=approved, action="approve", actor=upper)
    submit_at(nga, dt.datetime(2022, 5, 31, 23, 0, tzinfo=HANOI), field=health)
    submit_at(nga, dt.datetime(2022, 6, 2, 8, 0, tzinfo=HANOI), field=health)
    for _ in range(2):
        submit_at(hai, dt.datetime(2022, 6, 10, 14, 0, tzinfo=HANOI))
    withdrawn = submit_at(hai, dt.datetime(2022, 6, 11, 14, 0, tzinfo=HANOI))
    initiative_withdraw(initiative=withdrawn, actor=hai)
    submit_at(hai, dt.datetime(2022, 6, 20, 14, 0, tzinfo=HANOI))

    for unit, phase, assigned in [
        (tree["ba_dinh"], "phase-1", 3), (tree["ba_dinh"], "phase-2", 8), (tree["ba_dinh"], "overall", 12),
        (cau_giay, "phase-2", 3), (cau_giay, "overall", 6),
    ]:
        UnitTarget.objects.create(unit=unit, phase=phase, assigned=assigned)
    return aggregates_recompute()


@pytest.fixture
def ha_noi_officer(tree):
    user = UserFactory(unit=tree["ha_noi"], category="union_official")
    AppointmentFactory(user=user, unit=tree["ha_noi"], role="officer")
    return user


@pytest.fixture
def officer_client(client, ha_noi_officer):
    client.force_login(ha_noi_officer)
    return client


def title(agg, table_title):
    at = timezone.localtime(agg.computed_at)
    return (
        f"{table_title} — LĐLĐ thành phố Hà Nội (P01) — tính đến hết ngày 15/06/2022 — "
        f"số liệu tính lúc {at:%H:%M} ngày {at:%d/%m/%Y}"
    )


# --- figures ------------------------------------------------------------------------------------


def test_children_csv_holds_the_hand_computed_figures(scenario, officer_client):
    rows = csv_rows(officer_client.get(url()))

    assert rows == [
        CHILDREN_HEADER,
        ["P01-U001", "Công đoàn viên chức quận Ba Đình", "5", "1",
         "3", "4", "133%", "1", "33,3%",
         "8", "1", "12,5%", "", "",
         "12", "5", "41,7%", "", "",
         "1"],
        ["P01-U002", "LĐLĐ quận Cầu Giấy", "2", "0",
         "", "", "", "", "",
         "3", "2", "66,7%", "", "",
         "6", "2", "33,3%", "", "",
         "2"],
    ]


def test_children_xlsx_holds_numbers_and_rounded_percentages(scenario, officer_client):
    sheet = xlsx_sheet(officer_client.get(url(fmt="xlsx")))

    assert values(sheet, 2) == CHILDREN_HEADER
    assert values(sheet, 3) == [
        "P01-U001", "Công đoàn viên chức quận Ba Đình", 5, 1,
        3, 4, pytest.approx(1.33), 1, pytest.approx(0.333),
        8, 1, pytest.approx(0.125), None, None,
        12, 5, pytest.approx(0.417), None, None,
        1,
    ]
    assert values(sheet, 4) == [
        "P01-U002", "LĐLĐ quận Cầu Giấy", 2, 0,
        None, None, None, None, None,
        3, 2, pytest.approx(0.667), None, None,
        6, 2, pytest.approx(0.333), None, None,
        2,
    ]
    assert sheet.max_row == 4


def test_xlsx_percentages_carry_the_rounding_rule_in_their_format(scenario, officer_client):
    sheet = xlsx_sheet(officer_client.get(url(fmt="xlsx")))
    ba_dinh = sheet[3]

    # 133% from 100% up, whole; 33,3% and 12,5% below 100%, one decimal; counts grouped.
    assert [ba_dinh[i].number_format for i in (6, 8, 11)] == ["0%", "0.0%", "0.0%"]
    assert ba_dinh[2].number_format == "#,##0"


def test_xlsx_title_row_names_the_unit_the_as_of_date_and_the_computed_at_time(scenario, officer_client):
    sheet = xlsx_sheet(officer_client.get(url(fmt="xlsx")))

    assert sheet["A1"].value == title(scenario, "Số liệu các đơn vị trực thuộc")


def test_categories_csv_holds_counts_and_whole_shares(scenario, officer_client):
    rows = csv_rows(officer_client.get(url(table="categories")))

    assert rows == [
        ["Mã", "Đối tượng", "Số sáng kiến", "Tỷ lệ (%)"],
        ["public_service", "Đoàn viên là cán bộ, viên chức, người lao động đơn vị sự nghiệp", "5", "71%"],
        ["enterprise", "Đoàn viên là công nhân lao động trong khu vực doanh nghiệp", "2", "29%"],
        ["union_official", "Cán bộ công đoàn", "0", "0%"],
        ["civil_servant",
         "Đoàn viên là cán bộ, công chức cơ quan Đảng, Nhà nước, MTTQ và các tổ chức chính trị - xã hội", "0", "0%"],
    ]


def test_categories_xlsx_holds_counts_and_shares_as_numbers(scenario, officer_client):
    sheet = xlsx_sheet(officer_client.get(url(table="categories", fmt="xlsx")))

    assert sheet["A1"].value == title(scenario, "Sáng kiến theo đối tượng")
    assert [values(sheet, r)[2:] for r in range(3, 7)] == [
        [5, pytest.approx(0.71)], [2, pytest.approx(0.29)], [0, 0], [0, 0]
    ]
    assert sheet["D3"].number_format == "0%"


def test_fields_csv_lists_the_fields_with_initiatives(scenario, officer_client):
    rows = csv_rows(officer_client.get(url(table="fields")))

    assert rows == [
        ["Mã", "Lĩnh vực", "Số sáng kiến", "Tỷ lệ (%)"],
        ["health", "Y tế", "2", "29%"],
        ["engineering", "Kỹ thuật, sản xuất", "5", "71%"],
    ]


def test_fields_xlsx_holds_the_same_figures(scenario, officer_client):
    sheet = xlsx_sheet(officer_client.get(url(table="fields", fmt="xlsx")))

    assert values(sheet, 2) == ["Mã", "Lĩnh vực", "Số sáng kiến", "Tỷ lệ (%)"]
    assert values(sheet, 3) == ["health", "Y tế", 2, pytest.approx(0.29)]
    assert values(sheet, 4) == ["engineering", "Kỹ thuật, sản xuất", 5, pytest.approx(0.71)]


def test_export_counts_only_what_was_submitted_by_the_as_of_date(scenario, officer_client):
    rows = csv_rows(officer_client.get(url(as_of="2022-05-31")))

    # Only Ba Đình's 4 phase-1 initiatives (the 23:00 one on 31/05 included); nothing in Cầu Giấy yet.
    assert [row[:4] for row in rows[1:]] == [["P01-U001", "Công đoàn viên chức quận Ba Đình", "4", "1"],
                                             ["P01-U002", "LĐLĐ quận Cầu Giấy", "0", "0"]]


# --- the files ----------------------------------------------------------------------------------


def test_csv_is_an_attachment_in_utf8_named_after_unit_table_and_date(scenario, officer_client):
    response = officer_client.get(url())

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="P01-children-2022-06-15.csv"'


def test_xlsx_is_an_attachment_with_the_spreadsheet_type(scenario, officer_client):
    response = officer_client.get(url(table="fields", fmt="xlsx"))

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="P01-fields-2022-06-15.xlsx"'


def test_without_a_date_the_export_is_as_of_today(scenario, officer_client):
    response = officer_client.get(url(as_of=None))

    assert f"P01-children-{timezone.localdate().isoformat()}.csv" in response["Content-Disposition"]


@pytest.fixture
def formula_child(tree, programme):
    UnitFactory(parent=tree["ha_noi"], code="P01-X", name='=HYPERLINK("http://example.invalid","Bấm")')
    UnitFactory(parent=tree["ha_noi"], code="P01-Y", name="-2+3")
    UnitFactory(parent=tree["ha_noi"], code="P01-Z", name="@SUM(A1)")
    aggregates_recompute()


def test_csv_neutralises_cells_that_look_like_formulas(formula_child, officer_client):
    names = sorted(row[1] for row in csv_rows(officer_client.get(url()))[1:])

    assert "'=HYPERLINK(\"http://example.invalid\",\"Bấm\")" in names
    assert {"'-2+3", "'@SUM(A1)"} <= set(names)


def test_xlsx_stores_formula_like_cells_as_plain_text(formula_child, officer_client):
    response = officer_client.get(url(fmt="xlsx"))
    sheet = xlsx_sheet(response)
    names = {row[1].value: row[1] for row in sheet.iter_rows(min_row=3)}

    cell = names['=HYPERLINK("http://example.invalid","Bấm")']
    assert cell.data_type == "s" and cell.quotePrefix
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


# --- access -------------------------------------------------------------------------------------


def test_officer_of_another_province_gets_404(scenario, client, thanh_hoa_officer):
    client.force_login(thanh_hoa_officer)

    assert client.get(url()).status_code == 404
    assert client.get(url(fmt="xlsx")).status_code == 404


def test_officer_gets_the_export_of_their_own_province(scenario, client, thanh_hoa_officer):
    client.force_login(thanh_hoa_officer)

    assert client.get(url(code="P38", table="categories")).status_code == 200


def test_anonymous_user_is_sent_to_log_in(scenario, client):
    response = client.get(url())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_unknown_unit_gets_404(scenario, officer_client):
    assert officer_client.get(url(code="P99")).status_code == 404


@pytest.mark.parametrize(("table", "fmt"), [("people", "csv"), ("children", "pdf"), ("children", "csv.xlsx")])
def test_unknown_table_or_format_gets_404(scenario, officer_client, table, fmt):
    assert officer_client.get(url(table=table, fmt=fmt)).status_code == 404


def test_bad_date_gets_400_with_a_vietnamese_message(scenario, officer_client):
    response = officer_client.get(url(as_of="31/05/2022"))

    assert response.status_code == 400
    assert response.content.decode() == (
        "Tham số “as_of” không hợp lệ (“31/05/2022”): cần một ngày có thật dạng YYYY-MM-DD, ví dụ 2022-05-31."
    )


@pytest.mark.parametrize("as_of", ["20220615", "2022-W24"])
def test_a_date_not_written_exactly_yyyy_mm_dd_gets_400(scenario, officer_client, as_of):
    assert officer_client.get(url(as_of=as_of)).status_code == 400


def test_export_before_the_first_recompute_says_figures_are_not_ready(tree, programme, officer_client):
    response = officer_client.get(url())

    assert response.status_code == 503
