"""Reading uploaded tables: CSV (UTF-8, with or without BOM, or Windows-1258 as Excel on
Vietnamese Windows saves it; separated by commas or, as Excel writes it in many locales,
semicolons) or XLSX with the same headers.

Shared by every import (units, targets, …). The format is told by the content, not the
name: an XLSX file is a ZIP archive. Headers are matched without regard to case; blank
lines stay as blank rows so that line numbers in reports match the file (the header is
line 1, as in a spreadsheet).
"""

from __future__ import annotations

import csv
import io
import itertools
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from django.utils.translation import gettext_lazy as _

from .ooxml import CHUNK, Limits, PackageError, RefusedCell, Workbook, open_package
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
    source: str | Path | BinaryIO, *, required: Sequence[str], optional: Sequence[str] = (),
    aliases: Mapping[str, str] | None = None,
) -> list[dict[str, object]]:
    """All rows of ``source`` as dicts keyed by the ``required`` and present ``optional`` columns.

    CSV cells are strings; XLSX cells keep their type (numbers, dates) and ``None`` for
    blanks. Raises ``TableError`` when the file is neither UTF-8 CSV nor readable XLSX,
    is empty, lacks a required column, or has a cell that is not text, a number or a date.
    """
    rows = []
    for line, row in iter_table(source, required=required, optional=optional, aliases=aliases):
        for column, value in row.items():
            if isinstance(value, RefusedCell):
                raise TableError(_("Dòng %(line)s, cột %(column)s: %(message)s")
                                 % {"line": line, "column": column, "message": value.message})
        rows.append(row)
    return rows


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
    that the caller can refuse them. A cell that is neither text, a number nor a date
    (TRUE/FALSE, an error code) comes as a ``RefusedCell`` for the caller to report.
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
        table = _xlsx_records(stream, formulas=formulas)
    else:
        stream.seek(0)
        table = _csv_records(stream)
    # Closed here, while the stream is still open: left to the garbage collector after a refused
    # header, the CSV reader would detach itself from a file its owner has closed meanwhile.
    try:
        header = next(table, None)
        positions = _positions(header, required=required, optional=optional, aliases=aliases)
        for line, record in enumerate(table, start=2):
            yield line, {column: record[index] if index < len(record) else None
                         for column, index in positions.items()}
    finally:
        table.close()


def _positions(header, *, required, optional, aliases) -> dict[str, int]:
    """Where each known column is in ``header``; raises ``TableError`` when it is blank or lacks one."""
    columns = ",".join(required)
    if header is None or not any(_cell_text(name) for name in header):
        raise TableError(_("Tệp trống: cần một dòng tiêu đề %(columns)s.") % {"columns": columns})
    known = {fold(column): column for column in (*required, *optional)}
    known.update({fold(alias): column for alias, column in (aliases or {}).items()})
    names = [known.get(fold(_cell_text(name)), "") for name in header]
    missing = [column for column in required if column not in names]
    if missing:
        # A column with a header of its own (a template's, e.g. Vietnamese) is named by it, as the file shows it.
        labels = {column: alias for alias, column in (aliases or {}).items()}
        named = [f"“{labels[column]}” ({column})" if column in labels else column for column in missing]
        raise TableError(
            _("Tệp thiếu cột: %(missing)s (cần các cột %(columns)s).") % {"missing": ", ".join(named),
                                                                          "columns": columns}
        )
    return {column: names.index(column) for column in (*required, *optional) if column in names}


@dataclass(frozen=True)
class TablePreview:
    """What the check of an upload learnt from its header: its format and, when it says so, its rows."""

    extension: str  # "xlsx" or "csv"
    rows: int | None


