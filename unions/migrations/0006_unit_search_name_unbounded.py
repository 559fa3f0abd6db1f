"""``Unit.search_name`` becomes text of any length, without its B-tree index: folding may
make a name longer than the old 300 characters, and a word searched inside it cannot use
the index anyway."""

from django.db import migrations, models


class AlterFieldExceptOnSQLite(migrations.AlterField):
    """SQLite would rebuild the whole table, which breaks the triggers of ``submissions``
    that name it; it does not enforce a text's length, so there is nothing to change."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "sqlite":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor != "sqlite":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [
        ("unions", "0005_unit_search_trigram_index"),
    ]

    operations = [
        AlterFieldExceptOnSQLite(
            model_name="unit",
            name="search_name",
            field=models.TextField(editable=False),
        ),
    ]
