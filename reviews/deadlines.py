"""Review deadlines: the stage clock, the deadline that applies, and what is overdue or due soon.

The clock. An initiative waiting for a review (submitted: stage 1, verified: stage 2) waits
since ``Initiative.stage_since``: its arrival at the stage (submission, resubmission,
verification), moved earlier by the time it already waited at stage 1 before being
returned to its author. A return stops the clock (``stage_waited`` keeps the time waited)
and the resubmission resumes it: days waiting = earlier waiting + time since the
resubmission. A return from stage 2 keeps nothing: the resubmitted initiative is reviewed
at stage 1 anew (its clock from the resubmission) and stage 2's clock starts at its next
verification. Only the state machine (``reviews.services``) writes the clock.

Days. Counted in Asia/Ho_Chi_Minh calendar days: an initiative arriving at a stage on
local day D with a deadline of N days is due on D + N; it is overdue from the local day
after (today > D + N), and "due within 3 days" while today <= D + N <= today + 3. An
arrival at 23:59 on 31/05 is due a day earlier than one at 00:00 on 01/06. Vietnam keeps
no daylight saving time, so a local day is always 24 hours.

The deadline. Each phase sets stage 1's and stage 2's days (``Phase.verify_days``,
``approve_days``: 10 and 15 by default); the phase of an initiative is that of its first
submission. A unit may set shorter days for itself (``UnitDeadline``), which apply to the
initiatives waiting in its whole subtree (a province federation's setting covers every
union below it); the deadline that applies is the shortest of the phase's and those of the
initiative's unit and every unit above it. A unit can only shorten it.

Due-ness is computed when asked, never stored: the queue's indexes on ``stage_since``
(reviews, migration 0008) serve both "oldest waiting first" and the deadline filters as
one range of the same walk (an arrival before today's midnight less the shortest
deadline, re-checked row by row against each row's own deadline), and changing a setting
rewrites no initiative.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import DateTimeField, DurationField, ExpressionWrapper, Func, IntegerField, Q, Value
from django.db.models.expressions import Case, When
from django.db.models.functions import Least
from django.utils import timezone

from campaign.models import DEFAULT_APPROVE_DAYS, DEFAULT_VERIFY_DAYS, Phase
from initiatives_portal.dates import day_start
from submissions.enums import InitiativeStatus as S
from unions import selectors as unit_selectors
from unions.enums import Role

from . import queue_cache
from .enums import Action
from .models import UnitDeadline

# "Due within 3 days": due today or on one of the next three local days.
DUE_SOON_DAYS = 3
OVERDUE = "overdue"
DUE_SOON = "due_soon"
DEADLINE_FILTERS = (OVERDUE, DUE_SOON)
_DAY = dt.timedelta(days=1)


def stage_of(status: str) -> int | None:
    """The review stage an initiative in ``status`` waits at (1 or 2), or None."""
    return 1 if status == S.SUBMITTED else 2 if status == S.VERIFIED else None


def stage_clock_from_history(steps: Iterable[tuple[str, str, dt.datetime]]) -> tuple[dt.datetime | None, dt.timedelta]:
    """(``stage_since``, ``stage_waited``) after the decisions ``steps`` — (action, from
    status, when), in order — as the state machine writes them one by one
    (``reviews.services.transitions._stage_clock``): the backfill and the demo's history."""
    since: dt.datetime | None = None
    waited = dt.timedelta(0)
    for action, from_status, moment in steps:
        if action in (Action.SUBMIT, Action.VERIFY):
            since, waited = moment, dt.timedelta(0)
        elif action == Action.RESUBMIT:
            since, waited = moment - waited, dt.timedelta(0)
        elif action == Action.RETURN and from_status == S.SUBMITTED:
            since, waited = None, (moment - since if since is not None else dt.timedelta(0))
        elif action in (Action.RETURN, Action.APPROVE, Action.REJECT, Action.WITHDRAW):
            since, waited = None, dt.timedelta(0)
    return since, waited


@dataclass(frozen=True)
class Deadline:
    """Where an initiative stands against its stage's deadline on local day ``today``."""

    stage: int
    days: int  # the deadline that applies, in days
    days_waiting: int  # local days since its (adjusted) arrival at the stage
    due_on: dt.date

    @property
    def overdue(self) -> bool:
        return self.days_waiting > self.days

    @property
    def days_overdue(self) -> int:
        return max(self.days_waiting - self.days, 0)

    @property
    def due_soon(self) -> bool:
        return not self.overdue and self.days - self.days_waiting <= DUE_SOON_DAYS


