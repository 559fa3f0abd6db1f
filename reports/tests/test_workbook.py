"""The unit's workbook read back sheet by sheet against the hand-computed figures of
``conftest.py``'s scenario, as of 15/06/2022, with Hà Nội's own targets added here:
phase 1 4 (4 received by 31/05: 100%), overall 6 (7 received: 117%, 1 over, 16,7%)."""

import datetime as dt
import io
import threading
import unicodedata
import zipfile

import psycopg2
import pytest
from django.db import connection, connections, transaction
from django.db.backends.signals import connection_created
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts.tests.factories import UserFactory
from campaign.models import UnitTarget
from initiatives_portal.xlsx_stream import CellStyles, rows_xml, rows_xml_sql
from reports.selectors import subtree_figures_sql
from reports.services import aggregates_recompute
from reports.tests.test_recompute import HANOI, submit_at
from reports.workbook import SUBTREE_KINDS, database_rows_xml
from submissions.models import Field
from unions.enums import UnitKind
from unions.tests.factories import UnitFactory

AS_OF = "2022-06-15"
SHEETS = ["Tổng quan", "Đơn vị trực thuộc", "Theo đối tượng", "Theo lĩnh vực", "Tồn đọng xét duyệt", "Toàn bộ đơn vị"]
PUBLIC = "Đoàn viên là cán bộ, viên chức, người lao động đơn vị sự nghiệp"
ENTERPRISE = "Đoàn viên là công nhân lao động trong khu vực doanh nghiệp"
OFFICIAL = "Cán bộ công đoàn"
CIVIL = "Đoàn viên là cán bộ, công chức cơ quan Đảng, Nhà nước, MTTQ và các tổ chức chính trị - xã hội"
TOTAL = "Cộng các đơn vị trực thuộc"


def url(code="P01", as_of=AS_OF):
    return f"/reports/units/{code}/workbook.xlsx" + (f"?as_of={as_of}" if as_of is not None else "")


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def workbook_of(response):
    assert response.status_code == 200
    return load_workbook(io.BytesIO(body(response)))


def values(sheet, row):
    return [cell.value for cell in sheet[row]]


@pytest.fixture
def hanoi_targets(scenario, tree):
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="phase-1", assigned=4)
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="overall", assigned=6)
    return scenario


@pytest.fixture
def book(hanoi_targets, officer_client):
    return workbook_of(officer_client.get(url()))


def test_the_workbook_has_one_sheet_per_view_in_order(book):
    assert book.sheetnames == SHEETS


# --- overview -----------------------------------------------------------------------------------


def test_overview_names_the_unit_the_day_as_a_date_cell_and_the_local_computed_at_time(book, hanoi_targets):
    sheet = book["Tổng quan"]

    assert [values(sheet, r)[:2] for r in (1, 2, 5, 6)] == [
        ["Đơn vị", "LĐLĐ thành phố Hà Nội"], ["Mã đơn vị", "P01"], ["Đã gửi", 7], ["Đã công nhận", 1],
    ]
    assert sheet["B3"].is_date and sheet["B3"].value == dt.datetime(2022, 6, 15)
    assert sheet["B3"].number_format == "dd/mm/yyyy"
    local = timezone.localtime(hanoi_targets.computed_at).replace(tzinfo=None)
    assert sheet["B4"].is_date and abs(sheet["B4"].value - local) < dt.timedelta(seconds=1)
    assert sheet["B4"].number_format == "dd/mm/yyyy hh:mm"


def test_overview_lists_the_units_own_targets_with_achieved_and_exceeded(book):
    sheet = book["Tổng quan"]

    assert values(sheet, 8) == ["Giai đoạn", "Chỉ tiêu", "Số sáng kiến", "Đạt (%)", "Vượt (sáng kiến)", "Vượt (%)"]
    assert values(sheet, 9) == ["Giai đoạn 1", 4, 4, 1, None, None]
    assert values(sheet, 10) == ["Toàn chương trình", 6, 7, pytest.approx(1.17), 1, pytest.approx(0.167)]
    assert [sheet["D10"].number_format, sheet["F10"].number_format] == ["0%", "0.0%"]
    assert sheet.auto_filter.ref == "A8:F10"
    assert (sheet.freeze_panes, sheet.print_title_rows) == ("A9", "$8:$8")


