"""Cached queue counts, kept right by a version per subtree that every change bumps.

Counting a province's tabs reads tens of thousands of index entries; an officer reloads
the queue far more often than anything in the province changes. So counts are cached
with the versions of the subtrees they were counted in, and a change to an initiative
bumps the version of its unit and of every unit above it (after the commit): the next
page view in any scope containing that unit counts again, whatever process serves it.

Writes that bypass ``reviews.services`` (the COPY import, moving or merging units) call
``queue_changed`` themselves. What is missed (an edit of a returned initiative's field,
say) is recounted at the latest after ``COUNTS_SECONDS``.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable

from django.core.cache import cache

from unions.models import Unit

COUNTS_SECONDS = 60
# A version only has to outlive the counts cached under it; a lost one is drawn anew.
_VERSION_SECONDS = 24 * 3600
_EVERYWHERE = "reviews:queue-version:*"


def _version_key(path: str) -> str:
    return f"reviews:queue-version:{path}"


def queue_changed(*, unit_paths: Iterable[str] = (), everywhere: bool = False) -> None:
    """Initiatives of the units at ``unit_paths`` changed (or anywhere): their queue counts are stale.

    Call it once the change is committed (``transaction.on_commit``): a count taken
    between the bump and the commit would be cached under the new version.
    """
    keys = {_EVERYWHERE} if everywhere else set()
    for path in unit_paths:
        # The unit's own subtree and each one above it, up to "" (everything).
        keys.update(_version_key(path[:end]) for end in range(0, len(path) + 1, Unit.steplen))
    if keys:
        cache.set_many(dict.fromkeys(keys, uuid.uuid4().hex), _VERSION_SECONDS)


def cached_counts(parts: Iterable[object], subtree_paths: Iterable[str], count: Callable[[], dict]) -> dict:
    """``count()``, served from the cache while nothing changed in the subtrees at ``subtree_paths``.

    ``parts`` name what else the counts depend on (who, which filters). One cache round
    trip on a hit. On a miss the versions are read before counting, so that a change
    committed meanwhile leaves the new counts under versions already superseded.
    """
    key = "reviews:queue-counts:" + hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()
    version_keys = sorted({_EVERYWHERE, *(_version_key(p) for p in subtree_paths)})
    found = cache.get_many([key, *version_keys])
    versions = [found.get(k) for k in version_keys]
    if None in versions:
        versions = _ensure_versions(version_keys, found)
    elif key in found and found[key][0] == versions:
        return found[key][1]
    counts = count()
    if None not in versions:
        cache.set(key, (versions, counts), COUNTS_SECONDS)
    return counts


def _ensure_versions(version_keys: list[str], found: dict) -> list[str | None]:
    """The versions at ``version_keys``, drawing one for each missing (another process may
    draw it at the same time: whichever was stored first counts)."""
    missing = [k for k in version_keys if found.get(k) is None]
    for k in missing:
        cache.add(k, uuid.uuid4().hex, _VERSION_SECONDS)
    found = {**found, **cache.get_many(missing)}
    return [found.get(k) for k in version_keys]
