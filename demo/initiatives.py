"""Demo initiatives: their authors and officers, texts, co-authors and review histories.

Histories replay ``reviews.services.TRANSITIONS``; the submission snapshot (local date,
phase) is set as ``reviews.services.initiative_submit`` sets it. Rows are inserted in
bulk, which bypasses ``save()``: the fields ``save()`` computes are set here.

One module of about 950 lines, on purpose: its helpers serve one step of ``seed_demo``
(workers, initiatives and their histories, officers), each drawn from a stream seeded
from the demo's seed, and read in the order they run (the benchmark borrows only its
author profiles).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import math
import random
import uuid
from bisect import bisect
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.enums import SubmitterCategory
from accounts.models import User
from campaign.models import Phase
from initiatives_portal.text import fold, person_sort_key
from reviews.deadlines import stage_clock_from_history
from reviews.enums import Action, ActorRole, EmailState
from reviews.models import Decision, Notification
from reviews.services import TRANSITIONS
from submissions.enums import InitiativeStatus as S
from submissions.models import CoAuthor, Field, Initiative
from unions.enums import Role, UnitKind
from unions.models import Appointment, Unit

from .campaign import (
    ACCOUNTS_SINCE,
    BATCH_SIZE,
    BENEFIT_SHARE,
    CAMPAIGN_TZ,
    CATEGORY_WEIGHTS,
    CO_AUTHOR_SHARE,
    DEADLINE_MOMENTS,
    DEMO_GRASSROOTS,
    DEMO_OTHER_PROVINCE,
    DEMO_PROVINCE,
    DEMO_UPPER,
    DEMO_WORKER_STATES,
    EXEMPLARY_SHARE,
    FEDERATION_CODE,
    ON_BEHALF_SHARE,
    PUBLICATION_CONSENT_SHARE,
    STATUS_WEIGHTS,
    SUBMITTED_IN_PHASE_1_SHARE,
    DemoDataError,
)
from .vocabulary import (
    APPLICATION_CONDITIONS,
    APPROVE_COMMENTS,
    BENEFIT_REMARKS,
    CATEGORY_PROFILES,
    FIELD_TEXTS,
    HOUR_WEIGHTS,
    JOB_TITLES,
    MANAGEMENT_TITLES,
    PRODUCTION_TITLES,
    PROFILE_FIELDS,
    PROFILE_KEYWORDS,
    QUALIFICATIONS,
    REJECTIONS,
    RETURN_COMMENTS,
    SUMMARY_LEADS,
    UNION_TITLES,
    VERIFY_COMMENTS,
    WITHDRAW_COMMENTS,
    person_name,
    top_weight,
    workplace_of,
)


def _vnd(amount: int) -> str:
    """An amount with Vietnamese thousands separators: 12.500.000."""
    return f"{amount:,}".replace(",", ".")


def _aware(day: dt.date, hour: int, minute: int, second: int = 0) -> dt.datetime:
    """A moment of ``day`` in the campaign's time zone."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=CAMPAIGN_TZ)


@dataclass(frozen=True)
class Step:
    """One decision of a history: the action and who takes it (author, grassroots or upper officer)."""

    action: str
    actor: str
    delay_hours: tuple[float, float]


SUBMIT = Step(Action.SUBMIT, "author", (0, 0))
RESUBMIT = Step(Action.RESUBMIT, "author", (24, 240))
VERIFY = Step(Action.VERIFY, "grassroots", (4, 240))
APPROVE = Step(Action.APPROVE, "upper", (24, 480))
RETURN_AT_GRASSROOTS = Step(Action.RETURN, "grassroots", (12, 240))
RETURN_AT_UPPER = Step(Action.RETURN, "upper", (24, 336))
REJECT_AT_GRASSROOTS = Step(Action.REJECT, "grassroots", (24, 336))
REJECT_AT_UPPER = Step(Action.REJECT, "upper", (24, 480))
WITHDRAW = Step(Action.WITHDRAW, "author", (24, 720))
# Not a state change, but recorded like one (``initiative_mark_exemplary``), by staff or a manager.
MARK_EXEMPLARY = Step(Action.MARK_EXEMPLARY, "staff", (24, 720))
EXEMPLARY_COMMENTS = ("", "Đề xuất biểu dương, nhân rộng.", "Sáng kiến tiêu biểu của đơn vị.")

