import io

import pytest
from django.core.management import CommandError, call_command

from unions.enums import UnitKind
from unions.models import Unit
from unions.services import UnitImportError, read_units_file, units_import

pytestmark = pytest.mark.django_db


def row(code, name, parent_code, kind):
    return {"code": code, "name": name, "parent_code": parent_code, "kind": kind}


TOP = [
    row("TLD", "Tổng Liên đoàn Lao động Việt Nam", "", "federation"),
    row("P01", "LĐLĐ thành phố Hà Nội", "TLD", "province"),
    row("P38", "LĐLĐ tỉnh Thanh Hóa", "TLD", "province"),
]


def unit(code):
    return Unit.objects.get(code=code)


def parent_of(code):
    return Unit.objects.get_parent(unit(code))


def test_units_listed_before_their_parents_are_placed_under_them():
    rows = [
        row("P01-U001-G0001", "Công đoàn Trường THPT Nguyễn Trãi", "P01-U001", "grassroots"),
        row("P01-U001", "Liên đoàn Lao động quận Ba Đình", "P01", "upper"),
        *reversed(TOP),
    ]

    report = units_import(rows=rows)

    assert report.ok and report.created == 5
    assert parent_of("P01-U001-G0001") == unit("P01-U001")
    assert parent_of("P01-U001") == unit("P01")
    assert parent_of("P01") == unit("TLD")


def test_imported_tree_has_right_depths_and_child_counts():
    units_import(rows=[*TOP, row("P01-G0001", "Công đoàn Báo Hà Nội", "P01", "grassroots")])

    assert [unit(code).depth for code in ("TLD", "P01", "P01-G0001")] == [1, 2, 3]
    assert [unit(code).numchild for code in ("TLD", "P01", "P38", "P01-G0001")] == [2, 1, 0, 0]
    assert all(not problems for problems in Unit.objects.find_problems())


def test_an_imported_name_that_grows_when_folded_is_saved_whole():
    name = "각" * 250 + " Nam"
    report = units_import(rows=[*TOP, row("P01-G0001", name, "P01", "grassroots")])

    assert report.ok
    assert unit("P01-G0001").search_name.endswith(" nam p01-g0001")


def test_imported_units_get_their_search_name():
    units_import(rows=TOP)

    assert unit("P38").search_name == "ldld tinh thanh hoa p38"


def test_new_units_follow_the_existing_children_of_their_parent():
    units_import(rows=TOP)
    added_by_treebeard = Unit.objects.add_child(
        unit("P01"), create_kwargs={"code": "P01-G0001", "name": "Công đoàn Báo Hà Nội", "kind": "grassroots"}
    )

    units_import(rows=[row("P01-G0002", "Công đoàn Đài Phát thanh và Truyền hình Hà Nội", "P01", "grassroots")])

    assert unit("P01-G0002").path > added_by_treebeard.path
    assert unit("P01").numchild == 2
    assert all(not problems for problems in Unit.objects.find_problems())


def test_treebeard_can_add_after_an_import():
    units_import(rows=TOP)

    added = Unit.objects.add_child(
        unit("TLD"), create_kwargs={"code": "S01", "name": "Công đoàn Giáo dục Việt Nam", "kind": "sector"}
    )

    assert Unit.objects.get_parent(added) == unit("TLD")
    assert unit("TLD").numchild == 3


def test_existing_unit_gets_its_name_and_kind_updated():
    units_import(rows=[*TOP, row("P01-U001", "Công đoàn cũ", "P01", "grassroots")])

    report = units_import(rows=[row("P01-U001", "Công đoàn viên chức quận Ba Đình", "P01", "upper")])

    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    changed = unit("P01-U001")
    assert (changed.name, changed.kind) == ("Công đoàn viên chức quận Ba Đình", UnitKind.UPPER)
    assert changed.search_name == "cong doan vien chuc quan ba dinh p01-u001"


def test_second_import_of_the_same_rows_changes_nothing():
    units_import(rows=TOP)
    paths = dict(Unit.objects.values_list("code", "path"))

    report = units_import(rows=TOP)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert dict(Unit.objects.values_list("code", "path")) == paths


def test_unknown_parent_is_refused_with_its_line():
    report = units_import(rows=[*TOP, row("P99-G0001", "Công đoàn Công ty X", "P99", "grassroots")])

    assert not report.ok
    [error] = report.errors
    assert (error.line, error.code) == (5, "P99-G0001")
    assert "P99" in error.message


def test_cycle_of_parents_is_refused_on_every_row_of_the_cycle():
    report = units_import(rows=[*TOP, row("A", "Công đoàn A", "B", "upper"), row("B", "Công đoàn B", "A", "upper")])

    assert [(error.code, "vòng lặp" in error.message) for error in report.errors] == [("A", True), ("B", True)]


def test_unit_that_is_its_own_parent_is_refused():
    report = units_import(rows=[*TOP, row("A", "Công đoàn A", "A", "upper")])

    assert [error.code for error in report.errors] == ["A"]


def test_unknown_kind_is_refused():
    report = units_import(rows=[*TOP, row("P01-U001", "Công đoàn X", "P01", "district")])

    assert [error.code for error in report.errors] == ["P01-U001"]
    assert "district" in report.errors[0].message


def test_code_with_spaces_or_accents_is_refused():
    report = units_import(rows=[*TOP, row("P01 U001", "Công đoàn X", "P01", "upper"), row("Đ1", "Y", "P01", "upper")])

    assert [error.code for error in report.errors] == ["P01 U001", "Đ1"]


