"""Delegated appointments: a unit's officers, appoint and revoke, the history, the bulk import.

They live in accounts, above unions: appointing by phone or e-mail and the bulk import create accounts.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from initiatives_portal.formatting import format_count
from unions import selectors
from unions.appointments import AppointmentError, appointment_revoke
from unions.enums import ChangeSource
from unions.forms import AppointmentForm, OfficerImportForm
from unions.models import Appointment, Unit

from .appointing import appointment_grant_to
from .officer_import import OfficerImportError, officers_import, read_officers_file

MAX_IMPORT_BYTES = 2 * 1024 * 1024


def _unit_to_manage(request, code: str) -> Unit:
    """404 for a unit outside the user's view scope; 403 when they may not appoint there."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not request.user.has_perm("unions.view_unit", unit):
        raise Http404
    if not request.user.has_perm("unions.manage_appointments", unit):
        raise PermissionDenied
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def unit_appointments(request, code: str):
    unit = _unit_to_manage(request, code)
    roles = selectors.appointable_roles(request.user, unit)
    form = AppointmentForm(request.POST or None, roles=roles)
    if request.method == "POST" and form.is_valid():
        who = form.cleaned_data["identifier"]
        try:
            appointment, created, new_account = appointment_grant_to(
                actor=request.user, email=who["email"], phone=who["phone"], full_name=form.cleaned_data["full_name"],
                unit=unit, role=form.cleaned_data["role"], source=ChangeSource.WEB,
            )
        except AppointmentError as error:
            messages.error(request, error.message)
        else:
            if not created:
                messages.info(request, _("%(name)s đã có vai trò này.") % {"name": appointment.user.full_name})
            elif new_account:
                messages.success(
                    request,
                    _("Đã tạo tài khoản và giao vai trò cho %(name)s. Người này đặt mật khẩu khi đăng nhập lần đầu: "
                      "qua “Quên mật khẩu” nếu dùng e-mail, hoặc bằng mã một lần bạn cấp ở trang tài khoản.")
                    % {"name": appointment.user.full_name},
                )
            else:
                messages.success(request, _("Đã giao vai trò cho %(name)s.") % {"name": appointment.user.full_name})
            return redirect("appointing:appointments", code=unit.code)
    appointments = selectors.appointments_at(unit)
    return render(
        request,
        "accounts/appointments.html",
        {
            "unit": unit,
            "form": form,
            "appointments": appointments,
            "revocable": {a.pk for a in appointments if request.user.has_perm("unions.revoke_appointment", a)},
            # One query per person: a unit has a handful of officers, never thousands.
            "manageable": {a.user_id for a in appointments if request.user.has_perm("accounts.manage_account", a.user)},
            "trail": [u for u in selectors.ancestors_of(unit) if selectors.unit_in_view_scope(request.user, u)],
        },
    )


@login_required
@require_POST
def appointment_revoke_view(request, pk: int):
    appointment = Appointment.objects.select_related("unit", "user").filter(pk=pk).first()
    if appointment is None or not request.user.has_perm("unions.view_unit", appointment.unit):
        raise Http404
    if not request.user.has_perm("unions.revoke_appointment", appointment):
        raise PermissionDenied
    try:
        appointment_revoke(actor=request.user, appointment=appointment, source=ChangeSource.WEB)
    except AppointmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã thu hồi vai trò “%(role)s” của %(name)s.")
            % {"role": appointment.get_role_display(), "name": appointment.user.full_name},
        )
    return redirect("appointing:appointments", code=appointment.unit.code)


@login_required
@require_GET
def appointment_history(request, code: str):
    unit = _unit_to_manage(request, code)
    try:
        before = int(request.GET["before"]) if request.GET.get("before") else None
    except ValueError:
        before = None
    changes, next_before = selectors.appointment_history(unit, before=before)
    return render(
        request,
        "accounts/appointment_history.html",
        {"unit": unit, "changes": changes, "next_before": next_before, "first_page": before is None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def officers_import_view(request):
    """Federation staff and managers appoint many officers at once from a file (all or nothing)."""
    if not request.user.has_perm("unions.import_officers"):
        raise PermissionDenied
    form = OfficerImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("Tệp quá lớn (tối đa 2 MB); hãy chia thành nhiều tệp."))
        else:
            try:
                rows = read_officers_file(upload)
            except OfficerImportError as error:
                form.add_error("file", error.message)
            else:
                report = officers_import(rows=rows, actor=request.user, source=ChangeSource.IMPORT,
                                         note=upload.name[:200])
                if report.ok:
                    messages.success(
                        request,
                        _("Đã phân công %(appointed)s cán bộ (%(unchanged)s đã có từ trước); %(accounts)s tài khoản "
                          "mới sẽ đặt mật khẩu khi đăng nhập lần đầu.")
                        % {"appointed": format_count(report.appointed), "unchanged": format_count(report.unchanged),
                           "accounts": format_count(report.accounts_created)},
                    )
                    return redirect("appointing:officers_import")
    return render(request, "accounts/officers_import.html", {"form": form, "report": report})
