"""Officers' pages on the members of their subtree: the list, a member, lock and unlock, one-time reset codes."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from unions import selectors as unit_selectors
from unions.models import Unit

from . import selectors, services
from .models import User


def _require_officer(user) -> None:
    if not user.has_perm("accounts.view_members"):
        raise PermissionDenied


def _require_officer_or_manager(user) -> None:
    if not (user.has_perm("accounts.view_members") or user.has_perm("unions.import_officers")):
        raise PermissionDenied


def _member_for(request, pk: int) -> User:
    """A member of the officer's subtree, or an account they may manage (an appointee); 404 otherwise."""
    member = selectors.members_visible_to(request.user).select_related("unit").filter(pk=pk).first()
    if member is None:
        member = User.objects.select_related("unit").filter(pk=pk).first()
        if member is None or not request.user.has_perm("accounts.manage_account", member):
            raise Http404
    return member


@login_required
@require_GET
def members(request):
    _require_officer(request.user)
    query = (request.GET.get("q") or "").strip()[:100]
    within = None
    if code := request.GET.get("unit", ""):
        within = Unit.objects.filter(code=code).first()
        if within is None or not unit_selectors.unit_in_review_scope(request.user, within):
            raise Http404
    try:
        after = int(request.GET.get("after", "")) if request.GET.get("after") else None
    except ValueError:
        after = None
    page = selectors.members_page(request.user, query=query, within=within, after=after)
    params = {key: value for key, value in (("q", query), ("unit", within.code if within else "")) if value}
    return render(
        request,
        "accounts/members.html",
        {
            "page": page,
            "query": query,
            "within": within,
            "params": urlencode(params),
            "first_page": after is None,
            "count_cap": selectors.MEMBERS_COUNT_CAP,
            "scopes": unit_selectors.review_units(request.user),
        },
    )


@login_required
@require_GET
def member_detail(request, pk: int):
    _require_officer_or_manager(request.user)
    member = _member_for(request, pk)
    return render(
        request,
        "accounts/member_detail.html",
        {
            "member": member,
            "appointments": unit_selectors.active_appointments(member),
            "history": selectors.account_history(member, limit=20),
            "may_manage": request.user.has_perm("accounts.manage_account", member),
        },
    )


def _manageable(request, pk: int) -> User:
    _require_officer_or_manager(request.user)
    member = _member_for(request, pk)
    if not request.user.has_perm("accounts.manage_account", member):
        raise PermissionDenied
    return member


@login_required
@require_POST
def member_deactivate(request, pk: int):
    member = _manageable(request, pk)
    try:
        services.user_deactivate(actor=request.user, user=member)
    except services.AccountError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã khóa tài khoản %(name)s: không đăng nhập được nữa; các sáng kiến vẫn được "
                                    "giữ và tính.") % {"name": member.full_name})
    return redirect("accounts:member", pk=member.pk)


@login_required
@require_POST
def member_reactivate(request, pk: int):
    member = _manageable(request, pk)
    try:
        services.user_reactivate(actor=request.user, user=member)
    except services.AccountError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã mở khóa tài khoản %(name)s.") % {"name": member.full_name})
    return redirect("accounts:member", pk=member.pk)


@never_cache
@login_required
@require_POST
def member_reset_code(request, pk: int):
    """Issue a one-time code and show it once: it is stored only as a hash."""
    member = _manageable(request, pk)
    try:
        code = services.reset_code_issue(actor=request.user, user=member)
    except services.AccountError as error:
        messages.error(request, error.message)
        return redirect("accounts:member", pk=member.pk)
    # Rendered, not redirected to: the code exists nowhere else (never_cache keeps it out of caches).
    return render(
        request,
        "accounts/reset_code_issued.html",
        {"member": member, "code": f"{code[:4]} {code[4:]}", "valid_hours": settings.RESET_CODE_VALID_HOURS},
    )
