"""Bulk import of initiatives: valid files, both modes, every error kind, re-import, scope, hostile files."""

import io
import unicodedata
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from initiatives_portal.tabular import TableError
from submissions import imports
from submissions.models import ImportRun, Initiative

HEADER = "unit_code,title,summary,field,author_name,author_category,submitted_at,co_authors,benefit_vnd,status\n"
# As officers' files come: decomposed accents, Đ/đ, an emoji, a right-to-left mark, a grouped amount.
GOOD = [
    f"P01-U001-G0001,Sổ tay điện tử,{unicodedata.normalize('NFD', 'Tóm tắt một')} 📒,education,Đặng Thị Mai,"
    "public_service,31/05/2022 23:59:59,,,",
    f"P01-U001-G0002,Máy rửa dụng cụ,Tóm tắt hai\u200f,Y tế,{unicodedata.normalize('NFD', 'Phạm Văn Đức')},"
    "enterprise,2022-06-01T00:00:00,Đỗ Văn Bình (30%); Lê Đình Chiến (20%),1.500.000,",
]


def csv_file(*lines, header=HEADER, name="sang-kien.csv"):
    return SimpleUploadedFile(name, (header + "\n".join(lines) + "\n").encode("utf-8"))


def run_import(upload, by, mode="all_or_nothing") -> ImportRun:
    run = imports.import_run_create(upload=upload, mode=mode, by=by, enqueue=False)
    imports.import_run_process(run_id=run.pk)
    run.refresh_from_db()
    return run


def test_valid_file_creates_submitted_initiatives_with_history(upper, programme, tree):
    run = run_import(csv_file(*GOOD), upper)
    assert (run.state, run.rows_read, run.rows_created) == ("done", 2, 2)
    first = Initiative.objects.get(title="Sổ tay điện tử")
    assert (first.status, first.unit, first.entered_by, first.phase.code) == ("submitted", tree["school"], upper,
                                                                             "phase-1")
    assert first.decisions.get().action == "submit"


def test_phase_and_local_date_follow_the_given_time(upper, programme):
    run_import(csv_file(*GOOD), upper)
    second = Initiative.objects.get(title="Máy rửa dụng cụ")
    assert (str(second.submitted_on), second.phase.code) == ("2022-06-01", "phase-2")


def test_field_by_vietnamese_name_co_authors_and_benefit(upper, programme):
    run_import(csv_file(*GOOD), upper)
    second = Initiative.objects.get(title="Máy rửa dụng cụ")
    assert second.field.code == "health"
    assert second.benefit_vnd == 1_500_000
    assert second.author_contribution == 50
    assert [(c.full_name, c.contribution) for c in second.co_authors.all()] == [("Đỗ Văn Bình", 30),
                                                                                ("Lê Đình Chiến", 20)]


def test_imported_text_is_stored_in_nfc_with_its_marks_and_emoji(upper, programme):
    run_import(csv_file(*GOOD), upper)
    rows = dict(Initiative.objects.values_list("title", "summary"))
    assert rows == {"Sổ tay điện tử": "Tóm tắt một 📒", "Máy rửa dụng cụ": "Tóm tắt hai\u200f"}
    assert Initiative.objects.get(title="Máy rửa dụng cụ").author_name == "Phạm Văn Đức"


def test_reimport_of_same_file_creates_nothing_and_says_so(upper, programme):
    run_import(csv_file(*GOOD), upper)
    again = run_import(csv_file(*GOOD), upper)
    assert (again.state, again.rows_created, again.rows_duplicate) == ("done", 0, 2)
    assert "đã được nhập trước đó" in again.message
    assert Initiative.objects.count() == 2


def test_same_row_twice_in_one_file_is_created_once(upper, programme):
    run = run_import(csv_file(GOOD[0], GOOD[0]), upper)
    assert (run.rows_created, run.rows_duplicate) == (1, 1)


BAD_ROWS = {
    "unit_code": "NOPE,Tên,Tóm tắt,education,A,enterprise,2022-03-01,,,",
    "title": "P01-U001-G0001,,Tóm tắt,education,A,enterprise,2022-03-01,,,",
    "field": "P01-U001-G0001,Tên,Tóm tắt,astrology,A,enterprise,2022-03-01,,,",
    "author_category": "P01-U001-G0001,Tên,Tóm tắt,education,A,farmer,2022-03-01,,,",
    "submitted_at": "P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,31/02/2022,,,",
    "benefit_vnd": "P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,2022-03-01,,-5,",
    "co_authors": "P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,2022-03-01,B (60%); C (50%),,",
    "status": "P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,2022-03-01,,,archived",
}


@pytest.mark.parametrize("column", sorted(BAD_ROWS))
def test_each_bad_cell_is_reported_by_line_and_column(upper, programme, column):
    run = run_import(csv_file(GOOD[0], BAD_ROWS[column]), upper)
    assert run.state == "refused"
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(3, column)]
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("amount", ["NaN", "Infinity"])
def test_a_benefit_that_is_not_a_number_of_dong_is_refused(upper, programme, amount):
    run = run_import(csv_file(f"P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,2022-03-01,,{amount},"), upper)
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(2, "benefit_vnd")]


