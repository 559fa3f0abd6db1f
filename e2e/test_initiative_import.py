"""An officer imports an archive with a refused row, on a phone and on a desktop, and downloads its errors."""

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from submissions.models import Initiative

from .browser import DESKTOP, PHONE, log_in, page_width, reachable

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.xdist_group("e2e"),
]

ARCHIVE = (
    "Mã công đoàn cơ sở,Tên sáng kiến,Tóm tắt,Lĩnh vực,Họ tên tác giả,Đối tượng,Thời điểm gửi,Trạng thái,Lý do,Ý kiến\n"
    "P01-U001-G0001,Sổ giao ca điện tử,Tóm tắt,education,Đặng Thị Mai,enterprise,15/03/2022 08:30,"
    "Không được công nhận,Trùng lặp,Đã có ở khoa Nội\n"
    "P01-U001-G0001,Giá đỡ ống nghiệm,Tóm tắt,education,Phạm Văn Đức,enterprise,16/03/2022,Không được công nhận,,\n"
)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=lambda v: f"{v['width']}px")
def test_an_officer_imports_an_archive_and_downloads_its_errors_as_xlsx(open_page, screenshot, upper_officer,
                                                                       programme, tmp_path, viewport):
    path = tmp_path / "luu-tru.csv"
    path.write_text(ARCHIVE, encoding="utf-8")
    page = open_page(viewport=viewport)
    log_in(page, upper_officer.phone or upper_officer.email)
    page.goto("/initiatives/import/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_label("Nhập các dòng hợp lệ, bỏ qua các dòng lỗi").check()
    page.get_by_role("button", name="Tải lên và kiểm tra").click()
    assert reachable(page, "a[href$='errors.xlsx']")
    screenshot(page, f"initiative-import-errors-{viewport['width']}")
    assert page_width(page) <= viewport["width"]
    with page.expect_download() as download:
        page.click("a[href$='errors.xlsx']")
    assert download.value.suggested_filename.endswith(".xlsx")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()), read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert [row[:2] for row in rows] == [("Dòng", "Cột"), (3, "Lý do")]
    assert Initiative.objects.get().status == "rejected"
