"""Initiatives like a given one, for the officer deciding it."""

from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q

from initiatives_portal.text import fold
from submissions.models import Initiative

from .filters import SEARCH_INDEX_STATES, text_q


def similar_initiatives(initiative: Initiative, *, limit: int = 5) -> list[Initiative]:
    """Possible duplicates: other initiatives of the same unit sharing the title's longest words."""
    words = sorted({w for w in fold(initiative.title).split() if len(w) >= 4}, key=len, reverse=True)[:3]
    if not words:
        return []
    # Any of the words, in any reviewable state: each (states, word) pair names the states of
    # one full-text index, which the planner may then read for the word.
    match = reduce(or_, (Q(status__in=states) & text_q(word) for states in SEARCH_INDEX_STATES for word in words))
    return list(
        Initiative.objects.filter(match, unit_id=initiative.unit_id)
        .exclude(pk=initiative.pk)
        .select_related("field")
        .order_by("-id")[:limit]
    )


# Beyond this the menu's badge says "99+": every page shows it, and a long unread list
# (an officer told of every decision on what they entered for others) is not counted each time.