def _benefit_row(amount: str, title: str = "Tên") -> str:
    return f'P01-U001-G0001,{title},Tóm tắt,education,A,enterprise,2022-03-01,,"{amount}",'


@pytest.mark.parametrize(("amount", "stored"), [("250.000.000", 250_000_000), ("250 000 000", 250_000_000),
                                                ("250\u00a0000\u00a0000", 250_000_000), ("250.000", 250_000),
                                                ("250.000.000 đồng", 250_000_000), ("1.500.000,00", 1_500_000)])
def test_a_benefit_grouped_the_vietnamese_way_is_imported_as_that_many_dong(upper, programme, amount, stored):
    run = run_import(csv_file(_benefit_row(amount)), upper)
    assert (run.state, run.rows_created) == ("done", 1)
    assert Initiative.objects.get().benefit_vnd == stored


@pytest.mark.parametrize(("amount", "message"), [
    ("1.5", "“1.5” không rõ nghĩa"), ("250.00.000", "“250.00.000” không rõ nghĩa"), ("1,500", "“1,500” không rõ nghĩa"),
    ("1.500.000,5", "“1.500.000,5” có phần lẻ của đồng"), ("250.000 000", "“250.000 000” dùng lẫn dấu chấm"),
    # A decimal point written by another program: 15.000.000 if its dot were taken for a group separator.
    ("1500000.0", "“1500000.0” không rõ nghĩa"),
])
def test_an_ambiguous_benefit_is_a_row_error_and_nothing_is_imported(upper, programme, amount, message):
    run = run_import(csv_file(GOOD[0], _benefit_row(amount)), upper)
    assert run.state == "refused"
    errors = [(e.line, e.column, e.message) for e in run.row_errors.all()]
    assert [(line, column) for line, column, _message in errors] == [(3, "benefit_vnd")]
    assert message in errors[0][2]
    assert not Initiative.objects.exists()


def test_an_ambiguous_benefit_skips_only_its_row_when_importing_valid_rows(upper, programme):
    run = run_import(csv_file(_benefit_row("250.00.000", "Sai"), _benefit_row("250.000.000", "Đúng")), upper,
                     mode="valid_rows")
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(2, "benefit_vnd")]
    assert list(Initiative.objects.values_list("title", "benefit_vnd")) == [("Đúng", 250_000_000)]


def test_a_co_author_share_with_more_than_two_decimals_is_refused_not_rounded(upper, programme):
    row = "P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,2022-03-01,\"Đỗ B (33,333%)\",,"
    run = run_import(csv_file(GOOD[0], row), upper)
    assert run.state == "refused"
    errors = [(e.line, e.column, e.message) for e in run.row_errors.all()]
    assert errors == [(3, "co_authors", "Tỷ lệ đóng góp “33,333%” có quá hai chữ số thập phân; hãy ghi tối đa hai "
                                        "chữ số, ví dụ 33,33%.")]
    assert not Initiative.objects.exists()


def test_a_co_author_share_with_two_decimals_is_imported(upper, programme):
    row = "P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,2022-03-01,\"Đỗ B (33,33%)\",,"
    run_import(csv_file(row), upper)
    initiative = Initiative.objects.get()
    assert [c.contribution for c in initiative.co_authors.all()] == [Decimal("33.33")]
    assert initiative.author_contribution == Decimal("66.67")


@pytest.mark.parametrize(("written", "moment"), [("15/03/2022", "2022-03-15 00:00"),
                                                 ("15/03/2022 14:30", "2022-03-15 14:30"),
                                                 ("5/3/2022 08:05:59", "2022-03-05 08:05")])
