"""Log-in throttling on top of django-axes: whom a run of wrong passwords locks out, for how long, and why.

Many people log in from one address: a factory's Wi-Fi, a union office behind one NAT.
So a lock never holds back people who did nothing wrong, and there are three of them,
each lasting the cool-off (``AXES_COOLOFF_TIME``) from the failure that set it:

- an account *from one address*, after ``AXES_FAILURE_LIMIT`` wrong passwords: axes' own
  counter (``AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]``, the pair). The person
  who mistyped waits; their colleague on the same Wi-Fi logs in.
- an *address*, whatever account it tries, after ``AXES_ADDRESS_FAILURE_LIMIT`` wrong
  passwords for at least ``AXES_ADDRESS_ACCOUNT_LIMIT`` different accounts within one
  cool-off (credential stuffing). An account that then logs in from there takes its own
  failures back, so an office whose people mistype and then get in is never blocked.
- an *account from every address*, after ``AXES_ACCOUNT_FAILURE_LIMIT`` wrong passwords
  within one cool-off, wherever they came from (guesses spread over many addresses).

The address and account-wide counters and the end of every lock live in the cache
(Redis in production, shared by every process), whichever handler keeps axes' own pair
counter. Each request that is refused or that sets a lock carries ``request.login_lock``
(a :class:`LoginLock`), which :func:`lockout_response` turns into a page saying which lock
it is and until when.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import ipaddress
from dataclasses import dataclass

from axes.handlers.cache import AxesCacheHandler
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cache, get_client_username, get_cool_off, get_credentials
from django.conf import settings
from django.shortcuts import render
from django.utils import dateformat, timezone

from .enums import LoginLockScope


@dataclass(frozen=True)
class LoginLock:
    scope: LoginLockScope
    until: dt.datetime


def client_ip_address(request) -> str | None:
    """The address of whoever sent ``request``, seen through ``TRUSTED_PROXY_COUNT`` reverse proxies.

    Each trusted proxy appends the address it was reached from to ``X-Forwarded-For``, so
    the client is the entry that many places from the right; anything left of it was
    written by the client and proves nothing. With no proxy (or a request that did not
    pass through them all) it is the address of the connection itself.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _key(*parts: str) -> str:
    # Hashed: identifiers are personal data and may hold characters a cache key may not.
    return "login-throttle:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _pair_lock_key(account: str, address: str) -> str:
    return _key("pair-lock", account, address)


def _address_lock_key(address: str) -> str:
    return _key("address-lock", address)


def _address_failures_key(address: str) -> str:
    return _key("address-failures", address)


def _address_accounts_key(address: str) -> str:
    return _key("address-accounts", address)


def _account_lock_key(account: str) -> str:
    return _key("account-lock", account)


def _account_failures_key(account: str) -> str:
    return _key("account-failures", account)


def _count(cache, key: str, timeout: int) -> int:
    """Add one to a counter that lives ``timeout`` seconds from its first count (a fixed window)."""
    if cache.add(key, 1, timeout):
        return 1
    try:
        # INCR keeps the key's expiry: the window does not slide with every failure.
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.add(key, 1, timeout)
        return 1


def _take_back(cache, key: str, amount: int) -> None:
    """Subtract up to ``amount`` from a counter, never below zero."""
    amount = min(amount, cache.get(key, 0) or 0)
    if amount > 0:
        try:
            cache.decr(key, amount)
        except ValueError:  # expired meanwhile: nothing left to take back
            pass


def _until(value) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(value, tz=dt.UTC) if value else None


