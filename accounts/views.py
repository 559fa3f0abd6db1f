"""Log-in, registration (with the grassroots-union finder) and the profile."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from unions import selectors as unit_selectors
from unions.enums import UnitKind
from unions.models import Unit

from . import services
from .forms import LoginForm, ProfileForm, RegistrationForm


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def _chosen_grassroots(request) -> Unit | None:
    code = request.GET.get("unit") or request.POST.get("unit") or ""
    if not code:
        return None
    return Unit.objects.filter(code=code, kind=UnitKind.GRASSROOTS, is_active=True).first()


def _finder_redirect(request, url_name: str):
    """A grassroots union picked in the finder's drop-down becomes the chosen unit."""
    at = request.GET.get("at", "")
    if at and Unit.objects.filter(code=at, kind=UnitKind.GRASSROOTS, is_active=True).exists():
        url = reverse(url_name) + "?" + urlencode({"unit": at})
        if request.headers.get("HX-Request"):
            # htmx would swap the next page into the finder; ask it to navigate instead.
            response = HttpResponse()
            response["HX-Redirect"] = url
            return response
        return redirect(url)
    return None


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect("submissions:mine")
    if (response := _finder_redirect(request, "accounts:register")) is not None:
        return response
    unit = _chosen_grassroots(request)
    if unit is None:
        if request.GET.get("unit"):
            messages.error(request, _("Không tìm thấy công đoàn cơ sở này. Vui lòng chọn lại."))
        finder = unit_selectors.picker_state(at_code=request.GET.get("at", ""), query=request.GET.get("q", ""))
        return render(request, "accounts/register_pick_unit.html", {"finder": finder, "action": "accounts:register"})
    form = RegistrationForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_register(form=form)
        except services.AccountError as error:
            messages.error(request, error.message)
        else:
            login(request, user, backend="accounts.backends.PhoneOrEmailBackend")
            messages.success(request, _("Chào mừng %(name)s! Tài khoản đã được tạo.") % {"name": user.full_name})
            return redirect("submissions:mine")
    return render(
        request,
        "accounts/register.html",
        {"form": form, "unit": unit, "unit_trail": unit_selectors.ancestors_of(unit)[1:]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Đã lưu hồ sơ."))
        return redirect("accounts:profile")
    unit = request.user.unit
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "unit": unit, "unit_trail": unit_selectors.ancestors_of(unit)[1:] if unit else []},
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_unit(request):
    if (response := _finder_redirect(request, "accounts:change_unit")) is not None:
        return response
    unit = _chosen_grassroots(request)
    if request.method == "POST" and unit is not None:
        services.user_change_unit(user=request.user, unit=unit)
        messages.success(request, _("Đã chuyển sang %(unit)s.") % {"unit": unit.name})
        return redirect("accounts:profile")
    finder = unit_selectors.picker_state(at_code=request.GET.get("at", ""), query=request.GET.get("q", ""))
    return render(
        request,
        "accounts/change_unit.html",
        {"finder": finder, "action": "accounts:change_unit", "chosen": unit},
    )
