"""Generate the benchmark's campaign directly into PostgreSQL: units, programme, accounts, initiatives.

- Units: ``bench.tree`` rows through the application's own bulk import
  (``unions.services.units_import``), so their paths are the ones treebeard computes.
- Programme, phases, targets, clusters: ``demo`` functions.
- Accounts (authors and officers) and initiatives: PostgreSQL ``COPY`` in parallel
  processes, each writing whole days in time order with ids that grow with time, as a
  real table filled over the campaign would be. Secondary indexes are dropped first and
  rebuilt from their own definitions afterwards; the table is then vacuumed and analysed.

Every initiative is consistent with what the application writes: ``submitted_on`` is
the local date (Asia/Ho_Chi_Minh) of ``first_submitted_at``, ``phase`` the phase whose
dates contain it, ``search_text`` is ``fold(title + " " + summary + " " + author_name)``
(composed from folded fragments and checked against ``fold`` itself on a sample), drafts
have no submission time. Each submitted initiative has the review history that brought it to its
state (``review_history``: the decisions, and the stage clock the state machine writes with them),
which the backlog's figures read. Co-authors and attachments are not generated: no measured
figure reads them.

One module of about 600 lines, on purpose: the generation is one pass whose steps share
the world it draws (``build_world``), the day plan and the COPY helpers, in the order
they run.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import multiprocessing as mp
import random
import time
from bisect import bisect
from collections import defaultdict, deque
from dataclasses import dataclass, field
from itertools import accumulate

import psycopg2
from django.db import connection, connections, models

from accounts.enums import SubmitterCategory
from accounts.models import User
from campaign.models import Phase
from demo.campaign import (
    BENEFIT_SHARE,
    CATEGORY_WEIGHTS,
    EXEMPLARY_SHARE,
    ON_BEHALF_SHARE,
    PUBLICATION_CONSENT_SHARE,
    STATUS_WEIGHTS,
    SUBMITTED_IN_PHASE_1_SHARE,
)
from demo.initiatives import _profile_person, profile_of
from demo.vocabulary import (
    APPLICATION_CONDITIONS,
    BENEFIT_REMARKS,
    CATEGORY_PROFILES,
    FIELD_TEXTS,
    HOUR_WEIGHTS,
    JOB_TITLES,
    PROFILE_FIELDS,
    SUMMARY_LEADS,
    person_name,
    workplace_of,
)
from initiatives_portal.text import fold, person_sort_key
from reviews.models import Decision
from submissions.enums import InitiativeStatus as S
from submissions.models import Field, Initiative
from unions.enums import Role, UnitKind
from unions.models import Appointment, Unit

CHUNK_ROWS = 20_000
BUNDLES_PER_FIELD = 3000
AUTHORS_PER_INITIATIVE = 0.25
UNIT_PARETO_ALPHA = 1.1
UNIT_WEIGHT_CAP = 5000.0
LOCAL_OFFSET = 7 * 3600  # Asia/Ho_Chi_Minh has been UTC+7 without DST since 1975
EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
SAMPLE_CHECK_EVERY = 211  # rows whose search_text is recomputed with fold() itself

_COPY_ESCAPE = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_text(value) -> str:
    """``value`` in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    return str(value).translate(_COPY_ESCAPE)


class CopyLayout:
    """The COPY column list of a model's table: the columns the generator writes, then every
    other column at its model default (NULL when nullable). A NOT NULL column without a
    default, or a unique one, stops the generator: it must learn to fill it."""

    def __init__(self, model: type[models.Model], written: list[str]) -> None:
        self.table = model._meta.db_table
        fields = {f.column: f for f in model._meta.concrete_fields}
        unknown = [c for c in written if c not in fields]
        if unknown:
            raise RuntimeError(f"{self.table} has no column {unknown}")
        rest = []
        for column, f in fields.items():
            if column in written:
                continue
            if f.has_default():
                value = f.get_db_prep_save(f.get_default(), connection)
            elif f.null:
                value = None
            else:
                raise RuntimeError(f"{self.table}.{column} is NOT NULL without a default: bench.generate must fill it")
            if f.unique and value is not None:
                raise RuntimeError(f"{self.table}.{column} is unique: bench.generate must fill it")
            rest.append((column, value))
        self.columns = list(written) + [column for column, _value in rest]
        self.tail = "".join("\t" + copy_text(value) for _column, value in rest)

    def copy_sql(self) -> str:
        return f'COPY "{self.table}" ({", ".join(chr(34) + c + chr(34) for c in self.columns)}) FROM STDIN'


# --- secondary indexes ------------------------------------------------------------------------


