"""The official report of a unit as Word (DOCX) and PDF downloads (thin: the document is built
in ``reports.documents``, the PDF made by ``initiatives_portal.office``)."""

from __future__ import annotations

import logging

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from initiatives_portal import office
from unions import selectors as unit_selectors

from . import dates, documents, selectors
from .views import _unit_for, pdf_available

logger = logging.getLogger(__name__)

TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"
PDF_CONTENT_TYPE = "application/pdf"


def _document(request, code: str):
    """The unit's dashboard and the DOCX bytes of its report, or the response that says why not.

    404 for a unit outside the user's scope (or before any programme exists), 400 for a day
    that cannot be read, 503 before the first recompute.
    """
    unit = _unit_for(request, code)
    try:
        as_of = dates.typed_day(request.GET, "as_of")
    except dates.DateParamError as error:
        return None, None, HttpResponseBadRequest(error.message, content_type=TEXT_CONTENT_TYPE)
    d = selectors.unit_dashboard(unit, as_of)
    if d is None:
        if selectors.missing_figures_reason() == selectors.NO_PROGRAMME:
            return None, None, HttpResponse(_("Chưa có chương trình nào được thiết lập, nên chưa có số liệu."),
                                            status=404, content_type=TEXT_CONTENT_TYPE)
        return None, None, HttpResponse(_("Số liệu chưa được tính."), status=503, content_type=TEXT_CONTENT_TYPE)
    issued_on = selectors.local_today()
    stamp = d.computed_at.timestamp() if d.computed_at else ""

    def build(_key: str) -> bytes:
        return documents.report_docx(d, programme=selectors.current_programme(),
                                     ancestors=unit_selectors.ancestors_of(unit), issued_on=issued_on)

    # The same figures on the same day give the same document.
    data = selectors.reference_cached(f"report-docx:{d.cache_token}:{stamp}:{issued_on.isoformat()}", build)
    return d, data, None


def _attachment(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_safe
def report_docx(request, code: str) -> HttpResponse:
    """``units/<code>/report.docx?as_of=YYYY-MM-DD``: the official report, ready to sign."""
    d, data, refusal = _document(request, code)
    if refusal is not None:
        return refusal
    return _attachment(data, documents.DOCX_CONTENT_TYPE, documents.filename(d, "docx"))


@login_required
@require_safe
def report_pdf(request, code: str) -> HttpResponse:
    """``units/<code>/report.pdf?as_of=YYYY-MM-DD``: the same report turned into PDF by
    LibreOffice; 503 with a message when it is not installed or the conversion fails."""
    d, data, refusal = _document(request, code)
    if refusal is not None:
        return refusal
    if not pdf_available():
        return HttpResponse(_("Máy chủ chưa cài LibreOffice nên chưa tạo được bản PDF; hãy tải bản Word (.docx)."),
                            status=503, content_type=TEXT_CONTENT_TYPE)
    stamp = d.computed_at.timestamp() if d.computed_at else ""
    key = f"report-pdf:{d.cache_token}:{stamp}:{selectors.local_today().isoformat()}"
    try:
        pdf = selectors.reference_cached(key, lambda _key: office.pdf_from_office(data))
    except office.ConversionError:
        logger.exception("the report of %s could not be turned into PDF", d.unit.code)
        return HttpResponse(_("Chưa tạo được bản PDF lúc này; hãy thử lại sau hoặc tải bản Word (.docx)."),
                            status=503, content_type=TEXT_CONTENT_TYPE)
    return _attachment(pdf, PDF_CONTENT_TYPE, documents.filename(d, "pdf"))
