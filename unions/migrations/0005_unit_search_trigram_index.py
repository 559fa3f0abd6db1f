"""A trigram index makes the accent-insensitive unit search (LIKE '%word%' on the folded name
and code) an index lookup instead of a scan of every unit: the admin's unit pickers and the
finders search some 130.000 of them. The B-tree index on the column serves only prefixes
and equality."""

from django.db import migrations


def forwards(apps, schema_editor):
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS unit_search_name_trgm ON unions_unit USING gin (search_name gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS unit_search_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("unions", "0004_unit_change")]
    operations = [migrations.RunPython(forwards, backwards)]