def test_a_day_first_submission_time_is_read_in_local_time(upper, programme, written, moment):
    from zoneinfo import ZoneInfo

    run = run_import(csv_file(f"P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,{written},,,"), upper)
    assert run.state == "done"
    stored = Initiative.objects.get().first_submitted_at.astimezone(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert stored.strftime("%Y-%m-%d %H:%M") == moment


# "15/03/22" is a day: LibreOffice writes two-digit years into a CSV (test_import_archive).
@pytest.mark.parametrize("written", ["15-03-2022 25:00", "mười lăm tháng ba"])
def test_a_submission_time_that_is_no_day_is_refused(upper, programme, written):
    run = run_import(csv_file(f"P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,{written},,,"), upper)
    assert [(e.column, e.message) for e in run.row_errors.all()] == [
        ("submitted_at", "Thời điểm phải theo dạng ngày/tháng/năm (31/05/2022 hoặc 31/05/2022 14:30) hoặc ISO 8601 "
                         "(2022-05-31 14:30).")]


@pytest.mark.parametrize("written", ["31/02/2022", "29/02/2022 08:30", "03/15/2022", "15/03/2022 24:00",
                                     "2022-02-31"])
def test_a_day_the_calendar_lacks_is_refused_saying_so(upper, programme, written):
    run = run_import(csv_file(f"P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,{written},,,"), upper)
    assert [(e.column, e.message) for e in run.row_errors.all()] == [
        ("submitted_at", f"Không có ngày giờ “{written}” trong lịch: ngày ghi trước tháng (ngày/tháng/năm), "
                         "tháng từ 1 đến 12, giờ từ 00:00 đến 23:59.")]


@pytest.mark.parametrize("written", ["01/01/10000", "10000-01-01", "01/01/0000"])
def test_a_year_the_calendar_cannot_hold_is_refused_saying_so(upper, programme, written):
    run = run_import(csv_file(f"P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,{written},,,"), upper)
    assert "năm 1 đến năm 9999" in run.row_errors.get().message


@pytest.mark.parametrize("written", ["07/01/2022 23:59", "2022-01-07", "02/09/2023 00:00", "15/03/2021"])
def test_a_row_dated_outside_the_programme_is_refused_naming_its_dates(upper, programme, written):
    run = run_import(csv_file(GOOD[0], f"P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,{written},,,"), upper)
    assert run.state == "refused"
    error = run.row_errors.get()
    assert (error.line, error.column) == (3, "submitted_at")
    assert "ngoài thời gian của chương trình “1 triệu sáng kiến” (từ 08/01/2022 đến hết 01/09/2023)" in error.message
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("written", ["08/01/2022 00:00", "01/09/2023 23:59"])
def test_the_first_and_last_days_of_the_programme_are_imported(upper, programme, written):
    run = run_import(csv_file(f"P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,{written},,,"), upper)
    assert (run.state, run.rows_created) == ("done", 1)


def test_a_utc_time_on_the_programmes_first_local_day_is_imported(upper, programme):
    # 2022-01-07 17:30 UTC is 08/01/2022 00:30 in Hà Nội: the programme's first day.
    run = run_import(csv_file("P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,2022-01-07T17:30:00+00:00,,,"),
                     upper)
    assert (run.state, str(Initiative.objects.get().submitted_on)) == ("done", "2022-01-08")


def _xlsx_upload(moment_cell, *, epoch=None, number_format=None) -> SimpleUploadedFile:
    from openpyxl import Workbook

    book = Workbook()
    if epoch is not None:
        book.epoch = epoch
    sheet = book.active
    sheet.append([imports.HEADERS[c] for c in imports.REQUIRED])
    sheet.append(["P01-U001-G0001", "Tên", "Tóm tắt", "Giáo dục, đào tạo", "A", "enterprise", moment_cell])
    if number_format is not None:
        sheet["G2"].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("mau.xlsx", buffer.getvalue())


def _local(moment):
    from zoneinfo import ZoneInfo

    return moment.astimezone(ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%Y-%m-%d %H:%M")


@pytest.mark.parametrize("epoch", ["1900", "1904"])
def test_a_spreadsheet_date_time_cell_is_read_in_local_time_in_either_date_system(upper, programme, epoch):
    import datetime as dt

    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    book_epoch = CALENDAR_MAC_1904 if epoch == "1904" else CALENDAR_WINDOWS_1900
    run = run_import(_xlsx_upload(dt.datetime(2022, 3, 15, 8, 30), epoch=book_epoch,
                                  number_format="dd/mm/yyyy hh:mm"), upper)
    assert (run.state, run.rows_created) == ("done", 1)
    assert _local(Initiative.objects.get().first_submitted_at) == "2022-03-15 08:30"


def test_a_spreadsheet_date_cell_is_the_local_midnight_of_that_day(upper, programme):
    import datetime as dt

    run = run_import(_xlsx_upload(dt.date(2022, 3, 15), number_format="dd/mm/yyyy"), upper)
    assert run.state == "done"
    initiative = Initiative.objects.get()
    assert (_local(initiative.first_submitted_at), str(initiative.submitted_on)) == ("2022-03-15 00:00", "2022-03-15")


def test_a_spreadsheet_number_without_a_date_format_is_no_submission_time(upper, programme):
    run = run_import(_xlsx_upload(44635), upper)
    assert [(e.column, e.message) for e in run.row_errors.all()] == [
        ("submitted_at", "Thời điểm phải theo dạng ngày/tháng/năm (31/05/2022 hoặc 31/05/2022 14:30) hoặc ISO 8601 "
                         "(2022-05-31 14:30).")]


def test_a_spreadsheet_time_without_a_day_is_no_submission_time(upper, programme):
    import datetime as dt

    run = run_import(_xlsx_upload(dt.time(8, 30), number_format="hh:mm"), upper)
    assert "ngày/tháng/năm" in run.row_errors.get().message


def test_a_spreadsheet_date_cell_outside_the_programme_is_refused(upper, programme):
    import datetime as dt

    run = run_import(_xlsx_upload(dt.datetime(2021, 12, 31, 9, 0), number_format="dd/mm/yyyy hh:mm"), upper)
    assert "ngoài thời gian của chương trình" in run.row_errors.get().message


def test_future_submission_time_is_refused(upper, programme):
    run = run_import(csv_file("P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,2999-01-01,,,"), upper)
    assert "tương lai" in run.row_errors.get().message


OUTSIDE_UTC = ["0001-01-01", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:00-14:00"]


@pytest.mark.parametrize("moment", OUTSIDE_UTC)
def test_a_submission_time_utc_cannot_hold_is_an_error_on_its_row(upper, programme, moment):
    bad = f"P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,{moment},,,"
    run = run_import(csv_file(GOOD[0], bad, GOOD[1]), upper, mode="valid_rows")
    assert (run.state, run.rows_created, run.rows_invalid) == ("done", 2, 1)
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(3, "submitted_at")]
    assert "ngoài khoảng thời gian" in run.row_errors.get().message


@pytest.mark.parametrize("moment", OUTSIDE_UTC)
def test_a_submission_time_utc_cannot_hold_refuses_an_all_or_nothing_file(upper, programme, moment):
    run = run_import(csv_file(GOOD[0], f"P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,{moment},,,"), upper)
    assert run.state == "refused"
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(3, "submitted_at")]
    assert not Initiative.objects.exists()


def test_formula_cell_is_refused(upper, programme):
    run = run_import(csv_file('P01-U001-G0001,"=HYPERLINK(""x"")",Tóm tắt,education,A,enterprise,2022-03-01,,,'),
                     upper)
    assert "công thức" in run.row_errors.get().message
    assert not Initiative.objects.exists()


def test_valid_rows_mode_imports_good_rows_and_reports_bad(upper, programme):
    run = run_import(csv_file(GOOD[0], BAD_ROWS["field"], GOOD[1]), upper, mode="valid_rows")
    assert (run.state, run.rows_created, run.rows_invalid) == ("done", 2, 1)


def test_rows_outside_scope_are_refused(upper, programme):
    run = run_import(csv_file("P38-G0001,Tên,Tóm tắt,education,A,enterprise,2022-03-01,,,"), upper)
    assert "ngoài phạm vi" in run.row_errors.get().message
    assert not Initiative.objects.exists()


def test_recording_approved_needs_the_right_to_approve(school_officer, programme):
    run = run_import(csv_file("P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,2022-03-01,,,approved"),
                     school_officer)
    assert run.row_errors.get().column == "status"


def test_upper_officer_may_record_approved_with_full_history(upper, school_officer, programme):
    run_import(csv_file("P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,2022-03-01,,,approved"), upper)
    initiative = Initiative.objects.get()
    assert initiative.status == "approved"
    assert list(initiative.decisions.values_list("action", flat=True)) == ["submit", "verify", "approve"]


def test_vietnamese_headers_and_xlsx_are_accepted(upper, programme):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([imports.HEADERS[c] for c in imports.REQUIRED])
    sheet.append(["P01-U001-G0001", "Tên", "Tóm tắt", "Giáo dục, đào tạo", "A", "enterprise",
                  __import__("datetime").datetime(2022, 3, 1, 8, 0)])
    buffer = io.BytesIO()
    book.save(buffer)
    run = run_import(SimpleUploadedFile("mau.xlsx", buffer.getvalue()), upper)
    assert (run.state, run.rows_created) == ("done", 1)


def _excel_csv(*rows: list[str], separator: str = ";", bom: bool = True) -> SimpleUploadedFile:
    """A CSV as Excel saves "CSV UTF-8" where the decimal mark is a comma (Vietnamese among
    them): semicolons, a BOM, CRLF, and quotes only around cells that hold the separator or a quote."""
    def cell(value: str) -> str:
        if separator in value or '"' in value or "\n" in value:
            return '"' + value.replace('"', '""') + '"'
        return value

    text = "".join(separator.join(cell(v) for v in row) + "\r\n" for row in rows)
    return SimpleUploadedFile("sang-kien.csv", (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))


VIETNAMESE_HEADER = [imports.HEADERS[c] for c in (*imports.REQUIRED, *imports.OPTIONAL)]
SEMICOLON_ROW = ["P01-U001-G0001", "Máy rửa, sấy dụng cụ", 'Tóm tắt "hai"; ba', "Y tế", "Phạm Văn Đức",
                 "enterprise", "15/03/2022 08:30", "Đỗ Văn Bình (30%); Lê Đình Chiến (20%)", "1.500.000", ""]


@pytest.mark.parametrize("bom", [True, False], ids=["bom", "no-bom"])
def test_a_semicolon_separated_csv_as_excel_writes_it_is_imported(upper, programme, bom):
    run = run_import(_excel_csv(VIETNAMESE_HEADER, SEMICOLON_ROW, bom=bom), upper)
    assert (run.state, run.rows_created) == ("done", 1)
    initiative = Initiative.objects.get()
    assert (initiative.title, initiative.summary, initiative.benefit_vnd) == (
        "Máy rửa, sấy dụng cụ", 'Tóm tắt "hai"; ba', 1_500_000)
    assert [c.full_name for c in initiative.co_authors.order_by("full_name")] == ["Lê Đình Chiến", "Đỗ Văn Bình"]


def test_a_semicolon_separated_csv_with_codes_and_quoted_headers_is_imported(upper, programme):
    header = [f'"{c}"' for c in HEADER.strip().split(",")]
    row = ["P01-U001-G0001", "Tên", "Tóm tắt", "education", "A", "enterprise", "2022-03-01", "", "", ""]
    upload = SimpleUploadedFile("a.csv", (";".join(header) + "\r\n" + ";".join(row) + "\r\n").encode())
    assert run_import(upload, upper).rows_created == 1


def test_a_comma_separated_csv_whose_cells_hold_semicolons_stays_comma_separated(upper, programme):
    run = run_import(_excel_csv(VIETNAMESE_HEADER, SEMICOLON_ROW, separator=","), upper)
    assert (run.state, Initiative.objects.get().summary) == ("done", 'Tóm tắt "hai"; ba')


def test_a_semicolon_csv_row_error_names_its_line_and_column(upper, programme):
    bad = [*SEMICOLON_ROW]
    bad[6] = "31/02/2022"
    run = run_import(_excel_csv(VIETNAMESE_HEADER, SEMICOLON_ROW, bad), upper)
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(3, "submitted_at")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00binary", "không phải bảng tính"),
        ("latin1.csv", HEADER.encode() + "Sổ tay".encode("cp1258", errors="replace") + b"\xff\xfe", "UTF-8"),
        ("thieu-cot.csv", b"unit_code,title\nA,B\n", "thiếu cột"),
        ("rong.csv", b"", "trống"),
    ],
)
def test_broken_files_are_refused_with_a_clear_message(upper, programme, name, content, message):
    with pytest.raises(TableError, match=message):
        imports.import_run_create(upload=SimpleUploadedFile(name, content), mode="all_or_nothing", by=upper)
    assert not ImportRun.objects.exists()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return buffer.getvalue()


