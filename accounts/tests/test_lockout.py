"""Log-in throttling: too many wrong passwords lock the account (however it is written) and the address."""

import pytest
from django.urls import reverse

from accounts.tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3


def _try(client, username, password="sai-mật-khẩu", ip="10.0.0.1"):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_account_is_locked_after_too_many_failures_with_a_clear_message(client, worker):
    for _ in range(3):
        _try(client, "0912345678")
    response = _try(client, "0912345678", PASSWORD)
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_other_spellings_of_the_phone_count_for_the_same_account(client, worker):
    for spelling in ("0912 345 678", "+84912345678", "0912.345.678"):
        _try(client, spelling, ip=f"10.0.0.{len(spelling)}")
    assert _try(client, "0912345678", PASSWORD, ip="10.9.9.9").status_code == 429


def test_address_is_locked_whatever_account_it_tries(client, worker, other_worker):
    for phone in ("0900000011", "0900000012", "0900000013"):
        _try(client, phone, ip="10.1.1.1")
    assert _try(client, "0987654321", PASSWORD, ip="10.1.1.1").status_code == 429


def test_success_before_the_limit_resets_the_count(client, worker):
    _try(client, "0912345678")
    _try(client, "0912345678")
    assert _try(client, "0912345678", PASSWORD).status_code == 302
    client.logout()
    _try(client, "0912345678")
    assert _try(client, "0912345678", PASSWORD).status_code == 302
