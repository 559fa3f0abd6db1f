"""A province's manager hands its phase-1 target down to its children, on a phone and on a desk.

From the dashboard's "children do not add up" warning to the cascade page; a target typed
wrongly is named at the top and on its row; typed the Vietnamese way it is saved, the sum
and what is left follow, and the change is in the history.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accounts.tests.factories import UserFactory
from campaign.models import UnitTarget, UnitTargetChange
from reports.services import aggregates_recompute
from submissions.models import Field, Initiative
from unions.enums import UnitKind
from unions.tests.factories import UnitFactory

from .browser import DESKTOP, PHONE, log_in, page_width, reachable, serious_axe_violations

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.xdist_group("e2e"),
]

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def ha_noi(tree, programme, province_manager):
    """Hà Nội's children (Ba Đình with 56 received in phase 1 and a target of 30.000) and its
    own targets: 52.000 for phase 1, 60.000 overall (self-set 130.000)."""
    children = {"ba_dinh": tree["ba_dinh"]}
    for code, name in [("P01-U002", "LĐLĐ quận Cầu Giấy"), ("P01-U003", "Công đoàn Đường sắt Hà Nội"),
                       ("P01-U004", "Công đoàn ngành Giáo dục Hà Nội")]:
        children[code] = UnitFactory(parent=tree["ha_noi"], code=code, name=name, kind=UnitKind.UPPER)
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="phase-1", assigned=52_000)
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="overall", assigned=60_000, self_set=130_000)
    UnitTarget.objects.create(unit=tree["ba_dinh"], phase="phase-1", assigned=30_000)
    UnitTarget.objects.create(unit=children["P01-U003"], phase="phase-1", assigned=12_000)
    author = UserFactory(unit=tree["school"])
    moment = dt.datetime(2022, 3, 1, 10, tzinfo=HANOI)
    Initiative.objects.bulk_create(
        Initiative(submitter=author, entered_by=author, unit=tree["school"], author_name="Tác giả",
                   category="public_service", title="SK", field=Field.objects.get(code="education"), summary="x",
                   status="submitted", first_submitted_at=moment, submitted_on=moment.date())
        for _ in range(56)
    )
    aggregates_recompute()
    return children


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: f"{v['width']}px")
def test_manager_hands_the_phase_target_down_from_the_dashboard_warning(open_page, screenshot, province_manager,
                                                                         ha_noi, viewport):
    width = viewport["width"]
    page = open_page(viewport=viewport)
    log_in(page, province_manager.email)
    page.goto("/reports/units/P01/")
    reachable(page, page.locator(".target-cascade-link").first).click()
    page.wait_for_url("**/reports/units/P01/targets/?phase=phase-1")
    assert page_width(page) <= width
    screenshot(page, f"target-cascade-{width}")

    cau_giay = page.get_by_label("LĐLĐ quận Cầu Giấy", exact=True)
    reachable(page, cau_giay).fill("10,5")
    reachable(page, page.get_by_role("button", name="Lưu chỉ tiêu")).click()
    summary = reachable(page, "#error-summary")
    assert "LĐLĐ quận Cầu Giấy" in summary.inner_text()
    assert page_width(page) <= width
    screenshot(page, f"target-cascade-error-{width}")
    assert not UnitTargetChange.objects.exists()

    cau_giay = page.get_by_label("LĐLĐ quận Cầu Giấy", exact=True)
    reachable(page, cau_giay).fill("10.000")
    reachable(page, page.get_by_label("Lý do thay đổi (không bắt buộc)").first).fill("Theo kế hoạch quý II")
    reachable(page, page.get_by_role("button", name="Lưu chỉ tiêu")).click()
    reachable(page, ".alert-success")
    # 52.000 − (30.000 + 12.000 + 10.000) = 0 left.
    assert reachable(page, "#cascade-left").inner_text() == "0"
    history = reachable(page, ".cascade-history tbody tr").first
    assert "LĐLĐ quận Cầu Giấy" in history.inner_text() and "10.000" in history.inner_text()
    assert page_width(page) <= width
    screenshot(page, f"target-cascade-saved-{width}")
    change = UnitTargetChange.objects.get()
    assert (change.new_assigned, change.by_id, change.reason) == (10_000, province_manager.pk, "Theo kế hoạch quý II")


def test_target_cascade_page_has_no_serious_accessibility_problem(open_page, province_manager, ha_noi):
    for viewport in (PHONE, DESKTOP):
        page = open_page(viewport=viewport, bypass_csp=True)
        log_in(page, province_manager.email)
        page.goto("/reports/units/P01/targets/?phase=phase-1")
        assert serious_axe_violations(page) == []
