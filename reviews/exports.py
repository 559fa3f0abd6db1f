"""Downloads of a filtered review queue: CSV streamed row by row, XLSX written to a temporary file.

Both read the rows in chunks with a server-side cursor, so memory stays flat whatever the
number of initiatives; the CSV starts downloading at once.
"""

from __future__ import annotations

import csv
import tempfile
from collections.abc import Iterator

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from initiatives_portal.tabular import csv_safe, store_text
from submissions.enums import InitiativeStatus

from .selectors import QueueFilters, _filtered

CHUNK = 2000
XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the header
COLUMNS = (
    ("pk", gettext_noop("Mã số")), ("title", gettext_noop("Tên sáng kiến")), ("unit__code", gettext_noop("Mã đơn vị")),
    ("unit__name", gettext_noop("Đơn vị")), ("field__name", gettext_noop("Lĩnh vực")),
    ("category", gettext_noop("Đối tượng")), ("author_name", gettext_noop("Tác giả")),
    ("status", gettext_noop("Trạng thái")), ("is_exemplary", gettext_noop("Tiêu biểu")),
    ("first_submitted_at", gettext_noop("Thời điểm gửi")), ("benefit_vnd", gettext_noop("Giá trị làm lợi (đồng)")),
)


def _headers() -> list[str]:
    return [_(label) for _name, label in COLUMNS]


def _rows(user, filters: QueueFilters) -> Iterator[list]:
    """The queue's rows, oldest first, as plain values (times in Vietnam time)."""
    statuses = dict(InitiativeStatus.choices)
    qs = _filtered(user, filters).order_by("first_submitted_at", "id").values_list(*(n for n, _l in COLUMNS))
    for row in qs.iterator(chunk_size=CHUNK):
        values = list(row)
        values[7] = str(statuses.get(values[7], values[7]))
        values[8] = _("có") if values[8] else ""
        values[9] = timezone.localtime(values[9]).strftime("%d/%m/%Y %H:%M") if values[9] else ""
        yield values


class _Echo:
    def write(self, value):
        return value


def queue_csv(user, filters: QueueFilters) -> StreamingHttpResponse:
    def lines():
        writer = csv.writer(_Echo())
        yield "\ufeff" + writer.writerow(_headers())
        for values in _rows(user, filters):
            yield writer.writerow([csv_safe(v) if isinstance(v, str) else ("" if v is None else v) for v in values])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sang-kien-{timezone.localdate():%Y%m%d}.csv"'
    return response


def queue_xlsx(user, filters: QueueFilters) -> FileResponse:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Sáng kiến"))
    sheet.append(_headers())
    for count, values in enumerate(_rows(user, filters)):
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
