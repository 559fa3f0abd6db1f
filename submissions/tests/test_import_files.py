"""Hostile and odd import files: what reading them may cost, and that each is refused clearly, writing nothing."""

import datetime as dt
import io
import os
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from initiatives_portal.tabular import TableError, iter_table
from submissions import imports
from submissions.models import ImportRun, Initiative

from .packages import MACRO_SHEET_MAIN, MAIN, VBA, VBA_REL, cell, sheet_xml, xlsx
from .test_imports import GOOD, csv_file, run_import

COLUMNS = list(imports.REQUIRED)
ROW = ["P01-U001-G0001", "Tên", "Tóm tắt", "education", "A", "enterprise", "2022-03-01"]


def upload(data: bytes, name: str = "sang-kien.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def create(data: bytes, name: str = "sang-kien.xlsx") -> ImportRun:
    return imports.import_run_create(upload=upload(data, name), mode="all_or_nothing", by=None, enqueue=False)


def refused_at_upload(data: bytes, by, name: str = "sang-kien.xlsx") -> TableError:
    with pytest.raises(TableError) as caught:
        imports.import_run_create(upload=upload(data, name), mode="all_or_nothing", by=by, enqueue=False)
    assert not ImportRun.objects.exists()
    return caught.value


def shared_strings(strings, *, declared: int | None = None, tail: str = "") -> str:
    count = f' uniqueCount="{declared}"' if declared is not None else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}"{count}>'
            + "".join(f"<si><t>{s}</t></si>" for s in strings) + tail + "</sst>")


def header_by_shared_strings() -> str:
    """A sheet whose header row names the shared strings 0–6 (as Excel and LibreOffice save it)."""
    cells = "".join(f'<c r="{chr(65 + i)}1" t="s"><v>{i}</v></c>' for i in range(len(COLUMNS)))
    row = "".join(cell(f"{chr(65 + i)}2", v) for i, v in enumerate(ROW))
    return sheet_xml(raw_rows=f'<row r="1">{cells}</row><row r="2">{row}</row>')


def tiny_strings(count: int, *, declared: bool) -> bytes:
    """The defect's file: a header, then ``count`` one-letter shared strings, in a small zip."""
    strings = shared_strings(COLUMNS, declared=count if declared else None, tail="<si><t>a</t></si>" * count)
    return xlsx(header_by_shared_strings(), shared_strings=strings)


# --- what a workbook may cost -----------------------------------------------------------------------


def test_three_million_declared_tiny_shared_strings_are_refused_at_upload(upper, programme):
    data = tiny_strings(3_000_000, declared=True)
    assert len(data) < 400_000
    error = refused_at_upload(data, upper)
    assert "quá nhiều chuỗi" in str(error.message)


def test_tiny_shared_strings_beyond_the_limit_refuse_the_run_when_not_declared(upper, programme, settings):
    settings.XLSX_MAX_SHARED_STRINGS = 1000
    run = run_import(upload(tiny_strings(5000, declared=False)), upper)
    assert run.state == ImportRun.State.REFUSED
    assert "quá nhiều chuỗi" in run.message
    assert not Initiative.objects.exists()


def test_the_upload_check_parses_only_the_shared_strings_its_header_names(upper, programme):
    # Past the header's strings the part is broken: the upload does not read that far, the task does.
    strings = shared_strings(COLUMNS, tail="<si><t>a</t></si>" * 20_000 + "<si><t>a</si>")
    run = run_import(upload(xlsx(header_by_shared_strings(), shared_strings=strings)), upper)
    assert run.state == ImportRun.State.REFUSED
    assert "bị hỏng" in run.message


def test_a_shared_strings_part_beyond_its_limit_is_refused_at_upload(upper, programme, settings):
    settings.XLSX_MAX_SHARED_STRINGS_BYTES = 10_000
    error = refused_at_upload(tiny_strings(2000, declared=False), upper)
    assert "sharedStrings.xml" in str(error.message)