def test_macro_enabled_workbook_is_refused(upper, programme):
    content = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>", "xl/vbaProject.bin": b"\x00"})
    with pytest.raises(TableError, match="macro"):
        imports.import_run_create(upload=SimpleUploadedFile("a.xlsm", content), mode="all_or_nothing", by=upper)


def test_zip_bomb_is_refused(upper, programme):
    content = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<x/>", "xl/big.xml": b"0" * 320_000_000})
    with pytest.raises(TableError, match="bất thường"):
        imports.import_run_create(upload=SimpleUploadedFile("a.xlsx", content), mode="all_or_nothing", by=upper)


def test_file_over_the_size_limit_is_refused(upper, programme, settings):
    settings.IMPORT_MAX_BYTES = 1024
    with pytest.raises(TableError, match="quá lớn"):
        imports.import_run_create(upload=csv_file(*GOOD * 20), mode="all_or_nothing", by=upper)


def test_upload_page_runs_import_and_shows_progress(client, upper, programme, django_capture_on_commit_callbacks):
    client.force_login(upper)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submissions:import"), {"file": csv_file(*GOOD), "mode": "all_or_nothing"})
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("submissions:import_run", args=[run.pk])
    page = client.get(response["Location"])
    assert page.context["run"].rows_created == 2


def test_error_file_has_an_error_column(client, upper, programme, django_capture_on_commit_callbacks):
    client.force_login(upper)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("submissions:import"), {"file": csv_file(GOOD[0], BAD_ROWS["field"]), "mode":
                                                    "all_or_nothing"})
    run = ImportRun.objects.get()
    content = b"".join(client.get(reverse("submissions:import_errors", args=[run.pk])).streaming_content)
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0].endswith("Lỗi")
    assert lines[2].endswith("Lĩnh vực: Lĩnh vực không có trong danh mục.")
    assert not lines[1].endswith("danh mục.")


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_the_run_page_names_an_errors_column_by_the_templates_header(client, upper, programme, htmx):
    client.force_login(upper)
    run = run_import(csv_file(GOOD[0], BAD_ROWS["submitted_at"]), upper)
    headers = {"HX-Request": "true"} if htmx else {}
    html = client.get(reverse("submissions:import_run", args=[run.pk]), headers=headers).content.decode()
    assert "<td>3</td><td>Thời điểm gửi</td>" in html
    assert "submitted_at" not in html


