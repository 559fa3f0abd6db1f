"""Dashboards, the printable report, the JSON API and the public counter. All read aggregates only."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaign.enums import PhaseCode
from campaign.selectors import current_programme
from initiatives_portal import office, page_reads
from initiatives_portal.text import sort_key
from unions import selectors as unit_selectors
from unions.models import Unit

from . import backlog, dates, periods, selectors, sentences
from .charts import chart_data
from .forms import SentReportForm
from .sent_reports import SentReportError, sent_report_record


def _unit_for(request, code: str) -> Unit:
    unit = selectors.followed_unit(request.user, code)
    if unit is None:
        raise Http404
    return unit


@login_required
def home(request):
    """The dashboard of the highest unit the user follows."""
    units = sorted(unit_selectors.scope_units(request.user), key=lambda u: u.depth)
    if request.user.is_superuser and not units:
        units = [root] if (root := unit_selectors.national_unit()) is not None else []
    if not units:
        raise PermissionDenied
    # The day and the period asked for (``/reports/?as_of=…``) carry over; the dashboard reads them.
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    return redirect(reverse("reports:dashboard", args=[units[0].code]) + query)


@contextmanager
def _dashboard_context(request, code: str) -> Iterator[dict]:
    """The context every page of a unit's figures starts from, for the block's duration: the
    cache entries it and its frame read are read first, in one round trip
    (``initiatives_portal.page_reads``), and answered from that read until the block ends,
    so the page is rendered inside it."""
    unit, trail = selectors.followed_unit_and_trail(request.user, code)
    if unit is None:
        raise Http404
    try:
        as_of, unread = dates.typed_day(request.GET, "as_of"), ""
    except dates.DateParamError as error:
        # A person edited the address or typed a date: the page still serves them, and says
        # which day it shows instead of the one they asked for.
        as_of, unread = None, error.value
    state = selectors.figures_state()
    keys = page_reads.page_keys(request, unit) + selectors.page_reads_keys(unit, state[0], as_of or selectors.local_today())
    with page_reads.prefetched(keys):
        dashboard = selectors.unit_dashboard(unit, as_of, state=state)
        if unread:
            shown_day = dashboard.as_of if dashboard is not None else selectors.local_today()
            messages.warning(request, _("Không hiểu ngày “%(value)s”; đang hiển thị số liệu đến hôm nay, %(day)s.") % {
                "value": dates.shown(unread), "day": date_format(shown_day, "SHORT_DATE_FORMAT"),
            })
        no_programme = dashboard is None and selectors.missing_figures_reason(state) == selectors.NO_PROGRAMME
        # The query of links that keep the day (a period, when shown, adds itself: ``_period_context``).
        keep = urlencode({"as_of": as_of.isoformat()}) if as_of else ""
        yield {"unit": unit, "dashboard": dashboard, "trail": trail, "as_of": as_of, "no_programme": no_programme,
               "keep": keep, "unit_keep": keep, "pdf_available": pdf_available()}


def pdf_available() -> bool:
    """Whether the official report can be made as PDF here (LibreOffice found): the pages
    show its link only then."""
    return office.libreoffice_binary() is not None


def _no_programme(request, context: dict):
    """The page of a unit before any programme exists: it says so and what staff must do
    (waiting would bring nothing), with links to where they may do it."""
    user = request.user
    context["programme_admin"] = user.is_staff and user.has_perm("campaign.add_programme")
    context["tree_import"] = user.has_perm("unions.manage_tree")
    return render(request, "reports/no_programme.html", context)


def _period_context(request, unit: Unit, d: selectors.Dashboard, as_of) -> dict:
    """The period a page shows and the choices it offers (plain links and a GET form).

    ``period`` is ``week``, ``month`` or ``report`` (since the last report recorded as sent
    before the page's day); else ``since`` is a day as a person types it. A period the figures
    cannot cover is said on the page (``period_error``), which then shows no period. ``keep``
    is the query that keeps the day and the period in the page's own links; ``unit_keep`` the
    one for other units' pages and the downloads (the same days, as ``since``).
    """
    last_report = periods.latest_sent_report(unit, before=d.as_of)
    choice = request.GET.get("period", "")
    raw_since = request.GET.get("since", "")
    since, error = None, ""
    if choice in (periods.WEEK, periods.MONTH, periods.LAST_REPORT):
        since = periods.period_since(choice, d.as_of, last_report)
        if since is None:
            error = _("Chưa có báo cáo nào được ghi nhận là đã gửi trước ngày %(day)s.") % {
                "day": date_format(d.as_of, "SHORT_DATE_FORMAT")}
    elif raw_since.strip():
        choice = periods.CHOSEN
        try:
            since = dates.typed_day(request.GET, "since")
        except dates.DateParamError as bad:
            error = bad.message
    figures = None
    if since is not None:
        programme = current_programme()
        try:
            periods.check_period(programme, since, d.as_of)
        except periods.PeriodError as bad:
            error = bad.message
        else:
            # Read only when rendered: a page whose figures are in the cache never reads them.
            figures = SimpleLazyObject(lambda: selectors.period_figures(unit, since, d.as_of, programme))
    base = {"as_of": as_of.isoformat()} if as_of else {}
    chosen = {}
    if figures is not None:
        chosen = {"since": since.isoformat()} if choice == periods.CHOSEN else {"period": choice}
    options = [
        {"key": key, "label": periods.CHOICE_LABELS[key], "url": "?" + urlencode({**base, "period": key}),
         "active": figures is not None and choice == key}
        for key in (periods.WEEK, periods.MONTH, periods.LAST_REPORT)
        if key != periods.LAST_REPORT or last_report is not None
    ]
    return {
        "period": figures,
        "period_error": error,
        "period_choice": choice if figures is not None else "",
        "period_options": options,
        "period_typed": raw_since if choice == periods.CHOSEN else "",
        "period_clear_url": "?" + urlencode(base),
        "last_report": last_report,
        "keep": urlencode({**base, **chosen}),
        "unit_keep": urlencode({**base, **({"since": since.isoformat()} if figures is not None else {})}),
        "period_params": chosen,
        # The first day of the period shown (None without one), known without reading its figures.
        "period_since": since if figures is not None else None,
        "period_kpis": SimpleLazyObject(lambda: [
            (_("Gửi trong kỳ"), figures.received, figures.received_change),
            (_("Được công nhận trong kỳ"), figures.approved, figures.approved_change),
        ]) if figures is not None else [],
    }


def _backlog_since(figures):
    """The first day of the decisions the backlog's medians count: the period's, or none (every
    decision up to the page's day) without a period."""
    return figures.since if figures is not None else None


def _with_backlog(rows: list[selectors.ChildRow], unit: Unit, d: selectors.Dashboard, figures):
    """The children rows, each with its review backlog on the page's day (one read for all)."""
    if not rows:
        return rows
    by_unit = backlog.children_backlog(unit, d.as_of, _backlog_since(figures))
    for row in rows:
        row.backlog = by_unit.get(row.unit.pk, backlog.EMPTY)
    return rows


def _with_period(rows: list[selectors.ChildRow], figures) -> list[selectors.ChildRow]:
    """The children rows, each with what it received in the period (``received_since``)."""
    if figures is not None:
        received = figures.child_received()
        for row in rows:
            row.received_since = received.get(row.unit.pk, 0)
    return rows


@login_required
def dashboard(request, code: str):
    with _dashboard_context(request, code) as context:
        return _dashboard_page(request, context)


def _dashboard_page(request, context: dict):
    if context["no_programme"]:
        return _no_programme(request, context)
    d = context["dashboard"]
    if d is not None:
        context.update(_period_context(request, context["unit"], d, context["as_of"]))
        figures, since = context["period"], context["period_since"]
        # Everything below the page's buttons is rendered once per aggregate set and what the
        # template's ``dashboard_figures`` key names, then served from the cache; what only it
        # shows is read when it is rendered (a cache miss), never on a hit.
        context["chart"] = SimpleLazyObject(lambda: chart_data(d))
        context["chart_months"] = SimpleLazyObject(lambda: chart_months(d))
        from .target_checks import target_mismatches

        unit = context["unit"]
        # The cascade page's links (in the button row and in the cached figures: their key carries this too).
        context["may_assign_targets"] = request.user.has_perm("campaign.assign_child_targets", unit)
        context["mismatches"] = SimpleLazyObject(lambda: selectors.reference_cached(
            f"target-mismatches:{unit.pk}", lambda _key: target_mismatches(unit)
        ))
        show_all = context["show_all_children"] = request.GET.get("children") == "all"
        phases = [p.period for p in d.progress]
        sort, descending = _child_sort(request.GET, phases, with_period=figures is not None)
        context["sort"], context["descending"] = sort, descending
        context["phone_backlog"] = phone_backlog(sort)
        as_of, kept = context["as_of"], context["period_params"]
        context["child_columns"] = _child_columns(sort, descending, phases, as_of, show_all, kept)
        shown = context["children_shown"] = d.children_count if show_all else min(d.children_count, CHILDREN_SHOWN)
        context["show_all_url"] = "?" + _children_query(sort, descending, as_of, True, kept)
        context["period_key"] = f"{context['period_choice']}:{since.isoformat()}" if figures is not None else ""
        context["figures_cached"] = _figures_cacheable(context)
        context["backlog"] = SimpleLazyObject(lambda: backlog.unit_backlog(unit, d.as_of, since))
        context["children"] = SimpleLazyObject(
            lambda: sorted_children(_with_backlog(_with_period(d.children, figures), unit, d, figures), sort,
                                    descending)[:shown])
    return render(request, "reports/dashboard.html", context)


def _figures_cacheable(context: dict) -> bool:
    """Whether the page's figures may be kept in the cache: not when they show a period error
    or a day typed in another way than the page's own links and placeholder write it (the
    form echoes what was typed), so that only addresses a page links to fill the cache."""
    if context["period_error"]:
        return False
    typed, since = context["period_typed"], context["period_since"]
    return not typed or (since is not None and typed in (since.isoformat(), since.strftime("%d/%m/%Y")))


def chart_months(d: selectors.Dashboard) -> list[dict]:
    """The charts' figures as a table, month by month (the page's text alternative to the
    charts, readable before or without Chart.js): what was received in each month with
    counts, and the running total at its last counted day."""
    months: dict[tuple[int, int], dict] = {}
    for (day, received), (_day, total) in zip(d.daily, d.cumulative, strict=True):
        row = months.setdefault((day.year, day.month), {"month": day.replace(day=1), "received": 0, "cumulative": 0})
        row["received"] += received
        row["cumulative"] = total
    return list(months.values())


# A phone shows the first rows of a province's hundreds of units; "all" and the downloads have every one.
CHILDREN_SHOWN = 100
# The children table's columns and the value each sorts by; a phase column sorts by the
# share of that phase's target achieved (its code is the column's key).
CHILD_SORTS = {
    "rank": lambda r: r.rank,
    "name": lambda r: (r.unit.sort_name, r.unit.code),
    "received": lambda r: r.received,
    "approved": lambda r: r.approved,
    # Only while a period is shown (``_child_sort``).
    "received_since": lambda r: r.received_since or 0,
    # The review backlog (``_with_backlog``): where review is stuck.
    "awaiting": lambda r: r.backlog.awaiting,
    "overdue": lambda r: r.backlog.overdue,
    # None (nothing waits) comes last either way (``sorted_children``).
    "oldest": lambda r: r.backlog.oldest_waiting_days,
}
# The first click on a column sorts it this way: names and ranks from the top, figures largest first.
ASCENDING_FIRST = {"rank", "name"}


def _child_sort(params, phases, *, with_period: bool = False) -> tuple[str, bool]:
    """The column and direction asked for (``sort``, ``dir``); an unknown one gives the ranking
    (so does the period's column when no period is shown)."""
    sort = params.get("sort", "rank")
    if sort == "percent":  # the address the overall column had before every phase could be sorted
        sort = PhaseCode.OVERALL
    if (sort not in CHILD_SORTS and sort not in {p.code for p in phases}) or (
            sort == "received_since" and not with_period):
        sort = "rank"
    direction = params.get("dir")
    descending = direction == "desc" if direction in ("asc", "desc") else sort not in ASCENDING_FIRST
    return sort, descending


def _children_query(sort: str, descending: bool, as_of, show_all: bool, kept: dict | None = None) -> str:
    params = {"sort": sort, "dir": "desc" if descending else "asc"}
    if as_of:
        params["as_of"] = as_of.isoformat()
    params.update(kept or {})
    if show_all:
        params["children"] = "all"
    return urlencode(params)


BACKLOG_SORTS = ("awaiting", "overdue", "oldest")


def phone_backlog(sort: str) -> bool:
    """Whether a phone shows the backlog's columns (waiting, overdue, oldest) in place of the
    received and target ones: when the table is sorted by one of them."""
    return sort in BACKLOG_SORTS


def _child_columns(sort: str, descending: bool, phases, as_of, show_all: bool,
                   kept: dict | None = None) -> list[dict]:
    """The header of the children table: each column's link sorts by it (the other way when
    it is already sorted by it), keeping the day, the period (``kept``) and the "all rows"
    choice; ``aria_sort`` names the current order for screen readers. With a period, a
    column of what each unit received in it follows "received". ``wide_only`` columns are
    left out on a phone, which shows five at most."""
    # Sorted by the backlog, a phone shows its three columns in place of the counts (``phone_backlog``).
    backlog_first = phone_backlog(sort)
    columns = [("rank", _("Hạng"), False, False), ("name", _("Đơn vị"), False, False),
               ("received", _("Đã gửi"), True, backlog_first)]
    if kept:
        columns.append(("received_since", _("Gửi trong kỳ"), True, backlog_first))
    columns.append(("approved", _("Công nhận"), True, True))
    # A phone shows the overall column, or with a period the period's column instead.
    columns += [(p.code, p.name, True, p.code != PhaseCode.OVERALL or bool(kept) or backlog_first) for p in phases]
    # The backlog: a phone always keeps what says a unit is late (overdue).
    columns += [("awaiting", _("Đang chờ xét"), True, not backlog_first), ("overdue", _("Quá hạn"), True, False),
                ("oldest", _("Chờ lâu nhất (ngày)"), True, not backlog_first)]
    result = []
    for key, label, numeric, wide_only in columns:
        current = key == sort
        next_descending = (not descending) if current else key not in ASCENDING_FIRST
        result.append({
            "key": key,
            "label": label,
            "numeric": numeric,
            "wide_only": wide_only,
            "url": "?" + _children_query(key, next_descending, as_of, show_all, kept),
            "aria_sort": ("descending" if descending else "ascending") if current else "",
        })
    return result


def sorted_children(rows, sort: str, descending: bool = False):
    """The children rows ordered by column ``sort``; equal values keep the ranking's order
    (count, then name), and a unit without a value (no target for a phase column, nothing
    waiting for the oldest wait) comes last either way."""
    if sort in CHILD_SORTS:
        key = CHILD_SORTS[sort]
        valued = [row for row in rows if key(row) is not None]
        return sorted(valued, key=key, reverse=descending) + [row for row in rows if key(row) is None]
    with_target, without = [], []
    for row in rows:
        (with_target if sort in row.targets and row.targets[sort].percent is not None else without).append(row)
    return sorted(with_target, key=lambda r: r.targets[sort].percent, reverse=descending) + without


@login_required
def report(request, code: str):
    with _dashboard_context(request, code) as context:
        return _report_page(request, context)


def _report_page(request, context: dict):
    if context["no_programme"]:
        return _no_programme(request, context)
    d = context["dashboard"]
    if d is not None:
        context["headline"] = sentences.headline(d)
        context["category_sentence"] = sentences.category_sentence(d)
        context.update(_period_context(request, context["unit"], d, context["as_of"]))
        context["children"] = _with_period(d.children, context["period"])
        unit = context["unit"]
        if request.user.has_perm("reports.record_sent_report", unit):
            context["sent_report_form"] = SentReportForm(initial={"as_of": d.as_of.strftime("%d/%m/%Y")})
    return render(request, "reports/report.html", context)


@login_required
@require_POST
def record_sent_report(request, code: str):
    """Record, from the report page, that a report on the unit's figures was sent (as of a day)."""
    unit = _unit_for(request, code)
    if not request.user.has_perm("reports.record_sent_report", unit):
        raise PermissionDenied
    form = SentReportForm(request.POST)
    if form.is_valid():
        try:
            report = sent_report_record(unit=unit, as_of=form.cleaned_data["as_of"],
                                        number=form.cleaned_data["number"], actor=request.user)
        except SentReportError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã ghi nhận báo cáo số liệu đến hết ngày %(day)s là đã gửi.") % {
                "day": date_format(report.as_of, "SHORT_DATE_FORMAT")})
            page_day = dates.read_iso_day(request.POST.get("page_as_of", ""))
            query = f"?{urlencode({'as_of': page_day.isoformat()})}" if page_day else ""
            return redirect(reverse("reports:report", args=[unit.code]) + query)
    else:
        messages.error(request, " ".join(str(m) for errors in form.errors.values() for m in errors))
    return redirect("reports:report", code=unit.code)


