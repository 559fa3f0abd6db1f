"""Dashboards, the printable report, the JSON API and the public counter. All read aggregates only."""

from __future__ import annotations

import json

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
from unions import selectors as unit_selectors
from unions.models import Unit

from . import dates, selectors, sentences


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
    return {"unit": unit, "dashboard": dashboard, "trail": trail, "as_of": as_of}


@login_required
def dashboard(request, code: str):
    context = _dashboard_context(request, code)
    d = context["dashboard"]
    if d is not None:
        context["chart"] = {
            "labels": [day.isoformat() for day, _n in d.cumulative],
            "cumulative": [n for _day, n in d.cumulative],
            "daily": [n for _day, n in d.daily],
            "target": next((p.target for p in d.progress if p.period.code == PhaseCode.OVERALL), None),
        }
        from .target_checks import target_mismatches

        unit = context["unit"]
        # Shown inside the cached children table: read only when it is rendered.
        context["mismatches"] = SimpleLazyObject(lambda: selectors.reference_cached(
            f"target-mismatches:{unit.pk}", lambda _key: target_mismatches(unit)
        ))
        sort = context["sort"] = request.GET.get("sort", "rank")
        show_all = context["show_all_children"] = request.GET.get("children") == "all"
        shown = context["children_shown"] = d.children_count if show_all else min(d.children_count, CHILDREN_SHOWN)
        # Read only when the rendered table is not in the cache.
        context["children"] = SimpleLazyObject(lambda: _sorted_children(d.children, sort)[:shown])
    return render(request, "reports/dashboard.html", context)


# A phone shows the first rows of a province's hundreds of units; "all" and the downloads have every one.
CHILDREN_SHOWN = 100
CHILD_SORTS = {
    "rank": lambda r: r.rank,
    "name": lambda r: r.unit.name,
    "received": lambda r: -r.received,
    "approved": lambda r: -r.approved,
    "percent": lambda r: -(r.targets[PhaseCode.OVERALL].percent or 0) if PhaseCode.OVERALL in r.targets else 0,
}


def _sorted_children(rows, sort: str):
    return sorted(rows, key=CHILD_SORTS.get(sort, CHILD_SORTS["rank"]))


@login_required
def report(request, code: str):
    context = _dashboard_context(request, code)
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
        return JsonResponse({"error": _("Số liệu chưa được tính.")}, status=503)
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
    default_day = min(selectors.local_today(), programme.ends_on) if programme else selectors.local_today()
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
    rankings = [r for r in (cluster_rankings(c, year, quarter) for c in visible) if r is not None]
    years = range(programme.starts_on.year, programme.ends_on.year + 1) if programme else [year]
    return render(
        request,
        "reports/clusters.html",
        {"rankings": rankings, "year": year, "quarter": quarter, "years": years, "quarters": (1, 2, 3, 4)},
    )
