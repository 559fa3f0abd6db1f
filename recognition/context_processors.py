from django.utils.functional import SimpleLazyObject

from .awards.rules import award_units


def recognition(request):
    """Lazily tells the menu whether the user records awards (from the appointments the menu
    has already read: no query of its own)."""
    user = request.user
    return {"records_awards": SimpleLazyObject(lambda: user.is_authenticated and bool(award_units(user)))}
