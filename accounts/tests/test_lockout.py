"""Log-in throttling: wrong passwords lock an account from one address, an address only after
failures across many accounts, an account everywhere only after many failures; the page says which."""

import datetime as dt
import os
import re
import uuid

import pytest
from axes.handlers.proxy import AxesProxyHandler
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import PASSWORD, UserFactory

FACTORY_WIFI = "10.0.0.1"


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    settings.AXES_ADDRESS_ACCOUNT_LIMIT = 4
    settings.AXES_ACCOUNT_FAILURE_LIMIT = 8


@pytest.fixture(params=[
    "cache",
    "database",
    pytest.param("redis", marks=[pytest.mark.redis, pytest.mark.skipif(not os.environ.get("REDIS_URL"),
                                                                       reason="REDIS_URL not set")]),
])
def handler(request, settings):
    """Each test runs with every counter in the cache, with axes' pair counter in the database
    (no Redis), and as in production: the cache handler on Redis through the resilient cache."""
    settings.AXES_HANDLER = {
        "cache": "accounts.throttling.LoginThrottleCacheHandler",
        "database": "accounts.throttling.LoginThrottleDatabaseHandler",
        "redis": "accounts.throttling.LoginThrottleCacheHandler",
    }[request.param]
    if request.param == "redis":
        # Production's cache (settings.py); a prefix of its own keeps this test's counters apart.
        settings.CACHES = {"default": {
            "BACKEND": "operations.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-lockout-{uuid.uuid4().hex}",
        }}
    AxesProxyHandler.get_implementation(force=True)
    yield request.param
    AxesProxyHandler.implementation = None


def _try(client, username, password="sai-mật-khẩu", ip=FACTORY_WIFI, **headers):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=ip,
                       **headers)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def _text(response) -> str:
    return response.content.decode()


def test_account_is_locked_from_the_address_after_too_many_failures(handler, client, worker):
    for _ in range(3):
        _try(client, "0912345678")
    response = _try(client, "0912345678", PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)


def test_colleague_behind_the_same_address_logs_in_while_an_account_is_locked(handler, client, worker,
                                                                             other_worker):
    for _ in range(3):
        _try(client, "0912345678")
    response = _try(client, "0987654321", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_locked_account_stays_locked_from_that_address_after_a_colleague_logs_in(handler, client, worker,
                                                                              other_worker):
    for _ in range(3):
        _try(client, "0912345678")
    _try(client, "0987654321", PASSWORD)
    client.logout()
    assert _try(client, "0912345678", PASSWORD).status_code == 429


def test_locked_account_logs_in_from_another_address(handler, client, worker):
    for _ in range(3):
        _try(client, "0912345678")
    assert _try(client, "0912345678", PASSWORD, ip="10.9.9.9").status_code == 302


def test_other_spellings_of_the_phone_count_for_the_same_account(handler, client, worker):
    for spelling in ("0912 345 678", "+84912345678", "0912.345.678"):
        _try(client, spelling)
    assert _try(client, "0912345678", PASSWORD).status_code == 429


def test_lock_page_names_the_account_and_network_and_the_time_it_ends(handler, client, worker):
    before = timezone.now()
    for _ in range(3):
        _try(client, "0912345678")
    text = _text(_try(client, "0912345678", PASSWORD))
    ends = timezone.localtime(before + dt.timedelta(minutes=15))
    assert "quá nhiều lần từ mạng này" in text
    assert f"thử lại sau {ends:%H:%M}" in text or f"thử lại sau {ends + dt.timedelta(minutes=1):%H:%M}" in text


def test_refused_attempts_do_not_push_the_end_of_the_lock(handler, client, worker, settings):
    for _ in range(3):
        _try(client, "0912345678")
    first = re.search(r"thử lại sau (\d\d:\d\d)", _text(_try(client, "0912345678"))).group(1)
    settings.AXES_COOLOFF_TIME = dt.timedelta(hours=3)  # a lock set again now would end hours later
    again = re.search(r"thử lại sau (\d\d:\d\d)", _text(_try(client, "0912345678"))).group(1)
    assert again == first


def test_address_is_locked_after_failures_across_many_accounts(handler, client, worker):
    for n in range(6):
        _try(client, f"09000000{n:02d}")
    response = _try(client, "0912345678", PASSWORD)
    assert response.status_code == 429
    assert not _logged_in(client)


def test_address_lock_page_says_the_network_was_blocked_not_that_the_user_mistyped(handler, client, worker):
    for n in range(6):
        _try(client, f"09000000{n:02d}")
    text = _text(_try(client, "0912345678", PASSWORD))
    assert "Mạng bạn đang dùng tạm bị chặn" in text
    assert "nhiều tài khoản khác nhau" in text
    assert "bạn không nhập sai" in text


def test_address_lock_leaves_other_addresses_alone(handler, client, worker):
    for n in range(6):
        _try(client, f"09000000{n:02d}")
    assert _try(client, "0912345678", PASSWORD, ip="10.9.9.9").status_code == 302


def test_many_failures_on_few_accounts_do_not_lock_the_address(handler, client, worker, other_worker):
    for phone in ("0900000001", "0900000002", "0900000003"):
        for _ in range(2):
            _try(client, phone)
    assert _try(client, "0912345678", PASSWORD).status_code == 302


def test_failures_of_people_who_then_log_in_do_not_lock_the_address(handler, client, db):
    people = [UserFactory() for _ in range(4)]
    for person in people:
        _try(client, person.phone)
        _try(client, person.phone)
        assert _try(client, person.phone, PASSWORD).status_code == 302
        client.logout()
    latecomer = UserFactory()
    _try(client, latecomer.phone)
    assert _try(client, latecomer.phone, PASSWORD).status_code == 302


def test_account_is_locked_everywhere_after_failures_from_many_addresses(handler, client, worker):
    for n in range(8):
        _try(client, "0912345678", ip=f"10.2.0.{n}")
    response = _try(client, "0912345678", PASSWORD, ip="10.3.0.1")
    assert response.status_code == 429
    assert "từ nhiều mạng khác nhau" in _text(response)


def test_success_before_the_limit_resets_the_count(handler, client, worker):
    _try(client, "0912345678")
    _try(client, "0912345678")
    assert _try(client, "0912345678", PASSWORD).status_code == 302
    client.logout()
    _try(client, "0912345678")
    assert _try(client, "0912345678", PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_lock_holds_the_clients_address_not_the_proxys(handler, client, worker,
                                                                                  settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        _try(client, "0912345678", ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert _try(client, "0912345678", PASSWORD, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302


def test_an_address_the_client_wrote_into_forwarded_for_does_not_escape_the_lock(handler, client, worker,
                                                                               settings):
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(3):
        _try(client, "0912345678", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7")
    response = _try(client, "0912345678", PASSWORD, ip="127.0.0.1",
                    HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.7")
    assert response.status_code == 429
