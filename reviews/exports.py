"""Downloads of a filtered review queue: CSV streamed in large chunks, XLSX written to a temporary file.

The rows are the union of the queue's branches (``reviews.selectors``), each a walk of an
index, so a province is read from its own rows rather than from the whole table. On
PostgreSQL the database writes each CSV line itself (one text column per row, read
through a server-side cursor inside a transaction) and Python only joins the lines into
chunks of 64 KB: the header goes out at once and memory stays flat. Elsewhere (SQLite)
the same cells are formatted in Python; a test holds both ways to the same bytes. The
XLSX reads the rows the Python way, in chunks, into a write-only workbook on disk.

Every text cell a spreadsheet could take for a formula (starting with = + - @, a tab or a
carriage return) is neutralised: an apostrophe in CSV, Excel's quote prefix in XLSX.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from initiatives_portal.tabular import FORMULA_PREFIXES, csv_safe, store_text
from submissions.enums import InitiativeStatus
from submissions.models import Field, Initiative
from unions.models import Unit

from .selectors import QueueFilters, queue_branches

CHUNK_ROWS = 5000
CHUNK_CHARS = 64 * 1024
SORT_MEMORY = "64MB"
XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the header
DATE_FORMAT = "%d/%m/%Y %H:%M"
PG_DATE_FORMAT = "DD/MM/YYYY HH24:MI"
COLUMNS = (
    ("id", gettext_noop("Mã số")), ("title", gettext_noop("Tên sáng kiến")), ("unit__code", gettext_noop("Mã đơn vị")),
    ("unit__name", gettext_noop("Đơn vị")), ("field__name", gettext_noop("Lĩnh vực")),
    ("category", gettext_noop("Đối tượng")), ("author_name", gettext_noop("Tác giả")),
    ("status", gettext_noop("Trạng thái")), ("is_exemplary", gettext_noop("Tiêu biểu")),
    ("first_submitted_at", gettext_noop("Thời điểm gửi")), ("benefit_vnd", gettext_noop("Giá trị làm lợi (đồng)")),
)
ORDER = ("first_submitted_at", "id")
# COLUMNS as the initiative's own columns, with the unit and the field as keys: PostgreSQL
# joins them once, around the union of index walks, instead of once in every branch.
KEY_COLUMNS = ("id", "title", "unit_id", "field_id", "category", "author_name", "status", "is_exemplary",
               "first_submitted_at", "benefit_vnd")


@dataclass(frozen=True)
class Labels:
    """The translated texts of an export, read once in the request's language (the
    response is iterated after the view returns, when no language may be active)."""

    headers: list[str]
    statuses: dict[str, str]
    exemplary: str
    time_zone: str

    @classmethod
    def current(cls) -> Labels:
        return cls(
            headers=[_(label) for _name, label in COLUMNS],
            statuses={value: str(label) for value, label in InitiativeStatus.choices},
            exemplary=_("có"),
            time_zone=timezone.get_current_timezone_name(),
        )


def _union(user, filters: QueueFilters, columns: Sequence[str]) -> QuerySet[Initiative]:
    """The queue's rows under ``filters`` as ``columns``: the union of the queue's branches,
    each one walk of an index (a whole province is read from its rows, not the table)."""
    branches = [branch.values_list(*columns) for branch in queue_branches(user, filters, filters.state)]
    if not branches:
        return Initiative.objects.none().values_list(*columns)
    if len(branches) == 1:
        return branches[0]
    return branches[0].union(*branches[1:], all=True)


def _queryset(user, filters: QueueFilters) -> QuerySet[Initiative]:
    return _union(user, filters, [name for name, _label in COLUMNS]).order_by(*ORDER)


def _rows(queryset: QuerySet, labels: Labels) -> Iterator[list]:
    """The rows as plain values in the export's formatting (times in Vietnam time), oldest first."""
    for row in queryset.iterator(chunk_size=CHUNK_ROWS):
        values = list(row)
        values[7] = labels.statuses.get(values[7], values[7])
        values[8] = labels.exemplary if values[8] else ""
        values[9] = timezone.localtime(values[9]).strftime(DATE_FORMAT) if values[9] else ""
        yield values


# --- CSV ----------------------------------------------------------------------------------------


class _Buffer(io.StringIO):
    """A StringIO emptied by ``take``: the csv writer's target for one chunk at a time."""

    def take(self) -> str:
        text = self.getvalue()
        self.seek(0)
        self.truncate()
        return text


def _python_chunks(queryset: QuerySet, labels: Labels) -> Iterator[str]:
    """The CSV lines formatted in Python, joined into chunks of about CHUNK_CHARS."""
    buffer = _Buffer()
    writer = csv.writer(buffer)
    for values in _rows(queryset, labels):
        writer.writerow([csv_safe(v) if isinstance(v, str) else ("" if v is None else v) for v in values])
        if buffer.tell() >= CHUNK_CHARS:
            yield buffer.take()
    if buffer.tell():
        yield buffer.take()