@login_required
@require_POST
def recompute(request):
    if not request.user.has_perm("reports.recompute"):
        raise PermissionDenied
    from .tasks import recompute_progress

    try:
        recompute_progress.delay()
    except Exception:  # noqa: BLE001 - the broker is down; beat will recompute when it is back
        messages.error(request, _("Chưa thể yêu cầu tính lại lúc này; hệ thống sẽ tự tính lại sau."))
    else:
        messages.success(request, _("Đã yêu cầu tính lại số liệu."))
    code = request.POST.get("unit", "")
    if code and "\x00" not in code and unit_selectors.unit_by_code(code) is not None:
        return redirect("reports:dashboard", code=code)
    return redirect("reports:home")


def _progress_json(p: selectors.TargetProgress) -> dict:
    return {
        "phase": p.period.code,
        "target": p.target,
        "self_set": p.self_set,
        "count": p.count,
        "percent": float(p.percent_rounded) if p.percent is not None else None,
        "exceeded_by": p.exceeded_by,
        # Rounded as "percent"; None when the target is not exceeded or is 0.
        "exceeded_percent": float(p.exceeded_percent_rounded) if p.exceeded_percent is not None else None,
    }


def api_progress(request):
    """``GET /reports/api/progress/?unit=CODE&as_of=YYYY-MM-DD[&since=YYYY-MM-DD]`` (login
    required, scoped); ``since`` adds the period's figures (``_period_json``).

    400 names the parameter to correct (``parameter``) and its form (``expected``), also for
    a period outside the programme; 404 is for a unit that does not exist or lies outside
    the caller's scope.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": _("Cần đăng nhập.")}, status=401)
    code = request.GET.get("unit", "")
    if not code:
        return JsonResponse(
            {"error": _("Thiếu tham số “unit”: cần mã đơn vị, ví dụ unit=TLD."), "parameter": "unit",
             "expected": "CODE"},
            status=400,
        )
    try:
        as_of = dates.iso_day(request.GET, "as_of")
        since = dates.iso_day(request.GET, "since")
    except dates.DateParamError as error:
        return JsonResponse(error.as_json(), status=400)
    unit = selectors.followed_unit(request.user, code)
    if unit is None:
        return JsonResponse({"error": _("Không tìm thấy đơn vị trong phạm vi của bạn.")}, status=404)
    state = selectors.figures_state()
    with page_reads.prefetched(selectors.page_reads_keys(unit, state[0], as_of or selectors.local_today())):
        return _progress_response(unit, as_of, since, state)


def _progress_response(unit: Unit, as_of, since, state) -> HttpResponse:
    d = selectors.unit_dashboard(unit, as_of, state=state)
    if d is None:
        if selectors.missing_figures_reason(state) == selectors.NO_PROGRAMME:
            # Nothing to wait for: no figures exist until staff set a programme up.
            return JsonResponse({"error": _("Chưa có chương trình nào được thiết lập, nên chưa có số liệu."),
                                 "reason": selectors.NO_PROGRAMME}, status=404)
        response = JsonResponse({"error": _("Số liệu chưa được tính."), "reason": selectors.NOT_COMPUTED}, status=503)
        # The figures come with the next recompute, which beat runs this often.
        response["Retry-After"] = str(max(1, round(settings.CELERY_BEAT_SCHEDULE["recompute-progress"]["schedule"])))
        return response
    period = None
    if since is not None:
        try:
            period = selectors.period_figures(unit, since, d.as_of)
        except periods.PeriodError as error:
            return JsonResponse({"error": error.message, "parameter": "since", "expected": dates.ISO_FORMAT},
                                status=400)
    # The same figures give the same document: serialised once per set of figures (and period).
    stamp = d.computed_at.timestamp() if d.computed_at else ""
    key = f"api:{d.cache_token}:{stamp}:{since.isoformat() if since else ''}"
    body = selectors.reference_cached(key, lambda _key: _progress_document(unit, d, period))
    return HttpResponse(body, content_type="application/json")


def _period_json(period) -> dict:
    """The period's fields of the progress document (``since=``)."""
    return {
        "since": period.since.isoformat(),
        "received_since": period.received,
        "approved_since": period.approved,
        "previous_period": {
            "since": period.previous_since.isoformat(),
            "as_of": period.previous_as_of.isoformat(),
            "received": period.previous_received,
            "approved": period.previous_approved,
        },
    }


