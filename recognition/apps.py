from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    """Selection councils, awards to collectives, checkable certificates and the public showcase."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "recognition"
    verbose_name = _("Tôn vinh, khen thưởng")

    def ready(self) -> None:
        # The certificate, replication and report permissions (rules registers them on import).
        from . import showcase_rules  # noqa: F401
