"""Bulk import of initiatives collected on paper or in spreadsheets (CSV or XLSX).

Columns (design contract): ``unit_code,title,summary,field,author_name,author_category,
submitted_at`` and optionally ``co_authors,benefit_vnd,status``; the downloadable
template uses Vietnamese headers, accepted as aliases. Each row is checked as the web
form would check it; rows outside the importer's scope are refused; a row imported
before (same unit, title, author and time) is recognised and not created again.

The file is read as a stream and written in batches, so memory does not grow with it.
On PostgreSQL the rows are written with COPY; in "all or nothing" mode they are staged in
temporary tables while the file is checked and moved into the real tables in one
transaction only when every row is valid. Other databases write through the ORM, and
"all or nothing" reads the file a second time to write it in one transaction.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
import logging
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import SubmitterCategory
from initiatives_portal.tabular import TableError, iter_table
from initiatives_portal.text import fold, nfc
from reports.models import Phase
from reviews import services as review_services
from reviews.enums import ActorRole
from reviews.models import Decision
from unions import selectors as unit_selectors
from unions.enums import UnitKind
from unions.models import Unit

from .enums import InitiativeStatus
from .models import CoAuthor, Field, ImportRowError, ImportRun, Initiative

logger = logging.getLogger(__name__)

REQUIRED = ("unit_code", "title", "summary", "field", "author_name", "author_category", "submitted_at")
OPTIONAL = ("co_authors", "benefit_vnd", "status")
# The template's Vietnamese headers.
HEADERS = {
    "unit_code": "Mã công đoàn cơ sở",
    "title": "Tên sáng kiến",
    "summary": "Tóm tắt",
    "field": "Lĩnh vực",
    "author_name": "Họ tên tác giả",
    "author_category": "Đối tượng",
    "submitted_at": "Thời điểm gửi",
    "co_authors": "Đồng tác giả",
    "benefit_vnd": "Giá trị làm lợi (đồng)",
    "status": "Trạng thái",
}
ALIASES = {label: column for column, label in HEADERS.items()}
IMPORTABLE_STATES = (InitiativeStatus.SUBMITTED, InitiativeStatus.VERIFIED, InitiativeStatus.APPROVED)
BATCH = 1000
PROGRESS_SECONDS = 1.0
MAX_STORED_ERRORS = 20_000
_CO_AUTHOR = re.compile(r"^(?P<name>.+?)\s*\(\s*(?P<share>\d+(?:[.,]\d+)?)\s*%\s*\)$")


@dataclass
class ParsedRow:
    line: int
    unit: Unit | None = None
    values: dict = field(default_factory=dict)
    co_authors: list[tuple[str, Decimal]] = field(default_factory=list)
    status: str = InitiativeStatus.SUBMITTED
    key: str = ""
    search_text: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))


class RowChecker:
    """Checks one row at a time against the reference data, loaded once per import."""

    def __init__(self, importer) -> None:
        self.importer = importer
        self.fields: dict[str, Field] = {}
        for f in Field.objects.filter(is_active=True):
            for name in (f.code, f.name, f.name_en):
                if name:
                    self.fields[fold(name)] = f
        self.categories = {fold(c.value): c.value for c in SubmitterCategory}
        self.categories.update({fold(str(c.label)): c.value for c in SubmitterCategory})
        self.states = {fold(s.value): s.value for s in IMPORTABLE_STATES}
        self.states.update({fold(str(s.label)): s.value for s in IMPORTABLE_STATES})
        self.phases = list(Phase.objects.order_by("starts_on"))
        self.units: dict[str, Unit | None] = {}
        self.rights: dict[tuple[int, str], bool] = {}
        self.local = ZoneInfo(settings.TIME_ZONE)
        self.now = timezone.now()

    def preload_units(self, codes: Iterable[str]) -> None:
        missing = {c for c in codes if c and c not in self.units}
        for unit in Unit.objects.filter(code__in=missing):
            self.units[unit.code] = unit
        for code in missing:
            self.units.setdefault(code, None)

    def check(self, line: int, raw: dict) -> ParsedRow:
        row = ParsedRow(line=line)
        for column, value in raw.items():
            if isinstance(value, str) and value.strip()[:1] == "=":
                row.error(column, _("Ô có công thức; hãy dán giá trị (Paste Values) thay cho công thức."))
        if row.errors:
            return row
        text = {k: nfc(v) if isinstance(v, str) else v for k, v in raw.items()}
        self._unit(row, _as_text(text.get("unit_code")))
        for column, limit in (("title", 300), ("summary", 2000), ("author_name", 150)):
            value = _as_text(text.get(column))
            if not value:
                row.error(column, _("Không được để trống."))
            elif len(value) > limit:
                row.error(column, _("Dài quá %(n)s ký tự.") % {"n": limit})
            row.values[column] = value
        field_value = self.fields.get(_fold_term(_as_text(text.get("field"))))
        if field_value is None:
            row.error("field", _("Lĩnh vực không có trong danh mục."))
        row.values["field"] = field_value
        category = self.categories.get(_fold_term(_as_text(text.get("author_category"))))
        if category is None:
            row.error("author_category", _("Đối tượng phải là một trong: %(codes)s.")
                      % {"codes": ", ".join(SubmitterCategory.values)})
        row.values["category"] = category
        self._submitted_at(row, text.get("submitted_at"))
        self._benefit(row, text.get("benefit_vnd"))
        self._co_authors(row, _as_text(text.get("co_authors")))
        status = _as_text(text.get("status"))
        if status:
            row.status = self.states.get(_fold_term(status), "")
            if not row.status:
                row.error("status", _("Trạng thái nhập được: submitted, verified, approved."))
        if row.unit is not None and row.status and not self._may_record_cached(row.unit, row.status):
            row.error("status", _("Bạn không có quyền ghi nhận trạng thái này cho đơn vị này."))
        if not row.errors:
            title, summary, author = (fold(row.values[c]) for c in ("title", "summary", "author_name"))
            row.key = _key(row.unit.code, title, author, row.values["first_submitted_at"])
            # What Initiative.save() stores, fold(title + summary + author), from the parts folded once.
            row.search_text = " ".join(filter(None, (title, summary, author)))
        return row

    def _unit(self, row: ParsedRow, code: str) -> None:
        unit = self.units.get(code)
        if not code:
            row.error("unit_code", _("Không được để trống."))
        elif unit is None:
            row.error("unit_code", _("Không có đơn vị mã “%(code)s”.") % {"code": code})
        elif unit.kind != UnitKind.GRASSROOTS:
            row.error("unit_code", _("“%(code)s” không phải công đoàn cơ sở.") % {"code": code})
        elif self.importer is not None and not unit_selectors.unit_in_review_scope(self.importer, unit):
            row.error("unit_code", _("Đơn vị “%(code)s” nằm ngoài phạm vi của bạn.") % {"code": code})
        else:
            row.unit = unit

    def _submitted_at(self, row: ParsedRow, value) -> None:
        moment = None
        if isinstance(value, dt.datetime):
            moment = value
        elif isinstance(value, dt.date):
            moment = dt.datetime.combine(value, dt.time())
        elif isinstance(value, str) and value.strip():
            try:
                moment = dt.datetime.fromisoformat(value.strip())
            except ValueError:
                row.error("submitted_at", _("Thời điểm phải theo dạng ISO 8601, ví dụ 2022-05-31 14:30."))
                return
        else:
            row.error("submitted_at", _("Không được để trống."))
            return
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=self.local)
        if moment > self.now:
            row.error("submitted_at", _("Thời điểm gửi không được ở tương lai."))
            return
        day = moment.astimezone(self.local).date()
        row.values["first_submitted_at"] = moment
        row.values["submitted_on"] = day
        row.values["phase"] = next((p for p in self.phases if p.starts_on <= day <= p.ends_on), None)

    def _benefit(self, row: ParsedRow, value) -> None:
        if value in (None, ""):
            row.values["benefit_vnd"] = None
            return
        try:
            amount = Decimal(str(value).replace(".", "").replace(",", "").replace(" ", ""))
        except InvalidOperation:
            row.error("benefit_vnd", _("Giá trị làm lợi phải là số đồng, không âm."))
            return
        # "NaN" and "Infinity" parse as decimals but are no amount of money.
        if not amount.is_finite() or amount < 0 or amount != amount.to_integral_value() or amount > 10**15:
            row.error("benefit_vnd", _("Giá trị làm lợi phải là số đồng, không âm."))
            return
        row.values["benefit_vnd"] = int(amount)

    def _co_authors(self, row: ParsedRow, value: str) -> None:
        total = Decimal(0)
        for part in filter(None, (p.strip() for p in value.split(";"))):
            match = _CO_AUTHOR.match(part)
            if match is None:
                row.error("co_authors", _("Ghi đồng tác giả dạng “Họ tên (30%); Họ tên (20%)”."))
                return
            share = Decimal(match["share"].replace(",", "."))
            if share <= 0:
                row.error("co_authors", _("Tỷ lệ đóng góp phải lớn hơn 0."))
                return
            row.co_authors.append((match["name"][:150], share))
            total += share
        if total >= 100:
            row.error("co_authors", _("Tổng tỷ lệ của đồng tác giả phải nhỏ hơn 100% (phần còn lại của tác giả)."))
        row.values["author_contribution"] = Decimal(100) - total

    def _may_record_cached(self, unit: Unit, status: str) -> bool:
        if (unit.pk, status) not in self.rights:
            self.rights[unit.pk, status] = self._may_record(unit, status)
        return self.rights[unit.pk, status]

    def _may_record(self, unit: Unit, status: str) -> bool:
        """Recording a state beyond "submitted" needs the right to take the last stage it records.

        Verified needs stage 1 (or stage 2: an upper level records what the grassroots
        union verified on paper); approved needs stage 2.
        """
        if self.importer is None or status == InitiativeStatus.SUBMITTED:
            return True
        may_approve = self.importer.has_perm(
            "reviews.approve_initiative", Initiative(unit=unit, status=InitiativeStatus.VERIFIED)
        )
        if status == InitiativeStatus.APPROVED:
            return may_approve
        return may_approve or self.importer.has_perm(
            "reviews.verify_initiative", Initiative(unit=unit, status=InitiativeStatus.SUBMITTED)
        )


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@functools.lru_cache(maxsize=1024)
def _fold_term(value: str) -> str:
    """``fold`` of a code or name from a short list (field, category, state): a file repeats them."""
    return fold(value)


def import_key(unit_code: str, title: str, author: str, moment: dt.datetime) -> str:
    """The fingerprint that recognises a row imported before, whatever file it came in."""
    return _key(unit_code, fold(title), fold(author), moment)


def _key(unit_code: str, folded_title: str, folded_author: str, moment: dt.datetime) -> str:
    stamp = moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")
    raw = "|".join((unit_code, folded_title, folded_author, stamp))
    return hashlib.sha256(raw.encode()).hexdigest()


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


def _check_batch(checker: RowChecker, batch, seen: set[str]) -> tuple[list[ParsedRow], list[ParsedRow], int]:
    """Valid new rows, invalid rows, and how many were imported before (or twice in this file)."""
    checker.preload_units(_as_text(raw.get("unit_code")) for _line, raw in batch)
    parsed = [checker.check(line, raw) for line, raw in batch]
    valid = [p for p in parsed if not p.errors]
    invalid = [p for p in parsed if p.errors]
    existing = set(Initiative.objects.filter(import_key__in=[p.key for p in valid]).values_list("import_key",
                                                                                               flat=True))
    fresh, duplicates = [], 0
    for p in valid:
        if p.key in existing or p.key in seen:
            duplicates += 1
        else:
            seen.add(p.key)
            fresh.append(p)
    return fresh, invalid, duplicates


def _write(run: ImportRun, rows: list[ParsedRow], importer) -> None:
    """Write checked rows through the ORM and the state machine (every database but PostgreSQL)."""
    initiatives = [
        Initiative(
            entered_by=importer,
            unit=p.unit,
            author_name=p.values["author_name"],
            category=p.values["category"],
            title=p.values["title"],
            summary=p.values["summary"],
            field=p.values["field"],
            benefit_vnd=p.values["benefit_vnd"],
            author_contribution=p.values["author_contribution"],
            first_submitted_at=p.values["first_submitted_at"],
            submitted_on=p.values["submitted_on"],
            phase=p.values["phase"],
            import_key=p.key,
            import_run=run,
            search_text=p.search_text,
        )
        for p in rows
    ]
    # The state machine records the history (and sets the status) of every imported row.
    created = review_services.initiatives_import_record(
        initiatives=initiatives, statuses=[p.status for p in rows], actor=importer
    )
    CoAuthor.objects.bulk_create(
        CoAuthor(initiative=initiative, full_name=name, contribution=share)
        for initiative, p in zip(created, rows, strict=True)
        for name, share in p.co_authors
    )


class _CopyTable:
    """The rows of one model as PostgreSQL's COPY takes them: its columns and the values rows share.

    Every concrete column is written, so that a column the import does not fill gets the
    model's default exactly as the ORM would give it (the schema has no defaults of its
    own); a callable default (a random key) is drawn for each row, an ``auto_now`` time is
    the time of the import, and the primary key is left to the database unless it is one
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

    def copy(self, cursor, values: Iterable[tuple], *, into: str | None = None) -> None:
        """COPY the rows into the model's table (or ``into``, a staging table of the same columns)."""
        buffer = io.StringIO()
        csv.writer(buffer, quoting=csv.QUOTE_NONNUMERIC, lineterminator=self.line_end).writerows(self.rows(values))
        buffer.seek(0)
        options = "FORMAT csv"
        if self.nullable:
            options += f", FORCE_NULL ({', '.join(map(_quoted, self.nullable))})"
        cursor.copy_expert(
            f"COPY {_quoted(into or self.table)} ({', '.join(map(_quoted, self.columns))}) FROM STDIN WITH ({options})",
            buffer,
        )


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


