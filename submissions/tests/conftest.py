import unicodedata
import uuid

import pytest

from submissions.models import Field

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def office_bytes(kind: str, *, macro: bool = False) -> bytes:
    """A minimal DOCX or XLSX package; with ``macro``, a VBA project declared as Office declares it."""
    from .packages import MACRO_SHEET_MAIN, VBA, VBA_REL, docx, sheet_xml, xlsx

    vba = {"extra_parts": {"word/vbaProject.bin" if kind == "docx" else "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"},
           "extra_defaults": {"bin": VBA}} if macro else {}
    if kind == "docx":
        if macro:
            vba["main_type"] = "application/vnd.ms-word.document.macroEnabled.main+xml"
            vba["document_rels"] = (("rId9", VBA_REL, "vbaProject.bin"),)
        return docx(**vba)
    if macro:
        vba["main_type"] = MACRO_SHEET_MAIN
        vba["extra_workbook_rels"] = (("rId9", VBA_REL, "vbaProject.bin"),)
    return xlsx(sheet_xml([["a"]]), **vba)


def nfd(text: str) -> str:
    """``text`` decomposed, as phones and some keyboards send Vietnamese."""
    return unicodedata.normalize("NFD", text)


RLM = "\u200f"  # a right-to-left mark, as text pasted from a chat or a document brings along


@pytest.fixture
def form_data(db):
    """A complete, valid initiative form as a Vietnamese worker types it: a grouped amount,
    day-first dates, decomposed accents, Đ/đ, an emoji and a right-to-left mark."""

    def build(**overrides):
        data = {
            "submission_key": str(uuid.uuid4()),
            "title": nfd("Cải tiến dây chuyền đóng gói giúp tăng năng suất"),
            "field": str(Field.objects.get(code="engineering").pk),
            "summary": "Thay đổi thứ tự công đoạn đóng gói 📦.",
            "problem": nfd("Công đoạn đóng gói chậm, ùn hàng cuối ca; đường đi của hàng dài."),
            "solution": f"Bố trí lại bàn đóng gói theo dòng chảy sản phẩm{RLM}.",
            "applied_where": "Phân xưởng Đóng gói 2",
            "first_applied_on": "01/03/2022",
            "application_conditions": "",
            "first_application_participants": "Đặng Văn Đức, Đỗ Thị Đào",
            "benefits": "Tăng 15% năng suất 👍",
            "benefit_vnd": "120.000.000",
            "recognised_by": "Hội đồng sáng kiến Công ty Đường Đồng Nai",
            "recognised_on": "15/03/2022",
            "author_workplace": "Phân xưởng Đóng gói 2",
            "author_job_title": "Công nhân",
            "author_qualification": nfd("Kỹ thuật viên điện"),
            "author_contribution": "100",
            "co-TOTAL_FORMS": "2",
            "co-INITIAL_FORMS": "0",
            "co-MIN_NUM_FORMS": "0",
            "co-MAX_NUM_FORMS": "20",
        }
        for i in range(2):
            for name in ("full_name", "workplace", "job_title", "qualification", "contribution"):
                data[f"co-{i}-{name}"] = ""
        data.update(overrides)
        return data

    return build


@pytest.fixture
def upper(tree):
    """An officer of the upper-level union Ba Đình (imports into its grassroots unions)."""
    from accounts.tests.factories import UserFactory
    from unions.tests.factories import AppointmentFactory

    user = UserFactory(unit=None, full_name="Cán bộ Ba Đình")
    AppointmentFactory(user=user, unit=tree["ba_dinh"], role="officer")
    return user


@pytest.fixture
def ha_noi_staff(tree):
    """Staff of the Hà Nội federation: follows its figures and uploads what was collected on paper."""
    from accounts.tests.factories import UserFactory
    from unions.tests.factories import AppointmentFactory

    user = UserFactory(unit=None, full_name="Chuyên viên Hà Nội")
    AppointmentFactory(user=user, unit=tree["ha_noi"], role="staff")
    return user
