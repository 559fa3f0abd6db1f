"""Figures of a period: what was received and approved between two local days, against the
previous period of the same length, by category, field and child unit.

Read from the daily aggregates only (``DailyCount`` and ``FieldDailyCount`` by day of first
submission, ``ApprovalDailyCount`` by day of approval): a handful of indexed range sums per
unit, whatever the number of initiatives. ``reports.selectors`` re-exports the public names.

- received in the period: initiatives first submitted on a local day in [since, as_of] and
  in a counted state now (as every "received" figure counts them);
- approved in the period: initiatives approved (stage 2) on a local day in [since, as_of]
  and still approved now.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaign.models import Programme
from initiatives_portal import page_reads
from initiatives_portal.formatting import ratio_percent, round_progress
from unions.models import Unit

from .models import ApprovalDailyCount, DailyCount, FieldDailyCount, SentReport
from .selectors import CATEGORY_MEASURES, ChildUnit, Share, current_set, rank_rows, reference_cached

# The periods a page offers: this week (from Monday), this month, since the last recorded
# report, or since a chosen day (``since``).
WEEK, MONTH, LAST_REPORT, CHOSEN = "week", "month", "report", "since"
CHOICE_LABELS = {
    WEEK: gettext_lazy("Tuần này"),
    MONTH: gettext_lazy("Tháng này"),
    LAST_REPORT: gettext_lazy("Từ báo cáo trước"),
    CHOSEN: gettext_lazy("Từ ngày"),
}


class PeriodError(Exception):
    """A period the figures cannot cover; ``message`` is the translated sentence to show."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class PeriodChange:
    """A figure of the period against the previous period's."""

    current: int
    previous: int

    @property
    def difference(self) -> int:
        return self.current - self.previous

    @property
    def magnitude(self) -> int:
        """How much it moved, whichever way (a page writes the sign apart)."""
        return abs(self.difference)

    @property
    def percent_magnitude(self) -> Decimal | None:
        return abs(self.percent) if self.percent is not None else None

    @property
    def percent(self) -> Decimal | None:
        """The change in percent of the previous figure, rounded as progress (+25,0%, −50,0%,
        +150%); None when the previous period had none (no percentage of nothing)."""
        exact = ratio_percent(abs(self.difference), self.previous)
        if exact is None:
            return None
        rounded = round_progress(exact)
        return -rounded if self.difference < 0 else rounded


@dataclass
class PeriodChild:
    """A child unit's figures in the period (and the previous period's received)."""

    unit: ChildUnit
    received: int
    approved: int
    previous_received: int
    rank: int = 0


@dataclass
class PeriodFigures:
    """What ``period_figures`` returns for a unit: days are local and inclusive."""

    unit_id: int
    since: dt.date
    as_of: dt.date
    previous_since: dt.date
    previous_as_of: dt.date
    received: int
    approved: int
    previous_received: int
    previous_approved: int
    # Counts received in the period; each share is of ``received``.
    categories: list[Share] = field(default_factory=list)
    fields: list[Share] = field(default_factory=list)
    # Ranked by received in the period, then by name (the children table's ranking).
    children: list[PeriodChild] = field(default_factory=list)

    @property
    def days(self) -> int:
        return (self.as_of - self.since).days + 1

    @property
    def received_change(self) -> PeriodChange:
        return PeriodChange(self.received, self.previous_received)

    @property
    def approved_change(self) -> PeriodChange:
        return PeriodChange(self.approved, self.previous_approved)

    def child_received(self) -> dict[int, int]:
        """Received in the period by child unit id."""
        return {child.unit.pk: child.received for child in self.children}


