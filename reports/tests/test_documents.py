"""The official report (DOCX and PDF), read back with python-docx against hand-computed figures.

The figures are the press report's, written straight into the aggregate tables (what the
document reads), as of 31/05/2022:

- Hà Nội (P01): 50.000 on 01/03 (public service 30.000, enterprise 20.000; 12.345 approved)
  and 6.106 on 20/05 (enterprise 106, union officials 6.000): 56.106. Targets 52.000 for
  phase 1 (108%, 4.106 over, reached 20/05, 11 days early) and 60.000 overall (93,5%).
  Fields: education 50.000 (89%), Covid-19 6.106 (11%). Children: Ba Đình holds all of it
  (targets 40.000 → 140%, 45.000 → 125%); Cầu Giấy nothing (target 1.000 → 0,0%).
- Thanh Hóa (P38): 200.000 on 01/03, 50.000 on 11/05, 350.175 on 20/05: 600.175
  (targets 250.000 → 240%, 700.000 → 85,7%); 100.000 approved.
- Công đoàn Điện lực Việt Nam (S05, a sector union): 40.667 on 20/05, no target.
- The federation: 696.948 (300.000 reached on 11/05, 20 days early: 232%, 132% over;
  69,7% of 1.000.000); public service 380.656 (55%), enterprise 168.921 (24%), union
  officials 110.976 (16%), civil servants 36.395 (5%); education 300.000 (43%), health
  200.000 (29%), Covid-19 196.948 (28%). 3.000 more on 02/06 are after the date.
"""

import datetime as dt
import io
import os
import re

import pytest
from django.test import override_settings
from django.utils import timezone
from docx import Document
from docx.shared import Pt

from accounts.tests.factories import UserFactory
from campaign.models import UnitTarget
from initiatives_portal import office
from reports.models import AggregateSet, DailyCount, FieldDailyCount
from submissions.models import Field
from unions.enums import UnitKind
from unions.tests.factories import AppointmentFactory, UnitFactory

AS_OF = "2022-05-31"
ISSUED_ON = dt.date(2022, 6, 1)
MARCH, MAY_11, MAY_20, JUNE_2 = dt.date(2022, 3, 1), dt.date(2022, 5, 11), dt.date(2022, 5, 20), dt.date(2022, 6, 2)


def _day(unit, day, *, public_service=0, enterprise=0, union_official=0, civil_servant=0, approved=0):
    received = public_service + enterprise + union_official + civil_servant
    return DailyCount(unit=unit, day=day, received=received, submitted=received - approved, approved=approved,
                      public_service=public_service, enterprise=enterprise, union_official=union_official,
                      civil_servant=civil_servant, non_management=received)


