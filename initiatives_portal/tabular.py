"""Reading uploaded tables: CSV (UTF-8, with or without BOM) or XLSX with the same headers.

Shared by every import (units, targets, …). The format is told by the content, not the
name: an XLSX file is a ZIP archive. Headers are matched without regard to case; blank
lines stay as blank rows so that line numbers in reports match the file (the header is
line 1, as in a spreadsheet).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _

from .text import fold, nfc

XLSX_SIGNATURE = b"PK\x03\x04"


class TableError(Exception):
    """A file that cannot be read as a table; ``message`` is shown to the user."""

    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def _cell_text(value: object) -> str:
    return "" if value is None else nfc(str(value))


def read_table(
    source: str | Path | BinaryIO, *, required: Sequence[str], optional: Sequence[str] = ()
) -> list[dict[str, object]]:
    """All rows of ``source`` as dicts keyed by the ``required`` and present ``optional`` columns.

    CSV cells are strings; XLSX cells keep their type (numbers, dates) and ``None`` for
    blanks. Raises ``TableError`` when the file is neither UTF-8 CSV nor readable XLSX,
    is empty, or lacks a required column.
    """
    return [row for _line, row in iter_table(source, required=required, optional=optional)]


def iter_table(
    source: str | Path | BinaryIO,
    *,
    required: Sequence[str],
    optional: Sequence[str] = (),
    aliases: Mapping[str, str] | None = None,
    formulas: bool = False,
) -> Iterator[tuple[int, dict[str, object]]]:
    """Yield ``(line, row)`` one at a time, so memory does not grow with the file.

    Header cells are matched without regard to case or accents, to the column names or
    to ``aliases`` (another header, e.g. Vietnamese, → column name). With ``formulas``,
    XLSX formula cells come as their text ("=SUM(A1:A3)") instead of a cached value, so
    that the caller can refuse them.
    """
    stream = _binary_stream(source)
    owned = isinstance(source, str | Path)
    try:
        yield from _iter_records(stream, required=required, optional=optional, aliases=aliases, formulas=formulas)
    finally:
        if owned:
            stream.close()


def _iter_records(stream, *, required, optional, aliases, formulas) -> Iterator[tuple[int, dict[str, object]]]:
    if stream.read(4) == XLSX_SIGNATURE:
        stream.seek(0)
        data = stream.read()
        check_spreadsheet(data)
        table = _xlsx_records(data, formulas=formulas)
    else:
        stream.seek(0)
        table = _csv_records(stream)
    header = next(table, None)
    columns = ",".join(required)
    if header is None or not any(_cell_text(name) for name in header):
        raise TableError(_("Tệp trống: cần một dòng tiêu đề %(columns)s.") % {"columns": columns})
    known = {fold(column): column for column in (*required, *optional)}
    known.update({fold(alias): column for alias, column in (aliases or {}).items()})
    names = [known.get(fold(_cell_text(name)), "") for name in header]
    missing = [column for column in required if column not in names]
    if missing:
        raise TableError(
            _("Tệp thiếu cột: %(missing)s (cần các cột %(columns)s).") % {"missing": ", ".join(missing),
                                                                          "columns": columns}
        )
    positions = {column: names.index(column) for column in (*required, *optional) if column in names}
    for line, record in enumerate(table, start=2):
        yield line, {column: record[index] if index < len(record) else None for column, index in positions.items()}


def _binary_stream(source: str | Path | BinaryIO) -> BinaryIO:
    """A seekable binary stream over ``source`` (a path, an upload or a stored file)."""
    if isinstance(source, str | Path):
        return open(source, "rb")  # noqa: SIM115 - read lazily by the generator that owns it
    if hasattr(source, "seekable") and source.seekable():
        return source
    return io.BytesIO(source.read())


# An XLSX is a zip; refuse one that would expand beyond this (a zip bomb).
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
MAX_ZIP_MEMBERS = 5000


def check_spreadsheet(data: bytes) -> None:
    """Refuse archives that are not plain workbooks: zip bombs, macro-enabled files, other zips."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise TableError(_("Tệp bị hỏng: không đọc được dạng Excel (.xlsx).")) from exc
    names = {info.filename for info in infos}
    if len(infos) > MAX_ZIP_MEMBERS or sum(info.file_size for info in infos) > MAX_UNZIPPED_BYTES:
        raise TableError(_("Tệp Excel bị nén bất thường (quá lớn khi giải nén); không thể nhận."))
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise TableError(_("Tệp có chứa macro; hãy lưu lại dưới dạng .xlsx thông thường (không có macro)."))
    if "xl/workbook.xml" not in names:
        raise TableError(_("Tệp không phải bảng tính Excel (.xlsx)."))


def check_csv_encoding(stream: BinaryIO) -> None:
    """Read the whole file once, in chunks, and refuse it unless it is UTF-8 text (constant memory)."""
    import codecs

    decoder = codecs.getincrementaldecoder("utf-8")()
    stream.seek(0)
    try:
        while chunk := stream.read(1 << 20):
            if b"\x00" in chunk:
                raise TableError(_("Tệp không phải bảng tính CSV hay Excel (.xlsx)."))
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError as exc:
        raise TableError(_("Tệp phải được lưu với bảng mã UTF-8 (CSV UTF-8) hoặc dạng Excel (.xlsx).")) from exc
    finally:
        stream.seek(0)


def _csv_records(stream: BinaryIO) -> Iterator[Sequence[object]]:
    """The records of a UTF-8 CSV, decoded and parsed as a stream (a BOM is dropped)."""
    check_csv_encoding(stream)
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        yield from csv.reader(text)
    finally:
        text.detach()


def _xlsx_records(data: bytes, *, formulas: bool = False) -> Iterator[Sequence[object]]:
    """The cell values of the first worksheet, row by row, read as a stream."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=not formulas)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(_("Không đọc được tệp Excel: hãy lưu lại dưới dạng .xlsx.")) from exc
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


# --- writing ------------------------------------------------------------------------------------

# A cell starting with one of these could be run as a formula by a spreadsheet.
FORMULA_PREFIXES: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could take ``text`` for a formula."""
    return text.startswith(FORMULA_PREFIXES)


def csv_safe(text: str) -> str:
    """``text`` for a CSV cell: a formula-like value gets a leading apostrophe, so it stays text."""
    return "'" + text if is_formula_like(text) else text


def store_text(cell, text: str) -> None:
    """Store ``text`` in an openpyxl cell as a string: never a formula or an error code."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"
    if is_formula_like(text):
        cell.quotePrefix = True


# --- reporting ----------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an all-or-nothing import did, or, when ``errors`` is not empty, why it did nothing."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every row was valid and the import was applied."""
        return not self.errors
