"""An archive from an earlier system: initiatives in every state after submission, with their
reason and comment, the author's position, and the figures they count toward."""

import datetime as dt
import io
import unicodedata

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from submissions.models import Initiative

from .test_imports import csv_file, run_import

ARCHIVE_HEADER = ("unit_code,title,summary,field,author_name,author_category,submitted_at,status,"
                  "holds_management_post,direct_production_worker,reason,comment\n")


def archive_row(title: str, status: str = "", positions: str = ",", reason: str = "", comment: str = "") -> str:
    return (f"P01-U001-G0001,{title},Tóm tắt,education,Đặng Thị Mai,enterprise,15/03/2022 08:30,{status},"
            f"{positions},{reason},{comment}")


def archive(*rows: str):
    return csv_file(*rows, header=ARCHIVE_HEADER)


def history(title: str) -> list[tuple[str, str, str, str]]:
    initiative = Initiative.objects.get(title=title)
    return list(initiative.decisions.order_by("id").values_list("action", "to_status", "reason", "comment"))


@pytest.mark.parametrize(("status", "reason", "comment", "expected"), [
    ("submitted", "", "", [("submit", "submitted")]),
    ("verified", "", "", [("submit", "submitted"), ("verify", "verified")]),
    ("approved", "", "", [("submit", "submitted"), ("verify", "verified"), ("approve", "approved")]),
    ("returned", "", "Thiếu bản vẽ", [("submit", "submitted"), ("return", "returned")]),
    ("rejected", "duplicate", "", [("submit", "submitted"), ("reject", "rejected")]),
    ("withdrawn", "", "", [("submit", "submitted"), ("withdraw", "withdrawn")]),
])
def test_an_archive_row_arrives_in_its_state_through_the_state_machines_decisions(upper, programme, status, reason,
                                                                                 comment, expected):
    run = run_import(archive(archive_row("Sổ giao ca", status, reason=reason, comment=comment)), upper)
    assert (run.state, run.rows_created) == ("done", 1), run.message
    assert Initiative.objects.get().status == status
    assert [(action, to) for action, to, _reason, _comment in history("Sổ giao ca")] == expected


def test_each_imported_decision_names_the_import_run_and_the_importer(upper, programme):
    run = run_import(archive(archive_row("Sổ giao ca", "approved")), upper)
    decisions = Initiative.objects.get().decisions.all()
    assert {(d.actor, d.actor_role, d.comment) for d in decisions} == {
        (upper, "officer", f"Nhập từ tệp (lần nhập số {run.pk})")}


def test_a_rejection_keeps_its_reason_and_comment_on_its_last_decision(upper, programme):
    run = run_import(archive(archive_row("Sổ giao ca", "Không được công nhận", reason="Lý do khác",
                                         comment="Đã áp dụng từ năm 2019")), upper)
    assert history("Sổ giao ca")[-1] == ("reject", "rejected", "other",
                                         f"Nhập từ tệp (lần nhập số {run.pk}): Đã áp dụng từ năm 2019")
    assert history("Sổ giao ca")[0][2:] == ("", f"Nhập từ tệp (lần nhập số {run.pk})")


def test_a_withdrawal_keeps_the_authors_words(upper, programme):
    run = run_import(archive(archive_row("Sổ giao ca", "Đã rút", comment="Tác giả chuyển công tác")), upper)
    assert history("Sổ giao ca")[-1] == ("withdraw", "withdrawn", "",
                                         f"Nhập từ tệp (lần nhập số {run.pk}): Tác giả chuyển công tác")


@pytest.mark.parametrize("label", [
    "Không được công nhận", "KHÔNG ĐƯỢC CÔNG NHẬN", "  không   được công nhận ",
    unicodedata.normalize("NFD", "Không được công nhận"), "rejected", "REJECTED",
])
def test_a_state_is_read_by_its_code_or_vietnamese_label_whatever_its_case_spaces_or_form(upper, programme, label):
    run = run_import(archive(archive_row("Sổ giao ca", label, reason=unicodedata.normalize("NFD", "TRÙNG LẶP"))),
                     upper)
    assert run.state == "done", run.message
    assert Initiative.objects.get().status == "rejected"
    assert history("Sổ giao ca")[-1][2] == "duplicate"


