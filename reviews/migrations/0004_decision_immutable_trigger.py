"""The database itself refuses to change or delete a decision, whatever code tries."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION reviews_decision_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'reviews_decision rows are immutable';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER reviews_decision_immutable
    BEFORE UPDATE OR DELETE ON reviews_decision
    FOR EACH ROW EXECUTE FUNCTION reviews_decision_immutable();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS reviews_decision_immutable ON reviews_decision;
DROP FUNCTION IF EXISTS reviews_decision_immutable();
"""
SQLITE_UP = [
    """CREATE TRIGGER reviews_decision_no_update BEFORE UPDATE ON reviews_decision
       BEGIN SELECT RAISE(ABORT, 'reviews_decision rows are immutable'); END;""",
    """CREATE TRIGGER reviews_decision_no_delete BEFORE DELETE ON reviews_decision
       BEGIN SELECT RAISE(ABORT, 'reviews_decision rows are immutable'); END;""",
]
SQLITE_DOWN = ["DROP TRIGGER IF EXISTS reviews_decision_no_update;", "DROP TRIGGER IF EXISTS reviews_decision_no_delete;"]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)
    elif vendor == "sqlite":
        for statement in SQLITE_UP:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)
    elif vendor == "sqlite":
        for statement in SQLITE_DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("reviews", "0003_notifications")]
    operations = [migrations.RunPython(forwards, backwards)]