def period_since(choice: str, as_of: dt.date, last_report: SentReport | None = None) -> dt.date | None:
    """The first day of period ``choice`` (``WEEK``, ``MONTH``, ``LAST_REPORT``) ending on
    ``as_of``; None for another choice or "since the last report" with no report before ``as_of``."""
    if choice == WEEK:
        return as_of - dt.timedelta(days=as_of.weekday())
    if choice == MONTH:
        return as_of.replace(day=1)
    if choice == LAST_REPORT and last_report is not None and last_report.as_of < as_of:
        return last_report.as_of + dt.timedelta(days=1)
    return None


def latest_sent_report(unit: Unit, before: dt.date | None = None) -> SentReport | None:
    """The latest report recorded as sent for ``unit`` (whose figures end before ``before``)."""
    for report in unit_sent_reports(unit):
        if before is None or report.as_of < before:
            return report
    return None


# A unit's reports recorded as sent live in the cache until one of them is written
# (``sent_reports_changed``); this bound only frees memory.
SENT_REPORTS_CACHE_SECONDS = 24 * 3600
_SENT_REPORT_FIELDS = ("pk", "unit_id", "as_of", "number", "recorded_by_id", "recorded_at")


def _sent_reports_key(unit_id: int) -> str:
    return f"reports:sent-reports:{unit_id}"


def unit_sent_reports(unit: Unit) -> list[SentReport]:
    """Every report recorded as sent for ``unit``, latest first (``-as_of``, ``-id``), from the
    cache: every page of the unit asks for the last one (its period "since the last report"),
    and a unit records a few dozen at most. Their ``recorded_by`` is read when asked for."""
    key = _sent_reports_key(unit.pk)
    rows = page_reads.get(key)
    if rows is None:
        rows = list(SentReport.objects.filter(unit=unit).order_by("-as_of", "-id").values_list(*_SENT_REPORT_FIELDS))
        page_reads.set(key, rows, SENT_REPORTS_CACHE_SECONDS)
    return [SentReport(**dict(zip(_SENT_REPORT_FIELDS, row, strict=True))) for row in rows]


def sent_reports_page_keys(request, unit) -> list[str]:
    """What a page of ``unit`` reads of its sent reports (``initiatives_portal.page_reads``)."""
    return [_sent_reports_key(unit.pk)] if unit is not None else []


def sent_reports_changed(unit_id: int) -> None:
    """Forget ``unit_id``'s cached reports: at once, and again once the write is committed (a
    page read meanwhile, before the commit, must not keep the list as it was)."""
    page_reads.forget(_sent_reports_key(unit_id))


def check_period(programme: Programme, since: dt.date, as_of: dt.date) -> None:
    """Raise ``PeriodError`` when [since, as_of] is no period of the programme's figures."""
    if since > as_of:
        raise PeriodError(_("Ngày bắt đầu kỳ (%(since)s) ở sau ngày tính đến (%(as_of)s).") % {
            "since": date_format(since, "SHORT_DATE_FORMAT"), "as_of": date_format(as_of, "SHORT_DATE_FORMAT")})
    if since < programme.starts_on:
        raise PeriodError(_("Kỳ phải bắt đầu từ ngày %(start)s, ngày bắt đầu chương trình, trở đi.") % {
            "start": date_format(programme.starts_on, "SHORT_DATE_FORMAT")})


def _previous(since: dt.date, as_of: dt.date) -> tuple[dt.date, dt.date]:
    """The period of the same length just before [since, as_of] (cut at the first day there is)."""
    length = dt.timedelta(days=(as_of - since).days + 1)
    until = since - dt.timedelta(days=1) if since > dt.date.min else dt.date.min
    start = since - length if since - dt.date.min >= length else dt.date.min
    return start, until