# --- child units --------------------------------------------------------------------------------


def test_children_sheet_holds_each_child_and_a_totals_row_of_them(book):
    sheet = book["Đơn vị trực thuộc"]

    assert values(sheet, 3) == [
        "P01-U001", "Công đoàn viên chức quận Ba Đình", 5, 1,
        3, 4, pytest.approx(1.33), 1, pytest.approx(0.333),
        8, 1, pytest.approx(0.125), None, None,
        12, 5, pytest.approx(0.417), None, None,
        1,
    ]
    assert values(sheet, 4)[:4] == ["P01-U002", "LĐLĐ quận Cầu Giấy", 2, 0]
    # Phase 1: only Ba Đình has a target; phase 2: 3 of 8 + 3 = 27,3%; overall 7 of 18 = 38,9%.
    assert values(sheet, 5) == [
        None, TOTAL, 7, 1,
        3, 4, pytest.approx(1.33), 1, pytest.approx(0.333),
        11, 3, pytest.approx(0.273), None, None,
        18, 7, pytest.approx(0.389), None, None,
        None,
    ]
    assert sheet.max_row == 5


def test_children_sheet_numbers_are_whole_numbers_and_percentages_fractions(book):
    row = book["Đơn vị trực thuộc"][3]

    assert [type(row[i].value) for i in (2, 3, 4, 5, 19)] == [int] * 5
    assert isinstance(row[6].value, float)
    assert [row[2].number_format, row[6].number_format, row[8].number_format] == ["#,##0", "0%", "0.0%"]


def test_children_sheet_header_is_frozen_filtered_and_repeated_on_each_printed_page(book):
    sheet = book["Đơn vị trực thuộc"]

    assert sheet["A2"].value == "Mã đơn vị" and sheet["A2"].font.bold
    assert sheet.freeze_panes == "C3"
    assert sheet.auto_filter.ref == "A2:T4"
    assert sheet.print_title_rows == "$2:$2"


@pytest.mark.parametrize("name", SHEETS)
def test_every_sheet_prints_landscape_one_page_wide(book, name):
    sheet = book[name]

    assert sheet.page_setup.orientation == "landscape"
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.sheet_properties.pageSetUpPr.fitToPage


def test_categories_sheet_holds_each_childs_counts_and_shares_with_totals(book):
    sheet = book["Theo đối tượng"]

    assert values(sheet, 2) == [
        "Mã đơn vị", "Tên đơn vị", "Đã gửi",
        PUBLIC, f"{PUBLIC}: tỷ lệ (%)", ENTERPRISE, f"{ENTERPRISE}: tỷ lệ (%)",
        OFFICIAL, f"{OFFICIAL}: tỷ lệ (%)", CIVIL, f"{CIVIL}: tỷ lệ (%)",
    ]
    assert values(sheet, 3) == ["P01-U001", "Công đoàn viên chức quận Ba Đình", 5, 5, 1, 0, 0, 0, 0, 0, 0]
    assert values(sheet, 4) == ["P01-U002", "LĐLĐ quận Cầu Giấy", 2, 0, 0, 2, 1, 0, 0, 0, 0]
    assert values(sheet, 5) == [
        None, TOTAL, 7, 5, pytest.approx(0.71), 2, pytest.approx(0.29), 0, 0, 0, 0,
    ]
    assert sheet["E5"].number_format == "0%"
    assert sheet.auto_filter.ref == "A2:K4"


def test_fields_sheet_holds_each_childs_count_in_every_field_with_totals(book):
    sheet = book["Theo lĩnh vực"]
    headers = values(sheet, 2)
    fields = [str(f) for f in Field.objects.all()]

    assert headers == ["Mã đơn vị", "Tên đơn vị", "Đã gửi", *fields]
    by_field = {
        row: dict(zip(headers[3:], values(sheet, row)[3:], strict=True)) for row in (3, 4, 5)
    }
    health, engineering = str(Field.objects.get(code="health")), str(Field.objects.get(code="engineering"))
    assert {k: v for k, v in by_field[3].items() if v} == {health: 2, engineering: 3}
    assert {k: v for k, v in by_field[4].items() if v} == {engineering: 2}
    assert {k: v for k, v in by_field[5].items() if v} == {health: 2, engineering: 5}
    assert all(type(v) is int for row in by_field.values() for v in row.values())
    assert values(sheet, 5)[:3] == [None, TOTAL, 7]


