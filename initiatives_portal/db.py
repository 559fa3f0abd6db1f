"""Database-level guarantees shared by the apps' migrations."""

from django.db import migrations


def forbid_updates_and_deletes(table: str) -> migrations.RunPython:
    """A migration operation making the database refuse any UPDATE or DELETE on ``table``.

    Audit trails (decisions, account events, appointment changes) are append-only: a
    trigger raises, whatever code tries.
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

    def forwards(apps, schema_editor):
        schema_editor.execute(postgres_up)

    def backwards(apps, schema_editor):
        schema_editor.execute(postgres_down)

    return migrations.RunPython(forwards, backwards)
