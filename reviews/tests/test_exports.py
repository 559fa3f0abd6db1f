"""Downloads of the filtered queue: every cell checked, scope respected, formulas neutralised."""

import csv
import datetime as dt
import io
import signal
import threading
import time
from contextlib import contextmanager

import pytest
from django.db import connection
from django.urls import reverse

from reviews.services import initiative_submit
from submissions.tests.factories import InitiativeFactory


@pytest.fixture
def items(worker, other_worker, programme):
    made = []
    for title in ("Sổ tay điện tử", "=HYPERLINK(\"http://x\")"):
        initiative = InitiativeFactory(submitter=worker, title=title, benefit_vnd=2_000_000)
        initiative_submit(initiative=initiative, actor=worker)
        made.append(initiative)
    return made


def _csv(client, **params):
    response = client.get(reverse("reviews:export", args=["csv"]), params)
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_csv_export_cell_by_cell(client, school_officer, items, tree):
    client.force_login(school_officer)
    rows = _csv(client, state="submitted")
    assert rows[0] == ["Mã số", "Tên sáng kiến", "Mã đơn vị", "Đơn vị", "Lĩnh vực", "Đối tượng", "Tác giả",
                       "Trạng thái", "Tiêu biểu", "Thời điểm gửi", "Giá trị làm lợi (đồng)", "Số ngày chờ",
                       "Hạn xét duyệt"]
    first = items[0]
    from django.utils import timezone

    assert rows[1] == [str(first.pk), "Sổ tay điện tử", "P01-U001-G0001", tree["school"].name, "Kỹ thuật, sản xuất",
                       "Đoàn viên là công nhân lao động trong khu vực doanh nghiệp", "Nguyễn Thị Lan", "Đã gửi, chờ xác nhận", "",
                       timezone.localtime(first.first_submitted_at).strftime("%d/%m/%Y %H:%M"), "2000000", "0",
                       (timezone.localdate(first.first_submitted_at) + dt.timedelta(days=10)).strftime("%d/%m/%Y")]


def test_csv_export_neutralises_formulas(client, school_officer, items):
    client.force_login(school_officer)
    assert _csv(client, state="submitted")[2][1] == "'=HYPERLINK(\"http://x\")"


def test_export_respects_scope(client, thanh_hoa_officer, items):
    client.force_login(thanh_hoa_officer)
    assert _csv(client, state="submitted") == [_header()]


def _header():
    return ["Mã số", "Tên sáng kiến", "Mã đơn vị", "Đơn vị", "Lĩnh vực", "Đối tượng", "Tác giả", "Trạng thái",
            "Tiêu biểu", "Thời điểm gửi", "Giá trị làm lợi (đồng)", "Số ngày chờ", "Hạn xét duyệt"]