# The ways an initiative reaches each state, with their relative frequency.
HISTORIES: dict[str, tuple[tuple[int, tuple[Step, ...]], ...]] = {
    S.DRAFT: ((1, ()),),
    S.SUBMITTED: ((8, (SUBMIT,)), (1, (SUBMIT, RETURN_AT_GRASSROOTS, RESUBMIT))),
    S.VERIFIED: ((8, (SUBMIT, VERIFY)), (1, (SUBMIT, RETURN_AT_GRASSROOTS, RESUBMIT, VERIFY))),
    S.APPROVED: (
        (8, (SUBMIT, VERIFY, APPROVE)),
        (1, (SUBMIT, RETURN_AT_GRASSROOTS, RESUBMIT, VERIFY, APPROVE)),
        (1, (SUBMIT, VERIFY, RETURN_AT_UPPER, RESUBMIT, VERIFY, APPROVE)),
    ),
    S.RETURNED: ((3, (SUBMIT, RETURN_AT_GRASSROOTS)), (2, (SUBMIT, VERIFY, RETURN_AT_UPPER))),
    S.REJECTED: ((3, (SUBMIT, REJECT_AT_GRASSROOTS)), (2, (SUBMIT, VERIFY, REJECT_AT_UPPER))),
    S.WITHDRAWN: (
        (3, (SUBMIT, WITHDRAW)),
        (1, (SUBMIT, VERIFY, WITHDRAW)),
        (1, (SUBMIT, RETURN_AT_GRASSROOTS, WITHDRAW)),
    ),
}


def replay(steps: Sequence[Step]) -> list[tuple[Step, str, str]]:
    """``(step, from, to)`` for each step, by the review state machine's own transitions.

    Raises ``DemoDataError`` if a step is not allowed from the state before it.
    """
    status = S.DRAFT
    replayed = []
    for step in steps:
        transition = TRANSITIONS[step.action]
        if status not in transition.sources:
            raise DemoDataError(f"{step.action} is not allowed from {status}")
        replayed.append((step, status, transition.target))
        status = transition.target
    return replayed


# --------------------------------------------------------------------------------------
# Initiatives
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitInfo:
    """What the generator needs to know about a grassroots union."""

    id: int
    code: str
    name: str
    parent_id: int | None
    top_code: str
    profile: str

    @property
    def workplace(self) -> str:
        """The workplace behind the union ("Công ty X" for "Công đoàn Công ty X")."""
        return workplace_of(self.name)


@dataclass(frozen=True)
class Worker:
    """A generated worker account (or its spec, before it has an id)."""

    phone: str
    full_name: str
    unit: UnitInfo
    category: str
    job_title: str
    qualification: str
    holds_management_post: bool
    is_direct_production_worker: bool
    user_id: int | None = None


@dataclass
class Plan:
    """One initiative to create, with everything drawn for it."""

    key: uuid.UUID
    status: str
    unit: UnitInfo
    category: str
    field_code: str
    author_name: str
    author_job_title: str
    author_qualification: str
    holds_management_post: bool
    is_direct_production_worker: bool
    submitter_id: int | None
    entered_by_id: int | None
    history: list[tuple[Step, str, str, dt.datetime, str, str]]
    first_submitted_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    is_exemplary: bool
    texts: dict[str, str]
    first_applied_on: dt.date
    recognised_on: dt.date
    benefit_vnd: int | None
    author_contribution: Decimal
    co_authors: list[dict[str, object]] = field(default_factory=list)

    @property
    def approved_on(self) -> dt.date | None:
        """The local day of the approving decision (as ``reviews.services`` writes it)."""
        if self.status != S.APPROVED:
            return None
        moment = next(m for step, _from, _to, m, _r, _c in reversed(self.history) if step.action == Action.APPROVE)
        return moment.astimezone(CAMPAIGN_TZ).date()


@dataclass(frozen=True)
class InitiativeStats:
    """What ``demo_initiatives_create`` wrote."""

    initiatives: int = 0
    decisions: int = 0
    co_authors: int = 0
    notifications: int = 0
    accounts: int = 0


def profile_of(unit_name: str) -> str:
    """The kind of workplace behind a union's name: school, health, public, enterprise or agency."""
    padded = f" {fold(unit_name)} "
    for profile, keywords in PROFILE_KEYWORDS:
        if any(keyword in padded for keyword in keywords):
            return profile
    return "enterprise"


def _load_grassroots() -> tuple[list[UnitInfo], dict[str, float], dict[int, str]]:
    """Grassroots unions below a province or sector (by code), the top units' sizes, and every unit's code by id."""
    rows = list(Unit.objects.order_by("path").values_list("id", "code", "name", "path", "depth", "kind"))
    id_by_path = {path: pk for pk, _code, _name, path, _depth, _kind in rows}
    code_by_id = {pk: code for pk, code, _name, _path, _depth, _kind in rows}
    tops = {path: (code, kind) for _pk, code, _name, path, depth, kind in rows if depth == 2}
    steplen = Unit.steplen
    units = [
        UnitInfo(
            id=pk,
            code=code,
            name=name,
            parent_id=id_by_path.get(path[:-steplen]),
            top_code=tops[path[: 2 * steplen]][0],
            profile=profile_of(name),
        )
        for pk, code, name, path, depth, kind in rows
        if kind == UnitKind.GRASSROOTS and depth >= 3
    ]
    units.sort(key=lambda unit: unit.code)
    top_weights = {code: top_weight(code, kind) for code, kind in tops.values()}
    return units, top_weights, code_by_id