def test_duplicate_code_is_refused():
    report = units_import(rows=[*TOP, row("P01", "LĐLĐ Hà Nội (trùng)", "TLD", "province")])

    assert [(error.line, error.code) for error in report.errors] == [(5, "P01")]


def test_grassroots_union_cannot_have_units_under_it():
    report = units_import(
        rows=[
            *TOP,
            row("P01-G0001", "Công đoàn Công ty X", "P01", "grassroots"),
            row("P01-G0001-X", "Tổ công đoàn", "P01-G0001", "grassroots"),
        ]
    )

    assert [error.code for error in report.errors] == ["P01-G0001-X"]


def test_only_the_federation_may_have_no_parent():
    report = units_import(rows=[row("P01", "LĐLĐ thành phố Hà Nội", "", "province")])

    assert [error.code for error in report.errors] == ["P01"]


def test_moving_a_unit_to_another_parent_is_refused():
    units_import(rows=[*TOP, row("X-G0001", "Công đoàn Công ty X", "P01", "grassroots")])

    report = units_import(rows=[row("X-G0001", "Công đoàn Công ty X", "P38", "grassroots")])

    assert [error.code for error in report.errors] == ["X-G0001"]
    assert parent_of("X-G0001") == unit("P01")


def test_nothing_is_written_when_any_row_is_invalid():
    units_import(rows=TOP)

    report = units_import(
        rows=[
            row("P01", "LĐLĐ Thủ đô Hà Nội", "TLD", "province"),
            row("P01-G0001", "Công đoàn Báo Hà Nội", "P01", "grassroots"),
            row("P02", "LĐLĐ tỉnh Hà Giang", "TLD", "prefecture"),
        ]
    )

    assert not report.ok and (report.created, report.updated) == (0, 0)
    assert Unit.objects.count() == 3
    assert unit("P01").name == "LĐLĐ thành phố Hà Nội"


def test_blank_rows_are_skipped_but_keep_line_numbers():
    blank = row("", "", "", "")
    report = units_import(rows=[*TOP, blank, row("X", "Công đoàn X", "NOPE", "upper")])

    assert [(error.line, error.code) for error in report.errors] == [(6, "X")]


def test_csv_with_byte_order_mark_is_read():
    data = "\ufeffcode,name,parent_code,kind\r\nTLD,Tổng Liên đoàn Lao động Việt Nam,,federation\r\n".encode()

    assert read_units_file(io.BytesIO(data)) == [TOP[0]]


def test_csv_columns_may_come_in_any_order_and_case():
    data = "Kind,Code,Parent_Code,Name\nprovince,P01,TLD,LĐLĐ thành phố Hà Nội\n".encode()

    assert read_units_file(io.BytesIO(data)) == [TOP[1]]


def test_csv_not_in_utf8_is_refused():
    data = "code,name,parent_code,kind\nP17,Hòa Bình,TLD,province\n".encode("latin-1")

    with pytest.raises(UnitImportError):
        read_units_file(io.BytesIO(data))


def test_csv_without_a_required_column_is_refused():
    with pytest.raises(UnitImportError, match="parent_code"):
        read_units_file(io.BytesIO(b"code,name,kind\nTLD,T,federation\n"))


def test_bundled_2022_list_imports_as_federation_provinces_and_sectors(tmp_path):
    call_command("import_units", "unions/data/units_2022.csv", stdout=io.StringIO())

    kinds = list(Unit.objects.values_list("kind", flat=True))
    assert (kinds.count("federation"), kinds.count("province"), kinds.count("sector")) == (1, 63, 20)
    assert unit("P38").name == "LĐLĐ tỉnh Thanh Hóa"


def test_command_prints_the_summary():
    out = io.StringIO()

    call_command("import_units", "unions/data/units_2022.csv", stdout=out)

    assert "84 mới" in out.getvalue()


def test_command_prints_row_errors_and_fails(tmp_path):
    source = tmp_path / "units.csv"
    source.write_text("code,name,parent_code,kind\nP01,LĐLĐ thành phố Hà Nội,TLD,province\n", encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_units", str(source), stderr=err)

    assert "Dòng 2 (P01)" in err.getvalue()
    assert not Unit.objects.exists()


def test_units_are_read_from_xlsx_too():
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["code", "name", "parent_code", "kind"])
    sheet.append(["TLD", "Tổng Liên đoàn Lao động Việt Nam", None, "federation"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    assert read_units_file(buffer) == [
        {"code": "TLD", "name": "Tổng Liên đoàn Lao động Việt Nam", "parent_code": "", "kind": "federation"}
    ]


# --- files saved by LibreOffice Calc (tests/fixtures, see its README) ------------------------------------------


@pytest.mark.parametrize("name", ["don-vi.xlsx", "don-vi-libreoffice.csv"])
def test_a_unit_list_saved_by_libreoffice_is_imported(name):
    import os

    units_import(rows=TOP[:1])
    path = os.path.join(os.path.dirname(__file__), "fixtures", name)
    report = units_import(rows=read_units_file(path))
    assert report.ok, report.errors
    assert (unit("P46-U001-G0001").name, parent_of("P46-U001-G0001").code, unit("P46").kind) == (
        "Công đoàn Bệnh viện Trung ương Huế", "P46-U001", "province")
