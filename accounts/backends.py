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
