"""The downloads of a unit's dashboard tables and of its workbook (thin: the files are built in
``reports.exports`` and ``reports.workbook``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import dates, exports, selectors
from . import workbook as workbooks
from .periods import PeriodError
from .views import _unit_for

TEXT_CONTENT_TYPE = "text/plain; charset=utf-8"


class _Refused(Exception):
    """A download the figures cannot give; ``response`` says why (400 or 503)."""

    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def _figures(request, unit):
    """The unit's dashboard as of ``as_of`` and, with ``since``, its period's figures (or None).

    Raises ``_Refused`` with a 400 for a bad day or a period outside the programme, a 503
    before the first recompute.
    """
    try:
        as_of = dates.iso_day(request.GET, "as_of")
        since = dates.iso_day(request.GET, "since")
    except dates.DateParamError as error:
        raise _Refused(HttpResponseBadRequest(error.message, content_type=TEXT_CONTENT_TYPE)) from error
    dashboard = selectors.unit_dashboard(unit, as_of)
    if dashboard is None:
        raise _Refused(HttpResponse(_("Số liệu chưa được tính."), status=503, content_type=TEXT_CONTENT_TYPE))
    if since is None:
        return dashboard, None
    try:
        return dashboard, selectors.period_figures(unit, since, dashboard.as_of)
    except PeriodError as error:
        raise _Refused(HttpResponseBadRequest(error.message, content_type=TEXT_CONTENT_TYPE)) from error


@login_required
@require_safe
def export(request, code: str, table: str, fmt: str) -> HttpResponse | StreamingHttpResponse:
    """``units/<code>/export/<table>.<fmt>?as_of=YYYY-MM-DD[&since=YYYY-MM-DD]``: one dashboard
    table as CSV or XLSX, with the period's columns when ``since`` is given.

    404 for a unit outside the user's scope or an unknown table or format; 400 for a
    bad date or a period outside the programme; 503 before the first recompute.
    """
    unit = _unit_for(request, code)
    if table not in exports.TABLES or fmt not in exports.FORMATS:
        raise Http404
    try:
        dashboard, period = _figures(request, unit)
    except _Refused as refused:
        return refused.response
    return exports.export_response(dashboard, table, fmt, period)


@login_required
@require_safe
def workbook(request, code: str) -> HttpResponse | FileResponse:
    """``units/<code>/workbook.xlsx?as_of=YYYY-MM-DD[&since=YYYY-MM-DD]``: every table of the
    unit in one workbook, with a sheet of the period when ``since`` is given.

    Answers like the single-table downloads: 404 outside the user's scope, 400 for a bad
    date or a period outside the programme, 503 before the first recompute.
    """
    unit = _unit_for(request, code)
    try:
        dashboard, period = _figures(request, unit)
    except _Refused as refused:
        return refused.response
    return workbooks.workbook_response(dashboard, period)