def test_a_field_and_category_are_read_by_their_vietnamese_labels_with_dd(upper, programme):
    row = ('P01-U001-G0001,Sổ giao ca,Tóm tắt,"GIÁO DỤC,  ĐÀO TẠO",Đặng Thị Mai,'
           f"{unicodedata.normalize('NFD', 'ĐOÀN VIÊN LÀ CÔNG NHÂN LAO ĐỘNG TRONG KHU VỰC DOANH NGHIỆP')},"
           "15/03/2022,,,,,")
    run = run_import(archive(row), upper)
    assert run.state == "done", run.message
    assert (Initiative.objects.get().field.code, Initiative.objects.get().category) == ("education", "enterprise")


@pytest.mark.parametrize(("status", "reason", "comment", "column", "words"), [
    ("draft", "", "", "status", "bản nháp"),
    ("Bản nháp", "", "", "status", "bản nháp"),
    ("archived", "", "", "status", "Trạng thái phải là một trong"),
    ("rejected", "", "", "reason", "phải có lý do"),
    ("rejected", "not a reason", "", "reason", "Lý do phải là một trong"),
    ("rejected", "other", "", "comment", "ghi rõ trong cột ý kiến"),
    ("approved", "duplicate", "", "reason", "để trống cột này"),
    ("returned", "incomplete", "Thiếu bản vẽ", "reason", "để trống cột này"),
    ("returned", "", "", "comment", "cần bổ sung những gì"),
    ("withdrawn", "Trùng lặp", "", "reason", "để trống cột này"),
])
def test_a_state_with_a_missing_wrong_or_misplaced_reason_is_refused_with_its_column(upper, programme, status, reason,
                                                                                    comment, column, words):
    run = run_import(archive(archive_row("Sổ giao ca", status, reason=reason, comment=comment)), upper)
    assert run.state == "refused"
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(2, column)]
    assert words in run.row_errors.get().message
    assert not Initiative.objects.exists()


def test_a_comment_longer_than_a_decision_holds_is_refused(upper, programme):
    run = run_import(archive(archive_row("Sổ giao ca", "returned", comment="a" * 4001)), upper)
    assert [(e.column, e.message) for e in run.row_errors.all()] == [("comment", "Dài quá 4.000 ký tự.")]


def test_recording_a_rejection_needs_the_right_to_decide(programme, ha_noi_staff):
    run = run_import(archive(archive_row("Sổ giao ca", "rejected", reason="duplicate")), ha_noi_staff)
    assert [(e.column, e.message) for e in run.row_errors.all()] == [
        ("status", "Bạn không có quyền ghi nhận trạng thái này cho đơn vị này.")]


def test_a_staff_member_may_record_a_withdrawal(programme, ha_noi_staff):
    run = run_import(archive(archive_row("Sổ giao ca", "withdrawn")), ha_noi_staff)
    assert (run.state, Initiative.objects.get().status) == ("done", "withdrawn")


@pytest.mark.parametrize(("cells", "expected"), [
    ("có,không", (True, False)), ("Có,KHÔNG", (True, False)), ("x,", (True, False)), (",x", (False, True)),
    ("1,0", (True, False)), ("true,false", (True, False)), ("yes,no", (True, False)), (",", (False, False)),
    (f"{unicodedata.normalize('NFD', 'không')},{unicodedata.normalize('NFD', 'Có')}", (False, True)),
])
def test_the_authors_position_is_read_from_yes_or_no_cells(upper, programme, cells, expected):
    run = run_import(archive(archive_row("Sổ giao ca", "submitted", positions=cells)), upper)
    assert run.state == "done", run.message
    initiative = Initiative.objects.get()
    assert (initiative.holds_management_post, initiative.is_direct_production_worker) == expected


def test_a_position_cell_that_is_neither_yes_nor_no_is_refused(upper, programme):
    run = run_import(archive(archive_row("Sổ giao ca", "submitted", positions="trưởng phòng,")), upper)
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(2, "holds_management_post")]


