"""``manage.py import_targets FILE``: create or update unit targets from a CSV or XLSX file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from campaign.enums import TargetChangeSource
from initiatives_portal.formatting import format_count
from reports.imports import TargetImportError, read_target_rows, targets_import
from unions.signals import import_finished


class Command(BaseCommand):
    help = (
        "Create or update unit targets from a CSV (UTF-8) or XLSX file with the columns "
        "unit_code,phase,target and optionally self_set. Nothing is written if any row is invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the FILE argument."""
        parser.add_argument("file", help="CSV or XLSX file with the columns unit_code,phase,target[,self_set]")

    def handle(self, *args, file: str, **options) -> None:
        """Read FILE, import it, print the summary or every row error (exit status 1 on errors)."""
        try:
            rows = read_target_rows(file)
        except OSError as exc:
            raise CommandError(_("Không đọc được tệp %(file)s: %(error)s") % {"file": file, "error": exc}) from exc
        except TargetImportError as exc:
            raise CommandError(exc.message) from exc

        report = targets_import(rows=rows, source=TargetChangeSource.COMMAND)
        import_finished.send(sender=self.__class__, kind="targets", report=report, by=None, source="command")
        if not report.ok:
            for error in report.errors:
                self.stderr.write(
                    _("Dòng %(line)s (%(code)s): %(message)s")
                    % {"line": error.line, "code": error.unit_code or "—", "message": error.message}
                )
            raise CommandError(
                _("Không nhập chỉ tiêu nào: %(count)s lỗi, sửa tệp rồi chạy lại.") % {"count": format_count(len(report.errors))}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã nhập chỉ tiêu: %(created)s mới, %(updated)s cập nhật, %(unchanged)s không đổi.")
                % {
                    "created": format_count(report.created), "updated": format_count(report.updated),
                    "unchanged": format_count(report.unchanged),
                }
            )
        )
