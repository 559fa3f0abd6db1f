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

_LOOK_UP = """
CREATE OR REPLACE FUNCTION submissions_initiative_unit_path() RETURNS trigger AS $$
BEGIN
    NEW.unit_path := (SELECT path FROM unions_unit WHERE id = NEW.unit_id%s);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
"""
POSTGRES_UP = [
    _LOOK_UP % " FOR KEY SHARE",
    "DROP TRIGGER IF EXISTS submissions_initiative_unit_path ON submissions_initiative",
    """
CREATE TRIGGER submissions_initiative_unit_path
    BEFORE INSERT ON submissions_initiative
    FOR EACH ROW WHEN (NEW.unit_path = '' OR current_setting('portal.unit_path_checked', true) IS DISTINCT FROM 'on')
    EXECUTE FUNCTION submissions_initiative_unit_path()
""",
    """
CREATE TRIGGER submissions_initiative_unit_path_change
    BEFORE UPDATE OF unit_id, unit_path ON submissions_initiative
    FOR EACH ROW EXECUTE FUNCTION submissions_initiative_unit_path()
""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS submissions_initiative_unit_path_change ON submissions_initiative",
    "DROP TRIGGER IF EXISTS submissions_initiative_unit_path ON submissions_initiative",
    """
CREATE TRIGGER submissions_initiative_unit_path
    BEFORE INSERT OR UPDATE OF unit_id, unit_path ON submissions_initiative
    FOR EACH ROW EXECUTE FUNCTION submissions_initiative_unit_path()
""",
    _LOOK_UP % "",
]


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("submissions", "0010_time_ordered_submission_keys")]
    operations = [migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN))]
