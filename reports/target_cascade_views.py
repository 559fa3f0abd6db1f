"""``/reports/units/<code>/targets/``: a unit's managers hand its targets down to its direct children."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from campaign.selectors import current_programme
from initiatives_portal.formatting import format_count
from initiatives_portal.forms import TextInputMixin
from initiatives_portal.money import format_vnd

from . import selectors
from .exports import XLSX_CONTENT_TYPE
from .imports import TargetImportError, parse_count, read_target_rows
from .target_cascade import (
    Cascade,
    child_target_cascade,
    child_target_history,
    child_targets_save,
    child_targets_template,
    child_targets_upload,
    default_phase,
    phase_choices,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _field(pk: int) -> str:
    return f"target-{pk}"


def _shown(pk: int) -> str:
    return f"shown-{pk}"


class ChildTargetsForm(TextInputMixin, forms.Form):
    """One text box per child on the page (typed as Vietnamese writes numbers: 52.000), and a reason."""

    reason = forms.CharField(
        label=gettext_lazy("Lý do thay đổi (không bắt buộc)"), max_length=255, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, cascade: Cascade, **kwargs):
        super().__init__(*args, **kwargs)
        self.cascade = cascade
        for row in cascade.rows:
            self.fields[_field(row.pk)] = forms.CharField(
                label=row.name, required=False, max_length=20,
                initial=format_vnd(row.assigned) if row.assigned is not None else "",
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off",
                                              "class": "form-control text-end target-input"}),
            )
        self.targets: dict[int, int] = {}
        self.shown: dict[int, int | None] = {}

    def clean(self):
        cleaned = super().clean()
        for row in self.cascade.rows:
            name = _field(row.pk)
            if name not in cleaned or name not in self.data:
                continue  # a row the page did not show (a unit added meanwhile) is left as it is
            shown = _shown_value(self.data.get(_shown(row.pk), ""))
            value, problem = parse_count(cleaned[name], label=_("Chỉ tiêu"))
            if problem:
                self.add_error(name, problem)
            elif value is None:
                if shown is not None or row.assigned is not None:
                    self.add_error(name, _("Nhập chỉ tiêu (0 nếu không giao); chỉ tiêu đã giao không xóa được ở đây."))
            else:
                self.targets[row.pk], self.shown[row.pk] = value, shown
        return cleaned

    def rows(self):
        """Each row of the page with its bound field."""
        return [(row, self[_field(row.pk)]) for row in self.cascade.rows]


def _shown_value(text: str) -> int | None:
    """The target a row showed when the page was opened (a hidden field; blank: none)."""
    text = (text or "").strip()
    return int(text) if text.isdigit() and len(text) <= 10 else None


class ChildTargetsUploadForm(TextInputMixin, forms.Form):
    file = forms.FileField(label=gettext_lazy("Tệp chỉ tiêu (XLSX hoặc CSV UTF-8)"))
    upload_reason = forms.CharField(
        label=gettext_lazy("Lý do thay đổi (không bắt buộc)"), max_length=255, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn; tối đa 5 MB."))
        return upload


def _unit_for(request, code: str):
    """The unit, if the user follows it (404 otherwise), and may hand its targets down (403 otherwise)."""
    unit = selectors.followed_unit(request.user, code)
    if unit is None:
        raise Http404
    if not request.user.has_perm("campaign.assign_child_targets", unit):
        raise PermissionDenied
    return unit


def _phase(request, choices):
    wanted = request.POST.get("phase") or request.GET.get("phase", "")
    return next((c for c in choices if c.code == wanted), None) or default_phase(choices)


def _page_url(unit, phase: str, page=None) -> str:
    query = {"phase": phase}
    if page and str(page) != "1":
        query["page"] = page
    return f"{reverse('reports:targets', kwargs={'code': unit.code})}?{urlencode(query)}"


def _before(request) -> int | None:
    text = request.GET.get("before", "")
    return int(text) if text.isdigit() and len(text) <= 18 else None


@login_required
@require_http_methods(["GET", "POST"])
def child_targets(request, code: str):
    """The unit's own target for a phase, its children's with their sum and what is left; saves a page
    of typed targets, or an uploaded file of them, in one transaction."""
    unit = _unit_for(request, code)
    programme = current_programme()
    choices = phase_choices(programme)
    phase = _phase(request, choices)
    page = request.POST.get("page") or request.GET.get("page", 1)
    cascade = child_target_cascade(unit, phase, programme, page=page)
    form = ChildTargetsForm(cascade=cascade)
    upload_form = ChildTargetsUploadForm()
    upload_errors = []
    if request.method == "POST" and "upload" in request.POST:
        upload_form = ChildTargetsUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            try:
                rows = read_target_rows(upload_form.cleaned_data["file"])
            except TargetImportError as error:
                upload_form.add_error("file", error.message)
            else:
                report = child_targets_upload(unit=unit, rows=rows, by=request.user,
                                              reason=upload_form.cleaned_data["upload_reason"])
                if report.ok:
                    messages.success(request, _("Đã nhập tệp: %(c)s chỉ tiêu mới, %(u)s thay đổi, %(n)s không đổi.") % {
                        "c": format_count(report.created), "u": format_count(report.updated),
                        "n": format_count(report.unchanged)})
                    return redirect(_page_url(unit, phase.code, page))
                upload_errors = report.errors
                upload_form.add_error(None, _("Tệp có lỗi nên không có gì được ghi; sửa các dòng dưới đây rồi tải lên lại."))
    elif request.method == "POST":
        form = ChildTargetsForm(request.POST, cascade=cascade)
        if form.is_valid():
            written, errors = child_targets_save(unit=unit, phase=phase.code, typed=form.targets, shown=form.shown,
                                                 by=request.user, reason=form.cleaned_data["reason"])
            for pk, message in errors.items():
                form.add_error(_field(pk), message)
            if not errors:
                if written:
                    messages.success(request, _("Đã lưu %(n)s thay đổi chỉ tiêu.") % {"n": format_count(written)})
                else:
                    messages.info(request, _("Không có chỉ tiêu nào thay đổi."))
                return redirect(_page_url(unit, phase.code, page))
    history, more_before = child_target_history(unit, before=_before(request))
    context = {
        "unit": unit, "cascade": cascade, "phases": choices, "phase": phase, "form": form,
        "upload_form": upload_form, "upload_errors": upload_errors, "history": history,
        "more_before": more_before, "showing_older": _before(request) is not None,
        "trail": _trail(request, unit),
        "page_query": urlencode({"phase": phase.code}) + "&",
    }
    return render(request, "reports/child_targets.html", context)


def _trail(request, unit):
    from unions.selectors import ancestors_of

    return [u for u in ancestors_of(unit) if request.user.has_perm("reports.view_unit_progress", u)]


@login_required
@require_http_methods(["GET"])
def child_targets_download(request, code: str):
    """The XLSX of the unit's children with their current targets for the phase, to fill in and upload."""
    unit = _unit_for(request, code)
    phase = _phase(request, phase_choices(current_programme()))
    response = HttpResponse(child_targets_template(unit, phase.code), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="chi-tieu-{unit.code}-{phase.code}.xlsx"'
    response["Cache-Control"] = "private, no-store"
    return response
