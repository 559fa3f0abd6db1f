from django.utils.functional import SimpleLazyObject

from reviews.selectors import unread_notifications_count

from . import selectors


def roles(request):
    """Lazily tells templates whether the user reviews or follows reports (for the menu)."""
    user = request.user
    return {
        "is_officer": SimpleLazyObject(lambda: selectors.is_officer(user)),
        "is_staff_member": SimpleLazyObject(lambda: selectors.is_staff_member(user)),
        "unread_notifications": SimpleLazyObject(lambda: unread_notifications_count(user)),
    }
