"""A trigram index makes the accent-insensitive search (LIKE '%word%' on the folded text) an
index lookup instead of a scan of every initiative."""

from django.db import migrations


def forwards(apps, schema_editor):
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS initiative_search_trgm ON submissions_initiative "
        "USING gin (search_text gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS initiative_search_trgm")


class Migration(migrations.Migration):
    dependencies = [("submissions", "0004_import_rows_total")]
    operations = [migrations.RunPython(forwards, backwards)]