def test_a_styles_part_beyond_its_limit_is_refused_at_upload(upper, programme, settings):
    settings.XLSX_MAX_PART_BYTES = 50_000
    styles = (f'<styleSheet xmlns="{MAIN}"><cellXfs>' + '<xf numFmtId="0"/>' * 10_000 + "</cellXfs></styleSheet>")
    error = refused_at_upload(xlsx(sheet_xml([COLUMNS, ROW]), styles=styles), upper)
    assert "styles.xml" in str(error.message)


def test_more_cell_formats_than_the_limit_are_refused_at_upload(upper, programme, settings):
    settings.XLSX_MAX_STYLES = 100
    styles = (f'<styleSheet xmlns="{MAIN}"><cellXfs>' + '<xf numFmtId="0"/>' * 101 + "</cellXfs></styleSheet>")
    error = refused_at_upload(xlsx(sheet_xml([COLUMNS, ROW]), styles=styles), upper)
    assert "styles.xml" in str(error.message)


def test_a_part_declaring_less_than_it_holds_is_refused_not_read_beyond(upper, programme, settings):
    from .packages import declare_size

    settings.XLSX_MAX_SHARED_STRINGS_BYTES = 100_000
    data = tiny_strings(50_000, declared=False)  # some 850 kB of XML, declared as 1 kB
    error = refused_at_upload(declare_size(data, "xl/sharedStrings.xml", 1000), upper)
    assert "bị hỏng" in str(error.message)


def test_a_sheet_declaring_less_than_it_holds_refuses_the_run(upper, programme):
    from .packages import declare_size

    sheet = sheet_xml([COLUMNS, *[ROW[:1] + [f"Tên {n}"] + ROW[2:] for n in range(1500)]])  # past the header's read
    run = run_import(upload(declare_size(xlsx(sheet), "xl/worksheets/sheet1.xml", len(sheet) - 40)), upper)
    assert run.state == ImportRun.State.REFUSED
    assert not Initiative.objects.exists()


def test_a_part_holding_more_than_its_limit_is_cut_off_while_read(settings):
    """The counter, not the declared size, stops the reading: here the declared size is true but large."""
    from initiatives_portal.ooxml import Limits, PackageError, open_package

    data = xlsx(sheet_xml([COLUMNS, ROW]))
    package = open_package(io.BytesIO(data), Limits(max_parts=10, max_unzipped_bytes=10**6, max_part_bytes=10**6))
    with pytest.raises(PackageError, match="sheet1.xml"):
        list(package.chunks("xl/worksheets/sheet1.xml", 100))


def test_a_package_with_two_parts_of_one_name_is_refused(upper, programme):
    data = xlsx(sheet_xml([COLUMNS, ROW]))
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml([["x"]]))
    assert "bị hỏng" in str(refused_at_upload(buffer.getvalue(), upper).message)


def test_a_document_type_declaration_is_refused(upper, programme):
    sheet = sheet_xml([COLUMNS, ROW]).replace("?>", '?><!DOCTYPE x [<!ENTITY a "aaaaaaaa">]>', 1)
    assert "bị hỏng" in str(refused_at_upload(xlsx(sheet), upper).message)


def test_the_upload_estimates_the_rows_from_the_sheet_range(upper, programme):
    sheet = sheet_xml([COLUMNS, ROW]).replace("<sheetData>", '<dimension ref="A1:G2"/><sheetData>')
    assert create(xlsx(sheet)).rows_total == 1


def test_the_upload_is_stored_once_with_its_digest(db):
    import hashlib

    content = (imports.REQUIRED[0] + "," + ",".join(imports.REQUIRED[1:]) + "\n" + ",".join(ROW) + "\n").encode()
    run = create(content, "a.csv")
    with default_storage.open(run.file.name, "rb") as stored:
        assert stored.read() == content
    assert (run.sha256, run.rows_total) == (hashlib.sha256(content).hexdigest(), 1)


