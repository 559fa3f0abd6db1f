"""The small cache entries a page reads, asked for in one round trip before it renders.

A page of a unit reads a few small entries besides its figures: the reference data's
version and the figures built under it, the unit's reports recorded as sent, whether it has
awards, the person's unread count. Read one by one, each is a network round trip to the
cache, paid on every request; on a busy machine each one also waits for the cache server's
turn on a core. ``prefetched(keys)`` reads them in one ``get_many`` and, until its block
ends, ``get`` and ``get_many`` here answer those keys from that read (an absent key as a
miss, without asking again). ``set`` here writes through and keeps the value for the rest of
the block, so a value built on a miss is read once.

The keys come from the apps that read them (``register``): each names its own keys for a
request and a unit, and a page asks for all of them without knowing any. Outside a block
``get`` and ``get_many`` are the cache's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache

_ABSENT = object()
_read: ContextVar[dict | None] = ContextVar("page_reads", default=None)

# Given the request and the unit a page shows (None on a page of no unit), the keys it will read.
KeysOf = Callable[[object, object], Iterable[str]]
_providers: list[KeysOf] = []


def register(keys_of: KeysOf) -> KeysOf:
    """Add ``keys_of`` to what ``page_keys`` asks (once per function; an app's ``ready``)."""
    if keys_of not in _providers:
        _providers.append(keys_of)
    return keys_of


def page_keys(request, unit=None) -> list[str]:
    """Every registered app's keys for ``request`` and ``unit``."""
    return [key for keys_of in _providers for key in keys_of(request, unit)]


@contextmanager
def prefetched(keys: Iterable[str]) -> Iterator[None]:
    """Read ``keys`` in one round trip and answer them from that read until the block ends
    (nested blocks add their keys to the outer one's)."""
    outer = _read.get()
    wanted = [key for key in dict.fromkeys(keys) if outer is None or key not in outer]
    found = cache.get_many(wanted) if wanted else {}
    read = dict(outer or {})
    read.update({key: found.get(key, _ABSENT) for key in wanted})
    token = _read.set(read)
    try:
        yield
    finally:
        _read.reset(token)


def get(key: str, default=None):
    """``cache.get(key, default)``, from the block's read when it holds ``key``."""
    read = _read.get()
    if read is not None and key in read:
        value = read[key]
        return default if value is _ABSENT else value
    return cache.get(key, default)


def get_many(keys: Iterable[str]) -> dict:
    """``cache.get_many(keys)``: the keys the block read from its read, the others in one round trip."""
    keys = list(keys)
    read = _read.get() or {}
    result = {key: read[key] for key in keys if key in read and read[key] is not _ABSENT}
    rest = [key for key in keys if key not in read]
    if rest:
        result.update(cache.get_many(rest))
    return result


def forget(key: str) -> None:
    """Delete ``key`` from the cache at once and again once the write under way is committed:
    a page read meanwhile, before the commit, must not keep the value as it was."""
    from django.db import transaction

    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def set(key: str, value, timeout) -> None:  # noqa: A001 - the cache's own verb
    """``cache.set``, the value kept for the rest of the block when the block read ``key``."""
    cache.set(key, value, timeout)
    read = _read.get()
    if read is not None and key in read:
        read[key] = value
