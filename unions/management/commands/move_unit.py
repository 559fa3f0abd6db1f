from django.core.management.base import BaseCommand, CommandError

from unions.models import Unit
from unions.restructure import RestructureError, unit_move


class Command(BaseCommand):
    help = "Move a unit (with its whole subtree) under another parent: move_unit CODE NEW_PARENT_CODE."

    def add_arguments(self, parser):
        parser.add_argument("code")
        parser.add_argument("new_parent")

    def handle(self, *args, code, new_parent, **options):
        units = {u.code: u for u in Unit.objects.filter(code__in=[code, new_parent])}
        missing = [c for c in (code, new_parent) if c not in units]
        if missing:
            raise CommandError(f"Unknown unit code(s): {', '.join(missing)}")
        try:
            unit = unit_move(unit=units[code], new_parent=units[new_parent])
        except RestructureError as error:
            raise CommandError(str(error.message)) from None
        self.stdout.write(f"{unit.code} now under {new_parent} ({Unit.objects.get_descendant_count(unit)} units below it).")