def test_xlsx_export_has_the_same_rows_and_text_formulas(client, school_officer, items):
    from openpyxl import load_workbook

    client.force_login(school_officer)
    response = client.get(reverse("reviews:export", args=["xlsx"]), {"state": "submitted"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == _header()
    assert rows[1][1] == "Sổ tay điện tử" and rows[1][10] == 2_000_000
    assert rows[2][1] == "=HYPERLINK(\"http://x\")"
    assert sheet.cell(row=3, column=2).data_type == "s"


def test_worker_cannot_export(client, worker, items):
    client.force_login(worker)
    assert client.get(reverse("reviews:export", args=["csv"])).status_code == 403


# --- the CSV written by the database --------------------------------------------------------------


TRICKY_TITLES = (
    'Giảm "điện", nước', "Dòng một\ndòng hai", "-1 lỗi mỗi ca", "+20% năng suất", "@cả tổ", "\tthụt lề",
    "\rđầu dòng", "Sổ tay 'bỏ túi'",
)


def _python_written_csv(rows) -> str:
    """The export's rows (as the XLSX reads them) through Python's csv writer, formulas
    neutralised and times as DATE_FORMAT: what the database's COPY must write, byte for byte."""
    import datetime as dt

    from initiatives_portal.tabular import csv_safe
    from reviews.exports import DATE_FORMAT, DAY_FORMAT

    def cell(value):
        if isinstance(value, str):
            return csv_safe(value)
        if isinstance(value, dt.datetime):
            return value.strftime(DATE_FORMAT)
        if isinstance(value, dt.date):
            return value.strftime(DAY_FORMAT)
        return "" if value is None else value

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for values in rows:
        writer.writerow([cell(v) for v in values])
    return buffer.getvalue()


@pytest.fixture
def varied(worker, school_officer, upper_officer, province_staff, programme):
    """Initiatives whose cells need quoting or neutralising, in several states, one exemplary."""
    from reviews.services import initiative_decide, initiative_mark_exemplary

    made = []
    for index, title in enumerate(TRICKY_TITLES):
        initiative = InitiativeFactory(
            submitter=worker, title=title, author_name='Lê "Tý", Hà' if index % 2 else "=Nguyễn Thị Lan",
            benefit_vnd=None if index % 2 else 1_500_000,
        )
        initiative_submit(initiative=initiative, actor=worker)
        made.append(initiative)
    initiative_decide(initiative=made[0], action="verify", actor=school_officer)
    initiative_decide(initiative=made[1], action="reject", actor=school_officer, reason="duplicate")
    initiative_decide(initiative=made[2], action="verify", actor=school_officer)
    initiative_decide(initiative=made[2], action="approve", actor=upper_officer)
    initiative_mark_exemplary(initiative=made[2], actor=province_staff, exemplary=True)
    return made


def test_database_written_csv_is_the_python_written_csv(school_officer, varied):
    from reviews import exports
    from reviews.selectors import QueueFilters

    filters = QueueFilters(state="")
    labels = exports.Labels.current()
    by_database = b"".join(exports._database_chunks(school_officer, filters, labels))
    by_python = _python_written_csv(exports._rows(exports._queryset(school_officer, filters), labels)).encode()
    assert by_database == by_python
    assert len(list(csv.reader(io.StringIO(by_database.decode(), newline="")))) == len(TRICKY_TITLES)


def test_csv_export_neutralises_every_formula_prefix(client, school_officer, varied):
    client.force_login(school_officer)
    titles = [row[1] for row in _csv(client)[1:]]
    assert titles == ["'+20% năng suất", "'@cả tổ", "'\tthụt lề", "'\rđầu dòng", "Sổ tay 'bỏ túi'"]


def test_csv_export_keeps_commas_quotes_and_line_breaks_inside_cells(client, school_officer, varied):
    client.force_login(school_officer)
    verified, rejected = _csv(client, state="verified")[1], _csv(client, state="rejected")[1]
    assert (verified[1], verified[6], verified[10]) == ('Giảm "điện", nước', "'=Nguyễn Thị Lan", "1500000")
    assert (rejected[1], rejected[6], rejected[10]) == ("Dòng một\ndòng hai", 'Lê "Tý", Hà', "")


def test_csv_export_follows_the_state_filter(client, school_officer, varied):
    client.force_login(school_officer)
    rows = _csv(client, state="approved")
    assert [(row[1], row[7], row[8]) for row in rows[1:]] == [("'-1 lỗi mỗi ca", "Đã được công nhận", "có")]


def test_csv_export_of_an_empty_queue_is_the_header(client, school_officer, varied):
    client.force_login(school_officer)
    assert _csv(client, state="returned") == [_header()]


# --- the COPY's lines, streamed from a thread --------------------------------------------------


def test_copied_lines_end_in_crlf_and_are_sent_in_chunks_of_64_kb_or_more():
    from reviews.exports import _CopyPipe

    pipe = _CopyPipe()
    for _line in range(200):
        pipe.write(b"x" * 999 + b"\n")
    pipe.finish()
    chunks = list(pipe)
    assert [len(chunk) for chunk in chunks] == [66_066, 66_066, 66_066, 2_002]
    assert b"".join(chunks) == (b"x" * 999 + b"\r\n") * 200


def test_a_copy_waits_while_the_response_is_behind():
    from reviews.exports import CHUNK_BYTES, PIPE_CHUNKS, _CopyPipe

    pipe = _CopyPipe()
    lines = 20 * PIPE_CHUNKS * CHUNK_BYTES // 1000

    def copy():
        for _line in range(lines):
            pipe.write(b"x" * 999 + b"\n")
        pipe.finish()

    writer = threading.Thread(target=copy, daemon=True)
    writer.start()
    deadline = time.monotonic() + 10
    while pipe._chunks.qsize() < PIPE_CHUNKS and time.monotonic() < deadline:
        time.sleep(0.01)
    writer.join(timeout=0.2)
    assert writer.is_alive() and pipe._chunks.qsize() == PIPE_CHUNKS
    assert sum(len(chunk) for chunk in pipe) == lines * 1001
    writer.join(timeout=5)
    assert not writer.is_alive()


def test_a_copy_whose_reader_has_gone_stops_waiting():
    from reviews.exports import _CopyPipe

    pipe = _CopyPipe()
    writer = threading.Thread(target=lambda: [pipe.write(b"x" * 999 + b"\n") for _line in range(100_000)], daemon=True)
    writer.start()
    writer.join(timeout=0.5)
    pipe.close()
    writer.join(timeout=5)
    assert not writer.is_alive()


@contextmanager
def _within(seconds: float):
    """Fail with TimeoutError, rather than hang the suite, if the block takes longer."""
    def expire(_signum, _frame):
        raise TimeoutError(f"still waiting after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _copy_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "queue-csv-copy"]


# 200 lines of 1.000 bytes at once, then a query that would run for a minute.
SLOW_COPY = ("COPY (SELECT repeat('x', 999) FROM generate_series(1, 200) "
             "UNION ALL SELECT NULL FROM pg_sleep(%s)) TO STDOUT (FORMAT csv)")


def test_the_first_chunk_is_sent_before_the_copy_ends(db):
    from reviews.exports import _copied

    chunks = _copied(SLOW_COPY, [60])
    started = time.monotonic()
    with _within(30):
        first = next(chunks)
        assert time.monotonic() - started < 10
        chunks.close()
    assert first.startswith(b"x" * 999 + b"\r\n")


def test_a_response_closed_early_cancels_the_copy_and_frees_the_connection(db):
    from reviews.exports import _copied

    chunks = _copied(SLOW_COPY, [60])
    with _within(30):
        next(chunks)
        chunks.close()
    assert _copy_threads() == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_an_error_in_the_middle_of_a_copy_is_raised_by_the_response(db):
    from django.db import DataError

    from reviews.exports import _copied

    # 1.000 good lines (sent as chunks), then a division by zero.
    failing = ("COPY (SELECT CASE WHEN i <= 1000 THEN repeat('x', 999) ELSE (1 / (i - i))::text END "
               "FROM generate_series(1, %s) AS i) TO STDOUT (FORMAT csv)")
    received = []
    with _within(30), pytest.raises(DataError, match="division by zero"):
        received.extend(_copied(failing, [2000]))
    assert received and _copy_threads() == []
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


@pytest.mark.parametrize("params", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}])
def test_csv_export_to_the_ends_of_the_calendar_has_every_row(client, school_officer, items, params):
    client.force_login(school_officer)
    rows = _csv(client, state="submitted", **params)
    assert [row[0] for row in rows[1:]] == [str(i.pk) for i in items]


@pytest.mark.parametrize("params", [{"date_to": "9999-12-31"}, {"date_from": "0001-01-01"}])
def test_xlsx_export_to_the_ends_of_the_calendar_has_every_row(client, school_officer, items, params):
    from openpyxl import load_workbook

    client.force_login(school_officer)
    response = client.get(reverse("reviews:export", args=["xlsx"]), {"state": "submitted", **params})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert [str(row[0].value) for row in sheet.iter_rows(min_row=2)] == [str(i.pk) for i in items]


# --- labels, times and the staff's default tab ---------------------------------------------------


def test_csv_export_names_the_category_by_its_label(client, school_officer, items):
    client.force_login(school_officer)
    assert _csv(client, state="submitted")[1][5] == "Đoàn viên là công nhân lao động trong khu vực doanh nghiệp"


def test_xlsx_export_names_the_category_and_field_by_their_labels(client, school_officer, items):
    from openpyxl import load_workbook

    client.force_login(school_officer)
    response = client.get(reverse("reviews:export", args=["xlsx"]), {"state": "submitted"})
    row = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True))[1]
    assert (row[4], row[5]) == ("Kỹ thuật, sản xuất", "Đoàn viên là công nhân lao động trong khu vực doanh nghiệp")


def test_xlsx_export_submission_time_is_a_local_date_time_cell(client, school_officer, items):
    import datetime as dt

    from django.utils import timezone
    from openpyxl import load_workbook

    client.force_login(school_officer)
    response = client.get(reverse("reviews:export", args=["xlsx"]), {"state": "submitted"})
    cell = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.cell(row=2, column=10)
    local = timezone.localtime(items[0].first_submitted_at, timezone=dt.timezone(dt.timedelta(hours=7)))
    assert isinstance(cell.value, dt.datetime)
    assert cell.value == local.replace(tzinfo=None, microsecond=0)
    assert cell.number_format == "dd/mm/yyyy hh:mm"


def test_staff_export_without_a_tab_holds_their_subtree(client, province_staff, items):
    client.force_login(province_staff)
    assert [row[1] for row in _csv(client)[1:]] == ["Sổ tay điện tử", "'=HYPERLINK(\"http://x\")"]
