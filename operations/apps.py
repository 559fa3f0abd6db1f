from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Health check, the staff status page, the freshness of figures and structured logs."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "operations"
    verbose_name = _("Vận hành hệ thống")

    def ready(self) -> None:
        from . import receivers, tasklog

        tasklog.connect()
        receivers.connect()
