"""A stranger scans a certificate's QR code and sees the verification page; the public
showcase's list and an initiative's page; on a phone (375 px) and a desk (1280 px).

The QR code is read back from the certificate itself: the PDF is rendered to an image
(poppler's pdftoppm), the code's modules sampled where the certificate draws it, and
the matrix compared with segno's for the address printed beside it. The browser then
opens that address with no account and no cookie.
"""

import subprocess

import pytest
import segno
from django.test import Client
from PIL import Image

from recognition import certificate_pdf as layout
from recognition.tests.conftest import approve
from reviews.services import initiative_mark_exemplary
from submissions.models import CoAuthor
from submissions.services import initiative_set_publication_consent
from submissions.tests.factories import InitiativeFactory
from unions.tests.factories import AppointmentFactory

from .browser import DESKTOP, PHONE, page_width, reachable, serious_axe_violations

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data"),
    pytest.mark.xdist_group("e2e"),
]

WIDTHS = {"phone": PHONE, "desktop": DESKTOP}
DPI = 300


@pytest.fixture
def showcased(tree, programme, worker, school_officer, upper_officer):
    from accounts.tests.factories import UserFactory

    initiative = InitiativeFactory(
        submitter=worker, title="Đổi mới quy trình chấm bài trắc nghiệm bằng điện thoại",
        summary="Giáo viên chụp phiếu trả lời bằng điện thoại; điểm được trả cho học sinh ngay trong ngày.",
        benefits="Giảm 70% thời gian chấm bài của tổ Toán, tiết kiệm 12.000 tờ giấy mỗi năm.",
        author_contribution=70,
    )
    CoAuthor.objects.create(initiative=initiative, full_name="Trần Thị Hoa", contribution=30)
    approve(initiative, author=worker, school_officer=school_officer, upper_officer=upper_officer)
    staff = UserFactory(unit=None, full_name="Ngô Văn Tài")
    AppointmentFactory(user=staff, unit=tree["ha_noi"], role="staff")
    initiative_mark_exemplary(initiative=initiative, actor=staff, exemplary=True)
    initiative_set_publication_consent(initiative=initiative, by=worker, consent=True)
    return initiative


def _certificate_pdf(initiative, author, tmp_path):
    client = Client()
    client.force_login(author)
    response = client.get(f"/certificates/{initiative.pk}/exemplary.pdf")
    assert response.status_code == 200
    path = tmp_path / "certificate.pdf"
    path.write_bytes(response.content)
    return path


def _printed_address(pdf) -> str:
    text = subprocess.run(  # noqa: S603 - poppler on the file just written
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True  # noqa: S607
    ).stdout
    return next(word for word in text.split() if "/verify/" in word)


def _scanned_matrix(pdf, tmp_path, size: int) -> list[list[bool]]:
    """The QR code's modules as drawn on the certificate, read from its image."""
    subprocess.run(  # noqa: S603 - poppler on the file just written
        ["pdftoppm", "-png", "-r", str(DPI), "-singlefile", str(pdf), str(tmp_path / "certificate")],  # noqa: S607
        check=True,
    )
    image = Image.open(tmp_path / "certificate.png").convert("L")
    scale = DPI / 72
    page_height = layout.PAGE[1]
    modules = size + 4  # two modules of quiet zone on each side
    module = layout.QR_SIDE / modules
    top = page_height - (layout.QR_Y + layout.QR_SIDE)
    return [
        [image.getpixel((int((layout.QR_X + (c + 2.5) * module) * scale), int((top + (r + 2.5) * module) * scale))) < 128
         for c in range(size)]
        for r in range(size)
    ]


def test_a_stranger_scans_the_certificate_and_sees_the_verification_page(
    open_page, screenshot, showcased, worker, live_server, settings, tmp_path
):
    settings.PORTAL_URL = live_server.url
    pdf = _certificate_pdf(showcased, worker, tmp_path)
    address = _printed_address(pdf)
    expected = segno.make(address, error="m", micro=False)
    scanned = _scanned_matrix(pdf, tmp_path, len(list(expected.matrix)))

    assert address.startswith(f"{live_server.url}/verify/")
    assert scanned == [[bool(v) for v in row] for row in expected.matrix]

    for width, viewport in WIDTHS.items():
        page = open_page(viewport=viewport, bypass_csp=True)
        page.goto(address)
        screenshot(page, f"{width}-certificate-verified")
        text = reachable(page, "main").inner_text()
        assert "Giấy chứng nhận hợp lệ." in text
        assert showcased.title in text
        assert "Nguyễn Thị Lan, Trần Thị Hoa" in text
        assert "Công đoàn Trường THPT Phan Đình Phùng" in text
        assert page.context.cookies() == []
        assert page_width(page) <= viewport["width"]
        assert serious_axe_violations(page) == []


def test_a_withdrawn_mark_shows_the_certificate_as_no_longer_valid(
    open_page, screenshot, showcased, worker, live_server, settings, tmp_path, tree
):
    from accounts.tests.factories import UserFactory

    settings.PORTAL_URL = live_server.url
    address = _printed_address(_certificate_pdf(showcased, worker, tmp_path))
    staff = UserFactory(unit=None, full_name="Đỗ Thị Mai")
    AppointmentFactory(user=staff, unit=tree["tld"], role="staff")
    showcased.refresh_from_db()
    initiative_mark_exemplary(initiative=showcased, actor=staff, exemplary=False)
    page = open_page(viewport=PHONE, bypass_csp=True)
    page.goto(address)
    screenshot(page, "phone-certificate-withdrawn")
    assert "Giấy chứng nhận không còn hiệu lực" in reachable(page, "main").inner_text()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_showcase_lists_and_shows_the_initiative_without_an_account(open_page, screenshot, showcased, width):
    page = open_page(viewport=WIDTHS[width], bypass_csp=True)
    page.goto("/showcase/")
    reachable(page, "input[name=q]").fill("cham bai trac nghiem")
    reachable(page, "main button[type=submit]").click()
    page.wait_for_url("**/showcase/?q=*")
    screenshot(page, f"{width}-showcase-list")
    assert page_width(page) <= WIDTHS[width]["width"]
    assert serious_axe_violations(page) == []

    page.get_by_role("link", name=showcased.title).click()
    page.wait_for_url(f"**/showcase/{showcased.pk}/")
    screenshot(page, f"{width}-showcase-detail")
    text = reachable(page, "main").inner_text()
    assert "Nguyễn Thị Lan" in text and "Trần Thị Hoa" in text
    assert "Giảm 70% thời gian chấm bài" in text
    assert page_width(page) <= WIDTHS[width]["width"]
    assert serious_axe_violations(page) == []