_INITIATIVE_VALUES = ("id", "status", "unit_id", "author_name", "author_contribution", "category", "title",
                      "field_id", "summary", "benefit_vnd", "first_submitted_at", "submitted_on", "phase_id",
                      "import_key", "search_text")
_DECISION_VALUES = ("initiative_id", "action", "from_status", "to_status", "actor_unit_id")
_CO_AUTHOR_VALUES = ("initiative_id", "full_name", "contribution")


class CopyWriter:
    """Writes checked rows with COPY (PostgreSQL): initiatives, the decisions of their history, co-authors.

    The ORM builds and converts a model instance per row and a parameter per value, which
    is where a large import spent its time; COPY takes the rows as one CSV stream. The
    history is the state machine's own (``reviews.services.IMPORT_PATHS`` and
    ``TRANSITIONS``), recorded as ``initiatives_import_record`` records it: one decision
    per stage, by the importer in the deepest unit of their review scope above the
    initiative's (the system for an import by command), with the comment "Nhập từ tệp".
    Initiative ids are drawn from the table's sequence first, so that the decisions and
    co-authors written in the same batch can point to them.
    """

    def __init__(self, run: ImportRun, importer) -> None:
        now = timezone.now()
        self.initiatives = _CopyTable(
            Initiative, varying=_INITIATIVE_VALUES,
            shared={"entered_by_id": getattr(importer, "pk", None), "import_run_id": run.pk}, now=now,
        )
        self.decisions = _CopyTable(
            Decision, varying=_DECISION_VALUES,
            shared={
                "actor_id": getattr(importer, "pk", None),
                "actor_role": ActorRole.OFFICER if importer is not None else ActorRole.SYSTEM,
                "comment": str(_("Nhập từ tệp")),
            },
            now=now,
        )
        self.co_authors = _CopyTable(CoAuthor, varying=_CO_AUTHOR_VALUES, shared={}, now=now)
        self.scopes = sorted(review_services.review_rules_units(importer), key=lambda u: -u.depth)
        self.actor_units: dict[int, int | None] = {}
        self.stages = {status: list(review_services.import_stages(status)) for status in IMPORTABLE_STATES}
        self.tables = [self.initiatives, self.decisions, self.co_authors]

    def write(self, rows: list[ParsedRow], *, into: dict[str, str] | None = None) -> int:
        """Write ``rows`` into the tables (or into the staging tables named in ``into``); return how many."""
        if not rows:
            return 0
        into = into or {}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [self.initiatives.table, Initiative._meta.pk.column, len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
            self.initiatives.copy(cursor, map(self._initiative, ids, rows), into=into.get(self.initiatives.table))
            decisions = [
                (pk, action, source, target, self._actor_unit(p.unit))
                for pk, p in zip(ids, rows, strict=True)
                for action, source, target in self.stages[p.status]
            ]
            self.decisions.copy(cursor, decisions, into=into.get(self.decisions.table))
            co_authors = [(pk, name, share) for pk, p in zip(ids, rows, strict=True) for name, share in p.co_authors]
            if co_authors:
                self.co_authors.copy(cursor, co_authors, into=into.get(self.co_authors.table))
        return len(rows)

    @staticmethod
    def _initiative(pk: int, p: ParsedRow) -> tuple:
        v = p.values
        return (pk, p.status, p.unit.pk, v["author_name"], v["author_contribution"], v["category"], v["title"],
                v["field"].pk, v["summary"], v["benefit_vnd"], v["first_submitted_at"], v["submitted_on"],
                v["phase"].pk if v["phase"] is not None else None, p.key, p.search_text)

    def _actor_unit(self, unit: Unit) -> int | None:
        if unit.pk not in self.actor_units:
            scope = next((u for u in self.scopes if unit.path.startswith(u.path)), None)
            self.actor_units[unit.pk] = scope.pk if scope is not None else None
        return self.actor_units[unit.pk]


class Staging:
    """Temporary tables that hold the rows of an "all or nothing" import until every row is checked.

    The rows are written once, while the file is checked (the progress stays visible, as
    nothing waits in an open transaction), and moved into the real tables by one
    ``INSERT … SELECT`` per table in a single transaction at the end; a refused or failed
    import drops them, so nothing is ever half-written. The temporary tables belong to
    this database session and vanish with it.
    """

    def __init__(self, writer: CopyWriter) -> None:
        self.writer = writer
        self.names = {t.table: f"import_stage_{t.table}" for t in writer.tables}
        self.spoilt = False

    def __enter__(self) -> Staging:
        with connection.cursor() as cursor:
            for table, stage in self.names.items():
                cursor.execute(f"DROP TABLE IF EXISTS {_quoted(stage)}")
                cursor.execute(f"CREATE TEMPORARY TABLE {_quoted(stage)} (LIKE {_quoted(table)} INCLUDING IDENTITY)")
        return self

    def __exit__(self, *exc_info) -> None:
        with connection.cursor() as cursor:
            for stage in self.names.values():
                cursor.execute(f"DROP TABLE IF EXISTS {_quoted(stage)}")

    def keep(self, fresh: list[ParsedRow], invalid: list[ParsedRow]) -> int:
        """Stage a batch; after the first invalid row nothing will be written, so stop staging."""
        self.spoilt = self.spoilt or bool(invalid)
        if not self.spoilt:
            with transaction.atomic():  # a failed COPY leaves the session usable for the clean-up
                _without_waiting_for_disk()
                self.writer.write(fresh, into=self.names)
        return 0

    def move(self) -> int:
        """Move the staged rows into the real tables (in the caller's transaction); return the initiatives."""
        created = 0
        with connection.cursor() as cursor:
            # A reference that vanished since the check fails here, inside the caller's block.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table in self.writer.tables:
                # Ordered by the staging id: decisions and co-authors keep the order they were written in.
                columns = ", ".join(map(_quoted, table.columns))
                cursor.execute(
                    f"INSERT INTO {_quoted(table.table)} ({columns}) "  # noqa: S608 - names from the models
                    f"SELECT {columns} FROM {_quoted(self.names[table.table])} ORDER BY id"
                )
                if table is self.writer.initiatives:
                    created = cursor.rowcount
        return created


def _without_waiting_for_disk() -> None:
    """Let the current transaction commit without waiting for its WAL to reach the disk.

    Staged rows live in temporary tables that no crash preserves anyway; what they write
    to the WAL (the sequence of initiative ids) is flushed with the final move, whose
    commit does wait. Under a busy disk each waited commit costs tenths of a second.
    """
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _copies() -> bool:
    """COPY is PostgreSQL's; every other database (SQLite, the embedded default) writes through the ORM."""
    return connection.vendor == "postgresql"


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


def _check_file(run: ImportRun, importer, keep) -> dict[str, int]:
    """Read and check every row, store the errors, and hand each batch's new valid rows to ``keep``.

    ``keep(fresh, invalid)`` returns how many initiatives it created. The counts are saved
    for the run page at most every ``PROGRESS_SECONDS`` (and at the end): a write per
    batch would cost more than the page gains.
    """
    checker, seen, stored = RowChecker(importer), set(), 0
    counts = {"rows_read": 0, "rows_valid": 0, "rows_invalid": 0, "rows_duplicate": 0, "rows_created": 0}
    saved = time.monotonic()
    for batch in _batches(_rows(run)):
        fresh, invalid, duplicates = _check_batch(checker, batch, seen)
        counts["rows_created"] += keep(fresh, invalid)
        stored = _store_errors(run, invalid, stored)
        counts["rows_read"] += len(batch)
        counts["rows_valid"] += len(fresh) + duplicates
        counts["rows_invalid"] += len(invalid)
        counts["rows_duplicate"] += duplicates
        if time.monotonic() - saved >= PROGRESS_SECONDS:
            _progress(run, **counts)
            saved = time.monotonic()
    _progress(run, **counts)
    return counts


def _all_or_nothing(run: ImportRun, importer) -> None:
    if _copies():
        with Staging(CopyWriter(run, importer)) as staging:
            counts = _check_file(run, importer, staging.keep)
            if _refuse_invalid(run, counts):
                return
            _progress(run, state=ImportRun.State.WRITING)
            try:
                with transaction.atomic():
                    created = staging.move()
            except IntegrityError:  # e.g. another import wrote one of these rows meanwhile
                raise _data_changed() from None
        _finish(run, created)
        return
    counts = _check_file(run, importer, lambda fresh, invalid: 0)
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
              % {"n": counts["rows_invalid"]})
    return True


