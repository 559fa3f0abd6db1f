"""Accounts that must set a password (created at an appointment) can do nothing else first."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

# Views such an account may still reach: the page that sets the password, logging out,
# the language switcher, the notice on personal data and the load balancers' check.
ALLOWED_VIEWS = frozenset({
    "accounts:password_setup",
    "accounts:logout",
    "accounts:privacy",
    "set_language",
    "healthz",
})


class PasswordSetupMiddleware:
    """Sends a signed-in account flagged ``must_set_password`` to the set-password page, whatever it asks for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        # Decided before ``request.user`` is touched, so /healthz never reads a session.
        if match is None or match.view_name in ALLOWED_VIEWS:
            return None
        # A public page the same for everyone (it reads no session, so a shared cache keeps
        # it) shows nothing of the account either.
        if getattr(view_func, "same_for_everyone", False):
            return None
        user = request.user
        if not (user.is_authenticated and user.must_set_password):
            return None
        url = reverse("accounts:password_setup")
        target = request.get_full_path()
        if request.method == "GET" and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            url += "?" + urlencode({"next": target})
        if request.headers.get("HX-Request"):
            response = HttpResponse()
            response["HX-Redirect"] = url
            return response
        return redirect(url)
