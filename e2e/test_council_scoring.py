"""A council member scores on a phone (and on a desktop), in a real browser.

The member, an officer of the upper-level union of Ba Đình, finds the council from the
main menu, opens the first initiative assigned to them, types a score out of range and
reads the error where the page lands, then scores with Vietnamese decimal commas ("7,5")
and goes on to the next initiative. Nothing scrolls sideways. The chair then sees the
member's progress. Screenshots in var/e2e/ (council-*).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from recognition.councils import services
from recognition.councils.models import CouncilAssignment, CouncilScore
from submissions.enums import InitiativeStatus
from submissions.tests.factories import InitiativeFactory
from unions.tests.factories import AppointmentFactory

from .browser import DESKTOP, PHONE, log_in, open_from_menu, page_width, reachable, serious_axe_violations

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.xdist_group("e2e"),
]

VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: f"{v['width']}px")
TITLES = ("Sổ tay điện tử theo dõi thiết bị y tế", "Đơn thuốc điện tử cho người bệnh ngoại trú",
          "Quy trình tiếp đón người bệnh bằng mã QR")


@pytest.fixture
def council(tree, worker):
    chair = UserFactory(unit=None, full_name="Phạm Thị Lan Anh", phone="0911000001")
    AppointmentFactory(user=chair, unit=tree["ha_noi"], role="manager")
    member = UserFactory(unit=None, full_name="Đỗ Minh Khoa", phone="0911000002")
    AppointmentFactory(user=member, unit=tree["ba_dinh"], role="officer")
    others = [UserFactory(unit=None, full_name=name) for name in ("Nguyễn Văn Định", "Trịnh Đình Quỳnh")]
    moment = timezone.make_aware(dt.datetime(2022, 3, 1, 9))
    for title in TITLES:
        InitiativeFactory(submitter=worker, title=title, status=InitiativeStatus.APPROVED, first_submitted_at=moment,
                          submitted_on=moment.date(),
                          solution="Giải pháp: dùng mã QR dán trên từng thiết bị.\nNhân viên quét mã để ghi nhật ký.")
    council_round = services.round_open(
        actor=chair, unit=tree["ha_noi"], name="Hội đồng xét chọn sáng kiến tiêu biểu năm 2022", chair=chair,
        members=[member, *others], criteria=[("Tính mới", Decimal(2)), ("Hiệu quả, lợi ích", Decimal(3)),
                                             ("Phạm vi áp dụng", Decimal(1)), ("Khả năng nhân rộng", Decimal(1))],
        members_per_initiative=3,
    )
    services.round_start(council_round=council_round, actor=chair)
    return {"round": council_round, "chair": chair, "member": member}


@VIEWPORTS
def test_a_council_member_scores_an_initiative(open_page, screenshot, council, viewport):
    width = viewport["width"]
    page = open_page(viewport=viewport)
    log_in(page, "0911000002")
    open_from_menu(page, "Hội đồng xét chọn")
    reachable(page, page.get_by_role("link", name=council["round"].name)).click()
    screenshot(page, f"council-member-round-{width}px")
    assert page_width(page) <= width
    reachable(page, page.get_by_role("link", name=TITLES[0])).click()
    page.wait_for_url("**/score/**")
    assert page_width(page) <= width
    screenshot(page, f"council-score-form-{width}px")

    for label, value in (("Tính mới", "11"), ("Hiệu quả, lợi ích", "8"), ("Phạm vi áp dụng", "7,5"),
                         ("Khả năng nhân rộng", "9")):
        reachable(page, page.get_by_label(label, exact=False)).fill(value)
    reachable(page, page.get_by_role("button", name="Lưu điểm")).click()
    summary = page.locator("#error-summary")
    assert "Điểm từ 0 đến 10." in summary.inner_text()
    assert page_width(page) <= width
    screenshot(page, f"council-score-error-{width}px")

    reachable(page, page.get_by_label("Tính mới", exact=False)).fill("7,5")
    reachable(page, page.get_by_label("Nhận xét")).fill("Dễ áp dụng ở các khoa khác.")
    reachable(page, page.get_by_role("button", name="Lưu điểm")).click()
    page.wait_for_url(lambda url: "/score/" in url)
    assert "Đã lưu điểm." in page.inner_text("body")
    assert page.locator("h1").inner_text() == TITLES[1]  # the next one to score
    scored = CouncilAssignment.objects.get(round=council["round"], member__user=council["member"],
                                           initiative__title=TITLES[0])
    values = list(CouncilScore.objects.filter(assignment=scored).order_by("criterion__position")
                  .values_list("value", flat=True))
    assert values == [Decimal("7.5"), Decimal("8"), Decimal("7.5"), Decimal("9")]
    screenshot(page, f"council-score-next-{width}px")


@VIEWPORTS
def test_the_chair_follows_each_members_progress(open_page, screenshot, council, viewport):
    page = open_page(viewport=viewport, bypass_csp=True)
    log_in(page, "0911000001")
    page.goto(f"/recognition/councils/{council['round'].pk}/")
    row = page.get_by_role("row", name="Đỗ Minh Khoa")
    assert row.inner_text().split()[-4:] == ["3", "0", "3", "0"]
    assert page_width(page) <= viewport["width"]
    screenshot(page, f"council-chair-{viewport['width']}px")
    assert serious_axe_violations(page) == []
    reachable(page, page.get_by_role("link", name="Kết quả", exact=True)).click()
    assert page.get_by_role("row").count() == 1 + len(TITLES)
    assert page_width(page) <= viewport["width"]
    screenshot(page, f"council-results-{viewport['width']}px")
    assert serious_axe_violations(page) == []


@VIEWPORTS
def test_federation_staff_record_a_certificate_of_merit(open_page, screenshot, tree, programme, viewport):
    from campaign.models import UnitTarget
    from reports.services import aggregates_recompute

    staff = UserFactory(unit=None, full_name="Đỗ Thị Mai", phone="0911000003")
    AppointmentFactory(user=staff, unit=tree["tld"], role="staff")
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="phase-1", assigned=52_000)
    UnitTarget.objects.create(unit=tree["thanh_hoa"], phase="phase-1", assigned=40_000)
    aggregates_recompute()
    page = open_page(viewport=viewport)
    log_in(page, "0911000003")
    open_from_menu(page, "Khen thưởng tập thể")
    reachable(page, page.get_by_role("link", name="Ghi nhận").first).click()
    reachable(page, page.get_by_label("Số quyết định")).fill("1234/QĐ-TLĐ")
    reachable(page, page.get_by_label("Ngày quyết định")).fill("15/07/2022")
    reachable(page, page.locator("#award-form").get_by_role("button", name="Ghi nhận")).click()
    assert "Đã ghi nhận Bằng khen" in page.inner_text("body")
    assert page_width(page) <= viewport["width"]
    screenshot(page, f"awards-{viewport['width']}px")
