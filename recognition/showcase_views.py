"""Pages of the showcase, certificates and replications.

The public ones (``public_page``) are the same for everyone: rendered in Vietnamese, they
never touch the session, the CSRF cookie or the user, and say ``Cache-Control: public`` so
that a proxy in front of the portal answers most of them. The others need a log-in.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.html import format_html_join
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.throttling import client_ip_address
from reports.selectors import reference_cached
from submissions.models import Initiative

from . import showcase
from .certificate_pdf import certificate_pdf
from .certificates import (
    CertificateError,
    certificate_by_code,
    certificate_check,
    certificate_issue,
    format_code,
    normalise_code,
)
from .replication import ReplicationError, replication_record, replication_report, replication_units
from .showcase_forms import ReplicationForm
from .showcase_models import CertificateKind, ShowcaseEntry

# How long a shared cache may keep a public page: a showcase change (consent withdrawn) is
# gone from every cache within this time.
SHOWCASE_MAX_AGE = 300
VERIFY_MAX_AGE = 300
# Unknown codes one address may try in a window before every check from it is refused: a
# person mistypes a few; enumerating 2^60 codes needs billions.
VERIFY_MISSES_ALLOWED = 30
VERIFY_WINDOW_SECONDS = 600
SITEMAP_LIMIT = 50_000


def public_page(max_age: int):
    """The view's response is the same for everyone: Vietnamese, no cookie read or set,
    ``Cache-Control: public, max-age``. An error response it returns says what it says."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            with translation.override("vi"):
                response = view(request, *args, **kwargs)
            if response.status_code == 200 and "Cache-Control" not in response:
                patch_cache_control(response, public=True, max_age=max_age)
            response.headers["Content-Language"] = "vi"
            response.same_for_everyone = True
            return response

        wrapped.same_for_everyone = True  # the account middleware leaves the session unread
        guarded = require_GET(wrapped)
        guarded.same_for_everyone = True
        return guarded

    return decorator


def _absolute(request, path: str) -> str:
    """``path`` at the portal's public address (``PORTAL_URL``), else at the request's host."""
    base = getattr(settings, "PORTAL_URL", "")
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def _not_found(request, template: str, context: dict | None = None, *, status: int = 404) -> HttpResponse:
    response = render(request, template, context or {}, status=status)
    response["Cache-Control"] = "no-store"
    return response


# --- The showcase ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CachedPage:
    content: bytes
    content_type: str


def _showcase_cached(request, name: str, params: dict[str, str], render_page, *, version: int) -> HttpResponse:
    """``render_page()``'s response, kept in the cache under ``version`` (the showcase's for a
    list, the entry's stamp for an initiative's page: both raised by the database with every
    change of what the page shows, so a withdrawn consent is gone from the next request),
    the reference data's version (names of fields and units) and the language (both added
    by ``reference_cached``), the host the page's links point to and the page's own
    parameters (already normalised, so every way of writing an address shares one copy).
    A page no one asks again leaves after ``SHOWCASE_MAX_AGE``; only pages answered 200
    reach the cache."""
    address = urlencode(sorted(params.items()))
    digest = hashlib.blake2b(f"{request.scheme}://{request.get_host()}?{address}".encode(), digest_size=16)
    key = f"showcase-page:{name}:{version}:{digest.hexdigest()}"

    def build(_key):
        response = render_page()
        if response.status_code != 200:
            raise _NotCached(response)
        return _CachedPage(content=response.content, content_type=response["Content-Type"])

    try:
        page = reference_cached(key, build, timeout=SHOWCASE_MAX_AGE)
    except _NotCached as uncached:
        return uncached.response
    return HttpResponse(page.content, content_type=page.content_type)


class _NotCached(Exception):  # noqa: N818  # not an error: carries a response past the cache
    def __init__(self, response: HttpResponse):
        self.response = response


def _options(choices, selected: str) -> str:
    """The ``<option>`` elements of one of the list's filters, ``selected`` marked: built here
    rather than in a template loop, which costs more than the page's queries (83 provinces
    and sectors, each through the template engine, on every page not cached yet)."""
    return format_html_join(
        "", '<option value="{}"{}>{}</option>',
        ((value, mark_safe(" selected") if value == selected else "", label) for value, label in choices),  # noqa: S308  # nosec B308 B703
    )


