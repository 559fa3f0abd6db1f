"""A Redis cache that a Redis outage, or a value left by another release, turns into a miss, not an error page.

The cache holds log-in throttling counters and rebuildable reads (dashboards, queue
counts). When Redis is down or hung, a request must still be answered within a second:
every call gets a short socket timeout (``REDIS_SOCKET_TIMEOUT``), and after a failure this
process leaves Redis alone for ``REDIS_CACHE_RETRY_AFTER`` seconds so that a request pays
one timeout at most instead of one per cache call. While Redis is away, failed log-ins are
not counted.

Cached objects are pickles that name their classes by module. After a deploy that moved or
renamed a class, an entry written by the previous release cannot be read by this one: it is
a miss, and the entry is dropped so the next read rebuilds it (the cache outlives deploys).
"""

from __future__ import annotations

import logging
import pickle
import threading
import time

from django.conf import settings
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What unpickling an entry written by another release raises: a class moved or renamed
# (ImportError, AttributeError), or a pickle this Python cannot read.
_UNREADABLE = (pickle.UnpicklingError, ImportError, AttributeError, EOFError, TypeError, ValueError, IndexError)

# Monotonic time until which each Redis location is treated as absent; shared by the threads of a process.
_absent_until: dict[tuple[str, ...], float] = {}
_absent_lock = threading.Lock()


class ResilientRedisCacheClient(RedisCacheClient):
    """Answers every call as an empty cache would while Redis cannot be reached."""

    def __init__(self, servers, **options):
        super().__init__(servers, **options)
        self._location = tuple(servers)
        self._clients: dict[object, object] = {}

    def get_client(self, key=None, *, write=False):
        # One client per pool, made once: Django makes a new one for every call, which costs
        # more CPU than the round trip on a page of a few cache reads (a client is thread-safe:
        # each command takes a connection from the pool).
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client

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
        try:
            return self._call("get", default, key, default)
        except _UNREADABLE as error:
            self._drop_unreadable(key, error)
            return default

    def _drop_unreadable(self, key, error: Exception) -> None:
        logger.info("Cache entry %s unreadable by this release (%s); dropped", key, error)
        self._call("delete", False, key)

    def set(self, key, value, timeout):
        return self._call("set", None, key, value, timeout)

    def touch(self, key, timeout):
        return self._call("touch", False, key, timeout)

    def delete(self, key):
        return self._call("delete", False, key)

    def get_many(self, keys):
        try:
            return self._call("get_many", {}, keys)
        except _UNREADABLE:
            # Read one by one: the readable entries are kept, the others dropped.
            missing = object()
            found = {key: self.get(key, missing) for key in keys}
            return {key: value for key, value in found.items() if value is not missing}

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
