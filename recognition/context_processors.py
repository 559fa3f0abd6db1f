from django.utils.functional import SimpleLazyObject

from .awards.rules import award_units
from .councils.selectors import sits_on_council


def recognition(request):
    """Lazily tells the menu whether the user records awards (from the appointments the menu
    has already read: no query of its own) and whether they sit on a council or chair one
    (from the cache; asked only for people appointed nowhere, to whom the menu does not
    already show the councils)."""
    user = request.user
    return {
        "records_awards": SimpleLazyObject(lambda: user.is_authenticated and bool(award_units(user))),
        "sits_on_council": SimpleLazyObject(lambda: user.is_authenticated and sits_on_council(user)),
    }
