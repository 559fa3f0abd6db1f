"""A trigram index makes the accent-insensitive search (LIKE '%word%' on the folded text) an
index lookup instead of a scan of every initiative."""

from django.db import migrations

from submissions.db_contracts import SEARCH_TRIGRAM_DOWN, SEARCH_TRIGRAM_UP


def forwards(apps, schema_editor):
    for statement in SEARCH_TRIGRAM_UP:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in SEARCH_TRIGRAM_DOWN:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("submissions", "0004_import_rows_total")]
    operations = [migrations.RunPython(forwards, backwards)]
