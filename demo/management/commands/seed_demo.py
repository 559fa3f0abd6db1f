"""``manage.py seed_demo``: load the demo tree, programme, accounts and initiatives (idempotent)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from demo.seed import DemoCredential, DemoDataError, demo_seed


def _count(value: int) -> str:
    """A count with Vietnamese thousands separators (696.948)."""
    return number_format(value, force_grouping=True)


class Command(BaseCommand):
    help = (
        "Load demo data for the 2022 campaign: the union tree, the programme and targets, one account "
        "per role (password Demo@2022) and generated initiatives. Running it again adds nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare --initiatives, --seed and --units."""
        parser.add_argument("--initiatives", type=int, default=3000, help="initiatives to generate (default 3000)")
        parser.add_argument("--seed", type=int, default=2022, help="random seed (default 2022)")
        parser.add_argument("--units", type=int, default=1500, help="grassroots unions to generate (default 1500)")

    def handle(self, *args, initiatives: int, seed: int, units: int, **options) -> None:
        """Seed the database, then print what was created and the demo credentials."""
        started = time.monotonic()
        try:
            report = demo_seed(initiatives=initiatives, seed=seed, units=units)
        except DemoDataError as exc:
            raise CommandError(exc.message) from exc

        self.stdout.write(
            _("Đơn vị: %(created)s mới, %(updated)s cập nhật, %(unchanged)s không đổi.")
            % {
                "created": _count(report.units.created),
                "updated": _count(report.units.updated),
                "unchanged": _count(report.units.unchanged),
            }
        )
        self.stdout.write(
            _("Chỉ tiêu: %(targets)s mới. Tài khoản mẫu: %(accounts)s mới.")
            % {"targets": _count(report.targets_created), "accounts": _count(report.accounts_created)}
        )
        if report.initiatives is None:
            self.stdout.write(_("Sáng kiến mẫu đã có sẵn: không tạo thêm."))
        else:
            stats = report.initiatives
            self.stdout.write(
                _(
                    "Sáng kiến: %(initiatives)s mới, %(decisions)s quyết định, %(notifications)s thông báo, "
                    "%(co_authors)s đồng tác giả, %(accounts)s tài khoản tác giả và cán bộ được sinh."
                )
                % {
                    "initiatives": _count(stats.initiatives),
                    "decisions": _count(stats.decisions),
                    "notifications": _count(stats.notifications),
                    "co_authors": _count(stats.co_authors),
                    "accounts": _count(stats.accounts),
                }
            )
        self.stdout.write(
            self.style.SUCCESS(
                _("Xong sau %(seconds)s giây.") % {"seconds": number_format(time.monotonic() - started, decimal_pos=1)}
            )
        )
        self.stdout.write("")
        self._credentials_table(report.credentials)

    def _credentials_table(self, credentials: list[DemoCredential]) -> None:
        """Print the demo accounts as an aligned table."""
        header = (_("Vai trò"), _("Đăng nhập"), _("Mật khẩu"), _("Đơn vị"))
        rows = [header] + [(row.role, row.login, row.password, row.unit) for row in credentials]
        widths = [max(len(row[column]) for row in rows) for column in range(3)]
        for number, row in enumerate(rows):
            cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)] + [row[3]]
            self.stdout.write(" | ".join(cells))
            if number == 0:
                self.stdout.write("-+-".join("-" * width for width in [*widths, len(header[3])]))
