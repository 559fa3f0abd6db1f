from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    """Selection councils, awards to collectives, checkable certificates and the public showcase."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "recognition"
    verbose_name = _("Tôn vinh, khen thưởng")

    def ready(self):
        from .awards import rules as award_rules  # noqa: F401 (registers the permissions)
        from .councils import rules as council_rules  # noqa: F401 (registers the permissions)
