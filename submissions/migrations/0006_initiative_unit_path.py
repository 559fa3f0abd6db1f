"""The unit's path copied onto each initiative, kept by triggers, and the indexes it serves.

An officer's queue and search are scoped to a subtree. With the path on the initiative,
PostgreSQL walks one covering index in queue order for a province (``unit_path``'s first
two steps), for the whole federation, or for one unit, and stops after a page, instead of
joining hundreds of units and sorting every match. The search uses a full-text index on
the folded text (words and word beginnings), whose statistics let the planner choose
between walking the queue order and reading the matches.

Triggers keep the copy right whatever writes the row (the ORM, bulk inserts, COPY) and
when a unit moves. SQLite gets the triggers; its indexes stay those of the model.
"""

from django.db import migrations, models

# The queue's columns, read from the index alone while walking it.
_COVERED = "field_id, category, submitted_on, unit_id"

POSTGRES_UP = [
    """
CREATE OR REPLACE FUNCTION submissions_initiative_unit_path() RETURNS trigger AS $$
BEGIN
    NEW.unit_path := (SELECT path FROM unions_unit WHERE id = NEW.unit_id);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER submissions_initiative_unit_path
    BEFORE INSERT OR UPDATE OF unit_id, unit_path ON submissions_initiative
    FOR EACH ROW EXECUTE FUNCTION submissions_initiative_unit_path()
""",
    """
CREATE OR REPLACE FUNCTION unions_unit_path_to_initiatives() RETURNS trigger AS $$
BEGIN
    UPDATE submissions_initiative SET unit_path = NEW.path WHERE unit_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER unions_unit_path_to_initiatives
    AFTER UPDATE OF path ON unions_unit
    FOR EACH ROW WHEN (OLD.path IS DISTINCT FROM NEW.path)
    EXECUTE FUNCTION unions_unit_path_to_initiatives()
""",
    "UPDATE submissions_initiative i SET unit_path = u.path FROM unions_unit u WHERE u.id = i.unit_id",
    # Queue order within one unit, within the subtree of a province or sector (the path's
    # first two steps; deeper subtrees filter on unit_path inside it), and everywhere.
    f"CREATE INDEX initiative_queue_unit ON submissions_initiative "
    f"(unit_id, status, first_submitted_at, id) INCLUDE ({_COVERED})",
    f"CREATE INDEX initiative_queue_branch ON submissions_initiative "
    f"((SUBSTRING(unit_path, 1, 8)), status, first_submitted_at, id) INCLUDE (unit_path, {_COVERED})",
    f"CREATE INDEX initiative_queue_all ON submissions_initiative "
    f"(status, first_submitted_at, id) INCLUDE ({_COVERED})",
    "DROP INDEX IF EXISTS initiative_search_trgm",
    "CREATE INDEX initiative_search_words ON submissions_initiative "
    "USING gin (to_tsvector('simple'::regconfig, search_text))",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS initiative_search_words",
    "CREATE INDEX IF NOT EXISTS initiative_search_trgm ON submissions_initiative USING gin (search_text gin_trgm_ops)",
    "DROP INDEX IF EXISTS initiative_queue_all",
    "DROP INDEX IF EXISTS initiative_queue_branch",
    "DROP INDEX IF EXISTS initiative_queue_unit",
    "DROP TRIGGER IF EXISTS unions_unit_path_to_initiatives ON unions_unit",
    "DROP FUNCTION IF EXISTS unions_unit_path_to_initiatives()",
    "DROP TRIGGER IF EXISTS submissions_initiative_unit_path ON submissions_initiative",
    "DROP FUNCTION IF EXISTS submissions_initiative_unit_path()",
]

_SQLITE_COPY = (
    "UPDATE submissions_initiative SET unit_path = (SELECT path FROM unions_unit WHERE id = NEW.unit_id) "
    "WHERE id = NEW.id;"
)
SQLITE_UP = [
    f"CREATE TRIGGER submissions_initiative_unit_path_insert AFTER INSERT ON submissions_initiative "
    f"BEGIN {_SQLITE_COPY} END",
    f"CREATE TRIGGER submissions_initiative_unit_path_update AFTER UPDATE OF unit_id, unit_path "
    f"ON submissions_initiative BEGIN {_SQLITE_COPY} END",
    "CREATE TRIGGER unions_unit_path_to_initiatives AFTER UPDATE OF path ON unions_unit "
    "WHEN OLD.path IS NOT NEW.path "
    "BEGIN UPDATE submissions_initiative SET unit_path = NEW.path WHERE unit_id = NEW.id; END",
    "UPDATE submissions_initiative SET unit_path = "
    "(SELECT path FROM unions_unit WHERE unions_unit.id = submissions_initiative.unit_id)",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS unions_unit_path_to_initiatives",
    "DROP TRIGGER IF EXISTS submissions_initiative_unit_path_update",
    "DROP TRIGGER IF EXISTS submissions_initiative_unit_path_insert",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
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
        migrations.RunPython(
            _run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            _run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        ),
    ]
