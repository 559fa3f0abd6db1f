"""Pages staff meet while setting the portal up, on a phone (375 px) and a desk (1280 px): a
dashboard before any programme exists, and the operations page with the imports it lists.
Each fits without sideways scrolling and passes axe-core's serious and critical checks."""

import pytest

from accounts.tests.factories import UserFactory
from operations.models import TaskRun, TreeImportRecord
from unions.tests.factories import AppointmentFactory

from .browser import DESKTOP, PHONE, log_in, page_width, reachable, serious_axe_violations

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.xdist_group("e2e"),
]

WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


@pytest.fixture
def administrator(tree):
    """A federation administrator (the admin and the tree import), before any programme."""
    user = UserFactory(unit=None, phone="0911000111", full_name="Đỗ Thị Mai", is_staff=True, is_superuser=True)
    AppointmentFactory(user=user, unit=tree["tld"], role="staff")
    return user


@pytest.fixture
def show(open_page, administrator):
    def _show(path: str, viewport: dict):
        page = open_page(viewport=viewport, bypass_csp=True)
        log_in(page, administrator.phone)
        page.goto(path)
        return page

    return _show


@pytest.mark.parametrize("width", WIDTHS)
def test_a_dashboard_before_any_programme_says_what_to_set_up(show, screenshot, width, tree):
    page = show(f"/reports/units/{tree['tld'].code}/", WIDTHS[width])
    screenshot(page, f"{width}-dashboard-no-programme")

    assert "Chưa có chương trình nào được thiết lập" in reachable(page, ".no-programme").inner_text()
    reachable(page, "a:has-text('Tạo chương trình trong trang quản trị')")
    assert page_width(page) <= WIDTHS[width]["width"]
    assert serious_axe_violations(page) == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_operations_page_lists_the_tree_imports_and_task_runs(show, screenshot, width, administrator):
    from django.utils import timezone

    TreeImportRecord.objects.create(kind="units", source="web", by=administrator, applied=True, created=1_200, updated=3)
    TreeImportRecord.objects.create(kind="targets", source="command", applied=False, errors=2)
    now = timezone.now()
    TaskRun.objects.create(task="reports.tasks.recompute_progress", state="SUCCESS", started_at=now, finished_at=now,
                           duration_ms=1_250, runs=1_440)
    TaskRun.objects.create(task="reviews.tasks.send_pending_notifications", state="FAILURE", finished_at=now,
                           last_failed_at=now, last_error="SMTPServerDisconnected('Connection unexpectedly closed')")
    page = show("/ops/", WIDTHS[width])
    screenshot(page, f"{width}-ops-tree-imports")

    rows = page.locator(".tree-imports li").all_inner_texts()
    assert "Không áp dụng (tệp có lỗi)" in rows[0] and "2 dòng lỗi" in rows[0]
    assert "Đỗ Thị Mai" in rows[1] and "1.200 mới" in rows[1]
    assert len(page.locator(".task-runs li").all()) == 2
    assert page_width(page) <= WIDTHS[width]["width"]
    assert serious_axe_violations(page) == []