class UnitPicker:
    """Draws grassroots unions for a category: a kind of workplace (school, company…) by the
    category's weights, then a province or sector by its size, then a unit within it by a
    heavy-tailed weight, so that a few units gather many initiatives."""

    def __init__(self, rng: random.Random, units: Sequence[UnitInfo], top_weights: dict[str, float]) -> None:
        """Draw each unit's weight with ``rng``; ``top_weights`` are the sizes of provinces and sectors."""
        weights = {unit.id: min(rng.paretovariate(1.3), 60.0) for unit in units}
        by_profile: dict[str, list[UnitInfo]] = defaultdict(list)
        for unit in units:
            by_profile[unit.profile].append(unit)
            by_profile[""].append(unit)  # every unit, for a tree without some kind of workplace
        self._pools = {
            profile: self._pool(members, weights, top_weights) for profile, members in sorted(by_profile.items())
        }

    @staticmethod
    def _pool(
        units: list[UnitInfo], weights: dict[int, float], top_weights: dict[str, float]
    ) -> tuple[list[str], list[float], dict[str, tuple[list[UnitInfo], list[float]]]]:
        """The top-level units with cumulative sizes, and each one's units with cumulative weights."""
        by_top: dict[str, list[UnitInfo]] = defaultdict(list)
        for unit in units:
            by_top[unit.top_code].append(unit)
        tops = sorted(by_top)
        return (
            tops,
            list(itertools.accumulate(top_weights.get(code, 1.0) for code in tops)),
            {
                code: (members, list(itertools.accumulate(weights[unit.id] for unit in members)))
                for code, members in by_top.items()
            },
        )

    def pick(self, rng: random.Random, category: str) -> UnitInfo:
        """A grassroots union whose members plausibly belong to ``category``."""
        profiles = {
            profile: weight for profile, weight in CATEGORY_PROFILES[category].items() if profile in self._pools
        }
        profile = _weighted(rng, profiles) if profiles else ""
        tops, top_cumulative, members = self._pools[profile]
        top = tops[min(bisect(top_cumulative, rng.random() * top_cumulative[-1]), len(tops) - 1)]
        units, cumulative = members[top]
        return units[min(bisect(cumulative, rng.random() * cumulative[-1]), len(units) - 1)]


def _weighted(rng: random.Random, weights: dict[str, float]) -> str:
    """One key of ``weights``, drawn in proportion to its value."""
    return rng.choices(tuple(weights), weights=tuple(weights.values()))[0]


def _profile_person(rng: random.Random, profile: str, category: str) -> tuple[str, str, bool, bool]:
    """(job title, qualification, holds a management post, direct production worker) for a member."""
    if category == SubmitterCategory.UNION_OFFICIAL:
        title = rng.choice(UNION_TITLES)
    else:
        title = rng.choice(JOB_TITLES[profile])
    qualification = rng.choice(QUALIFICATIONS[profile])
    management = title in MANAGEMENT_TITLES or rng.random() < 0.06
    production = profile == "enterprise" and title in PRODUCTION_TITLES
    return title, qualification, management, production


def _person_of(member: User | Worker) -> tuple[str, str, bool, bool]:
    """(job title, qualification, management post, direct production worker) of an account or worker spec."""
    return member.job_title, member.qualification, member.holds_management_post, member.is_direct_production_worker


def demo_workers(rng: random.Random, picker: UnitPicker, count: int) -> list[Worker]:
    """``count`` worker specs with unique phone numbers 09xxxxxxxx (never 0900…, kept for demo accounts)."""
    phones: set[str] = set()
    workers = []
    while len(workers) < count:
        phone = f"09{rng.randint(1, 8)}{rng.randrange(10**7):07d}"
        if phone in phones:
            continue
        phones.add(phone)
        category = _weighted(rng, CATEGORY_WEIGHTS)
        unit = picker.pick(rng, category)
        title, qualification, management, production = _profile_person(rng, unit.profile, category)
        workers.append(
            Worker(
                phone=phone,
                full_name=person_name(rng),
                unit=unit,
                category=category,
                job_title=title,
                qualification=qualification,
                holds_management_post=management,
                is_direct_production_worker=production,
            )
        )
    return workers


def _users_create(users: list[User], *, by: str) -> tuple[dict[str, int], int]:
    """Insert the users whose ``by`` (phone or email) is new; return ids by that key and how many were new."""
    keys = [getattr(user, by) for user in users]
    existing: dict[str, int] = {}
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        existing.update(User.objects.filter(**{f"{by}__in": chunk}).values_list(by, "id"))
    new = [user for user in users if getattr(user, by) not in existing]
    for user in new:
        user.set_unusable_password()
        # ``bulk_create`` bypasses ``User.save``, which computes these two.
        user.search_name = fold(user.full_name)[:150]
        user.sort_name = person_sort_key(user.full_name)
    User.objects.bulk_create(new, batch_size=BATCH_SIZE)
    ids = dict(existing)
    ids.update(User.objects.filter(**{f"{by}__in": [getattr(user, by) for user in new]}).values_list(by, "id"))
    return ids, len(new)


