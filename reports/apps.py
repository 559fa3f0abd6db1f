from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'reports'
    verbose_name = _("Chỉ tiêu và số liệu")

    def ready(self) -> None:
        from reviews import inbox

        from . import digests, signals

        signals.connect()
        # The digests are listed and counted with the notifications (reviews owns that page).
        inbox.register(inbox.InboxSource(
            unread=digests.unread_digests, recent=digests.recent_digests,
            template="reports/_digests.html", mark_read=digests.digests_mark_read,
        ))
