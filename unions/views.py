"""Unit pages for officers (invite link, QR poster) and the unit search used by forms."""

from __future__ import annotations

import segno
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.safestring import mark_safe

from . import selectors
from .enums import UnitKind
from .models import Unit


def _unit_for(request, code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not request.user.has_perm("unions.view_unit", unit):
        raise Http404
    return unit


def invite_url(request, unit: Unit) -> str:
    return request.build_absolute_uri(reverse("accounts:register") + f"?unit={unit.code}")


@login_required
def my_units(request):
    appointments = selectors.active_appointments(request.user)
    return render(request, "unions/my_units.html", {"appointments": appointments})


@login_required
def unit_detail(request, code: str):
    unit = _unit_for(request, code)
    children = Paginator(selectors.child_units(unit), 50).get_page(request.GET.get("page"))
    query = request.GET.get("q", "")
    results = list(selectors.search_grassroots(query, within=unit)) if len(query.strip()) >= 2 else []
    trail = [u for u in selectors.ancestors_of(unit) if selectors.unit_in_view_scope(request.user, u)]
    return render(
        request,
        "unions/unit_detail.html",
        {
            "unit": unit,
            "trail": trail,
            "children": children,
            "query": query,
            "results": results,
            "invite_url": invite_url(request, unit) if unit.kind == UnitKind.GRASSROOTS else "",
            "may_appoint": request.user.has_perm("unions.manage_appointments", unit),
            "may_review": selectors.unit_in_review_scope(request.user, unit),
        },
    )


@login_required
def unit_poster(request, code: str):
    unit = _unit_for(request, code)
    if unit.kind != UnitKind.GRASSROOTS:
        raise Http404
    url = invite_url(request, unit)
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=8, border=2, dark="#0b3d91", title=unit.name)
    return render(request, "unions/poster.html", {"unit": unit, "invite_url": url, "qr_svg": mark_safe(svg)})  # noqa: S308  # nosec B308 B703  # segno escapes the title


@login_required
def unit_search(request):
    """Type-ahead for officers: grassroots unions of their review scope, as <option>s."""
    query = (request.GET.get("q") or request.GET.get("behalf-unit") or "")[:100]
    scopes = selectors.review_units(request.user)
    results: list[Unit] = []
    if len(query.strip()) >= 2:
        if request.user.is_superuser:
            results = list(selectors.search_grassroots(query))
        for scope in scopes:
            results.extend(selectors.search_grassroots(query, within=scope))
    return render(request, "unions/_unit_options.html", {"results": results[:20]})
