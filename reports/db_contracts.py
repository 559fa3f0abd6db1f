"""The figures' change log, as the database runs it (migration 0004 creates it).

Database triggers record what each write to an initiative did to the figures, and when a
unit moves or goes, that the next recompute must read everything. Whatever writes (the
ORM, an import's COPY, a bulk UPDATE, psql) is seen. Inserts and deletes log with one
statement per statement (transition tables: an import's COPY of thousands of rows costs
one INSERT … SELECT); updates log per row, and only when a value the figures read changed
(a decision, an edit of the field, category or benefit, a move to another unit, a new
unit path), so other updates cost nothing. What no row trigger sees (a unit moved or
removed, the table truncated) asks for a full recompute.

Plain SQL, no model: the migration imports it, and what it runs must never change (a
new contract is a new constant and a new migration).
"""

# The values the first contract (migration 0004) logged.
_FIRST_VALUES = ("unit_path", "submitted_on", "status", "field_id", "category", "holds_management_post",
                 "is_direct_production_worker", "is_exemplary", "benefit_vnd")
# The initiative's values the figures read: the triggers log exactly these, and the recompute
# (reports.services) reads only these, from the initiatives as from the log. Since migration
# 0007 the local day of approval too (the period figures count approvals by it).
FIGURE_VALUES = (*_FIRST_VALUES, "approved_on")
_VALUES = ", ".join(_FIRST_VALUES)
_WATCHED = ("unit_id", "unit_path", "submitted_on", "status", "field_id", "category", "holds_management_post",
            "is_direct_production_worker", "is_exemplary", "benefit_vnd")


def _row(prefix: str, values: tuple[str, ...] = _FIRST_VALUES) -> str:
    return ", ".join(f"{prefix}.{column}" for column in values)


def _logged(prefix: str) -> str:
    """Submitted initiatives only: a draft counts nowhere."""
    return f"{prefix}.submitted_on IS NOT NULL AND {prefix}.status <> 'draft'"


