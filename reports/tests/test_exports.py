"""Exports of the dashboard tables, read back cell by cell against hand-computed figures
(the scenario of ``conftest.py``)."""

import csv
import io
import zipfile

import pytest
from django.utils import timezone
from openpyxl import load_workbook

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