def test_the_error_file_names_each_error_by_the_templates_header(client, upper, programme):
    client.force_login(upper)
    run = run_import(csv_file(GOOD[0], BAD_ROWS["submitted_at"]), upper)
    content = b"".join(client.get(reverse("submissions:import_errors", args=[run.pk])).streaming_content)
    assert content.decode("utf-8-sig").splitlines()[2].endswith("Thời điểm gửi: Không có ngày giờ “31/02/2022” "
                                                                "trong lịch: ngày ghi trước tháng (ngày/tháng/năm), "
                                                                "tháng từ 1 đến 12, giờ từ 00:00 đến 23:59.\"")


def test_a_missing_column_is_named_by_the_templates_header(upper, programme):
    header = ",".join(imports.HEADERS[c] for c in imports.REQUIRED if c != "submitted_at") + "\n"
    with pytest.raises(TableError) as refused:
        imports.import_run_create(upload=csv_file("x", header=header), mode="all_or_nothing", by=upper, enqueue=False)
    assert "Tệp thiếu cột: “Thời điểm gửi” (submitted_at)" in str(refused.value.message)


def test_a_failed_runs_error_file_is_refused_with_an_explanation(client, upper, programme):
    run = run_import(csv_file(GOOD[0], BAD_ROWS["field"]), upper)
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.FAILED)  # stopped by a system error
    client.force_login(upper)
    response = client.get(reverse("submissions:import_errors", args=[run.pk]))
    assert response.status_code == 409
    assert "lỗi hệ thống" in response.content.decode()


