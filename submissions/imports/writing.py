"""Writing checked rows with COPY: initiatives, the decisions of their history, co-authors."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import IntegrityError, connection
from django.utils import timezone

from ..enums import WAITING_STATES, InitiativeStatus
from ..models import CoAuthor, ImportRun, Initiative
from ..workflow import workflow
from .checks import ParsedRow


class _CopyTable:
    """The rows of one model as PostgreSQL's COPY takes them: its columns and the values rows share.

    Every concrete column is written, so that a column the import does not fill gets the
    model's default exactly as the ORM would give it (not the schema's own default); a
    callable default (a random key) is drawn for each row, an ``auto_now`` time is the
    time of the import, and the primary key is left to the database unless it is one
    of ``varying``. CSV cannot tell NULL from an empty string, so empty quoted values of
    nullable columns are read as NULL (FORCE_NULL): the ORM's convention for the one
    nullable text column (``import_key``) too.
    """

    def __init__(self, model, *, varying: tuple[str, ...], shared: dict, now: dt.datetime) -> None:
        fields = {f.attname: f for f in model._meta.concrete_fields}
        rest = [f for name, f in fields.items() if name not in varying and not f.primary_key]
        self.drawn = [f for f in rest if f.attname not in shared and f.has_default() and callable(f.default)]
        constant = [f for f in rest if f not in self.drawn]
        shared_values = [shared[f.attname] if f.attname in shared else _default(f, now) for f in constant]
        # The values every row shares end each line: the CSV writer appends them as its line end.
        self.line_end = ("," + _csv_line(shared_values) if shared_values else "") + "\n"
        self.table = model._meta.db_table
        ordered = [fields[name] for name in varying] + self.drawn + constant
        self.columns = [f.column for f in ordered]
        self.nullable = [f.column for f in ordered if f.null]

    def rows(self, values: Iterable[tuple]) -> Iterator[tuple]:
        """Each row's ``varying`` values with its drawn defaults; the shared values end the line."""
        drawn = self.drawn
        if not drawn:
            return iter(values)
        return ((*row, *(f.get_default() for f in drawn)) for row in values)

    def data(self, values: Iterable[tuple]) -> _CopyData:
        """The rows as the CSV text that COPY reads."""
        buffer = io.StringIO()
        csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator=self.line_end).writerows(self.rows(values))
        size = buffer.tell()
        buffer.seek(0)
        return _CopyData(self, buffer, size)

    def copy(self, cursor, data: _CopyData) -> None:
        """COPY the rows of ``data`` into the model's table."""
        options = "FORMAT csv"
        if self.nullable:
            options += f", FORCE_NULL ({', '.join(map(_quoted, self.nullable))})"
        # Django wraps the errors of execute() only: a refused row is an IntegrityError here too.
        with connection.wrap_database_errors:
            # Read at once: each read is a call into Python, which a writer thread (``pipeline``)
            # would wait for while the checking thread holds the GIL.
            cursor.copy_expert(
                f"COPY {_quoted(self.table)} ({', '.join(map(_quoted, self.columns))}) FROM STDIN WITH ({options})",
                data.buffer,
                max(data.size, 8192),  # the size; by position, as Django's debug cursor takes it
            )


@dataclass(frozen=True, slots=True)
class _CopyData:
    table: _CopyTable
    buffer: io.StringIO
    size: int


class UnitMoved(IntegrityError):
    """A unit of the batch moved (its path changed) or was merged after its rows were checked."""


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    """A batch ready to be written: its initiatives' ids drawn, every table's rows as CSV, and
    the path each unit had when the import read it (written with the rows)."""

    count: int
    copies: list[_CopyData]
    paths: dict[int, str]


def _csv_line(values: list) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator="").writerow(values)
    return buffer.getvalue()


def _default(model_field, now: dt.datetime):
    if getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False):
        return now
    return model_field.get_default()


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


_INITIATIVE_VALUES = ("id", "status", "unit_id", "unit_path", "author_name", "author_contribution", "category", "title",
                      "field_id", "summary", "benefit_vnd", "first_submitted_at", "submitted_on", "phase_id",
                      "import_key", "search_text", "stage_since", "approved_on", "holds_management_post",
                      "is_direct_production_worker")
_DECISION_VALUES = ("initiative_id", "action", "from_status", "to_status", "actor_unit_id", "reason", "comment")
_CO_AUTHOR_VALUES = ("initiative_id", "full_name", "contribution")