# --- every unit below ---------------------------------------------------------------------------


def test_subtree_sheet_lists_every_unit_in_tree_order_with_its_parent_and_figures(book):
    sheet = book["Toàn bộ đơn vị"]

    assert values(sheet, 2) == ["Mã đơn vị", "Tên đơn vị", "Cấp", "Mã đơn vị cấp trên", "Tên đơn vị cấp trên",
                                "Tầng (Tổng Liên đoàn là 1)", "Đã gửi", "Đã công nhận"]
    rows = [values(sheet, r) for r in range(3, sheet.max_row + 1)]
    upper, grassroots = str(UnitKind.UPPER.label), str(UnitKind.GRASSROOTS.label)
    assert rows == [
        ["P01", "LĐLĐ thành phố Hà Nội", str(UnitKind.PROVINCE.label), "TLD", "Tổng Liên đoàn Lao động Việt Nam",
         2, 7, 1],
        ["P01-U001", "Công đoàn viên chức quận Ba Đình", upper, "P01", "LĐLĐ thành phố Hà Nội", 3, 5, 1],
        ["P01-U001-G0001", "Công đoàn Trường THPT Phan Đình Phùng", grassroots,
         "P01-U001", "Công đoàn viên chức quận Ba Đình", 4, 3, 1],
        ["P01-U001-G0002", "Công đoàn Bệnh viện Đa khoa Đống Đa", grassroots,
         "P01-U001", "Công đoàn viên chức quận Ba Đình", 4, 2, 0],
        ["P01-U002", "LĐLĐ quận Cầu Giấy", upper, "P01", "LĐLĐ thành phố Hà Nội", 3, 2, 0],
        ["P01-U002-G0001", "Công đoàn Công ty Điện lực Cầu Giấy", grassroots,
         "P01-U002", "LĐLĐ quận Cầu Giấy", 4, 2, 0],
    ]
    assert sheet.freeze_panes == "C3"
    assert sheet.auto_filter.ref == "A2:H8"
    assert sheet["H3"].number_format == "#,##0"


@pytest.fixture
def nfd_branch(tree, programme):
    """A district and two unions below Thanh Hóa, named in decomposed (NFD) form with Đ."""
    district = UnitFactory(parent=tree["thanh_hoa"], code="P38-U009", kind=UnitKind.UPPER,
                           name=unicodedata.normalize("NFD", "LĐLĐ huyện Đông Sơn"))
    first = UnitFactory(parent=district, code="P38-U009-G0001",
                        name=unicodedata.normalize("NFD", "Công đoàn Trường Tiểu học Đông Hòa"))
    UnitFactory(parent=district, code="P38-U009-G0002", name=unicodedata.normalize("NFD", "Công đoàn đường sắt"),
                is_active=False)
    worker = UserFactory(unit=first, category="enterprise")
    for _ in range(3):
        submit_at(worker, dt.datetime(2022, 6, 1, 9, tzinfo=HANOI))
    aggregates_recompute()
    return district, first


def test_subtree_sheet_keeps_nfd_names_and_reads_units_past_a_million(nfd_branch, client, thanh_hoa_officer):
    district, first = nfd_branch
    assert first.pk > 1_000_000
    client.force_login(thanh_hoa_officer)

    sheet = workbook_of(client.get(url(code="P38")))["Toàn bộ đơn vị"]
    rows = {values(sheet, r)[0]: values(sheet, r) for r in range(3, sheet.max_row + 1)}

    assert rows["P38-U009-G0001"] == [
        "P38-U009-G0001", unicodedata.normalize("NFD", "Công đoàn Trường Tiểu học Đông Hòa"), "Công đoàn cơ sở",
        "P38-U009", unicodedata.normalize("NFD", "LĐLĐ huyện Đông Sơn"), 4, 3, 0,
    ]
    assert rows["P38-U009"][6:] == [3, 0]
    # The inactive union is not listed; the others are, in tree order.
    assert list(rows) == ["P38", "P38-G0001", "P38-U009", "P38-U009-G0001"]


