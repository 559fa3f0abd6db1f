"""Bulk import of initiatives collected on paper or in spreadsheets (CSV or XLSX).

Columns (design contract): ``unit_code,title,summary,field,author_name,author_category,
submitted_at`` and optionally ``co_authors,benefit_vnd,status,holds_management_post,
direct_production_worker,reason,comment`` (an archive from an earlier system, in every
state after submission, ``checks.RowChecker._status``); the downloadable
template uses Vietnamese headers, accepted as aliases. Each row is checked as the web
form would check it (``checks``); rows outside the importer's scope are refused; a row
imported before (same unit, title, author and time) is recognised and not created again.

The file is read as a stream, checked and written in batches, so memory does not grow
with it. The rows are written with COPY (``writing``) by a thread with a connection of
its own while the next batch is checked (``pipeline``); in "all or nothing" mode that
connection holds one transaction, committed only when every row is valid, and rolled back
at the first invalid row. Inside the caller's own transaction the rows are written on the
caller's connection: "all or nothing" then reads the file a second time to write it in one
transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
import uuid
from collections.abc import Iterator

from django.conf import settings
from django.core.files import File
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from initiatives_portal.formatting import format_count
from initiatives_portal.tabular import CsvScan, TableError, iter_table, preview_table

from ..models import ImportRowError, ImportRun, Initiative
from ..signals import initiatives_imported
from .checks import (
    ALIASES,
    HEADERS,
    OPTIONAL,
    REQUIRED,
    ParsedRow,
    RowChecker,
    _as_text,
    import_key,
)
from .pipeline import InlineWriter, NoWriter, Write, WriterThread
from .writing import CopyWriter

__all__ = [
    "ALIASES", "HEADERS", "OPTIONAL", "REQUIRED", "CopyWriter", "ParsedRow", "RowChecker",
    "enqueue_import", "import_errors_by_line", "import_key", "import_run_create", "import_run_process",
    "import_runs_start_queued",
]

logger = logging.getLogger(__name__)

BATCH = 1000
PROGRESS_SECONDS = 1.0
MAX_STORED_ERRORS = 20_000


# --- the run ----------------------------------------------------------------------------------


def _batches(rows: Iterator[tuple[int, dict]]) -> Iterator[list[tuple[int, dict]]]:
    batch: list[tuple[int, dict]] = []
    for item in rows:
        if not any(v not in (None, "") for v in item[1].values()):
            continue  # a blank line
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _rows(run: ImportRun) -> Iterator[tuple[int, dict]]:
    run.file.open("rb")
    try:
        yield from iter_table(run.file, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES, formulas=True)
    finally:
        run.file.close()


def _check_batch(checker: RowChecker, batch, seen: set[int]) -> tuple[list[ParsedRow], list[ParsedRow], int]:
    """Valid new rows, invalid rows, and how many were imported before (or twice in this file).

    ``seen`` holds the rows of the file so far by the first half of their fingerprint, as
    an integer: about half the memory of the fingerprint's text (some 70 bytes a row).
    """
    checker.preload_units(_as_text(raw.get("unit_code")) for _line, raw in batch)
    parsed = [checker.check(line, raw) for line, raw in batch]
    valid = [p for p in parsed if not p.errors]
    invalid = [p for p in parsed if p.errors]
    existing = set(Initiative.objects.filter(import_key__in=[p.key for p in valid]).values_list("import_key",
                                                                                               flat=True))
    fresh, duplicates = [], 0
    for p in valid:
        short = int(p.key[:32], 16)
        if p.key in existing or short in seen:
            duplicates += 1
        else:
            seen.add(short)
            fresh.append(p)
    return fresh, invalid, duplicates


def _on_a_connection_of_its_own() -> bool:
    """Whether the writes may go to a thread and connection of their own (``pipeline``).

    Not inside the caller's transaction, whose uncommitted rows (the run itself) another
    connection cannot see.
    """
    return not connection.in_atomic_block


def _writes(run: ImportRun, importer) -> Write:
    """How to write a batch on the caller's connection."""
    return CopyWriter(run, importer).write


def _writer_thread(run: ImportRun, importer, *, one_transaction: bool) -> WriterThread:
    """A writer on a connection of its own: batches prepared here, sent there."""
    copy = CopyWriter(run, importer)
    return WriterThread(copy.send, prepare=copy.prepare, one_transaction=one_transaction)


def _store_errors(run: ImportRun, invalid: list[ParsedRow], stored: int) -> int:
    room = MAX_STORED_ERRORS - stored
    errors = [ImportRowError(run=run, line=p.line, column=c, message=m[:500]) for p in invalid for c, m in p.errors]
    ImportRowError.objects.bulk_create(errors[: max(room, 0)])
    return stored + min(len(errors), max(room, 0))


