"""``manage.py rebuild_showcase``: read the whole showcase again from the initiatives."""

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from recognition.showcase_contracts import MEMBERS_BUMP, REBUILD, VERSION_BUMP
from recognition.showcase_models import ShowcaseEntry


class Command(BaseCommand):
    help = (
        "Rebuild the public showcase (approved, exemplary initiatives whose authors agreed) and its replication "
        "counts from the initiatives: after a restore or a bulk load run without triggers. Idempotent."
    )

    def handle(self, *args, **options):
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in REBUILD:
                cursor.execute(statement)
            # Pages cached before (a restore, a load without triggers) describe another showcase.
            cursor.execute(VERSION_BUMP)
            cursor.execute(MEMBERS_BUMP)
        self.stdout.write(f"Showcase: {ShowcaseEntry.objects.count()} initiatives.")