def drop_secondary_indexes(cur, table: str) -> list[str]:
    """Drop the unique constraints and indexes of ``table`` except its primary key; return the
    statements that recreate them exactly."""
    cur.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'u'",
        [table],
    )
    constraints = cur.fetchall()
    cur.execute(
        "SELECT i.relname FROM pg_constraint c JOIN pg_class i ON i.oid = c.conindid "
        "WHERE c.conrelid = %s::regclass AND c.contype IN ('p', 'u', 'x')",
        [table],
    )
    backing = {name for (name,) in cur.fetchall()}
    cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table])
    indexes = [(name, definition) for name, definition in cur.fetchall() if name not in backing]
    recreate = []
    for name, definition in constraints:
        cur.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        recreate.append(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    for name, definition in indexes:
        cur.execute(f'DROP INDEX "{name}"')
        recreate.append(definition)
    return recreate


# --- the calendar --------------------------------------------------------------------------------


def day_counts(n: int, phases: list[Phase]) -> list[tuple[dt.date, int]]:
    """How many initiatives each day of the phases gets: 30% in phase 1, fewer at weekends
    (as ``demo``), shared out by largest remainders so the total is exactly ``n``."""
    days: list[tuple[dt.date, float]] = []
    shares = [SUBMITTED_IN_PHASE_1_SHARE, 1 - SUBMITTED_IN_PHASE_1_SHARE] if len(phases) > 1 else [1.0]
    for phase, share in zip(phases, shares, strict=False):
        span = [phase.starts_on + dt.timedelta(days=i) for i in range((phase.ends_on - phase.starts_on).days + 1)]
        weights = [{5: 0.5, 6: 0.3}.get(day.weekday(), 1.0) for day in span]
        total = sum(weights)
        days += [(day, share * w / total) for day, w in zip(span, weights, strict=True)]
    quotas = [n * w for _day, w in days]
    counts = [math.floor(q) for q in quotas]
    for i in sorted(range(len(days)), key=lambda i: counts[i] - quotas[i])[: n - sum(counts)]:
        counts[i] += 1
    return [(day, count) for (day, _w), count in zip(days, counts, strict=True) if count]


def chunks_of(days: list[tuple[dt.date, int]], first_id: int) -> list[tuple[int, list[tuple[dt.date, int]]]]:
    """Consecutive days grouped into chunks of about CHUNK_ROWS rows, each with its first id."""
    chunks, current, size, next_id = [], [], 0, first_id
    for day, count in days:
        current.append((day, count))
        size += count
        if size >= CHUNK_ROWS:
            chunks.append((next_id, current))
            next_id += size
            current, size = [], 0
    if current:
        chunks.append((next_id, current))
    return chunks


# --- the world the rows are drawn from ------------------------------------------------------------


@dataclass
class World:
    """Everything a generating process needs; built once, inherited by the forked processes."""

    dsn: str
    seed: int
    phase_of: dict[dt.date, int] = field(default_factory=dict)
    unit_cum: list[float] = field(default_factory=list)
    units: list[tuple] = field(default_factory=list)  # (id, profile, workplace, f_workplace, recogniser, officer)
    author_cum: list[float] = field(default_factory=list)
    authors: list[tuple] = field(default_factory=list)  # (unit index, category, columns, folded name)
    field_cum: dict[str, tuple[list[str], list[float]]] = field(default_factory=dict)
    field_ids: dict[str, int] = field(default_factory=dict)
    bundles: dict[str, list[tuple]] = field(default_factory=dict)
    participants: dict[str, list[str]] = field(default_factory=dict)
    tail: str = ""
    copy_sql: str = ""


_world: World | None = None


def _no_copy_specials(*texts: str) -> None:
    for text in texts:
        if any(ch in text for ch in "\\\t\n\r"):
            raise RuntimeError(f"text needs COPY escaping, which the fast path skips: {text!r}")


def _vnd(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def _numbers(rng: random.Random) -> dict[str, int]:
    a = rng.randint(20, 120)
    d1 = rng.randint(5, 20)
    return {
        "p": rng.randint(5, 45), "pp": rng.randint(80, 99), "a": a, "b": rng.randint(3, a - 10),
        "m": rng.randint(2, 12), "n": rng.randint(3, 300), "d1": d1, "d2": rng.randint(1, d1 - 2),
    }


def _bundles(rng: random.Random, code: str) -> list[tuple]:
    """Texts of one field, as ``demo`` writes them, with their folded forms:
    (title, f_title, lead + subject, f_lead_subject, result, f_result, problem, solution, benefits, conditions)."""
    text = FIELD_TEXTS.get(code, FIELD_TEXTS["other"])
    result = []
    for _ in range(BUNDLES_PER_FIELD):
        subject = rng.choice(text.objects)
        title = f"{rng.choice(text.openers)} {subject}"
        if rng.random() < 0.6:
            title += f" {rng.choice(text.purposes)}"
        results = [r.format(**_numbers(rng)) for r in rng.sample(text.results, 2)]
        lead = f"{rng.choice(SUMMARY_LEADS)} {subject}"
        problem = " ".join(rng.sample(text.problems, 2))
        steps = rng.sample(text.solutions, min(3, len(text.solutions)))
        solution = " ".join(f"({number}) {step}" for number, step in enumerate(steps, start=1))
        benefits = f"{results[0]}. {results[1]}. {rng.choice(BENEFIT_REMARKS)}"
        conditions = rng.choice(APPLICATION_CONDITIONS)
        _no_copy_specials(title, lead, results[0], problem, solution, benefits, conditions)
        result.append(
            (title, fold(title), lead, fold(lead), results[0], fold(results[0]), problem, solution, benefits, conditions)
        )
    return result


def _pareto(rng: random.Random) -> float:
    return min(rng.paretovariate(UNIT_PARETO_ALPHA), UNIT_WEIGHT_CAP)


def build_world(*, dsn: str, seed: int, authors: int, first_user_id: int) -> tuple[World, list[str], dict]:
    """Draw units' weights, authors and text bundles; return the world, the COPY lines of the
    accounts (authors, then one officer per parent of grassroots unions) and some facts."""
    rng = random.Random(f"{seed}:bench-world")
    world = World(dsn=dsn, seed=seed)
    world.phase_of = {}
    for phase in Phase.objects.order_by("starts_on"):
        for i in range((phase.ends_on - phase.starts_on).days + 1):
            world.phase_of.setdefault(phase.starts_on + dt.timedelta(days=i), phase.pk)
    world.field_ids = dict(Field.objects.filter(is_active=True).values_list("code", "id"))
    for profile, weights in PROFILE_FIELDS.items():
        codes = [c for c in weights if c in world.field_ids] or sorted(world.field_ids)
        world.field_cum[profile] = (codes, list(accumulate(weights.get(c, 1) for c in codes)))
    for code in world.field_ids:
        world.bundles[code] = _bundles(rng, code)
    for profile, titles in JOB_TITLES.items():
        world.participants[profile] = [
            "; ".join(f"{person_name(rng)} ({rng.choice(titles).lower()})" for _ in range(rng.randint(1, 3)))
            for _ in range(500)
        ]

    # Officers: one per unit that has grassroots unions directly below it.
    rows = list(Unit.objects.order_by("path").values_list("id", "code", "name", "path", "kind"))
    id_by_path = {path: pk for pk, _code, _name, path, _kind in rows}
    parents = sorted({id_by_path[path[: -Unit.steplen]] for _pk, _c, _n, path, kind in rows if kind == "grassroots"})
    code_by_id = {pk: code for pk, code, _n, _p, _k in rows}
    next_id = first_user_id
    officer_of: dict[int, int] = {}
    account_lines: list[str] = []
    joined = "2022-01-04 01:00:00+00"
    has_search_name = any(f.name == "search_name" for f in User._meta.concrete_fields)
    has_sort_name = any(f.name == "sort_name" for f in User._meta.concrete_fields)
    user_layout = CopyLayout(User, _USER_COLUMNS + (["search_name"] if has_search_name else [])
                             + (["sort_name"] if has_sort_name else []))
    for parent_id in parents:
        name = person_name(rng)
        cols = [next_id, "!bench", None, False, f"{code_by_id[parent_id].lower()}@canbo.bench.vn", None, name, None,
                "", "Cán bộ Ban Tuyên giáo", "", "", False, False, True, False, joined]
        if has_search_name:
            cols.append(fold(name)[:150])
        if has_sort_name:
            cols.append(person_sort_key(name))
        account_lines.append("\t".join(copy_text(v) for v in cols) + user_layout.tail + "\n")
        officer_of[parent_id] = next_id
        next_id += 1

    # Grassroots unions with a heavy-tailed size: a few hold very many initiatives.
    grassroots = [
        (pk, name, id_by_path[path[: -Unit.steplen]], path) for pk, _code, name, path, kind in rows
        if kind == "grassroots"
    ]
    weights = [_pareto(rng) for _ in grassroots]
    world.unit_cum = list(accumulate(weights))
    recognisers = {"school": "Hội đồng sáng kiến", "health": "Hội đồng Khoa học và Công nghệ", "agency": "Thủ trưởng"}
    for pk, name, parent_id, path in grassroots:
        profile = profile_of(name)
        workplace = workplace_of(name)[:255]
        _no_copy_specials(workplace)
        recogniser = recognisers.get(profile, "Hội đồng sáng kiến" if pk % 2 else "Giám đốc")
        world.units.append((pk, profile, workplace, fold(workplace), f"{recogniser} {workplace}"[:255],
                            officer_of[parent_id], path))
    by_category: dict[str, tuple[list[int], list[float]]] = {}
    for category, profiles in CATEGORY_PROFILES.items():
        members = [(i, weights[i] * profiles[u[1]]) for i, u in enumerate(world.units) if u[1] in profiles]
        members = members or [(i, w) for i, w in enumerate(weights)]
        by_category[category] = ([i for i, _w in members], list(accumulate(w for _i, w in members)))

    # Authors: worker accounts with a unit fitting their category, and a heavy-tailed productivity.
    categories = list(CATEGORY_WEIGHTS)
    category_cum = list(accumulate(CATEGORY_WEIGHTS.values()))
    productivity = []
    for index in range(authors):
        category = categories[bisect(category_cum, rng.random() * category_cum[-1])]
        members, cum = by_category[category]
        unit_index = members[min(bisect(cum, rng.random() * cum[-1]), len(members) - 1)]
        unit = world.units[unit_index]
        name = person_name(rng)
        title, qualification, management, production = _profile_person(rng, unit[1], category)
        user_id = next_id
        next_id += 1
        phone = f"09{1 + index // 10_000_000}{index % 10_000_000:07d}"
        cols = [user_id, "!bench", None, False, None, phone, name, unit[0], category, title, unit[2], qualification,
                management, production, True, False, joined]
        if has_search_name:
            cols.append(fold(name)[:150])
        if has_sort_name:
            cols.append(person_sort_key(name))
        account_lines.append("\t".join(copy_text(v) for v in cols) + user_layout.tail + "\n")
        columns = "\t".join(
            copy_text(v) for v in (user_id, user_id, unit[0], name, unit[2], title, qualification, "100.00", category,
                                   management, production)
        )
        world.authors.append((unit_index, category, columns, fold(name)))
        productivity.append(min(rng.paretovariate(1.16), 40.0))
    world.author_cum = list(accumulate(productivity))
    facts = {"officer_of": officer_of, "user_layout": user_layout, "next_user_id": next_id}
    return world, account_lines, facts


_USER_COLUMNS = [
    "id", "password", "last_login", "is_superuser", "email", "phone", "full_name", "unit_id", "category", "job_title",
    "workplace", "qualification", "holds_management_post", "is_direct_production_worker", "is_active", "is_staff",
    "date_joined",
]
INITIATIVE_COLUMNS = [
    "id", "submission_key", "status", "submitter_id", "entered_by_id", "unit_id", "author_name", "author_workplace",
    "author_job_title", "author_qualification", "author_contribution", "category", "holds_management_post",
    "is_direct_production_worker", "title", "field_id", "summary", "problem", "solution", "applied_where",
    "first_applied_on", "application_conditions", "first_application_participants", "benefits", "benefit_vnd",
    "recognised_by", "recognised_on", "first_submitted_at", "submitted_on", "phase_id", "is_exemplary", "search_text",
    "created_at", "updated_at", "stage_since", "unit_path", "approved_on", "publication_consent", "stage_waited",
]
STATUSES = list(STATUS_WEIGHTS)
STATUS_CUM = list(accumulate(STATUS_WEIGHTS.values()))
HOUR_CUM = list(accumulate(HOUR_WEIGHTS))
CATEGORIES = list(CATEGORY_WEIGHTS)
CATEGORY_CUM = list(accumulate(CATEGORY_WEIGHTS.values()))


def _utc(epoch: int) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S+00", time.gmtime(epoch))


def chunk_lines(world: World, first_id: int, days: list[tuple[dt.date, int]]) -> tuple[list[str], int]:
    """The COPY lines of one chunk of days, in time order; returns (lines, rows checked against fold())."""
    rng = random.Random(f"{world.seed}:chunk:{days[0][0].isoformat()}")
    units, authors, bundles, field_ids = world.units, world.authors, world.bundles, world.field_ids
    unit_cum, author_cum = world.unit_cum, world.author_cum
    unit_total, author_total = unit_cum[-1], author_cum[-1]
    n_units = len(units)
    n_authors = len(authors)
    name_fold: dict[str, str] = {}
    drawn = []
    for day, count in days:
        ordinal = day.toordinal()
        midnight = (ordinal - EPOCH_ORDINAL) * 86400 - LOCAL_OFFSET
        for hour in rng.choices(range(24), cum_weights=HOUR_CUM, k=count):
            drawn.append((midnight + hour * 3600 + rng.randrange(3600), day, ordinal))
    drawn.sort()
    lines = []
    decision_lines: list[str] = []
    checked = 0
    next_id = first_id
    for moment, day, ordinal in drawn:
        status = STATUSES[bisect(STATUS_CUM, rng.random() * STATUS_CUM[-1])]
        if rng.random() < ON_BEHALF_SHARE:
            unit = units[min(bisect(unit_cum, rng.random() * unit_total), n_units - 1)]
            category = CATEGORIES[bisect(CATEGORY_CUM, rng.random() * CATEGORY_CUM[-1])]
            name = person_name(rng)
            title_, qualification, management, production = _profile_person(rng, unit[1], category)
            person = "\t".join(
                copy_text(v) for v in (None, unit[5], unit[0], name, unit[2], title_, qualification, "100.00",
                                       category, management, production)
            )
            f_name = name_fold.get(name)
            if f_name is None:
                f_name = name_fold[name] = fold(name)
        else:
            unit_index, category, person, f_name = authors[
                min(bisect(author_cum, rng.random() * author_total), n_authors - 1)
            ]
            unit = units[unit_index]
            name = None
        profile = unit[1]
        if category == SubmitterCategory.UNION_OFFICIAL and rng.random() < 0.4 and "other" in field_ids:
            field_code = "other"
        else:
            codes, cum = world.field_cum[profile]
            field_code = codes[bisect(cum, rng.random() * cum[-1])]
        (title, f_title, lead, f_lead, result, f_result, problem, solution, benefits, conditions) = bundles[
            field_code
        ][rng.randrange(BUNDLES_PER_FIELD)]
        workplace, f_workplace = unit[2], unit[3]
        if rng.random() < 0.1:
            title = f"{title} tại {workplace}"
            f_title = f"{f_title} tai {f_workplace}"
        if len(title) > 300:
            title = title[:300]
            f_title = fold(title)
        summary = f"{lead} tại {workplace}. {result}."
        search_text = f"{f_title} {f_lead} tai {f_workplace}. {f_result}. {f_name}"
        benefit = None
        if rng.random() < BENEFIT_SHARE:
            benefit = int(max(1_000_000, min(20_000_000_000, round(rng.lognormvariate(17.0, 1.3), -5))))
            benefits = f"{benefits} Giá trị làm lợi ước tính khoảng {_vnd(benefit)} đồng mỗi năm."
        first_applied = ordinal - rng.randint(20, 300)
        recognised = first_applied + rng.randint(7, 19)
        if status == S.DRAFT:
            created = moment
            updated = moment + rng.randint(300, 172_800)
            submitted_at = submitted_on = phase = "\\N"
        else:
            created = moment - rng.randint(600, 259_200)
            updated = moment if status == S.SUBMITTED else moment + rng.randint(14_400, 3_456_000)
            submitted_at = _utc(moment)
            submitted_on = day.isoformat()
            phase = world.phase_of.get(day, "\\N")
        # Its review history and the stage clock the state machine would have written with it.
        steps, since, waited, updated = review_history(next_id, status, moment, updated)
        decision_lines.extend(_decision_line(next_id, index, step) for index, step in enumerate(steps))
        stage = _utc(since) if since is not None else "\\N"
        exemplary = "t" if status == S.APPROVED and rng.random() < EXEMPLARY_SHARE else "f"
        # Approved at the last update, on its local day (as the review workflow records it).
        approved_on = (dt.date.fromordinal(EPOCH_ORDINAL + (updated + LOCAL_OFFSET) // 86400).isoformat()
                       if status == S.APPROVED else "\\N")
        # From the id, not a draw: the random stream (and so every other column) is as before.
        consent = "t" if exemplary == "t" and next_id % 100 < PUBLICATION_CONSENT_SHARE * 100 else "f"
        key = f"{rng.getrandbits(128):032x}"
        lines.append(
            f"{next_id}\t{key[:8]}-{key[8:12]}-4{key[13:16]}-a{key[17:20]}-{key[20:]}\t{status}\t{person}\t{title}\t"
            f"{field_ids[field_code]}\t{summary}\t{problem}\t{solution}\t{workplace}\t"
            f"{dt.date.fromordinal(first_applied).isoformat()}\t{conditions}\t"
            f"{rng.choice(world.participants[profile])}\t{benefits}\t{benefit if benefit else chr(92) + 'N'}\t"
            f"{unit[4]}\t{dt.date.fromordinal(recognised).isoformat()}\t{submitted_at}\t{submitted_on}\t{phase}\t"
            f"{exemplary}\t{search_text}\t{_utc(created)}\t{_utc(updated)}\t{stage}\t{unit[6]}\t{approved_on}\t{consent}"
            f"\t{waited} seconds{world.tail}\n"
        )
        if next_id % SAMPLE_CHECK_EVERY == 0:
            author = name if name is not None else person.split("\t")[3]
            expected = fold(" ".join([title, summary, author]))
            if expected != search_text:
                raise RuntimeError(f"search_text differs from fold(): {search_text!r} != {expected!r}")
            checked += 1
        next_id += 1
    return lines, checked, decision_lines


def _chunk_text(task: tuple[int, list[tuple[dt.date, int]]]) -> tuple[str, int, int, str]:
    """Run in a generating process: the COPY text of one chunk, its row count, its rows checked,
    and the COPY text of its decisions."""
    first_id, days = task
    lines, checked, decisions = chunk_lines(_world, first_id, days)
    return "".join(lines), len(lines), checked, "".join(decisions)


# --- review histories ------------------------------------------------------------------------------

# At most this many decisions per initiative: a decision's id is the initiative's times this
# plus its rank, so that ids grow with time within an initiative as the state machine's do.
DECISIONS_PER_INITIATIVE = 8
DECISION_COLUMNS = ["id", "initiative_id", "action", "from_status", "to_status", "actor_id", "actor_role",
                    "actor_unit_id", "reason", "comment", "created_at"]
_OFFICER_ACTIONS = {"verify", "approve", "return", "reject"}


def review_history(pk: int, status: str, moment: int, updated: int) -> tuple[list, int | None, int, int]:
    """The decisions (action, from, to, epoch seconds) that brought initiative ``pk``, submitted
    at ``moment`` and last changed at ``updated``, to ``status``, and the stage clock the state
    machine writes with them (``reviews.deadlines.stage_clock_from_history``): (steps,
    stage_since, stage_waited in seconds, last change). Drawn from the id, not the random stream
    (every other column stays as before): one in ten went back to its author at stage 1 and
    was resubmitted; a third of the returned and rejected ones were verified first."""
    if status == S.DRAFT:
        return [], None, 0, updated
    mix = (pk * 2654435761) % 4294967296
    cycle = mix % 10 == 0
    steps = [("submit", S.DRAFT, S.SUBMITTED, moment)]
    if status == S.SUBMITTED:
        if not cycle:
            return steps, moment, 0, updated
        returned = moment + 3600 * (24 + mix // 10 % 96)
        resubmitted = returned + 3600 * (12 + mix // 1000 % 120)
        steps += [("return", S.SUBMITTED, S.RETURNED, returned), ("resubmit", S.RETURNED, S.SUBMITTED, resubmitted)]
        return steps, resubmitted - (returned - moment), 0, resubmitted
    span = updated - moment
    since = moment
    if cycle and status in (S.VERIFIED, S.APPROVED):
        returned, resubmitted = moment + span // 8, moment + span // 4
        steps += [("return", S.SUBMITTED, S.RETURNED, returned), ("resubmit", S.RETURNED, S.SUBMITTED, resubmitted)]
        since = resubmitted - (returned - moment)
    verified_first = status in (S.RETURNED, S.REJECTED) and mix // 10 % 3 == 0
    if status == S.VERIFIED:
        steps.append(("verify", S.SUBMITTED, S.VERIFIED, updated))
        return steps, updated, 0, updated
    if status == S.APPROVED or verified_first:
        verified = moment + span // 2
        steps.append(("verify", S.SUBMITTED, S.VERIFIED, verified))
        since = verified
    source = S.VERIFIED if status == S.APPROVED or verified_first else S.SUBMITTED
    action = {S.APPROVED: "approve", S.RETURNED: "return", S.REJECTED: "reject", S.WITHDRAWN: "withdraw"}[status]
    steps.append((action, source, status, updated))
    # A return from stage 1 keeps the time waited there for the resubmission; any other end keeps nothing.
    waited = updated - since if status == S.RETURNED and source == S.SUBMITTED else 0
    return steps, None, waited, updated


def _decision_line(pk: int, index: int, step: tuple[str, str, str, int]) -> str:
    action, source, target, moment = step
    role = "officer" if action in _OFFICER_ACTIONS else "author"
    return (f"{pk * DECISIONS_PER_INITIATIVE + index}\t{pk}\t{action}\t{source}\t{target}\t\\N\t{role}\t\\N\t\t\t"
            f"{_utc(moment)}\n")


def _bounded_imap(pool, function, tasks, ahead: int):
    """``pool.imap`` in order, with at most ``ahead`` results drawn but not yet consumed:
    when COPY is slower than drawing (a busy database), ``imap`` would pile the chunks'
    text up in memory (an out-of-memory kill at 10M on a loaded machine)."""
    pending = deque(pool.apply_async(function, (task,)) for task in tasks[:ahead])
    for task in tasks[ahead:]:
        yield pending.popleft().get()
        pending.append(pool.apply_async(function, (task,)))
    while pending:
        yield pending.popleft().get()


def _log(message: str) -> None:
    print(f"  [generate] {message}", flush=True)


def generate_initiatives(*, dsn: str, n: int, seed: int, processes: int = 2) -> dict:
    """Write ``n`` initiatives and their authors; return timings and facts."""
    global _world
    timings: dict[str, float] = {}
    started = time.monotonic()
    with connection.cursor() as cur:
        cur.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{User._meta.db_table}"')  # noqa: S608
        first_user = cur.fetchone()[0] + 1
    authors = max(2000, int(n * AUTHORS_PER_INITIATIVE))
    world, account_lines, facts = build_world(dsn=dsn, seed=seed, authors=authors, first_user_id=first_user)
    timings["draw_world_s"] = time.monotonic() - started
    _log(f"drew {authors:,} authors, {len(facts['officer_of']):,} officers in {timings['draw_world_s']:.1f} s")

    t = time.monotonic()
    user_layout: CopyLayout = facts["user_layout"]
    conn = psycopg2.connect(dsn)
    with conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET maintenance_work_mem = '1GB'")
        for start in range(0, len(account_lines), 200_000):
            cur.copy_expert(user_layout.copy_sql(), io.StringIO("".join(account_lines[start : start + 200_000])))
        cur.execute(
            f"SELECT setval(pg_get_serial_sequence('{User._meta.db_table}', 'id'), %s)", [facts["next_user_id"] - 1]
        )
    conn.commit()
    del account_lines
    Appointment.objects.bulk_create(
        [Appointment(user_id=u, unit_id=unit_id, role=Role.OFFICER) for unit_id, u in facts["officer_of"].items()],
        batch_size=2000,
    )
    timings["copy_accounts_s"] = time.monotonic() - t
    _log(f"copied accounts in {timings['copy_accounts_s']:.1f} s")

    table = Initiative._meta.db_table
    layout = CopyLayout(Initiative, INITIATIVE_COLUMNS)
    world.tail = layout.tail
    world.copy_sql = layout.copy_sql() + " WITH (FREEZE)"
    phases = list(Phase.objects.order_by("starts_on"))
    with conn.cursor() as cur:
        cur.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{table}"')  # noqa: S608
        first_id = cur.fetchone()[0] + 1
    conn.commit()
    tasks = chunks_of(day_counts(n, phases), first_id)
    decision_table = Decision._meta.db_table
    decision_copy = CopyLayout(Decision, DECISION_COLUMNS).copy_sql()
    _world = world
    connections.close_all()  # no Django connection may cross the fork
    t = time.monotonic()
    written = checked = 0
    step = max(1, len(tasks) // 10)
    # One COPY stream in one transaction, fed by the generating processes: the table is
    # emptied in the same transaction, so COPY FREEZE writes the rows already frozen and
    # all-visible (no later VACUUM has to rewrite 20 GB of pages), and the secondary
    # indexes, dropped in it too, are rebuilt once at the end.
    with conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET synchronous_commit = off")
        cur.execute(f'TRUNCATE "{table}" CASCADE')
        recreate = drop_secondary_indexes(cur, table)
        recreate += drop_secondary_indexes(cur, decision_table)
        with mp.get_context("fork").Pool(processes) as pool:
            for index, (text, rows, sample, decisions) in enumerate(
                    _bounded_imap(pool, _chunk_text, tasks, processes * 2), start=1):
                cur.copy_expert(world.copy_sql, io.StringIO(text))
                cur.copy_expert(decision_copy, io.StringIO(decisions))
                written += rows
                checked += sample
                if index % step == 0:
                    elapsed = time.monotonic() - t
                    _log(f"{written:,} initiatives in {elapsed:.0f} s ({written / elapsed:,.0f} rows/s)")
    conn.commit()
    _world = None
    timings["copy_initiatives_s"] = time.monotonic() - t
    _log(f"copied {written:,} initiatives in {timings['copy_initiatives_s']:.1f} s; "
         f"search_text checked against fold() on {checked:,} rows")

    with conn.cursor() as cur:
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), %s)", [first_id + written - 1])
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{decision_table}', 'id'), "  # noqa: S608
                    f"(SELECT COALESCE(MAX(id), 1) FROM \"{decision_table}\"))")
    conn.commit()
    conn.autocommit = True
    with conn.cursor() as cur:
        t = time.monotonic()
        cur.execute(f'VACUUM (ANALYZE) "{table}"')  # sets nothing but statistics on frozen pages
        cur.execute(f'VACUUM (ANALYZE) "{User._meta.db_table}"')
        cur.execute(f'VACUUM (ANALYZE) "{decision_table}"')
        timings["vacuum_analyze_s"] = time.monotonic() - t
        _log(f"vacuumed and analysed in {timings['vacuum_analyze_s']:.1f} s")
        t = time.monotonic()
        cur.execute("SET maintenance_work_mem = '1GB'")
        cur.execute("SET max_parallel_maintenance_workers = 2")
        for statement in recreate:
            cur.execute(statement)
        cur.execute(f'ANALYZE "{table}"')
        timings["indexes_s"] = time.monotonic() - t
        _log(f"rebuilt {len(recreate)} indexes and constraints in {timings['indexes_s']:.1f} s")
        t = time.monotonic()
        cur.execute(
            f'SELECT count(*) FROM "{table}" i WHERE NOT EXISTS (SELECT 1 FROM "{Unit._meta.db_table}" u '  # noqa: S608
            f"WHERE u.id = i.unit_id) OR NOT EXISTS (SELECT 1 FROM \"{Field._meta.db_table}\" f WHERE f.id = i.field_id)"
        )
        orphans = cur.fetchone()[0]
        if orphans:
            raise RuntimeError(f"{orphans} initiatives point to no unit or field")
        timings["check_s"] = time.monotonic() - t
    conn.close()
    timings["total_s"] = time.monotonic() - started
    return {"timings": timings, "authors": authors, "officers": len(facts["officer_of"]), "written": written,
            "search_text_checked": checked}


def unit_tree_create(*, grassroots: int, seed: int) -> dict:
    """Import the benchmark tree through the application's bulk import; return its size and time."""
    from unions.services import units_import

    from .tree import bench_unit_rows

    t = time.monotonic()
    rows = bench_unit_rows(seed=seed, grassroots=grassroots)
    drawn = time.monotonic() - t
    t = time.monotonic()
    report = units_import(rows=rows)
    if not report.ok:
        raise RuntimeError(f"unit import refused the bench tree: {report.errors[:3]}")
    imported = time.monotonic() - t
    kinds = defaultdict(int)
    for row in rows:
        kinds[str(row["kind"])] += 1
    return {"rows": len(rows), "kinds": dict(kinds), "draw_s": drawn, "import_s": imported}


def campaign_create() -> None:
    """The 2022 programme, phases, targets of the federation, provinces and sectors, and the clusters."""
    from demo.programme import demo_clusters_create, demo_programme_create, demo_targets_create

    demo_programme_create()
    demo_targets_create()
    demo_clusters_create()


__all__ = ["UnitKind", "campaign_create", "generate_initiatives", "unit_tree_create"]


REPLICATION_RESULT = "Đã áp dụng tại đơn vị, giảm thời gian và chi phí vận hành."


def showcase_create() -> dict:
    """The showcase of the generated initiatives: up to five replications each (by grassroots
    unions drawn from the id), then the showcase's rows and counts rebuilt from the
    initiatives (the COPY ran with triggers off: ``manage.py rebuild_showcase``)."""
    from django.core.management import call_command

    with connection.cursor() as cur:
        cur.execute(
            "WITH g AS (SELECT array_agg(id ORDER BY id) AS ids FROM unions_unit WHERE kind = 'grassroots'), "
            "shown AS (SELECT id FROM submissions_initiative "
            "WHERE status = 'approved' AND is_exemplary AND publication_consent) "
            "INSERT INTO recognition_replication (initiative_id, unit_id, applied_on, result, recorded_by_id, "
            "recorded_at) "
            "SELECT s.id, g.ids[1 + ((s.id * 7919 + k * 104729) %% array_length(g.ids, 1))], "
            "date '2023-03-01' + ((s.id + k) %% 180)::int, %s, (SELECT min(id) FROM accounts_user), now() "
            "FROM shown s CROSS JOIN g CROSS JOIN LATERAL generate_series(1, (s.id %% 6)::int) k "
            "ON CONFLICT DO NOTHING",
            [REPLICATION_RESULT],
        )
        replications = cur.rowcount
    call_command("rebuild_showcase", stdout=io.StringIO())
    with connection.cursor() as cur:
        cur.execute("ANALYZE recognition_showcaseentry")
        cur.execute("ANALYZE recognition_replication")
        cur.execute("SELECT count(*) FROM recognition_showcaseentry")
        shown = cur.fetchone()[0]
    return {"showcased": shown, "replications": replications}
