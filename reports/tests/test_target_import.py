"""The import of unit targets: validation per line, atomicity, idempotence, CSV and XLSX files, the command."""

import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command
from openpyxl import Workbook

from campaign.models import UnitTarget
from reports.imports import TargetImportError, read_target_rows, targets_import


def row(unit_code, phase, target, **extra):
    return {"unit_code": unit_code, "phase": phase, "target": target, **extra}


def stored(unit, phase):
    target = UnitTarget.objects.get(unit=unit, phase=phase)
    return target.assigned, target.self_set


def messages_of(report):
    return [(error.line, error.message) for error in report.errors]


def xlsx_file(path, records):
    workbook = Workbook()
    sheet = workbook.active
    for record in records:
        sheet.append(record)
    workbook.save(path)
    return path


# --- the service --------------------------------------------------------------------------------


def test_import_creates_assigned_and_self_set_targets(tree):
    report = targets_import(rows=[
        row("P01", "phase-1", "52000"),
        row("P01", "overall", "60000", self_set="130000"),
    ])

    assert (report.ok, report.created, report.updated, report.unchanged) == (True, 2, 0, 0)
    assert stored(tree["ha_noi"], "phase-1") == (52000, None)
    assert stored(tree["ha_noi"], "overall") == (60000, 130000)


def test_importing_the_same_rows_again_changes_nothing(tree):
    rows = [row("P01", "phase-1", "52000"), row("P38", "overall", "600000", self_set="650000")]
    targets_import(rows=rows)

    report = targets_import(rows=rows)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    assert UnitTarget.objects.count() == 2


def test_changed_target_updates_the_existing_row(tree):
    targets_import(rows=[row("P01", "phase-1", "50000")])

    report = targets_import(rows=[row("P01", "phase-1", "52000")])

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert stored(tree["ha_noi"], "phase-1") == (52000, None)
    assert UnitTarget.objects.count() == 1


def test_file_without_self_set_column_keeps_the_stored_self_set(tree):
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="overall", assigned=60000, self_set=130000)

    report = targets_import(rows=[row("P01", "overall", "70000")])

    assert report.updated == 1
    assert stored(tree["ha_noi"], "overall") == (70000, 130000)


def test_blank_self_set_cell_clears_the_stored_self_set(tree):
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="overall", assigned=60000, self_set=130000)

    targets_import(rows=[row("P01", "overall", "60000", self_set="")])

    assert stored(tree["ha_noi"], "overall") == (60000, None)


def test_unknown_unit_is_refused_with_its_line(tree):
    report = targets_import(rows=[row("P01", "phase-1", "52000"), row("P99", "phase-1", "1000")])

    assert messages_of(report) == [(3, "Không tìm thấy đơn vị có mã P99.")]


def test_bad_phase_is_refused(tree):
    report = targets_import(rows=[row("P01", "giai-doan-3", "52000")])

    assert messages_of(report) == [
        (2, "Giai đoạn “giai-doan-3” không hợp lệ; chọn một trong: phase-1, phase-2, overall.")
    ]


@pytest.mark.parametrize("value", ["12.5", "abc", 12.5, "1e3x", ""])
def test_target_that_is_not_a_whole_number_is_refused(tree, value):
    report = targets_import(rows=[row("P01", "phase-1", value)])

    assert not report.ok
    assert UnitTarget.objects.count() == 0


def test_non_integer_target_message_names_the_value(tree):
    report = targets_import(rows=[row("P01", "phase-1", "12,5")])

    assert messages_of(report) == [(2, "Chỉ tiêu “12,5” phải là một số nguyên.")]


def test_negative_target_is_refused(tree):
    report = targets_import(rows=[row("P01", "phase-1", "-5")])

    assert messages_of(report) == [(2, "Chỉ tiêu “-5” không được là số âm.")]


