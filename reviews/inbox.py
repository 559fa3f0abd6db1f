"""Other messages listed with a user's notifications, from apps above reviews.

Reviews owns the notifications page and its badge; an app above it (the digests of the
waiting initiatives, in ``reports``) registers a source here when it starts, so the page lists
its messages, "mark all read" reaches them and the badge counts them, without reviews
importing that app (the layers allow imports downward only).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet


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
