"""The database itself refuses to change or delete an appointment change, whatever code tries."""

from django.db import migrations

TABLE = "unions_appointmentchange"
POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION {TABLE}_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{TABLE} rows are immutable';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {TABLE}_immutable
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION {TABLE}_immutable();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS {TABLE}_immutable ON {TABLE};
DROP FUNCTION IF EXISTS {TABLE}_immutable();
"""
SQLITE_UP = [
    f"""CREATE TRIGGER {TABLE}_no_update BEFORE UPDATE ON {TABLE}
       BEGIN SELECT RAISE(ABORT, '{TABLE} rows are immutable'); END;""",
    f"""CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE}
       BEGIN SELECT RAISE(ABORT, '{TABLE} rows are immutable'); END;""",
]
SQLITE_DOWN = [f"DROP TRIGGER IF EXISTS {TABLE}_no_update;", f"DROP TRIGGER IF EXISTS {TABLE}_no_delete;"]


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
    dependencies = [("unions", "0002_appointment_change")]
    operations = [migrations.RunPython(forwards, backwards)]
