from django.core.management.base import BaseCommand, CommandError

from unions.models import Unit
from unions.restructure import RestructureError, units_merge


class Command(BaseCommand):
    help = (
        "Merge a unit into another of the same kind: merge_units SOURCE_CODE TARGET_CODE. The source's children, "
        "initiatives, members, appointments and targets go to the target; the source is kept, inactive."
    )

    def add_arguments(self, parser):
        parser.add_argument("source")
        parser.add_argument("target")

    def handle(self, *args, source, target, **options):
        units = {u.code: u for u in Unit.objects.filter(code__in=[source, target])}
        missing = [c for c in (source, target) if c not in units]
        if missing:
            raise CommandError(f"Unknown unit code(s): {', '.join(missing)}")
        try:
            units_merge(source=units[source], target=units[target])
        except RestructureError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(f"{source} merged into {target}.")
