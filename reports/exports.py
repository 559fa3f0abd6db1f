"""The dashboard tables of a unit as CSV or XLSX files.

A table (``children``, ``categories``, ``fields``) is first built as typed cells from
the unit's ``Dashboard`` (which reads the aggregates only), then written:

- CSV: UTF-8 with a BOM so that Excel shows Vietnamese correctly, streamed. Counts are
  written as plain digits (696948), which every spreadsheet reads as the right number
  whatever its locale; percentages as the dashboard writes them (``progress_text``,
  ``share_text``: "69,7%", "132%", "55%").
- XLSX: a title row (unit, as-of date, computed-at time), a header row, then numbers
  as numbers and percentages as fractions with a percent format; the stored
  percentage is already rounded by the rule of ``initiatives_portal.formatting``, so the sheet
  shows the figure the dashboard shows.

Text that a spreadsheet would take for a formula (starting with = + - @, a tab or a
carriage return) is neutralised: prefixed with an apostrophe in CSV, stored as plain
text with Excel's quote prefix in XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.enums import PhaseCode
from initiatives_portal.formatting import HUNDRED, progress_text, ratio_percent, round_progress, round_share, share_text
from initiatives_portal.tabular import csv_safe, store_text
from reviews.exports import XLSX_DATE_FORMAT

from .periods import PeriodFigures
from .selectors import Dashboard, Period, current_programme, periods

TABLES: tuple[str, ...] = ("children", "categories", "fields")
FORMATS: tuple[str, ...] = ("csv", "xlsx")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BOM = "\ufeff"

# Number formats name the grouping and the decimal point; the reader's locale draws them,
# so a Vietnamese spreadsheet shows 696.948 and 69,7% (README, "Downloads").
COUNT_FORMAT = "#,##0"
TENTHS_PERCENT_FORMAT = "0.0%"
WHOLE_PERCENT_FORMAT = "0%"
DAY_FORMAT = "dd/mm/yyyy"
TENTHS_FORMAT = "0.0"
# Spreadsheets count days from 1900: an earlier day is written as text.
FIRST_DATE_CELL_YEAR = 1900


@dataclass(frozen=True)
class Percent:
    """A percentage cell: ``part / whole``, rounded as a progress figure or as a share."""

    part: int
    whole: int
    is_share: bool = False

    @property
    def rounded(self) -> Decimal | None:
        """The percentage in percent (69.7, 132, 55) after the rounding rule; None when ``whole`` is 0."""
        exact = ratio_percent(self.part, self.whole)
        if exact is None:
            return None
        return round_share(exact) if self.is_share else round_progress(exact)

    @property
    def text(self) -> str:
        """As the dashboard writes it ("69,7%"); "" when there is nothing to divide by."""
        if not self.whole:
            return ""
        return share_text(self.part, self.whole) if self.is_share else progress_text(self.part, self.whole)


Cell = str | int | Decimal | Percent | dt.date | None


@dataclass
class ExportTable:
    """One dashboard table as rows of typed cells (text, whole numbers, percentages or blanks)."""

    name: str
    title: str
    headers: list[str]
    rows: list[list[Cell]]


# --- the tables ---------------------------------------------------------------------------------


def export_table(dashboard: Dashboard, table: str, *, spans: list[Period] | None = None,
                 period: PeriodFigures | None = None) -> ExportTable:
    """The ``table`` (one of ``TABLES``) of ``dashboard`` as typed cells.

    ``spans`` are the periods for the children table's target columns (the current
    programme's phases and ``overall`` by default). With ``period`` (``since=``), the
    figures of that period follow the totals: received and approved in it per child unit,
    received in it and its share per category or field. Raises ``KeyError`` for an unknown
    table.
    """
    if table == "children":
        if spans is None:
            programme = current_programme()
            spans = periods(programme) if programme is not None else []
        return _children_table(dashboard, spans, period)
    if table == "categories":
        return _categories_table(dashboard, period)
    return {"fields": _fields_table}[table](dashboard, period)


def _period_name(period: Period) -> str:
    return str(PhaseCode.OVERALL.label) if period.code == PhaseCode.OVERALL else period.name


def _children_table(dashboard: Dashboard, spans: list[Period], figures_since: PeriodFigures | None = None) -> ExportTable:
    headers = [_("Mã đơn vị"), _("Tên đơn vị"), _("Đã gửi"), _("Đã công nhận")]
    in_period = {}
    if figures_since is not None:
        headers += [_("Gửi trong kỳ"), _("Công nhận trong kỳ")]
        in_period = {child.unit.pk: child for child in figures_since.children}
    for period in spans:
        name = _period_name(period)
        headers += [
            _("%(period)s: chỉ tiêu") % {"period": name},
            _("%(period)s: số sáng kiến") % {"period": name},
            _("%(period)s: đạt (%%)") % {"period": name},
            _("%(period)s: vượt (sáng kiến)") % {"period": name},
            _("%(period)s: vượt (%%)") % {"period": name},
        ]
    headers.append(_("Xếp hạng"))
    rows: list[list[Cell]] = []
    for child in dashboard.children:
        row: list[Cell] = [child.unit.code, child.unit.name, child.received, child.approved]
        if figures_since is not None:
            figures = in_period.get(child.unit.pk)
            row += [figures.received, figures.approved] if figures is not None else [0, 0]
        for period in spans:
            progress = child.targets.get(period.code)
            if progress is None:
                row += [None] * 5
                continue
            exceeded = progress.exceeded_by > 0
            row += [
                progress.target,
                progress.count,
                Percent(progress.count, progress.target),
                progress.exceeded_by if exceeded else None,
                Percent(progress.exceeded_by, progress.target) if exceeded else None,
            ]
        row.append(child.rank)
        rows.append(row)
    return ExportTable("children", _("Số liệu các đơn vị trực thuộc"), headers, rows)


def _shares_table(name: str, title: str, label: str, dashboard: Dashboard, shares,
                  period_shares: list | None = None, period_received: int = 0) -> ExportTable:
    """Counts and shares of the totals; with ``period_shares``, those of the period too (every
    code of either list, in the totals' order, then the period's own)."""
    received = dashboard.totals["received"]
    headers = [_("Mã"), label, _("Số sáng kiến"), _("Tỷ lệ (%)")]
    if period_shares is None:
        rows: list[list[Cell]] = [
            [share.code, share.label, share.count, Percent(share.count, received, is_share=True)] for share in shares
        ]
        return ExportTable(name, title, headers, rows)
    headers += [_("Gửi trong kỳ"), _("Tỷ lệ trong kỳ (%)")]
    totals = {share.code: share for share in shares}
    in_period = {share.code: share for share in period_shares}
    codes = [*totals, *(code for code in in_period if code not in totals)]
    rows = []
    for code in codes:
        share = totals.get(code) or in_period[code]
        count = totals[code].count if code in totals else 0
        period_count = in_period[code].count if code in in_period else 0
        rows.append([code, share.label, count, Percent(count, received, is_share=True), period_count,
                     Percent(period_count, period_received, is_share=True)])
    return ExportTable(name, title, headers, rows)


def _categories_table(dashboard: Dashboard, period: PeriodFigures | None = None) -> ExportTable:
    return _shares_table(
        "categories", _("Sáng kiến theo đối tượng"), _("Đối tượng"), dashboard, dashboard.categories,
        period.categories if period is not None else None, period.received if period is not None else 0,
    )


def _fields_table(dashboard: Dashboard, period: PeriodFigures | None = None) -> ExportTable:
    return _shares_table(
        "fields", _("Sáng kiến theo lĩnh vực"), _("Lĩnh vực"), dashboard, dashboard.fields,
        period.fields if period is not None else None, period.received if period is not None else 0,
    )


def title_line(dashboard: Dashboard, table: ExportTable, period: PeriodFigures | None = None) -> str:
    """E.g. "Sáng kiến theo đối tượng — LĐLĐ thành phố Hà Nội (P01) — tính đến hết ngày 31/05/2022 — …"."""
    text = _("%(table)s — %(unit)s (%(code)s) — tính đến hết ngày %(as_of)s") % {
        "table": table.title,
        "unit": dashboard.unit.name,
        "code": dashboard.unit.code,
        "as_of": dashboard.as_of.strftime("%d/%m/%Y"),
    }
    if period is not None:
        text += " — " + _("trong kỳ từ ngày %(since)s") % {"since": period.since.strftime("%d/%m/%Y")}
    if dashboard.computed_at is not None:
        at = timezone.localtime(dashboard.computed_at)
        text += " — " + _("số liệu tính lúc %(time)s ngày %(date)s") % {
            "time": at.strftime("%H:%M"),
            "date": at.strftime("%d/%m/%Y"),
        }
    return text


def filename(dashboard: Dashboard, table: str, fmt: str, period: PeriodFigures | None = None) -> str:
    """``P01-children-2022-05-31.csv``, with a period ``P01-children-2022-05-30-2022-05-31.csv``
    (unit codes hold only safe characters)."""
    since = f"{period.since.isoformat()}-" if period is not None else ""
    return f"{dashboard.unit.code}-{table}-{since}{dashboard.as_of.isoformat()}.{fmt}"


# --- CSV ----------------------------------------------------------------------------------------


def _csv_cell(cell: Cell) -> str | int:
    if cell is None:
        return ""
    if isinstance(cell, Percent):
        return cell.text
    if isinstance(cell, str):
        return csv_safe(cell)
    return cell


class _Echo:
    """A file-like object whose ``write`` hands back the line the csv writer produced."""

    def write(self, value: str) -> str:
        return value


def csv_lines(table: ExportTable) -> Iterator[str]:
    """The table as CSV text, line by line, the first starting with the BOM."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(table.headers)
    for row in table.rows:
        yield writer.writerow([_csv_cell(cell) for cell in row])


