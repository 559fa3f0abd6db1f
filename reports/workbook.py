"""One workbook of every table of a unit (``units/<code>/workbook.xlsx``), read from the aggregates only.

Each sheet is written by one function of ``SHEETS``, in order: the overview (the unit,
the day, the time the figures were computed, its own targets), the child units with
their targets, the child units by submitter category and by field, the review backlog of
the child units and of the unit, and every unit of the subtree, and with ``since`` the period (received and approved between two days against
the period before, by child unit). A further view is one more function taking the
``WorkbookContext``.

The cells are those of the single-table downloads (``reports.exports.xlsx_cell``):
numbers as numbers grouped by ``#,##0``, percentages as rounded fractions with a
percent format, days as date cells shown dd/mm/yyyy; a Vietnamese spreadsheet draws
them 696.948, 69,7% and 31/05/2022. Every table has its header row frozen and repeated
on each printed page, an auto-filter over its header and rows (not over the totals
row, which stays last when the rows are sorted), and prints landscape, one page wide.

The workbook is built by openpyxl in write-only mode into a temporary file, then copied
into the file the response streams; the subtree sheet's units (130.000 for the
federation), read through a server-side cursor, are written into their sheet during
that copy (``initiatives_portal.xlsx_stream``), so memory stays flat and the whole
federation fits in a web request. PostgreSQL writes those rows' XML itself
(``xlsx_stream.rows_xml_sql``), the way the queue's CSV is written by ``COPY``: Python
only passes the text on to the compressor. In a request that statement starts first, on
a connection of its own (``SubtreeRows``), so the database joins and sorts the units
while Python builds the other sheets.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import OperationalError, connection, transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import SubmitterCategory
from initiatives_portal.xlsx_stream import (
    NUMBER,
    STYLE_MARKS,
    TEXT,
    CellStyles,
    ReadAhead,
    StreamedSheet,
    copy_with_streamed_rows,
    fetched_rows_xml,
    read_ahead,
    rows_xml_sql,
    sample_row,
    styled,
)
from submissions.models import Field
from unions.enums import UnitKind

from .backlog import EMPTY as NO_BACKLOG
from .backlog import Backlog, children_backlog, unit_backlog
from .exports import COUNT_FORMAT, XLSX_CONTENT_TYPE, Cell, ExportTable, Percent, export_table, title_line, xlsx_cell
from .periods import PeriodFigures
from .selectors import (
    ChildRow,
    Dashboard,
    Period,
    cached_with,
    current_programme,
    field_counts_of_units,
    periods,
    subtree_figures_sql,
    totals_of_units_at,
)

CODE_WIDTH = 18
NAME_WIDTH = 45
NUMBER_WIDTH = 14
HEADER_ROW = 2
FIRST_DATA_ROW = 3
A4 = "9"  # OOXML's paper size code
SORT_MEMORY = "64MB"  # the units' hash tables and their sort by path, about 35 MB for the federation
# The subtree sheet's columns after the order key: code, name, kind, parent's code and name, then numbers.
SUBTREE_KINDS = (TEXT, TEXT, TEXT, TEXT, TEXT, NUMBER, NUMBER, NUMBER)
_NO_CONNECTION = object()  # what the subtree's reader gives when it cannot open its connection

logger = logging.getLogger(__name__)


@dataclass
class WorkbookContext:
    """What every sheet function reads: the unit's dashboard (aggregates only) and its periods."""

    dashboard: Dashboard
    spans: list[Period]
    period: PeriodFigures | None = None
    subtree: SubtreeRows | None = None  # the subtree sheet's rows, started with the workbook

    @property
    def children(self) -> list[ChildRow]:
        """The child units in the order of their ranking (cached with the dashboard)."""
        return self.dashboard.children


# --- sheets -------------------------------------------------------------------------------------