def _stored_imports() -> list[str]:
    root = default_storage.path("imports")
    return sorted(os.path.join(d, f) for d, _dirs, files in os.walk(root) for f in files)


def test_a_csv_that_is_not_utf8_past_its_header_is_refused_and_not_kept(upper, programme):
    content = ",".join(imports.REQUIRED).encode() + b"\n" + b"x" * 100_000 + b"\xff\xfe\n"
    before = _stored_imports()
    error = refused_at_upload(content, upper, "a.csv")
    assert "UTF-8" in str(error.message)
    assert _stored_imports() == before


# --- broken sheets, long cells ---------------------------------------------------------------------


def test_a_sheet_broken_in_its_header_is_refused_at_upload(upper, programme):
    sheet = sheet_xml([COLUMNS]).replace("</row>", "<row></sheetData>")
    assert "bị hỏng" in str(refused_at_upload(xlsx(sheet), upper).message)


@pytest.mark.parametrize("mode", ["all_or_nothing", "valid_rows"])
def test_a_sheet_broken_after_valid_rows_refuses_the_run_and_writes_nothing(upper, programme, mode):
    good = [ROW[:1] + [f"Tên {n}"] + ROW[2:] for n in range(1500)]  # more than a batch
    sheet = sheet_xml([COLUMNS, *good]).replace("</sheetData>", '<row r="9999"><c r="A9999"><v>1</c></row>'
                                                                "</sheetData>")
    run = run_import(upload(xlsx(sheet)), upper, mode=mode)
    assert run.state == ImportRun.State.REFUSED
    assert "bị hỏng" in run.message
    assert not Initiative.objects.exists()


def test_a_csv_cell_over_the_csv_module_limit_is_refused_by_line_and_column(upper, programme):
    import csv

    long_summary = "x" * (csv.field_size_limit() + 1)
    run = run_import(csv_file(GOOD[0], f"P01-U001-G0001,Tên,{long_summary},education,A,enterprise,2022-03-01,,,"),
                     upper)
    assert run.state == ImportRun.State.REFUSED
    assert "Dòng 3, cột 3" in run.message
    assert "131.072" in run.message
    assert not Initiative.objects.exists()


def test_a_quoted_csv_cell_over_the_limit_is_refused_by_its_column(upper, programme):
    import csv

    quoted = '"' + 'a""b' * (csv.field_size_limit() // 3 + 1) + '"'
    run = run_import(csv_file(f"P01-U001-G0001,{quoted},Tóm tắt,education,A,enterprise,2022-03-01,,,"), upper)
    assert "Dòng 2, cột 2" in run.message


# --- cells that are not text, numbers or dates -------------------------------------------------------


def _sheet_with_cell_b2(raw_cell: str) -> bytes:
    row = "".join(cell(f"{chr(65 + i)}2", v) for i, v in enumerate(ROW) if i != 1)
    header = "".join(cell(f"{chr(65 + i)}1", v) for i, v in enumerate(COLUMNS))
    return xlsx(sheet_xml(raw_rows=f'<row r="1">{header}</row><row r="2">{raw_cell}{row}</row>'))


def test_an_array_formula_is_refused_as_a_formula(upper, programme):
    run = run_import(upload(_sheet_with_cell_b2('<c r="B2"><f t="array" ref="B2">UPPER(A1:A3)</f><v>X</v></c>')),
                     upper)
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(2, "title")]
    assert "công thức" in run.row_errors.get().message
    assert not Initiative.objects.exists()


def test_a_shared_formula_is_refused_as_a_formula(upper, programme):
    run = run_import(upload(_sheet_with_cell_b2('<c r="B2" t="str"><f t="shared" si="0"/><v>X</v></c>')), upper)
    assert [(e.line, e.column) for e in run.row_errors.all()] == [(2, "title")]


@pytest.mark.parametrize(("raw", "shown"), [('<c r="B2" t="b"><v>1</v></c>', "TRUE/FALSE"),
                                            ('<c r="B2" t="e"><v>#N/A</v></c>', "#N/A")])
