from django.core.management.base import BaseCommand

from reports.services import aggregates_recompute


class Command(BaseCommand):
    help = (
        "Bring the progress aggregates up to date now and make them current: from the change log, "
        "or from every initiative with --full (--history: also replay every decision for the backlog's flows)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="read every initiative instead of the change log")
        parser.add_argument("--history", action="store_true",
                            help="a full run that also replays every decision for the backlog's flows")

    def handle(self, *args, full=False, history=False, **options):
        result = aggregates_recompute(full=full, history=history)
        if result is None:
            self.stdout.write("Another recompute is running; nothing done.")
            return
        how = "every initiative read" if result.full else f"{result.changes_read} logged changes applied"
        self.stdout.write(
            f"Aggregate set {result.pk} ({how}): {result.initiatives_read} submitted initiatives, "
            f"{result.daily_rows} daily rows, {result.rows_changed} rows written, {result.duration_ms} ms."
        )