def _sql_text(column: str, *, neutralise: bool = True) -> str:
    """A text column as a CSV cell: quoted, with its double quotes doubled, when it holds a
    comma, a quote or a line break (as Python's csv writer does); an apostrophe before a
    formula, which never changes whether the cell needs quotes."""
    column = f"coalesce({column}, '')"
    value = column
    if neutralise:
        prefixes = ", ".join(_sql_literal(p) for p in FORMULA_PREFIXES)
        value = f"(CASE WHEN left({column}, 1) IN ({prefixes}) THEN '''' || {column} ELSE {column} END)"
    return (
        f"(CASE WHEN {column} ~ '[\",\\r\\n]' THEN '\"' || replace({value}, '\"', '\"\"') || '\"' "
        f"ELSE {value} END)"
    )


def _sql_literal(text: str) -> str:
    """A character of FORMULA_PREFIXES as SQL (chr() for the control characters)."""
    return f"chr({ord(text)})" if not text.isprintable() else "'" + text.replace("'", "''") + "'"


def _csv_cell(text: str) -> str:
    """``text`` as one CSV cell, quoted when needed, by Python's csv writer."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([text])
    return buffer.getvalue()


def _line_sql(labels: Labels) -> tuple[str, list]:
    """The SQL expression of one CSV line over ``q`` (KEY_COLUMNS), ``u`` (the unit) and
    ``f`` (the field), and its parameters.

    The parameters are the translated labels, already written as CSV cells, and the time
    zone; every other value comes from the tables' columns.
    """
    statuses = " ".join("WHEN %s THEN %s" for _status in labels.statuses)
    cells = [
        "q.id::text",
        _sql_text("q.title"),
        _sql_text("u.code"),
        _sql_text("u.name"),
        _sql_text("f.name"),
        _sql_text("q.category", neutralise=False),
        _sql_text("q.author_name"),
        f"(CASE q.status {statuses} ELSE q.status END)",
        "(CASE WHEN q.is_exemplary THEN %s ELSE '' END)",
        f"coalesce(to_char(q.first_submitted_at AT TIME ZONE %s, '{PG_DATE_FORMAT}'), '')",
        "coalesce(q.benefit_vnd::text, '')",
    ]
    params = [
        *(text for status, label in labels.statuses.items() for text in (status, _csv_cell(label))),
        _csv_cell(labels.exemplary),
        labels.time_zone,
    ]
    return " || ',' || ".join(cells) + " || chr(13) || chr(10)", params


def _database_lines(user, filters: QueueFilters, labels: Labels) -> Iterator[str]:
    """The CSV lines written by PostgreSQL, read through a server-side cursor inside a
    transaction (without one the cursor would be WITH HOLD, materialised before the first row).

    The sort of a province's lines (tens of MB) is given the memory to stay off disk, and
    no JIT: compiling the expressions costs more than it saves on 100.000 rows.
    """
    keys = _union(user, filters, KEY_COLUMNS)
    if keys.query.is_empty():
        return
    inner, inner_params = keys.query.sql_with_params()
    line, line_params = _line_sql(labels)
    quote = connection.ops.quote_name
    sql = (
        f"SELECT {line} FROM ({inner}) AS q ({', '.join(KEY_COLUMNS)}) "  # noqa: S608  # nosec B608  # values as parameters
        f"JOIN {quote(Unit._meta.db_table)} AS u ON u.id = q.unit_id "
        f"JOIN {quote(Field._meta.db_table)} AS f ON f.id = q.field_id "
        "ORDER BY q.first_submitted_at, q.id"
    )
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{SORT_MEMORY}'")
            cursor.execute("SET LOCAL jit = off")
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, [*line_params, *inner_params])
            while rows := cursor.fetchmany(CHUNK_ROWS):
                for (text,) in rows:
                    yield text


def _csv_chunks(user, filters: QueueFilters, labels: Labels) -> Iterator[str]:
    header = io.StringIO()
    csv.writer(header).writerow(labels.headers)
    yield "\ufeff" + header.getvalue()
    if connection.vendor == "postgresql":
        yield from _regroup(_database_lines(user, filters, labels))
    else:
        yield from _python_chunks(_queryset(user, filters), labels)


def _regroup(parts: Iterator[str]) -> Iterator[str]:
    """``parts`` joined into chunks of at least CHUNK_CHARS (the last one may be shorter)."""
    pending: list[str] = []
    size = 0
    for part in parts:
        pending.append(part)
        size += len(part)
        if size >= CHUNK_CHARS:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)


def queue_csv(user, filters: QueueFilters) -> StreamingHttpResponse:
    """The filtered queue as a CSV download that starts at once, in constant memory."""
    response = StreamingHttpResponse(_csv_chunks(user, filters, Labels.current()),
                                     content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sang-kien-{timezone.localdate():%Y%m%d}.csv"'
    return response


# --- XLSX ---------------------------------------------------------------------------------------


def queue_xlsx(user, filters: QueueFilters) -> FileResponse:
    """The filtered queue as an XLSX file: rows read in chunks into a write-only workbook on disk."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    labels = Labels.current()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Sáng kiến"))
    sheet.append(labels.headers)
    for count, values in enumerate(_rows(_queryset(user, filters), labels)):
        if count >= XLSX_MAX_ROWS:
            break
        cells = []
        for value in values:
            if isinstance(value, str):
                cell = WriteOnlyCell(sheet)
                store_text(cell, value)
                cells.append(cell)
            else:
                cells.append(value)
        sheet.append(cells)
    handle = tempfile.TemporaryFile()
    workbook.save(handle)
    handle.seek(0)
    return FileResponse(
        handle, as_attachment=True, filename=f"sang-kien-{timezone.localdate():%Y%m%d}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
