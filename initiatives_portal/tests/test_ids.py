"""Test databases hand out ids past 1.000.000, each table in a block of its own."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command

from initiatives_portal.sequences import BLOCK, ids_start_past_a_million
from submissions.models import Field
from submissions.tests.factories import InitiativeFactory


def test_new_rows_get_ids_past_a_million(worker):
    assert worker.pk > BLOCK and worker.unit_id > BLOCK


def test_ids_of_two_tables_never_coincide(worker):
    assert worker.pk // BLOCK != worker.unit_id // BLOCK


def test_rows_the_migrations_wrote_are_past_a_million_too(db):
    assert min(Field.objects.values_list("pk", flat=True)) > BLOCK
    assert min(ContentType.objects.values_list("pk", flat=True)) > BLOCK
    permission = Permission.objects.select_related("content_type").get(codename="view_initiative")
    assert (permission.pk > BLOCK, permission.content_type.model) == (True, "initiative")


@pytest.mark.django_db(transaction=True)
def test_ids_stay_past_a_million_in_a_transactional_test(tree):
    assert tree["school"].pk > BLOCK


def test_raising_the_sequences_again_never_lowers_them(worker):
    before = ids_start_past_a_million()
    assert ids_start_past_a_million() == before
    assert before[worker._meta.db_table] > worker.pk


def test_the_command_refuses_a_database_that_holds_initiatives(worker, programme):
    InitiativeFactory(submitter=worker)
    with pytest.raises(CommandError, match="vừa tạo"):
        call_command("start_ids_past_a_million")
