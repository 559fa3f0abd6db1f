"""Reading uploaded tables: CSV (UTF-8, with or without BOM) or XLSX with the same headers.

Shared by every import (units, targets, …). The format is told by the content, not the
name: an XLSX file is a ZIP archive. Headers are matched without regard to case; blank
lines stay as blank rows so that line numbers in reports match the file (the header is
line 1, as in a spreadsheet).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _

from .text import nfc

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
    """Rows of ``source`` as dicts keyed by the ``required`` and present ``optional`` columns.

    CSV cells are strings; XLSX cells keep their type (numbers, dates) and ``None`` for
    blanks. Raises ``TableError`` when the file is neither UTF-8 CSV nor readable XLSX,
    is empty, or lacks a required column.
    """
    if isinstance(source, str | Path):
        with open(source, "rb") as handle:
            data = handle.read()
    else:
        data = source.read()
    table = _xlsx_records(data) if data.startswith(XLSX_SIGNATURE) else _csv_records(data)
    header = next(table, None)
    columns = ",".join(required)
    if header is None or not any(_cell_text(name) for name in header):
        raise TableError(_("Tệp trống: cần một dòng tiêu đề %(columns)s.") % {"columns": columns})
    names = [_cell_text(name).lower() for name in header]
    missing = [column for column in required if column not in names]
    if missing:
        raise TableError(
            _("Tệp thiếu cột: %(missing)s (cần các cột %(columns)s).") % {"missing": ", ".join(missing),
                                                                          "columns": columns}
        )
    positions = {column: names.index(column) for column in (*required, *optional) if column in names}
    return [
        {column: record[index] if index < len(record) else None for column, index in positions.items()}
        for record in table
    ]


def _csv_records(data: bytes) -> Iterator[Sequence[object]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TableError(_("Tệp phải được lưu với bảng mã UTF-8 (CSV UTF-8) hoặc dạng Excel (.xlsx).")) from exc
    return csv.reader(io.StringIO(text, newline=""))


def _xlsx_records(data: bytes) -> Iterator[Sequence[object]]:
    """The cell values of the first worksheet, row by row."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(_("Không đọc được tệp Excel: hãy lưu lại dưới dạng .xlsx.")) from exc
    try:
        rows = [list(values) for values in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    return iter(rows)