def _print_setup(sheet, *, title_rows: str) -> None:
    """Landscape A4, as many pages down as needed but one page wide; ``title_rows`` repeated on each."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = title_rows


def _widths(sheet, widths: Iterable[int]) -> None:
    from openpyxl.utils import get_column_letter

    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def _header_cell(sheet, text: str):
    from openpyxl.styles import Alignment, Font

    cell = xlsx_cell(sheet, text)
    cell.font = Font(bold=True)
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    return cell


def _table_sheet(workbook, context: WorkbookContext, table: ExportTable, *, sheet_title: str,
                 totals: list[Cell] | None, frozen_columns: int = 2, widths: list[int] | None = None):
    """``table`` as a sheet: the title row, the header row (frozen with the first
    ``frozen_columns`` columns, filtered, repeated when printed), its rows, then ``totals``."""
    from openpyxl.utils import get_column_letter

    sheet = workbook.create_sheet(title=sheet_title)
    _widths(sheet, widths or [CODE_WIDTH, NAME_WIDTH] + [NUMBER_WIDTH] * (len(table.headers) - 2))
    sheet.freeze_panes = f"{get_column_letter(frozen_columns + 1)}{FIRST_DATA_ROW}"
    _print_setup(sheet, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    sheet.append([xlsx_cell(sheet, title_line(context.dashboard, table), bold=True)])
    sheet.append([_header_cell(sheet, header) for header in table.headers])
    for row in table.rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    last = get_column_letter(len(table.headers))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(table.rows)}"
    if totals is not None:
        sheet.append([xlsx_cell(sheet, value, bold=True) for value in totals])
    return sheet


def overview_sheet(workbook, context: WorkbookContext) -> None:
    """The unit, the day, when the figures were computed, its totals, then its own targets."""
    d = context.dashboard
    sheet = workbook.create_sheet(title=_("Tổng quan"))
    _widths(sheet, [30, NAME_WIDTH, NUMBER_WIDTH, NUMBER_WIDTH, NUMBER_WIDTH, NUMBER_WIDTH])
    computed_at = timezone.localtime(d.computed_at).replace(tzinfo=None) if d.computed_at else None
    facts: list[tuple[str, Cell]] = [
        (_("Đơn vị"), d.unit.name),
        (_("Mã đơn vị"), d.unit.code),
        (_("Tính đến hết ngày"), d.as_of),
        (_("Số liệu tính lúc"), computed_at),
        (_("Đã gửi"), d.totals["received"]),
        (_("Đã công nhận"), d.totals["approved"]),
    ]
    headers = [_("Giai đoạn"), _("Chỉ tiêu"), _("Số sáng kiến"), _("Đạt (%)"), _("Vượt (sáng kiến)"), _("Vượt (%)")]
    header_row = len(facts) + 2
    sheet.freeze_panes = f"A{header_row + 1}"
    _print_setup(sheet, title_rows=f"{header_row}:{header_row}")
    for label, value in facts:
        sheet.append([xlsx_cell(sheet, label, bold=True), xlsx_cell(sheet, value)])
    sheet.append([])
    sheet.append([_header_cell(sheet, header) for header in headers])
    for p in d.progress:
        exceeded = p.exceeded_by > 0
        sheet.append([xlsx_cell(sheet, value) for value in [
            p.period.name, p.target, p.count, Percent(p.count, p.target),
            p.exceeded_by if exceeded else None, Percent(p.exceeded_by, p.target) if exceeded else None,
        ]])
    sheet.auto_filter.ref = f"A{header_row}:F{header_row + len(d.progress)}"


def children_sheet(workbook, context: WorkbookContext) -> None:
    """The children table of the downloads, with a totals row of the child units."""
    table = export_table(context.dashboard, "children", spans=context.spans)
    rows = context.children
    totals: list[Cell] = [None, _("Cộng các đơn vị trực thuộc"), sum(r.received for r in rows),
                          sum(r.approved for r in rows)]
    for period in context.spans:
        progress = [r.targets[period.code] for r in rows if period.code in r.targets]
        if not progress:
            totals += [None] * 5
            continue
        target, count = sum(p.target for p in progress), sum(p.count for p in progress)
        over = max(0, count - target)
        totals += [target, count, Percent(count, target), over or None, Percent(over, target) if over else None]
    totals.append(None)
    _table_sheet(workbook, context, table, sheet_title=_("Đơn vị trực thuộc"), totals=totals)


def _child_columns(title: str, context: WorkbookContext, headers: list[str],
                   cells: Callable[[ChildRow], list[Cell]], totals: list[Cell]) -> tuple[ExportTable, list[Cell]]:
    rows = [[row.unit.code, row.unit.name, row.received, *cells(row)] for row in context.children]
    table = ExportTable("", title, [_("Mã đơn vị"), _("Tên đơn vị"), _("Đã gửi"), *headers], rows)
    received = sum(row.received for row in context.children)
    return table, [None, _("Cộng các đơn vị trực thuộc"), received, *totals]


def categories_sheet(workbook, context: WorkbookContext) -> None:
    """Each child unit's initiatives by submitter category: the count and its share of the unit's."""
    categories = list(SubmitterCategory)
    ids = [row.unit.pk for row in context.children]
    day = context.dashboard.as_of
    # Read once per aggregate set and day, as the children's rows: every download of the day needs them.
    counts = cached_with(context.dashboard, "children-categories",
                         lambda: totals_of_units_at(ids, {day}, tuple(c.value for c in categories))[day])
    headers: list[str] = []
    for category in categories:
        headers += [str(category.label), _("%(category)s: tỷ lệ (%%)") % {"category": category.label}]

    def cells(row: ChildRow) -> list[Cell]:
        out: list[Cell] = []
        for category in categories:
            count = counts[row.unit.pk][category.value]
            out += [count, Percent(count, row.received, is_share=True)]
        return out

    received = sum(row.received for row in context.children)
    totals: list[Cell] = []
    for category in categories:
        count = sum(counts[pk][category.value] for pk in ids)
        totals += [count, Percent(count, received, is_share=True)]
    table, total_row = _child_columns(_("Sáng kiến theo đối tượng"), context, headers, cells, totals)
    widths = [CODE_WIDTH, NAME_WIDTH, NUMBER_WIDTH] + [24, NUMBER_WIDTH] * len(categories)
    _table_sheet(workbook, context, table, sheet_title=_("Theo đối tượng"), totals=total_row, widths=widths)


def fields_sheet(workbook, context: WorkbookContext) -> None:
    """Each child unit's initiatives by field, every field a column."""
    fields = list(Field.objects.all())
    ids = [row.unit.pk for row in context.children]
    counts = cached_with(context.dashboard, "children-fields",
                         lambda: field_counts_of_units(ids, context.dashboard.as_of))

    def cells(row: ChildRow) -> list[Cell]:
        return [counts[row.unit.pk].get(f.pk, 0) for f in fields]

    totals: list[Cell] = [sum(counts[pk].get(f.pk, 0) for pk in ids) for f in fields]
    table, total_row = _child_columns(_("Sáng kiến theo lĩnh vực"), context, [str(f) for f in fields], cells, totals)
    _table_sheet(workbook, context, table, sheet_title=_("Theo lĩnh vực"), totals=total_row)


