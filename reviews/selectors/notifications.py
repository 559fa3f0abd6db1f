"""The user's unread notifications, for the badge."""

from __future__ import annotations

UNREAD_BADGE_CAP = 99


def unread_notifications_count(user) -> int:
    """The user's unread notifications, counted up to UNREAD_BADGE_CAP + 1."""
    from ..models import Notification

    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).order_by()[: UNREAD_BADGE_CAP + 1].count()


def notification_initiative(user, notification_id: int) -> int | None:
    """The initiative that ``user``'s notification ``notification_id`` is about; None when it
    is not theirs (or gone)."""
    from ..models import Notification

    return (
        Notification.objects.filter(recipient=user, pk=notification_id)
        .values_list("decision__initiative_id", flat=True).first()
    )