def test_a_failed_runs_page_offers_no_error_file(client, upper, programme):
    run = run_import(csv_file(GOOD[0], BAD_ROWS["field"]), upper)
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.FAILED)
    client.force_login(upper)
    page = client.get(reverse("submissions:import_run", args=[run.pk])).content.decode()
    assert reverse("submissions:import_errors", args=[run.pk]) not in page


def test_an_unfinished_runs_error_file_is_refused_with_an_explanation(client, upper, programme):
    run = imports.import_run_create(upload=csv_file(*GOOD), mode="all_or_nothing", by=upper, enqueue=False)
    client.force_login(upper)
    response = client.get(reverse("submissions:import_errors", args=[run.pk]))
    assert response.status_code == 409
    assert "chưa kiểm tra xong" in response.content.decode()


def test_the_error_file_of_a_cell_past_the_csv_limit_is_whole_or_refused(client, upper, programme):
    huge = "x" * 200_000
    run = run_import(csv_file(GOOD[0], f"P01-U001-G0001,Tên,{huge},education,A,enterprise,2022-03-01,,,"), upper)
    client.force_login(upper)
    response = client.get(reverse("submissions:import_errors", args=[run.pk]))
    assert response.status_code in (200, 409)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if response.status_code == 200:
        assert body.decode("utf-8-sig").splitlines()[1].startswith(GOOD[0].split(",")[0])


def test_hostile_upload_through_the_page_shows_the_error(client, upper, programme):
    client.force_login(upper)
    response = client.post(reverse("submissions:import"), {"file": SimpleUploadedFile("x.csv", b"\x00\x01\x02"),
                                                            "mode": "all_or_nothing"})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_other_officer_cannot_see_a_run(client, upper, thanh_hoa_officer, programme):
    run = run_import(csv_file(*GOOD), upper)
    client.force_login(thanh_hoa_officer)
    assert client.get(reverse("submissions:import_run", args=[run.pk])).status_code == 404
    assert client.get(reverse("submissions:import_errors", args=[run.pk])).status_code == 404


def test_worker_cannot_import(client, worker):
    client.force_login(worker)
    assert client.get(reverse("submissions:import")).status_code == 403
    assert client.get(reverse("submissions:import_template")).status_code == 403


def test_template_has_vietnamese_headers_and_scope_units(client, upper, tree):
    from openpyxl import load_workbook

    client.force_login(upper)
    book = load_workbook(io.BytesIO(client.get(reverse("submissions:import_template")).content))
    assert [c.value for c in book.worksheets[0][1]][:2] == ["Mã công đoàn cơ sở", "Tên sáng kiến"]
    assert book.worksheets[0].max_row == 1
    units = _listed(book, "Mã công đoàn cơ sở")
    assert units == ["P01-U001-G0001", "P01-U001-G0002"]


def _listed(book, header: str) -> list:
    """The values of the template's list ``header`` (the drop-downs' source sheet)."""
    rows = list(book["Danh mục"].iter_rows(values_only=True))
    index = rows[0].index(header)
    return [row[index] for row in rows[1:] if row[index] is not None]


def test_command_imports_as_a_user(tmp_path, upper, programme):
    path = tmp_path / "sk.csv"
    path.write_text(HEADER + "\n".join(GOOD) + "\n", encoding="utf-8")
    call_command("import_initiatives", str(path), "--as", upper.phone, stdout=io.StringIO())
    assert Initiative.objects.filter(entered_by=upper).count() == 2


def test_command_fails_loudly_on_errors(tmp_path, programme, tree):
    path = tmp_path / "sk.csv"
    path.write_text(HEADER + BAD_ROWS["field"] + "\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_initiatives", str(path), stdout=io.StringIO())