def preview_table(
    source: BinaryIO, *, required: Sequence[str], optional: Sequence[str] = (), aliases: Mapping[str, str] | None = None
) -> TablePreview:
    """Check ``source``'s header (and an XLSX's package) without reading the rest of it.

    An XLSX's zip directory, content types, relationships, workbook and styles are
    checked against their limits and the first row is parsed with only the shared
    strings it names: the cost does not grow with the sheet. A CSV's first record is
    read; the rest of it is checked by ``CsvScan`` as it is stored. Raises ``TableError``.
    """
    stream = _binary_stream(source)
    stream.seek(0)
    if stream.read(4) == XLSX_SIGNATURE:
        stream.seek(0)
        package = _open_workbook(stream)
        try:
            header, rows = _xlsx_call(lambda: package.header_and_size(formulas=True))
        finally:
            package.package.close()
            stream.seek(0)
        _positions(header, required=required, optional=optional, aliases=aliases)
        return TablePreview("xlsx", max(rows - 1, 0) if rows else None)
    stream.seek(0)
    head = stream.read(CHUNK)
    if head.startswith(_UTF16_BOMS):
        raise _utf16()
    if b"\x00" in head:  # a binary file: say so rather than "not UTF-8"
        raise _not_a_table()
    stream.seek(0)
    records = _csv_records(stream, check_encoding=False)
    try:
        _positions(next(records, None), required=required, optional=optional, aliases=aliases)
    finally:
        records.close()
        stream.seek(0)
    return TablePreview("csv", None)


def _binary_stream(source: str | Path | BinaryIO) -> BinaryIO:
    """A seekable binary stream over ``source`` (a path, an upload or a stored file)."""
    if isinstance(source, str | Path):
        return open(source, "rb")  # noqa: SIM115 - read lazily by the generator that owns it
    if hasattr(source, "seekable") and source.seekable():
        return source
    return io.BytesIO(source.read())


def check_spreadsheet(source: bytes | BinaryIO) -> None:
    """Refuse archives that are not plain workbooks: zip bombs, macro-enabled files, other zips.

    Only the zip's directory and the package's index are read (``ooxml.open_package``).
    """
    package = _open_workbook(io.BytesIO(source) if isinstance(source, bytes) else source)
    package.package.close()


def _open_workbook(stream: BinaryIO) -> Workbook:
    """The first sheet of the XLSX in ``stream``, its package checked against the settings' limits."""
    def open_it() -> Workbook:
        package = open_package(stream, Limits.for_spreadsheets())
        try:
            return Workbook(package)
        except BaseException:
            package.close()
            raise

    return _xlsx_call(open_it)


def _xlsx_call(call):
    try:
        return call()
    except PackageError as error:
        raise TableError(error.message) from error


# --- the encoding of a CSV -----------------------------------------------------------------------
#
# A CSV is read as UTF-8 (with or without a BOM) when every byte of it is UTF-8. Otherwise
# it is read as Windows-1258, the code page Excel on Vietnamese Windows saves "CSV" in, when
# every byte is one Vietnamese text in that code page has: ASCII, the Vietnamese letters it
# holds precomposed, its five combining tone marks (each after a vowel that carries none),
# the đồng sign and common punctuation. Anything else (TCVN3/ABC, VNI and other legacy fonts'
# encodings, Latin-1, UTF-16) is refused with a message saying how to save the file: read
# in the wrong code page it would be stored as mojibake.

# The bytes of Vietnamese text in Windows-1258 besides ASCII: À Á Â Ă È É Ê Í Ó Ô Ơ Ù Ú Ư Đ in
# both cases, the tone marks (grave, hook, tilde, acute, dot below), ₫, € … ‘ ’ “ ” • – — NBSP °.
_CP1258_TEXT = bytes([0xC0, 0xC1, 0xC2, 0xC3, 0xC8, 0xC9, 0xCA, 0xCD, 0xD0, 0xD3, 0xD4, 0xD5, 0xD9, 0xDA, 0xDD,
                      0xE0, 0xE1, 0xE2, 0xE3, 0xE8, 0xE9, 0xEA, 0xED, 0xF0, 0xF3, 0xF4, 0xF5, 0xF9, 0xFA, 0xFD,
                      0xCC, 0xD2, 0xDE, 0xEC, 0xF2, 0xFE, 0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97,
                      0xA0, 0xB0])