def _write_second_pass(run: ImportRun, importer) -> None:
    """Without COPY, read the file again and write it in one transaction (memory stays flat)."""
    created = 0
    checker, seen = RowChecker(importer), set()
    with transaction.atomic():
        for batch in _batches(_rows(run)):
            fresh, invalid, _duplicates = _check_batch(checker, batch, seen)
            if invalid:  # the data changed since the check (e.g. a unit moved): write nothing
                raise _data_changed()
            _write(run, fresh, importer)
            created += len(fresh)
    _finish(run, created)


def _valid_rows(run: ImportRun, importer) -> None:
    if _copies():
        writer = CopyWriter(run, importer)

        def write(rows: list[ParsedRow]) -> None:
            writer.write(rows)
    else:

        def write(rows: list[ParsedRow]) -> None:
            _write(run, rows, importer)

    def keep(fresh: list[ParsedRow], invalid: list[ParsedRow]) -> int:
        with transaction.atomic():
            write(fresh)
        return len(fresh)

    counts = _check_file(run, importer, keep)
    _finish(run, counts["rows_created"])


def _finish(run: ImportRun, created: int) -> None:
    parts = [_("Đã tạo %(n)s sáng kiến.") % {"n": created}]
    if run.rows_duplicate:
        parts.append(_("%(n)s dòng đã được nhập trước đó nên không tạo lại.") % {"n": run.rows_duplicate})
    if run.rows_invalid:
        parts.append(_("%(n)s dòng lỗi bị bỏ qua.") % {"n": run.rows_invalid})
    _progress(run, state=ImportRun.State.DONE, rows_created=created, finished_at=timezone.now(), message=" ".join(parts))


