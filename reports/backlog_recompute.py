"""The backlog's rows as the recompute writes them (``BacklogWaiting``, ``BacklogFlow``): the SQL
of their sources, for the full run and for the run from the change log alike.

- **Waiting** comes from the initiatives waiting now (submitted: stage 1, verified: stage 2) by
  the local day of their stage clock (``Initiative.stage_since``) and the day they are due; in
  the periodic run from the change log's rows (``FigureChange``, which carries the clock and the
  phase), -1 for the values that left and +1 for those that came, as the daily figures.
- **Flows** come from the decisions, the only record of what happened on earlier days. Each
  decision ends the stay at the stage it leaves (``ADVANCED`` when it verifies from stage 1 or
  approves from stage 2, ``LEFT`` otherwise) and starts the stay at the stage it reaches
  (``ARRIVED``), on the local day it was taken. A stay's clock is replayed from the
  initiative's history as the state machine writes it (``reviews.deadlines.
  stage_clock_from_history``), with window functions over the decisions in order: a
  submission, a verification, or a resubmission after a return from stage 2 starts the clock
  at its moment; a resubmission after a return from stage 1 resumes it, moved later by the
  time the author held the initiative. The full run replays every decision; the periodic run
  replays the whole history of the initiatives that have a decision logged since the last run
  (``DecisionChange``) and keeps the flows of those decisions: the same statement, so both
  give the same rows. A departure whose stay began before any recorded decision (rows written
  outside the state machine before the decisions were kept) is not counted, in either run.

``due_on`` is computed when the rows are written, with the deadlines in force
(``reviews.deadlines``), read in the recompute's own snapshot; a change of a phase's or a
unit's deadline asks for a full run (a database trigger, ``reports.db_contracts``), as does
an initiative given to another unit (its past flows move with it).
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection

from reviews.deadlines import DeadlineRules, deadline_rules
from reviews.enums import Action
from reviews.models import Decision
from submissions.enums import InitiativeStatus as S
from submissions.models import Initiative

from .models import BacklogFlow, BacklogWaiting

WAITING_KEYS = ("unit_id", "stage", "started_on", "due_on")
FLOW_KEYS = ("unit_id", "day", "stage", "kind", "started_on", "due_on")
# What ``_grouped_by_subtree`` reads of each source's rows, and how it groups them (the first key
# leads the sort).
WAITING_VALUES = ("unit_path", "stage", "started_on", "due_on", "sign")
FLOW_VALUES = ("unit_path", "day", "stage", "kind", "started_on", "due_on")
WAITING_BY = [("i.stage", "stage"), ("i.started_on", "started_on"), ("i.due_on", "due_on")]
FLOW_BY = [("i.day", "day"), ("i.stage", "stage"), ("i.kind", "kind"), ("i.started_on", "started_on"),
           ("i.due_on", "due_on")]

_WAITING = (S.SUBMITTED.value, S.VERIFIED.value)


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _local_day(moment: str) -> str:
    return f"({moment} AT TIME ZONE '{settings.TIME_ZONE}')::date"


def _stage(status: str) -> str:
    return f"(CASE {status} WHEN '{S.SUBMITTED.value}' THEN 1 WHEN '{S.VERIFIED.value}' THEN 2 END)"


def _due_on(cursor, rules: DeadlineRules, alias: str) -> str:
    """``alias``.started_on plus the deadline of ``alias``.stage for its phase and unit path."""
    verify, verify_params = rules.days_sql(1, alias)
    approve, approve_params = rules.days_sql(2, alias)
    sql = f"{alias}.started_on + (CASE {alias}.stage WHEN 1 THEN {verify} ELSE {approve} END)"
    # The rules are a few numbers and paths: written into the statement, which runs as a whole
    # inside larger ones (CREATE TABLE … AS, a second connection's COPY).
    return cursor.mogrify(sql, verify_params + approve_params).decode()


def current_rules() -> DeadlineRules:
    """The deadlines in force, read in the recompute's transaction (not the cache)."""
    return deadline_rules(cached=False)


def waiting_source(cursor, rules: DeadlineRules, *, logged: bool) -> str:
    """The waiting initiatives as rows ``i`` of ``WAITING_VALUES``: every waiting initiative
    (each state through its own partial index), or with ``logged`` the change log's rows
    (``figure_changes``) and their signs."""
    if logged:
        inner = (f"SELECT c.unit_path, c.phase_id, {_stage('c.status')} AS stage, "  # noqa: S608
                 f"{_local_day('c.stage_since')} AS started_on, c.sign FROM figure_changes c "
                 f"WHERE c.status IN {_WAITING} AND c.stage_since IS NOT NULL")
    else:
        table = _q(Initiative._meta.db_table)
        inner = " UNION ALL ".join(
            f"SELECT c.unit_path, c.phase_id, {stage} AS stage, {_local_day('c.stage_since')} AS started_on, "  # noqa: S608
            f"1 AS sign FROM {table} c WHERE c.status = '{status}' AND c.stage_since IS NOT NULL"
            for stage, status in enumerate(_WAITING, start=1)
        )
    return (f"(SELECT w.unit_path, w.stage, w.started_on, {_due_on(cursor, rules, 'w')} AS due_on, w.sign "  # noqa: S608
            f"FROM ({inner}) w) i")