def _progress_document(unit: Unit, d: selectors.Dashboard, period=None) -> bytes:
    since = _backlog_since(period)
    own = backlog.unit_backlog(unit, d.as_of, since) or backlog.EMPTY
    children = _with_backlog(_with_period(d.children, period), unit, d, period)
    document = {
        "unit": unit.code,
        "as_of": d.as_of.isoformat(),
        "computed_at": d.computed_at.isoformat() if d.computed_at else None,
        "received": d.totals["received"],
        "approved": d.totals["approved"],
        "by_category": {c.code: c.count for c in d.categories},
        "by_field": {f.code: f.count for f in d.fields},
        "targets": [_progress_json(p) for p in d.progress],
        "backlog": own.as_json(),
        "children": [
            {
                "code": row.unit.code,
                "name": row.unit.name,
                "received": row.received,
                "targets": [_progress_json(p) for p in row.targets.values()],
                **({"received_since": row.received_since} if period is not None else {}),
                "backlog": row.backlog.as_json(),
            }
            for row in children
        ],
    }
    if period is not None:
        document.update(_period_json(period))
    return json.dumps(document, ensure_ascii=False).encode()


def landing(request):
    """The public home page with the national counter (no log-in needed)."""
    root = unit_selectors.national_unit()
    counter = selectors.unit_dashboard(root) if root is not None else None
    overall = None
    if counter is not None:
        overall = next((p for p in counter.progress if p.period.code == PhaseCode.OVERALL), None)
    return render(request, "home.html", {"counter": counter, "overall": overall})