def test_self_set_lower_than_assigned_is_refused(tree):
    report = targets_import(rows=[row("P01", "overall", "60000", self_set="50000")])

    assert messages_of(report) == [
        (2, "Chỉ tiêu tự đặt (50.000) không được thấp hơn chỉ tiêu được giao (60.000).")
    ]


def test_same_unit_and_phase_twice_is_refused_naming_the_first_line(tree):
    report = targets_import(rows=[row("P01", "phase-1", "52000"), row("P01", "phase-1", "53000")])

    assert messages_of(report) == [(3, "Chỉ tiêu của đơn vị P01 cho “phase-1” trùng với dòng 2.")]


def test_one_bad_row_means_nothing_is_written(tree):
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="phase-1", assigned=50000)

    report = targets_import(rows=[
        row("P01", "phase-1", "52000"),
        row("P38", "phase-1", "100000"),
        row("P99", "phase-1", "1000"),
    ])

    assert not report.ok and report.created == report.updated == 0
    assert stored(tree["ha_noi"], "phase-1") == (50000, None)
    assert not UnitTarget.objects.filter(unit=tree["thanh_hoa"]).exists()


def test_every_bad_row_is_reported_in_line_order(tree):
    report = targets_import(rows=[
        row("P99", "phase-1", "1"),
        row("P01", "bad", "1"),
        row("P38", "phase-1", "-1"),
    ])

    assert [line for line, _message in messages_of(report)] == [2, 3, 4]


def test_stored_self_set_below_a_new_assigned_target_is_refused(tree):
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="overall", assigned=60000, self_set=130000)

    report = targets_import(rows=[row("P01", "overall", "140000")])

    assert messages_of(report) == [
        (2, "Chỉ tiêu tự đặt hiện có (130.000) thấp hơn chỉ tiêu được giao mới (140.000): "
            "thêm cột self_set với chỉ tiêu tự đặt mới.")
    ]
    assert stored(tree["ha_noi"], "overall") == (60000, 130000)


def test_blank_rows_are_skipped_and_line_numbers_still_match_the_file(tree):
    report = targets_import(rows=[row("", "", ""), row("P99", "phase-1", "1")])

    assert messages_of(report) == [(3, "Không tìm thấy đơn vị có mã P99.")]


@pytest.mark.parametrize(("cell", "expected"), [("52.000", 52000), ("52 000", 52000), (" 52000 ", 52000),
                                                 (52000.0, 52000), (52000, 52000), ("1.000.000", 1_000_000)])
def test_targets_written_as_spreadsheets_write_them_are_accepted(tree, cell, expected):
    targets_import(rows=[row("P01", "phase-1", cell)])

    assert stored(tree["ha_noi"], "phase-1") == (expected, None)


def test_phase_code_is_matched_without_regard_to_case(tree):
    targets_import(rows=[row("P01", "Phase-1", "52000")])

    assert stored(tree["ha_noi"], "phase-1") == (52000, None)


# --- reading files ------------------------------------------------------------------------------


def test_csv_with_bom_is_read(tree):
    data = "\ufeffunit_code,phase,target\nP01,phase-1,52000\n".encode()

    assert read_target_rows(io.BytesIO(data)) == [{"unit_code": "P01", "phase": "phase-1", "target": "52000"}]


def test_csv_without_bom_and_with_self_set_column_is_read(tree):
    data = b"Unit_Code,Phase,Target,Self_Set\nP01,overall,60000,130000\n"

    rows = read_target_rows(io.BytesIO(data))

    assert rows == [{"unit_code": "P01", "phase": "overall", "target": "60000", "self_set": "130000"}]


def test_csv_missing_a_column_is_refused(tree):
    with pytest.raises(TargetImportError, match=r"thiếu cột: “Chỉ tiêu” \(target\)"):
        read_target_rows(io.BytesIO(b"unit_code,phase\nP01,phase-1\n"))