@dataclass(frozen=True)
class DeadlineRules:
    """The deadlines in force: each phase's days per stage and the units' own shorter ones.

    ``units`` holds (path, stage 1 days or None, stage 2 days or None) of the units that set
    their own; only those whose subtrees meet the scope asked about need to be there.
    """

    phases: dict[int, tuple[int, int]] = field(default_factory=dict)
    units: tuple[tuple[str, int | None, int | None], ...] = ()

    def days(self, stage: int, phase_id: int | None, unit_path: str) -> int:
        """The deadline of an initiative of ``phase_id`` at ``stage``, waiting in the unit at ``unit_path``."""
        default = DEFAULT_VERIFY_DAYS if stage == 1 else DEFAULT_APPROVE_DAYS
        days = self.phases.get(phase_id, (default, default))[stage - 1] if phase_id is not None else default
        for path, *own in self.units:
            if own[stage - 1] is not None and unit_path.startswith(path):
                days = min(days, own[stage - 1])
        return days

    def deadline(self, initiative, today: dt.date | None = None) -> Deadline | None:
        """Where ``initiative`` stands on local ``today`` (default: now), or None when it waits for no review."""
        stage = stage_of(initiative.status)
        if stage is None or initiative.stage_since is None:
            return None
        today = today or timezone.localdate()
        arrived = timezone.localdate(initiative.stage_since)
        days = self.days(stage, initiative.phase_id, initiative.unit_path)
        return Deadline(stage=stage, days=days, days_waiting=(today - arrived).days, due_on=arrived + dt.timedelta(days))

    def _bounds(self, stage: int) -> tuple[int, int]:
        default = DEFAULT_VERIFY_DAYS if stage == 1 else DEFAULT_APPROVE_DAYS
        values = [days[stage - 1] for days in self.phases.values()] or [default]
        values.append(default)  # an initiative outside every phase
        values += [own[stage - 1] for _path, *own in self.units if own[stage - 1] is not None]
        return min(values), max(values)

    def days_expression(self, stage: int):
        """Each row's deadline at ``stage``, in SQL: the phase's, lessened by the units' own."""
        default = DEFAULT_VERIFY_DAYS if stage == 1 else DEFAULT_APPROVE_DAYS
        by_phase = [When(phase_id=pk, then=Value(days[stage - 1])) for pk, days in sorted(self.phases.items())]
        expression = (
            Case(*by_phase, default=Value(default), output_field=IntegerField()) if by_phase
            else Value(default, output_field=IntegerField())
        )
        own = [
            Case(When(unit_path__startswith=path, then=Value(days[stage - 1])), output_field=IntegerField())
            for path, *days in self.units if days[stage - 1] is not None
        ]
        # PostgreSQL's LEAST leaves out the NULLs of the units that do not contain the row.
        return Least(expression, *own) if own else expression

    def days_sql(self, stage: int, alias: str) -> tuple[str, list]:
        """``days_expression`` as SQL text and its parameters, for the rows of ``alias`` (the exports' COPY)."""
        default = DEFAULT_VERIFY_DAYS if stage == 1 else DEFAULT_APPROVE_DAYS
        phases = sorted(self.phases.items())
        sql = f"(CASE {alias}.phase_id {' '.join('WHEN %s THEN %s' for _phase in phases)} ELSE %s END)"
        params: list = [value for pk, days in phases for value in (pk, days[stage - 1])] + [default]
        if not phases:  # no programme yet: a CASE needs at least one WHEN
            sql, params = "%s", [default]
        own = [(path, days[stage - 1]) for path, *days in self.units if days[stage - 1] is not None]
        if own:
            sql = f"LEAST({sql}, {', '.join(f'(CASE WHEN starts_with({alias}.unit_path, %s) THEN %s END)' for _u in own)})"
            params += [value for pair in own for value in pair]
        return sql, params

    def overdue_q(self, status: str, today: dt.date) -> Q:
        """The initiatives in ``status`` (a waiting one) overdue on local ``today``: arrived
        before today's midnight less their deadline. The bound of the shortest deadline is
        what the index seeks to; each row's own deadline is then checked."""
        stage = stage_of(status)
        shortest, longest = self._bounds(stage)
        midnight = day_start(today)
        q = Q(stage_since__lt=midnight - shortest * _DAY)
        if shortest != longest:
            q &= Q(stage_since__lt=_moment(Value(midnight) - _days(self.days_expression(stage))))
        return q

    def due_soon_q(self, status: str, today: dt.date) -> Q:
        """The initiatives in ``status`` due on local ``today`` or one of the next
        ``DUE_SOON_DAYS`` days: arrived on a local day from today − deadline to
        today + DUE_SOON_DAYS − deadline."""
        stage = stage_of(status)
        shortest, longest = self._bounds(stage)
        midnight = day_start(today)
        q = Q(stage_since__gte=midnight - longest * _DAY, stage_since__lt=midnight + (DUE_SOON_DAYS + 1 - shortest) * _DAY)
        if shortest != longest:
            days = _days(self.days_expression(stage))
            q &= Q(stage_since__gte=_moment(Value(midnight) - days),
                   stage_since__lt=_moment(Value(midnight + (DUE_SOON_DAYS + 1) * _DAY) - days))
        return q

    def filter_q(self, kind: str, status: str, today: dt.date) -> Q:
        return self.overdue_q(status, today) if kind == OVERDUE else self.due_soon_q(status, today)


