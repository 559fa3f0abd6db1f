"""The user's unread notifications, for the badge."""

from __future__ import annotations

UNREAD_BADGE_CAP = 99


def unread_notifications_count(user) -> int:
    """The user's unread notifications, counted up to UNREAD_BADGE_CAP + 1."""
    from ..models import Notification

    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).order_by()[: UNREAD_BADGE_CAP + 1].count()