@pytest.fixture
def press_figures(tree, programme, monkeypatch):
    """The module docstring's figures in the aggregate tables, made current."""
    tld, ha_noi, ba_dinh, thanh_hoa = tree["tld"], tree["ha_noi"], tree["ba_dinh"], tree["thanh_hoa"]
    evn = UnitFactory(parent=tld, code="S05", name="Công đoàn Điện lực Việt Nam", kind=UnitKind.SECTOR)
    cau_giay = UnitFactory(parent=ha_noi, code="P01-U002", name="LĐLĐ quận Cầu Giấy", kind=UnitKind.UPPER)
    DailyCount.objects.bulk_create([
        *(_day(u, MARCH, public_service=30_000, enterprise=20_000, approved=12_345) for u in (ha_noi, ba_dinh)),
        *(_day(u, MAY_20, enterprise=106, union_official=6_000) for u in (ha_noi, ba_dinh)),
        _day(thanh_hoa, MARCH, public_service=200_000, approved=100_000),
        _day(thanh_hoa, MAY_11, public_service=50_000),
        _day(thanh_hoa, MAY_20, public_service=100_656, enterprise=148_815, union_official=100_704),
        _day(thanh_hoa, JUNE_2, enterprise=3_000),
        _day(evn, MAY_20, union_official=4_272, civil_servant=36_395),
        _day(tld, MARCH, public_service=230_000, enterprise=20_000, approved=112_345),
        _day(tld, MAY_11, public_service=50_000),
        _day(tld, MAY_20, public_service=100_656, enterprise=148_921, union_official=110_976, civil_servant=36_395),
        _day(tld, JUNE_2, enterprise=3_000),
    ])
    fields = {f.code: f for f in Field.objects.all()}
    FieldDailyCount.objects.bulk_create([
        FieldDailyCount(unit=tld, field=fields["education"], day=MARCH, received=250_000),
        FieldDailyCount(unit=tld, field=fields["education"], day=MAY_11, received=50_000),
        FieldDailyCount(unit=tld, field=fields["health"], day=MAY_20, received=200_000),
        FieldDailyCount(unit=tld, field=fields["covid19"], day=MAY_20, received=196_948),
        *(FieldDailyCount(unit=u, field=fields["education"], day=MARCH, received=50_000) for u in (ha_noi, ba_dinh)),
        *(FieldDailyCount(unit=u, field=fields["covid19"], day=MAY_20, received=6_106) for u in (ha_noi, ba_dinh)),
    ])
    for unit, phase, assigned, self_set in [
        (ha_noi, "phase-1", 52_000, None), (ha_noi, "overall", 60_000, 130_000),
        (thanh_hoa, "phase-1", 250_000, None), (thanh_hoa, "overall", 700_000, None),
        (ba_dinh, "phase-1", 40_000, None), (ba_dinh, "overall", 45_000, None), (cau_giay, "phase-1", 1_000, None),
    ]:
        UnitTarget.objects.create(unit=unit, phase=phase, assigned=assigned, self_set=self_set)
    now = timezone.now()
    AggregateSet.objects.create(started_at=now, computed_at=now, is_current=True)
    monkeypatch.setattr("reports.selectors.local_today", lambda: ISSUED_ON)
    return {**tree, "evn": evn, "cau_giay": cau_giay}


@pytest.fixture
def staff_client(client, federation_staff):
    client.force_login(federation_staff)
    return client


@pytest.fixture
def ha_noi_client(client, tree):
    user = UserFactory(unit=None, full_name="Nguyễn Văn Đức")
    AppointmentFactory(user=user, unit=tree["ha_noi"], role="officer")
    client.force_login(user)
    return client


def docx_of(client, code, as_of=AS_OF):
    response = client.get(f"/reports/units/{code}/report.docx", {"as_of": as_of})
    assert response.status_code == 200, response.content[:300]
    return Document(io.BytesIO(response.content))


def cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def rows_of(table) -> list[list[str]]:
    result = []
    for row in table.rows:
        texts = []
        for cell in row.cells:
            texts.append(cell.text)
        result.append(texts)
    return result


def body_paragraphs(document) -> list[str]:
    return [p.text for p in document.paragraphs if p.text.strip()]


# --- the layout -----------------------------------------------------------------------------------


def test_page_is_a4_portrait_with_the_decree_margins(press_figures, staff_client):
    section = docx_of(staff_client, "TLD").sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]
    assert [round(size.mm, 1) for size in sizes] == [210, 297, 20, 20, 30, 15]


def test_body_is_times_new_roman_14_pt(press_figures, staff_client):
    normal = docx_of(staff_client, "TLD").styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Times New Roman", Pt(14))


def test_province_header_names_the_federation_above_the_province_and_leaves_the_number_blank(
        press_figures, ha_noi_client):
    left, right = docx_of(ha_noi_client, "P01").tables[0].rows[0].cells
    assert cell_lines(left) == ["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "LĐLĐ THÀNH PHỐ HÀ NỘI",
                                "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-LĐLĐ"]
    assert cell_lines(right) == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                                 "Hà Nội, ngày 01 tháng 6 năm 2022"]


def test_the_issuing_unit_name_and_the_motto_are_bold_and_the_date_italic(press_figures, ha_noi_client):
    left, right = docx_of(ha_noi_client, "P01").tables[0].rows[0].cells
    unit_name = next(p for p in left.paragraphs if p.text == "LĐLĐ THÀNH PHỐ HÀ NỘI")
    assert all(run.bold for run in unit_name.runs)
    motto = [p for p in right.paragraphs if p.text.strip()]
    assert all(run.bold for p in motto[:2] for run in p.runs)
    assert all(run.italic for run in motto[2].runs)


