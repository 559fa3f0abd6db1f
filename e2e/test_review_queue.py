"""An officer's queue in a real browser, on a phone and on a desktop.

The grassroots officer finds an initiative by its number as it is written on paper
("1.000.123"), keeps every tab's count while searching, selects the whole page and
decides it at once; federation-level staff filter the exemplary initiatives and confirm
before marking one or removing the mark; a refused decision's errors are where the page
lands, each linking to its field; a notification opened from the notifications page is
read. Every step leaves a full-page screenshot in var/e2e/ (queue-*).
"""

from urllib.parse import urlsplit

import pytest

from reviews.models import Notification
from reviews.services import initiative_decide, initiative_mark_exemplary, initiative_submit
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory

from .browser import DESKTOP, PHONE, log_in, page_width, reachable, serious_axe_violations

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.xdist_group("e2e"),
]

VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: f"{v['width']}px")
TITLES = ("Sổ tay điện tử theo dõi thiết bị", "Bảng phân công trực tuyến", "Mã QR cho tủ hóa chất")


def grouped(number: int) -> str:
    """``number`` as people write it on paper: 1.000.123."""
    return f"{number:,}".replace(",", ".")


@pytest.fixture
def waiting(worker, programme):
    """Three initiatives awaiting the school's officer."""
    items = []
    for title in TITLES:
        item = InitiativeFactory(submitter=worker, title=title)
        initiative_submit(initiative=item, actor=worker)
        items.append(item)
    return items


@pytest.fixture
def approved(worker, school_officer, upper_officer, programme):
    item = InitiativeFactory(submitter=worker, title="Quy trình chấm bài trực tuyến")
    initiative_submit(initiative=item, actor=worker)
    initiative_decide(initiative=item, action="verify", actor=school_officer)
    initiative_decide(initiative=item, action="approve", actor=upper_officer)
    item.refresh_from_db()
    return item


def open_filters(page) -> None:
    summary = reachable(page, page.get_by_text("Bộ lọc và tìm kiếm"))
    if page.locator("details.filters").get_attribute("open") is None:
        summary.click()


def tab_counts(page) -> dict[str, str]:
    tabs = page.locator(".state-tabs .nav-link")
    return {tabs.nth(i).inner_text().rsplit(" ", 1)[0].strip(): tabs.nth(i).locator(".badge").inner_text()
            for i in range(tabs.count()) if tabs.nth(i).locator(".badge").count()}


@VIEWPORTS
def test_officer_finds_an_initiative_by_number_and_decides_the_whole_page(
    open_page, screenshot, school_officer, waiting, viewport
):
    def shot(page, name):
        screenshot(page, f"queue-{viewport['width']}px-{name}")

    page = open_page(viewport=viewport)
    log_in(page, school_officer.phone)
    page.goto("/reviews/")
    counts = tab_counts(page)
    assert counts["Chờ tôi xử lý"] == "3"
    tabs = page.locator(".state-tabs .nav-link")
    for i in range(tabs.count()):
        reachable(page, tabs.nth(i))

    wanted = waiting[1]
    open_filters(page)
    reachable(page, "#id_q").fill(grouped(wanted.pk))
    reachable(page, page.get_by_role("button", name="Lọc", exact=True)).click()
    page.wait_for_url("**/reviews/?**")
    shot(page, "01-search-by-number")
    reachable(page, page.get_by_role("link", name=wanted.title))
    assert page.locator(".queue-table tbody tr").count() == 1
    # The tabs keep their counts while searching.
    assert tab_counts(page) == counts

    page.goto("/reviews/?q=" + "so tay")
    shot(page, "01b-search-by-words")
    assert tab_counts(page) == counts
    assert page.get_by_text("1 sáng kiến khớp “so tay” trong mục này.").is_visible()

    page.goto("/reviews/")
    # With JavaScript the header's checkbox selects the page; the link does it too (and,
    # without JavaScript, reloads the page with every box ticked).
    reachable(page, "#pick-all").check()
    assert page.locator("input[name=ids]:checked").count() == 3
    reachable(page, "#pick-all").uncheck()
    assert page.locator("input[name=ids]:checked").count() == 0
    reachable(page, "#select-all-link").click()
    assert page.locator("input[name=ids]:checked").count() == 3
    shot(page, "02-select-all")
    reachable(page, "#bulk-action").select_option("verify")
    reachable(page, page.get_by_role("button", name="Thực hiện")).click()
    page.get_by_text("Thành công: 3").wait_for()
    shot(page, "03-bulk-result")
    assert set(Initiative.objects.filter(pk__in=[i.pk for i in waiting]).values_list("status", flat=True)) == {
        "verified"
    }
    assert page_width(page) <= viewport["width"]


