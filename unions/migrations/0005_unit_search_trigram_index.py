"""A trigram index makes the accent-insensitive unit search (LIKE '%word%' on the folded name
and code) an index lookup instead of a scan of every unit: the admin's unit pickers and the
finders search some 130.000 of them. The B-tree index on the column serves only prefixes
and equality."""

from django.db import migrations

from unions.db_contracts import UNIT_SEARCH_TRIGRAM_DOWN, UNIT_SEARCH_TRIGRAM_UP


def forwards(apps, schema_editor):
    for statement in UNIT_SEARCH_TRIGRAM_UP:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    for statement in UNIT_SEARCH_TRIGRAM_DOWN:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("unions", "0004_unit_change")]
    operations = [migrations.RunPython(forwards, backwards)]