# The triggers, and the request that the first run after them reads everything.
CHANGE_LOG_UP = [
    f"""
CREATE OR REPLACE FUNCTION reports_initiatives_inserted() RETURNS trigger AS $$
BEGIN
    INSERT INTO reports_figurechange (sign, {_VALUES})
    SELECT 1, {_row("n")} FROM inserted_rows n WHERE {_logged('n')};
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",  # noqa: S608
    "CREATE TRIGGER reports_initiatives_inserted AFTER INSERT ON submissions_initiative "
    "REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_initiatives_inserted()",
    f"""
CREATE OR REPLACE FUNCTION reports_initiatives_deleted() RETURNS trigger AS $$
BEGIN
    INSERT INTO reports_figurechange (sign, {_VALUES})
    SELECT -1, {_row("o")} FROM deleted_rows o WHERE {_logged('o')};
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",  # noqa: S608
    "CREATE TRIGGER reports_initiatives_deleted AFTER DELETE ON submissions_initiative "
    "REFERENCING OLD TABLE AS deleted_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_initiatives_deleted()",
    f"""
CREATE OR REPLACE FUNCTION reports_initiative_updated() RETURNS trigger AS $$
BEGIN
    IF {_logged('OLD')} THEN
        INSERT INTO reports_figurechange (sign, {_VALUES}) VALUES (-1, {_row("OLD")});
    END IF;
    IF {_logged('NEW')} THEN
        INSERT INTO reports_figurechange (sign, {_VALUES}) VALUES (1, {_row("NEW")});
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",  # noqa: S608
    "CREATE TRIGGER reports_initiative_updated AFTER UPDATE ON submissions_initiative FOR EACH ROW "
    f"WHEN (({', '.join('OLD.' + c for c in _WATCHED)}) IS DISTINCT FROM ({', '.join('NEW.' + c for c in _WATCHED)})) "
    "EXECUTE FUNCTION reports_initiative_updated()",
    """
CREATE OR REPLACE FUNCTION reports_units_moved() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO reports_fullrecomputerequest (reason, requested_at)
        SELECT 'unit removed', now() WHERE EXISTS (SELECT 1 FROM old_units);
    ELSE
        INSERT INTO reports_fullrecomputerequest (reason, requested_at)
        SELECT 'unit moved', now() WHERE EXISTS (
            SELECT 1 FROM old_units o JOIN new_units n ON n.id = o.id WHERE n.path IS DISTINCT FROM o.path);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",
    "CREATE TRIGGER reports_units_moved AFTER UPDATE ON unions_unit "
    "REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION reports_units_moved()",
    "CREATE TRIGGER reports_units_removed AFTER DELETE ON unions_unit "
    "REFERENCING OLD TABLE AS old_units FOR EACH STATEMENT EXECUTE FUNCTION reports_units_moved()",
    # TRUNCATE logs no rows: the next run reads everything.
    """
CREATE OR REPLACE FUNCTION reports_initiatives_truncated() RETURNS trigger AS $$
BEGIN
    INSERT INTO reports_fullrecomputerequest (reason, requested_at) VALUES ('initiatives truncated', now());
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",
    "CREATE TRIGGER reports_initiatives_truncated AFTER TRUNCATE ON submissions_initiative "
    "FOR EACH STATEMENT EXECUTE FUNCTION reports_initiatives_truncated()",
    # Writes committed since the last recompute and before these triggers were logged by
    # nobody: the first run after this migration reads everything.
    "INSERT INTO reports_fullrecomputerequest (reason, requested_at) VALUES ('change log created', now())",
]
CHANGE_LOG_DOWN = [
    "DROP TRIGGER IF EXISTS reports_initiatives_truncated ON submissions_initiative",
    "DROP FUNCTION IF EXISTS reports_initiatives_truncated()",
    "DROP TRIGGER IF EXISTS reports_units_removed ON unions_unit",
    "DROP TRIGGER IF EXISTS reports_units_moved ON unions_unit",
    "DROP FUNCTION IF EXISTS reports_units_moved()",
    "DROP TRIGGER IF EXISTS reports_initiative_updated ON submissions_initiative",
    "DROP FUNCTION IF EXISTS reports_initiative_updated()",
    "DROP TRIGGER IF EXISTS reports_initiatives_deleted ON submissions_initiative",
    "DROP FUNCTION IF EXISTS reports_initiatives_deleted()",
    "DROP TRIGGER IF EXISTS reports_initiatives_inserted ON submissions_initiative",
    "DROP FUNCTION IF EXISTS reports_initiatives_inserted()",
]


# --- migration 0007: the day of approval is logged too ------------------------------------------

_APPROVAL_VALUES = ", ".join(FIGURE_VALUES)
_APPROVAL_WATCHED = (*_WATCHED, "approved_on")


def _initiative_functions(values: str, row, watched: tuple[str, ...]) -> list[str]:
    """The three initiative triggers' functions and the update trigger, logging ``values``."""
    return [
        f"""
CREATE OR REPLACE FUNCTION reports_initiatives_inserted() RETURNS trigger AS $$
BEGIN
    INSERT INTO reports_figurechange (sign, {values})
    SELECT 1, {row("n")} FROM inserted_rows n WHERE {_logged('n')};
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",  # noqa: S608
        f"""
CREATE OR REPLACE FUNCTION reports_initiatives_deleted() RETURNS trigger AS $$
BEGIN
    INSERT INTO reports_figurechange (sign, {values})
    SELECT -1, {row("o")} FROM deleted_rows o WHERE {_logged('o')};
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",  # noqa: S608
        f"""
CREATE OR REPLACE FUNCTION reports_initiative_updated() RETURNS trigger AS $$
BEGIN
    IF {_logged('OLD')} THEN
        INSERT INTO reports_figurechange (sign, {values}) VALUES (-1, {row("OLD")});
    END IF;
    IF {_logged('NEW')} THEN
        INSERT INTO reports_figurechange (sign, {values}) VALUES (1, {row("NEW")});
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",  # noqa: S608
        "DROP TRIGGER reports_initiative_updated ON submissions_initiative",
        "CREATE TRIGGER reports_initiative_updated AFTER UPDATE ON submissions_initiative FOR EACH ROW "
        f"WHEN (({', '.join('OLD.' + c for c in watched)}) IS DISTINCT FROM ({', '.join('NEW.' + c for c in watched)})) "
        "EXECUTE FUNCTION reports_initiative_updated()",
    ]


# The triggers log the day of approval as well, and the first run after reads everything (the
# approvals' table starts empty).
APPROVAL_LOG_UP = [
    *_initiative_functions(_APPROVAL_VALUES, lambda prefix: _row(prefix, FIGURE_VALUES), _APPROVAL_WATCHED),
    "INSERT INTO reports_fullrecomputerequest (reason, requested_at) VALUES ('approval days logged', now())",
]
# Back to the first contract's functions (the log's rows keep a NULL day of approval).
APPROVAL_LOG_DOWN = _initiative_functions(_VALUES, _row, _WATCHED)


# --- migration 0009: the backlog's change log --------------------------------------------------

# The figures' values and, for the backlog's waiting (``reports.BacklogWaiting``), the stage clock
# and the phase whose deadline applies. ``FIGURE_VALUES`` stays what the daily figures read.
BACKLOG_VALUES = (*FIGURE_VALUES, "stage_since", "phase_id")
_BACKLOG_WATCHED = (*_APPROVAL_WATCHED, "stage_since", "phase_id")

# An initiative given to another unit (a merge, a correction) takes its whole review history
# with it: the flows of its earlier days belong to the new branch, which no logged difference
# says. One request is enough, however many rows a statement moves.
_MOVED = f"""
    IF OLD.unit_path IS DISTINCT FROM NEW.unit_path AND {_logged('OLD')} THEN
        INSERT INTO reports_fullrecomputerequest (reason, requested_at)
        SELECT 'initiative moved', now()
        WHERE NOT EXISTS (SELECT 1 FROM reports_fullrecomputerequest WHERE reason = 'initiative moved');
    END IF;"""  # noqa: S608


def _backlog_update_function(values: str, row, moved: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION reports_initiative_updated() RETURNS trigger AS $$
BEGIN
    IF {_logged('OLD')} THEN
        INSERT INTO reports_figurechange (sign, {values}) VALUES (-1, {row("OLD")});
    END IF;
    IF {_logged('NEW')} THEN
        INSERT INTO reports_figurechange (sign, {values}) VALUES (1, {row("NEW")});
    END IF;{moved}
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""  # noqa: S608


_BACKLOG_COLUMNS = ", ".join(BACKLOG_VALUES)


def _backlog_row(prefix: str) -> str:
    return _row(prefix, BACKLOG_VALUES)


# What no logged difference can follow, the deadline settings: a phase's days or a unit's own
# shorter ones change the ``due_on`` of waiting and past stays alike.
_DEADLINES_CHANGED = """
CREATE OR REPLACE FUNCTION reports_deadlines_changed() RETURNS trigger AS $$
BEGIN
    INSERT INTO reports_fullrecomputerequest (reason, requested_at) VALUES ('deadlines changed', now());
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""

BACKLOG_LOG_UP = [
    *_initiative_functions(_BACKLOG_COLUMNS, _backlog_row, _BACKLOG_WATCHED)[:2],
    _backlog_update_function(_BACKLOG_COLUMNS, _backlog_row, _MOVED),
    "DROP TRIGGER reports_initiative_updated ON submissions_initiative",
    "CREATE TRIGGER reports_initiative_updated AFTER UPDATE ON submissions_initiative FOR EACH ROW "
    f"WHEN (({', '.join('OLD.' + c for c in _BACKLOG_WATCHED)}) IS DISTINCT FROM "
    f"({', '.join('NEW.' + c for c in _BACKLOG_WATCHED)})) EXECUTE FUNCTION reports_initiative_updated()",
    # Each decision written, by any path (the state machine, an import's COPY): the flows in
    # and out of the review stages follow from the decisions (``reports.backlog_recompute``).
    """
CREATE OR REPLACE FUNCTION reports_decisions_inserted() RETURNS trigger AS $$
BEGIN
    INSERT INTO reports_decisionchange (decision_id) SELECT n.id FROM inserted_rows n;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
""",
    "CREATE TRIGGER reports_decisions_inserted AFTER INSERT ON reviews_decision "
    "REFERENCING NEW TABLE AS inserted_rows FOR EACH STATEMENT EXECUTE FUNCTION reports_decisions_inserted()",
    _DEADLINES_CHANGED,
    "CREATE TRIGGER reports_phase_deadlines_changed AFTER UPDATE OF verify_days, approve_days ON reports_phase "
    "FOR EACH ROW WHEN ((OLD.verify_days, OLD.approve_days) IS DISTINCT FROM (NEW.verify_days, NEW.approve_days)) "
    "EXECUTE FUNCTION reports_deadlines_changed()",
    "CREATE TRIGGER reports_unit_deadlines_changed AFTER INSERT OR UPDATE OR DELETE ON reviews_unitdeadline "
    "FOR EACH STATEMENT EXECUTE FUNCTION reports_deadlines_changed()",
    # The backlog's tables start empty: the first run after reads everything.
    "INSERT INTO reports_fullrecomputerequest (reason, requested_at) VALUES ('backlog logged', now())",
]
BACKLOG_LOG_DOWN = [
    "DROP TRIGGER IF EXISTS reports_unit_deadlines_changed ON reviews_unitdeadline",
    "DROP TRIGGER IF EXISTS reports_phase_deadlines_changed ON reports_phase",
    "DROP FUNCTION IF EXISTS reports_deadlines_changed()",
    "DROP TRIGGER IF EXISTS reports_decisions_inserted ON reviews_decision",
    "DROP FUNCTION IF EXISTS reports_decisions_inserted()",
    *APPROVAL_LOG_UP[:-1],
]