@login_required
def clusters(request):
    """Quarterly rankings within the emulation clusters the user follows."""
    from .models import EmulationCluster
    from .rankings import cluster_rankings

    scopes = unit_selectors.scope_units(request.user)
    if not scopes and not request.user.is_superuser:
        raise PermissionDenied
    programme = selectors.current_programme()
    try:
        # From a dashboard: the quarter of its day, with the figures as of that day.
        as_of = dates.typed_day(request.GET, "as_of")
    except dates.DateParamError:
        as_of = None
    default_day = as_of or selectors.local_today()
    if programme and as_of is None:
        default_day = min(default_day, programme.ends_on)
    try:
        year = int(request.GET.get("year", default_day.year))
        quarter = int(request.GET.get("quarter", (default_day.month - 1) // 3 + 1))
        if quarter not in (1, 2, 3, 4) or not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        messages.error(request, _("Quý không hợp lệ."))
        year, quarter = default_day.year, (default_day.month - 1) // 3 + 1
    visible = EmulationCluster.objects.prefetch_related("members")
    if not request.user.is_superuser and not any(u.depth == 1 for u in scopes):
        visible = visible.filter(members__in=unit_selectors.units_in_scope(request.user)).distinct()
    rankings = [r for r in (cluster_rankings(c, year, quarter, as_of) for c in visible) if r is not None]
    rankings.sort(key=lambda r: (sort_key(r.cluster.name), r.cluster.pk))
    years = range(programme.starts_on.year, programme.ends_on.year + 1) if programme else [year]
    if year not in years:
        years = sorted({*years, year})
    return render(
        request,
        "reports/clusters.html",
        {"rankings": rankings, "year": year, "quarter": quarter, "years": years, "quarters": (1, 2, 3, 4),
         "as_of": as_of},
    )
