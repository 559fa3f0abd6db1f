"""The unit's path copied onto each initiative, kept by triggers, and the indexes it serves.

An officer's queue and search are scoped to a subtree. With the path on the initiative,
PostgreSQL walks one covering index in queue order for a province (``unit_path``'s first
two steps), for the whole federation, or for one unit, and stops after a page, instead of
joining hundreds of units and sorting every match. The search uses a full-text index on
the words of the folded text (a stored, generated ``search_vector`` column).

Triggers keep the copy right whatever writes the row (the ORM, bulk inserts, COPY) and
when a unit moves.
"""

from django.db import migrations, models

from submissions.db_contracts import UNIT_PATH_DOWN, UNIT_PATH_UP


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0005_search_trigram_index"),
        ("unions", "0004_unit_change"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiative",
            name="unit_path",
            field=models.CharField(default="", editable=False, max_length=255),
        ),
        migrations.RunPython(_run(UNIT_PATH_UP), _run(UNIT_PATH_DOWN)),
    ]