def _progress(run: ImportRun, **fields) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    ImportRun.objects.filter(pk=run.pk).update(**fields)


def import_run_process(*, run_id: int) -> ImportRun:
    """Check and import the file of ``run``; progress is saved as it goes for the page to show."""
    # Claim the run: of two workers (or a worker and the sweep), only one starts it.
    if not ImportRun.objects.filter(pk=run_id, state=ImportRun.State.QUEUED).update(state=ImportRun.State.RUNNING):
        return ImportRun.objects.get(pk=run_id)
    run = ImportRun.objects.select_related("uploaded_by").get(pk=run_id)
    importer = run.uploaded_by
    try:
        if run.mode == ImportRun.Mode.ALL_OR_NOTHING:
            _all_or_nothing(run, importer)
        else:
            _valid_rows(run, importer)
    except TableError as error:
        _progress(run, state=ImportRun.State.REFUSED, message=str(error.message), finished_at=timezone.now())
    except Exception:
        logger.exception("Import run %s failed", run.pk)
        _progress(run, state=ImportRun.State.FAILED, finished_at=timezone.now(),
                  message=_("Lỗi hệ thống khi nhập; không có dữ liệu nào bị ghi dở. Vui lòng thử lại."))
    return run


def _check_file(run: ImportRun, importer, writer, *, all_or_nothing: bool) -> dict[str, int]:
    """Read and check every row, store the errors, and hand each batch's new valid rows to ``writer``.

    In "all or nothing" mode the first invalid row makes the writer abandon what it
    wrote; the file is still read to the end, to report every error. The counts are
    saved for the run page at most every ``PROGRESS_SECONDS`` (and at the end): a write
    per batch would cost more than the page gains.
    """
    checker, seen, stored = RowChecker(importer), set(), 0
    counts = {"rows_read": 0, "rows_valid": 0, "rows_invalid": 0, "rows_duplicate": 0, "rows_created": 0}
    saved = time.monotonic()
    for batch in _batches(_rows(run)):
        fresh, invalid, duplicates = _check_batch(checker, batch, seen)
        if invalid and all_or_nothing:
            writer.abandon()
        writer.put(fresh)
        stored = _store_errors(run, invalid, stored)
        counts["rows_read"] += len(batch)
        counts["rows_valid"] += len(fresh) + duplicates
        counts["rows_invalid"] += len(invalid)
        counts["rows_duplicate"] += duplicates
        counts["rows_created"] = writer.created
        if time.monotonic() - saved >= PROGRESS_SECONDS:
            _progress(run, **counts)
            saved = time.monotonic()
    _progress(run, **counts)
    return counts


def _all_or_nothing(run: ImportRun, importer) -> None:
    if _on_a_connection_of_its_own():
        try:
            with _writer_thread(run, importer, one_transaction=True) as writer:
                counts = _check_file(run, importer, writer, all_or_nothing=True)
                if _refuse_invalid(run, counts):
                    return
                _progress(run, state=ImportRun.State.WRITING)
                created = writer.finish()
        except IntegrityError:  # e.g. another import wrote one of these rows meanwhile
            raise _data_changed() from None
        _finish(run, created)
        return
    counts = _check_file(run, importer, NoWriter(), all_or_nothing=True)
    if _refuse_invalid(run, counts):
        return
    _progress(run, state=ImportRun.State.WRITING)
    _write_second_pass(run, importer)


def _data_changed() -> TableError:
    return TableError(_("Dữ liệu vừa thay đổi trong lúc nhập; không có dòng nào được ghi. Hãy thử lại."))


def _refuse_invalid(run: ImportRun, counts: dict[str, int]) -> bool:
    if not counts["rows_invalid"]:
        return False
    _progress(run, state=ImportRun.State.REFUSED, finished_at=timezone.now(),
              message=_("Có %(n)s dòng lỗi nên không nhập dòng nào. Sửa các dòng lỗi rồi tải lên lại.")
              % {"n": format_count(counts["rows_invalid"])})
    return True


def _write_second_pass(run: ImportRun, importer) -> None:
    """On the caller's connection, read the file again and write it in one transaction (memory stays flat)."""
    created = 0
    checker, seen, write = RowChecker(importer), set(), _writes(run, importer)
    try:
        with transaction.atomic():
            for batch in _batches(_rows(run)):
                fresh, invalid, _duplicates = _check_batch(checker, batch, seen)
                if invalid:  # the data changed since the check (e.g. a unit moved): write nothing
                    raise _data_changed()
                created += write(fresh)
    except IntegrityError:  # e.g. another import wrote one of these rows meanwhile
        raise _data_changed() from None
    _finish(run, created)


