from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PhoneOrEmailBackend(ModelBackend):
    """Authenticates with either the phone number or the e-mail address as identifier."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        identifier = username or kwargs.get(get_user_model().USERNAME_FIELD)
        if not identifier or password is None:
            return None
        User = get_user_model()
        try:
            user = User.objects.get_by_identifier(identifier)
        except User.DoesNotExist:
            # Same cost as a real check, so timing does not reveal who is registered.
            User().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def login_identifier_key(request, credentials) -> str:
    """The key django-axes counts failures under: one per account, however it was typed.

    "0912 345 678", "+84912345678" and "0912345678" are one phone; e-mail ignores case.
    """
    from initiatives_portal.identifiers import looks_like_email, normalize_email, normalize_phone

    raw = (credentials or {}).get("username")
    if raw is None and request is not None:
        # The lock check before authentication has no credentials yet: read the form.
        raw = getattr(request, "POST", {}).get("username")
    raw = raw or ""
    if looks_like_email(raw):
        return normalize_email(raw)
    return normalize_phone(raw) or raw.strip()
