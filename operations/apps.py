from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Health check, the staff status page, the freshness of figures and structured logs."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "operations"

    def ready(self) -> None:
        from . import tasklog

        tasklog.connect()
