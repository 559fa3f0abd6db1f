"""Federation staff upload the unit tree or the targets, see what will change, then apply it."""

from __future__ import annotations

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from initiatives_portal.formatting import format_count
from initiatives_portal.forms import TextInputMixin
from unions.services import UnitImportError

from .imports import TargetImportError
from .programme_imports import ProgrammeImportError, programme_template
from .tree_imports import KINDS, tree_import_apply, tree_import_preview

_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class TreeImportForm(TextInputMixin, forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại dữ liệu"),
        choices=[("units", gettext_lazy("Cây đơn vị (code,name,parent_code,kind)")),
                 ("targets", gettext_lazy("Chỉ tiêu (unit_code,phase,target[,self_set])")),
                 ("programme", gettext_lazy("Chương trình và giai đoạn (phase, name, starts_on, ends_on, target)"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    file = forms.FileField(label=gettext_lazy("Tệp CSV (UTF-8) hoặc XLSX"))

    def __init__(self, *args, **kwargs):
        from crispy_forms.helper import FormHelper

        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    MAX_BYTES = 20 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn; tối đa 20 MB."))
        return upload


def _require_tree_staff(user) -> None:
    if not user.has_perm("unions.manage_tree"):
        raise PermissionDenied


@login_required
@require_http_methods(["GET", "POST"])
def tree_import(request):
    _require_tree_staff(request.user)
    if request.method == "POST" and request.POST.get("apply"):
        kind, token = request.POST.get("kind", ""), request.POST.get("token", "")
        if kind not in KINDS or not _TOKEN.match(token):
            messages.error(request, _("Yêu cầu không hợp lệ; hãy tải tệp lên lại."))
            return redirect("tree_import")
        try:
            report = tree_import_apply(kind=kind, token=token, by=request.user)
        except (FileNotFoundError, UnitImportError, TargetImportError, ProgrammeImportError):
            messages.error(request, _("Không tìm thấy tệp đã xem trước; hãy tải tệp lên lại."))
            return redirect("tree_import")
        if report.ok:
            messages.success(request, _("Đã áp dụng: %(c)s mới, %(u)s cập nhật, %(n)s không đổi.")
                             % {"c": format_count(report.created), "u": format_count(report.updated),
                                "n": format_count(report.unchanged)})
        else:
            messages.error(request, _("Dữ liệu đã thay đổi từ lúc xem trước; không có gì được ghi. Hãy xem trước lại."))
        return redirect("tree_import")
    form = TreeImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        try:
            preview = tree_import_preview(kind=form.cleaned_data["kind"], upload=form.cleaned_data["file"])
        except (UnitImportError, TargetImportError, ProgrammeImportError) as error:
            form.add_error("file", error.message)
    return render(request, "reports/tree_import.html", {"form": form, "preview": preview})


@login_required
@require_http_methods(["GET"])
def programme_import_template(request):
    """The XLSX to fill in for the programme import (same permission as the tree import)."""
    _require_tree_staff(request.user)
    response = HttpResponse(
        programme_template(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="chuong-trinh-mau.xlsx"'
    return response
