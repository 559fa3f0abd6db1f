from django.core.management.base import BaseCommand

from reports.services import aggregates_recompute


class Command(BaseCommand):
    help = "Recompute the progress aggregates from the initiatives now and make them current."

    def handle(self, *args, **options):
        result = aggregates_recompute()
        if result is None:
            self.stdout.write("Another recompute is running; nothing done.")
            return
        self.stdout.write(
            f"Aggregate set {result.pk}: {result.initiatives_read} submitted initiatives, "
            f"{result.daily_rows} daily rows, {result.duration_ms} ms."
        )
