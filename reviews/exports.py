"""Downloads of a filtered review queue: CSV streamed in large chunks, XLSX written to a temporary file.

The rows are the union of the queue's branches (``reviews.selectors``), each a walk of an
index, so a province is read from its own rows rather than from the whole table. The
database writes the CSV itself (``COPY (SELECT …) TO STDOUT`` in CSV format, run in a
thread on the request's connection) and Python only gathers its lines into chunks of
64 KB, passed to the response through a bounded queue: the header goes out at once and
memory stays flat. The XLSX reads the rows in Python (``_rows``), in chunks, into a
write-only workbook on disk; a test holds the CSV to the same cells formatted in Python.

Every text cell a spreadsheet could take for a formula (starting with = + - @, a tab or a
carriage return) is neutralised: an apostrophe in CSV, Excel's quote prefix in XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import queue
import tempfile
import threading
import zoneinfo
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import QuerySet
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.enums import SubmitterCategory
from initiatives_portal.tabular import FORMULA_PREFIXES, csv_safe, store_text
from submissions.enums import WAITING_STATES, InitiativeStatus
from submissions.models import Field, Initiative
from unions.models import Unit

from .deadlines import DeadlineRules, deadline_rules, stage_of
from .selectors import QueueFilters, queue_branches

CHUNK_ROWS = 5000
CHUNK_BYTES = 64 * 1024  # a chunk of lines written by COPY
# Chunks a COPY may be ahead of the response (at most ~0.5 MB held), and how often a
# COPY waiting on a full pipe looks whether the response has gone.
PIPE_CHUNKS = 8
PIPE_POLL_SECONDS = 0.1
SORT_MEMORY = "64MB"
PREFETCH_PAGES = 128  # effective_io_concurrency of the export's reads (the server's default is 1)
XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the header
DATE_FORMAT = "%d/%m/%Y %H:%M"
PG_DATE_FORMAT = "DD/MM/YYYY HH24:MI"
XLSX_DATE_FORMAT = "dd/mm/yyyy hh:mm"
DAY_FORMAT = "%d/%m/%Y"
PG_DAY_FORMAT = "DD/MM/YYYY"
XLSX_DAY_FORMAT = "dd/mm/yyyy"
COLUMNS = (
    ("id", gettext_noop("Mã số")), ("title", gettext_noop("Tên sáng kiến")), ("unit__code", gettext_noop("Mã đơn vị")),
    ("unit__name", gettext_noop("Đơn vị")), ("field__name", gettext_noop("Lĩnh vực")),
    ("category", gettext_noop("Đối tượng")), ("author_name", gettext_noop("Tác giả")),
    ("status", gettext_noop("Trạng thái")), ("is_exemplary", gettext_noop("Tiêu biểu")),
    ("first_submitted_at", gettext_noop("Thời điểm gửi")), ("benefit_vnd", gettext_noop("Giá trị làm lợi (đồng)")),
)
# After COLUMNS, of the initiatives waiting for a review (``reviews.deadlines``): the local
# days waiting at their stage and the date their stage is due, worked out from these.
DEADLINE_HEADERS = (gettext_noop("Số ngày chờ"), gettext_noop("Hạn xét duyệt"))
CLOCK_COLUMNS = ("stage_since", "phase_id", "unit_path")
ORDER = ("first_submitted_at", "id")
# COLUMNS as the initiative's own columns, with the unit and the field as keys: PostgreSQL
# joins them once, around the union of index walks, instead of once in every branch.
KEY_COLUMNS = ("id", "title", "unit_id", "field_id", "category", "author_name", "status", "is_exemplary",
               "first_submitted_at", "benefit_vnd", *CLOCK_COLUMNS)


@dataclass(frozen=True)
class Labels:
    """The translated texts of an export, read once in the request's language (the
    response is iterated after the view returns, when no language may be active)."""

    headers: list[str]
    statuses: dict[str, str]
    categories: dict[str, str]
    exemplary: str
    time_zone: str
    # The deadlines in force and the local day the days waiting are counted to.
    rules: DeadlineRules
    today: dt.date

    @classmethod
    def current(cls) -> Labels:
        return cls(
            headers=[_(label) for _name, label in COLUMNS] + [_(label) for label in DEADLINE_HEADERS],
            statuses={value: str(label) for value, label in InitiativeStatus.choices},
            categories={value: str(label) for value, label in SubmitterCategory.choices},
            exemplary=_("có"),
            time_zone=timezone.get_current_timezone_name(),
            rules=deadline_rules(),
            today=timezone.localdate(),
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
    return _union(user, filters, [*(name for name, _label in COLUMNS), *CLOCK_COLUMNS]).order_by(*ORDER)


def _rows(queryset: QuerySet, labels: Labels) -> Iterator[list]:
    """The rows as plain values, oldest first: labels for the category and the status, the
    submission time as a naive date-time in the export's time zone (a spreadsheet cell has
    no zone; the CSV writes it as DATE_FORMAT)."""
    zone = zoneinfo.ZoneInfo(labels.time_zone)
    for row in queryset.iterator(chunk_size=CHUNK_ROWS):
        values = list(row)
        status, stage_since, phase_id, unit_path = values[7], *values[-3:]
        del values[-3:]
        stage = stage_of(status)
        if stage is None or stage_since is None:
            values += [None, None]
        else:
            arrived = stage_since.astimezone(zone).date()
            days = labels.rules.days(stage, phase_id, unit_path)
            values += [(labels.today - arrived).days, arrived + dt.timedelta(days=days)]
        values[5] = labels.categories.get(values[5], values[5])
        values[7] = labels.statuses.get(values[7], values[7])
        values[8] = labels.exemplary if values[8] else ""
        values[9] = values[9].astimezone(zone).replace(tzinfo=None, microsecond=0) if values[9] else ""
        yield values


# --- CSV ----------------------------------------------------------------------------------------


def _sql_cell(expression: str) -> str:
    """A text expression as a cell of COPY's CSV, as ``csv_safe`` and Python's csv writer
    make it: an apostrophe before a formula, and the empty text as NULL (COPY quotes an
    empty text, Python's writer does not; both write NULL as nothing). COPY quotes a cell
    when Python's writer does: when it holds a comma, a double quote, a CR or a LF.
    (``ascii`` is the code of the first character; FORMULA_PREFIXES are single characters.)"""
    codes = ", ".join(str(ord(prefix)) for prefix in FORMULA_PREFIXES)
    return f"(CASE WHEN ascii({expression}) IN ({codes}) THEN '''' || {expression} ELSE nullif({expression}, '') END)"


def _copy_sql(user, filters: QueueFilters, labels: Labels) -> tuple[str, list] | None:
    """The COPY writing the queue's CSV lines (without the header), and its parameters; None
    when the queue has no branch.

    The database reads the rows (the union of the queue's index walks, KEY_COLUMNS, joined
    to the unit and the field once), sorts them, formats the times and maps the categories
    and statuses to their labels; COPY's CSV format quotes the cells. The labels are parameters, already
    neutralised as Python would.
    """
    keys = _union(user, filters, KEY_COLUMNS)
    if keys.query.is_empty():
        return None
    inner, inner_params = keys.query.sql_with_params()
    verify_days, verify_params = labels.rules.days_sql(1, "q")
    approve_days, approve_params = labels.rules.days_sql(2, "q")
    statuses = " ".join("WHEN %s THEN %s" for _status in labels.statuses)
    categories = " ".join("WHEN %s THEN %s" for _category in labels.categories)
    cells = [
        "q.id",
        _sql_cell("q.title"),
        _sql_cell("u.code"),
        _sql_cell("u.name"),
        _sql_cell("f.name"),
        f"(CASE q.category {categories} ELSE {_sql_cell('q.category')} END)",
        _sql_cell("q.author_name"),
        f"(CASE q.status {statuses} ELSE {_sql_cell('q.status')} END)",
        "(CASE WHEN q.is_exemplary THEN %s END)",
        f"to_char(q.first_submitted_at AT TIME ZONE %s, '{PG_DATE_FORMAT}')",
        "q.benefit_vnd",
        "(CASE WHEN q.status IN %s THEN %s - (q.stage_since AT TIME ZONE %s)::date END)",
        f"to_char((q.stage_since AT TIME ZONE %s)::date + (CASE q.status WHEN %s THEN {verify_days} "
        f"WHEN %s THEN {approve_days} END), '{PG_DAY_FORMAT}')",
    ]
    params = [
        *(text for category, label in labels.categories.items() for text in (category, csv_safe(label) or None)),
        *(text for status, label in labels.statuses.items() for text in (status, csv_safe(label) or None)),
        csv_safe(labels.exemplary) or None,
        labels.time_zone,
        tuple(WAITING_STATES), labels.today, labels.time_zone,
        labels.time_zone, InitiativeStatus.SUBMITTED, *verify_params, InitiativeStatus.VERIFIED, *approve_params,
        *inner_params,
    ]
    quote = connection.ops.quote_name
    sql = (
        f"COPY (SELECT {', '.join(cells)} FROM ({inner}) AS q ({', '.join(KEY_COLUMNS)}) "  # noqa: S608  # nosec B608  # values as parameters
        f"JOIN {quote(Unit._meta.db_table)} AS u ON u.id = q.unit_id "
        f"JOIN {quote(Field._meta.db_table)} AS f ON f.id = q.field_id "
        "ORDER BY q.first_submitted_at, q.id) TO STDOUT (FORMAT csv)"
    )
    return sql, params


class _CopyPipe:
    """The file a COPY writes into, in the copying thread, read as chunks by the response.

    psycopg2 calls ``write`` once per row (the protocol sends one message per row) with
    the row's CSV line, ending in a line feed; the line is given the CR LF of Python's csv
    writer and gathered into a chunk of CHUNK_BYTES. Chunks go through a queue of
    PIPE_CHUNKS: the copy waits while the response is that far behind, so memory stays
    flat however large the export. The copy's end, or its error, follows the last chunk.

    ``write`` never raises: psycopg2 would leave the connection inside the COPY. Once the
    reader has gone (``close``), the rest is dropped while the COPY is being cancelled.
    """

    def __init__(self) -> None:
        self._chunks: queue.Queue = queue.Queue(maxsize=PIPE_CHUNKS)
        self._buffer = bytearray()
        self._closed = threading.Event()
        self.ended = False

    def write(self, line: bytes) -> None:
        buffer = self._buffer
        buffer += line
        buffer[-1:] = b"\r\n"
        if len(buffer) >= CHUNK_BYTES:
            self._put(bytes(buffer))
            buffer.clear()

    def finish(self, error: BaseException | None = None) -> None:
        """The writer's last call: the copy is over, or failed with ``error``."""
        if error is None:
            if self._buffer:
                self._put(bytes(self._buffer))
            self._put(_END)
        else:
            self._put(error)

    def _put(self, item: object) -> None:
        while not self._closed.is_set():
            try:
                self._chunks.put(item, timeout=PIPE_POLL_SECONDS)
            except queue.Full:
                continue
            return

    def __iter__(self) -> Iterator[bytes]:
        while True:
            item = self._chunks.get()
            if item is _END:
                self.ended = True
                return
            if isinstance(item, BaseException):
                self.ended = True
                raise item
            yield item

    def close(self) -> None:
        """The reader is gone: the writer drops what is left and never waits again."""
        self._closed.set()


_END = object()


def _copy(cursor, sql: bytes, pipe: _CopyPipe) -> None:
    """The copying thread: ``sql`` run into ``pipe``, then its end or its error handed over."""
    try:
        cursor.copy_expert(sql, pipe)
    except BaseException as error:  # noqa: BLE001 - raised again by the response, in the request's thread
        pipe.finish(error)
    else:
        pipe.finish()


def _database_chunks(user, filters: QueueFilters, labels: Labels) -> Iterator[bytes]:
    """The queue's CSV lines written by PostgreSQL, as chunks of about CHUNK_BYTES."""
    copy = _copy_sql(user, filters, labels)
    if copy is not None:
        yield from _copied(*copy)


def _copied(sql: str, params: Sequence) -> Iterator[bytes]:
    """What ``COPY … TO STDOUT`` (``sql`` with ``params``) writes, as chunks of about CHUNK_BYTES.

    psycopg2 runs a COPY to its end in one call, so it runs in a thread of its own while
    the response sends what is ready. The thread uses the request's connection (not a
    connection of its own) inside the request's transaction: it sees what the request
    sees, and only one thread uses the connection at a time (the request's thread only
    waits on the pipe until the COPY is over). If the response is closed early (the
    client went away), the COPY is cancelled and the thread waited for before the
    transaction is rolled back; an error in the COPY is raised here, as Django's.

    The sort of a province's rows (tens of MB) is given the memory to stay off disk, and
    no JIT: compiling the expressions costs more than it saves on 100.000 rows. Reading
    the rows is most of the time: each lies in a table page of its own (the texts of an
    initiative fill most of a page), read in the order of the table by a bitmap scan of
    the queue's index; asking for PREFETCH_PAGES of them ahead halves the time when the
    pages are not in memory yet.
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL work_mem = '{SORT_MEMORY}'")
        cursor.execute("SET LOCAL jit = off")
        # Not where the server has prefetching off (0: its own choice, or a platform without it).
        cursor.execute(
            "SELECT set_config('effective_io_concurrency', greatest(current_setting('effective_io_concurrency')::int, %s)::text, true) "
            "WHERE current_setting('effective_io_concurrency')::int > 0",
            [PREFETCH_PAGES],
        )
        raw = cursor.cursor
        pipe = _CopyPipe()
        thread = threading.Thread(target=_copy, args=(raw, raw.mogrify(sql, params), pipe),
                                  name="queue-csv-copy", daemon=True)
        thread.start()
        try:
            with connection.wrap_database_errors:
                yield from pipe
        finally:
            pipe.close()
            try:
                if not pipe.ended:
                    # Still copying: stop the server rather than read the rest. Should the
                    # COPY have ended meanwhile, the backend is idle and ignores the cancel.
                    raw.connection.cancel()
            finally:
                thread.join()


def _csv_chunks(user, filters: QueueFilters, labels: Labels) -> Iterator[str | bytes]:
    header = io.StringIO()
    csv.writer(header).writerow(labels.headers)
    yield "\ufeff" + header.getvalue()
    yield from _database_chunks(user, filters, labels)


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
            elif isinstance(value, dt.datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = XLSX_DATE_FORMAT
                cells.append(cell)
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = XLSX_DAY_FORMAT
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
