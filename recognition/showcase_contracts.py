"""The showcase's database contracts: the triggers that keep ``ShowcaseEntry`` (one row per
approved, exemplary initiative whose author agreed to publication) and its replication
counts, and the words' index of its search.

Triggers rather than calls from the services: the mark is written by reviews, the consent by
submissions, the text by submissions' edits and an author's anonymisation, the unit's path by
the tree's own triggers — all below recognition, which they must not import. Whatever writes
the row, the showcase follows in the same transaction. Plain SQL, no model: the migration
runs these constants, and what an applied migration ran must never change.
"""

# The condition of a showcased initiative, on a row of submissions_initiative called NEW.
_SHOWN = "NEW.status = 'approved' AND NEW.is_exemplary AND NEW.publication_consent"

SHOWCASE_UP = [
    "ALTER TABLE recognition_showcaseentry ADD COLUMN search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX showcase_search_words ON recognition_showcaseentry USING gin (search_vector)",
    # A constant condition, no input: nothing to inject.
    f"""
CREATE OR REPLACE FUNCTION recognition_showcase_sync() RETURNS trigger AS $$
BEGIN
    IF TG_OP <> 'DELETE' AND {_SHOWN} THEN
        INSERT INTO recognition_showcaseentry
            (initiative_id, field_id, branch, phase_id, submitted_at, search_text, replications)
        VALUES (NEW.id, NEW.field_id, SUBSTRING(NEW.unit_path, 1, 8), NEW.phase_id, NEW.first_submitted_at,
                NEW.search_text, (SELECT count(*) FROM recognition_replication WHERE initiative_id = NEW.id))
        ON CONFLICT (initiative_id) DO UPDATE SET
            field_id = EXCLUDED.field_id, branch = EXCLUDED.branch, phase_id = EXCLUDED.phase_id,
            submitted_at = EXCLUDED.submitted_at, search_text = EXCLUDED.search_text;
    ELSIF TG_OP = 'UPDATE' THEN
        DELETE FROM recognition_showcaseentry WHERE initiative_id = NEW.id;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",  # noqa: S608  # nosec B608
    # An insert shows only a row that is already all three (an import of an earlier
    # system's exemplary initiatives never is: consent is off until someone records it).
    f"""
CREATE TRIGGER recognition_showcase_insert
    AFTER INSERT ON submissions_initiative
    FOR EACH ROW WHEN ({_SHOWN})
    EXECUTE FUNCTION recognition_showcase_sync()
""",
    # Any change of what the showcase shows or filters on, of an initiative that is or was
    # exemplary: a few among millions, so other rows pay only the WHEN test.
    """
CREATE TRIGGER recognition_showcase_update
    AFTER UPDATE OF status, is_exemplary, publication_consent, field_id, unit_path, phase_id, first_submitted_at,
        search_text ON submissions_initiative
    FOR EACH ROW WHEN (OLD.is_exemplary OR NEW.is_exemplary)
    EXECUTE FUNCTION recognition_showcase_sync()
""",
    """
CREATE OR REPLACE FUNCTION recognition_replication_count() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE recognition_showcaseentry SET replications = replications + 1 WHERE initiative_id = NEW.initiative_id;
    ELSE
        UPDATE recognition_showcaseentry SET replications = replications - 1 WHERE initiative_id = OLD.initiative_id;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER recognition_replication_count
    AFTER INSERT OR DELETE ON recognition_replication
    FOR EACH ROW EXECUTE FUNCTION recognition_replication_count()
""",
]
SHOWCASE_DOWN = [
    "DROP TRIGGER IF EXISTS recognition_replication_count ON recognition_replication",
    "DROP FUNCTION IF EXISTS recognition_replication_count()",
    "DROP TRIGGER IF EXISTS recognition_showcase_update ON submissions_initiative",
    "DROP TRIGGER IF EXISTS recognition_showcase_insert ON submissions_initiative",
    "DROP FUNCTION IF EXISTS recognition_showcase_sync()",
    "DROP INDEX IF EXISTS showcase_search_words",
    "ALTER TABLE recognition_showcaseentry DROP COLUMN IF EXISTS search_vector",
]

# The whole showcase read again from the initiatives (``manage.py rebuild_showcase``): after a
# restore, or a bulk load that ran with triggers disabled. Idempotent; one transaction.
REBUILD = [
    "DELETE FROM recognition_showcaseentry e WHERE NOT EXISTS (SELECT 1 FROM submissions_initiative i "
    "WHERE i.id = e.initiative_id AND i.status = 'approved' AND i.is_exemplary AND i.publication_consent)",
    "INSERT INTO recognition_showcaseentry "
    "(initiative_id, field_id, branch, phase_id, submitted_at, search_text, replications) "
    "SELECT i.id, i.field_id, SUBSTRING(i.unit_path, 1, 8), i.phase_id, i.first_submitted_at, i.search_text, "
    "(SELECT count(*) FROM recognition_replication r WHERE r.initiative_id = i.id) "
    "FROM submissions_initiative i "
    "WHERE i.status = 'approved' AND i.is_exemplary AND i.publication_consent "
    "ON CONFLICT (initiative_id) DO UPDATE SET field_id = EXCLUDED.field_id, branch = EXCLUDED.branch, "
    "phase_id = EXCLUDED.phase_id, submitted_at = EXCLUDED.submitted_at, search_text = EXCLUDED.search_text, "
    "replications = EXCLUDED.replications",
]

# The showcase's version (``ShowcaseVersion``, one row): raised at the commit of every
# transaction that changed a showcase entry, so the public pages cached under it
# (``showcase_cache``) are never served once the change is visible. At the commit, not at
# the change: the row is locked only for the commit's last moment (writers of different
# initiatives never wait on each other mid-transaction, and cannot deadlock on it), and a
# page read before the commit is cached under the old number. Once per transaction, however
# many rows changed (``recognition.showcase_bumped`` remembers the transaction and the
# statement, the COMMIT; once per statement where the trigger is made IMMEDIATE, as tests
# that never commit do: raising one row 135.000 times would be quadratic). A timestamp in
# microseconds when that is higher than the next number: a database restored from a backup
# never goes back to a number whose pages a cache may still hold.
_BUMP = (
    "INSERT INTO recognition_showcaseversion (id, version) "
    "VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint) "
    "ON CONFLICT (id) DO UPDATE SET version = GREATEST(recognition_showcaseversion.version + 1, EXCLUDED.version)"
)
VERSION_UP = [
    _BUMP,
    f"""
CREATE OR REPLACE FUNCTION recognition_showcase_version_bump() RETURNS trigger AS $$
BEGIN
    IF current_setting('recognition.showcase_bumped', true)
            IS DISTINCT FROM txid_current()::text || '@' || statement_timestamp()::text THEN
        PERFORM set_config('recognition.showcase_bumped', txid_current()::text || '@' || statement_timestamp()::text,
                           true);
        {_BUMP};
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE CONSTRAINT TRIGGER recognition_showcase_version
    AFTER INSERT OR UPDATE OR DELETE ON recognition_showcaseentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION recognition_showcase_version_bump()
""",
]
VERSION_DOWN = [
    "DROP TRIGGER IF EXISTS recognition_showcase_version ON recognition_showcaseentry",
    "DROP FUNCTION IF EXISTS recognition_showcase_version_bump()",
]
# ``rebuild_showcase`` ends with it: after a restore the pages cached before are stale even
# when the rebuild itself changes no row.
VERSION_BUMP = _BUMP
