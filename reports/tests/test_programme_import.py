"""The programme import: one file sets up the programme and its phases, all or nothing, idempotently."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from campaign.models import Phase, Programme, UnitTarget
from reports.programme_imports import programme_import, read_programme_rows

GOOD = (
    "phase,name,starts_on,ends_on,target\n"
    "overall,1 triệu sáng kiến,08/01/2022,01/09/2023,1.000.000\n"
    "phase-1,Giai đoạn 1,08/01/2022,31/05/2022,300.000\n"
    "phase-2,Giai đoạn 2,2022-06-01,2023-09-01,700000\n"
)
VIETNAMESE = (
    "Mã giai đoạn;Tên;Từ ngày;Đến hết ngày;Chỉ tiêu\n"
    "overall;1 triệu sáng kiến;08/01/2022;01/09/2023;1.000.000\n"
    "phase-1;Giai đoạn 1;08/01/2022;31/05/2022;300.000\n"
)


def _import(text, **kwargs):
    return programme_import(rows=read_programme_rows(io.BytesIO(text.encode("utf-8"))), **kwargs)


def _messages(report):
    return " | ".join(error.message for error in report.errors)


def _submitted(worker, day, phase):
    from submissions.tests.factories import InitiativeFactory

    moment = dt.datetime.combine(day, dt.time(9), tzinfo=dt.timezone(dt.timedelta(hours=7)))
    return InitiativeFactory(submitter=worker, status="submitted", first_submitted_at=moment, submitted_on=day,
                             phase=phase)


def _write(tmp_path, text, name="programme.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.django_db
def test_good_csv_creates_programme_and_phases():
    report = _import(GOOD)
    assert (report.ok, report.created, report.updated) == (True, 3, 0)
    programme = Programme.objects.get()
    assert (programme.name, programme.starts_on, programme.ends_on, programme.target) == (
        "1 triệu sáng kiến", dt.date(2022, 1, 8), dt.date(2023, 9, 1), 1_000_000)
    assert list(programme.phases.values_list("code", "starts_on", "ends_on", "target")) == [
        ("phase-1", dt.date(2022, 1, 8), dt.date(2022, 5, 31), 300_000),
        ("phase-2", dt.date(2022, 6, 1), dt.date(2023, 9, 1), 700_000),
    ]


@pytest.mark.django_db
def test_semicolon_csv_with_vietnamese_headers_is_read():
    report = _import(VIETNAMESE)
    assert report.ok and Phase.objects.get().target == 300_000


@pytest.mark.django_db
def test_good_xlsx_with_date_cells_creates_the_phases():
    book = Workbook()
    sheet = book.active
    sheet.append(["Mã giai đoạn", "Tên", "Từ ngày", "Đến hết ngày", "Chỉ tiêu"])
    sheet.append(["overall", "1 triệu sáng kiến", dt.datetime(2022, 1, 8), dt.datetime(2023, 9, 1), 1_000_000])
    sheet.append(["phase-1", "Giai đoạn 1", dt.datetime(2022, 1, 8), "31/05/2022", 300_000])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    report = programme_import(rows=read_programme_rows(buffer))
    assert report.ok, _messages(report)
    assert Phase.objects.get().ends_on == dt.date(2022, 5, 31)
    assert Programme.objects.get().ends_on == dt.date(2023, 9, 1)


@pytest.mark.django_db
def test_same_file_twice_changes_nothing():
    _import(GOOD)
    report = _import(GOOD)
    assert (report.ok, report.created, report.updated, report.unchanged, report.changes) == (True, 0, 0, 3, [])
    assert Programme.objects.count() == 1 and Phase.objects.count() == 2


@pytest.mark.django_db
def test_amended_file_updates_existing_codes_and_words_old_to_new(programme):
    report = _import(GOOD.replace("Giai đoạn 1,08/01/2022,31/05/2022,300.000", "GĐ 1,08/01/2022,30/05/2022,350.000"))
    assert (report.ok, report.created, report.updated, report.unchanged) == (True, 0, 1, 2)
    phase = Phase.objects.get(code="phase-1")
    assert (phase.name, phase.ends_on, phase.target, phase.programme_id) == ("GĐ 1", dt.date(2022, 5, 30), 350_000,
                                                                            programme.pk)
    assert "phase-1, chỉ tiêu: 300.000 → 350.000" in report.changes
    assert "phase-1, đến hết ngày: 31/05/2022 → 30/05/2022" in report.changes


@pytest.mark.django_db
def test_moved_phase_days_give_initiatives_the_phase_their_day_now_falls_in(programme, worker):
    phase_2 = Phase.objects.get(code="phase-2")
    moved = _submitted(worker, dt.date(2022, 6, 1), phase_2)
    kept = _submitted(worker, dt.date(2022, 7, 1), phase_2)
    amended = GOOD.replace("31/05/2022", "01/06/2022").replace("2022-06-01", "2022-06-02")
    assert _import(amended).ok
    moved.refresh_from_db()
    kept.refresh_from_db()
    assert (moved.phase.code, kept.phase.code) == ("phase-1", "phase-2")


@pytest.mark.django_db
def test_dry_run_reports_and_writes_nothing():
    report = _import(GOOD, dry_run=True)
    assert (report.ok, report.created) == (True, 3)
    assert not Programme.objects.exists() and not Phase.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOOD.replace("08/01/2022,31/05/2022", "08/01/2022,31/02/2022"),
         "Dòng 3, cột “Đến hết ngày” (ends_on): “31/02/2022” không phải một ngày có thật"),
        (GOOD.replace("08/01/2022,31/05/2022", "31/05/2022,08/01/2022"),
         "Dòng 3, cột “Đến hết ngày” (ends_on): Ngày kết thúc 08/01/2022 trước ngày bắt đầu 31/05/2022."),
        (GOOD.replace("2022-06-01,2023-09-01", "2022-06-01,2023-09-02"),
         "Dòng 4: giai đoạn phase-2 (01/06/2022–02/09/2023) phải nằm trong thời gian của chương trình"),
        (GOOD.replace("2022-06-01", "2022-05-31"),
         "Dòng 4: giai đoạn phase-2 bắt đầu 31/05/2022, trước khi giai đoạn phase-1 (dòng 3) kết thúc 31/05/2022"),
        (GOOD.replace("300.000", "0"), "Dòng 3, cột “Chỉ tiêu” (target): Chỉ tiêu phải lớn hơn 0."),
        (GOOD.replace("300.000", "-5"), "Dòng 3, cột “Chỉ tiêu” (target): Chỉ tiêu “-5” không được là số âm."),
        (GOOD.replace("300.000", "3.5"), "Dòng 3, cột “Chỉ tiêu” (target): Chỉ tiêu “3.5” phải là một số nguyên."),
        (GOOD.replace("phase-2,", "phase-1,"), "Dòng 4: mã phase-1 trùng với dòng 3."),
        (GOOD.replace("phase-2,", "phase-9,"), "Dòng 4, cột “Mã giai đoạn” (phase): Mã “phase-9” không hợp lệ"),
        (GOOD.replace("overall,1 triệu sáng kiến", "phase-3,1 triệu sáng kiến"), "Mã “phase-3” không hợp lệ"),
        (GOOD.replace("overall,", "phase-1,").replace("phase-1,Giai", "x,Giai"), "Thiếu dòng “overall”"),
        (GOOD.replace(",Giai đoạn 1,", ",,"), "Dòng 3, cột “Tên” (name): Thiếu tên."),
    ],
    ids=["unreal-day", "ends-before-start", "outside-programme", "overlap", "zero-target", "negative",
         "not-whole", "duplicate-code", "unknown-code", "overall-missing-bad-code", "overall-missing", "no-name"],
)
@pytest.mark.django_db
def test_bad_file_is_refused_naming_line_and_column_and_writes_nothing(text, expected):
    report = _import(text)
    assert not report.ok
    assert expected in _messages(report)
    assert not Programme.objects.exists() and not Phase.objects.exists()


@pytest.mark.django_db
def test_phase_left_out_is_removed_when_nothing_belongs_to_it(programme):
    report = _import("\n".join(GOOD.splitlines()[:3]) + "\n")
    assert (report.ok, report.deleted) == (True, 1)
    assert list(Phase.objects.values_list("code", flat=True)) == ["phase-1"]


@pytest.mark.django_db
def test_phase_with_initiatives_is_not_removed_and_nothing_is_written(programme, worker):
    _submitted(worker, dt.date(2022, 7, 1), Phase.objects.get(code="phase-2"))
    report = _import("\n".join(GOOD.splitlines()[:3]).replace("300.000", "1") + "\n")
    assert "Giai đoạn phase-2 đã có sáng kiến nên không thể xóa" in _messages(report)
    assert Phase.objects.count() == 2 and Phase.objects.get(code="phase-1").target == 300_000


@pytest.mark.django_db
def test_phase_with_unit_targets_is_not_removed(programme, tree):
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="phase-2", assigned=10)
    report = _import("\n".join(GOOD.splitlines()[:3]) + "\n")
    assert "Giai đoạn phase-2 đã có chỉ tiêu đơn vị" in _messages(report)
    assert Phase.objects.count() == 2


@pytest.mark.django_db
def test_unreadable_file_raises_the_readers_message():
    from reports.programme_imports import ProgrammeImportError

    with pytest.raises(ProgrammeImportError, match="thiếu cột"):
        read_programme_rows(io.BytesIO(b"phase,name\noverall,x\n"))


# --- the command --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_prints_what_it_created(tmp_path, capsys):
    call_command("import_programme", _write(tmp_path, GOOD))
    out = capsys.readouterr().out
    assert "Thêm giai đoạn phase-1 “Giai đoạn 1”, 08/01/2022–31/05/2022, chỉ tiêu 300.000." in out
    assert "3 mới, 0 cập nhật, 0 không đổi, 0 xóa." in out
    assert Phase.objects.count() == 2


@pytest.mark.django_db
def test_command_dry_run_writes_nothing(tmp_path, capsys):
    call_command("import_programme", _write(tmp_path, GOOD), "--dry-run")
    assert "Chạy thử, không ghi gì." in capsys.readouterr().out
    assert not Programme.objects.exists()


@pytest.mark.django_db
def test_command_bad_file_exits_with_status_1_printing_each_error(tmp_path, capsys):
    with pytest.raises(CommandError, match="1 lỗi") as raised:
        call_command("import_programme", _write(tmp_path, GOOD.replace("300.000", "0")))
    assert raised.value.returncode == 1
    assert "Dòng 3, cột “Chỉ tiêu” (target): Chỉ tiêu phải lớn hơn 0." in capsys.readouterr().err
    assert not Programme.objects.exists()


@pytest.mark.django_db
def test_command_unreadable_file_exits_with_status_1(tmp_path):
    with pytest.raises(CommandError, match="thiếu cột") as raised:
        call_command("import_programme", _write(tmp_path, "phase,name\noverall,x\n"))
    assert raised.value.returncode == 1


# --- the web import -----------------------------------------------------------------------------


def _upload(client, text):
    return client.post(reverse("tree_import"),
                       {"kind": "programme", "file": SimpleUploadedFile("p.csv", text.encode("utf-8"))})


@pytest.mark.django_db
def test_web_preview_lists_changes_then_apply_writes_them(client, federation_staff):
    client.force_login(federation_staff)
    preview = _upload(client, GOOD).context["preview"]
    assert (preview.ok, preview.created) == (True, 3)
    assert any("phase-2" in line for line in preview.changes)
    assert not Programme.objects.exists()
    client.post(reverse("tree_import"), {"kind": "programme", "token": preview.token, "apply": "1"})
    assert Phase.objects.count() == 2


@pytest.mark.django_db
def test_web_preview_of_bad_file_lists_errors(client, federation_staff):
    client.force_login(federation_staff)
    response = _upload(client, GOOD.replace("300.000", "0"))
    assert not response.context["preview"].ok
    assert "Chỉ tiêu phải lớn hơn 0." in response.content.decode()


@pytest.mark.django_db
def test_province_officer_gets_403_for_the_import_and_the_template(client, thanh_hoa_officer):
    client.force_login(thanh_hoa_officer)
    assert _upload(client, GOOD).status_code == 403
    assert client.get(reverse("programme_import_template")).status_code == 403
    assert not Programme.objects.exists()


@pytest.mark.django_db
def test_federation_staff_downloads_a_template_with_vietnamese_headers(client, federation_staff):
    client.force_login(federation_staff)
    response = client.get(reverse("tree_import"))
    assert response.status_code == 200 and reverse("programme_import_template") in response.content.decode()
    book = load_workbook(io.BytesIO(client.get(reverse("programme_import_template")).content))
    assert [cell.value for cell in book.worksheets[0][1]] == ["Mã giai đoạn", "Tên", "Từ ngày", "Đến hết ngày",
                                                             "Chỉ tiêu"]


@pytest.mark.django_db
def test_template_example_sheet_imports_as_the_2022_calendar(client, federation_staff):
    client.force_login(federation_staff)
    book = load_workbook(io.BytesIO(client.get(reverse("programme_import_template")).content))
    example = book.worksheets[1]
    rows = [dict(zip(("phase", "name", "starts_on", "ends_on", "target"), row, strict=True))
            for row in example.iter_rows(min_row=2, values_only=True)]
    report = programme_import(rows=rows)
    assert report.ok, _messages(report)
    assert Phase.objects.get(code="phase-1").ends_on == dt.date(2022, 5, 31)


# --- files saved by LibreOffice Calc (tests/fixtures, see its README) ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["chuong-trinh.xlsx", "chuong-trinh-libreoffice.csv"])
def test_a_programme_saved_by_libreoffice_is_imported(name):
    import os

    path = os.path.join(os.path.dirname(__file__), "fixtures", name)
    report = programme_import(rows=read_programme_rows(path))
    assert report.ok, _messages(report)
    programme = Programme.objects.get()
    assert (programme.name, programme.starts_on, programme.ends_on, programme.target) == (
        "Chương trình “1 triệu sáng kiến”", dt.date(2022, 1, 1), dt.date(2023, 8, 31), 1_000_000)
    assert list(programme.phases.values_list("code", "ends_on", "target")) == [
        ("phase-1", dt.date(2022, 5, 31), 700_000), ("phase-2", dt.date(2023, 8, 31), 300_000)]


@pytest.mark.django_db
def test_a_two_digit_year_that_names_no_day_is_refused():
    report = _import(GOOD.replace("31/05/2022", "31/02/22"))
    assert "“31/02/22” không phải một ngày có thật" in _messages(report)
