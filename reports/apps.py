from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'reports'
    verbose_name = _("Chỉ tiêu và số liệu")

    def ready(self) -> None:
        from accounts.signals import account_closing
        from initiatives_portal import page_reads
        from reviews import inbox

        from . import digests, periods, signals

        signals.connect()
        page_reads.register(periods.sent_reports_page_keys)
        account_closing.connect(_drop_digests_of_closing_account, dispatch_uid="reports-digests-closing")
        # The digests are listed and counted with the notifications (reviews owns that page).
        inbox.register(inbox.InboxSource(
            unread=digests.unread_digests, recent=digests.recent_digests,
            template="reports/_digests.html", mark_read=digests.digests_mark_read,
        ))


def _drop_digests_of_closing_account(sender, *, user, **kwargs) -> None:
    from .digests import digests_delete_of

    digests_delete_of(user=user)
