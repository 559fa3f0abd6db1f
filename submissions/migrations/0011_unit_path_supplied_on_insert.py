"""An insert that brings its unit's path keeps it (PostgreSQL).

The trigger of migration 0006 looked the path up for every inserted row. The import's
COPY now writes the path it read with the unit (``submissions.imports.writing``) and,
in the same transaction, holds the batch's units against a move (``FOR SHARE``) and
compares: a unit that moved in between has its rows' paths looked up again. A row
inserted without a path (the ORM's default, "") is looked up as before, and so is every
change of ``unit_id`` or ``unit_path``. SQLite keeps the trigger of 0006: its imports go
through the ORM.
"""

from django.db import migrations

POSTGRES_UP = [
    "DROP TRIGGER IF EXISTS submissions_initiative_unit_path ON submissions_initiative",
    """
CREATE TRIGGER submissions_initiative_unit_path
    BEFORE INSERT ON submissions_initiative
    FOR EACH ROW WHEN (NEW.unit_path = '') EXECUTE FUNCTION submissions_initiative_unit_path()
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
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("submissions", "0010_time_ordered_submission_keys")]
    operations = [migrations.RunPython(_run(POSTGRES_UP), _run(POSTGRES_DOWN))]
