"""``manage.py import_officers FILE [--as USER]``: appoint officers from a CSV or XLSX file."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.officer_import import OfficerImportError, officers_import, read_officers_file
from initiatives_portal.formatting import format_count
from unions.enums import ChangeSource


class Command(BaseCommand):
    help = (
        "Appoint officers from a file (CSV UTF-8 or XLSX, header phone_or_email,full_name,unit_code,role), "
        "creating accounts that must set a password at first log-in. Nothing is written if any row is invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or XLSX file with the columns phone_or_email,full_name,unit_code,role")
        parser.add_argument(
            "--as",
            dest="as_user",
            default="",
            help="Phone or e-mail of the person importing: rows are checked against what they may appoint and "
            "the history names them. Without it the import acts as the system.",
        )

    def handle(self, *args, file: str, as_user: str, **options) -> None:

        actor = None
        if as_user:
            try:
                actor = User.objects.get_by_identifier(as_user)
            except User.DoesNotExist as exc:
                raise CommandError(_("Không tìm thấy tài khoản %(user)s.") % {"user": as_user}) from exc
        try:
            rows = read_officers_file(file)
        except OSError as exc:
            raise CommandError(_("Không đọc được tệp %(file)s: %(error)s") % {"file": file, "error": exc}) from exc
        except OfficerImportError as exc:
            raise CommandError(exc.message) from exc

        source = ChangeSource.IMPORT if actor is not None else ChangeSource.COMMAND
        report = officers_import(rows=rows, actor=actor, source=source, note=file.rsplit("/", 1)[-1])
        if not report.ok:
            for error in report.errors:
                self.stderr.write(
                    _("Dòng %(line)s (%(identifier)s): %(message)s")
                    % {"line": error.line, "identifier": error.identifier or "—", "message": error.message}
                )
            raise CommandError(
                _("Không phân công ai: %(count)s lỗi, sửa tệp rồi chạy lại.") % {"count": format_count(len(report.errors))}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Đã phân công: %(appointed)s mới, %(unchanged)s đã có; %(accounts)s tài khoản mới phải đặt mật khẩu "
                  "khi đăng nhập lần đầu.")
                % {
                    "appointed": format_count(report.appointed), "unchanged": format_count(report.unchanged),
                    "accounts": format_count(report.accounts_created),
                }
            )
        )
