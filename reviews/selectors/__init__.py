"""Reads for officers: the review queue (scoped, filtered, keyset-paginated), its counts,
similar initiatives and the unread notifications' badge.

The queue's modules follow how one filtered query is built and read: ``filters`` (the
scope and the filters), ``branches`` (the query as one index walk per subtree and state),
``queue`` (pages merged from the branches, and the tab counts). This module names them
all, so callers import from ``reviews.selectors`` whichever module holds a name; a test
that changes a setting of the queue (``PAGE_SIZE``, the count caps) changes it on
``reviews.selectors.queue``, where it is read.
"""

from .branches import (
    _BRANCH_LENGTH,
    _branch_conditions,
    _branch_pairs,
    _by_search_index,
    _outermost,
    _queue_base,
    _subtree_q,
    _within,
    queue_branches,
)
from .filters import (
    _WORD,
    AWAITING,
    SEARCH_INDEX_STATES,
    QueueFilters,
    WordsMatch,
    _other_filters_q,
    _review_units,
    _search_words,
    default_state,
    is_search,
    reference_number,
    review_scope,
    text_q,
)
from .notifications import (
    UNREAD_BADGE_CAP,
    notification_initiative,
    unread_notifications_count,
)
from .queue import (
    COUNT_CAP,
    PAGE_SIZE,
    QUEUE_COLUMNS,
    SEARCH_COUNT_CAP,
    QueuePage,
    _beyond,
    _capped_counts,
    _cursor,
    _few_matches,
    _first_rows,
    _merged,
    _parse_cursor,
    _planned_rows,
    _rows,
    initiative_state_in_scope,
    matches_are_few,
    queue_counts,
    queue_tab_counts,
    review_queue,
)
from .similar import (
    similar_initiatives,
)

__all__ = [
    "AWAITING",
    "COUNT_CAP",
    "PAGE_SIZE",
    "QUEUE_COLUMNS",
    "QueueFilters",
    "QueuePage",
    "SEARCH_COUNT_CAP",
    "SEARCH_INDEX_STATES",
    "UNREAD_BADGE_CAP",
    "WordsMatch",
    "_BRANCH_LENGTH",
    "_WORD",
    "_beyond",
    "_branch_conditions",
    "_branch_pairs",
    "_by_search_index",
    "_capped_counts",
    "_cursor",
    "_few_matches",
    "_first_rows",
    "_merged",
    "_other_filters_q",
    "_outermost",
    "_parse_cursor",
    "_planned_rows",
    "_queue_base",
    "_review_units",
    "_rows",
    "_search_words",
    "_subtree_q",
    "_within",
    "default_state",
    "initiative_state_in_scope",
    "is_search",
    "matches_are_few",
    "notification_initiative",
    "queue_branches",
    "queue_counts",
    "queue_tab_counts",
    "reference_number",
    "review_queue",
    "review_scope",
    "similar_initiatives",
    "text_q",
    "unread_notifications_count",
]