_CP1258_TONES = b"\xcc\xd2\xde\xec\xf2"
_CP1258_VOWELS = b"aeiouyAEIOUY\xe2\xe3\xea\xf4\xf5\xfd\xc2\xc3\xca\xd4\xd5\xdd"
# ASCII and the bytes above: what ``bytes.translate`` leaves of a chunk once they are deleted must be nothing.
_CP1258_ALLOWED = bytes(range(0x80)) + _CP1258_TEXT
# Each byte as a vowel that carries no tone (V), a tone mark (T) or anything else (x): a tone mark after
# anything but such a vowel (xT, TT) is no Vietnamese text. Two C calls a chunk, not a regex's loop.
_TONE_CLASSES = bytes(ord("V") if b in _CP1258_VOWELS else ord("T") if b in _CP1258_TONES else ord("x")
                      for b in range(256))


def _misplaced_tone(data: bytes) -> bool:
    classes = data.translate(_TONE_CLASSES)
    return b"xT" in classes or b"TT" in classes
UTF8 = "utf-8-sig"
CP1258 = "cp1258"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class CsvScan:
    """Tells a CSV's encoding chunk by chunk as it is stored (see above), refuses a NUL byte and
    counts its lines.

    ``finish()`` returns ``UTF8`` or ``CP1258``, or raises ``TableError`` (constant memory).
    """

    def __init__(self) -> None:
        import codecs

        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.utf8 = True
        self.cp1258 = True
        self.lines = 0
        self.error: TableError | None = None
        self._last = b" "  # the byte before the chunk: at the start, none that a tone mark may follow
        self._started = False

    def feed(self, chunk: bytes) -> None:
        if self.error is not None or not chunk:
            return
        if not self._started and chunk.startswith(_UTF16_BOMS):
            self.error = _utf16()
            return
        self._started = True
        self.lines += chunk.count(b"\n")
        if b"\x00" in chunk:
            self.error = _not_a_table()
            return
        if self.utf8:
            try:
                self.decoder.decode(chunk)
            except UnicodeDecodeError:
                self.utf8 = False
        if self.cp1258 and (chunk.translate(None, _CP1258_ALLOWED) or _misplaced_tone(self._last + chunk)):
            self.cp1258 = False
        self._last = chunk[-1:]
        if not self.utf8 and not self.cp1258:
            self.error = _unknown_encoding()

    def finish(self) -> str:
        if self.error is None and self.utf8:
            try:
                self.decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self.utf8 = False
                if not self.cp1258:
                    self.error = _unknown_encoding()
        if self.error is not None:
            raise self.error
        return UTF8 if self.utf8 else CP1258


def _not_a_table() -> TableError:
    return TableError(_("Tệp không phải bảng tính CSV hay Excel (.xlsx)."))


def _unknown_encoding() -> TableError:
    return TableError(_("Không đọc được bảng mã của tệp CSV: tệp không phải UTF-8 hay Windows-1258 (có thể là "
                        "TCVN3, VNI). Hãy mở tệp và lưu lại dạng “CSV UTF-8” hoặc Excel (.xlsx)."))


def _utf16() -> TableError:
    return TableError(_("Tệp được lưu dạng “Unicode Text” (UTF-16). Hãy lưu lại dạng “CSV UTF-8” hoặc Excel "
                        "(.xlsx)."))


def check_csv_encoding(stream: BinaryIO) -> str:
    """Read the whole file once, in chunks, and tell its encoding (``UTF8`` or ``CP1258``) or refuse it
    (constant memory)."""
    scan = CsvScan()
    stream.seek(0)
    try:
        while chunk := stream.read(1 << 20):
            scan.feed(chunk)
            if scan.error is not None:
                break
        return scan.finish()
    finally:
        stream.seek(0)