def test_header_table_has_no_borders(press_figures, staff_client):
    header = docx_of(staff_client, "TLD").tables[0]
    assert header.style is None or header.style.name != "Table Grid"


def test_national_header_names_the_federation_alone(press_figures, staff_client):
    left, _right = docx_of(staff_client, "TLD").tables[0].rows[0].cells
    assert cell_lines(left) == ["TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM", "Số: \u00a0\u00a0\u00a0\u00a0\u00a0\u00a0/BC-TLĐ"]


def test_a_unit_under_thanh_hoa_dates_its_report_in_thanh_hoa(press_figures, client, thanh_hoa_officer):
    client.force_login(thanh_hoa_officer)
    _left, right = docx_of(client, "P38").tables[0].rows[0].cells
    assert cell_lines(right)[-1] == "Thanh Hóa, ngày 01 tháng 6 năm 2022"


@override_settings(REPORT_PLACE="TP. Hồ Chí Minh")
def test_a_sector_union_dates_its_report_at_the_configured_place(press_figures, staff_client):
    _left, right = docx_of(staff_client, "S05").tables[0].rows[0].cells
    assert cell_lines(right)[-1] == "TP. Hồ Chí Minh, ngày 01 tháng 6 năm 2022"


def test_title_names_the_programme_and_the_day(press_figures, staff_client):
    paragraphs = body_paragraphs(docx_of(staff_client, "TLD"))
    assert paragraphs[:3] == ["BÁO CÁO", "Kết quả thực hiện Chương trình “1 triệu sáng kiến”",
                              "tính đến 24 giờ ngày 31/5/2022"]


# --- the text -------------------------------------------------------------------------------------


def test_national_headline_is_the_federation_text(press_figures, staff_client):
    paragraphs = body_paragraphs(docx_of(staff_client, "TLD"))
    assert paragraphs[3] == (
        "Tính đến 24h ngày 31/5/2022, đã có 696.948 sáng kiến gửi tham gia chương trình, vượt 132% chỉ tiêu kế "
        "hoạch giai đoạn 1 (vượt 396.948 sáng kiến) và đạt 69,7% chỉ tiêu toàn bộ chương trình."
    )
    assert paragraphs[4].startswith(
        "Trong đó, số lượng sáng kiến của đoàn viên là cán bộ, viên chức, người lao động đơn vị sự nghiệp là "
        "380.656 sáng kiến (tỷ lệ 55%)"
    )
    assert paragraphs[5] == "Chỉ tiêu giai đoạn 1 đạt ngày 11/5/2022, sớm 20 ngày so với kế hoạch đề ra."


def test_province_headline_speaks_of_the_province(press_figures, ha_noi_client):
    paragraphs = body_paragraphs(docx_of(ha_noi_client, "P01"))
    assert paragraphs[3] == (
        "Tính đến 24 giờ ngày 31/5/2022, LĐLĐ thành phố Hà Nội đã có 56.106 sáng kiến được đăng tải, đạt 108% kế "
        "hoạch giai đoạn 1 (vượt 4.106 sáng kiến) và đạt 93,5% chỉ tiêu toàn bộ Chương trình do Tổng Liên đoàn giao."
    )
    assert "Chỉ tiêu giai đoạn 1 đạt ngày 20/5/2022, sớm 11 ngày so với kế hoạch đề ra." in paragraphs


def test_an_upper_union_headline_names_its_province_as_the_one_who_assigned_the_target(press_figures, ha_noi_client):
    paragraphs = body_paragraphs(docx_of(ha_noi_client, "P01-U001"))
    assert paragraphs[3].endswith(
        "đạt 125% chỉ tiêu toàn bộ Chương trình do LĐLĐ thành phố Hà Nội giao (vượt 11.106 sáng kiến)."
    )


# --- the tables -----------------------------------------------------------------------------------


def test_national_category_table_has_counts_shares_and_total(press_figures, staff_client):
    table = docx_of(staff_client, "TLD").tables[1]
    assert rows_of(table) == [
        ["TT", "Đối tượng", "Số sáng kiến", "Tỷ lệ"],
        ["1", "Đoàn viên là cán bộ, viên chức, người lao động đơn vị sự nghiệp", "380.656", "55%"],
        ["2", "Đoàn viên là công nhân lao động trong khu vực doanh nghiệp", "168.921", "24%"],
        ["3", "Cán bộ công đoàn", "110.976", "16%"],
        ["4", "Đoàn viên là cán bộ, công chức cơ quan Đảng, Nhà nước, MTTQ và các tổ chức chính trị - xã hội",
         "36.395", "5%"],
        ["Tổng cộng", "Tổng cộng", "696.948", "100%"],
    ]