def _days(expression) -> Func:
    return Func(expression, template="make_interval(days => %(expressions)s)", output_field=DurationField())


def _moment(expression) -> ExpressionWrapper:
    return ExpressionWrapper(expression, output_field=DateTimeField())


# The settings, cached whole (the phases and the few units that set their own) until one
# changes (``deadline_settings_changed``, on every save) or a unit moves.
_SETTINGS_KEY = "reviews:deadline-settings:v1"
_SETTINGS_SECONDS = 3600


def _settings(*, cached: bool = True) -> tuple[dict[int, tuple[int, int]], list[tuple[str, int | None, int | None]]]:
    found = cache.get(_SETTINGS_KEY) if cached else None
    if found is None:
        phases = {pk: (verify, approve)
                  for pk, verify, approve in Phase.objects.values_list("pk", "verify_days", "approve_days")}
        units = list(UnitDeadline.objects.values_list("unit__path", "verify_days", "approve_days").order_by("unit__path"))
        found = (phases, units)
        if cached:
            cache.set(_SETTINGS_KEY, found, _SETTINGS_SECONDS)
    return found


def deadline_settings_changed() -> None:
    """A phase's or a unit's deadline changed (or a unit moved): read the settings anew, and
    count the queues' deadline tabs again. Call it once the change is committed."""
    cache.delete(_SETTINGS_KEY)
    queue_cache.queue_changed(everywhere=True)


def deadline_rules(scope_paths: Iterable[str] | None = None, *, cached: bool = True) -> DeadlineRules:
    """The deadlines in force, with the units' own ones that concern the subtrees at
    ``scope_paths`` (their units, those above and those below them; None: everywhere).
    Read from the cache; on a miss, two small reads. ``cached=False`` reads the database in
    the caller's transaction (the recompute's snapshot, which a change not yet announced to
    the cache may already be in)."""
    phases, units = _settings(cached=cached)
    paths = None if scope_paths is None else list(scope_paths)
    kept = tuple(
        (path, verify, approve) for path, verify, approve in units
        if paths is None or any(path.startswith(p) or p.startswith(path) for p in paths)
    )
    return DeadlineRules(phases=phases, units=kept)


def deadlines_of(initiatives: Iterable, today: dt.date | None = None) -> dict[int, Deadline]:
    """Where each of ``initiatives`` waiting for a review stands on local ``today`` (default:
    now), by id; the settings are read once for them all, and not at all when none waits."""
    waiting = [i for i in initiatives if stage_of(i.status) is not None and i.stage_since is not None]
    if not waiting:
        return {}
    rules = deadline_rules({i.unit_path for i in waiting})
    today = today or timezone.localdate()
    return {i.pk: rules.deadline(i, today) for i in waiting}


def phases_of_programme() -> list[Phase]:
    """The phases with their deadlines, in order."""
    return list(Phase.objects.order_by("starts_on"))


def deadline_units(user) -> list:
    """The units whose own deadlines ``user`` may set: those they manage (a few appointments)."""
    return sorted({a.unit for a in unit_selectors.active_appointments(user, (Role.MANAGER,))}, key=lambda u: u.path)


def unit_deadlines_of(units) -> dict[int, UnitDeadline]:
    """The own deadlines of ``units`` that set one, by unit id (one read)."""
    return {own.unit_id: own for own in UnitDeadline.objects.filter(unit__in=[u.pk for u in units])}