class CopyWriter:
    """Writes checked rows with COPY: initiatives, the decisions of their history, co-authors.

    The ORM builds and converts a model instance per row and a parameter per value, which
    is where a large import spent its time; COPY takes the rows as one CSV stream. The
    history is the state machine's own (``reviews.services.import_history``, reached through
    ``submissions.workflow``): one decision per stage, by the importer in the deepest unit of
    their review scope above the initiative's (the system for an import by command), with the
    comment "Nhập từ tệp (lần nhập số N)", the last one with the archive's reason and comment.
    Initiative ids are drawn from the table's sequence first, so that the decisions and
    co-authors written in the same batch can point to them.
    """

    def __init__(self, run: ImportRun, importer) -> None:
        self.now = now = timezone.now()
        # An imported approved initiative was approved in the portal by the import's decisions, today.
        self.approved_on = timezone.localdate(now)
        self.initiatives = _CopyTable(
            Initiative, varying=_INITIATIVE_VALUES,
            shared={"entered_by_id": getattr(importer, "pk", None), "import_run_id": run.pk}, now=now,
        )
        self.history = workflow().import_history(importer, run.pk)
        # Dated with the import, as the stage clock of the initiatives they bring to a stage.
        self.decisions = _CopyTable(self.history.model, varying=_DECISION_VALUES,
                                    shared={**self.history.shared, "created_at": now}, now=now)
        self.co_authors = _CopyTable(CoAuthor, varying=_CO_AUTHOR_VALUES, shared={}, now=now)

    def write(self, rows: list[ParsedRow]) -> int:
        """Write ``rows`` into the tables; return how many."""
        return self.send(self.prepare(rows))

    def prepare(self, rows: list[ParsedRow]) -> PreparedBatch:
        """Draw the initiatives' ids and format every table's rows: all the Python work of a write.

        A writer thread (``pipeline``) has the batches prepared by the checking thread, so
        that the database never waits for the writer's Python between two COPYs.
        """
        if not rows:
            return PreparedBatch(0, [], {})
        with connection.cursor() as cursor:
            # A sequence is outside transactions: any connection may draw the ids.
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [self.initiatives.table, Initiative._meta.pk.column, len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
        copies = [self.initiatives.data(map(self._initiative, ids, rows))]
        rows_of = self.history.rows
        decisions = [(pk, *decision) for pk, p in zip(ids, rows, strict=True) for decision in rows_of(p.status, p.unit, p.reason, p.comment)]
        copies.append(self.decisions.data(decisions))
        co_authors = [(pk, name, share) for pk, p in zip(ids, rows, strict=True) for name, share in p.co_authors]
        if co_authors:
            copies.append(self.co_authors.data(co_authors))
        return PreparedBatch(len(rows), copies, {p.unit.pk: p.unit.path for p in rows})

    def send(self, batch: PreparedBatch) -> int:
        """COPY a prepared batch (with the connection of the calling thread); return the initiatives written.

        The initiatives carry their unit's path as it was when the import first read the
        unit, which spares the database a look-up per row (migration 0011). First the
        batch's units are read again under the lock a move must wait for (``FOR KEY
        SHARE``: the path is a key; a rename does not wait) until the transaction ends: a
        unit that moved or was merged since refuses the batch (``UnitMoved``), as the
        importer's right to record in it and the decisions' unit were checked where it was.
        """
        if not batch.count:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, path, is_active FROM unions_unit WHERE id = ANY(%s) ORDER BY id FOR KEY SHARE",
                [sorted(batch.paths)],
            )
            if any(batch.paths[pk] != path or not active for pk, path, active in cursor.fetchall()):
                raise UnitMoved
            cursor.execute("SET LOCAL portal.unit_path_checked = 'on'")
            for data in batch.copies:
                data.table.copy(cursor, data)
        return batch.count

    def _initiative(self, pk: int, p: ParsedRow) -> tuple:
        # An initiative imported waiting for a review reaches its stage with the import, as
        # its history's decisions record (the stage clock, ``reviews.deadlines``).
        v = p.values
        return (pk, p.status, p.unit.pk, p.unit.path, v["author_name"], v["author_contribution"], v["category"], v["title"],
                v["field"].pk, v["summary"], v["benefit_vnd"], v["first_submitted_at"], v["submitted_on"],
                v["phase"].pk if v["phase"] is not None else None, p.key, p.search_text,
                self.now if p.status in WAITING_STATES else None,
                self.approved_on if p.status == InitiativeStatus.APPROVED else None,
                v["holds_management_post"], v["is_direct_production_worker"])
