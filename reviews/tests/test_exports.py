"""Downloads of the filtered queue: every cell checked, scope respected, formulas neutralised."""

import csv
import io

import pytest
from django.urls import reverse

from reviews.services import initiative_submit
from submissions.tests.factories import InitiativeFactory


@pytest.fixture
def items(worker, other_worker, programme):
    made = []
    for title in ("Sổ tay điện tử", "=HYPERLINK(\"http://x\")"):
        initiative = InitiativeFactory(submitter=worker, title=title, benefit_vnd=2_000_000)
        initiative_submit(initiative=initiative, actor=worker)
        made.append(initiative)
    return made


def _csv(client, **params):
    response = client.get(reverse("reviews:export", args=["csv"]), params)
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_csv_export_cell_by_cell(client, school_officer, items, tree):
    client.force_login(school_officer)
    rows = _csv(client, state="submitted")
    assert rows[0] == ["Mã số", "Tên sáng kiến", "Mã đơn vị", "Đơn vị", "Lĩnh vực", "Đối tượng", "Tác giả",
                       "Trạng thái", "Tiêu biểu", "Thời điểm gửi", "Giá trị làm lợi (đồng)"]
    first = items[0]
    from django.utils import timezone

    assert rows[1] == [str(first.pk), "Sổ tay điện tử", "P01-U001-G0001", tree["school"].name, "Kỹ thuật, sản xuất",
                       "enterprise", "Nguyễn Thị Lan", "Đã gửi, chờ xác nhận", "",
                       timezone.localtime(first.first_submitted_at).strftime("%d/%m/%Y %H:%M"), "2000000"]


def test_csv_export_neutralises_formulas(client, school_officer, items):
    client.force_login(school_officer)
    assert _csv(client, state="submitted")[2][1] == "'=HYPERLINK(\"http://x\")"


def test_export_respects_scope(client, thanh_hoa_officer, items):
    client.force_login(thanh_hoa_officer)
    assert _csv(client, state="submitted") == [_header()]


def _header():
    return ["Mã số", "Tên sáng kiến", "Mã đơn vị", "Đơn vị", "Lĩnh vực", "Đối tượng", "Tác giả", "Trạng thái",
            "Tiêu biểu", "Thời điểm gửi", "Giá trị làm lợi (đồng)"]


def test_xlsx_export_has_the_same_rows_and_text_formulas(client, school_officer, items):
    from openpyxl import load_workbook

    client.force_login(school_officer)
    response = client.get(reverse("reviews:export", args=["xlsx"]), {"state": "submitted"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == _header()
    assert rows[1][1] == "Sổ tay điện tử" and rows[1][10] == 2_000_000
    assert rows[2][1] == "=HYPERLINK(\"http://x\")"
    assert sheet.cell(row=3, column=2).data_type == "s"


def test_worker_cannot_export(client, worker, items):
    client.force_login(worker)
    assert client.get(reverse("reviews:export", args=["csv"])).status_code == 403