def test_a_cell_that_is_not_text_number_or_date_is_refused_by_line_and_column(upper, programme, raw, shown):
    run = run_import(upload(_sheet_with_cell_b2(raw)), upper)
    error = run.row_errors.get()
    assert (error.line, error.column) == (2, "title")
    assert shown in error.message


def test_read_table_refuses_a_cell_that_is_not_text_number_or_date_by_line_and_column():
    from initiatives_portal.tabular import read_table

    data = _sheet_with_cell_b2('<c r="B2" t="b"><v>0</v></c>')
    with pytest.raises(TableError, match="Dòng 2, cột title"):
        read_table(io.BytesIO(data), required=COLUMNS)


@pytest.mark.parametrize("serial", ["2958466", "-700000", "1E+300"])
def test_a_date_cell_beyond_the_calendar_is_an_error_on_its_row_saying_so(upper, programme, serial):
    styles = (f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/>'
              '</numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>')
    header = "".join(cell(f"{chr(65 + i)}1", v) for i, v in enumerate(COLUMNS))
    row = "".join(cell(f"{chr(65 + i)}2", v) for i, v in enumerate(ROW[:6]))
    sheet = sheet_xml(raw_rows=f'<row r="1">{header}</row><row r="2">{row}<c r="G2" s="1"><v>{serial}</v></c></row>')
    run = run_import(upload(xlsx(sheet, styles=styles)), upper)
    assert [(e.line, e.column, e.message) for e in run.row_errors.all()] == [
        (2, "submitted_at", "Ô ngày tháng nằm ngoài lịch (năm 1 đến năm 9999); hãy nhập lại ngày.")]


def test_dates_numbers_and_text_keep_their_types():
    styles = (f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy hh:mm"/>'
              '</numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164"/></cellXfs></styleSheet>')
    sheet = sheet_xml(raw_rows='<row r="1">' + cell("A1", "a") + cell("B1", "b") + cell("C1", "c") + "</row>"
                      '<row r="3"><c r="A3" s="1"><v>44621.5</v></c><c r="B3"><v>1500000</v></c>'
                      '<c r="C3" t="inlineStr"><is><r><t>Sổ </t></r><r><t>tay</t></r><rPh><t>x</t></rPh></is></c>'
                      "</row>")
    rows = list(iter_table(io.BytesIO(xlsx(sheet, styles=styles)), required=["a", "b", "c"]))
    assert rows == [(2, {"a": None, "b": None, "c": None}),
                    (3, {"a": dt.datetime(2022, 3, 1, 12, 0), "b": 1500000, "c": "Sổ tay"})]


# --- macros, by what the package declares ---------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        # a VBA project renamed, declared by its content type, the workbook declared macro-enabled
        xlsx(sheet_xml([COLUMNS, ROW]), main_type=MACRO_SHEET_MAIN, extra_parts={"xl/ma.dat": b"\xd0\xcf\x11\xe0"},
             extra_types={"xl/ma.dat": VBA}, extra_workbook_rels=(("rId9", VBA_REL, "ma.dat"),)),
        # a VBA project renamed and undeclared, but related to the workbook as its VBA project
        xlsx(sheet_xml([COLUMNS, ROW]), extra_parts={"xl/ma.dat": b"\xd0\xcf\x11\xe0"},
             extra_workbook_rels=(("rId9", VBA_REL, "ma.dat"),)),
        # the VBA project under its usual name with a trailing space
        xlsx(sheet_xml([COLUMNS, ROW]), extra_parts={"xl/vbaProject.bin ": b"\xd0\xcf\x11\xe0"}),
        # an innocent name, a content type that says macro-enabled
        xlsx(sheet_xml([COLUMNS, ROW]), main_type=MACRO_SHEET_MAIN),
        # an Excel 4.0 macro sheet
        xlsx(sheet_xml([COLUMNS, ROW]), extra_parts={"xl/macrosheets/s.xml": "<x/>"},
             extra_types={"xl/macrosheets/s.xml": "application/vnd.ms-excel.macrosheet+xml"}),
    ],
    ids=["renamed-declared", "renamed-related", "trailing-space", "macro-enabled-type", "macro-sheet"],
)
def test_a_macro_enabled_workbook_is_refused_whatever_its_parts_are_named(upper, programme, data):
    error = refused_at_upload(data, upper)
    assert "macro" in str(error.message)