def period_figures(unit: Unit, since: dt.date, as_of: dt.date, programme: Programme | None = None) -> PeriodFigures | None:
    """The figures of ``unit``'s subtree in [since, as_of] and in the previous period of the same
    length; None before the first recompute.

    Raises ``PeriodError`` when ``since`` is after ``as_of`` or before the programme starts
    (``programme``: the current one by default). Built once per aggregate set, unit, period
    and language, then served from the cache.
    """
    from campaign.selectors import current_programme

    programme = programme or current_programme()
    agg = current_set()
    if agg is None or programme is None:
        return None
    check_period(programme, since, as_of)
    key = f"period:{agg.pk}:{unit.pk}:{since.isoformat()}:{as_of.isoformat()}"
    return reference_cached(key, lambda _key: _period_figures(unit, since, as_of))


def _ranges(since: dt.date, as_of: dt.date) -> tuple[Q, Q]:
    previous_since, previous_as_of = _previous(since, as_of)
    return Q(day__gte=since, day__lte=as_of), Q(day__gte=previous_since, day__lte=previous_as_of)


def _period_figures(unit: Unit, since: dt.date, as_of: dt.date) -> PeriodFigures:
    from accounts.enums import SubmitterCategory
    from submissions.models import Field

    previous_since, previous_as_of = _previous(since, as_of)
    now, before = _ranges(since, as_of)
    both = Q(day__gte=previous_since, day__lte=as_of)
    # Aliases apart from the columns' names: an aggregate may not share a column's name it sums.
    sums = DailyCount.objects.filter(both, unit_id=unit.pk).aggregate(
        now_received=Sum("received", filter=now), before_received=Sum("received", filter=before),
        **{f"now_{name}": Sum(name, filter=now) for name in CATEGORY_MEASURES},
    )
    daily = {name.removeprefix("now_"): value or 0 for name, value in sums.items()}
    approvals = ApprovalDailyCount.objects.filter(both, unit_id=unit.pk).aggregate(
        now=Sum("approved", filter=now), before=Sum("approved", filter=before),
    )
    received = daily["received"]
    field_counts = dict(
        FieldDailyCount.objects.filter(now, unit_id=unit.pk).values("field_id").annotate(n=Sum("received"))
        .order_by().values_list("field_id", "n")
    )
    fields = [Share(f.code, str(f), field_counts.get(f.pk, 0), ratio_percent(field_counts.get(f.pk, 0), received))
              for f in Field.objects.all()]
    return PeriodFigures(
        unit_id=unit.pk,
        since=since,
        as_of=as_of,
        previous_since=previous_since,
        previous_as_of=previous_as_of,
        received=received,
        approved=approvals["now"] or 0,
        previous_received=daily["before_received"],
        previous_approved=approvals["before"] or 0,
        categories=[Share(c.value, str(c.label), daily[c.value], ratio_percent(daily[c.value], received))
                    for c in SubmitterCategory],
        fields=[f for f in fields if f.count] or fields,
        children=_children(unit, since, as_of),
    )


def _children(unit: Unit, since: dt.date, as_of: dt.date) -> list[PeriodChild]:
    """The child units' figures in the period: one grouped range read per table."""
    from unions.selectors import child_units

    children = [ChildUnit(*row) for row in child_units(unit).values_list("pk", "code", "name", "sort_name")]
    if not children:
        return []
    ids = [c.pk for c in children]
    previous_since, _until = _previous(since, as_of)
    now, before = _ranges(since, as_of)
    received = {
        row["unit_id"]: row for row in DailyCount.objects.filter(unit_id__in=ids, day__gte=previous_since, day__lte=as_of)
        .values("unit_id").annotate(now=Sum("received", filter=now), before=Sum("received", filter=before)).order_by()
    }
    approved = dict(
        ApprovalDailyCount.objects.filter(now, unit_id__in=ids).values("unit_id").annotate(n=Sum("approved"))
        .order_by().values_list("unit_id", "n")
    )
    rows = [
        PeriodChild(
            unit=child,
            received=(received.get(child.pk) or {}).get("now") or 0,
            approved=approved.get(child.pk) or 0,
            previous_received=(received.get(child.pk) or {}).get("before") or 0,
        )
        for child in children
    ]
    return rank_rows(rows, lambda r: r.received)