def test_csv_in_a_legacy_encoding_is_refused(tree):
    # "LĐLĐ" in TCVN3 (ABC), whose Đ is a byte Windows-1258 text never holds.
    with pytest.raises(TargetImportError, match="UTF-8"):
        read_target_rows(io.BytesIO(b"unit_code,phase,target\nL\xa7L\xa7,phase-1,1\n"))


def test_xlsx_with_the_same_headers_is_read(tree, tmp_path):
    path = xlsx_file(tmp_path / "chi-tieu.xlsx", [
        ["unit_code", "phase", "target", "self_set"],
        ["P01", "overall", 60000, 130000],
        [None, None, None, None],
        ["P38", "phase-1", 100000, None],
    ])

    rows = read_target_rows(path)

    assert rows[0] == {"unit_code": "P01", "phase": "overall", "target": 60000, "self_set": 130000}
    assert rows[2] == {"unit_code": "P38", "phase": "phase-1", "target": 100000, "self_set": None}


def test_file_that_is_not_a_valid_xlsx_is_refused(tree):
    with pytest.raises(TargetImportError, match="Excel"):
        read_target_rows(io.BytesIO(b"PK\x03\x04 not really a zip"))


# --- the command --------------------------------------------------------------------------------


def test_command_prints_created_updated_and_unchanged(tree, tmp_path):
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="phase-1", assigned=50000)
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="overall", assigned=60000)
    path = tmp_path / "targets.csv"
    path.write_text("unit_code,phase,target\nP01,phase-1,52000\nP01,overall,60000\nP38,phase-1,100000\n")
    out = io.StringIO()

    call_command("import_targets", str(path), stdout=out)

    assert "Đã nhập chỉ tiêu: 1 mới, 1 cập nhật, 1 không đổi." in out.getvalue()


def test_command_imports_an_xlsx_file(tree, tmp_path):
    path = xlsx_file(tmp_path / "targets.xlsx", [["unit_code", "phase", "target"], ["P38", "overall", 600000]])

    call_command("import_targets", str(path), stdout=io.StringIO())

    assert stored(tree["thanh_hoa"], "overall") == (600000, None)


def test_command_prints_each_error_and_fails(tree, tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("unit_code,phase,target\nP01,phase-1,52000\nP99,phase-1,1\n")
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 lỗi"):
        call_command("import_targets", str(path), stdout=io.StringIO(), stderr=err)

    assert "Dòng 3 (P99): Không tìm thấy đơn vị có mã P99." in err.getvalue()
    assert UnitTarget.objects.count() == 0


def test_command_exits_with_non_zero_status_on_errors(tree, tmp_path, capsys):
    path = tmp_path / "targets.csv"
    path.write_text("unit_code,phase,target\nP01,phase-9,1\n")

    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "import_targets", str(path)]).execute()

    assert exit_info.value.code == 1
    assert "phase-9" in capsys.readouterr().err


def test_command_reports_a_missing_file(tree, tmp_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        call_command("import_targets", str(tmp_path / "none.csv"))


def test_csv_in_windows_1258_is_read(tree):
    from initiatives_portal.tests.legacy_text import cp1258

    rows = read_target_rows(io.BytesIO(cp1258("unit_code;phase;target\r\nLĐLĐ-Huế;overall;60000\r\n")))
    assert [(r["unit_code"], r["phase"], r["target"]) for r in rows] == [("LĐLĐ-Huế", "overall", "60000")]


# --- files saved by LibreOffice Calc (tests/fixtures, see its README) ------------------------------------------


@pytest.mark.parametrize("name", ["chi-tieu.xlsx", "chi-tieu-libreoffice.csv"])
def test_a_target_list_saved_by_libreoffice_is_imported(tree, name):
    import os

    path = os.path.join(os.path.dirname(__file__), "fixtures", name)
    report = targets_import(rows=read_target_rows(path))
    assert report.ok, report.errors
    assert (stored(tree["ha_noi"], "phase-1"), stored(tree["ha_noi"], "overall")) == ((52_000, None), (60_000, None))
