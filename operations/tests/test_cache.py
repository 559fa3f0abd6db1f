"""The Redis cache degrades to an empty cache when Redis is away, paying one timeout per retry window."""

import time

import pytest
from django.core.cache import caches

from operations import cache as resilient_cache

from .servers import HungRedis, PrivateRedis, free_port


@pytest.fixture
def redis_cache(settings):
    """Points the cache at a URL and returns the cache."""
    settings.REDIS_CACHE_RETRY_AFTER = 10.0
    resilient_cache._absent_until.clear()

    def at(url):
        options = {"socket_timeout": settings.REDIS_SOCKET_TIMEOUT,
                   "socket_connect_timeout": settings.REDIS_SOCKET_TIMEOUT}
        settings.CACHES = {"default": {"BACKEND": "operations.cache.ResilientRedisCache", "LOCATION": url,
                                       "OPTIONS": options}}
        return caches["default"]

    yield at
    resilient_cache._absent_until.clear()


def test_down_redis_reads_as_empty_cache(redis_cache):
    cache = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    cache.set("failures", 3)
    assert cache.get("failures", 0) == 0
    assert cache.add("failures", 1) is True


def test_hung_redis_costs_one_timeout_then_none(redis_cache, settings):
    hung = HungRedis()
    try:
        cache = redis_cache(hung.url)
        started = time.monotonic()
        cache.get("a")
        first = time.monotonic() - started
        started = time.monotonic()
        for key in ("b", "c", "d"):
            cache.get(key)
        after = time.monotonic() - started
    finally:
        hung.close()
    assert first < settings.REDIS_SOCKET_TIMEOUT * 2
    assert after < 0.05


@pytest.mark.skipif(not __import__("shutil").which("redis-server"), reason="needs redis-server")
def test_cache_uses_redis_again_after_the_retry_window(redis_cache, settings):
    server = PrivateRedis()
    cache = redis_cache(server.url)
    settings.REDIS_CACHE_RETRY_AFTER = 0.2
    cache.get("a")
    server.start()
    try:
        time.sleep(0.25)
        cache.set("failures", 2)
        assert cache.get("failures") == 2
    finally:
        server.stop()


def _pickle_of_a_class_this_release_does_not_have() -> bytes:
    """What a previous release cached for a class kept in a module that has since moved."""
    import pickle
    import sys
    import types

    module = types.ModuleType("portal_previous_release")
    module.Dashboard = type("Dashboard", (), {"__module__": module.__name__})
    sys.modules[module.__name__] = module
    try:
        return pickle.dumps(module.Dashboard())
    finally:
        del sys.modules[module.__name__]


@pytest.mark.skipif(not __import__("shutil").which("redis-server"), reason="needs redis-server")
def test_an_entry_another_release_cached_reads_as_a_miss_and_is_dropped(redis_cache):
    server = PrivateRedis()
    server.start()
    try:
        cache = redis_cache(server.url)
        cache.set("dashboard", "placeholder")
        raw_key = cache.make_and_validate_key("dashboard")
        with server.client() as client:
            client.set(raw_key, _pickle_of_a_class_this_release_does_not_have())
            assert cache.get("dashboard", "missed") == "missed"
            assert client.exists(raw_key) == 0
    finally:
        server.stop()


@pytest.mark.skipif(not __import__("shutil").which("redis-server"), reason="needs redis-server")
def test_get_many_keeps_readable_entries_beside_one_from_another_release(redis_cache):
    server = PrivateRedis()
    server.start()
    try:
        cache = redis_cache(server.url)
        cache.set_many({"kept": 7, "stale": 0})
        with server.client() as client:
            client.set(cache.make_and_validate_key("stale"), _pickle_of_a_class_this_release_does_not_have())
        assert cache.get_many(["kept", "stale"]) == {"kept": 7}
    finally:
        server.stop()
