"""Responses that may hold someone's own data are kept out of every cache; public ones are not."""

from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views.decorators.cache import cache_control, never_cache

from initiatives_portal.middleware import PrivateResponsesMiddleware


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def test_a_logged_in_users_page_is_private_and_not_stored(client, worker):
    client.force_login(worker)
    response = client.get(reverse("submissions:mine"))
    assert {"private", "no-store"} <= _directives(response)


def test_a_streamed_export_is_private_and_not_stored(client, school_officer):
    client.force_login(school_officer)
    response = client.get(reverse("reviews:export", args=["csv"]))
    assert response.streaming
    assert {"private", "no-store"} <= _directives(response)


def test_an_anonymous_response_that_read_the_session_is_private_and_not_stored(rf: RequestFactory):
    request = rf.get("/")
    request.session = SessionStore()

    def view(request):
        return HttpResponse(request.session.get("unit_code", ""))

    assert {"private", "no-store"} <= _directives(PrivateResponsesMiddleware(view)(request))


def _logged_in_request(rf: RequestFactory):
    request = rf.get("/")
    request.COOKIES["sessionid"] = "a-session"
    return request


def test_a_view_that_says_no_store_keeps_its_own_header(rf: RequestFactory):
    response = PrivateResponsesMiddleware(never_cache(lambda r: HttpResponse()))(_logged_in_request(rf))
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_a_looser_header_of_a_view_is_made_private_for_a_logged_in_user(rf: RequestFactory):
    view = cache_control(public=True, max_age=600)(lambda r: HttpResponse())
    response = PrivateResponsesMiddleware(view)(_logged_in_request(rf))
    assert {"private", "no-store"} <= _directives(response) and "public" not in _directives(response)


def test_an_anonymous_response_that_never_touched_the_session_stays_cacheable(rf: RequestFactory):
    request = rf.get("/")
    response = PrivateResponsesMiddleware(cache_control(public=True, max_age=600)(lambda r: HttpResponse()))(request)
    assert _directives(response) == {"public", "max-age=600"}

