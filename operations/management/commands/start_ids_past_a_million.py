"""``manage.py start_ids_past_a_million``: ids past 1.000.000 in a database just created (the load test's stack)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from initiatives_portal.sequences import ids_start_past_a_million
from submissions.models import Initiative


class Command(BaseCommand):
    help = (
        "Move every table's ids into a block of its own past 1,000,000 (the test databases do the same), "
        "for a database just migrated. Refused once the database holds initiatives."
    )

    def handle(self, *args, **options) -> None:
        """Renumber the migrated rows and raise the sequences; with -v 2, print each table's first id."""
        # Renumbering moves rows: right for the handful a migration writes, not for real data.
        if Initiative.objects.exists():
            raise CommandError(_("Cơ sở dữ liệu đã có sáng kiến: lệnh này chỉ dùng cho cơ sở dữ liệu vừa tạo."))
        starts = ids_start_past_a_million()
        if options["verbosity"] >= 2:
            for table, start in starts.items():
                self.stdout.write(f"{table} {start}")
