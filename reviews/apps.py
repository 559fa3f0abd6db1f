from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'reviews'
    verbose_name = _("Xét duyệt sáng kiến")

    def ready(self) -> None:
        from . import receivers, workflow

        receivers.connect()
        # Submissions asks the state machine to submit, withdraw and record an import's
        # decisions through the port it defines (submissions.workflow).
        workflow.register()
