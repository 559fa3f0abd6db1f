"""Finding one's way, on a phone and on a desktop, for each kind of user.

Every entry of the main menu is reachable at 375 px and at 1280 px (opening the menu
buttons it sits behind, which work without JavaScript), the unread-notifications badge
shows on a phone without opening anything, the help page and the privacy notice are
linked from every page's footer, and a unit's invite link does what a logged-in person
needs. Screenshots of each menu go to var/e2e/.
"""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from reviews.services import initiative_decide, initiative_submit
from submissions.tests.factories import InitiativeFactory

from .browser import DESKTOP, PHONE, close_menus, find_in_menu, log_in, page_width, reachable, serious_axe_violations

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.xdist_group("e2e"),
]

VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: f"{v['width']}px")
WORKER_ENTRIES = ["Sáng kiến của tôi", "Gửi sáng kiến", "Trợ giúp", "Hồ sơ", "Dữ liệu của tôi"]
OFFICER_ENTRIES = [
    "Xét duyệt", "Nhập hộ người lao động", "Nhập từ tệp", "Tiến độ", "Đơn vị của tôi", "Thành viên", *WORKER_ENTRIES,
]
STAFF_ENTRIES = ["Xét duyệt", "Nhập từ tệp", "Tiến độ", "Đơn vị của tôi", "Tình trạng hệ thống", *WORKER_ENTRIES]
NOTIFICATIONS = re.compile(r"^Thông báo")
SHOWN_OPEN = {"Tiến độ": "units", "Hồ sơ": "account"}  # the menu is pictured open at these entries


@pytest.fixture
def people(worker, school_officer, upper_officer, federation_staff):
    return {
        "worker": (worker.phone, WORKER_ENTRIES),
        "grassroots-officer": (school_officer.phone, OFFICER_ENTRIES),
        "upper-officer": (upper_officer.phone, OFFICER_ENTRIES),
        "staff": (federation_staff.email, STAFF_ENTRIES),
    }


@pytest.fixture
def unread_notification(worker, school_officer, programme):
    """The worker's initiative was verified: one unread notification."""
    initiative = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=initiative, actor=worker)
    initiative_decide(initiative=initiative, action="verify", actor=school_officer)


def menu(page):
    return page.get_by_role("navigation", name="Điều hướng chính")


@VIEWPORTS
@pytest.mark.parametrize("who", ["worker", "grassroots-officer", "upper-officer", "staff"])
def test_every_menu_entry_is_reachable(open_page, screenshot, people, viewport, who):
    identifier, entries = people[who]
    page = open_page(viewport=viewport)
    log_in(page, identifier)
    for name in entries:
        reachable(page, find_in_menu(page, name))
        if name in SHOWN_OPEN:
            screenshot(page, f"menu-{who}-{viewport['width']}px-open-{SHOWN_OPEN[name]}")
        close_menus(page)
    reachable(page, menu(page).get_by_role("link", name=NOTIFICATIONS))
    reachable(page, find_in_menu(page, "Đăng xuất", role="button")).click()
    page.wait_for_url("**/")
    assert menu(page).get_by_role("link", name="Đăng nhập", exact=True).is_visible()


@VIEWPORTS
def test_visitor_reaches_log_in_registration_and_help(open_page, screenshot, tree, viewport):
    page = open_page(viewport=viewport)
    page.goto("/")
    screenshot(page, f"menu-visitor-{viewport['width']}px")
    for name in ("Đăng nhập", "Đăng ký", "Trợ giúp"):
        reachable(page, find_in_menu(page, name))
    reachable(page, find_in_menu(page, "Trợ giúp")).click()
    page.wait_for_url("**/help/")
    reachable(page, page.get_by_role("link", name="Đăng nhập để xem cán bộ công đoàn của bạn."))


@VIEWPORTS
def test_menu_leaves_nothing_past_the_screen_edge(open_page, screenshot, school_officer, viewport):
    page = open_page(viewport=viewport)
    log_in(page, school_officer.phone)
    screenshot(page, f"menu-grassroots-officer-{viewport['width']}px-closed")
    assert page_width(page) <= viewport["width"]


