"""Database-level guarantees shared by the apps' migrations."""

from django.db import migrations


def forbid_updates_and_deletes(table: str) -> migrations.RunPython:
    """A migration operation making the database refuse any UPDATE or DELETE on ``table``.

    Audit trails (decisions, account events, appointment changes) are append-only: a
    trigger raises on PostgreSQL and SQLite alike, whatever code tries.
    """
    postgres_up = f"""
CREATE OR REPLACE FUNCTION {table}_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{table} rows are immutable';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER {table}_immutable
    BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_immutable();
"""
    postgres_down = f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}; DROP FUNCTION IF EXISTS {table}_immutable();"
    sqlite_up = [
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable'); END;",
        f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} rows are immutable'); END;",
    ]
    sqlite_down = [f"DROP TRIGGER IF EXISTS {table}_no_update;", f"DROP TRIGGER IF EXISTS {table}_no_delete;"]

    def forwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(postgres_up)
        elif vendor == "sqlite":
            for statement in sqlite_up:
                schema_editor.execute(statement)

    def backwards(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(postgres_down)
        elif vendor == "sqlite":
            for statement in sqlite_down:
                schema_editor.execute(statement)

    return migrations.RunPython(forwards, backwards)
