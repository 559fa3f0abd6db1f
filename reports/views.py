"""Dashboards, the printable report, the JSON API and the public counter. All read aggregates only."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaign.enums import PhaseCode
from initiatives_portal import office
from initiatives_portal.text import sort_key
from unions import selectors as unit_selectors
from unions.models import Unit

from . import dates, selectors, sentences
from .charts import chart_data


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
    return redirect("reports:dashboard", code=units[0].code)


def _dashboard_context(request, code: str):
    unit = _unit_for(request, code)
    try:
        as_of, unread = dates.typed_day(request.GET, "as_of"), ""
    except dates.DateParamError as error:
        # A person edited the address or typed a date: the page still serves them, and says
        # which day it shows instead of the one they asked for.
        as_of, unread = None, error.value
    dashboard = selectors.unit_dashboard(unit, as_of)
    if unread:
        shown_day = dashboard.as_of if dashboard is not None else selectors.local_today()
        messages.warning(request, _("Không hiểu ngày “%(value)s”; đang hiển thị số liệu đến hôm nay, %(day)s.") % {
            "value": dates.shown(unread), "day": date_format(shown_day, "SHORT_DATE_FORMAT"),
        })
    trail = [u for u in unit_selectors.ancestors_of(unit) if request.user.has_perm("reports.view_unit_progress", u)]
    no_programme = dashboard is None and selectors.missing_figures_reason() == selectors.NO_PROGRAMME
    return {"unit": unit, "dashboard": dashboard, "trail": trail, "as_of": as_of, "no_programme": no_programme,
            "pdf_available": pdf_available()}


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


@login_required
def dashboard(request, code: str):
    context = _dashboard_context(request, code)
    if context["no_programme"]:
        return _no_programme(request, context)
    d = context["dashboard"]
    if d is not None:
        context["chart"] = chart_data(d)
        context["chart_months"] = chart_months(d)
        from .target_checks import target_mismatches

        unit = context["unit"]
        # Shown inside the cached children table: read only when it is rendered.
        context["mismatches"] = SimpleLazyObject(lambda: selectors.reference_cached(
            f"target-mismatches:{unit.pk}", lambda _key: target_mismatches(unit)
        ))
        show_all = context["show_all_children"] = request.GET.get("children") == "all"
        phases = [p.period for p in d.progress]
        sort, descending = _child_sort(request.GET, phases)
        context["sort"], context["descending"] = sort, descending
        as_of = context["as_of"]
        context["child_columns"] = _child_columns(sort, descending, phases, as_of, show_all)
        shown = context["children_shown"] = d.children_count if show_all else min(d.children_count, CHILDREN_SHOWN)
        context["show_all_url"] = "?" + _children_query(sort, descending, as_of, True)
        # Read only when the rendered table is not in the cache.
        context["children"] = SimpleLazyObject(lambda: sorted_children(d.children, sort, descending)[:shown])
    return render(request, "reports/dashboard.html", context)


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
}
# The first click on a column sorts it this way: names and ranks from the top, figures largest first.
ASCENDING_FIRST = {"rank", "name"}


def _child_sort(params, phases) -> tuple[str, bool]:
    """The column and direction asked for (``sort``, ``dir``); an unknown one gives the ranking."""
    sort = params.get("sort", "rank")
    if sort == "percent":  # the address the overall column had before every phase could be sorted
        sort = PhaseCode.OVERALL
    if sort not in CHILD_SORTS and sort not in {p.code for p in phases}:
        sort = "rank"
    direction = params.get("dir")
    descending = direction == "desc" if direction in ("asc", "desc") else sort not in ASCENDING_FIRST
    return sort, descending


def _children_query(sort: str, descending: bool, as_of, show_all: bool) -> str:
    params = {"sort": sort, "dir": "desc" if descending else "asc"}
    if as_of:
        params["as_of"] = as_of.isoformat()
    if show_all:
        params["children"] = "all"
    return urlencode(params)


def _child_columns(sort: str, descending: bool, phases, as_of, show_all: bool) -> list[dict]:
    """The header of the children table: each column's link sorts by it (the other way when
    it is already sorted by it), keeping the day and the "all rows" choice; ``aria_sort``
    names the current order for screen readers."""
    columns = [("rank", _("Hạng"), False, False), ("name", _("Đơn vị"), False, False),
               ("received", _("Đã gửi"), True, False), ("approved", _("Công nhận"), True, True)]
    columns += [(p.code, p.name, True, p.code != PhaseCode.OVERALL) for p in phases]
    result = []
    for key, label, numeric, wide_only in columns:
        current = key == sort
        next_descending = (not descending) if current else key not in ASCENDING_FIRST
        result.append({
            "key": key,
            "label": label,
            "numeric": numeric,
            "wide_only": wide_only,
            "url": "?" + _children_query(key, next_descending, as_of, show_all),
            "aria_sort": ("descending" if descending else "ascending") if current else "",
        })
    return result


def sorted_children(rows, sort: str, descending: bool = False):
    """The children rows ordered by column ``sort``; equal values keep the ranking's order
    (count, then name), and a unit without a target for a phase column comes last either way."""
    if sort in CHILD_SORTS:
        return sorted(rows, key=CHILD_SORTS[sort], reverse=descending)
    with_target, without = [], []
    for row in rows:
        (with_target if sort in row.targets and row.targets[sort].percent is not None else without).append(row)
    return sorted(with_target, key=lambda r: r.targets[sort].percent, reverse=descending) + without


@login_required
def report(request, code: str):
    context = _dashboard_context(request, code)
    if context["no_programme"]:
        return _no_programme(request, context)
    d = context["dashboard"]
    if d is not None:
        context["headline"] = sentences.headline(d)
        context["category_sentence"] = sentences.category_sentence(d)
    return render(request, "reports/report.html", context)


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
    """``GET /reports/api/progress/?unit=CODE&as_of=YYYY-MM-DD`` (login required, scoped).

    400 names the parameter to correct (``parameter``) and its form (``expected``); 404 is
    for a unit that does not exist or lies outside the caller's scope.
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
        # The period figures ``since`` selects are not served yet; a malformed one is refused
        # already, so that no caller comes to depend on it being ignored.
        dates.iso_day(request.GET, "since")
    except dates.DateParamError as error:
        return JsonResponse(error.as_json(), status=400)
    unit = selectors.followed_unit(request.user, code)
    if unit is None:
        return JsonResponse({"error": _("Không tìm thấy đơn vị trong phạm vi của bạn.")}, status=404)
    d = selectors.unit_dashboard(unit, as_of)
    if d is None:
        if selectors.missing_figures_reason() == selectors.NO_PROGRAMME:
            # Nothing to wait for: no figures exist until staff set a programme up.
            return JsonResponse({"error": _("Chưa có chương trình nào được thiết lập, nên chưa có số liệu."),
                                 "reason": selectors.NO_PROGRAMME}, status=404)
        response = JsonResponse({"error": _("Số liệu chưa được tính."), "reason": selectors.NOT_COMPUTED}, status=503)
        # The figures come with the next recompute, which beat runs this often.
        response["Retry-After"] = str(max(1, round(settings.CELERY_BEAT_SCHEDULE["recompute-progress"]["schedule"])))
        return response
    # The same figures give the same document: serialised once per set of figures.
    stamp = d.computed_at.timestamp() if d.computed_at else ""
    body = selectors.reference_cached(f"api:{d.cache_token}:{stamp}", lambda _key: _progress_document(unit, d))
    return HttpResponse(body, content_type="application/json")


def _progress_document(unit: Unit, d: selectors.Dashboard) -> bytes:
    return json.dumps(
        {
            "unit": unit.code,
            "as_of": d.as_of.isoformat(),
            "computed_at": d.computed_at.isoformat() if d.computed_at else None,
            "received": d.totals["received"],
            "approved": d.totals["approved"],
            "by_category": {c.code: c.count for c in d.categories},
            "by_field": {f.code: f.count for f in d.fields},
            "targets": [_progress_json(p) for p in d.progress],
            "children": [
                {
                    "code": row.unit.code,
                    "name": row.unit.name,
                    "received": row.received,
                    "targets": [_progress_json(p) for p in row.targets.values()],
                }
                for row in d.children
            ],
        },
        ensure_ascii=False,
    ).encode()


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
