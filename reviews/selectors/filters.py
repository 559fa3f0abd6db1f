"""The queue's filters: what an officer may review (their scope), the filter values, and
the text search on the folded words."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass

from django.db.models import BooleanField, F, Func, Q, QuerySet, Value

from initiatives_portal.dates import local_days_q
from initiatives_portal.text import fold
from submissions.enums import REVIEWABLE_STATES, InitiativeStatus
from submissions.models import Initiative
from unions import selectors as unit_selectors
from unions.enums import REVIEW_ROLES
from unions.models import Unit

AWAITING = "awaiting"
# The tabs of initiatives waiting for a review: the ones with days waiting and deadlines.
WAITING_TABS = (AWAITING, InitiativeStatus.SUBMITTED, InitiativeStatus.VERIFIED)


@dataclass
class QueueFilters:
    state: str = AWAITING
    field: int | None = None
    category: str = ""
    unit: Unit | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    text: str = ""
    oldest_first: bool = False
    # An initiative's number searched for (``reference_number``): found by its primary key.
    number: int | None = None
    exemplary: bool = False
    # Oldest waiting first: the stage clock's order (``reviews.deadlines``), for the tabs of
    # initiatives waiting for a review only (the form falls back to ``oldest_first`` elsewhere).
    longest_waiting: bool = False
    # "overdue" or "due_soon" (``reviews.deadlines.DEADLINE_FILTERS``), on local day ``today``:
    # only initiatives waiting for a review, against their own stage's deadline.
    deadline: str = ""
    today: dt.date | None = None
    # The deadline settings read for this request, by scope (read once however many branches ask).
    read_rules: dict = dataclasses.field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> str:
        """The column the queue is ordered and paginated by (with the id)."""
        return "stage_since" if self.longest_waiting else "first_submitted_at"


def _review_units(user) -> list[Unit]:
    return [a.unit for a in unit_selectors.active_appointments(user, REVIEW_ROLES)]


def default_state(user) -> str:
    """The tab the queue opens on: what awaits the user when they review (an officer or a
    manager, or a superuser), otherwise, for staff who follow a subtree without reviewing,
    its initiatives waiting for the first stage ("awaiting me" would always be empty)."""
    if user.is_superuser or _review_units(user):
        return AWAITING
    return InitiativeStatus.SUBMITTED


def review_scope(user) -> QuerySet[Initiative]:
    """Every non-draft initiative in the subtrees of the user's appointments (officer or staff)."""
    qs = Initiative.objects.filter(status__in=REVIEWABLE_STATES)
    if user.is_superuser:
        return qs
    units = unit_selectors.scope_units(user)
    return qs.filter(unit_selectors.subtrees_q(units, prefix="unit__"))


def text_q(text: str) -> Q:
    """Initiatives whose folded title, summary or author contain every word of ``text``.

    Accents and case do not matter: "sang kien" finds "Sáng kiến", "nang" finds "năng" and
    "nâng", "duong" finds "Đường"; a word matches whole words ("rang" does not find
    "trang"). The full-text index of the states searched answers it (``SEARCH_INDEX_STATES``:
    a query must name states of one index), and the planner knows from its statistics
    whether walking the queue order (a common word) or reading the matches (a rare one) is
    faster.
    """
    words = _search_words(text)
    if not words:
        return Q()
    return Q(WordsMatch(words))


def is_search(filters: QueueFilters) -> bool:
    """True when ``filters`` search for words (text without any word filters nothing)."""
    return bool(_search_words(filters.text))


# "1000123", "1.000.123", "1 000 123", "#1000123", "số 1000123", "Sáng kiến số 1.000.123", "SK1000123"
# (folded first, so accents and case do not matter).
_REFERENCE = re.compile(r"(?:(?:sang kien )?so|sk|no\.?)?\s*#?\s*(\d{1,3}(?:[., ]\d{3})+|\d+)")
_LARGEST_ID = 2**63 - 1


def reference_number(text: str) -> int | None:
    """The initiative number ``text`` names, as the portal shows it ("Sáng kiến số 1000123")
    or as people write it (grouped, after "#" or "số"); None when ``text`` is not a number."""
    match = _REFERENCE.fullmatch(fold(text).strip())
    if match is None:
        return None
    number = int(re.sub(r"\D", "", match.group(1)))
    return number if 0 < number <= _LARGEST_ID else None


def _search_words(text: str) -> list[str]:
    return _WORD.findall(fold(text))[:8]


_WORD = re.compile(r"[a-z0-9]+")


# The states of each full-text index (submissions, migration 0012): a condition that names a
# state (every queue branch does) lets the planner use that state's index.
SEARCH_INDEX_STATES = (
    (InitiativeStatus.SUBMITTED, InitiativeStatus.VERIFIED),
    (InitiativeStatus.APPROVED, InitiativeStatus.RETURNED, InitiativeStatus.REJECTED, InitiativeStatus.WITHDRAWN),
)


class WordsMatch(Func):
    """``search_vector @@ to_tsquery('simple', 'w1 & w2')``, served by the full-text index of
    the states searched (``SEARCH_INDEX_STATES``); ``search_vector`` is
    ``to_tsvector('simple', search_text)``, generated by the database. Words are
    ``[a-z0-9]+``, so the query needs no quoting."""

    output_field = BooleanField()
    conditional = True

    def __init__(self, words: list[str]):
        super().__init__(F("search_text"), Value(" & ".join(words)))

    def as_sql(self, compiler, connection, **extra_context):
        # The generated column sits beside search_text (migration 0006); the ORM does not know it.
        column, column_params = compiler.compile(self.source_expressions[0])
        vector = column.removesuffix(connection.ops.quote_name("search_text")) + connection.ops.quote_name("search_vector")
        query, query_params = compiler.compile(self.source_expressions[1])
        return f"{vector} @@ to_tsquery('simple'::regconfig, {query})", (*column_params, *query_params)


def _other_filters_q(filters: QueueFilters) -> Q:
    """The filters besides state and scope. A date range becomes a range of submission
    times (``submitted_on`` is the local date of ``first_submitted_at``), which the queue
    indexes are ordered by."""
    q = text_q(filters.text)
    if filters.number is not None:
        # One row from the primary key's index; the branches then only check it is theirs.
        q &= Q(pk=filters.number)
    if filters.exemplary:
        # Read from the exemplary initiatives' own small index (reviews, migration 0006).
        q &= Q(is_exemplary=True)
    if filters.field:
        q &= Q(field_id=filters.field)
    if filters.category:
        q &= Q(category=filters.category)
    return q & local_days_q("first_submitted_at", filters.date_from, filters.date_to)