@public_page(SHOWCASE_MAX_AGE)
def showcase_list(request):
    """Exemplary initiatives whose authors agreed, searchable and filtered, newest or most replicated first."""
    query = showcase.ShowcaseQuery.from_params(request.GET)
    versions = showcase.showcase_versions()

    def render_page():
        filters = showcase.showcase_filters()
        page = showcase.showcase_page(query, filters, members=versions.members)
        return render(request, "recognition/showcase/list.html", {
            "page": page, "query": query, "filters": filters,
            "field_options": _options(((f.code, str(f)) for f in filters.fields), query.field_code),
            "province_options": _options(((u.code, u.name) for u in filters.provinces), query.province_code),
            "phase_options": _options(((p.code, p.name) for p in filters.phases), query.phase_code),
            "next_url": f"?{urlencode(query.params(page=query.page + 1))}" if page.has_next else "",
            "previous_url": f"?{urlencode(query.params(page=query.page - 1))}" if page.has_previous else "",
            "sorts": [(showcase.SORT_NEWEST, _("Mới nhất")),
                      (showcase.SORT_REPLICATED, _("Nhiều đơn vị áp dụng nhất"))],
            "count_cap": showcase.COUNT_CAP,
        })

    return _showcase_cached(request, "list", query.params(), render_page, version=versions.pages)


@public_page(SHOWCASE_MAX_AGE)
def showcase_detail(request, pk: int):
    """One showcased initiative's shareable page, cached under its entry's stamp: asked again,
    one query (the stamp, which is also whether it is on the showcase now)."""
    stamp = showcase.showcase_entry_stamp(pk)
    if stamp is None:
        return _not_found(request, "recognition/showcase/not_shown.html")

    def render_page():
        detail = showcase.showcase_detail(pk)
        if detail is None:  # left the showcase since the stamp was read
            return _not_found(request, "recognition/showcase/not_shown.html")
        return render(request, "recognition/showcase/detail.html", {
            "detail": detail, "initiative": detail.initiative,
            "share_url": _absolute(request, reverse("recognition:showcase_detail", args=[pk])),
        })

    return _showcase_cached(request, "detail", {"id": str(pk)}, render_page, version=stamp)


@public_page(3600)
def showcase_attachment(request, pk: int, attachment_pk: int):
    """A file the author made public, of an initiative on the showcase."""
    attachment = showcase.public_attachment(pk, attachment_pk)
    if attachment is None:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.download_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _item_json(request, item: showcase.ShowcaseItem) -> dict:
    return {
        "id": item.id, "title": item.title, "summary": item.summary, "field": item.field_name,
        "unit": item.unit_name, "province": item.branch_name,
        "submitted_on": item.submitted_on.isoformat() if item.submitted_on else None,
        "replications": item.replications,
        "url": _absolute(request, reverse("recognition:showcase_detail", args=[item.id])),
    }


@public_page(SHOWCASE_MAX_AGE)
def showcase_api(request):
    """``GET /showcase/api/``: the list as JSON, with the page's parameters (q, field,
    province, phase, sort, page) and the same consent rule."""
    query = showcase.ShowcaseQuery.from_params(request.GET)
    versions = showcase.showcase_versions()

    def render_page():
        page = showcase.showcase_page(query, showcase.showcase_filters(), members=versions.members)
        base = _absolute(request, reverse("recognition:showcase_api"))
        return JsonResponse({
            "page": query.page,
            "page_size": showcase.PAGE_SIZE,
            "count": min(page.total, showcase.COUNT_CAP),
            "count_capped": page.total_capped,
            "next": f"{base}?{urlencode(query.params(page=query.page + 1))}" if page.has_next else None,
            "previous": f"{base}?{urlencode(query.params(page=query.page - 1))}" if page.has_previous else None,
            "results": [_item_json(request, item) for item in page.items],
        }, json_dumps_params={"ensure_ascii": False})

    return _showcase_cached(request, "api", query.params(), render_page, version=versions.pages)


@public_page(SHOWCASE_MAX_AGE)
def showcase_api_detail(request, pk: int):
    """``GET /showcase/api/<id>/``: one showcased initiative as JSON (404 when it is not shown),
    cached under its entry's stamp as its page is."""
    stamp = showcase.showcase_entry_stamp(pk)
    if stamp is None:
        return _api_not_found()

    def render_page():
        detail = showcase.showcase_detail(pk)
        return _api_not_found() if detail is None else _api_detail_json(request, detail)

    return _showcase_cached(request, "api-detail", {"id": str(pk)}, render_page, version=stamp)


def _api_not_found() -> JsonResponse:
    response = JsonResponse({"error": "not_found"}, status=404)
    response["Cache-Control"] = "no-store"
    return response


def _api_detail_json(request, detail: showcase.ShowcaseDetail) -> JsonResponse:
    initiative = detail.initiative
    return JsonResponse({
        "id": initiative.pk, "title": initiative.title, "summary": initiative.summary,
        "benefits": initiative.benefits, "benefit_vnd": initiative.benefit_vnd,
        "field": str(initiative.field) if initiative.field else "", "unit": initiative.unit.name,
        "province": detail.branch_name, "authors": detail.authors,
        "submitted_on": initiative.submitted_on.isoformat() if initiative.submitted_on else None,
        "replications": detail.replications,
        "attachments": [
            {"name": a.download_name, "size": a.size,
             "url": _absolute(request, reverse("recognition:showcase_attachment", args=[initiative.pk, a.pk]))}
            for a in detail.attachments
        ],
        "url": _absolute(request, reverse("recognition:showcase_detail", args=[initiative.pk])),
    }, json_dumps_params={"ensure_ascii": False})


