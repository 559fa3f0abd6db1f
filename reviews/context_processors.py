import rules
from django.utils.functional import SimpleLazyObject

from unions import selectors

from .selectors import unread_notifications_count


def roles(request):
    """Lazily tells templates whether the user reviews or follows reports (for the menu).

    It lives with reviews, the highest app it reads (the unread notifications badge).

    ``can_view_status`` asks the rule alone: ``perms.operations.view_status`` would also
    ask the model backend, which reads the user's and their groups' permissions (two
    queries on every page) for a permission no model grants.
    """
    user = request.user
    return {
        "is_officer": SimpleLazyObject(lambda: selectors.is_officer(user)),
        "is_staff_member": SimpleLazyObject(lambda: selectors.is_staff_member(user)),
        "can_view_status": SimpleLazyObject(lambda: rules.has_perm("operations.view_status", user)),
        "unread_notifications": SimpleLazyObject(lambda: unread_notifications_count(user)),
    }