def test_province_field_table_lists_its_fields(press_figures, ha_noi_client):
    table = docx_of(ha_noi_client, "P01").tables[2]
    rows = rows_of(table)
    assert rows[0] == ["TT", "Lĩnh vực", "Số sáng kiến", "Tỷ lệ"]
    assert [r[2:] for r in rows[1:]] == [["50.000", "89%"], ["6.106", "11%"], ["56.106", "100%"]]


def test_national_child_table_groups_provinces_and_sector_unions_with_their_ranks(press_figures, staff_client):
    rows = rows_of(docx_of(staff_client, "TLD").tables[3])
    assert rows[0][:4] == ["Hạng", "Đơn vị", "Số sáng kiến", "Được công nhận"]
    assert rows[0][4:] == ["Giai đoạn 1", "Giai đoạn 1", "Toàn chương trình", "Toàn chương trình"]
    assert rows[1][4:] == ["Chỉ tiêu", "Đạt", "Chỉ tiêu", "Đạt"]
    assert rows[2][0] == "Liên đoàn Lao động tỉnh, thành phố"
    assert rows[3] == ["1", "LĐLĐ tỉnh Thanh Hóa", "600.175", "100.000", "250.000", "240%", "700.000", "85,7%"]
    assert rows[4] == ["2", "LĐLĐ thành phố Hà Nội", "56.106", "12.345", "52.000", "108%", "60.000", "93,5%"]
    assert rows[5][0] == "Công đoàn ngành trung ương, tổng công ty"
    assert rows[6] == ["3", "Công đoàn Điện lực Việt Nam", "40.667", "0", "—", "—", "—", "—"]
    assert len(rows) == 7


def test_province_child_table_ranks_its_upper_unions(press_figures, ha_noi_client):
    rows = rows_of(docx_of(ha_noi_client, "P01").tables[3])
    assert rows[2:] == [
        ["1", "Công đoàn viên chức quận Ba Đình", "56.106", "12.345", "40.000", "140%", "45.000", "125%"],
        ["2", "LĐLĐ quận Cầu Giấy", "0", "0", "1.000", "0,0%", "—", "—"],
    ]


def test_grassroots_report_has_no_child_table(press_figures, ha_noi_client):
    document = docx_of(ha_noi_client, "P01-U001-G0001")
    assert len(document.tables) == 4  # header, categories, fields, closing
    assert not any(p.startswith("3. Kết quả của các đơn vị trực thuộc") for p in body_paragraphs(document))


def test_the_cumulative_chart_is_embedded_as_a_png(press_figures, staff_client):
    document = docx_of(staff_client, "TLD")
    images = [part for part in document.part.package.parts if part.content_type == "image/png"]
    assert len(images) == 1
    assert images[0].blob.startswith(b"\x89PNG")
    assert len(document.inline_shapes) == 1


def test_closing_lists_recipients_and_leaves_the_signature_to_the_chair(press_figures, ha_noi_client):
    left, right = docx_of(ha_noi_client, "P01").tables[-1].rows[0].cells
    assert cell_lines(left) == ["Nơi nhận:", "- Tổng Liên đoàn Lao động Việt Nam (để báo cáo);",
                                "- Các đơn vị trực thuộc;", "- Lưu: VT."]
    assert cell_lines(right) == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"]
    assert len(right.paragraphs) >= 5  # room for the signature and the name written by hand


def test_national_report_is_signed_for_the_presidium(press_figures, staff_client):
    _left, right = docx_of(staff_client, "TLD").tables[-1].rows[0].cells
    assert cell_lines(right) == ["TM. ĐOÀN CHỦ TỊCH", "CHỦ TỊCH"]


# --- the address ----------------------------------------------------------------------------------


def test_docx_is_an_attachment_named_after_the_unit_and_the_day(press_figures, staff_client):
    response = staff_client.get("/reports/units/P01/report.docx", {"as_of": AS_OF})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="P01-bao-cao-2022-05-31.docx"'


