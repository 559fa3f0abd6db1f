"""The import's writer thread (PostgreSQL): rows written on a connection of its own while the file is checked.

These tests commit, as an import run by a worker does: a second connection sees nothing
of a test's own transaction.
"""

import pytest
from django.db import OperationalError, connection, connections

from submissions import imports
from submissions.imports import pipeline
from submissions.models import CoAuthor, ImportRun, Initiative
from submissions.tests.test_imports import (
    BAD_ROWS,
    GOOD,
    csv_file,
    run_import,
)
from submissions.workflow import workflow


def _decisions():
    """The model of the decisions the import writes: the state machine's, through ``submissions.workflow``."""
    return workflow().import_history(None).model


pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
]


@pytest.fixture
def written_by(monkeypatch):
    """The database sessions (backend process ids) that wrote each batch."""
    sessions = []
    send = imports.CopyWriter.send

    def send_and_note(self, batch):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            sessions.append(cursor.fetchone()[0])
        return send(self, batch)

    monkeypatch.setattr(imports.CopyWriter, "send", send_and_note)
    return sessions


@pytest.mark.parametrize("mode", ["all_or_nothing", "valid_rows"])
def test_rows_are_written_on_a_connection_of_their_own(upper, programme, written_by, mode):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own = cursor.fetchone()[0]
    run = run_import(csv_file(*GOOD), upper, mode)
    assert (run.state, run.rows_created, Initiative.objects.count()) == ("done", 2, 2)
    assert written_by and own not in written_by


def test_invalid_row_after_written_batches_writes_nothing(upper, programme, written_by, monkeypatch):
    monkeypatch.setattr(imports, "BATCH", 1)
    run = run_import(csv_file(*GOOD, BAD_ROWS["field"]), upper)
    assert (run.state, run.rows_invalid, run.rows_created) == ("refused", 1, 0)
    assert written_by  # the valid rows before it had been written
    assert not Initiative.objects.exists()
    assert not _decisions().objects.exists()
    assert not CoAuthor.objects.exists()


def test_valid_rows_mode_keeps_the_good_rows_around_a_bad_one(upper, programme, monkeypatch):
    monkeypatch.setattr(imports, "BATCH", 1)
    run = run_import(csv_file(GOOD[0], BAD_ROWS["field"], GOOD[1]), upper, mode="valid_rows")
    assert (run.state, run.rows_created, run.rows_invalid) == ("done", 2, 1)
    assert Initiative.objects.count() == 2


def _another_import_writes_the_row(row, tree):
    from submissions.tests.factories import InitiativeFactory

    InitiativeFactory(submitter__unit=tree["school"], import_key=row.key, title="Đã nhập ở lần khác")


def _the_field_is_removed(row, tree):
    from submissions.models import Field

    Field.objects.filter(pk=row.values["field"].pk).delete()  # by another session: the row keeps its id


@pytest.mark.parametrize("change", [_another_import_writes_the_row, _the_field_is_removed])
def test_data_changed_between_check_and_write_refuses_the_whole_file(upper, programme, tree, monkeypatch, change):
    check = imports._check_batch

    def check_then_change(checker, batch, seen):
        fresh, invalid, duplicates = check(checker, batch, seen)
        if fresh and fresh[0].line == 3:
            change(fresh[0], tree)
        return fresh, invalid, duplicates

    monkeypatch.setattr(imports, "BATCH", 1)
    monkeypatch.setattr(imports, "_check_batch", check_then_change)
    run = run_import(csv_file(*GOOD), upper)
    assert (run.state, "thay đổi" in run.message) == ("refused", True)
    assert not Initiative.objects.filter(import_run=run).exists()
    assert not _decisions().objects.filter(initiative__import_run=run).exists()
    assert not CoAuthor.objects.exists()


def test_imported_rows_carry_their_units_path(upper, programme, tree):
    run_import(csv_file(*GOOD), upper)
    assert [(i.unit_path, i.unit.path) for i in Initiative.objects.select_related("unit")] == [
        (tree["school"].path, tree["school"].path), (tree["hospital"].path, tree["hospital"].path)
    ]


def _after_the_first_row_is_read(monkeypatch, change) -> None:
    """Run ``change()`` once the first row was checked, before it is written (once written in
    an all-or-nothing import, its unit cannot move or merge until the import ends)."""
    check = imports._check_batch

    def check_then_change(checker, batch, seen):
        fresh, invalid, duplicates = check(checker, batch, seen)
        if fresh and fresh[0].line == 2:
            change()
        return fresh, invalid, duplicates

    monkeypatch.setattr(imports, "BATCH", 1)
    monkeypatch.setattr(imports, "_check_batch", check_then_change)


def _move_the_upper_unit(tree):
    from unions.restructure import unit_move

    return lambda: unit_move(unit=tree["ba_dinh"], new_parent=tree["thanh_hoa"])