@VIEWPORTS
def test_select_all_without_javascript_ticks_every_box_of_the_page(
    browser, live_server, screenshot, school_officer, waiting, viewport
):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="vi-VN",
                                  java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, school_officer.phone)
        page.goto("/reviews/")
        assert not page.locator("#pick-all").is_visible()
        reachable(page, "#select-all-link").click()
        page.wait_for_url("**picked=**")
        screenshot(page, f"queue-{viewport['width']}px-02b-select-all-without-javascript")
        assert page.locator("input[name=ids]:checked").count() == 3
    finally:
        context.close()


@VIEWPORTS
def test_staff_confirm_before_marking_exemplary_and_filter_the_exemplary(
    open_page, screenshot, province_staff, approved, viewport
):
    def shot(page, name):
        screenshot(page, f"queue-{viewport['width']}px-{name}")

    page = open_page(viewport=viewport)
    log_in(page, province_staff.phone)
    page.goto(f"/reviews/{approved.pk}/")
    reachable(page, page.get_by_role("link", name="Đánh dấu sáng kiến tiêu biểu")).click()
    page.wait_for_url(f"**/reviews/{approved.pk}/exemplary/")
    shot(page, "04-exemplary-confirm")
    approved.refresh_from_db()
    assert not approved.is_exemplary
    reachable(page, "#id_comment").fill("Nhân rộng toàn thành phố")
    reachable(page, page.get_by_role("button", name="Xác nhận đánh dấu tiêu biểu")).click()
    page.get_by_text("Đã đánh dấu sáng kiến tiêu biểu.").wait_for()
    approved.refresh_from_db()
    assert approved.is_exemplary

    page.goto("/reviews/?state=approved")
    open_filters(page)
    reachable(page, "#id_exemplary").check()
    reachable(page, page.get_by_role("button", name="Lọc", exact=True)).click()
    page.wait_for_url("**exemplary=on**")
    shot(page, "05-exemplary-filter")
    reachable(page, page.get_by_role("link", name=approved.title))

    page.goto(f"/reviews/{approved.pk}/")
    reachable(page, page.get_by_role("link", name="Bỏ đánh dấu tiêu biểu")).click()
    shot(page, "06-unmark-confirm")
    reachable(page, page.get_by_role("button", name="Xác nhận bỏ đánh dấu")).click()
    page.get_by_text("Đã bỏ đánh dấu tiêu biểu.").wait_for()
    approved.refresh_from_db()
    assert not approved.is_exemplary


@VIEWPORTS
def test_a_refused_decision_shows_its_errors_where_the_page_lands(
    open_page, screenshot, school_officer, waiting, viewport
):
    page = open_page(viewport=viewport)
    log_in(page, school_officer.phone)
    page.goto(f"/reviews/{waiting[0].pk}/")
    reachable(page, "input[name=action][value=return]").check()
    reachable(page, page.get_by_role("button", name="Ghi nhận quyết định")).click()
    page.locator("#error-summary").wait_for()
    screenshot(page, f"queue-{viewport['width']}px-07-refused-decision")
    box = page.locator("#error-summary").bounding_box()
    # Where the page lands: within the first screen, and the keyboard's focus.
    assert box["y"] + box["height"] <= viewport["height"], box
    assert page.evaluate("() => document.activeElement.id") == "error-summary"
    reachable(page, "#error-summary a[href='#id_comment']").click()
    comment = page.locator("#id_comment")
    assert page.evaluate("() => document.activeElement.id") == "id_comment"
    reachable(page, comment).fill("Bổ sung số liệu đo đạc")
    reachable(page, page.get_by_role("button", name="Ghi nhận quyết định")).click()
    # Back to the queue (the browser keeps the field's #fragment through the redirect).
    page.wait_for_url(lambda url: urlsplit(url).path == "/reviews/")
    waiting[0].refresh_from_db()
    assert waiting[0].status == "returned"


@VIEWPORTS
def test_opening_a_notification_marks_it_read(open_page, screenshot, worker, school_officer, waiting, viewport):
    initiative_decide(initiative=waiting[0], action="verify", actor=school_officer)
    page = open_page(viewport=viewport)
    log_in(page, worker.phone)
    page.goto("/reviews/notifications/")
    screenshot(page, f"queue-{viewport['width']}px-09-notifications")
    reachable(page, page.get_by_role("link", name=waiting[0].title)).click()
    page.wait_for_url(f"**/initiatives/{waiting[0].pk}/")
    assert Notification.objects.get(recipient=worker).read_at is not None
    assert page.locator("[aria-label$='thông báo chưa đọc']").count() == 0


