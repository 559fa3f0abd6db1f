"""An import records each initiative's way to its state as the state machine would: the COPY
writer, inline or in its thread, writes exactly the initiatives, decisions and co-authors
the ORM writes following the state machine's import paths."""

import datetime as dt
import functools
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from reviews.enums import ActorRole
from reviews.models import Decision
from reviews.services import import_stages, imported_comment
from submissions import imports
from submissions.models import CoAuthor, ImportRun, Initiative
from submissions.tests.test_imports import GOOD, HEADER, csv_file, run_import
from unions.selectors import review_units

# --- the COPY writer and the ORM ------------------------------------------------------------------------------

# Every kind of value the writer formats: states with their history, co-authors, no benefit,
# no phase (a day of the programme outside every phase, ``programme_with_a_gap``), CSV-hostile text (quotes, commas, backslash, tab,
# a line break), a field by its Vietnamese name.
VARIED = [
    *GOOD,
    'P01-U001-G0001,"Máy ""tự động"", bản 2\\x\ty",Tóm tắt,education,Đỗ Văn Ánh,union_official,2022-04-02 08:15,,,verified',
    'P01-U001-G0002,Phần mềm,"Dòng một\nDòng hai","Khoa học, công nghệ",Ngô Thị Bé,enterprise,2023-09-01,'
    "Vũ D (10%),,approved",
    "P01-U001-G0001,Giá đỡ,Tóm tắt,education,Hà Thị Én,enterprise,15/03/2022 08:30,,,Không được công nhận,có,x,"
    'Lý do khác,"Đã áp dụng từ 2019, ""không mới"""',
    "P01-U001-G0002,Bảng tin,Tóm tắt,education,Lý Văn Đông,enterprise,16/03/2022,,,returned,0,1,,Thiếu bản vẽ",
    "P01-U001-G0002,Sổ giao ca,Tóm tắt,education,Mạc Thị Gấm,enterprise,17/03/2022,,,Đã rút,,,,",
]
VARIED_HEADER = HEADER.rstrip("\n") + ",holds_management_post,direct_production_worker,reason,comment\n"


def _snapshot() -> list[tuple]:
    """What an import wrote, without what differs by nature between two imports (ids, keys, times)."""
    volatile = {"id", "submission_key", "created_at", "updated_at", "import_run", "stage_since"}
    names = [f.attname for f in Initiative._meta.concrete_fields if f.name not in volatile]
    rows = []
    for initiative in Initiative.objects.order_by("title"):
        # Each import names its own run in the comments: the same words, another number.
        decisions = [(*decision[:-1], decision[-1].replace(str(initiative.import_run_id), "N"))
                     for decision in initiative.decisions.order_by("id").values_list(
                         "action", "from_status", "to_status", "actor_id", "actor_role", "actor_unit_id", "reason",
                         "comment")]
        co_authors = list(initiative.co_authors.values_list("full_name", "workplace", "job_title", "qualification",
                                                            "contribution"))
        rows.append((tuple(getattr(initiative, n) for n in names), decisions, co_authors))
    return rows


class _Undo(Exception):
    pass


def _orm_write(run: ImportRun, importer, rows) -> int:
    """What the COPY writer must write, built model by model through the ORM: each row's
    initiative in its recorded state, the state machine's decisions that lead there (by the
    importer in the deepest unit of their review scope above the initiative's), co-authors."""
    initiatives = []
    today = timezone.localdate()  # an imported approved initiative was approved by the import, today
    for p in rows:
        values = {name: p.values[name] for name in (
            "author_name", "category", "title", "summary", "field", "benefit_vnd", "author_contribution",
            "first_submitted_at", "submitted_on", "phase", "holds_management_post", "is_direct_production_worker")}
        initiatives.append(Initiative(entered_by=importer, unit=p.unit, import_key=p.key, import_run=run,
                                      search_text=p.search_text, status=p.status,
                                      approved_on=today if p.status == "approved" else None, **values))
    created = Initiative.objects.bulk_create(initiatives)
    scopes = sorted(review_units(importer), key=lambda u: -u.depth) if importer is not None else []
    decisions = []
    for initiative, p in zip(created, rows, strict=True):
        stages = list(import_stages(initiative.status))
        for index, (action, source, target) in enumerate(stages):
            last = index == len(stages) - 1
            decisions.append(Decision(
                initiative=initiative, action=action, from_status=source, to_status=target, actor=importer,
                actor_role=ActorRole.OFFICER if importer is not None else ActorRole.SYSTEM,
                actor_unit=next((u for u in scopes if initiative.unit.path.startswith(u.path)), None),
                reason=p.reason if last else "", comment=imported_comment(run.pk, p.comment if last else "")))
    Decision.objects.bulk_create(decisions)
    CoAuthor.objects.bulk_create(
        CoAuthor(initiative=initiative, full_name=name, contribution=share)
        for initiative, p in zip(created, rows, strict=True)
        for name, share in p.co_authors
    )
    return len(created)


@pytest.fixture
def programme_with_a_gap(programme):
    """The programme's last day in no phase (an import refuses a day outside the programme itself)."""
    programme.phases.filter(code="phase-2").update(ends_on=dt.date(2023, 8, 31))
    return programme


@pytest.mark.parametrize("mode", ["all_or_nothing", "valid_rows"])
def test_copy_writes_exactly_what_the_orm_writes(upper, programme_with_a_gap, monkeypatch, mode):
    assert_copy_writes_what_the_orm_writes(upper, monkeypatch, mode)


def assert_copy_writes_what_the_orm_writes(importer, monkeypatch, mode: str) -> None:
    """The same file imported through the ORM (then undone) and through COPY: the same rows."""
    with monkeypatch.context() as orm_only:
        orm_only.setattr(imports, "_writes", lambda run, importer: functools.partial(_orm_write, run, importer))
        try:
            with transaction.atomic():
                assert run_import(csv_file(*VARIED, header=VARIED_HEADER), importer, mode).rows_created == 7
                through_orm = _snapshot()
                raise _Undo
        except _Undo:
            pass
    assert run_import(csv_file(*VARIED, header=VARIED_HEADER), importer, mode).rows_created == 7
    assert _snapshot() == through_orm
    assert Initiative.objects.filter(phase=None).count() == 1



# The writer thread commits on a connection of its own, as a worker's import does.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("reference_data")
@pytest.mark.parametrize("mode", ["all_or_nothing", "valid_rows"])
def test_the_writer_thread_writes_exactly_what_the_orm_writes(upper, programme_with_a_gap, monkeypatch, mode):
    assert_copy_writes_what_the_orm_writes(upper, monkeypatch, mode)


def test_an_imported_initiative_waiting_for_a_review_waits_since_its_import(upper, programme_with_a_gap):
    run_import(csv_file(*VARIED), upper, "all_or_nothing")
    for initiative in Initiative.objects.all():
        last = initiative.decisions.order_by("id").last()
        if initiative.status in ("submitted", "verified"):
            assert initiative.stage_since == last.created_at
        else:
            assert initiative.stage_since is None


def test_command_system_import_records_system_history(tmp_path, programme, tree):
    path = tmp_path / "sk.csv"
    path.write_text(HEADER + "P38-G0001,Tên,Tóm tắt,education,A,enterprise,2022-03-01,,,\n", encoding="utf-8")
    call_command("import_initiatives", str(path), stdout=io.StringIO())
    decision = Decision.objects.get()
    assert (decision.actor, decision.actor_role) == (None, "system")
