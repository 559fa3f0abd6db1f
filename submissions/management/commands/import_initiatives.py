"""``manage.py import_initiatives FILE [--as USER] [--valid-rows]``."""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from initiatives_portal.tabular import TableError
from submissions import imports
from submissions.models import ImportRun


class Command(BaseCommand):
    help = (
        "Import initiatives from a CSV (UTF-8) or XLSX file with the columns unit_code,title,summary,field,"
        "author_name,author_category,submitted_at[,co_authors,benefit_vnd,status]. Without --as the import is a "
        "system import (any unit); with it, the user's scope and rights apply."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--as", dest="as_user", help="phone number or e-mail of the importing officer")
        parser.add_argument("--valid-rows", action="store_true", help="import the valid rows and skip the others")

    def handle(self, *args, file, as_user=None, valid_rows=False, **options):
        importer = None
        if as_user:
            try:
                importer = User.objects.get_by_identifier(as_user)
            except User.DoesNotExist:
                raise CommandError(f"No user with phone or e-mail {as_user}") from None
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        mode = ImportRun.Mode.VALID_ROWS if valid_rows else ImportRun.Mode.ALL_OR_NOTHING
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            upload.size = path.stat().st_size
            try:
                run = imports.import_run_create(upload=upload, mode=mode, by=importer, enqueue=False)
            except TableError as error:
                raise CommandError(str(error.message)) from None
        run = imports.import_run_process(run_id=run.pk)
        run.refresh_from_db()
        self.stdout.write(
            f"{run.get_state_display()}: read {run.rows_read}, valid {run.rows_valid}, invalid {run.rows_invalid}, "
            f"already imported {run.rows_duplicate}, created {run.rows_created}."
        )
        if run.message:
            self.stdout.write(run.message)
        for error in run.row_errors.all()[:50]:
            self.stdout.write(f"  line {error.line} [{error.column}]: {error.message}")
        if run.state != ImportRun.State.DONE:
            raise CommandError("Nothing was imported." if run.rows_created == 0 else "Import incomplete.")
