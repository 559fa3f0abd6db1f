"""Reads of the public showcase: its list (search, filters, sorts), one initiative's page,
the sitemap's addresses. Every read starts from ``ShowcaseEntry``, which holds exactly the
approved, exemplary initiatives whose authors agreed to publication: consent is respected
by every page, search, the sitemap and the API because none of them reads anything else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.http import urlencode

from campaign.models import Phase
from campaign.selectors import current_programme
from initiatives_portal.text import fold
from reports.selectors import reference_cached
from reviews.selectors.filters import WordsMatch
from submissions.models import Attachment, CoAuthor, Field, Initiative
from unions import selectors as unit_selectors
from unions.models import Unit

from .showcase_models import Replication, ShowcaseEntry, ShowcaseVersion

PAGE_SIZE = 20
# Pages are numbered and bounded (50 pages of 20): beyond them a search or a filter narrows
# the list. An offset of at most 980 rows walks an index in a millisecond.
MAX_PAGES = 50
COUNT_CAP = PAGE_SIZE * MAX_PAGES
SORT_NEWEST = "newest"
SORT_REPLICATED = "replicated"
SORTS = (SORT_NEWEST, SORT_REPLICATED)
_WORD = re.compile(r"[a-z0-9]+")
MAX_WORDS = 8
SUMMARY_CHARS = 220
REPLICATIONS_SHOWN = 20
# A count is exact under its members' version: kept as long as the pages are.
COUNT_CACHE_SECONDS = 300


@dataclass(frozen=True)
class ShowcaseQuery:
    """What the list is asked for, read leniently from the address: anything unknown is ignored."""

    text: str = ""
    field_code: str = ""
    province_code: str = ""
    phase_code: str = ""
    sort: str = SORT_NEWEST
    page: int = 1

    @classmethod
    def from_params(cls, params) -> ShowcaseQuery:
        try:
            page = int(params.get("page") or 1)
        except ValueError:
            page = 1
        sort = params.get("sort") or SORT_NEWEST
        return cls(
            text=(params.get("q") or "").strip()[:200],
            field_code=(params.get("field") or "").strip()[:40],
            province_code=(params.get("province") or "").strip()[:40],
            phase_code=(params.get("phase") or "").strip()[:40],
            sort=sort if sort in SORTS else SORT_NEWEST,
            page=min(max(page, 1), MAX_PAGES),
        )

    def params(self, **changes) -> dict[str, str]:
        """The address's parameters of this query (with ``changes``), defaults left out."""
        values = {"q": self.text, "field": self.field_code, "province": self.province_code,
                  "phase": self.phase_code, "sort": "" if self.sort == SORT_NEWEST else self.sort,
                  "page": "" if self.page == 1 else str(self.page)}
        values.update({k: str(v) for k, v in changes.items()})
        return {k: v for k, v in values.items() if v and not (k == "page" and v == "1")}


@dataclass
class ShowcaseItem:
    id: int
    title: str
    summary: str
    field_name: str
    unit_name: str
    branch_name: str
    submitted_on: dt.date | None
    replications: int


@dataclass
class ShowcasePage:
    query: ShowcaseQuery
    items: list[ShowcaseItem]
    total: int  # capped at COUNT_CAP + 1: "more than 1.000"
    has_next: bool
    has_previous: bool
    words: list[str] = field(default_factory=list)

    @property
    def total_capped(self) -> bool:
        return self.total > COUNT_CAP


def search_words(text: str) -> list[str]:
    """The words searched for: folded (no accents, đ as d, lower case), at most eight."""
    return _WORD.findall(fold(text))[:MAX_WORDS]


@dataclass(frozen=True)
class ShowcaseFilters:
    fields: list[Field]
    provinces: list[Unit]
    phases: list[Phase]


def showcase_filters() -> ShowcaseFilters:
    """The choices of the list's filters: active fields, provinces and sectors, the programme's
    phases. Read once and cached until the reference data change (as the dashboards' are)."""
    return reference_cached("showcase-filters", lambda _key: _showcase_filters())