def _backlog_cells(backlog: Backlog) -> list[Cell]:
    return [backlog.awaiting_verify, backlog.overdue_verify, backlog.awaiting_approve, backlog.overdue_approve,
            backlog.oldest_waiting_days, backlog.median_days_to_verify, backlog.median_days_to_approve]


def backlog_sheet(workbook, context: WorkbookContext) -> None:
    """The review backlog on the workbook's day: each child unit (in the ranking's order), the
    children's totals (the sums and the longest wait; a median of medians means nothing), then
    the unit itself, whose medians are its subtree's. The medians count the decisions of the
    period with ``since``, every decision up to the day without it."""
    d = context.dashboard
    since = context.period.since if context.period is not None else None
    by_unit = children_backlog(d.unit, d.as_of, since) if context.children else {}
    own = unit_backlog(d.unit, d.as_of, since) or NO_BACKLOG
    headers = [_("Mã đơn vị"), _("Tên đơn vị"), _("Chờ cơ sở xác nhận"), _("Quá hạn xác nhận"),
               _("Chờ cấp trên công nhận"), _("Quá hạn công nhận"), _("Chờ lâu nhất (ngày)"),
               _("Trung vị số ngày đến khi xác nhận"), _("Trung vị số ngày đến khi công nhận")]
    backlogs = [(row.unit, by_unit.get(row.unit.pk, NO_BACKLOG)) for row in context.children]
    rows: list[list[Cell]] = [[unit.code, unit.name, *_backlog_cells(b)] for unit, b in backlogs]
    table = ExportTable("", _("Tồn đọng xét duyệt"), headers, rows)
    totals = None
    if backlogs:
        cells = [_backlog_cells(b) for _unit, b in backlogs]
        waits = [b.oldest_waiting_days for _unit, b in backlogs if b.oldest_waiting_days is not None]
        totals = [None, _("Cộng các đơn vị trực thuộc"), *(sum(row[i] for row in cells) for i in range(4)),
                  max(waits, default=None), None, None]
    widths = [CODE_WIDTH, NAME_WIDTH] + [NUMBER_WIDTH] * 5 + [20, 20]
    sheet = _table_sheet(workbook, context, table, sheet_title=_("Tồn đọng xét duyệt"), totals=totals, widths=widths)
    sheet.append([xlsx_cell(sheet, value, bold=True) for value in [d.unit.code, d.unit.name, *_backlog_cells(own)]])