# --- files saved by LibreOffice Calc (tests/fixtures) ---------------------------------------------

FIXTURES = os.path.join(os.path.dirname(__file__), "fixtures")


def fixture(name: str) -> bytes:
    with open(os.path.join(FIXTURES, name), "rb") as handle:
        return handle.read()


def test_a_workbook_saved_by_libreoffice_is_imported(upper, programme):
    run = run_import(upload(fixture("sang-kien.xlsx")), upper)
    assert (run.state, run.rows_total, run.rows_created) == (ImportRun.State.DONE, 2, 2)
    first = Initiative.objects.get(title="Sổ tay điện tử")
    assert (first.benefit_vnd, first.first_submitted_at.isoformat()) == (1_500_000, "2022-05-31T07:30:00+00:00")
    assert Initiative.objects.get(title="Máy rửa dụng cụ").co_authors.count() == 2


def test_libreoffice_formula_and_true_cells_are_refused_by_line_and_column(upper, programme):
    run = run_import(upload(fixture("cong-thuc.xlsx")), upper)
    assert [(e.line, e.column) for e in run.row_errors.order_by("line")] == [(2, "benefit_vnd"), (3, "title")]
    assert not Initiative.objects.exists()


def test_a_libreoffice_workbook_declared_macro_enabled_is_refused(upper, programme):
    source = zipfile.ZipFile(io.BytesIO(fixture("sang-kien.xlsx")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"spreadsheetml.sheet.main+xml", b"sheet.macroEnabled.main+xml")
            archive.writestr(info, data)
    assert "macro" in str(refused_at_upload(buffer.getvalue(), upper).message)


# An archive in every state (luu-tru.csv) opened in LibreOffice Calc with the Vietnamese locale, saved as
# XLSX (date cells, numbers), then as CSV in UTF-8 and in Windows-1258 (dates as it shows them: 15/03/22 08:30 sáng).
ARCHIVE = [
    ("Sổ giao ca điện tử", "submitted", "2022-03-15T01:30:00+00:00", 250_000_000, False, True),
    ("Giá đỡ ống nghiệm", "approved", "2022-03-15T17:00:00+00:00", 1_500_000, False, True),
    ("Bảng tin điện tử", "rejected", "2022-03-17T07:05:00+00:00", None, True, False),
    ("Máy rửa tay", "returned", "2022-03-17T17:00:00+00:00", None, False, True),
    ("Sổ trực", "withdrawn", "2022-03-18T17:00:00+00:00", None, False, False),
]


@pytest.mark.parametrize("name", ["luu-tru.csv", "luu-tru.xlsx", "luu-tru-libreoffice.csv",
                                  "luu-tru-libreoffice-1258.csv"])
def test_an_archive_saved_by_libreoffice_is_imported_in_every_state(upper, programme, name):
    run = run_import(upload(fixture(name), name=name), upper)
    assert (run.state, run.rows_created) == (ImportRun.State.DONE, 5), (run.message, list(run.row_errors.values()))
    imported = [(i.title, i.status, i.first_submitted_at.isoformat(), i.benefit_vnd, i.holds_management_post,
                 i.is_direct_production_worker) for i in Initiative.objects.order_by("first_submitted_at")]
    assert imported == ARCHIVE
    rejection = Initiative.objects.get(status="rejected").decisions.order_by("id").last()
    assert (rejection.reason, rejection.comment.split(": ", 1)[1]) == ("duplicate", "Đã có ở khoa Nội")