def _valid_rows(run: ImportRun, importer) -> None:
    # Batches are committed as they are checked: a fault of the file itself (broken XML, a
    # cell beyond the csv module's limit, a part beyond its limit) found half-way would leave
    # half a file written. So the file is read once to its end first; it raises TableError.
    for _row in _rows(run):
        pass
    if _on_a_connection_of_its_own():
        writer = _writer_thread(run, importer, one_transaction=False)
    else:
        writer = InlineWriter(_writes(run, importer))
    with writer:
        _check_file(run, importer, writer, all_or_nothing=False)
        created = writer.finish()
    _finish(run, created)


def _finish(run: ImportRun, created: int) -> None:
    """The rows are committed: say so, and make the cached queue counts stale (the rows
    may lie in any unit of the importer's subtree; an import is a rare event)."""
    if created:
        transaction.on_commit(lambda: initiatives_imported.send(sender=Initiative, created=created))
    parts = [_("Đã tạo %(n)s sáng kiến.") % {"n": format_count(created)}]
    if run.rows_duplicate:
        parts.append(_("%(n)s dòng đã được nhập trước đó nên không tạo lại.") % {"n": format_count(run.rows_duplicate)})
    if run.rows_invalid:
        parts.append(_("%(n)s dòng lỗi bị bỏ qua.") % {"n": format_count(run.rows_invalid)})
    _progress(run, state=ImportRun.State.DONE, rows_created=created, finished_at=timezone.now(), message=" ".join(parts))


# --- starting a run -------------------------------------------------------------------------


def import_run_create(*, upload, mode: str, by, enqueue: bool = True) -> ImportRun:
    """Keep the uploaded file and queue its import; refuse at once what is not a readable table.

    The file's own problems (size, not a spreadsheet, macro, zip bomb, parts beyond their
    limits, encoding, missing columns) are reported here with a clear message and nothing
    is kept. The request's work does not grow with the rows: only an XLSX's directory,
    index and header are parsed (``preview_table``), and the file is read once, as it is
    stored; the task parses the rest.
    """
    limit = settings.IMPORT_MAX_BYTES
    if upload.size > limit:
        raise TableError(_("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
                         % {"size": number_format(round(upload.size / 1048576, 1), decimal_pos=1),
                            "limit": format_count(limit // 1048576)})
    upload.seek(0)
    preview = preview_table(upload, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES)
    scanned = _ScannedUpload(upload, csv=preview.extension == "csv")
    run = ImportRun(uploaded_by=by, original_name=upload.name[:255], mode=mode, rows_total=preview.rows)
    run.file.save(f"{uuid.uuid4().hex[:16]}.{preview.extension}", scanned, save=False)
    try:
        scanned.finish()
    except TableError:
        run.file.delete(save=False)
        raise
    run.sha256 = scanned.digest.hexdigest()
    if scanned.csv_scan is not None:
        run.rows_total = max(scanned.csv_scan.lines - 1, 0)
    run.save()
    if enqueue:
        transaction.on_commit(lambda: enqueue_import(run.pk))
    return run


class _ScannedUpload(File):
    """The upload as storage reads it, chunk by chunk: hashed, and a CSV checked and its lines counted."""

    def __init__(self, upload, *, csv: bool) -> None:
        super().__init__(upload, name=upload.name)
        self.digest = hashlib.sha256()
        self.csv_scan = CsvScan() if csv else None

    def chunks(self, chunk_size=None):
        self.file.seek(0)
        for chunk in super().chunks(chunk_size):
            self.digest.update(chunk)
            if self.csv_scan is not None:
                self.csv_scan.feed(chunk)
            yield chunk

    def finish(self) -> None:
        """Raise ``TableError`` when the CSV read while stored is not UTF-8 text."""
        if self.csv_scan is not None:
            self.csv_scan.finish()


def enqueue_import(run_id: int) -> None:
    """Hand the run to Celery; with the broker down it stays queued and the sweep starts it."""
    from ..tasks import process_import

    try:
        process_import.delay(run_id)
    except Exception:  # noqa: BLE001 - the run is saved; the periodic sweep will start it
        logger.warning("Import run %s not queued; the sweep will start it", run_id, exc_info=True)


def import_runs_start_queued(*, older_than_seconds: int = 60) -> int:
    """Start runs still queued (the broker was down when they were uploaded)."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    ids = list(ImportRun.objects.filter(state=ImportRun.State.QUEUED, created_at__lt=cutoff).values_list("pk",
                                                                                                       flat=True))
    for pk in ids:
        import_run_process(run_id=pk)
    return len(ids)


def import_errors_by_line(run: ImportRun) -> dict[int, str]:
    """The stored errors of ``run``, one text per line of the file."""
    result: dict[int, list[str]] = {}
    for line, column, message in run.row_errors.values_list("line", "column", "message"):
        label = HEADERS.get(column, column)
        result.setdefault(line, []).append(f"{label}: {message}" if label else message)
    return {line: "; ".join(messages) for line, messages in result.items()}