def subtree_sheet(workbook, context: WorkbookContext) -> StreamedSheet:
    """Every active unit of the subtree, the unit first, in tree order, with its parent.

    openpyxl writes the sheet with its title, header and set-up and one sample row; the
    units are streamed in place of that row when the package is copied out
    (``initiatives_portal.xlsx_stream``), their XML written by the database.
    """
    d = context.dashboard
    headers = [_("Mã đơn vị"), _("Tên đơn vị"), _("Cấp"), _("Mã đơn vị cấp trên"), _("Tên đơn vị cấp trên"),
               _("Tầng (Tổng Liên đoàn là 1)"), _("Đã gửi"), _("Đã công nhận")]
    table = ExportTable("", _("Toàn bộ đơn vị"), headers, [])
    sheet = workbook.create_sheet(title=_("Toàn bộ đơn vị"))
    _widths(sheet, [CODE_WIDTH, NAME_WIDTH, 32, CODE_WIDTH, NAME_WIDTH, NUMBER_WIDTH, NUMBER_WIDTH, NUMBER_WIDTH])
    sheet.freeze_panes = f"C{FIRST_DATA_ROW}"
    _print_setup(sheet, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    sheet.append([xlsx_cell(sheet, title_line(d, table), bold=True)])
    sheet.append([_header_cell(sheet, header) for header in headers])
    sheet.append(sample_row(sheet, COUNT_FORMAT))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:H{FIRST_DATA_ROW}"
    rows = context.subtree if context.subtree is not None else SubtreeRows(d, early=False)
    return StreamedSheet(sheet=sheet, row=FIRST_DATA_ROW, rows_xml=rows.xml)


class SubtreeRows:
    """The subtree sheet's rows' XML, written by the database (``rows_xml_sql`` around
    ``subtree_figures_sql``) with the cells' styles as marks, replaced by the sheet's styles
    (known once the other sheets are built) as the rows are written into the file.

    Started ``early`` outside a transaction (a request: the connection in autocommit), the
    statement runs at once on a connection of its own, read in a thread (``ReadAhead``):
    the database joins and sorts the units while the other sheets are built in Python on
    the request's connection, then writes the rows' XML while the file compresses them.
    The statement sees what was committed when it started, as each of the other sheets'
    own statements sees what was committed when it ran. Inside a transaction (tests, or a
    caller that wrote something not yet committed, which another connection cannot see)
    the rows are read on the caller's connection when the sheet is written; so they are
    too when the connection of its own cannot be opened (the server at ``max_connections``):
    the download is slower, not refused. ``close()`` ends the reader and its connection.
    """

    def __init__(self, dashboard: Dashboard, *, early: bool = True) -> None:
        kinds = {kind.value: str(kind.label) for kind in UnitKind}  # in the request's language, not the thread's
        sql, params = subtree_figures_sql(dashboard.unit, dashboard.as_of, kind_labels=kinds)
        self.sql, self.params = rows_xml_sql(sql, params, SUBTREE_KINDS, first_row=FIRST_DATA_ROW, styles=STYLE_MARKS)
        self.early = early and not connection.in_atomic_block
        self._ahead = ReadAhead(self._own_connection) if self.early else None

    def _own_connection(self) -> Iterator[tuple[bytes, int] | object]:
        """In the reader's thread: the chunks read on that thread's connection, closed at the
        end; only ``_NO_CONNECTION`` when that connection cannot be opened."""
        try:
            try:
                connection.ensure_connection()
            except OperationalError as error:
                logger.warning("workbook: no connection of its own for the subtree's rows, read on the "
                               "request's instead: %s", error)
                yield _NO_CONNECTION
                return
            with _rows_cursor(self.sql, self.params) as cursor:
                yield from fetched_rows_xml(cursor, as_bytes=True)
        finally:
            connection.close()

    def xml(self, first_row: int, styles: CellStyles) -> Iterator[tuple[bytes, int]]:
        """The chunks of rows numbered from ``first_row`` (the sheet's first data row) in ``styles``."""
        if first_row != FIRST_DATA_ROW:
            raise ValueError(f"the subtree's rows are numbered from {FIRST_DATA_ROW}, not {first_row}")
        chunks = iter(self._ahead) if self._ahead is not None else database_rows_xml(self.sql, self.params)
        first = next(chunks, None)
        if first is _NO_CONNECTION:  # the other sheets are built: the request's connection is free
            chunks.close()  # the reader has ended: waited for
            chunks, first = database_rows_xml(self.sql, self.params), None
        if first is not None:
            yield styled(first[0], styles), first[1]
        for xml, count in chunks:
            yield styled(xml, styles), count

    def close(self) -> None:
        if self._ahead is not None:
            self._ahead.close()


@contextmanager
def _rows_cursor(sql: str, params: list):
    """A server-side cursor over ``sql`` (a ``rows_xml_sql`` statement) inside a transaction,
    on the connection of the calling thread, so the server writes each chunk as it is
    fetched instead of holding the whole result for a cursor that outlives it.

    No JIT: compiling the statement's expressions costs more than it saves on 130.000 rows;
    and the memory to hash and sort 130.000 units without spilling to disk. The XML comes
    as the server's UTF-8 bytes, undecoded: the file takes them as they are.
    """
    from psycopg2.extensions import BYTES, register_type

    with transaction.atomic(), connection.cursor() as settings:
        settings.execute("SET LOCAL jit = off")
        settings.execute(f"SET LOCAL work_mem = '{SORT_MEMORY}'")
        with connection.chunked_cursor() as cursor:
            register_type(BYTES, cursor.cursor)
            cursor.execute(sql, params)
            yield cursor


def database_rows_xml(sql: str, params: list) -> Iterator[tuple[bytes, int]]:
    """The chunks of rows' XML written by ``sql`` on the caller's connection, fetched in a
    thread (``read_ahead``), so the server writes the next while the file compresses one."""
    with _rows_cursor(sql, params) as cursor:
        yield from read_ahead(fetched_rows_xml(cursor, as_bytes=True))


def period_sheet(workbook, context: WorkbookContext) -> None:
    """With ``since``: the period against the period of the same length before it, then each
    child unit's received and approved in the period (ranked by received, totals last)."""
    from openpyxl.utils import get_column_letter

    period = context.period
    if period is None:
        return
    sheet = workbook.create_sheet(title=_("Trong kỳ"))
    _widths(sheet, [CODE_WIDTH, NAME_WIDTH, NUMBER_WIDTH, NUMBER_WIDTH, NUMBER_WIDTH, NUMBER_WIDTH, NUMBER_WIDTH])
    headers = [_("Mã đơn vị"), _("Tên đơn vị"), _("Gửi trong kỳ"), _("Gửi trong kỳ trước"), _("Tăng, giảm"),
               _("Công nhận trong kỳ"), _("Xếp hạng")]
    table = ExportTable("", _("Số liệu trong kỳ"), headers, [])
    facts: list[tuple[str, Cell, Cell]] = [
        (_("Từ ngày"), period.since, period.previous_since),
        (_("Đến hết ngày"), period.as_of, period.previous_as_of),
        (_("Gửi"), period.received, period.previous_received),
        (_("Công nhận"), period.approved, period.previous_approved),
    ]
    header_row = len(facts) + 5  # the title, the columns' names, the facts, the change, a blank row
    sheet.freeze_panes = f"C{header_row + 1}"
    _print_setup(sheet, title_rows=f"{header_row}:{header_row}")
    sheet.append([xlsx_cell(sheet, title_line(context.dashboard, table, period), bold=True)])
    sheet.append([None, _header_cell(sheet, _("Kỳ này")), _header_cell(sheet, _("Kỳ trước"))])
    for label, now, before in facts:
        sheet.append([None, xlsx_cell(sheet, label, bold=True), xlsx_cell(sheet, now), xlsx_cell(sheet, before)])
    change = period.received_change
    sheet.append([None, xlsx_cell(sheet, _("Gửi: tăng, giảm so với kỳ trước"), bold=True),
                  xlsx_cell(sheet, change.difference),
                  xlsx_cell(sheet, Percent(change.difference, change.previous)) if change.previous else None])
    sheet.append([])
    sheet.append([_header_cell(sheet, header) for header in headers])
    for child in period.children:
        sheet.append([xlsx_cell(sheet, value) for value in [
            child.unit.code, child.unit.name, child.received, child.previous_received,
            child.received - child.previous_received, child.approved, child.rank,
        ]])
    last = get_column_letter(len(headers))
    sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + len(period.children)}"
    children = period.children
    received, previous = sum(c.received for c in children), sum(c.previous_received for c in children)
    sheet.append([xlsx_cell(sheet, value, bold=True) for value in [
        None, _("Cộng các đơn vị trực thuộc"), received, previous, received - previous,
        sum(c.approved for c in children), None,
    ]])