def test_progress_bar_knows_the_number_of_rows(upper, programme):
    run = imports.import_run_create(upload=csv_file(*GOOD), mode="all_or_nothing", by=upper, enqueue=False)
    assert (run.rows_total, run.percent_read) == (2, 0)
    imports.import_run_process(run_id=run.pk)
    run.refresh_from_db()
    assert (run.rows_read, run.percent_read) == (2, 100)


# --- checks that a file repeats -------------------------------------------------------------------


def test_each_row_naming_an_unknown_unit_is_reported(upper, programme):
    run = run_import(csv_file(BAD_ROWS["unit_code"], BAD_ROWS["unit_code"].replace("Tên", "Tên khác")), upper)
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(2, "unit_code"), (3, "unit_code")]


@pytest.mark.parametrize(("amount", "errors"), [("1000000000000000", []), ("1000000000000001", ["benefit_vnd"]),
                                                ("9" * 5000, ["benefit_vnd"])])
def test_a_benefit_above_a_million_billion_dong_is_refused(upper, programme, amount, errors):
    run = run_import(csv_file(f"P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,2022-03-01,,{amount},"), upper)
    assert [e.column for e in run.row_errors.all()] == errors


def _rows_in_two_units(count: int) -> list[str]:
    return [f"P01-U001-G000{1 + i % 2},Sáng kiến {i},Tóm tắt,education,Tác giả {i},enterprise,2022-03-01,,,"
            for i in range(count)]


@pytest.mark.parametrize("mode", ["all_or_nothing", "valid_rows"])
def test_the_queries_of_an_import_do_not_grow_with_its_rows(upper, programme, mode):
    from django.test.utils import CaptureQueriesContext

    counts = []
    for rows in (_rows_in_two_units(3), _rows_in_two_units(12)[3:]):
        run = imports.import_run_create(upload=csv_file(*rows), mode=mode, by=upper, enqueue=False)
        with CaptureQueriesContext(connection) as queries:
            imports.import_run_process(run_id=run.pk)
        run.refresh_from_db()
        assert (run.state, run.rows_created) == ("done", len(rows))
        counts.append(len(queries))
    assert counts[0] == counts[1]


def _xlsx_with_benefit(amount) -> SimpleUploadedFile:
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append([imports.HEADERS[c] for c in (*imports.REQUIRED, "benefit_vnd")])
    sheet.append(["P01-U001-G0001", "Tên", "Tóm tắt", "Giáo dục, đào tạo", "A", "enterprise",
                  dt.datetime(2022, 3, 1, 8, 0), amount])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("mau.xlsx", buffer.getvalue())


def test_a_spreadsheet_number_of_dong_is_read_as_its_value(upper, programme):
    run_import(_xlsx_with_benefit(1500000.0), upper)
    assert Initiative.objects.get().benefit_vnd == 1_500_000


def test_a_spreadsheet_number_with_a_fraction_of_a_dong_is_refused(upper, programme):
    run = run_import(_xlsx_with_benefit(1500.5), upper)
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(2, "benefit_vnd")]


def _rows_naming_no_unit(count: int) -> list[str]:
    return [f"X-{i},Sáng kiến {i},Tóm tắt,education,Tác giả {i},enterprise,2022-03-01,,," for i in range(count)]


@pytest.mark.parametrize(("language", "figure"), [("vi", "4.990"), ("en", "4,990")])
def test_the_message_of_a_refused_import_groups_its_count_for_people(upper, programme, language, figure):
    with translation.override(language):
        run = run_import(csv_file(*_rows_naming_no_unit(4990)), upper)
    assert (run.state, run.rows_invalid) == ("refused", 4990)
    assert figure in run.message and "4990" not in run.message


def test_a_spreadsheet_text_cell_grouped_the_vietnamese_way_is_read_as_that_many_dong(upper, programme):
    run_import(_xlsx_with_benefit("250.000.000"), upper)
    assert Initiative.objects.get().benefit_vnd == 250_000_000


def test_a_bidirectional_override_in_a_text_cell_is_a_row_error(upper, programme):
    run = run_import(csv_file("P01-U001-G0001,Tên \u202egnol,Tóm tắt,education,A,enterprise,2022-03-01,,,"), upper)
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(2, "title")]
    assert "hướng chữ" in run.row_errors.get().message
    assert not Initiative.objects.exists()


def test_a_right_to_left_mark_in_a_text_cell_is_accepted(upper, programme):
    run = run_import(csv_file("P01-U001-G0001,Tên \u200fmột,Tóm tắt,education,A,enterprise,2022-03-01,,,"), upper)
    assert (run.state, run.rows_created) == ("done", 1)


def _revoke_all(user):
    from unions.models import Appointment

    Appointment.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())


