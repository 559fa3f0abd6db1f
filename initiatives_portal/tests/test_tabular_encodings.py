"""A CSV's encoding: UTF-8 (with or without BOM) or Windows-1258 is read, anything else refused
with a message that says how to save the file, and never read as mojibake."""

import io

import pytest

from initiatives_portal.tabular import CsvScan, TableError, iter_table, preview_table

from .legacy_text import cp1258

TEXT = "code,name\nP01,Nguyễn Văn Đức – Hòa Bình “Sổ tay” 250.000₫\nP02,LIÊN ĐOÀN LAO ĐỘNG Thừa Thiên Huế\n"
ROWS = [(2, {"code": "P01", "name": "Nguyễn Văn Đức – Hòa Bình “Sổ tay” 250.000₫"}),
        (3, {"code": "P02", "name": "LIÊN ĐOÀN LAO ĐỘNG Thừa Thiên Huế"})]


def rows(data: bytes):
    return list(iter_table(io.BytesIO(data), required=("code", "name")))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_utf8_with_or_without_bom_is_read(encoding):
    assert rows(TEXT.encode(encoding)) == ROWS


def test_windows_1258_is_read_and_its_tone_marks_composed():
    assert rows(cp1258(TEXT)) == ROWS


def test_windows_1258_semicolon_csv_as_excel_saves_it_is_read():
    assert rows(cp1258(TEXT.replace(",", ";"))) == ROWS


def test_windows_1258_past_the_first_chunk_is_told_by_the_whole_file():
    data = b"code,name\n" + b"P00,Nguyen\n" * 20_000 + cp1258("P01,Đức\n")
    assert rows(data)[-1] == (20_002, {"code": "P01", "name": "Đức"})


@pytest.mark.parametrize(("name", "data"), [
    # TCVN3 (ABC): "Nguyễn Văn Đức" in the .VnTime font's bytes.
    ("TCVN3", b"code,name\nP01,Nguy\xd6n V\xb8n \xa7\xf8c\n"),
    # VNI: tones and marks as separate bytes after the letter.
    ("VNI", b"code,name\nP01,Nguye\xe3n Va\xf9n \xd1\xf6\xf9c\n"),
    ("Latin-1", "code,name\nP01,Hòa Bình\n".encode("latin-1")),
    # UTF-8 with one Windows-1258 cell pasted in.
    ("mixed", TEXT.encode() + cp1258("P03,Đức\n")),
    # A tone mark after a consonant: no Vietnamese text.
    ("stray mark", b"code,name\nP01,B\xecnh\n"),
])
def test_a_legacy_encoding_is_refused_with_how_to_save_the_file(name, data):
    with pytest.raises(TableError, match="CSV UTF-8"):
        rows(data)


def test_utf16_as_excels_unicode_text_is_refused_with_how_to_save_the_file():
    with pytest.raises(TableError, match="UTF-16"):
        preview_table(io.BytesIO(TEXT.encode("utf-16")), required=("code", "name"))


def test_the_scan_while_storing_tells_the_encoding_chunk_by_chunk():
    data = cp1258(TEXT)
    scan = CsvScan()
    for index in range(len(data)):  # one byte at a time: a tone mark apart from its vowel
        scan.feed(data[index:index + 1])
    assert (scan.finish(), scan.lines) == ("cp1258", 3)


def test_the_preview_reads_a_windows_1258_header():
    header = "Mã công đoàn cơ sở,Tên sáng kiến\nP01,Sổ tay\n"
    preview = preview_table(io.BytesIO(cp1258(header)), required=("unit_code", "title"),
                            aliases={"Mã công đoàn cơ sở": "unit_code", "Tên sáng kiến": "title"})
    assert preview.extension == "csv"
