"""Log-in, registration (with the grassroots-union finder), the profile, passwords and one's own data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from unions import selectors as unit_selectors
from unions.enums import UnitKind
from unions.models import Unit

from . import selectors, services
from .enums import AccountAction
from .forms import (
    CloseAccountForm,
    EmailPasswordResetForm,
    LoginForm,
    NewPasswordForm,
    PasswordChangeForm,
    ProfileForm,
    RegistrationForm,
    ResetWithCodeForm,
)


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        """Without a ``next``, each person lands where their work is (``next`` still wins)."""
        return reverse(selectors.landing_url_name(self.request.user))


# Sent with the answer that ends a session: the browser drops what it stored for the portal
# (the initiative form's typed text, kept in localStorage until saved), so the next person on a
# shared phone finds nothing of the last one. Browsers act on it over HTTPS (and on localhost).
CLEAR_STORAGE = '"storage"'


def _cleared(response):
    response["Clear-Site-Data"] = CLEAR_STORAGE
    return response


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        return _cleared(super().post(request, *args, **kwargs))


def _chosen_grassroots(request) -> Unit | None:
    code = request.GET.get("unit") or request.POST.get("unit") or ""
    if not code or "\x00" in code:  # no code holds a NUL, and PostgreSQL refuses one in a query
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
        return _invitation_for_member(request)
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


def _invitation_for_member(request):
    """A unit's invite link (its poster's QR code) opened by someone already logged in.

    A member of that unit goes straight to the initiative form; anyone else is told whose
    invitation it is, which unit they belong to and how to move if they changed unit,
    rather than being sent elsewhere without a word. Without an invitation, the usual
    landing page.
    """
    unit = _chosen_grassroots(request) if request.method == "GET" else None
    if unit is None:
        return redirect(selectors.landing_url_name(request.user))
    if request.user.unit_id == unit.pk:
        return redirect("submissions:create")
    return render(request, "accounts/invitation_other_unit.html", {"invited_to": unit, "member_of": request.user.unit})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user,
                       reviews_initiatives=bool(unit_selectors.review_units(request.user)))
    if request.method == "POST" and form.is_valid():
        services.user_update_profile(form=form, actor=request.user)
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
        services.user_change_unit(user=request.user, unit=unit, actor=request.user)
        messages.success(request, _("Đã chuyển sang %(unit)s.") % {"unit": unit.name})
        return redirect("accounts:profile")
    finder = unit_selectors.picker_state(at_code=request.GET.get("at", ""), query=request.GET.get("q", ""))
    return render(
        request,
        "accounts/change_unit.html",
        {"finder": finder, "action": "accounts:change_unit", "chosen": unit},
    )


# --- passwords ------------------------------------------------------------------------------

BACKEND = "accounts.backends.PhoneOrEmailBackend"


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    if request.user.must_set_password:
        return redirect("accounts:password_setup")
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_set_password(user=request.user, password=form.cleaned_data["new_password1"],
                                   action=AccountAction.PASSWORD_CHANGED, actor=request.user)
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Đã đổi mật khẩu."))
        return redirect("accounts:profile")
    return render(request, "accounts/password_change.html", {"form": form})


@sensitive_post_parameters()
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_setup(request):
    """First log-in of an account created at an appointment: a password before anything else."""
    if not request.user.must_set_password:
        return redirect("accounts:password_change")
    form = NewPasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.user_set_password(user=request.user, password=form.cleaned_data["new_password1"],
                                   action=AccountAction.PASSWORD_SET, actor=request.user)
        update_session_auth_hash(request, request.user)
        messages.success(request, _("Đã đặt mật khẩu. Từ nay bạn đăng nhập bằng mật khẩu này."))
        target = request.POST.get("next") or request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect(selectors.landing_url_name(request.user))
    return render(request, "accounts/password_setup.html", {"form": form, "next": request.GET.get("next", "")})


class PasswordResetView(auth_views.PasswordResetView):
    """Step 1 of the reset by e-mail: the address; the page says the same whether or not it is registered."""

    form_class = EmailPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_sent")


class PasswordResetSentView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_sent.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Step 2: the link from the e-mail, then the new password (recorded in the account's history)."""

    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        services.user_set_password(user=form.user, password=form.cleaned_data["new_password1"],
                                   action=AccountAction.PASSWORD_RESET_BY_EMAIL, actor=form.user)
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def reset_with_code(request):
    """For workers without e-mail: phone, the one-time code an officer gave them, and a new password."""
    form = ResetWithCodeForm(None, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.reset_code_redeem(identifier=form.cleaned_data["identifier"],
                                              code=form.cleaned_data["code"],
                                              password=form.cleaned_data["new_password1"])
        except services.AccountError as error:
            form.add_error("code", error.message)
        else:
            login(request, user, backend=BACKEND)
            messages.success(request, _("Đã đặt mật khẩu mới. Bạn đã đăng nhập."))
            return redirect(selectors.landing_url_name(user))
    return render(request, "accounts/reset_with_code.html", {"form": form})


# --- personal data (Decree 13/2023/NĐ-CP) -----------------------------------------------------


def privacy(request):
    """What the portal keeps about a person and why, in plain words."""
    return render(request, "accounts/privacy.html")


@sensitive_post_parameters()
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def close_account(request):
    """The holder closes their account: it is anonymised; their initiatives keep counting."""
    form = CloseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_close(user=request.user)
        except services.AccountError as error:
            messages.error(request, error.message)
        else:
            logout(request)
            messages.success(request, _("Tài khoản đã được đóng và dữ liệu cá nhân đã được xóa. Cảm ơn bạn đã tham gia."))
            return _cleared(redirect("home"))
    return render(request, "accounts/close_account.html", {"form": form})
