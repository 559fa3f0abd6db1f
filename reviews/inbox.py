"""Other messages listed with a user's notifications, from apps above reviews.

Reviews owns the notifications page and its badge; an app above it (the digests of the
waiting initiatives, in ``reports``) registers a source here when it starts, so the page lists
its messages, "mark all read" reaches them and the badge counts them, without reviews
importing that app (the layers allow imports downward only).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet

from initiatives_portal import page_reads


@dataclass(frozen=True)
class InboxSource:
    # The user's unread messages, as a queryset (any model): the badge counts them in the
    # notifications' own query.
    unread: Callable[[Any], QuerySet]
    # What the notifications page lists (newest first), rendered by ``template`` as ``items``.
    recent: Callable[[Any], list]
    template: str
    # Marks every message of the user read; returns how many.
    mark_read: Callable[[Any], int]


_sources: list[InboxSource] = []


def register(source: InboxSource) -> None:
    """Add ``source`` (once: an app's ``ready`` may run again in tests)."""
    if source not in _sources:
        _sources.append(source)


def sources() -> tuple[InboxSource, ...]:
    return tuple(_sources)


# The badge's count of a user's unread messages is cached (``selectors.unread_notifications_count``)
# until a writer says it changed: for one user (a notification or digest written, read or
# deleted) or for everyone at once (a source's set-based writes, such as the day's digests),
# which moves the generation every cached count was stored under. The bound limits how long
# a write that said nothing (none is known) could leave a badge wrong.
UNREAD_CACHE_SECONDS = 900
UNREAD_GENERATION_KEY = "reviews:unread:generation"


def unread_key(user_id: int) -> str:
    return f"reviews:unread:{user_id}"


def unread_changed(user_id: int) -> None:
    """``user_id``'s unread messages changed: their badge is counted again, at once and once
    the write is committed (a page read meanwhile must not keep the count as it was)."""
    page_reads.forget(unread_key(user_id))


def everyones_unread_changed() -> None:
    """Messages of many users were written at once: every badge is counted again."""
    def bump() -> None:
        cache.set(UNREAD_GENERATION_KEY, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)