# Each writes its sheet into the workbook; one whose rows are streamed afterwards returns them.
SHEETS: tuple[Callable[[object, WorkbookContext], StreamedSheet | None], ...] = (
    overview_sheet, children_sheet, categories_sheet, fields_sheet, backlog_sheet, period_sheet, subtree_sheet,
)


# --- the file -----------------------------------------------------------------------------------


def filename(dashboard: Dashboard, period: PeriodFigures | None = None) -> str:
    """``P01-workbook-2022-05-31.xlsx`` (with a period ``P01-workbook-2022-05-01-2022-05-31.xlsx``),
    named like the single-table downloads."""
    since = f"{period.since.isoformat()}-" if period is not None else ""
    return f"{dashboard.unit.code}-workbook-{since}{dashboard.as_of.isoformat()}.xlsx"


def workbook_file(dashboard: Dashboard, period: PeriodFigures | None = None):
    """The workbook of ``dashboard`` (and ``period``) written to a temporary file, positioned at its start."""
    from openpyxl import Workbook

    subtree = SubtreeRows(dashboard)  # first: the database is at work while the other sheets are built
    try:
        programme = current_programme()
        context = WorkbookContext(dashboard=dashboard, spans=periods(programme) if programme is not None else [],
                                  period=period, subtree=subtree)
        workbook = Workbook(write_only=True)
        streamed = [rows for write in SHEETS if (rows := write(workbook, context)) is not None]
        with tempfile.TemporaryFile() as package:
            workbook.save(package)
            package.seek(0)
            handle = tempfile.TemporaryFile()
            copy_with_streamed_rows(package, handle, streamed)
    finally:
        subtree.close()
    handle.seek(0)
    return handle


def workbook_response(dashboard: Dashboard, period: PeriodFigures | None = None) -> FileResponse:
    """The workbook as a download streamed from its temporary file."""
    return FileResponse(workbook_file(dashboard, period), as_attachment=True, filename=filename(dashboard, period),
                        content_type=XLSX_CONTENT_TYPE)

