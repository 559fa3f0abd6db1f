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