def _showcase_filters() -> ShowcaseFilters:
    programme = current_programme()
    phases = list(Phase.objects.filter(programme=programme).order_by("starts_on")) if programme else []
    return ShowcaseFilters(
        fields=list(Field.objects.filter(is_active=True)),
        # Every province and sector union (the list's filter, the names of the entries' branches).
        provinces=list(unit_selectors.top_level_units().only("id", "code", "name", "kind", "path")),
        phases=phases,
    )


def showcase_entries(query: ShowcaseQuery, filters: ShowcaseFilters) -> QuerySet[ShowcaseEntry] | None:
    """The entries matching ``query`` in its order; None when a filter names nothing that
    exists (an unknown field, province or phase finds no initiative)."""
    entries = ShowcaseEntry.objects.all()
    words = search_words(query.text)
    if words:
        entries = entries.filter(WordsMatch(words))
    if query.field_code:
        field_id = next((f.pk for f in filters.fields if f.code == query.field_code), None)
        if field_id is None:
            return None
        entries = entries.filter(field_id=field_id)
    if query.province_code:
        province = next((u for u in filters.provinces if u.code == query.province_code), None)
        if province is None:
            return None
        entries = entries.filter(branch=province.path)
    if query.phase_code:
        phase_id = next((p.pk for p in filters.phases if p.code == query.phase_code), None)
        if phase_id is None:
            return None
        entries = entries.filter(phase_id=phase_id)
    if query.sort == SORT_REPLICATED:
        return entries.order_by("-replications", "-submitted_at", "-initiative_id")
    return entries.order_by("-submitted_at", "-initiative_id")


def showcase_page(query: ShowcaseQuery, filters: ShowcaseFilters, *, members: int | None = None) -> ShowcasePage:
    """One page of the showcase: the entries in order (one query), their initiatives (one
    query) and the count, capped (one query); the provinces' names come with ``filters``.
    With ``members`` (the showcase's members' version) the count is kept in the cache under
    it: a change that moves no entry in or out of the list (a replication, a co-author, a
    file) does not count again. A page that is not full needs no count at all."""
    entries = showcase_entries(query, filters)
    if entries is None:
        return ShowcasePage(query=query, items=[], total=0, has_next=False, has_previous=query.page > 1)
    start = (query.page - 1) * PAGE_SIZE
    rows = list(entries.values_list("initiative_id", "branch", "replications")[start : start + PAGE_SIZE + 1])
    has_next = len(rows) > PAGE_SIZE and query.page < MAX_PAGES
    if len(rows) <= PAGE_SIZE and (rows or query.page == 1):
        total = start + len(rows)  # the last page: every match is before it or on it
    elif not rows:
        total = 0
    elif members is None:
        total = _capped_count(entries)
    else:
        matching = {"words": " ".join(search_words(query.text)), "field": query.field_code,
                    "province": query.province_code, "phase": query.phase_code}
        key = f"showcase-count:{members}:{urlencode(sorted(matching.items()))}"
        total = reference_cached(key, lambda _key: _capped_count(entries), timeout=COUNT_CACHE_SECONDS)
    rows = rows[:PAGE_SIZE]
    initiatives = {
        i.pk: i
        for i in Initiative.objects.filter(pk__in=[r[0] for r in rows]).select_related("unit", "field").only(
            "id", "title", "summary", "submitted_on", "unit__name", "field__name", "field__name_en"
        )
    }
    branches = {u.path: u.name for u in filters.provinces}
    items = []
    for initiative_id, branch, replications in rows:
        initiative = initiatives.get(initiative_id)
        if initiative is None:  # left the showcase between the two reads
            continue
        summary = initiative.summary
        if len(summary) > SUMMARY_CHARS:
            summary = summary[:SUMMARY_CHARS].rsplit(" ", 1)[0] + "…"
        items.append(ShowcaseItem(
            id=initiative.pk, title=initiative.title, summary=summary,
            field_name=str(initiative.field) if initiative.field else "", unit_name=initiative.unit.name,
            branch_name=branches.get(branch, ""), submitted_on=initiative.submitted_on, replications=replications,
        ))
    return ShowcasePage(query=query, items=items, total=total, has_next=has_next, has_previous=query.page > 1,
                        words=search_words(query.text))


