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
        from initiatives_portal import page_reads

        from . import showcase_rules  # noqa: F401
        from .awards import rules as award_rules  # noqa: F401
        from .awards import selectors as award_selectors
        from .councils import rules as council_rules  # noqa: F401
        page_reads.register(award_selectors.awards_page_keys)
