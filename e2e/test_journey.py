"""An initiative's whole journey in a real browser, and the two busiest pages on a phone.

A worker registers with their grassroots union and submits an initiative with a picture;
the grassroots officer verifies it, the upper-level officer approves it, and federation
staff recompute the figures and see the national dashboard move. Every step leaves a
full-page screenshot in var/e2e/.
"""

import pytest
from django.db import connection

from accounts.models import User
from accounts.tests.factories import UserFactory
from reports.services import aggregates_recompute
from reviews.services import initiative_decide, initiative_submit
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory
from unions.tests.factories import AppointmentFactory

from .browser import DESKTOP, PHONE, log_in, page_width, png_bytes, serious_axe_violations

pytestmark = [
    # The live server needs committed rows, so each test ends with a flush; SQLite's
    # triggers keep the account history from being deleted, PostgreSQL's TRUNCATE does not.
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (flushes history tables)"),
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
    page.fill("#finder-q", "Phan Đình Phùng")
    page.press("#finder-q", "Enter")
    page.get_by_role("link", name="Công đoàn Trường THPT Phan Đình Phùng").wait_for()
    screenshot(page, "01-register-choose-unit")
    page.get_by_role("link", name="Công đoàn Trường THPT Phan Đình Phùng").click()
    page.fill("input[name=full_name]", "Hoàng Thị Mai")
    page.fill("input[name=identifier]", NEW_PHONE)
    page.fill("input[name=password1]", NEW_PASSWORD)
    page.fill("input[name=password2]", NEW_PASSWORD)
    page.select_option("select[name=category]", "public_service")
    page.fill("input[name=job_title]", "Giáo viên Hóa học")
    page.fill("input[name=workplace]", "Trường THPT Phan Đình Phùng")
    page.check("input[name=consent]")
    screenshot(page, "02-register-account")
    page.get_by_role("button", name="Tạo tài khoản").click()
    page.wait_for_url("**/initiatives/")


def submit_initiative(page, screenshot) -> None:
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Gửi sáng kiến").click()
    page.fill("input[name=title]", TITLE)
    page.select_option("select[name=field]", label="Giáo dục, đào tạo")
    page.fill("textarea[name=summary]", "Theo dõi hóa chất và thiết bị phòng thí nghiệm trên bảng tính dùng chung.")
    page.fill("textarea[name=problem]", "Sổ giấy thất lạc, không biết hóa chất nào sắp hết hạn.")
    page.fill("textarea[name=solution]", "Mỗi thiết bị có mã QR dẫn tới dòng của nó trong bảng tính.")
    page.fill("textarea[name=benefits]", "Giảm hao hụt hóa chất, tiết kiệm thời gian kiểm kê.")
    page.fill("input[name=author_contribution]", "100")
    page.set_input_files(
        "input[name=new_files]", files=[{"name": ATTACHMENT, "mimeType": "image/png", "buffer": png_bytes()}]
    )
    screenshot(page, "03-initiative-form")
    page.locator("button[name=submit]").click()
    page.get_by_role("link", name=ATTACHMENT).wait_for()
    screenshot(page, "04-initiative-submitted")


def open_from_queue(page, screenshot, step: str) -> None:
    page.goto("/reviews/")
    page.get_by_role("link", name=TITLE).click()
    screenshot(page, f"{step}-review")


def decide(page, screenshot, *, action: str, step: str) -> None:
    """Take ``action`` on the initiative open on ``page``, back to the queue."""
    page.check(f"input[name=action][value={action}]")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    page.wait_for_url("**/reviews/")
    screenshot(page, f"{step}-decided")


def test_initiative_travels_from_registration_to_the_national_dashboard(
    open_page, screenshot, tree, school_officer, upper_officer, staff, earlier_initiatives
):
    worker_page = open_page()
    register(worker_page, screenshot)
    assert User.objects.get(phone=NEW_PHONE).unit == tree["school"]
    submit_initiative(worker_page, screenshot)
    initiative = Initiative.objects.get(title=TITLE)
    assert (initiative.status, initiative.unit, initiative.attachments.count()) == ("submitted", tree["school"], 1)

    officer_page = open_page()
    log_in(officer_page, school_officer.phone)
    open_from_queue(officer_page, screenshot, "05-grassroots")
    attachment = officer_page.get_by_role("link", name=ATTACHMENT).get_attribute("href")
    assert officer_page.request.get(attachment).body() == png_bytes()
    decide(officer_page, screenshot, action="verify", step="05-grassroots")
    upper_page = open_page()
    log_in(upper_page, upper_officer.phone)
    open_from_queue(upper_page, screenshot, "06-upper")
    decide(upper_page, screenshot, action="approve", step="06-upper")
    initiative.refresh_from_db()
    assert initiative.status == "approved"

    staff_page = open_page()
    log_in(staff_page, staff.phone)
    staff_page.goto("/reports/units/TLD/")
    screenshot(staff_page, "07-dashboard-before-recompute")
    before = (kpi(staff_page, "Sáng kiến đã gửi"), kpi(staff_page, "Đã được công nhận"))
    staff_page.get_by_role("button", name="Tính lại ngay").click()
    staff_page.get_by_text("Đã yêu cầu tính lại số liệu.").wait_for()
    screenshot(staff_page, "08-dashboard-after-recompute")
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