def test_subtree_sheet_stores_formula_like_names_as_text(formula_child, officer_client):
    sheet = workbook_of(officer_client.get(url()))["Toàn bộ đơn vị"]
    names = {row[1].value: row[1] for row in sheet.iter_rows(min_row=3)}

    cell = names['=HYPERLINK("http://example.invalid","Bấm")']
    assert cell.data_type == "s" and cell.quotePrefix


def test_subtree_sheet_keeps_xml_special_characters_and_drops_control_characters(tree, programme, officer_client):
    UnitFactory(parent=tree["ha_noi"], code="P01-U050", name="Công đoàn A & B <Đống Đa>\x07 ")
    aggregates_recompute()

    sheet = workbook_of(officer_client.get(url()))["Toàn bộ đơn vị"]
    names = [values(sheet, r)[1] for r in range(3, sheet.max_row + 1)]

    assert "Công đoàn A & B <Đống Đa> " in names


def test_subtree_rows_written_by_the_database_are_those_python_writes(tree, programme):
    district = UnitFactory(parent=tree["ha_noi"], code="P01-U050", kind=UnitKind.UPPER,
                           name="Công đoàn A & B <Đống Đa>\x07 \"Hai\" 'Ba' ")
    UnitFactory(parent=district, code="P01-U050-G0001",
                name=(unicodedata.normalize("NFD", "Công đoàn Trường Tiểu học Đông Hòa, đường Đội Cấn ") * 7)[:255])
    UnitFactory(parent=district, code="P01-U050-G0002", name="=cmd|' /C calc'!A0\x1f")
    UnitFactory(parent=district, code="P01-U050-G0003", name="\tđoàn\r\nviên\u3000", is_active=False)
    aggregates_recompute()
    kinds = {kind.value: str(kind.label) for kind in UnitKind}
    styles = CellStyles(text=' s="2"', quoted=' s="3"', number=' s="4"')
    sql, params = subtree_figures_sql(tree["ha_noi"], dt.date(2022, 6, 15), kind_labels=kinds)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        units = [row[1:] for row in cursor.fetchall()]

    database = database_rows_xml(*rows_xml_sql(sql, params, SUBTREE_KINDS, first_row=3, styles=styles))

    assert [unit[0] for unit in units if unit[0].startswith("P01-U050")] == [
        "P01-U050", "P01-U050-G0001", "P01-U050-G0002"]
    assert [(xml.decode(), count) for xml, count in database] == list(rows_xml(units, 3, styles))


