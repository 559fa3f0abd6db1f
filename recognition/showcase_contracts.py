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

# An initiative's public page (``showcase_detail``) is cached under its entry's ``stamp``,
# which every source of that page raises: the entry's own columns (branch, replication count:
# every UPDATE of the row), the initiative's columns only that page shows, its co-authors, its
# public files and its replications' rows. A withdrawn consent or mark deletes the entry: no
# stamp, no page, from that commit. A microsecond timestamp when higher than the next number,
# so an entry deleted and shown again, or a database restored from a backup, never goes back
# to a stamp whose page a cache may still hold.
#
# Each source "touches" the entry (``SET stamp = stamp``: the BEFORE trigger gives the new
# value). The touch is an UPDATE of the entry, so it also raises the showcase's version at
# the commit (``VERSION_UP``): the list shows titles and summaries too. Not deferred: the
# stamp changes inside the writing transaction, invisible to readers until its commit, and a
# reader reads the stamp before the page's rows, so a page cached under a stamp is never
# older than that stamp. Co-authors and files are written in batches (imports copy them by
# the thousand): statement-level triggers reading the statement's rows (transition tables,
# one trigger per event as PostgreSQL requires), one UPDATE of the small entry table per
# statement; rows of initiatives not on the showcase find no entry and change nothing.
_TOUCH = "UPDATE recognition_showcaseentry SET stamp = stamp WHERE initiative_id IN "
DETAIL_UP = [
    """
CREATE OR REPLACE FUNCTION recognition_showcase_stamp() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        NEW.stamp := GREATEST(OLD.stamp + 1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint);
    ELSE
        NEW.stamp := GREATEST(NEW.stamp, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint);
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE TRIGGER recognition_showcase_stamp
    BEFORE INSERT OR UPDATE ON recognition_showcaseentry
    FOR EACH ROW EXECUTE FUNCTION recognition_showcase_stamp()
""",
    # The entries already there: a stamp of their own (and the version raised at the commit).
    "UPDATE recognition_showcaseentry SET stamp = stamp",
    # The initiative's columns the page shows that the showcase's own trigger does not follow
    # (status, consent, mark, field, phase and the search text are its): only when a value
    # changed (a model's save() writes every column) and only of exemplary rows.
    f"""
CREATE OR REPLACE FUNCTION recognition_showcase_touch_initiative() RETURNS trigger AS $$
BEGIN
    {_TOUCH}(NEW.id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",  # noqa: S608  # nosec B608
    """
CREATE TRIGGER recognition_showcase_page_columns
    AFTER UPDATE OF title, summary, benefits, benefit_vnd, submitted_on, author_name, unit_id
    ON submissions_initiative
    FOR EACH ROW WHEN (NEW.is_exemplary AND (OLD.title, OLD.summary, OLD.benefits, OLD.benefit_vnd,
        OLD.submitted_on, OLD.author_name, OLD.unit_id) IS DISTINCT FROM (NEW.title, NEW.summary, NEW.benefits,
        NEW.benefit_vnd, NEW.submitted_on, NEW.author_name, NEW.unit_id))
    EXECUTE FUNCTION recognition_showcase_touch_initiative()
""",
    # Co-authors: added, removed, renamed or moved (a changed account alone shows nothing).
    f"""
CREATE OR REPLACE FUNCTION recognition_showcase_touch_co_authors() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_TOUCH}(SELECT initiative_id FROM new_rows);
    ELSIF TG_OP = 'DELETE' THEN
        {_TOUCH}(SELECT initiative_id FROM old_rows);
    ELSE
        {_TOUCH}(SELECT unnest(ARRAY[o.initiative_id, n.initiative_id]) FROM old_rows o JOIN new_rows n USING (id)
                 WHERE (o.full_name, o.initiative_id) IS DISTINCT FROM (n.full_name, n.initiative_id));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",  # noqa: S608  # nosec B608
    """
CREATE TRIGGER recognition_showcase_co_authors_added
    AFTER INSERT ON submissions_coauthor REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recognition_showcase_touch_co_authors()
""",
    """
CREATE TRIGGER recognition_showcase_co_authors_changed
    AFTER UPDATE ON submissions_coauthor REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recognition_showcase_touch_co_authors()
""",
    """
CREATE TRIGGER recognition_showcase_co_authors_removed
    AFTER DELETE ON submissions_coauthor REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recognition_showcase_touch_co_authors()
""",
    # Files: a public one added or removed, one made public or private, or a public one's
    # name, type or size changed (private files are not on the page).
    f"""
CREATE OR REPLACE FUNCTION recognition_showcase_touch_attachments() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_TOUCH}(SELECT initiative_id FROM new_rows WHERE is_public);
    ELSIF TG_OP = 'DELETE' THEN
        {_TOUCH}(SELECT initiative_id FROM old_rows WHERE is_public);
    ELSE
        {_TOUCH}(SELECT unnest(ARRAY[o.initiative_id, n.initiative_id]) FROM old_rows o JOIN new_rows n USING (id)
                 WHERE (o.is_public OR n.is_public)
                   AND (o.is_public, o.original_name, o.extension, o.size, o.initiative_id)
                       IS DISTINCT FROM (n.is_public, n.original_name, n.extension, n.size, n.initiative_id));
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",  # noqa: S608  # nosec B608
    """
CREATE TRIGGER recognition_showcase_attachments_added
    AFTER INSERT ON submissions_attachment REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recognition_showcase_touch_attachments()
