from django.core.management.base import BaseCommand

from reports.services import aggregates_recompute


class Command(BaseCommand):
    help = (
        "Bring the progress aggregates up to date now and make them current: from the change log; with --full "
        "then check every row against the initiatives and rebuild what differs (--history: rebuild every row "
        "and replay every decision for the backlog's flows)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="after the change log, check every row against the initiatives (the nightly run)")
        parser.add_argument("--history", action="store_true",
                            help="rebuild every row from the initiatives and replay every decision for the backlog's flows")

    def handle(self, *args, full=False, history=False, **options):
        result = aggregates_recompute(full=full, history=history)
        if result is None:
            self.stdout.write("Another recompute is running; nothing done.")
            return
        how = "every initiative read" if result.full else f"{result.changes_read} logged changes applied"
        if result.units_differing is not None:
            how += f", {result.units_differing} units differed from the initiatives and were rebuilt"
        self.stdout.write(
            f"Aggregate set {result.pk} ({how}): {result.initiatives_read} submitted initiatives, "
            f"{result.daily_rows} daily rows, {result.rows_changed} rows written, {result.duration_ms} ms."
        )