def test_report_counts_nothing_after_the_as_of_day(press_figures, staff_client):
    paragraphs = body_paragraphs(docx_of(staff_client, "TLD", as_of="2022-06-02"))
    assert "đã có 699.948 sáng kiến" in paragraphs[3]


def test_a_day_written_dd_mm_yyyy_is_read(press_figures, staff_client):
    assert "696.948" in body_paragraphs(docx_of(staff_client, "TLD", as_of="31/05/2022"))[3]


def test_an_unreadable_day_gets_400_with_a_vietnamese_message(press_figures, staff_client):
    response = staff_client.get("/reports/units/TLD/report.docx", {"as_of": "2022-02-30"})
    assert response.status_code == 400
    assert "Tham số “as_of” không hợp lệ" in response.content.decode()


def test_officer_of_another_province_gets_404(press_figures, client, thanh_hoa_officer):
    client.force_login(thanh_hoa_officer)
    for suffix in ("docx", "pdf"):
        assert client.get(f"/reports/units/P01/report.{suffix}", {"as_of": AS_OF}).status_code == 404


def test_worker_gets_404(press_figures, client, worker):
    client.force_login(worker)
    assert client.get("/reports/units/P01-U001-G0001/report.docx").status_code == 404


def test_anonymous_user_is_sent_to_log_in(press_figures, client):
    response = client.get("/reports/units/TLD/report.docx")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_before_the_first_recompute_the_report_says_figures_are_not_ready(tree, programme, staff_client):
    response = staff_client.get("/reports/units/TLD/report.docx")
    assert response.status_code == 503
    assert response.content.decode() == "Số liệu chưa được tính."


# --- PDF ------------------------------------------------------------------------------------------


def _libreoffice_required() -> bool:
    return os.environ.get("E2E_REQUIRED", "").lower() in {"1", "true", "yes"}


@pytest.fixture
def libreoffice():
    if office.libreoffice_binary() is None:
        if _libreoffice_required():
            pytest.fail("E2E_REQUIRED is set but LibreOffice (soffice) is not installed")
        pytest.skip("LibreOffice (soffice) is not installed")


def test_pdf_is_the_report_converted(press_figures, staff_client, libreoffice):
    response = staff_client.get("/reports/units/TLD/report.pdf", {"as_of": AS_OF})
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="TLD-bao-cao-2022-05-31.pdf"'
    assert response.content.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", response.content))
    assert 2 <= pages <= 4


@override_settings(LIBREOFFICE_BINARY="/nonexistent/soffice")
def test_without_libreoffice_the_pdf_answers_503_and_says_why(press_figures, staff_client):
    response = staff_client.get("/reports/units/TLD/report.pdf", {"as_of": AS_OF})
    assert response.status_code == 503
    assert "chưa cài LibreOffice" in response.content.decode()


@override_settings(LIBREOFFICE_BINARY="/nonexistent/soffice")
def test_without_libreoffice_the_pages_offer_only_the_word_file(press_figures, staff_client):
    for page in ("/reports/units/TLD/report/", "/reports/units/TLD/"):
        html = staff_client.get(page, {"as_of": AS_OF}).content.decode()
        assert "/reports/units/TLD/report.docx?as_of=2022-05-31" in html
        assert "report.pdf" not in html


def test_pages_link_to_both_files(press_figures, staff_client, libreoffice):
    for page in ("/reports/units/TLD/report/", "/reports/units/TLD/"):
        html = staff_client.get(page, {"as_of": AS_OF}).content.decode()
        assert "Tải báo cáo (Word)" in html
        assert "/reports/units/TLD/report.pdf?as_of=2022-05-31" in html


def test_a_conversion_that_fails_answers_503(press_figures, staff_client, monkeypatch):
    def fail(_data):
        raise office.ConversionError("boom")

    monkeypatch.setattr("reports.document_views.pdf_available", lambda: True)
    monkeypatch.setattr("initiatives_portal.office.pdf_from_office", fail)
    response = staff_client.get("/reports/units/TLD/report.pdf", {"as_of": AS_OF})
    assert response.status_code == 503
    assert "Chưa tạo được bản PDF" in response.content.decode()

