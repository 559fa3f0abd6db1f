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