@pytest.fixture
def visited(worker, school_officer, province_staff, approved, waiting):
    """The pages this file's journeys visit, each as its user sees it, in the state it is checked in."""
    initiative_mark_exemplary(initiative=approved, actor=province_staff, exemplary=True)
    return {
        "queue-search": (school_officer, f"/reviews/?q={grouped(waiting[0].pk)}", None),
        "queue-select-all": (school_officer, "/reviews/", "#select-all-link"),
        "queue-exemplary": (province_staff, "/reviews/?state=approved&exemplary=on", None),
        "exemplary-confirm": (province_staff, f"/reviews/{approved.pk}/exemplary/", None),
        "refused-decision": (school_officer, f"/reviews/{waiting[1].pk}/", "refuse"),
        "notifications": (worker, "/reviews/notifications/", None),
    }


PAGES = ["queue-search", "queue-select-all", "queue-exemplary", "exemplary-confirm", "refused-decision",
         "notifications"]


@pytest.mark.parametrize("name", PAGES)
def test_pages_of_the_queue_have_no_serious_accessibility_violations(open_page, visited, name):
    who, path, then = visited[name]
    found = {}
    for viewport in (DESKTOP, PHONE):
        page = open_page(viewport=viewport, bypass_csp=True)
        log_in(page, who.phone)
        page.goto(path)
        if then == "refuse":
            page.locator("input[name=action][value=reject]").check()
            page.get_by_role("button", name="Ghi nhận quyết định").click()
            page.locator("#error-summary").wait_for()
        elif then:
            page.locator(then).click()
        found[viewport["width"]] = serious_axe_violations(page)
        assert page_width(page) <= viewport["width"]
    assert found == {DESKTOP["width"]: [], PHONE["width"]: []}


@pytest.fixture
def waiting_for_days(worker, programme):
    """Three initiatives that reached stage 1 long enough ago to be overdue, due soon, on time."""
    import datetime as dt

    from django.utils import timezone

    items = []
    for title, days_ago in (("Sổ tay điện tử theo dõi thiết bị", 14), ("Bảng phân công trực tuyến", 8),
                            ("Mã QR cho tủ hóa chất", 1)):
        item = InitiativeFactory(submitter=worker, title=title)
        initiative_submit(initiative=item, actor=worker)
        # Test data with old dates: the clock as if it had arrived days ago.
        Initiative.objects.filter(pk=item.pk).update(stage_since=timezone.now() - dt.timedelta(days=days_ago))
        items.append(item)
    return items


@VIEWPORTS
def test_officer_sees_how_long_each_initiative_waits_and_lists_the_overdue(
    open_page, screenshot, school_officer, waiting_for_days, viewport
):
    page = open_page(viewport=viewport, bypass_csp=True)
    log_in(page, school_officer.phone)
    page.goto("/reviews/?sort=waiting")
    screenshot(page, f"queue-deadlines-{viewport['width']}px")
    rows = page.locator(".queue-table tbody tr")
    assert [rows.nth(i).get_by_role("link").first.inner_text() for i in range(3)] == [
        item.title for item in waiting_for_days
    ]
    # The state in words, where the row is read, on a phone as on a desktop.
    overdue = rows.nth(0).locator(".deadline-overdue:visible")
    assert overdue.inner_text() == "Quá hạn 4 ngày"
    assert rows.nth(0).locator(".days-waiting:visible").inner_text() == "Đã chờ 14 ngày"
    assert rows.nth(1).locator(".deadline-due-soon:visible").count() == 1
    assert page_width(page) <= viewport["width"]
    assert serious_axe_violations(page) == []

    reachable(page, page.get_by_role("link", name="Quá hạn", exact=True)).click()
    page.wait_for_url("**deadline=overdue**")
    screenshot(page, f"queue-deadlines-{viewport['width']}px-overdue")
    assert page.locator(".queue-table tbody tr").count() == 1
    assert page.get_by_role("link", name=waiting_for_days[0].title).is_visible()


@VIEWPORTS
def test_a_unit_manager_shortens_the_units_deadline_on_the_deadlines_page(
    open_page, screenshot, upper_manager, programme, viewport
):
    from reviews.models import UnitDeadline

    page = open_page(viewport=viewport, bypass_csp=True)
    log_in(page, upper_manager.phone)
    page.goto("/reviews/deadlines/")
    reachable(page, page.get_by_label("Hạn xác nhận riêng (ngày)")).fill("7")
    reachable(page, page.get_by_role("button", name="Lưu")).click()
    page.get_by_text("Đã lưu thời hạn riêng của").wait_for()
    screenshot(page, f"deadlines-{viewport['width']}px")
    assert UnitDeadline.objects.get().verify_days == 7
    assert page_width(page) <= viewport["width"]
    assert serious_axe_violations(page) == []
