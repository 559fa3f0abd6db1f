"""The status changes submissions asks of the state machine, which sits above it in reviews.

Submissions creates and edits initiatives but never writes a status: submitting,
withdrawing and the decisions an import records are the state machine's
(``reviews.services``, the only writer of a status). Reviews is a layer above, so
submissions cannot import it; it declares here what it needs (``Workflow``) and reviews
registers its implementation in ``ReviewsConfig.ready()`` (``reviews/workflow.py``).
A call before that (reviews not installed) fails loudly instead of writing a status
without its decision.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured


class TransitionError(Exception):
    """A transition that is not allowed now; ``message`` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


class IncompleteInitiativeError(TransitionError):
    """A submission refused because the initiative lacks what the statutory form asks for.

    ``missing`` names each thing missing, as shown to people; nothing was written.
    """

    def __init__(self, message, missing: list[str]):
        super().__init__(message)
        self.missing = missing


@dataclass(frozen=True)
class ImportHistory:
    """How an import records the decisions that led each initiative to its state.

    ``model`` is the decision model, written with COPY; ``shared`` the values every
    decision of the import shares (who, in what role); ``rows(status, unit, reason,
    comment)`` the (action, from, to, actor unit id, reason, comment) of each decision of
    an initiative imported in ``status`` at ``unit``, the last one carrying the archive's
    ``reason`` and ``comment``.
    """

    model: type
    shared: dict
    rows: Callable[[str, object, str, str], list[tuple[str, str, str, int | None, str, str]]]


@dataclass(frozen=True)
class ImportRules:
    """What an import may record of the state an archived initiative reached (the state machine's rules).

    ``states``: the states an imported initiative may arrive in; ``reasons``: (code, label)
    of the reasons a decision may give; ``reason_states``: the states whose last decision
    must give one (and no other state may); ``comment_states``: the states whose last
    decision must say something (a return says what to add); ``reasons_with_comment``:
    the reasons that must be explained in the comment; ``max_comment``: the longest comment.
    """

    states: tuple[tuple[str, str], ...]
    reasons: tuple[tuple[str, str], ...]
    reason_states: tuple[str, ...]
    comment_states: tuple[str, ...]
    reasons_with_comment: tuple[str, ...]
    max_comment: int


@dataclass(frozen=True)
class ReturnNote:
    """Why an initiative was returned to its author: the officer's latest return decision."""

    at: dt.datetime
    officer_name: str
    unit_name: str
    reason: str  # the reason's label, or ""
    comment: str


@dataclass(frozen=True)
class Workflow:
    """The state machine's entries submissions calls; each raises ``TransitionError`` on refusal."""

    submit: Callable[..., object]  # (initiative, actor): a draft or returned initiative is (re)submitted
    insert_submitted: Callable[..., object]  # (initiative, actor): a new initiative is inserted submitted
    withdraw: Callable[..., object]  # (initiative, actor, comment): the author withdraws it
    # (importer or None for the system, the import run's id)
    import_history: Callable[[object, int | None], ImportHistory]
    import_rules: Callable[[], ImportRules]  # what an import may record
    # (initiative ids): the latest return of each that was ever returned, in one query
    return_notes: Callable[[Sequence[int]], dict[int, ReturnNote]]


_registered: Workflow | None = None


def register(workflow: Workflow) -> None:
    """Install the state machine's entries (called once, from ``ReviewsConfig.ready()``)."""
    global _registered
    _registered = workflow


def workflow() -> Workflow:
    """The registered state machine; refuses when none was registered."""
    if _registered is None:
        raise ImproperlyConfigured("No state machine registered for submissions (is reviews installed?).")
    return _registered
