"""A certificate as a printable PDF: A4 landscape, in Vietnamese, with its code and QR code.

Drawn with reportlab in DejaVu Serif, embedded from ``static/fonts/`` (its licence beside
it): the portal never depends on the fonts of the server it runs on, and every Vietnamese
letter and tone mark is in the font. The QR code is drawn module by module from segno's
matrix, so it stays sharp at any print size.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from campaign.selectors import current_programme

from .certificates import CertificateCheck

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
REGULAR = "DejaVuSerif"
BOLD = "DejaVuSerif-Bold"
PAGE = landscape(A4)
RED = Color(0.70, 0.07, 0.10)
GOLD = Color(0.72, 0.56, 0.17)
INK = Color(0.12, 0.12, 0.14)
# Where the QR code sits (points from the bottom left) and its side: the e2e test reads it back there.
QR_X, QR_Y, QR_SIDE = 60.0, 58.0, 110.0


@cache
def _register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(REGULAR, str(FONT_DIR / "DejaVuSerif.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONT_DIR / "DejaVuSerif-Bold.ttf")))


def verification_qr(url: str) -> segno.QRCode:
    """The QR code printed on a certificate for its verification address."""
    return segno.make(url, error="m", micro=False)


def _draw_qr(canvas: Canvas, qr: segno.QRCode) -> None:
    rows = [list(row) for row in qr.matrix]
    border = 2
    modules = len(rows) + 2 * border
    size = QR_SIDE / modules
    canvas.setFillColor(white)
    canvas.rect(QR_X, QR_Y, QR_SIDE, QR_SIDE, stroke=0, fill=1)
    canvas.setFillColor(INK)
    # Each run of dark modules in a row as one rectangle: no seams between modules, a smaller file.
    for r, row in enumerate(rows):
        c = 0
        while c < len(row):
            if not row[c]:
                c += 1
                continue
            start = c
            while c < len(row) and row[c]:
                c += 1
            y = QR_Y + QR_SIDE - (r + border + 1) * size
            # A hair taller than a module, so rows touch without a seam either.
            canvas.rect(QR_X + (start + border) * size, y - 0.02, (c - start) * size, size + 0.04, stroke=0, fill=1)


def _centred(canvas: Canvas, text: str, y: float, font: str, size: float, color=INK) -> None:
    canvas.setFont(font, size)
    canvas.setFillColor(color)
    canvas.drawCentredString(PAGE[0] / 2, y, text)


def _paragraph(canvas: Canvas, text: str, *, top: float, font: str, size: float, width: float, color=INK) -> float:
    """``text`` wrapped and centred below ``top``; returns the y under it."""
    style = ParagraphStyle("c", fontName=font, fontSize=size, leading=size * 1.3, alignment=TA_CENTER, textColor=color)
    paragraph = Paragraph(
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"), style
    )
    _w, height = paragraph.wrap(width, PAGE[1])
    paragraph.drawOn(canvas, (PAGE[0] - width) / 2, top - height)
    return top - height


def certificate_pdf(check: CertificateCheck, *, verify_url: str) -> bytes:
    """The certificate of ``check`` as PDF bytes; ``verify_url`` is what its QR code opens."""
    _register_fonts()
    with translation.override("vi"):
        return _render(check, verify_url)


def _render(check: CertificateCheck, verify_url: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=PAGE, pageCompression=1)
    canvas.setTitle(_("Giấy chứng nhận sáng kiến %(code)s") % {"code": check.code})
    canvas.setAuthor(_("Tổng Liên đoàn Lao động Việt Nam"))
    width, height = PAGE
    # Two frames, red outside and gold inside.
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(6)
    canvas.rect(22, 22, width - 44, height - 44)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.5)
    canvas.rect(34, 34, width - 68, height - 68)

    _centred(canvas, _("TỔNG LIÊN ĐOÀN LAO ĐỘNG VIỆT NAM"), height - 78, BOLD, 13)
    programme = current_programme()
    campaign = programme.name if programme is not None else _("Chương trình “1 triệu sáng kiến”")
    y = _paragraph(canvas, campaign, top=height - 90, font=REGULAR, size=11, width=width - 200)
    _centred(canvas, _("GIẤY CHỨNG NHẬN"), y - 58, BOLD, 38, RED)
    _centred(canvas, check.certificate.get_kind_display().upper(), y - 90, BOLD, 16, GOLD)
    y = _paragraph(canvas, check.title, top=y - 112, font=BOLD, size=22, width=width - 180)

    authors = ", ".join(check.authors)
    label = _("Tác giả") if len(check.authors) == 1 else _("Các tác giả")
    y = _paragraph(canvas, f"{label}: {authors}", top=y - 18, font=REGULAR, size=14, width=width - 200)
    unit = check.unit_name + (f" — {check.branch_name}" if check.branch_name else "")
    y = _paragraph(canvas, _("Đơn vị: %(unit)s") % {"unit": unit}, top=y - 6, font=REGULAR, size=14,
                   width=width - 200)
    granted = formats.date_format(check.certificate.granted_on, "SHORT_DATE_FORMAT")
    _paragraph(canvas, _("Ngày công nhận: %(date)s") % {"date": granted}, top=y - 6, font=REGULAR, size=14,
               width=width - 200)

    _draw_qr(canvas, verification_qr(verify_url))
    canvas.setFillColor(INK)
    canvas.setFont(REGULAR, 9)
    canvas.drawString(QR_X + QR_SIDE + 12, QR_Y + 62, _("Mã xác thực:"))
    canvas.setFont(BOLD, 14)
    canvas.drawString(QR_X + QR_SIDE + 12, QR_Y + 44, check.code)
    canvas.setFont(REGULAR, 9)
    canvas.drawString(QR_X + QR_SIDE + 12, QR_Y + 26, _("Quét mã QR hoặc mở địa chỉ sau để kiểm tra:"))
    canvas.drawString(QR_X + QR_SIDE + 12, QR_Y + 13, verify_url)
    issued = formats.date_format(timezone.localtime(check.certificate.issued_at).date(), "SHORT_DATE_FORMAT")
    canvas.setFont(REGULAR, 11)
    canvas.drawRightString(width - 70, QR_Y + 62, _("Cấp ngày %(date)s") % {"date": issued})
    canvas.setFont(BOLD, 11)
    canvas.drawRightString(width - 70, QR_Y + 44, _("BAN TỔ CHỨC CHƯƠNG TRÌNH"))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
