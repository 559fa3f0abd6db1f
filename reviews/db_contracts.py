"""SQL the reviews' migrations run, kept here so that it reads as code (and stays the same
if the migrations are ever squashed)."""

# 0006: the exemplary initiatives, few among millions, each in the queue's order within a
# unit (as ``initiative_queue_unit``), a province or sector (the path's first two steps, as
# ``initiative_queue_branch``) and everywhere (as ``initiative_queue_all``). The queue's exemplary filter walks these small
# indexes, never the state's whole index checking each row's mark in the table.
_EXEMPLARY_COVERED = "unit_path, unit_id, field_id, category, submitted_on"
EXEMPLARY_QUEUE_UP = [
    "CREATE INDEX IF NOT EXISTS initiative_queue_exemplary_unit ON submissions_initiative "
    f"(unit_id, status, first_submitted_at, id) INCLUDE ({_EXEMPLARY_COVERED}) WHERE is_exemplary",
    "CREATE INDEX IF NOT EXISTS initiative_queue_exemplary ON submissions_initiative "
    f"((SUBSTRING(unit_path, 1, 8)), status, first_submitted_at, id) INCLUDE ({_EXEMPLARY_COVERED}) "
    "WHERE is_exemplary",
    "CREATE INDEX IF NOT EXISTS initiative_queue_exemplary_all ON submissions_initiative "
    f"(status, first_submitted_at, id) INCLUDE ({_EXEMPLARY_COVERED}) WHERE is_exemplary",
]
EXEMPLARY_QUEUE_DOWN = [
    "DROP INDEX IF EXISTS initiative_queue_exemplary_all",
    "DROP INDEX IF EXISTS initiative_queue_exemplary",
    "DROP INDEX IF EXISTS initiative_queue_exemplary_unit",
]


# 0008: the initiatives waiting for a review, one index per waiting state, each in the
# stage clock's order (oldest waiting first) within a unit, a province or sector (the
# path's first two steps) and everywhere, as the queue's branches read them. Sorting by
# days waiting walks them in order; the deadline filters are a range of the same walk
# (``reviews.deadlines``), re-checked against each row's own deadline from the phase and
# the unit path it covers. Only waiting initiatives are in them (a few per cent of all).
_WAITING_COVERED = "unit_path, phase_id, unit_id, field_id, category, submitted_on, first_submitted_at"
STAGE_CLOCK_INDEXES_UP = [
    statement
    for state in ("submitted", "verified")
    for statement in (
        f"CREATE INDEX IF NOT EXISTS initiative_waiting_unit_{state} ON submissions_initiative "
        f"(unit_id, stage_since, id) INCLUDE ({_WAITING_COVERED}) WHERE status = '{state}'",
        f"CREATE INDEX IF NOT EXISTS initiative_waiting_branch_{state} ON submissions_initiative "
        f"((SUBSTRING(unit_path, 1, 8)), stage_since, id) INCLUDE ({_WAITING_COVERED}) WHERE status = '{state}'",
        f"CREATE INDEX IF NOT EXISTS initiative_waiting_all_{state} ON submissions_initiative "
        f"(stage_since, id) INCLUDE ({_WAITING_COVERED}) WHERE status = '{state}'",
    )
]
STAGE_CLOCK_INDEXES_DOWN = [
    f"DROP INDEX IF EXISTS initiative_waiting_{shape}_{state}"
    for state in ("submitted", "verified")
    for shape in ("unit", "branch", "all")
]