def _merge_the_school(tree):
    from unions.restructure import units_merge

    return lambda: units_merge(source=tree["school"], target=tree["hospital"])


_TWO_SCHOOL_ROWS = (GOOD[0], GOOD[0].replace("Sổ tay điện tử", "Sổ tay điện tử bản hai"))


@pytest.mark.parametrize("change", [_move_the_upper_unit, _merge_the_school])
def test_a_unit_moved_or_merged_between_check_and_write_refuses_the_whole_file(upper, programme, tree, monkeypatch,
                                                                               change):
    _after_the_first_row_is_read(monkeypatch, change(tree))
    run = run_import(csv_file(*_TWO_SCHOOL_ROWS), upper)
    assert (run.state, "thay đổi" in run.message) == ("refused", True)
    assert not Initiative.objects.exists()


def test_no_row_is_written_with_the_path_its_unit_had_before_a_move(upper, programme, tree, monkeypatch):
    _after_the_first_row_is_read(monkeypatch, _move_the_upper_unit(tree))
    run_import(csv_file(*_TWO_SCHOOL_ROWS), upper, mode="valid_rows")
    tree["school"].refresh_from_db()
    assert set(Initiative.objects.values_list("unit_path", flat=True)) <= {tree["school"].path}


def _while_a_batch_is_open(monkeypatch, sql: str, params: list) -> list[OperationalError]:
    """Have another session run ``sql`` (waiting 200 ms at most for a lock) right after each
    batch is sent, its transaction still open; return what that session was refused."""
    send = imports.CopyWriter.send
    refused = []

    def send_then_run(self, batch):
        count = send(self, batch)
        other = connections.create_connection("default")
        try:
            with other.cursor() as cursor:
                cursor.execute("SET lock_timeout = '200ms'")
                cursor.execute(sql, params)
        except OperationalError as error:
            refused.append(error)
        finally:
            other.close()
        return count

    monkeypatch.setattr(imports.CopyWriter, "send", send_then_run)
    return refused


def test_the_units_of_a_batch_being_written_cannot_move_until_it_commits(upper, programme, tree, monkeypatch):
    refused = _while_a_batch_is_open(
        monkeypatch, "UPDATE unions_unit SET path = path || '0001' WHERE id = %s", [tree["school"].pk]
    )
    run = run_import(csv_file(*GOOD), upper)
    assert run.state == "done"
    assert refused and "lock timeout" in str(refused[0])


def test_the_units_of_a_batch_being_written_can_be_renamed_meanwhile(upper, programme, tree, monkeypatch):
    refused = _while_a_batch_is_open(
        monkeypatch, "UPDATE unions_unit SET name = name || ' (mới)' WHERE id = %s", [tree["school"].pk]
    )
    run = run_import(csv_file(*GOOD), upper)
    assert (run.state, refused) == ("done", [])


def test_a_failure_of_the_writer_fails_the_run_and_writes_nothing(upper, programme, monkeypatch):
    send = imports.CopyWriter.send
    sent = []

    def fail_on_the_second_batch(self, batch):
        sent.append(batch)
        if len(sent) == 2:
            raise RuntimeError("disk full")
        return send(self, batch)

    monkeypatch.setattr(imports, "BATCH", 1)
    monkeypatch.setattr(imports.CopyWriter, "send", fail_on_the_second_batch)
    run = run_import(csv_file(*GOOD), upper)
    assert run.state == "failed"
    assert not Initiative.objects.exists()


def test_progress_is_visible_while_the_rows_are_written(upper, programme, monkeypatch):
    seen_by_writer = []
    send = imports.CopyWriter.send

    def send_and_look(self, batch):
        # The writer's own connection: it sees what the checking connection committed.
        seen_by_writer.append(ImportRun.objects.get().rows_read)
        return send(self, batch)

    monkeypatch.setattr(imports, "BATCH", 1)
    monkeypatch.setattr(imports, "PROGRESS_SECONDS", 0)
    monkeypatch.setattr(imports.CopyWriter, "send", send_and_look)
    run_import(csv_file(*GOOD), upper)
    assert seen_by_writer[-1] >= 1


def test_the_writer_closes_its_connection(upper, programme):
    def sessions() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
            return cursor.fetchone()[0]

    before = sessions()
    run_import(csv_file(*GOOD), upper)
    assert sessions() == before


def test_a_writer_abandoned_after_a_failure_does_not_wait_for_more_batches():
    def fail(rows):
        raise RuntimeError("refused")

    with pipeline.WriterThread(fail, one_transaction=True) as writer:
        writer.put(["a batch"])
        with pytest.raises(RuntimeError):
            for _ in range(5):  # the failure is raised by a later call, never lost
                writer.put(["another batch"])
            writer.finish()
    assert not writer._thread.is_alive()
