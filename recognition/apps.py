from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    """Selection councils, awards to collectives, checkable certificates and the public showcase."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "recognition"
    verbose_name = _("Tôn vinh, khen thưởng")

    def ready(self) -> None:
        # rules registers each permission on import: awards, councils, then certificates,
        # replications and the replication report.
        from . import showcase_rules  # noqa: F401
        from .awards import rules as award_rules  # noqa: F401
        from .councils import rules as council_rules  # noqa: F401
