from django.conf import settings
from django.http import HttpResponseBadRequest
from django.utils import translation
from django.utils.cache import patch_vary_headers
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
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


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
