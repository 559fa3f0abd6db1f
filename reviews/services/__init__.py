"""The review state machine: the only writer of ``Initiative.status``.

Each transition checks the rule, changes the row with a conditional UPDATE (so two
concurrent decisions cannot both win, on any database), writes the immutable
``Decision`` and leaves everything unchanged on failure.

Every status change goes through ``transitions.initiative_transition``; the modules of
this package follow the state machine's parts (``transitions``: the table, submit and
withdraw; ``decisions``: officers' decisions; ``notifications``: what a decision tells
its author; ``imports``: an import's decisions), and this module names them all, so
callers import from ``reviews.services`` whichever module holds a name.
"""

from submissions.workflow import TransitionError

from ..outbox import MAX_EMAIL_ATTEMPTS
from .deadlines import phase_deadlines_set, unit_deadline_set
from .decisions import (
    BulkResult,
    _record_conflict_refusal,
    initiative_decide,
    initiative_mark_exemplary,
    initiatives_bulk_decide,
)
from .imports import IMPORT_PATHS, import_history, import_rules, import_stages, imported_comment
from .notifications import (
    _notify,
    enqueue_notification_email,
    notification_send_email,
    notifications_delete_of,
    notifications_mark_read,
    notifications_send_pending,
)
from .transitions import (
    TRANSITIONS,
    ConflictOfInterestError,
    IncompleteInitiativeError,
    Transition,
    _author_role,
    _first_submission,
    _log_decision,
    _queue_changed,
    initiative_insert_submitted,
    initiative_submit,
    initiative_transition,
    initiative_withdraw,
)

__all__ = [
    "IMPORT_PATHS",
    "MAX_EMAIL_ATTEMPTS",
    "TRANSITIONS",
    "BulkResult",
    "ConflictOfInterestError",
    "IncompleteInitiativeError",
    "Transition",
    "TransitionError",
    "_author_role",
    "_first_submission",
    "_log_decision",
    "_notify",
    "_queue_changed",
    "_record_conflict_refusal",
    "enqueue_notification_email",
    "import_history",
    "import_rules",
    "import_stages",
    "imported_comment",
    "initiative_decide",
    "initiative_insert_submitted",
    "initiative_mark_exemplary",
    "initiative_submit",
    "initiative_transition",
    "initiative_withdraw",
    "initiatives_bulk_decide",
    "notification_send_email",
    "notifications_delete_of",
    "notifications_mark_read",
    "notifications_send_pending",
    "phase_deadlines_set",
    "unit_deadline_set",
]
