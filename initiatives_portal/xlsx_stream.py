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

The rows' XML is written either here, from rows of Python values, or by PostgreSQL
(``rows_xml_sql``): a statement that writes the same XML, byte for byte, for the rows of
another statement, read in chunks of ``CHUNK_ROWS`` rows, so that Python only copies
text into the compressor. For 130.000 units that takes the writing out of the process:
the whole workbook is then mostly the database's sum and the compression.
"""

from __future__ import annotations

import queue
import re
import shutil
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import astuple, dataclass
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
# Python's ``str.isspace``: a text that starts or ends with one of these keeps them (xml:space).
SPACES = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
          "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
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


@dataclass(frozen=True)
class CellStyles:
    """The style attribute (`` s="4"``, or nothing) of each kind of cell, read from the sample row."""

    text: str = ""
    quoted: str = ""
    number: str = ""


# What writes a sheet's rows elsewhere: given the first row's number and the cells'
# styles, chunks of the rows' XML, each with how many rows it holds.
RowsXml = Callable[[int, CellStyles], Iterable[tuple[str | bytes, int]]]


@dataclass
class StreamedSheet:
    """Rows to put in place of the sample row ``row`` of ``sheet`` (an openpyxl write-only
    sheet): either ``rows``, each a sequence of text, whole numbers (written in the sample's
    number format) or None (no cell), or their XML written by ``rows_xml`` (``rows_xml_sql``)."""

    sheet: object
    row: int
    rows: Iterable[Sequence[str | int | None]] = ()
    rows_xml: RowsXml | None = None
    written: int = 0


def _columns(count: int) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [get_column_letter(index) for index in range(1, count + 1)]


def _row_xml(number: int, values: Sequence[str | int | None], columns: list[str], styles: CellStyles,
             illegal) -> str:
    cells = [f'<row r="{number}">']
    for column, value in zip(columns, values, strict=False):
        if value is None or value == "":
            continue
        if isinstance(value, int):
            cells.append(f'<c r="{column}{number}"{styles.number}><v>{value}</v></c>')
            continue
        style = styles.quoted if value.startswith(FORMULA_PREFIXES) else styles.text
        if _SPECIAL.search(value):
            value = escape(illegal.sub("", value))
        space = ' xml:space="preserve"' if value[:1].isspace() or value[-1:].isspace() else ""
        cells.append(f'<c r="{column}{number}" t="inlineStr"{style}><is><t{space}>{value}</t></is></c>')
    cells.append("</row>")
    return "".join(cells)


def _style(sample: bytes, row: int, column: str) -> str:
    match = re.search(rb'<c r="%s%d"[^>]*?\ss="(\d+)"' % (column.encode(), row), sample)
    return f' s="{match.group(1).decode()}"' if match else ""


def rows_xml(rows: Iterable[Sequence[str | int | None]], first_row: int, styles: CellStyles) -> Iterator[tuple[str, int]]:
    """The XML of ``rows`` numbered from ``first_row``, in chunks of CHUNK_ROWS rows, each with its count."""
    illegal = _illegal()
    columns: list[str] = []
    number = first_row
    chunk: list[str] = []
    for values in rows:
        if len(values) > len(columns):
            columns = _columns(len(values))
        chunk.append(_row_xml(number, values, columns, styles, illegal))
        number += 1
        if len(chunk) >= CHUNK_ROWS:
            yield "".join(chunk), len(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk), len(chunk)


def _write_streamed(source: bytes, target, streamed: StreamedSheet) -> None:
    start = source.index(b'<row r="%d"' % streamed.row)
    end = source.index(b"</row>", start) + len(b"</row>")
    sample = source[start:end]
    head, tail = _DIMENSION.sub(b"", source[:start]), source[end:]
    styles = CellStyles(*(_style(sample, streamed.row, column) for column in "ABC"))
    if streamed.rows_xml is not None:
        chunks = streamed.rows_xml(streamed.row, styles)
    else:
        chunks = rows_xml(streamed.rows, streamed.row, styles)
    target.write(head)
    written = 0
    for xml, count in chunks:
        target.write(xml if isinstance(xml, bytes) else xml.encode())
        written += count
    streamed.written = written
    last = streamed.row + written - 1
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


# --- the same rows written by PostgreSQL ---------------------------------------------------------

TEXT = "text"
NUMBER = "number"
# As regular expressions of PostgreSQL (whose text never holds NUL): what needs escaping, what XML cannot hold.
_SQL_SPECIAL = "[&<>\x01-\x08\x0b\x0c\x0e-\x1f]"
_SQL_ILLEGAL = "[\x01-\x08\x0b\x0c\x0e-\x1f]"
# Between a row's texts for the one test that tells a plain row from one needing care (a
# noncharacter; a text holding it only takes the careful way).
_SEPARATOR = "\uffff"
# A text of the row needs escaping, is taken for a formula, or starts or ends with a space.
_FIRST = "".join(prefix for prefix in FORMULA_PREFIXES if prefix != "-") + SPACES + "-"  # "-" last: no range
_SQL_UNUSUAL = f"{_SQL_SPECIAL}|{_SEPARATOR}[{_FIRST}]|[{SPACES}]{_SEPARATOR}"


def _sql_clean(value: str) -> tuple[str, list]:
    """``value`` (a text expression) as ``_row_xml`` writes it: the characters XML cannot hold
    dropped, then & < > escaped; most text has none of them and is taken as it is."""
    sql = (f"CASE WHEN {value} ~ %s THEN replace(replace(replace(regexp_replace({value}, %s, '', 'g'), "
           f"'&', '&amp;'), '<', '&lt;'), '>', '&gt;') ELSE {value} END")
    return sql, [_SQL_SPECIAL, _SQL_ILLEGAL]


def _sql_text_cell(column: str, value: str, styles: CellStyles, *, plain: bool) -> tuple[str, list]:
    """The inline-string cell of text ``value`` in ``column`` of row ``rn`` (text), NULL when
    there is no cell (the row's ``concat`` leaves it out); ``plain`` when the row's texts are
    known to need no escaping, no quote prefix and no kept spaces: then a chain of ``||``
    around the text (NULL when it is NULL or empty), the constant parts folded into one by
    the planner, which costs less than ``concat``'s conversion of each of its arguments."""
    if plain:
        return (f"('<c r=\"{column}' || rn || ('\" t=\"inlineStr\"' || %s || '><is><t>') || NULLIF({value}, '') "
                "|| '</t></is></c>')"), [styles.text]
    clean, clean_params = _sql_clean(value)
    sql = (f"CASE WHEN {value} IS NULL OR {value} = '' THEN NULL ELSE concat('<c r=\"{column}', rn, '\" t=\"inlineStr\"', "
           f"CASE WHEN strpos(%s, left({value}, 1)) > 0 THEN %s ELSE %s END, '><is><t', "
           f"CASE WHEN {clean} <> '' AND (strpos(%s, left({clean}, 1)) > 0 OR strpos(%s, right({clean}, 1)) > 0) "
           f"THEN ' xml:space=\"preserve\"' ELSE '' END, '>', {clean}, '</t></is></c>') END")
    return sql, ["".join(FORMULA_PREFIXES), styles.quoted, styles.text,
                 *clean_params, SPACES, *clean_params, SPACES, *clean_params, *clean_params]


def _sql_number_cell(column: str, value: str, styles: CellStyles) -> tuple[str, list]:
    """The cell of the whole number ``value``, NULL when it is NULL (no cell)."""
    return f"('<c r=\"{column}' || rn || ('\"' || %s || '><v>') || {value} || '</v></c>')", [styles.number]


def _sql_cells(columns: list[str], names: list[str], kinds: Sequence[str], styles: CellStyles, *,
               plain: bool) -> tuple[str, list]:
    cells, params = [], []
    for column, name, kind in zip(columns, names, kinds, strict=True):
        if kind == NUMBER:
            sql, cell_params = _sql_number_cell(column, name, styles)
        else:
            sql, cell_params = _sql_text_cell(column, name, styles, plain=plain)
        cells.append(sql)
        params += cell_params
    return ", ".join(cells), params


# The style of each kind of cell as a mark, for rows written before the sheet's styles are
# known (the workbook's other sheets not yet built): control characters that no text written
# holds (XML cannot hold them: they are dropped), each replaced by its style by ``styled``.
STYLE_MARKS = CellStyles(text="\x01", quoted="\x02", number="\x03")


def styled(xml: bytes, styles: CellStyles) -> bytes:
    """Rows written with ``STYLE_MARKS``, each mark replaced by the style it stands for."""
    for mark, style in zip(astuple(STYLE_MARKS), astuple(styles), strict=True):
        xml = xml.replace(mark.encode(), style.encode())
    return xml


def rows_xml_sql(rows_sql: str, rows_params: Sequence, kinds: Sequence[str], *, first_row: int,
                 styles: CellStyles) -> tuple[str, list]:
    """A statement writing the XML ``rows_xml`` writes, byte for byte, for the rows of ``rows_sql``.

    ``rows_sql`` (with ``rows_params``) gives each row's order key (unique: the rows are
    numbered in its order) and then one value per column, text or a whole number as
    ``kinds`` says (TEXT, NUMBER); NULL or the empty text is no cell. The statement gives
    one row of XML per row, numbered from ``first_row``, in that order; ordered by the key
    the rows are numbered by, so that the server sorts them once (or reads them in order).

    One regular expression over a row's texts tells whether any of them needs escaping, a
    quote prefix or its spaces kept; the cells of the other rows (nearly all) are the text
    as it is between the cell's tags.
    """
    columns = _columns(len(kinds))
    names = [f"v{index}" for index in range(len(kinds))]
    texts = [name for name, kind in zip(names, kinds, strict=True) if kind != NUMBER]
    careful, careful_params = _sql_cells(columns, names, kinds, styles, plain=False)
    plain, plain_params = _sql_cells(columns, names, kinds, styles, plain=True)
    joined = f"concat(%s, {', %s, '.join(texts)}, %s)"
    joined_params = [_SEPARATOR] * (len(texts) + 1)
    row = (f"CASE WHEN {joined} ~ %s THEN concat('<row r=\"', rn, '\">', {careful}, '</row>') "
           f"ELSE concat('<row r=\"', rn, '\">', {plain}, '</row>') END")
    sql = (f"SELECT {row} FROM (SELECT (row_number() OVER (ORDER BY k) + %s)::text AS rn, k, "  # noqa: S608
           f"{', '.join(names)} FROM ({rows_sql}) AS r (k, {', '.join(names)})) AS q ORDER BY k")
    return sql, [*joined_params, _SQL_UNUSUAL, *careful_params, *plain_params, first_row - 1, *rows_params]


def fetched_rows_xml(cursor, *, as_bytes: bool = False) -> Iterator[tuple[str | bytes, int]]:
    """The rows of an executed ``rows_xml_sql`` statement, read in chunks of CHUNK_ROWS rows;
    ``as_bytes`` when the cursor gives the text undecoded, as the file takes it."""
    empty = b"" if as_bytes else ""
    while rows := cursor.fetchmany(CHUNK_ROWS):
        yield empty.join(row[0] for row in rows), len(rows)


# How many chunks ``read_ahead`` reads before the file has written them (about 0,5 MB each).
READ_AHEAD = 4
_END = object()


class ReadAhead:
    """The chunks of ``source()`` read in a thread of their own, started at once, up to
    ``depth`` ahead of the caller, who iterates over this object once.

    The file compresses a chunk of rows while the database writes the next one (the cursor
    asks for it as soon as the chunk before is handed over), instead of each waiting for the
    other: both release the interpreter while they work. ``source`` is called in the
    thread, so a connection it opens there is the thread's own (Django's connections are
    per thread) and can be at work before the caller wants the first chunk. An error while
    reading is raised where the chunks are iterated; ``close()`` (also when the caller
    stops early, or never started) stops the thread and waits for it, after the chunks'
    own ``close()`` ran in it, so a cursor or a connection is released before it returns.
    """

    def __init__(self, source: Callable[[], Iterator], *, depth: int = READ_AHEAD) -> None:
        self._ready: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._reader = threading.Thread(target=self._read, args=(source,), name="xlsx-read-ahead", daemon=True)
        self._reader.start()

    def _read(self, source: Callable[[], Iterator]) -> None:
        chunks = None
        try:
            chunks = source()
            for chunk in chunks:
                if self._stop.is_set():
                    break
                self._ready.put(chunk)
                if self._stop.is_set():  # the caller stopped while this waited to hand the chunk over
                    break
            self._ready.put(_END)
        except BaseException as error:  # noqa: BLE001 - raised again in the caller's thread
            self._ready.put(error)
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()

    def __iter__(self) -> Iterator:
        try:
            while (chunk := self._ready.get()) is not _END:
                if isinstance(chunk, BaseException):
                    raise chunk
                yield chunk
        finally:
            self.close()

    def close(self) -> None:
        """Stop the reader (its chunks closed in its thread) and wait for it."""
        self._stop.set()
        while self._reader.is_alive():  # let a reader waiting to hand over a chunk see the stop
            try:
                self._ready.get(timeout=0.05)
            except queue.Empty:
                pass
        self._reader.join()


def read_ahead(chunks: Iterator, *, depth: int = READ_AHEAD) -> Iterator:
    """``chunks`` read in a thread of their own (``ReadAhead``), up to ``depth`` ahead of the
    caller. The connection is the caller's, used by the thread alone until the chunks end:
    the caller writes nothing to the database meanwhile. When the caller stops early (its
    own error), the thread stops and is waited for before this returns, so the cursor is
    free again."""
    yield from ReadAhead(lambda: chunks, depth=depth)