# --- starting a run -------------------------------------------------------------------------


def import_run_create(*, upload, mode: str, by, enqueue: bool = True) -> ImportRun:
    """Keep the uploaded file and queue its import; refuse at once what is not a readable table.

    The file's own problems (size, not a spreadsheet, macro, zip bomb, encoding, missing
    columns) are reported here with a clear message and nothing is kept.
    """
    limit = settings.IMPORT_MAX_BYTES
    if upload.size > limit:
        raise TableError(_("Tệp quá lớn (%(size)s MB); tối đa %(limit)s MB.")
                         % {"size": round(upload.size / 1048576, 1), "limit": limit // 1048576})
    upload.seek(0)
    header_check = iter_table(upload, required=REQUIRED, optional=OPTIONAL, aliases=ALIASES, formulas=True)
    next(header_check, None)  # reads the header (and the first row): raises TableError on a bad file
    header_check.close()
    upload.seek(0)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    run = ImportRun(uploaded_by=by, original_name=upload.name[:255], sha256=digest.hexdigest(), mode=mode,
                    rows_total=_count_rows(upload))
    run.file.save(f"{digest.hexdigest()[:16]}.{'xlsx' if _is_xlsx(upload) else 'csv'}", upload, save=False)
    run.save()
    if enqueue:
        transaction.on_commit(lambda: enqueue_import(run.pk))
    return run


def _count_rows(upload) -> int | None:
    """The number of data rows, for the progress bar: lines of a CSV, the sheet's dimension of an XLSX."""
    upload.seek(0)
    try:
        if _is_xlsx(upload):
            from openpyxl import load_workbook

            workbook = load_workbook(upload, read_only=True)
            try:
                rows = workbook.worksheets[0].max_row
            finally:
                workbook.close()
            return max(rows - 1, 0) if rows else None
        lines = 0
        for chunk in upload.chunks():
            lines += chunk.count(b"\n")
        return max(lines - 1, 0)
    except Exception:  # noqa: BLE001 - only an estimate for the progress bar
        return None
    finally:
        upload.seek(0)


def _is_xlsx(upload) -> bool:
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    return head == b"PK\x03\x04"


def enqueue_import(run_id: int) -> None:
    """Hand the run to Celery; with the broker down it stays queued and the sweep starts it."""
    from .tasks import process_import

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