def csv_response(dashboard: Dashboard, table: ExportTable, period: PeriodFigures | None = None) -> StreamingHttpResponse:
    """A streamed CSV download of ``table``."""
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(table)), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename(dashboard, table.name, "csv", period)}"'
    return response


# --- XLSX ---------------------------------------------------------------------------------------


def xlsx_cell(sheet, value: Cell, *, bold: bool = False):
    """``value`` as a write-only cell of ``sheet``: text stored as text (never a formula),
    whole numbers grouped (``COUNT_FORMAT``), decimals with one decimal, percentages as rounded fractions with the
    format of their rounding rule, days and local times as date cells shown dd/mm/yyyy.

    A day before 1900 (as of 01/01/0001) has no date cell a spreadsheet shows, so it is
    written as text in the same form.
    """
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    out = WriteOnlyCell(sheet)
    if isinstance(value, str):
        store_text(out, value)
    elif isinstance(value, Percent):
        rounded = value.rounded
        if rounded is not None:
            out.value = rounded / HUNDRED
            # Progress keeps one decimal below 100% (50,0%), none from 100% up (132%); shares none (55%).
            whole = value.is_share or rounded >= HUNDRED
            out.number_format = WHOLE_PERCENT_FORMAT if whole else TENTHS_PERCENT_FORMAT
    elif isinstance(value, dt.date):
        if value.year < FIRST_DATE_CELL_YEAR:
            store_text(out, f"{value.day:02d}/{value.month:02d}/{value.year:04d}")
        else:
            out.value = value
            out.number_format = XLSX_DATE_FORMAT if isinstance(value, dt.datetime) else DAY_FORMAT
    elif isinstance(value, int):
        out.value = value
        out.number_format = COUNT_FORMAT
    elif isinstance(value, Decimal):
        # A figure kept to one decimal (a median of days): 4,5 and 6,0 in a Vietnamese spreadsheet.
        out.value = value
        out.number_format = TENTHS_FORMAT
    if bold:
        out.font = Font(bold=True)
    return out