def test_unread_badge_shows_on_a_phone_without_opening_the_menu(open_page, screenshot, worker, unread_notification):
    page = open_page(viewport=PHONE)
    log_in(page, worker.phone)
    screenshot(page, "menu-worker-375px-badge")
    badge = menu(page).get_by_role("link", name=NOTIFICATIONS).locator(".badge")
    assert reachable(page, badge).inner_text() == "1"


@VIEWPORTS
def test_menu_opens_without_javascript(browser, live_server, worker, viewport):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, java_script_enabled=False)
    try:
        page = context.new_page()
        log_in(page, worker.phone)
        reachable(page, find_in_menu(page, "Hồ sơ")).click()
        page.wait_for_url("**/accounts/profile/")
    finally:
        context.close()


def test_opening_a_drop_down_closes_the_other_and_a_click_elsewhere_closes_it(open_page, school_officer):
    page = open_page(viewport=DESKTOP)
    log_in(page, school_officer.phone)
    find_in_menu(page, "Tiến độ")
    find_in_menu(page, "Hồ sơ")
    expect(menu(page).locator("details[open]")).to_have_count(1)
    page.get_by_role("heading", level=1).click()
    expect(menu(page).locator("details[open]")).to_have_count(0)


def test_escape_closes_the_phone_menu(open_page, worker):
    page = open_page(viewport=PHONE)
    log_in(page, worker.phone)
    find_in_menu(page, "Hồ sơ")
    page.keyboard.press("Escape")
    expect(menu(page).locator("details[open]")).to_have_count(0)


@VIEWPORTS
def test_help_is_linked_from_the_footer_and_names_the_workers_officers(
    open_page, screenshot, worker, school_officer, upper_officer, viewport
):
    page = open_page(viewport=viewport)
    log_in(page, worker.phone)
    footer = page.get_by_role("contentinfo")
    reachable(page, footer.get_by_role("link", name="Chính sách dữ liệu cá nhân"))
    reachable(page, footer.get_by_role("link", name="Trợ giúp và câu hỏi thường gặp")).click()
    page.wait_for_url("**/help/")
    officers = page.locator(".help-officers")
    for name in (school_officer.full_name, upper_officer.full_name):
        reachable(page, officers.get_by_text(name))
    screenshot(page, f"help-{viewport['width']}px")


@VIEWPORTS
def test_invite_link_takes_a_member_of_the_unit_to_the_initiative_form(open_page, tree, worker, viewport):
    page = open_page(viewport=viewport)
    log_in(page, worker.phone)
    page.goto(f"/accounts/register/?unit={tree['school'].code}")
    page.wait_for_url("**/initiatives/new/")
    reachable(page, "input[name=title]")


@VIEWPORTS
def test_invite_link_of_another_unit_explains_and_offers_the_move(open_page, screenshot, tree, viewport):
    nurse = UserFactory(unit=tree["hospital"], phone="0933111222")
    page = open_page(viewport=viewport)
    log_in(page, nurse.phone)
    page.goto(f"/accounts/register/?unit={tree['school'].code}")
    screenshot(page, f"invitation-other-unit-{viewport['width']}px")
    reachable(page, page.get_by_role("link", name=f"Chuyển sang {tree['school'].name}")).click()
    reachable(page, page.get_by_role("button", name="Xác nhận chuyển")).click()
    page.wait_for_url("**/accounts/profile/")
    nurse.refresh_from_db()
    assert nurse.unit == tree["school"]


AXE_PAGES = {
    "help": ("worker", "/help/"),
    "initiatives-menu-open": ("officer", "/initiatives/"),
    "invitation-other-unit": ("nurse", "/accounts/register/?unit=P01-U001-G0001"),
}


@pytest.mark.parametrize("name", AXE_PAGES)
@VIEWPORTS
def test_pages_have_no_serious_accessibility_violations(open_page, tree, worker, school_officer, viewport, name):
    users = {"worker": worker.phone, "officer": school_officer.phone,
             "nurse": UserFactory(unit=tree["hospital"], phone="0933111222").phone}
    who, path = AXE_PAGES[name]
    page = open_page(viewport=viewport, bypass_csp=True)
    log_in(page, users[who])
    page.goto(path)
    if name == "initiatives-menu-open":
        reachable(page, find_in_menu(page, "Tiến độ"))
    assert serious_axe_violations(page) == []
