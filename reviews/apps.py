from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'reviews'
    verbose_name = _("Xét duyệt sáng kiến")

    def ready(self) -> None:
        from initiatives_portal import page_reads

        from . import receivers, workflow
        from .selectors.notifications import unread_page_keys

        receivers.connect()
        page_reads.register(unread_page_keys)
        # Submissions asks the state machine to submit, withdraw and record an import's
        # decisions through the port it defines (submissions.workflow).
        workflow.register()
