"""A bad Host (400) and a failed CSRF check (403) answer the portal's Vietnamese pages."""

from django.test import Client
from django.urls import reverse
from django.utils import translation


def _after_an_english_request():
    # A thread keeps the language of the last request it served.
    translation.activate("en")


def test_a_bad_host_gets_the_vietnamese_400_page(client, db):
    _after_an_english_request()
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Yêu cầu không hợp lệ" in page and "Về trang chủ" in page


def test_a_bad_host_refused_before_the_language_is_chosen_gets_the_vietnamese_page(client, db, settings):
    # The HTTPS redirect reads the host first, before the language middleware runs.
    settings.SECURE_SSL_REDIRECT = True
    _after_an_english_request()
    response = client.get("/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Về trang chủ" in response.content.decode()


def test_a_failed_csrf_check_gets_the_vietnamese_403_page(db):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("accounts:login"), {"username": "0912345678", "password": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Không gửi được biểu mẫu" in page and "Về trang chủ" in page
    assert "CSRF" not in page