""",
    """
CREATE TRIGGER recognition_showcase_attachments_changed
    AFTER UPDATE ON submissions_attachment REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recognition_showcase_touch_attachments()
""",
    """
CREATE TRIGGER recognition_showcase_attachments_removed
    AFTER DELETE ON submissions_attachment REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION recognition_showcase_touch_attachments()
""",
    # A replication's row edited (added and removed ones change the count, an UPDATE of the
    # entry already): its unit, date and result are on the page.
    f"""
CREATE OR REPLACE FUNCTION recognition_showcase_touch_replication() RETURNS trigger AS $$
BEGIN
    {_TOUCH}(OLD.initiative_id, NEW.initiative_id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",  # noqa: S608  # nosec B608
    """
CREATE TRIGGER recognition_showcase_replication_changed
    AFTER UPDATE ON recognition_replication
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)
    EXECUTE FUNCTION recognition_showcase_touch_replication()
""",
]
DETAIL_DOWN = [
    "DROP TRIGGER IF EXISTS recognition_showcase_replication_changed ON recognition_replication",
    "DROP FUNCTION IF EXISTS recognition_showcase_touch_replication()",
    "DROP TRIGGER IF EXISTS recognition_showcase_attachments_removed ON submissions_attachment",
    "DROP TRIGGER IF EXISTS recognition_showcase_attachments_changed ON submissions_attachment",
    "DROP TRIGGER IF EXISTS recognition_showcase_attachments_added ON submissions_attachment",
    "DROP FUNCTION IF EXISTS recognition_showcase_touch_attachments()",
    "DROP TRIGGER IF EXISTS recognition_showcase_co_authors_removed ON submissions_coauthor",
    "DROP TRIGGER IF EXISTS recognition_showcase_co_authors_changed ON submissions_coauthor",
    "DROP TRIGGER IF EXISTS recognition_showcase_co_authors_added ON submissions_coauthor",
    "DROP FUNCTION IF EXISTS recognition_showcase_touch_co_authors()",
    "DROP TRIGGER IF EXISTS recognition_showcase_page_columns ON submissions_initiative",
    "DROP FUNCTION IF EXISTS recognition_showcase_touch_initiative()",
    "DROP TRIGGER IF EXISTS recognition_showcase_stamp ON recognition_showcaseentry",
    "DROP FUNCTION IF EXISTS recognition_showcase_stamp()",
]

# The showcase's members' version (``ShowcaseVersion.members``, the same row): raised at the
# commit of every transaction that added or removed an entry or changed what the list
# filters and searches on (words, field, province, phase), and only then. The capped counts
# of the list and its searches (the slowest of its reads: a scan for up to 1.001 matches)
# are cached under it, so a replication recorded, a co-author renamed or a file made public
# (changes of the pages, not of which entries match) re-render the pages without counting
# again. Deferred and once per transaction as the showcase's version is (its own guard).
# The column's default is a timestamp, as the bump's: a row deleted and written again never
# goes back to a number whose counts a cache may still hold.
_STAMP_NOW = "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint"
_MEMBERS_BUMP = (
    "INSERT INTO recognition_showcaseversion (id, version, members) "
    "VALUES (1, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint, "
    "(extract(epoch FROM clock_timestamp()) * 1000000)::bigint) "
    "ON CONFLICT (id) DO UPDATE SET members = GREATEST(recognition_showcaseversion.members + 1, EXCLUDED.members)"
)
MEMBERS_UP = [
    f"ALTER TABLE recognition_showcaseversion ALTER COLUMN members SET DEFAULT {_STAMP_NOW}",
    _MEMBERS_BUMP,
    f"""
CREATE OR REPLACE FUNCTION recognition_showcase_members_bump() RETURNS trigger AS $$
BEGIN
    IF current_setting('recognition.showcase_members_bumped', true)
            IS DISTINCT FROM txid_current()::text || '@' || statement_timestamp()::text THEN
        PERFORM set_config('recognition.showcase_members_bumped',
                           txid_current()::text || '@' || statement_timestamp()::text, true);
        {_MEMBERS_BUMP};
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",
    """
CREATE CONSTRAINT TRIGGER recognition_showcase_members
    AFTER INSERT OR DELETE ON recognition_showcaseentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION recognition_showcase_members_bump()
""",
    # The showcase's own trigger rewrites these columns with every change of a showcased
    # initiative (ON CONFLICT … DO UPDATE): only a changed value counts.
    """
CREATE CONSTRAINT TRIGGER recognition_showcase_members_changed
    AFTER UPDATE ON recognition_showcaseentry
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN ((OLD.search_text, OLD.field_id, OLD.branch, OLD.phase_id)
        IS DISTINCT FROM (NEW.search_text, NEW.field_id, NEW.branch, NEW.phase_id))
    EXECUTE FUNCTION recognition_showcase_members_bump()
""",
]
MEMBERS_DOWN = [
    "DROP TRIGGER IF EXISTS recognition_showcase_members_changed ON recognition_showcaseentry",
    "DROP TRIGGER IF EXISTS recognition_showcase_members ON recognition_showcaseentry",
    "DROP FUNCTION IF EXISTS recognition_showcase_members_bump()",
    "ALTER TABLE recognition_showcaseversion ALTER COLUMN members DROP DEFAULT",
]
# ``rebuild_showcase`` ends with it too: a bulk load without triggers changed members unseen.
MEMBERS_BUMP = _MEMBERS_BUMP