def xlsx_bytes(dashboard: Dashboard, table: ExportTable, period: PeriodFigures | None = None) -> bytes:
    """The table as an XLSX workbook (one sheet, built in write-only mode)."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=table.name)
    for index, header in enumerate(table.headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(12, len(header) + 2))
    sheet.column_dimensions["B"].width = 45
    sheet.append([xlsx_cell(sheet, title_line(dashboard, table, period), bold=True)])
    sheet.append([xlsx_cell(sheet, header, bold=True) for header in table.headers])
    for row in table.rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(dashboard: Dashboard, table: ExportTable, period: PeriodFigures | None = None) -> HttpResponse:
    """An XLSX download of ``table``."""
    response = HttpResponse(xlsx_bytes(dashboard, table, period), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename(dashboard, table.name, "xlsx", period)}"'
    return response


def export_response(dashboard: Dashboard, table: str, fmt: str,
                    period: PeriodFigures | None = None) -> HttpResponse | StreamingHttpResponse:
    """The download of ``dashboard``'s ``table`` in ``fmt`` (both already checked against TABLES and
    FORMATS), with the columns of ``period`` when given."""
    built = export_table(dashboard, table, period=period)
    if fmt == "csv":
        return csv_response(dashboard, built, period)
    return xlsx_response(dashboard, built, period)
