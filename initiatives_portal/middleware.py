from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _


def chosen_language(request) -> str:
    """The language the user chose with the switcher (a cookie), else the site's: Vietnamese."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Vietnamese unless the user chose another language with the switcher (a cookie).

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored: a worker
    whose phone is set to English still sees the Vietnamese portal until they switch.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        # A public page rendered the same for everyone, in Vietnamese (the showcase, a
        # certificate's check) does not vary with the cookie: a shared cache keeps one copy.
        if not getattr(response, "same_for_everyone", False):
            patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class PrivateResponsesMiddleware:
    """``Cache-Control: private, no-store`` on every response that may hold someone's own data.

    That is every response to a browser holding a session (a logged-in user's pages and
    exports, streamed or not) and every response that set or read the session. Neither a
    shared cache nor the browser's disk may keep them: an export opened on a shared office
    computer must not stay there for the next person. It sits outside the session
    middleware to see the session cookie it sets. A response that already says
    ``no-store`` keeps its own header; static files (served before this runs) and public
    pages that never touch the session stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _may_hold_private_data(request, response) and "no-store" not in response.get("Cache-Control", "").lower():
            patch_cache_control(response, private=True, no_store=True)
        return response


def _may_hold_private_data(request, response) -> bool:
    cookie = settings.SESSION_COOKIE_NAME
    if cookie in request.COOKIES or cookie in response.cookies:
        return True
    session = getattr(request, "session", None)
    if session is not None and session.accessed:
        return True
    user = getattr(request, "_cached_user", None)
    return user is not None and user.is_authenticated


class RejectNulInUrlMiddleware:
    """Answer 400 to an address whose path or query string holds a NUL character.

    No page takes a NUL in its address, and PostgreSQL refuses one in any text value,
    so a view looking it up (a unit code, a search) would fail with a server error. Text
    typed into forms is checked by the forms themselves, field by field.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _address_has_nul(request):
            return HttpResponseBadRequest(
                _("Địa chỉ yêu cầu chứa ký tự không hợp lệ (NUL)."), content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


def _address_has_nul(request) -> bool:
    texts = [request.path_info]
    for key, values in request.GET.lists():
        texts += [key, *values]
    return any("\x00" in text for text in texts)


class CompressPagesMiddleware(GZipMiddleware):
    """Pages, htmx fragments and JSON gzip-compressed for a browser that accepts it.

    A page is a fifth of its size compressed: on a worker's first visit to the initiative
    form, the HTML alone was a quarter of the bytes sent (docs/usability.md). Static files
    are compressed ahead of time by WhiteNoise, which answers before this runs. Downloads
    (attachments, spreadsheets: mostly compressed already) and streamed exports go out as
    they are. Django's gzip adds random bytes to each response (BREACH mitigation), and
    the CSRF token in a page is masked anew for every response.
    """

    COMPRESSED_TYPES = ("text/html", "application/json")

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if response.streaming or content_type not in self.COMPRESSED_TYPES:
            return response
        return super().process_response(request, response)
