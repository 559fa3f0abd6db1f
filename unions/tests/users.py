"""Users for unions' own tests, made through the installed user model: accounts' factories sit above unions."""

from itertools import count

from django.contrib.auth import get_user_model

_numbers = count(1)


def make_user(**fields):
    """Create a user with a fresh phone number (no usable password: tests log in with ``force_login``)."""
    fields.setdefault("phone", f"0966{next(_numbers):06d}")
    fields.setdefault("full_name", "Người dùng thử")
    user = get_user_model()(**fields)
    user.set_unusable_password()
    user.save()
    return user
