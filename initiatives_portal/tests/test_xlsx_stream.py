"""The rows of a streamed sheet written by PostgreSQL (``rows_xml_sql``) are, byte for byte,
those ``rows_xml`` writes in Python, whatever the text holds."""

import unicodedata

import pytest
from django.db import connection

from initiatives_portal.xlsx_stream import (
    NUMBER,
    SPACES,
    STYLE_MARKS,
    TEXT,
    CellStyles,
    fetched_rows_xml,
    rows_xml,
    rows_xml_sql,
    styled,
)

STYLES = CellStyles(text=' s="4"', quoted=' s="5"', number=' s="6"')
KINDS = [TEXT, TEXT, NUMBER]
TRICKY_TEXT = [
    "Công đoàn A & B <Đống Đa> \"Hai\" 'Ba' &amp;",
    unicodedata.normalize("NFD", "LĐLĐ huyện Đông Sơn: Công đoàn Trường Tiểu học Đông Hòa"),
    "ĐÔNG đông Đ đ ƯỚC ước",
    "Công\x07 đoàn\x1f\x0b\x0c ngành\x01\x08 Điện",
    "\x07",  # nothing left: an empty cell, as openpyxl would write it
    "\x07=1+1",  # a formula only once the control character is dropped: not quoted
    "=HYPERLINK(\"http://example.invalid\",\"Bấm\")",
    "+84 912 345 678",
    "-5",
    "@SUM(A1)",
    "\tthụt đầu dòng",
    "\rxuống dòng",
    "hai\r\ndòng\nba",
    " khoảng trắng đầu",
    "khoảng trắng cuối ",
    "\u3000khoảng trắng rộng\u00a0",
    "\x85kết thúc\u2028",
    "\x1f khoảng trắng sau ký tự điều khiển",
    "biểu tượng 😀 và \ufffe",
    "a\uffff=b\uffff",  # the separator of the test for plain rows, then what would make it true
    "Công đoàn cơ sở Tổng công ty Điện lực miền Bắc " * 60,
    "",
]


def database_xml(rows, first_row=3, styles=STYLES):
    values = ", ".join(["(%s::bigint, %s::text, %s::text, %s::bigint)"] * len(rows))
    params = [value for position, row in enumerate(rows, start=1) for value in (position, *row)]
    sql, sql_params = rows_xml_sql(f"SELECT * FROM (VALUES {values}) AS v", params, KINDS,  # noqa: S608
                                   first_row=first_row, styles=styles)
    with connection.cursor() as cursor:
        cursor.execute(sql, sql_params)
        return list(fetched_rows_xml(cursor))


def python_xml(rows, first_row=3):
    return list(rows_xml(rows, first_row, STYLES))


@pytest.mark.django_db
@pytest.mark.parametrize("text", TRICKY_TEXT)
def test_database_writes_the_text_cells_python_writes(text):
    rows = [(text, f"{text} (cấp trên)", 7)]

    assert database_xml(rows) == python_xml(rows)


@pytest.mark.django_db
@pytest.mark.parametrize("number", [0, 999_999, 1_000_000, 1_234_567, 10_500_000_000])
def test_database_writes_the_number_cells_python_writes(number):
    rows = [("P01", "LĐLĐ thành phố Hà Nội", number)]

    assert database_xml(rows) == python_xml(rows)


@pytest.mark.django_db
def test_database_leaves_out_the_cells_python_leaves_out():
    rows = [("P01", None, None), ("", "", 0), (None, "Hà Nội", None)]

    assert database_xml(rows) == python_xml(rows)


@pytest.mark.django_db
def test_database_numbers_rows_from_the_first_row_in_chunks_as_python_does():
    rows = [(f"P{index:05d}", f"Công đoàn {index} & <con>", index * 1_001) for index in range(2_345)]

    written = database_xml(rows, first_row=9)

    assert written == python_xml(rows, first_row=9)
    assert [count for _, count in written] == [1_000, 1_000, 345]
    assert written[0][0].startswith('<row r="9"><c r="A9" t="inlineStr" s="4"><is><t>P00000</t></is></c>')


@pytest.mark.django_db
def test_rows_written_with_style_marks_are_those_of_the_styles_once_the_marks_are_replaced():
    rows = [(text, "=cấp trên" if index % 2 else None, index * 1_000_001 if index % 3 else None)
            for index, text in enumerate(TRICKY_TEXT)]

    marked = database_xml(rows, styles=STYLE_MARKS)

    assert [(styled(xml.encode(), STYLES).decode(), count) for xml, count in marked] == python_xml(rows)
    assert all(mark not in xml for xml, _count in database_xml(rows) for mark in ("\x01", "\x02", "\x03"))


def test_spaces_are_the_characters_python_calls_whitespace():
    assert SPACES == "".join(chr(code) for code in range(0x110000) if chr(code).isspace())