def test_an_officer_whose_appointment_was_revoked_no_longer_reads_their_runs(client, upper, programme):
    run = run_import(csv_file(*GOOD), upper)
    _revoke_all(upper)
    client.force_login(upper)
    assert client.get(reverse("submissions:import_run", args=[run.pk])).status_code == 404
    assert client.get(reverse("submissions:import_errors", args=[run.pk])).status_code == 404


def test_an_officer_moved_to_another_province_no_longer_reads_their_runs(client, upper, tree, programme):
    from unions.tests.factories import AppointmentFactory

    run = run_import(csv_file(*GOOD), upper)
    _revoke_all(upper)
    AppointmentFactory(user=upper, unit=tree["thanh_hoa"], role="officer")
    client.force_login(upper)
    assert client.get(reverse("submissions:import_run", args=[run.pk])).status_code == 404
    assert client.get(reverse("submissions:import_errors", args=[run.pk])).status_code == 404


def test_an_officer_still_appointed_reads_their_runs(client, upper, programme):
    run = run_import(csv_file(*GOOD), upper)
    client.force_login(upper)
    assert client.get(reverse("submissions:import_run", args=[run.pk])).status_code == 200
    assert client.get(reverse("submissions:import_errors", args=[run.pk])).status_code == 200


# --- staff import into their subtree -----------------------------------------------------------------


def test_province_staff_import_into_their_subtree_as_staff(ha_noi_staff, tree, programme):
    run = run_import(csv_file(*GOOD), ha_noi_staff)
    assert (run.state, run.rows_created) == ("done", 2)
    decision = Initiative.objects.get(title="Sổ tay điện tử").decisions.get()
    assert (decision.action, decision.actor, decision.actor_role, decision.actor_unit) == (
        "submit", ha_noi_staff, "staff", tree["ha_noi"])


def test_province_staff_cannot_import_into_another_province(ha_noi_staff, programme):
    run = run_import(csv_file("P38-G0001,Tên,Tóm tắt,education,A,enterprise,2022-03-01,,,"), ha_noi_staff)
    assert [(e.column, e.message) for e in run.row_errors.all()] == [
        ("unit_code", "Đơn vị “P38-G0001” nằm ngoài phạm vi của bạn.")]
    assert not Initiative.objects.exists()


@pytest.mark.parametrize("status", ["verified", "approved"])
def test_staff_may_not_record_a_review_stage(ha_noi_staff, programme, status):
    run = run_import(csv_file(f"P01-U001-G0001,Tên,Tóm tắt,education,A,enterprise,2022-03-01,,,{status}"),
                     ha_noi_staff)
    assert [e.column for e in run.row_errors.all()] == ["status"]


def test_staff_upload_through_the_page_and_read_their_run(client, ha_noi_staff, programme,
                                                          django_capture_on_commit_callbacks):
    client.force_login(ha_noi_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("submissions:import"), {"file": csv_file(*GOOD), "mode": "all_or_nothing"})
    run = ImportRun.objects.get()
    assert response["Location"] == reverse("submissions:import_run", args=[run.pk])
    assert client.get(response["Location"]).context["run"].rows_created == 2


def test_another_provinces_staff_cannot_read_a_staff_run(client, ha_noi_staff, tree, programme):
    from accounts.tests.factories import UserFactory
    from unions.tests.factories import AppointmentFactory

    run = run_import(csv_file(*GOOD), ha_noi_staff)
    stranger = UserFactory(unit=None)
    AppointmentFactory(user=stranger, unit=tree["thanh_hoa"], role="staff")
    client.force_login(stranger)
    assert client.get(reverse("submissions:import_run", args=[run.pk])).status_code == 404


def test_staff_whose_appointment_was_revoked_no_longer_reads_their_run(client, ha_noi_staff, programme):
    from django.utils import timezone as tz

    from unions.models import Appointment

    run = run_import(csv_file(*GOOD), ha_noi_staff)
    Appointment.objects.filter(user=ha_noi_staff).update(revoked_at=tz.now())
    client.force_login(ha_noi_staff)
    assert client.get(reverse("submissions:import_run", args=[run.pk])).status_code == 404
    assert client.get(reverse("submissions:import")).status_code == 403


def test_staff_template_lists_the_grassroots_unions_of_their_subtree(client, ha_noi_staff):
    from openpyxl import load_workbook

    client.force_login(ha_noi_staff)
    book = load_workbook(io.BytesIO(client.get(reverse("submissions:import_template")).content))
    units = _listed(book, "Mã công đoàn cơ sở")
    assert units == ["P01-U001-G0001", "P01-U001-G0002"]


def test_staff_menu_offers_the_import_but_not_entry_on_behalf(client, ha_noi_staff):
    client.force_login(ha_noi_staff)
    html = client.get(reverse("reports:home"), follow=True).content.decode()
    assert f'href="{reverse("submissions:import")}"' in html
    assert f'href="{reverse("submissions:create_on_behalf")}"' not in html


def test_a_worker_may_not_import(client, tree):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory(unit=tree["school"]))
    assert client.get(reverse("submissions:import")).status_code == 403
