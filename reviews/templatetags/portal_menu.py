"""The main menu (``partials/menu_items.html``), rendered once per process for each set of
what it shows, then reused.

Every page renders the menu twice (the wide bar and the phone's list): some 40 URL
reversals and 50 translations, a fifth of a cached dashboard's CPU. Its markup depends only
on the roles the menu asks about (``reviews.context_processors.roles``,
``recognition.context_processors.recognition``), the page's view name (``aria-current``),
the language and the URL configuration, which together are the memo's key; the only
per-request part, the logout form's CSRF token, is put in after. The roles are read as the
template reads them, so a page does not evaluate a flag its menu does not show.
"""

from __future__ import annotations

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()

MENU_TEMPLATE = "partials/menu_items.html"
# Rendered in place of the CSRF token, replaced by the request's own token in the copy served.
_TOKEN_MARK = "menu-csrf-token-3b1f0c9e"  # noqa: S105  # a placeholder, no secret
# Roles × pages × languages × widths: a few hundred at most; the bound only guards memory.
_MAX_ENTRIES = 2048
_memo: dict[tuple, str] = {}


def clear_menu_memo(**kwargs) -> None:
    """Forget every rendered menu (a setting changed in a test, or templates reloaded)."""
    _memo.clear()


setting_changed.connect(clear_menu_memo, dispatch_uid="portal-menu-memo-settings")


def menu_key(context, wide: bool) -> tuple:
    """Everything the menu's markup depends on, read in the order and under the conditions
    of ``partials/menu_items.html``."""
    officer, staff = bool(context.get("is_officer")), bool(context.get("is_staff_member"))
    if officer or staff:
        roles = (officer, staff, bool(context.get("records_awards")), bool(context.get("can_view_status")))
    else:
        roles = (officer, staff, bool(context.get("sits_on_council")))
    match = getattr(context.get("request"), "resolver_match", None)
    return (bool(wide), roles, match.view_name if match is not None else None, translation.get_language(),
            get_script_prefix(), get_urlconf())


@register.simple_tag(takes_context=True)
def menu_items(context, *, wide: bool):
    """The menu's entries (``wide``: the bar, else the phone's list with the account links)."""
    token = context.get("csrf_token")
    # Without a token (a page rendered without the request) the logout form has none: rendered as is.
    memoize = not settings.DEBUG and token is not None and str(token) != "NOTPROVIDED"
    key = menu_key(context, wide) if memoize else None
    html = _memo.get(key) if key is not None else None
    if html is None:
        menu = context.template.engine.get_template(MENU_TEMPLATE)
        with context.push(wide=wide, **({"csrf_token": _TOKEN_MARK} if memoize else {})):
            html = menu.render(context)
        if key is not None:
            if len(_memo) >= _MAX_ENTRIES:
                _memo.clear()
            _memo[key] = html
    if memoize:
        html = html.replace(_TOKEN_MARK, str(token))
    return mark_safe(html)  # nosec B308, B703  # rendered by the template engine, which escaped it