class LoginThrottleMixin:
    """The three locks of this module, over axes' pair counter (kept by the handler it is mixed into)."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        lock = self.current_lock(request, credentials)
        request.login_lock = lock
        return lock is not None

    def current_lock(self, request, credentials: dict | None = None) -> LoginLock | None:
        """The lock that holds back this request's account from its address, if any (the narrowest first)."""
        account = get_client_username(request, credentials) or ""
        address = request.axes_ip_address or ""
        cache = get_cache()
        if super().is_locked(request, credentials):
            until = _until(cache.get(_pair_lock_key(account, address)))
            return LoginLock(LoginLockScope.ACCOUNT_FROM_ADDRESS, until or self._new_until(request))
        if address and (until := _until(cache.get(_address_lock_key(address)))):
            return LoginLock(LoginLockScope.ADDRESS, until)
        if account and (until := _until(cache.get(_account_lock_key(account)))):
            return LoginLock(LoginLockScope.ACCOUNT, until)
        return None

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        # Set by the backend when it refused a locked request: that is no new failure to count.
        refused = request is not None and getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or refused or request.axes_failures_since_start is None:
            return
        account = get_client_username(request, credentials) or ""
        address = request.axes_ip_address or ""
        cache = get_cache()
        until = self._new_until(request)
        timeout = max(1, int((until - request.axes_attempt_time).total_seconds()))
        locks = []
        if request.axes_locked_out:  # axes' pair counter has just reached AXES_FAILURE_LIMIT
            cache.set(_pair_lock_key(account, address), until.timestamp(), timeout)
            locks.append(LoginLock(LoginLockScope.ACCOUNT_FROM_ADDRESS, until))
        if address:
            failures = _count(cache, _address_failures_key(address), timeout)
            accounts_key = _address_accounts_key(address)
            # The pair's first failure in its window: one more account tried from this address.
            accounts = (_count(cache, accounts_key, timeout) if request.axes_failures_since_start == 1
                        else cache.get(accounts_key, 0) or 0)
            if failures >= settings.AXES_ADDRESS_FAILURE_LIMIT and accounts >= settings.AXES_ADDRESS_ACCOUNT_LIMIT:
                cache.add(_address_lock_key(address), until.timestamp(), timeout)
                locks.append(LoginLock(LoginLockScope.ADDRESS, until))
        if account:
            if _count(cache, _account_failures_key(account), timeout) >= settings.AXES_ACCOUNT_FAILURE_LIMIT:
                cache.add(_account_lock_key(account), until.timestamp(), timeout)
                locks.append(LoginLock(LoginLockScope.ACCOUNT, until))
        if locks:
            request.login_lock = locks[0]
            request.axes_locked_out = True
            request.axes_credentials = credentials

    def user_logged_in(self, sender, request, user, **kwargs):
        credentials = get_credentials(user.get_username())
        address = request.axes_ip_address or ""
        # Read before axes resets the pair: these failures were this account's own mistakes,
        # not an attack on the address.
        own_failures = self.get_failures(request, credentials) if address else 0
        super().user_logged_in(sender, request, user, **kwargs)
        if own_failures:
            cache = get_cache()
            _take_back(cache, _address_failures_key(address), own_failures)
            _take_back(cache, _address_accounts_key(address), 1)

    @staticmethod
    def _new_until(request) -> dt.datetime:
        return (request.axes_attempt_time or timezone.now()) + get_cool_off(request)


class LoginThrottleCacheHandler(LoginThrottleMixin, AxesCacheHandler):
    """The pair counter in the cache (production, with Redis)."""


class LoginThrottleDatabaseHandler(LoginThrottleMixin, AxesDatabaseHandler):
    """The pair counter in the database (without Redis)."""


def lockout_response(request, original_response=None, credentials=None):
    """The page for a refused or locking log-in: which lock it is and until what time (AXES_LOCKOUT_CALLABLE)."""
    lock = getattr(request, "login_lock", None) or LoginLock(
        LoginLockScope.ACCOUNT_FROM_ADDRESS, timezone.now() + get_cool_off(request)
    )
    until = timezone.localtime(lock.until)
    # The hour alone when the lock ends today (local time), with the date otherwise.
    time = dateformat.format(until, "H:i" if until.date() == timezone.localdate() else "H:i d/m/Y")
    context = {"scope": lock.scope, "until": until, "time": time}
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=settings.AXES_HTTP_RESPONSE_CODE)
