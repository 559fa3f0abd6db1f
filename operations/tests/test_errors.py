"""A request that loses the database answers a plain 503 with Retry-After; other failures stay a 500."""

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import path

from initiatives_portal.urls import handler500
from initiatives_portal.urls import urlpatterns as portal_urls


def losing_the_database(request):
    raise OperationalError("server closed the connection unexpectedly")


def using_a_closed_connection(request):
    raise InterfaceError("connection already closed")


def failing_otherwise(request):
    raise ValueError("a bug")


urlpatterns = [
    path("lost/", losing_the_database),
    path("closed/", using_a_closed_connection),
    path("bug/", failing_otherwise),
    *portal_urls,
]


@pytest.fixture
def browser(settings, db):
    settings.ROOT_URLCONF = __name__
    return Client(raise_request_exception=False)


def test_portal_uses_the_operations_error_handler():
    assert handler500 == "operations.errors.server_error"


@pytest.mark.parametrize("url", ["/lost/", "/closed/"])
def test_lost_database_answers_503_with_retry_after(browser, url):
    response = browser.get(url)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert response["Cache-Control"] == "no-store"


def test_503_page_is_in_vietnamese_without_internals(browser):
    text = browser.get("/lost/").content.decode()
    assert "Hệ thống đang bận, xin thử lại sau" in text
    assert "server closed" not in text and "OperationalError" not in text


def test_other_failures_remain_500(browser):
    response = browser.get("/bug/")
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


def test_database_lost_in_a_middleware_also_answers_503(browser, settings, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore

    def lose_database(self, *args, **kwargs):
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(SessionStore, "load", lose_database)
    browser.cookies["sessionid"] = "an-existing-session"
    response = browser.get("/initiatives/")
    assert response.status_code == 503
