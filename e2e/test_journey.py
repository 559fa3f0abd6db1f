"""An initiative's whole journey in a real browser, and the two busiest pages on a phone.

A worker registers with their grassroots union and submits an initiative with a picture;
the grassroots officer verifies it, the upper-level officer approves it, and federation
staff recompute the figures and see the national dashboard move. Every step leaves a
full-page screenshot in var/e2e/.
"""

import pytest

from accounts.models import User
from accounts.tests.factories import UserFactory
from reports.services import aggregates_recompute
from reviews.services import initiative_decide, initiative_submit
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory
from unions.tests.factories import AppointmentFactory

from .browser import (
    DESKTOP,
    PHONE,
    log_in,
    open_from_menu,
    page_width,
    png_bytes,
    reachable,
    serious_axe_violations,
)

pytestmark = [
    # The live server needs committed rows, so each test ends with a flush (a TRUNCATE,
    # which the history tables' triggers against UPDATE and DELETE let through).
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.xdist_group("e2e"),
]

TITLE = "Sổ tay điện tử theo dõi thiết bị phòng thí nghiệm"
ATTACHMENT = "so-do-quy-trinh.png"
NEW_PHONE = "0911222333"
NEW_PASSWORD = "Sang-kien-2022!"  # noqa: S105 - the password the new worker registers with


@pytest.fixture
def staff(tree):
    """Federation staff: follows the national figures and may ask for a recompute."""
    user = UserFactory(unit=None, full_name="Vũ Thu Hà")
    AppointmentFactory(user=user, unit=tree["tld"], role="staff")
    return user


@pytest.fixture
def earlier_initiatives(other_worker, school_officer, upper_officer, programme):
    """Two initiatives already counted on the dashboard (one of them approved)."""
    pending, approved = InitiativeFactory.create_batch(2, submitter=other_worker)
    for initiative in (pending, approved):
        initiative_submit(initiative=initiative, actor=other_worker)
    initiative_decide(initiative=approved, action="verify", actor=school_officer)
    initiative_decide(initiative=approved, action="approve", actor=upper_officer)
    aggregates_recompute()


def kpi(page, label: str) -> str:
    """The figure under ``label`` in the dashboard's headline cards."""
    return page.locator(".kpis .card-body").filter(has_text=label).locator(".kpi-value").inner_text().strip()


def register(page, screenshot) -> None:
    page.goto("/accounts/register/")
    reachable(page, "#finder-q").fill("Phan Đình Phùng")
    reachable(page, "#finder-q").press("Enter")
    page.get_by_role("link", name="Công đoàn Trường THPT Phan Đình Phùng").wait_for()
    screenshot(page, "01-register-choose-unit")
    reachable(page, page.get_by_role("link", name="Công đoàn Trường THPT Phan Đình Phùng")).click()
    reachable(page, "input[name=full_name]").fill("Hoàng Thị Mai")
    reachable(page, "input[name=identifier]").fill(NEW_PHONE)
    reachable(page, "input[name=password1]").fill(NEW_PASSWORD)
    reachable(page, "input[name=password2]").fill(NEW_PASSWORD)
    reachable(page, "select[name=category]").select_option("public_service")
    reachable(page, "input[name=job_title]").fill("Giáo viên Hóa học")
    reachable(page, "input[name=workplace]").fill("Trường THPT Phan Đình Phùng")
    reachable(page, "input[name=consent]").check()
    screenshot(page, "02-register-account")
    reachable(page, page.get_by_role("button", name="Tạo tài khoản")).click()
    page.wait_for_url("**/initiatives/")


def submit_initiative(page, screenshot) -> None:
    open_from_menu(page, "Gửi sáng kiến")
    reachable(page, "input[name=title]").fill(TITLE)
    reachable(page, "select[name=field]").select_option(label="Giáo dục, đào tạo")
    reachable(page, "textarea[name=summary]").fill(
        "Theo dõi hóa chất và thiết bị phòng thí nghiệm trên bảng tính dùng chung."
    )
    reachable(page, "textarea[name=problem]").fill("Sổ giấy thất lạc, không biết hóa chất nào sắp hết hạn.")
    reachable(page, "textarea[name=solution]").fill("Mỗi thiết bị có mã QR dẫn tới dòng của nó trong bảng tính.")
    reachable(page, "textarea[name=benefits]").fill("Giảm hao hụt hóa chất, tiết kiệm thời gian kiểm kê.")
    reachable(page, "input[name=author_contribution]").fill("100")
    reachable(page, "input[name=new_files]").set_input_files(
        files=[{"name": ATTACHMENT, "mimeType": "image/png", "buffer": png_bytes()}]
    )
    screenshot(page, "03-initiative-form")
    reachable(page, "button[name=submit]").click()
    page.get_by_role("heading", name="Biên nhận sáng kiến").wait_for()
    screenshot(page, "04-initiative-receipt")
    reachable(page, page.get_by_role("link", name="Xem sáng kiến")).click()
    page.get_by_role("link", name=ATTACHMENT).wait_for()
    screenshot(page, "04-initiative-submitted")


