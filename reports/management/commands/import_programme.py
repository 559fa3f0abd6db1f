"""``manage.py import_programme FILE [--dry-run]``: create or update the programme and its phases."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from initiatives_portal.formatting import format_count
from reports.programme_imports import ProgrammeImportError, programme_import, read_programme_rows
from unions.signals import import_finished


class Command(BaseCommand):
    help = (
        "Create or update the programme and its phases from a CSV (UTF-8, ',' or ';') or XLSX file with the "
        "columns phase,name,starts_on,ends_on,target (one row 'overall' for the programme itself). "
        "Nothing is written if any row is invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare FILE and --dry-run."""
        parser.add_argument("file", help="CSV or XLSX file with the columns phase,name,starts_on,ends_on,target")
        parser.add_argument("--dry-run", action="store_true", help="check and report, write nothing")

    def handle(self, *args, file: str, dry_run: bool = False, **options) -> None:
        """Read FILE, import it, print what changed or every error (exit status 1 on errors)."""
        try:
            rows = read_programme_rows(file)
        except OSError as exc:
            raise CommandError(_("Không đọc được tệp %(file)s: %(error)s") % {"file": file, "error": exc}) from exc
        except ProgrammeImportError as exc:
            raise CommandError(exc.message) from exc
        report = programme_import(rows=rows, dry_run=dry_run)
        if not dry_run:
            import_finished.send(sender=self.__class__, kind="programme", report=report, by=None, source="command")
        if not report.ok:
            for error in report.errors:
                self.stderr.write(error.message)
            raise CommandError(_("Không nhập chương trình: %(count)s lỗi, sửa tệp rồi chạy lại.")
                               % {"count": format_count(len(report.errors))})
        for line in report.changes:
            self.stdout.write(line)
        summary = _("Chương trình và giai đoạn: %(created)s mới, %(updated)s cập nhật, %(unchanged)s không đổi, "
                    "%(deleted)s xóa.") % {
            "created": format_count(report.created), "updated": format_count(report.updated),
            "unchanged": format_count(report.unchanged), "deleted": format_count(report.deleted)}
        if dry_run:
            summary = _("Chạy thử, không ghi gì. %(summary)s") % {"summary": summary}
        self.stdout.write(self.style.SUCCESS(summary))
