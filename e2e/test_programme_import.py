"""Federation staff set up the programme from the tree import page, on a phone and on a desktop."""

import pytest

from campaign.models import Phase

from .browser import DESKTOP, PHONE, log_in, page_width, reachable, serious_axe_violations

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.xdist_group("e2e"),
]

PROGRAMME = (
    "Mã giai đoạn;Tên;Từ ngày;Đến hết ngày;Chỉ tiêu\n"
    "overall;1 triệu sáng kiến;08/01/2022;01/09/2023;1.000.000\n"
    "phase-1;Giai đoạn 1;08/01/2022;31/05/2022;300.000\n"
    "phase-2;Giai đoạn 2;01/06/2022;01/09/2023;700.000\n"
)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: f"{v['width']}px")
def test_staff_preview_then_apply_a_programme_file(open_page, screenshot, federation_staff, tmp_path, viewport):
    path = tmp_path / "chuong-trinh.csv"
    path.write_text(PROGRAMME, encoding="utf-8")
    page = open_page(viewport=viewport)
    log_in(page, federation_staff.phone or federation_staff.email)
    page.goto("/unions/tree/import/")
    assert reachable(page, "a[href$='programme-template.xlsx']")
    page.get_by_label("Chương trình và giai đoạn", exact=False).check()
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Tải lên và xem trước").click()
    reachable(page, ".preview-changes")
    screenshot(page, f"programme-import-preview-{viewport['width']}")
    assert page_width(page) <= viewport["width"]
    page.get_by_role("button", name="Áp dụng các thay đổi").click()
    page.wait_for_selector(".alert-success, .alert")
    assert Phase.objects.count() == 2


def test_programme_import_page_has_no_serious_accessibility_problem(open_page, federation_staff):
    page = open_page(bypass_csp=True)
    log_in(page, federation_staff.phone or federation_staff.email)
    page.goto("/unions/tree/import/")
    assert serious_axe_violations(page) == []