def _workers_create(workers: list[Worker]) -> tuple[list[Worker], int]:
    """Create the generated worker accounts (unusable passwords); return the workers with their ids."""
    users = [
        User(
            phone=worker.phone,
            full_name=worker.full_name,
            unit_id=worker.unit.id,
            category=worker.category,
            job_title=worker.job_title,
            workplace=worker.unit.workplace[:255],
            qualification=worker.qualification,
            holds_management_post=worker.holds_management_post,
            is_direct_production_worker=worker.is_direct_production_worker,
            date_joined=ACCOUNTS_SINCE,
        )
        for worker in workers
    ]
    ids, created = _users_create(users, by="phone")
    return [dataclasses.replace(worker, user_id=ids[worker.phone]) for worker in workers], created


def _officers_create(
    rng: random.Random,
    unit_ids: Sequence[int],
    officers: dict[int, int],
    code_by_id: dict[int, str],
    grassroots: set[int],
) -> int:
    """Give every unit in ``unit_ids`` without one an officer account and appointment; return how many were made."""
    missing = sorted((unit_id for unit_id in set(unit_ids) if unit_id not in officers), key=code_by_id.__getitem__)
    users = []
    for unit_id in missing:
        is_grassroots = unit_id in grassroots
        users.append(
            User(
                email=f"{code_by_id[unit_id].lower()}@canbo.congdoan.vn",
                full_name=person_name(rng),
                unit_id=unit_id if is_grassroots else None,
                category=SubmitterCategory.UNION_OFFICIAL if is_grassroots else "",
                job_title="Chủ tịch Công đoàn cơ sở" if is_grassroots else "Cán bộ Ban Tuyên giáo",
                holds_management_post=is_grassroots,
                date_joined=ACCOUNTS_SINCE,
            )
        )
    ids, created = _users_create(users, by="email")
    appointments = []
    for unit_id, user in zip(missing, users, strict=True):
        officers[unit_id] = ids[user.email]
        appointments.append(Appointment(user_id=officers[unit_id], unit_id=unit_id, role=Role.OFFICER))
    have = set(
        Appointment.objects.active()
        .filter(user_id__in=[officers[unit_id] for unit_id in missing], role=Role.OFFICER)
        .values_list("user_id", "unit_id")
    )
    for appointment in appointments:
        appointment.granted_at = ACCOUNTS_SINCE
    bulk_create_dated(
        Appointment, [a for a in appointments if (a.user_id, a.unit_id) not in have], dated_fields=("granted_at",)
    )
    return created