def _head_encoding(stream: BinaryIO) -> str:
    """The encoding of a CSV as far as its first chunk tells (a preview reads no further)."""
    scan = CsvScan()
    head = stream.read(CHUNK)
    stream.seek(0)
    scan.feed(head)
    if scan.error is not None:
        raise scan.error
    if scan.utf8:
        return UTF8
    return CP1258


def _csv_records(stream: BinaryIO, *, check_encoding: bool = True) -> Iterator[Sequence[object]]:
    """The records of a CSV in UTF-8 or Windows-1258, decoded and parsed as a stream (a BOM is dropped).

    Windows-1258 writes tones as combining marks: its lines are put in NFC, as stored
    text is. A cell longer than the csv module's limit (``csv.field_size_limit()``)
    refuses the file, naming its line and column. Without ``check_encoding`` (a preview of
    the header) the encoding is told from the first chunk only.
    """
    encoding = check_csv_encoding(stream) if check_encoding else _head_encoding(stream)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    record: list[str] = []
    try:
        first = text.readline()
    except UnicodeDecodeError as exc:
        text.detach()
        raise _unknown_encoding() from exc
    lines: Iterable[str] = itertools.chain((first,) if first else (), text)
    if encoding == CP1258:
        lines = (unicodedata.normalize("NFC", line) for line in lines)
    delimiter = sniff_delimiter(first)
    reader = csv.reader(_remembered(lines, record), delimiter=delimiter)
    line = 0
    try:
        while True:
            record.clear()
            line += 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise _csv_error(line, "".join(record), delimiter) from exc
            yield row
    except UnicodeDecodeError as exc:
        raise _unknown_encoding() from exc
    finally:
        text.detach()


def sniff_delimiter(header: str) -> str:
    """``;`` when the header line is separated by semicolons (Excel's CSV in locales whose
    decimal mark is a comma, Vietnamese among them), else ``,``: whichever of the two is
    more frequent outside quoted cells."""
    counts = {",": 0, ";": 0}
    quoted = False
    for char in header:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","


def _remembered(lines: Iterable[str], record: list[str]) -> Iterator[str]:
    """``lines``, each kept in ``record`` until the reader has made a record of them."""
    for text in lines:
        record.append(text)
        yield text


def _csv_error(line: int, text: str, delimiter: str = ",") -> TableError:
    """The error of a record the csv module refused: a cell over its limit (by column), or broken quoting."""
    limit = csv.field_size_limit()
    column, length, quoted, previous = 1, 0, False, ""
    for char in text:
        if quoted:
            if char == '"':
                quoted = False
            else:
                length += 1
        elif char == '"':
            quoted = True
            if previous == '"':
                length += 1
        elif char == delimiter:
            column, length = column + 1, 0
        elif char not in "\r\n":
            length += 1
        previous = char
        if length > limit:
            return TableError(
                _("Dòng %(line)s, cột %(column)s: ô dài quá %(limit)s ký tự; không đọc được tệp.")
                % {"line": line, "column": column, "limit": f"{limit:,}".replace(",", ".")}
            )
    return TableError(_("Dòng %(line)s: không đọc được dòng CSV (dấu ngoặc kép không khớp?).") % {"line": line})


def _xlsx_records(stream: BinaryIO, *, formulas: bool = False) -> Iterator[Sequence[object]]:
    """The cell values of the first worksheet, row by row, read as a stream."""
    workbook = _open_workbook(stream)
    try:
        yield from workbook.rows(formulas=formulas)
    except PackageError as error:
        raise TableError(error.message) from error
    finally:
        workbook.package.close()


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
    """Store ``text`` in an openpyxl cell as a string: never a formula or an error code.

    Line ends become line feeds, what a cell's line break is made of: written as it is, a
    carriage return would survive or not depending on the XML library openpyxl finds
    installed (lxml escapes it, the standard library's writer leaves it for the reader to fold).
    """
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
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