def test_an_xlsx_true_or_false_cell_is_a_position(upper, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(ARCHIVE_HEADER.strip().split(","))
    sheet.append(["P01-U001-G0001", "Sổ giao ca", "Tóm tắt", "education", "Đặng Thị Mai", "enterprise",
                  dt.datetime(2022, 3, 15, 8, 30), "submitted", False, True, None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    run = run_import(SimpleUploadedFile("sang-kien.xlsx", buffer.getvalue()), upper)
    assert run.state == "done", run.message
    initiative = Initiative.objects.get()
    assert (initiative.holds_management_post, initiative.is_direct_production_worker) == (False, True)


# --- the template -----------------------------------------------------------------------------------------------


def _template(client, user):
    client.force_login(user)
    return load_workbook(io.BytesIO(client.get(reverse("submissions:import_template")).content))


def _listed(book, header: str) -> list:
    rows = list(book["Danh mục"].iter_rows(values_only=True))
    index = rows[0].index(header)
    return [row[index] for row in rows[1:] if row[index] is not None]


def test_the_templates_lists_show_vietnamese_labels(client, upper, tree):
    book = _template(client, upper)
    assert _listed(book, "Trạng thái") == ["Đã gửi, chờ xác nhận", "Cơ sở đã xác nhận, chờ công nhận",
                                           "Đã được công nhận", "Trả lại để bổ sung", "Không được công nhận",
                                           "Đã rút"]
    assert _listed(book, "Lý do") == ["Trùng lặp", "Không phải sáng kiến", "Không đầy đủ", "Lý do khác"]
    assert _listed(book, "Có/không") == ["có", "không"]
    assert "Cán bộ công đoàn" in _listed(book, "Đối tượng")
    assert "Giáo dục, đào tạo" in _listed(book, "Lĩnh vực")


def test_each_list_column_of_the_template_has_its_drop_down(client, upper, tree):
    book = _template(client, upper)
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    lists = next(book["Danh mục"].iter_rows(max_row=1, values_only=True))
    sources = {}
    for validation in sheet.data_validations.dataValidation:
        column = headers[next(iter(validation.sqref.ranges)).min_col - 1]
        sources[column] = lists[ord(validation.formula1.split("!$")[1][0]) - ord("A")]
    assert sources == {"Lĩnh vực": "Lĩnh vực", "Đối tượng": "Đối tượng", "Trạng thái": "Trạng thái",
                       "Lý do": "Lý do", "Giữ chức vụ lãnh đạo, quản lý": "Có/không",
                       "Công nhân lao động trực tiếp sản xuất": "Có/không",
                       "Mã công đoàn cơ sở": "Mã công đoàn cơ sở"}


def test_the_templates_example_imports_as_it_is(client, upper, programme, tree):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    example = _template(client, upper)["Ví dụ"]
    book = Workbook()
    for row in example.iter_rows(values_only=True):
        book.active.append(["15/03/2022 08:30" if isinstance(v, str) and v[:2].isdigit() and "/" in v else v
                            for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    run = run_import(SimpleUploadedFile("vi-du.xlsx", buffer.getvalue()), upper)
    assert (run.state, run.rows_created) == ("done", 1), run.message
    initiative = Initiative.objects.get()
    assert (initiative.category, initiative.holds_management_post, initiative.is_direct_production_worker) == (
        "enterprise", False, True)


# --- encodings ------------------------------------------------------------------------------------------------


def test_a_windows_1258_csv_with_the_templates_headers_is_imported_in_nfc(upper, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from initiatives_portal.tests.legacy_text import cp1258
    from submissions.imports import HEADERS

    columns = ARCHIVE_HEADER.strip().split(",")
    text = (";".join(HEADERS[c] for c in columns) + "\r\n"
            + "P01-U001-G0001;Sổ giao ca điện tử;Tóm tắt;Giáo dục, đào tạo;Nguyễn Thị Huệ;Cán bộ công đoàn;"
              "15/03/2022 08:30;Không được công nhận;không;có;Trùng lặp;Đã có ở Bệnh viện Đống Đa\r\n")
    run = run_import(SimpleUploadedFile("sang-kien.csv", cp1258(text)), upper)
    assert (run.state, run.rows_created) == ("done", 1), run.message
    initiative = Initiative.objects.get()
    assert (initiative.title, initiative.author_name, initiative.status) == (
        "Sổ giao ca điện tử", "Nguyễn Thị Huệ", "rejected")
    assert history("Sổ giao ca điện tử")[-1][3].endswith(": Đã có ở Bệnh viện Đống Đa")


def test_a_tcvn3_csv_is_refused_before_anything_is_kept(upper, programme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from initiatives_portal.tabular import TableError
    from submissions import imports
    from submissions.models import ImportRun

    data = ARCHIVE_HEADER.encode() + b"P01-U001-G0001,S\xa5 tay,T\xb8m t\xb5t,education,Nguy\xd6n,enterprise,15/03/2022\n"
    with pytest.raises(TableError, match="TCVN3"):
        imports.import_run_create(upload=SimpleUploadedFile("sk.csv", data), mode="all_or_nothing", by=upper)
    assert not ImportRun.objects.exists()


# --- the error list as XLSX -------------------------------------------------------------------------------------


def _error_book(client, run):
    response = client.get(reverse("submissions:import_errors_xlsx", args=[run.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="loi-nhap-{run.pk}.xlsx"'
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)


def test_the_xlsx_error_list_gives_each_errors_line_column_header_and_message(client, upper, programme):
    run = run_import(archive(archive_row("Đúng", "submitted"),
                             archive_row("Thiếu lý do", "rejected", positions="có,chưa rõ"),
                             archive_row("Công thức", "approved", reason="=1+1")), upper)
    client.force_login(upper)
    rows = list(_error_book(client, run).worksheets[0].iter_rows(values_only=True))
    assert rows == [
        ("Dòng", "Cột", "Lỗi"),
        (3, "Lý do", rows[1][2]),
        (3, "Công nhân lao động trực tiếp sản xuất",
         "Ghi “có” hoặc “không” (hoặc x, 1/0, true/false, yes/no); để trống là không."),
        (4, "Lý do", "Ô có công thức; hãy dán giá trị (Paste Values) thay cho công thức."),
    ]
    assert rows[1][2].startswith("Sáng kiến “Không được công nhận” phải có lý do")


def test_the_page_of_a_run_with_errors_links_its_xlsx_error_list(client, upper, programme):
    run = run_import(archive(archive_row("Thiếu lý do", "rejected")), upper)
    client.force_login(upper)
    page = client.get(reverse("submissions:import_run", args=[run.pk])).content.decode()
    assert reverse("submissions:import_errors_xlsx", args=[run.pk]) in page


def test_the_xlsx_error_list_of_a_refused_file_says_why(client, upper, programme):
    from submissions.models import ImportRun

    run = run_import(archive(archive_row("Sổ", "submitted")), upper)
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.REFUSED, message="Tệp có dòng CSV hỏng.")
    client.force_login(upper)
    assert list(_error_book(client, run).worksheets[0].iter_rows(values_only=True))[1:] == [
        (None, None, "Tệp có dòng CSV hỏng.")]


def test_the_xlsx_error_list_says_when_it_was_cut_at_the_stored_limit(client, upper, programme, monkeypatch):
    from submissions import imports

    monkeypatch.setattr(imports, "MAX_STORED_ERRORS", 2)
    run = run_import(archive(*(archive_row(f"Sổ {n}", "rejected") for n in range(3))), upper)
    client.force_login(upper)
    rows = list(_error_book(client, run).worksheets[0].iter_rows(values_only=True))
    assert [row[0] for row in rows[1:3]] == [2, 3]
    assert rows[3][:2] == (None, None) and rows[3][2].startswith("Chỉ liệt kê 2 lỗi đầu tiên")


def test_an_unfinished_runs_xlsx_error_list_is_refused_with_an_explanation(client, upper, programme):
    from submissions import imports

    run = imports.import_run_create(upload=archive(archive_row("Sổ", "submitted")), mode="all_or_nothing", by=upper,
                                    enqueue=False)
    client.force_login(upper)
    response = client.get(reverse("submissions:import_errors_xlsx", args=[run.pk]))
    assert response.status_code == 409


def test_another_officer_gets_no_xlsx_error_list(client, upper, thanh_hoa_officer, programme):
    run = run_import(archive(archive_row("Thiếu lý do", "rejected")), upper)
    client.force_login(thanh_hoa_officer)
    assert client.get(reverse("submissions:import_errors_xlsx", args=[run.pk])).status_code == 404


@pytest.mark.parametrize(("cell", "local"), [
    ("15/03/22 08:30 sáng", "2022-03-15 08:30"), ("15/03/22 02:05 chiều", "2022-03-15 14:05"),
    ("15/03/22 12:05 SA", "2022-03-15 00:05"), ("15/03/22 12:05 CH", "2022-03-15 12:05"),
    ("15/03/22 08:30 PM", "2022-03-15 20:30"), ("15/03/22", "2022-03-15 00:00"),
])
def test_a_time_as_a_spreadsheet_writes_it_in_a_csv_is_read(upper, programme, cell, local):
    from django.utils import timezone

    row = archive_row("Sổ giao ca", "submitted").replace("15/03/2022 08:30", cell)
    assert run_import(archive(row), upper).state == "done"
    assert timezone.localtime(Initiative.objects.get().first_submitted_at).strftime("%Y-%m-%d %H:%M") == local


@pytest.mark.parametrize("cell", ["15/03/22 13:05 chiều", "15/03/22 00:30 sáng", "03/15/22 08:30 AM"])
def test_a_twelve_hour_time_that_names_no_moment_is_refused(upper, programme, cell):
    row = archive_row("Sổ giao ca", "submitted").replace("15/03/2022 08:30", cell)
    run = run_import(archive(row), upper)
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(2, "submitted_at")]
