"""An import that checked its units' paths keeps them; every other insert is looked up.

The trigger of migration 0006 looked the path up for every inserted row. The import's
COPY now writes the path it read with the unit (``submissions.imports.writing``) and, in
the same transaction, reads the batch's units again under a lock that a move must wait
for (``FOR KEY SHARE``: a unit's path is a key) and refuses the batch if one moved; it
says so with ``SET LOCAL portal.unit_path_checked = 'on'``. Only then, and only for a row
that brings a path, is the look-up skipped: any other insert, whatever path it brings,
gets its unit's, and so does every change of ``unit_id`` or ``unit_path``.

The look-up itself now takes the same lock on the unit as the foreign key check does: a
row inserted while its unit moves waits for the move and gets the new path, where it
used to keep the old one for good (the move's update of its initiatives cannot see a row
not yet committed).
"""

from django.db import migrations

from submissions.db_contracts import UNIT_PATH_CHECKED_DOWN, UNIT_PATH_CHECKED_UP


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("submissions", "0010_time_ordered_submission_keys")]
    operations = [migrations.RunPython(_run(UNIT_PATH_CHECKED_UP), _run(UNIT_PATH_CHECKED_DOWN))]