def parts_of(data: bytes) -> dict[str, bytes]:
    """Every part of a workbook but ``docProps/core.xml`` (which holds the time of writing)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist() if name != "docProps/core.xml"}


@pytest.mark.django_db(transaction=True)
def test_a_request_reads_the_units_on_a_connection_of_its_own_then_closes_it_and_writes_the_same_file(
        reference_data, hanoi_targets, tree, officer_client):
    UnitFactory(parent=tree["ha_noi"], code="P01-U077", kind=UnitKind.UPPER,
                name="Công đoàn A & B <Đống Đa>\x07 =\"Hai\" ")
    opened = []

    def created(sender, connection, **kwargs):
        opened.append((threading.current_thread().name, connection))

    connection_created.connect(created)
    try:
        own = body(officer_client.get(url()))  # committed data, the request's connection in autocommit
        with transaction.atomic():  # as if it wrote what another connection cannot see
            shared = body(officer_client.get(url()))
    finally:
        connection_created.disconnect(created)

    assert [name for name, _wrapper in opened] == ["xlsx-read-ahead"]  # the first request's only
    assert opened[0][1].connection is None  # closed once the rows were read
    assert parts_of(own) == parts_of(shared)
    codes = [row[0] for row in load_workbook(io.BytesIO(own))["Toàn bộ đơn vị"].iter_rows(min_row=3, values_only=True)]
    assert "P01-U077" in codes


@pytest.mark.django_db(transaction=True)
def test_a_request_whose_own_connection_cannot_be_opened_reads_the_units_on_its_own_and_writes_the_same_file(
        reference_data, hanoi_targets, tree, officer_client, monkeypatch, caplog):
    UnitFactory(parent=tree["ha_noi"], code="P01-U077", kind=UnitKind.UPPER,
                name="Công đoàn A & B <Đống Đa>\x07 =\"Hai\" ")
    expected = body(officer_client.get(url()))
    wrapper = type(connections["default"])
    opening = wrapper.get_new_connection
    refused = []

    def get_new_connection(self, conn_params):
        if threading.current_thread().name == "xlsx-read-ahead":  # the server at max_connections
            refused.append(self)
            raise psycopg2.OperationalError("FATAL:  sorry, too many clients already")
        return opening(self, conn_params)

    monkeypatch.setattr(wrapper, "get_new_connection", get_new_connection)

    fallback = body(officer_client.get(url()))

    assert len(refused) == 1
    assert "read on the request's instead" in caplog.text
    assert parts_of(fallback) == parts_of(expected)
    codes = [row[0] for row in load_workbook(io.BytesIO(fallback))["Toàn bộ đơn vị"].iter_rows(min_row=3, values_only=True)]
    assert codes[0] == "P01" and "P01-U077" in codes


# --- the download -------------------------------------------------------------------------------


def test_workbook_is_an_attachment_named_after_the_unit_and_day(hanoi_targets, officer_client):
    response = officer_client.get(url())

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="P01-workbook-2022-06-15.xlsx"'


def test_workbook_counts_only_what_was_submitted_by_the_day(hanoi_targets, officer_client):
    sheet = workbook_of(officer_client.get(url(as_of="2022-06-01")))["Đơn vị trực thuộc"]

    # By 01/06: Ba Đình 4 (the 02/06 one not yet), Cầu Giấy none.
    assert [values(sheet, r)[2] for r in (3, 4, 5)] == [4, 0, 4]


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_the_calendars_first_and_last_days_give_a_workbook(hanoi_targets, officer_client, as_of):
    book = workbook_of(officer_client.get(url(as_of=as_of)))

    assert book.sheetnames == SHEETS


def test_a_day_before_1900_is_written_as_text_in_the_overview(hanoi_targets, officer_client):
    sheet = workbook_of(officer_client.get(url(as_of="0001-01-01")))["Tổng quan"]

    assert sheet["B3"].value == "01/01/0001"
    assert values(sheet, 5)[:2] == ["Đã gửi", 0]


@pytest.mark.parametrize("as_of", ["31/05/2022", "2022-02-30", "20220615", "10000-01-01"])
def test_a_bad_day_gets_400_with_a_vietnamese_message(hanoi_targets, officer_client, as_of):
    response = officer_client.get(url(as_of=as_of))

    assert response.status_code == 400
    assert response.content.decode().startswith(f"Tham số “as_of” không hợp lệ (“{as_of}”)")


def test_officer_of_another_province_gets_404(hanoi_targets, client, thanh_hoa_officer):
    client.force_login(thanh_hoa_officer)

    assert client.get(url()).status_code == 404


def test_anonymous_user_is_sent_to_log_in(hanoi_targets, client):
    response = client.get(url())

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_workbook_before_the_first_recompute_says_figures_are_not_ready(tree, programme, officer_client):
    response = officer_client.get(url())

    assert response.status_code == 503
    assert response.content.decode() == "Số liệu chưa được tính."


def test_dashboard_links_to_the_workbook_of_its_day(hanoi_targets, officer_client):
    page = officer_client.get(f"/reports/units/P01/?as_of={AS_OF}").content.decode()

    assert f'href="/reports/units/P01/workbook.xlsx?as_of={AS_OF}"' in page


def test_report_page_links_to_the_workbook_of_its_day(hanoi_targets, officer_client):
    page = officer_client.get(f"/reports/units/P01/report/?as_of={AS_OF}").content.decode()

    assert f'href="/reports/units/P01/workbook.xlsx?as_of={AS_OF}"' in page


PERIOD_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Gửi trong kỳ", "Gửi trong kỳ trước", "Tăng, giảm",
                  "Công nhận trong kỳ", "Xếp hạng"]


@pytest.fixture
def period_book(hanoi_targets, officer_client):
    return workbook_of(officer_client.get(url() + "&since=2022-06-01"))


def test_a_period_adds_its_sheet_before_the_units_below(period_book):
    assert period_book.sheetnames == SHEETS[:5] + ["Trong kỳ", SHEETS[5]]


def test_period_sheet_sets_the_period_against_the_one_before(period_book):
    sheet = period_book["Trong kỳ"]
    # 01–15/06/2022 against 17–31/05/2022: Ngà's 02/06 and Hải's two of 10/06 (the one of
    # 11/06 withdrawn) against Ngà's of 31/05 at 23:00; nothing approved on those days.
    assert values(sheet, 3)[1:4] == ["Từ ngày", dt.datetime(2022, 6, 1), dt.datetime(2022, 5, 17)]
    assert values(sheet, 4)[1:4] == ["Đến hết ngày", dt.datetime(2022, 6, 15), dt.datetime(2022, 5, 31)]
    assert values(sheet, 5)[1:4] == ["Gửi", 3, 1]
    assert values(sheet, 6)[1:4] == ["Công nhận", 0, 0]
    assert values(sheet, 7)[1:4] == ["Gửi: tăng, giảm so với kỳ trước", 2, pytest.approx(2.0)]


def test_period_sheet_ranks_the_children_by_received_in_the_period_with_totals(period_book):
    sheet = period_book["Trong kỳ"]

    assert values(sheet, 9) == PERIOD_HEADERS
    assert values(sheet, 10) == ["P01-U002", "LĐLĐ quận Cầu Giấy", 2, 0, 2, 0, 1]
    assert values(sheet, 11) == ["P01-U001", "Công đoàn viên chức quận Ba Đình", 1, 1, 0, 0, 2]
    assert values(sheet, 12) == [None, TOTAL, 3, 1, 2, 0, None]
    assert sheet.freeze_panes == "C10"
    assert sheet.auto_filter.ref == "A9:G11"


def test_period_workbook_is_named_after_both_days(hanoi_targets, officer_client):
    response = officer_client.get(url() + "&since=2022-06-01")
    assert "P01-workbook-2022-06-01-2022-06-15.xlsx" in response["Content-Disposition"]


@pytest.mark.parametrize("since", ["2022-06-16", "2021-01-01", "9999-12-31", "0001-01-01", "01/06/2022"])
def test_a_period_the_figures_cannot_cover_is_a_400(hanoi_targets, officer_client, since):
    assert officer_client.get(url() + f"&since={since}").status_code == 400


def test_the_childrens_counts_by_category_and_field_are_read_once_per_set_and_day(
        client, federation_staff, tree, programme, worker):
    """A second download of the same day reads neither sum again (they are cached with the
    dashboard's children), and still writes the same figures."""
    from django.test.utils import CaptureQueriesContext

    from reports.tests.test_figures import _bulk

    _bulk(tree["school"], worker, "public_service", dt.date(2022, 3, 1), 3)
    aggregates_recompute()
    client.force_login(federation_staff)
    url = reverse("reports:workbook", args=["TLD"]) + "?as_of=2022-05-31"

    def download() -> tuple[bytes, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            body = b"".join(client.get(url).streaming_content)
        return body, [q["sql"] for q in queries.captured_queries]

    first, first_sql = download()
    again, again_sql = download()
    sums = ("reports_fielddailycount", '"public_service") FILTER')
    assert any(any(s in sql for s in sums) for sql in first_sql)
    assert not any(any(s in sql for s in sums) for sql in again_sql)

    def sheet(body: bytes, title: str) -> list:
        book = load_workbook(io.BytesIO(body), read_only=True)
        return [row for row in book[title].iter_rows(values_only=True)]

    for title in ("Theo đối tượng", "Theo lĩnh vực"):
        assert sheet(again, title) == sheet(first, title)