def open_from_queue(page, screenshot, step: str) -> None:
    open_from_menu(page, "Xét duyệt")
    page.wait_for_url("**/reviews/")
    reachable(page, page.get_by_role("link", name=TITLE)).click()
    screenshot(page, f"{step}-review")


def decide(page, screenshot, *, action: str, step: str) -> None:
    """Take ``action`` on the initiative open on ``page``, back to the queue."""
    reachable(page, f"input[name=action][value={action}]").check()
    reachable(page, page.get_by_role("button", name="Ghi nhận quyết định")).click()
    page.wait_for_url("**/reviews/")
    screenshot(page, f"{step}-decided")


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: f"{v['width']}px")
def test_initiative_travels_from_registration_to_the_national_dashboard(
    open_page, screenshot, tree, school_officer, upper_officer, staff, earlier_initiatives, viewport
):
    """The whole journey on a phone and on a desktop: every control it uses is within the
    screen's width, reached by scrolling down at most."""

    def shot(page, name: str):
        return screenshot(page, f"{viewport['width']}px-{name}")

    worker_page = open_page(viewport=viewport)
    register(worker_page, shot)
    assert User.objects.get(phone=NEW_PHONE).unit == tree["school"]
    submit_initiative(worker_page, shot)
    initiative = Initiative.objects.get(title=TITLE)
    assert (initiative.status, initiative.unit, initiative.attachments.count()) == ("submitted", tree["school"], 1)

    officer_page = open_page(viewport=viewport)
    log_in(officer_page, school_officer.phone)
    open_from_queue(officer_page, shot, "05-grassroots")
    attachment = officer_page.get_by_role("link", name=ATTACHMENT).get_attribute("href")
    assert officer_page.request.get(attachment).body() == png_bytes()
    decide(officer_page, shot, action="verify", step="05-grassroots")
    upper_page = open_page(viewport=viewport)
    log_in(upper_page, upper_officer.phone)
    open_from_queue(upper_page, shot, "06-upper")
    decide(upper_page, shot, action="approve", step="06-upper")
    initiative.refresh_from_db()
    assert initiative.status == "approved"

    staff_page = open_page(viewport=viewport)
    log_in(staff_page, staff.phone)
    open_from_menu(staff_page, "Tiến độ")
    staff_page.wait_for_url("**/reports/units/TLD/")
    shot(staff_page, "07-dashboard-before-recompute")
    before = (kpi(staff_page, "Sáng kiến đã gửi"), kpi(staff_page, "Đã được công nhận"))
    reachable(staff_page, staff_page.get_by_role("button", name="Tính lại ngay")).click()
    staff_page.get_by_text("Đã yêu cầu tính lại số liệu.").wait_for()
    shot(staff_page, "08-dashboard-after-recompute")
    after = (kpi(staff_page, "Sáng kiến đã gửi"), kpi(staff_page, "Đã được công nhận"))
    assert (before, after) == (("2", "1"), ("3", "2"))


CHECKED_PAGES = {
    "initiative-form": ("worker", "/initiatives/new/"),
    "dashboard": ("staff", "/reports/units/TLD/"),
}


@pytest.fixture
def show(open_page, worker, staff, earlier_initiatives):
    """``show(name, viewport, bypass_csp=False)``: one of CHECKED_PAGES, as its user sees it."""
    users = {"worker": worker, "staff": staff}

    def _show(name: str, viewport: dict, bypass_csp: bool = False):
        who, path = CHECKED_PAGES[name]
        page = open_page(viewport=viewport, bypass_csp=bypass_csp)
        log_in(page, users[who].phone)
        page.goto(path)
        return page

    return _show


@pytest.mark.parametrize("name", CHECKED_PAGES)
def test_page_fits_a_phone_screen_without_sideways_scrolling(show, screenshot, name):
    page = show(name, PHONE)
    screenshot(page, f"phone-{name}")
    assert page_width(page) <= PHONE["width"]


@pytest.mark.parametrize("name", CHECKED_PAGES)
def test_page_has_no_serious_or_critical_accessibility_violations_on_desktop_or_phone(show, name):
    page = show(name, DESKTOP, bypass_csp=True)
    on_desktop = serious_axe_violations(page)
    page.set_viewport_size(PHONE)
    page.reload()
    assert (on_desktop, serious_axe_violations(page)) == ([], [])