def _capped_count(entries: QuerySet[ShowcaseEntry]) -> int:
    return entries.values("pk")[: COUNT_CAP + 1].count()


@dataclass
class ShowcaseDetail:
    initiative: Initiative
    authors: list[str]
    branch_name: str
    attachments: list[Attachment]
    replications: int
    recent_replications: list[Replication]


def showcase_detail(pk: int) -> ShowcaseDetail | None:
    """One showcased initiative's public page, None unless it is on the showcase now: title,
    summary, benefits, unit, the authors' names (nothing else of them) and the files its
    author made public. Four queries: the initiative joined to its showcase entry (none when
    it is not shown), its co-authors, its public files, its latest replications; the
    province's name comes from the cached filters."""
    initiative = (
        Initiative.objects.filter(pk=pk, showcase_entry__isnull=False)
        .select_related("unit", "field", "phase", "showcase_entry")
        .only("id", "title", "summary", "benefits", "benefit_vnd", "applied_where", "submitted_on", "author_name",
              "unit__name", "field__name", "field__name_en", "phase__name", "showcase_entry__branch",
              "showcase_entry__replications")
        .first()
    )
    if initiative is None:
        return None
    entry = initiative.showcase_entry
    co_authors = list(CoAuthor.objects.filter(initiative_id=pk).order_by("id").values_list("full_name", flat=True))
    return ShowcaseDetail(
        initiative=initiative,
        authors=[initiative.author_name, *co_authors],
        branch_name=next((u.name for u in showcase_filters().provinces if u.path == entry.branch), ""),
        attachments=list(Attachment.objects.filter(initiative_id=pk, is_public=True).order_by("id")),
        replications=entry.replications,
        recent_replications=list(
            Replication.objects.filter(initiative_id=pk).select_related("unit").only(
                "id", "applied_on", "result", "unit__name").order_by("-applied_on", "-id")[:REPLICATIONS_SHOWN]
        ),
    )


def public_attachment(initiative_id: int, attachment_id: int) -> Attachment | None:
    """A file its author made public, of an initiative on the showcase now; None otherwise."""
    if not ShowcaseEntry.objects.filter(pk=initiative_id).exists():
        return None
    return Attachment.objects.filter(pk=attachment_id, initiative_id=initiative_id, is_public=True).first()


def sitemap_ids(*, offset: int, limit: int) -> list[int]:
    """The showcased initiatives' ids in id order, ``limit`` from ``offset`` (one sitemap file)."""
    return list(ShowcaseEntry.objects.order_by("initiative_id").values_list("initiative_id", flat=True)[
        offset : offset + limit])


def showcase_size() -> int:
    """How many initiatives the showcase holds (the sitemap's index; one count of a small table)."""
    return ShowcaseEntry.objects.count()


@dataclass(frozen=True)
class ShowcaseVersions:
    """The showcase's versions, both raised by the database at the commit of a change:
    ``pages`` with every change of an entry, ``members`` only when entries come or go or
    what the list filters and searches on changes (what its counts depend on)."""

    pages: int = 0
    members: int = 0


def showcase_versions() -> ShowcaseVersions:
    """Both versions (one row by its key): anything cached under them is as fresh as a read."""
    row = ShowcaseVersion.objects.filter(pk=1).values_list("version", "members").first()
    return ShowcaseVersions(*row) if row else ShowcaseVersions()


def showcase_version() -> int:
    """The showcase's current version: raised at the commit of every change to the showcase."""
    return showcase_versions().pages


def showcase_entry_stamp(pk: int) -> int | None:
    """The stamp of the initiative's page (one row by its key), None unless it is on the
    showcase now: the database raises it with every change of what that page shows, and
    deletes the row with a withdrawn consent or mark, so a page cached under it is as fresh
    as a read."""
    return ShowcaseEntry.objects.filter(pk=pk).values_list("stamp", flat=True).first()
