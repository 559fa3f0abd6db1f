"""Many rows streamed into one sheet of a workbook openpyxl built, at the speed of string joins.

openpyxl's write-only mode keeps memory flat but makes a cell object, binds its value and
writes an element for every value: about 10.000 rows of eight cells a second on the
portal's machines, so 130.000 rows took longer than a web request may. Here openpyxl
still writes the whole package (every other sheet, the styles, the sheet's own title and
header rows, frozen panes, filter and print set-up); the sheet to stream holds, below its
header, one sample row of ``sample_row``'s cells, from which the style of each kind of
cell is read. When the package is copied into the response's file, that row is replaced
by the streamed rows, written as inline strings and numbers, and the auto-filter is
stretched over them.

Text is stored as text (an inline string is never read as a formula; text a spreadsheet
could take for one keeps Excel's quote prefix, as ``tabular.store_text`` gives it);
characters XML 1.0 cannot hold are dropped, as openpyxl drops them.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .tabular import FORMULA_PREFIXES

CHUNK_ROWS = 1000
# Deflate's fastest level: the compression takes a third of the default's time, the file is a third larger.
COMPRESS_LEVEL = 1
# What the sample row holds, in this order: plain text, text with the quote prefix, a number.
SAMPLE_TEXT = "text"
SAMPLE_QUOTED = "=text"
SAMPLE_NUMBER = 0
# What XML must escape or cannot hold (openpyxl's ILLEGAL_CHARACTERS_RE): most text has neither.
_SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f]")
_AUTO_FILTER = re.compile(rb'<autoFilter ref="([A-Z]+)(\d+):([A-Z]+)\d+"')
_DIMENSION = re.compile(rb"<dimension [^>]*/>")


def _illegal():
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE


def sample_row(sheet, count_format: str) -> list:
    """The cells to append as the sample row of ``sheet`` (an openpyxl write-only sheet)."""
    from openpyxl.cell import WriteOnlyCell

    from .tabular import store_text

    quoted = WriteOnlyCell(sheet)
    store_text(quoted, SAMPLE_QUOTED)
    number = WriteOnlyCell(sheet, value=SAMPLE_NUMBER)
    number.number_format = count_format
    return [SAMPLE_TEXT, quoted, number]


@dataclass
class StreamedSheet:
    """Rows to put in place of the sample row ``row`` of ``sheet`` (an openpyxl write-only
    sheet). A row is a sequence of text, whole numbers (written in the sample's number
    format) or None (no cell)."""

    sheet: object
    row: int
    rows: Iterable[Sequence[str | int | None]]
    written: int = 0


def _columns(count: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(index) for index in range(1, count + 1)]


def _row_xml(number: int, values: Sequence[str | int | None], columns: list[str], text_style: str,
             quoted_style: str, number_style: str, illegal) -> str:
    cells = [f'<row r="{number}">']
    for column, value in zip(columns, values, strict=False):
        if value is None or value == "":
            continue
        if isinstance(value, int):
            cells.append(f'<c r="{column}{number}"{number_style}><v>{value}</v></c>')
            continue
        style = quoted_style if value.startswith(FORMULA_PREFIXES) else text_style
        if _SPECIAL.search(value):
            value = escape(illegal.sub("", value))
        space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
        cells.append(f'<c r="{column}{number}" t="inlineStr"{style}><is><t{space}>{value}</t></is></c>')
    cells.append("</row>")
    return "".join(cells)


def _style(sample: bytes, row: int, column: str) -> str:
    match = re.search(rb'<c r="%s%d"[^>]*?\ss="(\d+)"' % (column.encode(), row), sample)
    return f' s="{match.group(1).decode()}"' if match else ""


def _write_streamed(source: bytes, target, streamed: StreamedSheet) -> None:
    start = source.index(b'<row r="%d"' % streamed.row)
    end = source.index(b"</row>", start) + len(b"</row>")
    sample = source[start:end]
    head, tail = _DIMENSION.sub(b"", source[:start]), source[end:]
    text_style, quoted_style, number_style = (_style(sample, streamed.row, column) for column in "ABC")
    illegal = _illegal()
    columns: list[str] = []
    number = streamed.row
    target.write(head)
    chunk: list[str] = []
    for values in streamed.rows:
        if len(values) > len(columns):
            columns = _columns(len(values))
        chunk.append(_row_xml(number, values, columns, text_style, quoted_style, number_style, illegal))
        number += 1
        if len(chunk) >= CHUNK_ROWS:
            target.write("".join(chunk).encode())
            chunk = []
    target.write("".join(chunk).encode())
    streamed.written = number - streamed.row
    last = max(number - 1, streamed.row - 1)
    target.write(_AUTO_FILTER.sub(lambda m: b'<autoFilter ref="%s%s:%s%d"' % (m[1], m[2], m[3], last), tail))


def copy_with_streamed_rows(package, target, streamed: list[StreamedSheet]) -> None:
    """Copy the saved XLSX ``package`` (a file positioned at its start) into ``target``,
    writing each of ``streamed``'s rows into its sheet in place of the sample row."""
    # A sheet's part is named when the workbook is saved (``xl/worksheets/sheet5.xml``).
    by_part = {s.sheet.path.lstrip("/"): s for s in streamed}
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED,
                                                                           compresslevel=COMPRESS_LEVEL) as out:
        for info in source.infolist():
            if info.filename not in by_part:
                with source.open(info) as part, out.open(info.filename, "w") as copy:
                    shutil.copyfileobj(part, copy)
                continue
            with out.open(info.filename, "w", force_zip64=True) as copy:
                _write_streamed(source.read(info), copy, by_part[info.filename])