@public_page(3600)
def showcase_sitemap(request, section: int | None = None):
    """``/showcase/sitemap.xml``: every showcased initiative's page; past 50.000 of them, an
    index of files of 50.000 (``/showcase/sitemap-<n>.xml``)."""
    size = showcase.showcase_size()
    sections = max(1, -(-size // SITEMAP_LIMIT))
    if section is None and sections > 1:
        locations = [_absolute(request, reverse("recognition:showcase_sitemap_section", args=[n]))
                     for n in range(1, sections + 1)]
        return render(request, "recognition/showcase/sitemap_index.xml", {"locations": locations},
                      content_type="application/xml; charset=utf-8")
    number = section or 1
    if number > sections:
        raise Http404
    ids = showcase.sitemap_ids(offset=(number - 1) * SITEMAP_LIMIT, limit=SITEMAP_LIMIT)
    base = _absolute(request, reverse("recognition:showcase_list"))
    return render(request, "recognition/showcase/sitemap.xml", {"locations": [f"{base}{pk}/" for pk in ids]},
                  content_type="application/xml; charset=utf-8")


# --- Certificates ---------------------------------------------------------------------------------


@login_required
@require_GET
def certificate_download(request, pk: int, kind: str):
    """The certificate as a PDF, issued on its first download."""
    initiative = Initiative.objects.select_related("unit").filter(pk=pk).first()
    if initiative is None or kind not in CertificateKind.values:
        raise Http404
    if not request.user.has_perm("recognition.download_certificate", initiative):
        raise Http404
    try:
        certificate = certificate_issue(initiative=initiative, kind=kind, by=request.user)
    except CertificateError as error:
        messages.error(request, error.message)
        return redirect("submissions:detail", pk=pk)
    check = certificate_check(certificate)
    url = _absolute(request, reverse("recognition:verify", args=[format_code(certificate.code)]))
    pdf = certificate_pdf(check, verify_url=url)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giay-chung-nhan-{pk}-{kind}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _verify_throttle_key(request) -> str:
    return f"verify-misses:{client_ip_address(request) or 'unknown'}"


@public_page(VERIFY_MAX_AGE)
def verify(request, code: str | None = None):
    """A certificate's check: title, authors, unit, status and date, nothing more.

    ``/verify/?code=…`` (the form) goes to the code's own address. A known code always gets
    its page (valid, or no longer valid since a date); an unknown one a page saying so,
    and an address that tries many unknown codes is refused for a while.
    """
    if code is None:
        typed = request.GET.get("code", "")
        if not typed:
            response = render(request, "recognition/certificates/verify_form.html", {})
            return response
        normal = normalise_code(typed)
        if normal is None:
            return _not_found(request, "recognition/certificates/verify_form.html",
                              {"typed": typed[:40], "invalid": True}, status=200)
        return redirect("recognition:verify", code=format_code(normal))
    key = _verify_throttle_key(request)
    if (cache.get(key) or 0) >= VERIFY_MISSES_ALLOWED:
        return _not_found(request, "recognition/certificates/verify_throttled.html", status=429)
    certificate = certificate_by_code(code)
    if certificate is None:
        cache.add(key, 0, VERIFY_WINDOW_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, VERIFY_WINDOW_SECONDS)
        return _not_found(request, "recognition/certificates/verify_unknown.html", {"typed": code[:40]})
    if format_code(certificate.code) != code:
        return redirect("recognition:verify", code=format_code(certificate.code))
    return render(request, "recognition/certificates/verify.html", {"check": certificate_check(certificate)})


# --- Replications ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def replication_create(request, pk: int):
    """An officer records that their unit applied a showcased initiative."""
    if not ShowcaseEntry.objects.filter(pk=pk).exists():
        raise Http404
    if not request.user.has_perm("recognition.record_replication"):
        raise PermissionDenied
    initiative = Initiative.objects.select_related("unit").get(pk=pk)
    units = replication_units(request.user)
    form = ReplicationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            replication_record(
                initiative=initiative, unit=form.cleaned_data["unit"], applied_on=form.cleaned_data["applied_on"],
                result=form.cleaned_data["result"], by=request.user,
            )
        except ReplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã ghi nhận đơn vị áp dụng sáng kiến."))
            return redirect("recognition:showcase_detail", pk=pk)
    return render(request, "recognition/showcase/replication_form.html", {"form": form, "initiative": initiative})


@login_required
@require_GET
def replication_report_view(request):
    """Replications by province and by field, for staff."""
    if not request.user.has_perm("recognition.view_replication_report"):
        raise PermissionDenied
    return render(request, "recognition/showcase/replication_report.html", {"report": replication_report()})
