"""A Redis cache that a Redis outage turns into an empty cache, not into error pages.

The cache only holds log-in throttling counters (django-axes). When Redis is down or hung,
a request must still be answered within a second: every call gets a short socket timeout
(``REDIS_SOCKET_TIMEOUT``), and after a failure this process leaves Redis alone for
``REDIS_CACHE_RETRY_AFTER`` seconds so that a request pays one timeout at most instead
of one per cache call. While Redis is away, failed log-ins are not counted.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Monotonic time until which each Redis location is treated as absent; shared by the threads of a process.
_absent_until: dict[tuple[str, ...], float] = {}
_absent_lock = threading.Lock()


class ResilientRedisCacheClient(RedisCacheClient):
    """Answers every call as an empty cache would while Redis cannot be reached."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._location = tuple(servers)

    def _call(self, name: str, fallback, *args):
        if time.monotonic() < _absent_until.get(self._location, 0.0):
            return fallback
        try:
            return getattr(super(), name)(*args)
        except (RedisError, OSError) as error:
            with _absent_lock:
                _absent_until[self._location] = time.monotonic() + settings.REDIS_CACHE_RETRY_AFTER
            logger.warning("Cache unreachable (%s); working without it for %s s", error,
                           settings.REDIS_CACHE_RETRY_AFTER)
            return fallback

    def add(self, key, value, timeout):
        # "Added": the caller then counts this as a first occurrence instead of incrementing.
        return self._call("add", True, key, value, timeout)

    def get(self, key, default):
        return self._call("get", default, key, default)

    def set(self, key, value, timeout):
        return self._call("set", None, key, value, timeout)

    def touch(self, key, timeout):
        return self._call("touch", False, key, timeout)

    def delete(self, key):
        return self._call("delete", False, key)

    def get_many(self, keys):
        return self._call("get_many", {}, keys)

    def has_key(self, key):
        return self._call("has_key", False, key)

    def incr(self, key, delta):
        return self._call("incr", delta, key, delta)

    def set_many(self, data, timeout):
        return self._call("set_many", None, data, timeout)

    def delete_many(self, keys):
        return self._call("delete_many", None, keys)

    def clear(self):
        return self._call("clear", False)


class ResilientRedisCache(RedisCache):
    """Django's Redis cache with :class:`ResilientRedisCacheClient` underneath."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient
