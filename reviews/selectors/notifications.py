"""The user's unread notifications, for the badge."""

from __future__ import annotations

from initiatives_portal import page_reads

UNREAD_BADGE_CAP = 99


def unread_notifications_count(user) -> int:
    """The user's unread notifications, with the unread messages of the other sources
    (``reviews.inbox``), counted up to UNREAD_BADGE_CAP + 1 each, in one query; then kept in
    the cache (one read with its generation) until a writer says they changed."""
    from .. import inbox

    if not user.is_authenticated:
        return 0
    key = inbox.unread_key(user.pk)
    found = page_reads.get_many(unread_page_keys_of(user))
    generation, cached = found.get(inbox.UNREAD_GENERATION_KEY), found.get(key)
    if cached is not None and cached[0] == generation:
        return cached[1]
    count = _count_unread(user)
    page_reads.set(key, (generation, count), inbox.UNREAD_CACHE_SECONDS)
    return count


def unread_page_keys_of(user) -> list[str]:
    """What the badge reads: the unread generation and ``user``'s count."""
    from .. import inbox

    return [inbox.UNREAD_GENERATION_KEY, inbox.unread_key(user.pk)] if user.is_authenticated else []


def unread_page_keys(request, unit=None) -> list[str]:
    """What every page's badge reads (``initiatives_portal.page_reads``)."""
    return unread_page_keys_of(request.user)


def _count_unread(user) -> int:
    from .. import inbox
    from ..models import Notification

    unread = Notification.objects.filter(recipient=user, read_at__isnull=True).order_by()
    others = inbox.sources()
    if not others:
        return unread[: UNREAD_BADGE_CAP + 1].count()
    capped = unread.values("pk")[: UNREAD_BADGE_CAP + 1]
    return capped.union(
        *(source.unread(user).order_by().values("pk")[: UNREAD_BADGE_CAP + 1] for source in others), all=True
    ).count()


def notification_initiative(user, notification_id: int) -> int | None:
    """The initiative that ``user``'s notification ``notification_id`` is about; None when it
    is not theirs (or gone)."""
    from ..models import Notification

    return (
        Notification.objects.filter(recipient=user, pk=notification_id)
        .values_list("decision__initiative_id", flat=True).first()
    )