def _clocked(where: str) -> str:
    """Every decision of the initiatives ``where`` selects (as ``d``), with the stage clock
    before it (``since_before``) and after it (``since_after``), replayed in order.

    A fresh start (a submission, a verification, a resubmission after anything but a return
    from stage 1) sets the clock at its moment ``t``; a resumed resubmission sets it at the
    fresh start's moment plus the pauses (resubmission less the return before it) since then,
    which is what the state machine's "now less the time waited" comes to. Every window is
    over the same order, so the decisions are sorted once. Marks that change no state (an
    exemplary initiative) are left out, as the state machine's clock ignores them.
    """
    decisions = _q(Decision._meta.db_table)
    window = "WINDOW w AS (PARTITION BY initiative_id ORDER BY t, id)"
    resumed = (f"(o.action = '{Action.RESUBMIT.value}' AND o.prev_action = '{Action.RETURN.value}' "
               f"AND o.prev_from = '{S.SUBMITTED.value}')")
    return f"""
        SELECT c.*, LAG(c.since_after) OVER w AS since_before FROM (
            SELECT s.*, CASE WHEN s.fresh THEN s.t
                             WHEN s.pause IS NOT NULL THEN MAX(s.t) FILTER (WHERE s.fresh) OVER w
                                  + (s.paused - MAX(s.paused) FILTER (WHERE s.fresh) OVER w)
                        END AS since_after
            FROM (
                SELECT m.*, COALESCE(SUM(m.pause) OVER w, interval '0') AS paused FROM (
                    SELECT o.*,
                           o.action IN ('{Action.SUBMIT.value}', '{Action.VERIFY.value}')
                           OR (o.action = '{Action.RESUBMIT.value}' AND NOT COALESCE({resumed}, FALSE)) AS fresh,
                           CASE WHEN {resumed} THEN o.t - o.prev_t END AS pause
                    FROM (
                        SELECT d.id, d.initiative_id, d.action, d.from_status, d.to_status, d.created_at AS t,
                               LAG(d.action) OVER w AS prev_action, LAG(d.from_status) OVER w AS prev_from,
                               LAG(d.created_at) OVER w AS prev_t
                        FROM (SELECT d.*, d.created_at AS t FROM {decisions} d
                              WHERE d.from_status <> d.to_status AND {where}) d
                        {window}
                    ) o
                ) m {window}
            ) s {window}
        ) c {window}
    """  # noqa: S608


def flow_source(cursor, rules: DeadlineRules, *, logged: bool) -> str:
    """The flows in and out of the stages as rows ``i`` of ``FLOW_VALUES`` (one per event):
    of every decision, or with ``logged`` of the decisions logged (``decision_changes``), each
    replayed within its initiative's whole history."""
    if logged:
        where = (f"d.initiative_id IN (SELECT l.initiative_id FROM {_q(Decision._meta.db_table)} l "  # noqa: S608
                 "WHERE l.id IN (SELECT decision_id FROM decision_changes))")
        events = "WHERE c.id IN (SELECT decision_id FROM decision_changes)"
    else:
        where, events = "TRUE", ""
    arrived, advanced, left = BacklogFlow.Kind.ARRIVED, BacklogFlow.Kind.ADVANCED, BacklogFlow.Kind.LEFT
    forward = (f"(c.from_status, c.to_status) IN (('{S.SUBMITTED.value}', '{S.VERIFIED.value}'), "
               f"('{S.VERIFIED.value}', '{S.APPROVED.value}'))")
    return f"""
        (SELECT f.unit_path, f.day, f.stage, f.kind, f.started_on, {_due_on(cursor, rules, 'f')} AS due_on FROM (
            SELECT i.unit_path, i.phase_id, e.day, e.stage, e.kind, {_local_day('e.since')} AS started_on
            FROM (
                SELECT c.initiative_id, {_local_day('c.t')} AS day, v.stage, v.kind, v.since
                FROM ({_clocked(where)}) c
                CROSS JOIN LATERAL (VALUES
                    ({_stage('c.from_status')}, CASE WHEN {forward} THEN {advanced} ELSE {left} END, c.since_before),
                    ({_stage('c.to_status')}, {arrived}, c.since_after)
                ) v (stage, kind, since)
                {events}
            ) e JOIN {_q(Initiative._meta.db_table)} i ON i.id = e.initiative_id
            WHERE e.stage IS NOT NULL AND e.since IS NOT NULL
        ) f) i
    """  # noqa: S608


def waiting_table() -> str:
    return _q(BacklogWaiting._meta.db_table)


def flow_table() -> str:
    return _q(BacklogFlow._meta.db_table)
