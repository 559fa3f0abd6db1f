"""The national backlog, card and children table, on a phone (375 px) and a desk (1280 px).

The figures of ``test_dashboards`` plus hand-made backlog rows (``reports.tests.backlog_rows``)
as of 31/05/2022: the school (Hà Nội) waits for verification 3 since 10/05 (due 20/05,
overdue) and 2 since 28/05, for approval 1 since 25/05; the factory (Thanh Hóa) waits for
verification 12 since 02/05 (due 12/05, overdue) and for approval 4 since 15/05 (due 30/05,
overdue); nothing waits in Đà Nẵng. So the federation: 17 awaiting verification (15
overdue), 5 approval (4 overdue), oldest 29 days; verified in 10 days (Thanh Hóa) and 5
days (Hà Nội): median 7,5. By overdue: Thanh Hóa 16 (oldest 29 days), Hà Nội 3 (21),
Đà Nẵng 0 (—).
"""

import datetime as dt

import pytest

from reports.models import BacklogFlow, BacklogWaiting
from reports.tests.backlog_rows import ADVANCED, figures_current, flow, waiting

from .browser import page_width, reachable, serious_axe_violations
from .test_dashboards import AS_OF, WIDTHS, staff  # noqa: F401 - the fixture

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.xdist_group("e2e"),
]


def may(day: int) -> dt.date:
    return dt.date(2022, 5, day)


@pytest.fixture
def backlog(staff, tree):  # noqa: F811
    """The rows of the module docstring, alone in their tables, in a current set."""
    BacklogWaiting.objects.all().delete()
    BacklogFlow.objects.all().delete()
    waiting(tree["school"], 1, may(10), may(20), 3)
    waiting(tree["school"], 1, may(28), dt.date(2022, 6, 7), 2)
    waiting(tree["school"], 2, may(25), dt.date(2022, 6, 9), 1)
    waiting(tree["factory"], 1, may(2), may(12), 12)
    waiting(tree["factory"], 2, may(15), may(30), 4)
    flow(tree["factory"], 1, may(20), ADVANCED, may(10), may(20), 1)
    flow(tree["school"], 1, may(21), ADVANCED, may(16), may(26), 1)
    figures_current()
    return staff


@pytest.fixture
def show(open_page, backlog):
    def _show(path: str, viewport: dict, bypass_csp: bool = False):
        from .browser import log_in

        page = open_page(viewport=viewport, bypass_csp=bypass_csp)
        log_in(page, backlog.phone)
        page.goto(path)
        return page

    return _show


def figure(page, name: str) -> str:
    return reachable(page, f'#backlog [data-figure="{name}"]').inner_text()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_national_backlog_card_shows_its_figures_at_every_width(show, screenshot, width):
    page = show(f"/reports/units/TLD/?as_of={AS_OF}", WIDTHS[width])
    page.locator("#backlog").scroll_into_view_if_needed()
    screenshot(page, f"{width}-national-backlog")

    assert page_width(page) <= WIDTHS[width]["width"]
    assert [figure(page, name) for name in ("awaiting_verify", "overdue_verify", "awaiting_approve",
                                            "overdue_approve", "oldest_waiting_days", "median_days_to_verify",
                                            "median_days_to_approve")] == ["17", "15", "5", "4", "29", "7,5", "—"]


@pytest.mark.parametrize("width", WIDTHS)
def test_the_national_table_sorted_by_overdue_shows_which_provinces_are_stuck(show, width):
    page = show(f"/reports/units/TLD/?as_of={AS_OF}", WIDTHS[width])

    reachable(page, "a.sort-link:has-text('Quá hạn')").click()
    page.wait_for_url(lambda url: "sort=overdue" in url)
    header = [th.inner_text().replace("\n", " ").strip(" ▼▲") for th in page.locator(".children-table thead th:visible").all()]
    rows = page.locator(".children-table tbody tr")
    cells = [[reachable(page, cell).inner_text() for cell in row.locator("td:visible").all()] for row in rows.all()]

    assert page_width(page) <= WIDTHS[width]["width"]
    assert f"as_of={AS_OF}" in page.url
    overdue, oldest = header.index("Quá hạn"), header.index("Chờ lâu nhất (ngày)")
    assert [(row[1], row[overdue], row[oldest]) for row in cells] == [
        ("LĐLĐ tỉnh Thanh Hóa", "16", "29"), ("LĐLĐ thành phố Hà Nội", "3", "21"), ("LĐLĐ thành phố Đà Nẵng", "0", "—")]


def test_the_backlog_has_no_serious_or_critical_accessibility_violations(show):
    page = show(f"/reports/units/TLD/?as_of={AS_OF}&sort=overdue", WIDTHS["desktop"], bypass_csp=True)
    on_desktop = serious_axe_violations(page)
    page.set_viewport_size(WIDTHS["phone"])
    page.reload()

    assert (on_desktop, serious_axe_violations(page)) == ([], [])
