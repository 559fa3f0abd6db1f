"""A round's results as XLSX and the council's decision as DOCX (the report's administrative layout)."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from initiatives_portal.tabular import store_text
from reports.documents import issue_date_line, issuer_of
from unions.selectors import ancestors_of

from .models import CouncilRound
from .selectors import round_results

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SCORE_FORMAT = "0.00"


def results_xlsx(council_round: CouncilRound) -> bytes:
    """Two sheets: the ranking (rank, initiative, author, unit, members scored, mean, spread,
    wide disagreement, selected) and every member's weighted mean per initiative."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    rows = round_results(council_round)
    workbook = Workbook(write_only=True)
    ranking = workbook.create_sheet(title=_("Xếp hạng")[:31])
    by_member = workbook.create_sheet(title=_("Điểm từng thành viên")[:31])

    def text(sheet, value: str, *, bold: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet)
        store_text(cell, value)
        if bold:
            cell.font = Font(bold=True)
        return cell

    def number(sheet, value, fmt: str = "0") -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = fmt
        return cell

    for sheet, width in ((ranking, (8, 12, 50, 28, 35, 10, 10, 10, 10, 10)), (by_member, (12, 50, 30, 12, 50))):
        for index, w in enumerate(width):
            sheet.column_dimensions[chr(ord("A") + index)].width = w
    ranking.append([text(ranking, f"{council_round.name} — {council_round.unit.name}", bold=True)])
    ranking.append([text(ranking, h, bold=True) for h in (
        _("Hạng"), _("Mã sáng kiến"), _("Tên sáng kiến"), _("Tác giả"), _("Đơn vị"), _("Số thành viên đã chấm"),
        _("Điểm bình quân"), _("Chênh lệch"), _("Chênh lệch lớn"), _("Được chọn"))])
    by_member.append([text(by_member, h, bold=True) for h in (
        _("Mã sáng kiến"), _("Tên sáng kiến"), _("Thành viên"), _("Điểm có trọng số"), _("Nhận xét"))])
    for r in rows:
        ranking.append([
            number(ranking, r.rank) if r.rank is not None else text(ranking, ""),
            number(ranking, r.initiative_id), text(ranking, r.title), text(ranking, r.author_name),
            text(ranking, r.unit_name), number(ranking, r.scored),
            number(ranking, r.mean_shown, SCORE_FORMAT) if r.mean is not None else text(ranking, ""),
            number(ranking, r.spread_shown, SCORE_FORMAT) if r.spread is not None else text(ranking, ""),
            text(ranking, _("có") if r.wide else ""), text(ranking, _("có") if r.selected else ""),
        ])
        for m in r.members:
            by_member.append([number(by_member, r.initiative_id), text(by_member, r.title), text(by_member, m.name),
                              number(by_member, m.shown, SCORE_FORMAT), text(by_member, m.comment)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def administrative_header(document, *, parent_name: str, issuer_name: str, number: str, place: str, day) -> None:
    """The two-column head of an administrative document (the report's layout): the issuing
    body under its parent on the left with the document's number, the national motto on the
    right with the place and date, written as the official report writes them
    (``reports.documents.issue_date_line``)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    number_cell, date_cell = table.rows[1].cells

    def line(cell, text: str, *, bold: bool = False, italic: bool = False, first: bool = False) -> None:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(12)

    line(left, parent_name.upper(), first=True)
    line(left, issuer_name.upper(), bold=True)
    line(right, _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), bold=True, first=True)
    line(right, _("Độc lập - Tự do - Hạnh phúc"), bold=True)
    line(number_cell, number, first=True)
    line(date_cell, issue_date_line(place, day), italic=True, first=True)


def decision_docx(council_round: CouncilRound) -> bytes:
    """The council's decision recognising the initiatives it selected, with their ranks and means."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    rows = [r for r in round_results(council_round) if r.selected]
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    unit = council_round.unit
    ancestors = ancestors_of(unit)
    parent = ancestors[-1] if ancestors else None
    issuer = _("Hội đồng xét chọn sáng kiến tiêu biểu")
    administrative_header(
        document, parent_name=unit.name if parent is None else parent.name,
        issuer_name=f"{unit.name} — {issuer}" if parent is None else unit.name,
        number=_("Số:        /QĐ-HĐXC"), place=issuer_of(unit, ancestors).place,
        day=timezone.localtime(council_round.closed_at).date(),
    )

    def centred(text: str, *, bold: bool = False, italic: bool = False) -> None:
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic

    document.add_paragraph()
    centred(_("QUYẾT ĐỊNH"), bold=True)
    centred(_("Về việc công nhận sáng kiến tiêu biểu"), bold=True)
    centred(council_round.name, italic=True)
    centred(_("HỘI ĐỒNG XÉT CHỌN SÁNG KIẾN TIÊU BIỂU"), bold=True)
    document.add_paragraph(_("Căn cứ Chương trình “1 triệu sáng kiến” của Tổng Liên đoàn Lao động Việt Nam;"))
    document.add_paragraph(
        _("Căn cứ kết quả chấm điểm của các thành viên hội đồng theo các tiêu chí: %(criteria)s;") % {
            "criteria": "; ".join(f"{c.name} ({_('trọng số')} {number_format(c.weight_shown)})"
                                  for c in council_round.criteria.all())})
    centred(_("QUYẾT ĐỊNH:"), bold=True)
    document.add_paragraph(
        _("Điều 1. Công nhận %(n)s sáng kiến tiêu biểu có tên trong danh sách dưới đây.") % {"n": len(rows)})
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, header in zip(table.rows[0].cells, (_("Hạng"), _("Tên sáng kiến"), _("Tác giả"), _("Đơn vị"),
                                                  _("Điểm bình quân")), strict=True):
        cell.paragraphs[0].add_run(header).bold = True
    for r in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, (str(r.rank), r.title, r.author_name, r.unit_name,
                                       number_format(r.mean_shown, decimal_pos=2)), strict=True):
            cell.text = value
    document.add_paragraph(_("Điều 2. Các sáng kiến được công nhận được đánh dấu tiêu biểu trên Cổng thông tin "
                             "“1 triệu sáng kiến” và được giới thiệu để nhân rộng."))
    document.add_paragraph(_("Điều 3. Quyết định có hiệu lực kể từ ngày ký."))
    signature = document.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.add_run(_("TM. HỘI ĐỒNG") + "\n").bold = True
    signature.add_run(_("CHỦ TỊCH") + "\n\n\n").bold = True
    signature.add_run(council_round.chair.full_name).bold = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
