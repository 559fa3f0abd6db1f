"""``manage.py import_units FILE``: create or update union units from a CSV or XLSX file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from initiatives_portal.formatting import format_count
from unions.services import UnitImportError, read_units_file, units_import
from unions.signals import import_finished


class Command(BaseCommand):
    help = (
        "Create or update union units from a CSV (UTF-8) or XLSX file (header code,name,parent_code,kind). "
        "Rows may come in any order; nothing is written if any row is invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the FILE argument."""
        parser.add_argument("file", help="CSV or XLSX file with the columns code,name,parent_code,kind")

    def handle(self, *args, file: str, **options) -> None:
        """Read FILE, import it, print the summary or every row error (exit status 1 on errors)."""
        try:
            rows = read_units_file(file)
        except OSError as exc:
            raise CommandError(_("Không đọc được tệp %(file)s: %(error)s") % {"file": file, "error": exc}) from exc
        except UnitImportError as exc:
            raise CommandError(exc.message) from exc

        report = units_import(rows=rows)
        import_finished.send(sender=self.__class__, kind="units", report=report, by=None, source="command")
        if not report.ok:
            for error in report.errors:
                self.stderr.write(
                    _("Dòng %(line)s (%(code)s): %(message)s")
                    % {"line": error.line, "code": error.code or "—", "message": error.message}
                )
            raise CommandError(
                _("Không nhập đơn vị nào: %(count)s lỗi, sửa tệp rồi chạy lại.") % {"count": format_count(len(report.errors))}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã nhập đơn vị: %(created)s mới, %(updated)s cập nhật, %(unchanged)s không đổi.")
                % {
                    "created": format_count(report.created), "updated": format_count(report.updated),
                    "unchanged": format_count(report.unchanged),
                }
            )
        )