@contextmanager
def historical_timestamps(model: type[models.Model], field_names: Sequence[str]) -> Iterator[None]:
    """Let inserts store the given values of ``model``'s ``auto_now``/``auto_now_add`` fields.

    Django overwrites those values with the current time on insert (``Field.pre_save``),
    even in ``bulk_create``; demo rows carry their historical times instead. They cannot be
    corrected after the insert either: the database refuses any UPDATE of a decision.
    The switch is process-wide, which suits a management command and nothing else.
    """
    fields = [model._meta.get_field(name) for name in field_names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def bulk_create_dated(model: type[models.Model], objects: list, *, dated_fields: Sequence[str]) -> list:
    """``bulk_create`` storing the historical values set on ``dated_fields`` (see ``historical_timestamps``)."""
    with historical_timestamps(model, dated_fields):
        return model._default_manager.bulk_create(objects, batch_size=BATCH_SIZE)


class _Calendar:
    """Draws submission moments over the days of each phase (fewer at weekends), in Vietnam time."""

    def __init__(self, phases: Sequence[Phase]) -> None:
        """Lay out the days of ``phases`` with their weights."""
        self.phases = list(phases)
        self.days: list[tuple[list[dt.date], list[float]]] = []
        for phase in self.phases:
            days = [
                phase.starts_on + dt.timedelta(days=offset)
                for offset in range((phase.ends_on - phase.starts_on).days + 1)
            ]
            weights = [{5: 0.5, 6: 0.3}.get(day.weekday(), 1.0) for day in days]
            self.days.append((days, list(itertools.accumulate(weights))))

    def moment(self, rng: random.Random) -> dt.datetime:
        """A submission moment: in phase 1 with ``SUBMITTED_IN_PHASE_1_SHARE``, else in phase 2."""
        index = 0 if rng.random() < SUBMITTED_IN_PHASE_1_SHARE or len(self.days) == 1 else 1
        days, cumulative = self.days[index]
        day = days[min(bisect(cumulative, rng.random() * cumulative[-1]), len(days) - 1)]
        hour = rng.choices(range(24), weights=HOUR_WEIGHTS)[0]
        return _aware(day, hour, rng.randrange(60), rng.randrange(60))

    def phase_for(self, day: dt.date) -> Phase | None:
        """The phase whose dates contain ``day``, as ``reports.selectors.phase_for_date`` finds it."""
        return next((phase for phase in self.phases if phase.starts_on <= day <= phase.ends_on), None)


class InitiativeWriter:
    """Draws the demo initiatives (``plan``) and writes them with their history (``write``)."""

    def __init__(
        self,
        rng: random.Random,
        *,
        picker: UnitPicker,
        workers: list[Worker],
        demo_unit: UnitInfo,
        accounts: dict[str, User],
        calendar: _Calendar,
        field_ids: dict[str, int],
        seed: int,
    ) -> None:
        """Draw with ``rng``; ``seed`` names the submission keys, the rest is what drawing needs."""
        self.rng = rng
        self.picker = picker
        self.demo_unit = demo_unit
        self.accounts = accounts
        self.calendar = calendar
        self.field_ids = field_ids
        self.seed = seed
        self.workers_by_category: dict[str, tuple[list[Worker], list[float]]] = {}
        productivity = [min(rng.paretovariate(1.16), 40.0) for _ in workers]
        for category in CATEGORY_WEIGHTS:
            members = [(w, p) for w, p in zip(workers, productivity, strict=True) if w.category == category]
            members = members or list(zip(workers, productivity, strict=True))
            self.workers_by_category[category] = (
                [w for w, _p in members],
                list(itertools.accumulate(p for _w, p in members)),
            )

    # Drawing ---------------------------------------------------------------------------

    def plan(self, count: int) -> list[Plan]:
        """``count`` initiatives: the demo worker's own first, then drawn by category and state."""
        plans = []
        deadline_moments = list(DEADLINE_MOMENTS)
        for index in range(count):
            if index < len(DEMO_WORKER_STATES):
                plans.append(self._demo_worker_plan(index, DEMO_WORKER_STATES[index]))
                continue
            status = _weighted(self.rng, STATUS_WEIGHTS)
            moment = deadline_moments.pop(0) if deadline_moments and status != S.DRAFT else None
            plans.append(self._drawn_plan(index, status, moment))
        return plans

    def _key(self, index: int) -> uuid.UUID:
        """A submission key that depends only on the seed and the position."""
        return uuid.uuid5(uuid.NAMESPACE_URL, f"https://congdoan.vn/demo/{self.seed}/{index}")

    def _demo_worker_plan(self, index: int, status: str) -> Plan:
        """An initiative of the demo worker, in ``status``."""
        worker = self.accounts["worker"]
        return self._plan(
            index,
            status=status,
            unit=self.demo_unit,
            category=worker.category,
            author_name=worker.full_name,
            person=_person_of(worker),
            submitter_id=worker.pk,
            entered_by_id=worker.pk,
        )

    def _drawn_plan(self, index: int, status: str, moment: dt.datetime | None) -> Plan:
        """An initiative of a generated worker, or one entered by an officer for a worker without account."""
        rng = self.rng
        category = _weighted(rng, CATEGORY_WEIGHTS)
        if rng.random() < ON_BEHALF_SHARE:
            # Entered by the unit's officer for a worker without an account.
            if category == SubmitterCategory.ENTERPRISE and rng.random() < 0.5:
                unit = self.demo_unit
            else:
                unit = self.picker.pick(rng, category)
            return self._plan(
                index,
                status=status,
                unit=unit,
                category=category,
                author_name=person_name(rng),
                person=_profile_person(rng, unit.profile, category),
                submitter_id=None,
                entered_by_id=None,
                moment=moment,
            )
        workers, cumulative = self.workers_by_category[category]
        worker = workers[min(bisect(cumulative, rng.random() * cumulative[-1]), len(workers) - 1)]
        return self._plan(
            index,
            status=status,
            unit=worker.unit,
            category=worker.category,
            author_name=worker.full_name,
            person=_person_of(worker),
            submitter_id=worker.user_id,
            entered_by_id=worker.user_id,
            moment=moment,
        )

    def _plan(
        self,
        index: int,
        *,
        status: str,
        unit: UnitInfo,
        category: str,
        author_name: str,
        person: tuple[str, str, bool, bool],
        submitter_id: int | None,
        entered_by_id: int | None,
        moment: dt.datetime | None = None,
    ) -> Plan:
        """Everything drawn for one initiative: history and times, field, texts, co-authors."""
        rng = self.rng
        weights, steps = zip(*HISTORIES[status], strict=True)
        chosen = rng.choices(steps, weights=weights)[0]
        if status == S.DRAFT:
            submitted_at = None
            created_at = self.calendar.moment(rng)
            updated_at = created_at + dt.timedelta(minutes=rng.randint(5, 2880))
            history = []
        else:
            submitted_at = moment or self.calendar.moment(rng)
            created_at = submitted_at - dt.timedelta(minutes=rng.randint(10, 4320))
            history = self._history(chosen, submitted_at)
        is_exemplary = status == S.APPROVED and rng.random() < EXEMPLARY_SHARE
        if is_exemplary:
            marked_at = history[-1][3] + dt.timedelta(seconds=round(rng.uniform(*MARK_EXEMPLARY.delay_hours) * 3600))
            history.append((MARK_EXEMPLARY, S.APPROVED, S.APPROVED, marked_at, "", rng.choice(EXEMPLARY_COMMENTS)))
        if history:
            updated_at = history[-1][3]
        if category == SubmitterCategory.UNION_OFFICIAL and rng.random() < 0.4:
            field_code = "other"
        else:
            field_code = _weighted(rng, PROFILE_FIELDS[unit.profile])
        if field_code not in self.field_ids:
            field_code = sorted(self.field_ids)[0]
        base_day = (submitted_at or created_at).astimezone(CAMPAIGN_TZ).date()
        first_applied_on = base_day - dt.timedelta(days=rng.randint(20, 300))
        recognised_on = first_applied_on + dt.timedelta(days=rng.randint(7, 19))
        benefit = None
        if rng.random() < BENEFIT_SHARE:
            benefit = max(1_000_000, min(20_000_000_000, round(rng.lognormvariate(math.log(15e6), 1.3), -5)))
        author_share, co_authors = self._co_authors(unit)
        job_title, qualification, management, production = person
        return Plan(
            key=self._key(index),
            status=status,
            unit=unit,
            category=category,
            field_code=field_code,
            author_name=author_name,
            author_job_title=job_title,
            author_qualification=qualification,
            holds_management_post=management,
            is_direct_production_worker=production,
            submitter_id=submitter_id,
            entered_by_id=entered_by_id,
            history=history,
            first_submitted_at=submitted_at,
            created_at=created_at,
            updated_at=updated_at,
            is_exemplary=is_exemplary,
            texts=self._texts(field_code, unit, benefit),
            first_applied_on=first_applied_on,
            recognised_on=recognised_on,
            benefit_vnd=benefit,
            author_contribution=author_share,
            co_authors=co_authors,
        )

    def _history(self, steps: Sequence[Step], submitted_at: dt.datetime) -> list:
        """(step, from, to, when, reason, comment) for each step, one after the other in time."""
        rng = self.rng
        moment = submitted_at
        history = []
        for step, from_status, to_status in replay(steps):
            low, high = step.delay_hours
            moment = moment + dt.timedelta(seconds=round(rng.uniform(low, high) * 3600))
            reason, comment = "", ""
            if step.action == Action.RETURN:
                comment = rng.choice(RETURN_COMMENTS)
            elif step.action == Action.REJECT:
                reason, comment = rng.choice(REJECTIONS)
            elif step.action == Action.VERIFY:
                comment = rng.choice(VERIFY_COMMENTS)
            elif step.action == Action.APPROVE:
                comment = rng.choice(APPROVE_COMMENTS)
            elif step.action == Action.WITHDRAW:
                comment = rng.choice(WITHDRAW_COMMENTS)
            history.append((step, from_status, to_status, moment, reason, comment))
        return history

    def _co_authors(self, unit: UnitInfo) -> tuple[Decimal, list[dict[str, object]]]:
        """The author's share and the co-authors (shares in steps of 5%, all adding up to 100%)."""
        rng = self.rng
        if rng.random() >= CO_AUTHOR_SHARE:
            return Decimal(100), []
        count = rng.choices((1, 2, 3), weights=(5, 3, 1))[0]
        author_share = rng.choice([share for share in (40, 50, 60, 70, 80) if (100 - share) // 5 >= count])
        fifths = (100 - author_share) // 5
        cuts = sorted(rng.sample(range(1, fifths), count - 1)) if count > 1 else []
        shares = [5 * (b - a) for a, b in zip([0, *cuts], [*cuts, fifths], strict=True)]
        co_authors = []
        for share in shares:
            title, qualification, _management, _production = _profile_person(
                rng, unit.profile, SubmitterCategory.PUBLIC_SERVICE
            )
            co_authors.append(
                {
                    "full_name": person_name(rng),
                    "workplace": unit.workplace[:255],
                    "job_title": title,
                    "qualification": qualification,
                    "contribution": Decimal(share),
                }
            )
        return Decimal(author_share), co_authors

    def _numbers(self) -> dict[str, int]:
        """Numbers for a result sentence (see ``FieldText``)."""
        rng = self.rng
        a = rng.randint(20, 120)
        d1 = rng.randint(5, 20)
        return {
            "p": rng.randint(5, 45),
            "pp": rng.randint(80, 99),
            "a": a,
            "b": rng.randint(3, a - 10),
            "m": rng.randint(2, 12),
            "n": rng.randint(3, 300),
            "d1": d1,
            "d2": rng.randint(1, d1 - 2),
        }

    def _texts(self, field_code: str, unit: UnitInfo, benefit: int | None) -> dict[str, str]:
        """Title, summary, problem, solution, benefits and the other statutory texts."""
        rng = self.rng
        text = FIELD_TEXTS.get(field_code, FIELD_TEXTS["other"])
        subject = rng.choice(text.objects)
        title = f"{rng.choice(text.openers)} {subject}"
        if rng.random() < 0.6:
            title += f" {rng.choice(text.purposes)}"
        if rng.random() < 0.1:
            title += f" tại {unit.workplace}"
        results = [result.format(**self._numbers()) for result in rng.sample(text.results, 2)]
        workplace = unit.workplace
        summary = f"{rng.choice(SUMMARY_LEADS)} {subject} tại {workplace}. {results[0]}."
        solutions = rng.sample(text.solutions, min(3, len(text.solutions)))
        benefits = f"{results[0]}. {results[1]}. {rng.choice(BENEFIT_REMARKS)}"
        if benefit:
            benefits += f" Giá trị làm lợi ước tính khoảng {_vnd(benefit)} đồng mỗi năm."
        recogniser = {
            "school": "Hội đồng sáng kiến",
            "health": "Hội đồng Khoa học và Công nghệ",
            "agency": "Thủ trưởng",
        }.get(unit.profile, rng.choice(("Hội đồng sáng kiến", "Giám đốc")))
        participants = "; ".join(
            f"{person_name(rng)} ({rng.choice(JOB_TITLES[unit.profile]).lower()})" for _ in range(rng.randint(1, 3))
        )
        return {
            "title": title[:300],
            "summary": summary,
            "problem": " ".join(rng.sample(text.problems, 2)),
            "solution": " ".join(f"({number}) {step}" for number, step in enumerate(solutions, start=1)),
            "benefits": benefits,
            "applied_where": workplace[:255],
            "application_conditions": rng.choice(APPLICATION_CONDITIONS),
            "first_application_participants": participants,
            "recognised_by": f"{recogniser} {workplace}"[:255],
        }

    # Writing ---------------------------------------------------------------------------

    def write(
        self, plans: list[Plan], *, officers: dict[int, int], staff: dict[str, tuple[int, int]]
    ) -> InitiativeStats:
        """Insert the initiatives, their co-authors, decisions and the authors' notifications.

        ``officers`` maps a unit id to the id of its officer; ``staff`` maps a top-level
        unit code ("" for any other) to the (user id, unit id) of who marks exemplary ones.
        """
        initiatives = [self._initiative(plan, officers) for plan in plans]
        created = bulk_create_dated(Initiative, initiatives, dated_fields=("created_at", "updated_at"))
        co_authors = [
            CoAuthor(initiative=initiative, **co_author)
            for initiative, plan in zip(created, plans, strict=True)
            for co_author in plan.co_authors
        ]
        CoAuthor.objects.bulk_create(co_authors, batch_size=BATCH_SIZE)
        decisions = [
            self._decision(initiative, plan, entry, officers, staff)
            for initiative, plan in zip(created, plans, strict=True)
            for entry in plan.history
        ]
        decisions = bulk_create_dated(Decision, decisions, dated_fields=("created_at",))
        notifications = bulk_create_dated(Notification, _notifications(decisions), dated_fields=("created_at",))
        return InitiativeStats(
            initiatives=len(created),
            decisions=len(decisions),
            co_authors=len(co_authors),
            notifications=len(notifications),
        )

    def _initiative(self, plan: Plan, officers: dict[int, int]) -> Initiative:
        """The initiative row; the submission snapshot is set as ``initiative_submit`` sets it."""
        texts = plan.texts
        submitted_on = timezone.localdate(plan.first_submitted_at) if plan.first_submitted_at else None
        phase = self.calendar.phase_for(submitted_on) if submitted_on else None
        stage_since, stage_waited = stage_clock_from_history(
            (step.action, from_status, moment) for step, from_status, _to, moment, *_rest in plan.history
        )
        return Initiative(
            submission_key=plan.key,
            status=plan.status,
            submitter_id=plan.submitter_id,
            entered_by_id=plan.entered_by_id or officers[plan.unit.id],
            unit_id=plan.unit.id,
            author_name=plan.author_name,
            author_workplace=plan.unit.workplace[:255],
            author_job_title=plan.author_job_title,
            author_qualification=plan.author_qualification,
            author_contribution=plan.author_contribution,
            category=plan.category,
            holds_management_post=plan.holds_management_post,
            is_direct_production_worker=plan.is_direct_production_worker,
            title=texts["title"],
            field_id=self.field_ids[plan.field_code],
            summary=texts["summary"],
            problem=texts["problem"],
            solution=texts["solution"],
            applied_where=texts["applied_where"],
            first_applied_on=plan.first_applied_on,
            application_conditions=texts["application_conditions"],
            first_application_participants=texts["first_application_participants"],
            benefits=texts["benefits"],
            benefit_vnd=plan.benefit_vnd,
            recognised_by=texts["recognised_by"],
            recognised_on=plan.recognised_on,
            first_submitted_at=plan.first_submitted_at,
            submitted_on=submitted_on,
            phase=phase,
            is_exemplary=plan.is_exemplary,
            stage_since=stage_since,
            stage_waited=stage_waited,
            approved_on=plan.approved_on,
            # Seven in ten exemplary authors agreed to the showcase: taken from the key, not a
            # draw, so the random stream (and every other figure of the demo) is unchanged.
            publication_consent=plan.is_exemplary and plan.key.int % 10 < PUBLICATION_CONSENT_SHARE * 10,
            # Initiative.save() is bypassed by bulk_create: compute its search text the same way.
            search_text=fold(" ".join([texts["title"], texts["summary"], plan.author_name])),
            created_at=plan.created_at,
            updated_at=plan.updated_at,
        )

    @staticmethod
    def _decision(
        initiative: Initiative,
        plan: Plan,
        entry: tuple,
        officers: dict[int, int],
        staff: dict[str, tuple[int, int]],
    ) -> Decision:
        """The decision row for one step, with the actor ``reviews.services`` would record."""
        step, from_status, to_status, moment, reason, comment = entry
        if step.actor == "author":
            actor_id = initiative.entered_by_id
            role = ActorRole.AUTHOR if actor_id == initiative.submitter_id else ActorRole.OFFICER
            actor_unit_id = None
        elif step.actor == "staff":
            actor_id, actor_unit_id = staff.get(plan.unit.top_code, staff[""])
            role = ActorRole.STAFF
        else:
            actor_unit_id = plan.unit.id if step.actor == "grassroots" else plan.unit.parent_id
            actor_id = officers[actor_unit_id]
            role = ActorRole.OFFICER
        return Decision(
            initiative=initiative,
            action=step.action,
            from_status=from_status,
            to_status=to_status,
            actor_id=actor_id,
            actor_role=role,
            actor_unit_id=actor_unit_id,
            reason=reason,
            comment=comment,
            created_at=moment,
        )


def _notifications(decisions: Sequence[Decision]) -> list[Notification]:
    """The notifications ``reviews.services`` sends with ``decisions``: to the author's account
    (or the officer who entered it), never for one's own act. They are history: read two
    hours later, their e-mail settled (sent, or not needed without an address)."""
    recipients = {decision.initiative.submitter_id or decision.initiative.entered_by_id for decision in decisions}
    with_email: set[int] = set()
    ordered = sorted(recipients)
    for start in range(0, len(ordered), 500):
        with_email.update(
            User.objects.filter(pk__in=ordered[start : start + 500], email__isnull=False).values_list("pk", flat=True)
        )
    notifications = []
    for decision in decisions:
        recipient_id = decision.initiative.submitter_id or decision.initiative.entered_by_id
        if recipient_id == decision.actor_id:
            continue
        notifications.append(
            Notification(
                recipient_id=recipient_id,
                decision=decision,
                created_at=decision.created_at,
                read_at=decision.created_at + dt.timedelta(hours=2),
                email_state=EmailState.SENT if recipient_id in with_email else EmailState.NOT_NEEDED,
                email_attempts=1 if recipient_id in with_email else 0,
            )
        )
    return notifications


def officer_units_needed(plans: Sequence[Plan]) -> list[int]:
    """Units whose officer enters or reviews one of ``plans``."""
    needed = set()
    for plan in plans:
        if plan.entered_by_id is None:
            needed.add(plan.unit.id)
        for step, *_rest in plan.history:
            if step.actor == "grassroots":
                needed.add(plan.unit.id)
            elif step.actor == "upper" and plan.unit.parent_id is not None:
                needed.add(plan.unit.parent_id)
    return sorted(needed)


def demo_initiatives_create(
    *, seed: int, count: int, accounts: dict[str, User], phases: Sequence[Phase]
) -> InitiativeStats:
    """Generate ``count`` initiatives with their authors, officers, co-authors and decisions."""
    if count <= 0:
        return InitiativeStats()
    units, top_weights, code_by_id = _load_grassroots()
    demo_unit = next((unit for unit in units if unit.code == DEMO_GRASSROOTS), None)
    if demo_unit is None:
        raise DemoDataError(_("Thiếu công đoàn cơ sở mẫu %(code)s.") % {"code": DEMO_GRASSROOTS})
    field_ids = dict(Field.objects.filter(is_active=True).values_list("code", "id"))
    if not field_ids:
        raise DemoDataError(_("Chưa có lĩnh vực sáng kiến nào: hãy chạy migrate trước."))

    picker = UnitPicker(random.Random(f"{seed}:unit-weights"), units, top_weights)
    worker_count = max(50, min(500, count // 10))
    workers, workers_created = _workers_create(demo_workers(random.Random(f"{seed}:workers"), picker, worker_count))
    writer = InitiativeWriter(
        random.Random(f"{seed}:initiatives"),
        picker=picker,
        workers=workers,
        demo_unit=demo_unit,
        accounts=accounts,
        calendar=_Calendar(phases),
        field_ids=field_ids,
        seed=seed,
    )
    plans = writer.plan(count)

    unit_ids = {code: pk for pk, code in code_by_id.items()}
    officers = {
        unit_ids[DEMO_GRASSROOTS]: accounts["grassroots_officer"].pk,
        unit_ids[DEMO_UPPER]: accounts["upper_officer"].pk,
        unit_ids[DEMO_PROVINCE]: accounts["province_manager"].pk,
        unit_ids[DEMO_OTHER_PROVINCE]: accounts["other_province_officer"].pk,
    }
    officers_created = _officers_create(
        random.Random(f"{seed}:officers"),
        officer_units_needed(plans),
        officers,
        code_by_id,
        {unit.id for unit in units},
    )
    staff = {
        DEMO_PROVINCE: (accounts["province_manager"].pk, unit_ids[DEMO_PROVINCE]),
        "": (accounts["federation_staff"].pk, unit_ids[FEDERATION_CODE]),
    }
    stats = writer.write(plans, officers=officers, staff=staff)
    return dataclasses.replace(stats, accounts=workers_created + officers_created)
