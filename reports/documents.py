"""The official report of a unit as a Word document, in the layout of Vietnamese
administrative documents (Decree 30/2020/NĐ-CP, appendix I): A4 portrait, Times New Roman,
the issuing body at the top left and the national motto at the top right, the number and
date lines, the title, the text, the tables, the chart and the signature block.

Built from a ``Dashboard`` (the aggregates only) with python-docx; nothing here counts
initiatives.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaign.enums import PhaseCode
from campaign.models import Programme
from initiatives_portal.formatting import format_count, press_date, progress_text, share_text
from unions.enums import UnitKind
from unions.models import Unit

from . import sentences
from .charts import chart_png
from .selectors import Dashboard, Period, Share, child_kinds, periods

CENTER = 1  # WD_ALIGN_PARAGRAPH.CENTER, without importing python-docx with this module
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FONT = "Times New Roman"
BODY_PT = 14
HEADER_PT = 13
MOTTO_PT = 12
TABLE_PT = 11
CHILDREN_TABLE_PT = 10
# A4 and the decree's margins (top 20–25 mm, bottom 20–25, left 30–35, right 15–20).
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]

# The symbol of the issuing body on the number line ("Số:      /BC-LĐLĐ"), by kind of unit.
KIND_SYMBOLS = {
    UnitKind.FEDERATION: "TLĐ",
    UnitKind.PROVINCE: "LĐLĐ",
    UnitKind.SECTOR: "CĐN",
    UnitKind.UPPER: "CĐ",
    UnitKind.GRASSROOTS: "CĐCS",
}
# A province federation's name gives the place of its documents: "LĐLĐ tỉnh Thanh Hóa" → "Thanh Hóa".
_PROVINCE_NAME = re.compile(r"^(?:LĐLĐ|Liên đoàn Lao động)\s+(?:tỉnh|thành phố|TP\.?)\s+(?P<place>.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Issuer:
    """Who issues the report and what its header and signature say."""

    parent_name: str  # "" for the federation itself
    name: str
    symbol: str
    place: str
    on_behalf_of: str  # "TM. BAN THƯỜNG VỤ"
    assigned_by: str  # who set the unit's targets, as the headline names it


def issuer_of(unit: Unit, ancestors: list[Unit]) -> Issuer:
    """The header and signature of ``unit``'s report (``ancestors`` from the root down).

    The place is the province the unit belongs to (read from the province federation's
    name), else ``REPORT_PLACE`` (the federation and the central sector unions sit in Hà Nội).
    """
    parent = ancestors[-1] if ancestors else None
    place = settings.REPORT_PLACE
    for node in [*ancestors, unit]:
        match = _PROVINCE_NAME.match(node.name.strip()) if node.kind == UnitKind.PROVINCE else None
        if match:
            place = match["place"].strip()
    if unit.kind == UnitKind.FEDERATION:
        on_behalf_of = _("TM. ĐOÀN CHỦ TỊCH")
    elif unit.kind == UnitKind.GRASSROOTS:
        on_behalf_of = _("TM. BAN CHẤP HÀNH")
    else:
        on_behalf_of = _("TM. BAN THƯỜNG VỤ")
    if parent is None:
        assigned_by = ""
    elif parent.depth == 1:
        assigned_by = _("Tổng Liên đoàn")
    else:
        assigned_by = parent.name
    return Issuer(
        parent_name=parent.name if parent is not None else "",
        name=unit.name,
        symbol=KIND_SYMBOLS.get(unit.kind, "CĐ"),
        place=place,
        on_behalf_of=on_behalf_of,
        assigned_by=assigned_by,
    )


def issue_date_line(place: str, day: dt.date) -> str:
    """"Hà Nội, ngày 07 tháng 02 năm 2022": the decree writes a day below 10 and the months
    1 and 2 with a leading zero, every other number as it is ("ngày 31 tháng 5")."""
    return _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s") % {
        "place": place,
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month <= 2 else str(day.month),
        "year": day.year,
    }


def number_line(symbol: str) -> str:
    """The number is left blank for the office to fill in when it registers the document."""
    return _("Số: %(blank)s/BC-%(symbol)s") % {"blank": "\u00a0" * 6, "symbol": symbol}


def headline(d: Dashboard, issuer: Issuer) -> str:
    """The national headline for the federation; a unit's own headline for any other unit."""
    if not issuer.parent_name:
        return sentences.headline(d)
    return sentences.unit_headline(d, unit_name=d.unit.name, assigned_by=issuer.assigned_by)


def _reached_sentences(d: Dashboard) -> list[str]:
    texts = []
    for p in d.progress:
        if p.reached_on and p.days_before_deadline:
            texts.append(ngettext(
                "Chỉ tiêu %(phase)s đạt ngày %(d)s, sớm %(days)s ngày so với kế hoạch đề ra.",
                "Chỉ tiêu %(phase)s đạt ngày %(d)s, sớm %(days)s ngày so với kế hoạch đề ra.",
                p.days_before_deadline,
            ) % {"phase": p.period.name.lower(), "d": press_date(p.reached_on), "days": p.days_before_deadline})
    return texts


# --- the document, piece by piece -----------------------------------------------------------------


class _Writer:
    """A python-docx document with the few formatting moves the report needs."""

    def __init__(self) -> None:
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.shared import Mm, Pt

        self.document = Document()
        section = self.document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
        section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
        section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
        normal = self.document.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(BODY_PT)
        # Word reads the East Asian and complex-script fonts apart from the Latin one.
        fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:eastAsia", "w:cs", "w:hAnsi"):
            fonts.set(self._qn(attribute), FONT)
        normal.paragraph_format.space_after = Pt(6)
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.line_spacing = 1.15
        self._page_numbers(section)

    @staticmethod
    def _qn(name: str) -> str:
        from docx.oxml.ns import qn

        return qn(name)

    def _element(self, tag: str, **attributes):
        from docx.oxml import OxmlElement

        element = OxmlElement(tag)
        for key, value in attributes.items():
            element.set(self._qn(key.replace("_", ":", 1)), value)
        return element

    def _page_numbers(self, section) -> None:
        """The page number at the top centre, from the second page on (the decree's rule)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        section.different_first_page_header_footer = True
        paragraph = section.header.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run()
        run.font.size = Pt(HEADER_PT)
        run._r.append(self._element("w:fldChar", w_fldCharType="begin"))
        instruction = self._element("w:instrText")
        instruction.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        instruction.text = " PAGE "
        run._r.append(instruction)
        run._r.append(self._element("w:fldChar", w_fldCharType="separate"))
        number = self._element("w:t")
        number.text = "2"
        run._r.append(number)
        run._r.append(self._element("w:fldChar", w_fldCharType="end"))

    def paragraph(self, text: str = "", *, container=None, bold=False, italic=False, size=None, align="justify",
                  indent=False, after=6, before=0, keep_with_next=False):
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        target = container if container is not None else self.document
        paragraph = target.add_paragraph()
        paragraph.alignment = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
                               "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}[align]
        fmt = paragraph.paragraph_format
        fmt.space_after, fmt.space_before = Pt(after), Pt(before)
        fmt.keep_with_next = keep_with_next
        if indent:
            fmt.first_line_indent = Mm(10)
        if text:
            run = paragraph.add_run(text)
            run.bold, run.italic = bold, italic
            if size:
                run.font.size = Pt(size)
        return paragraph

    def rule(self, container, width_mm: float, column_mm: float) -> None:
        """A short centred line (under the issuing body's name, the motto and the title):
        the bottom border of an empty paragraph indented to ``width_mm``."""
        from docx.shared import Mm, Pt

        paragraph = self.paragraph(container=container, align="center", after=4)
        fmt = paragraph.paragraph_format
        side = max(0.0, (column_mm - width_mm) / 2)
        fmt.left_indent, fmt.right_indent = Mm(side), Mm(side)
        fmt.line_spacing = Pt(2)
        borders = self._element("w:pBdr")
        borders.append(self._element("w:bottom", w_val="single", w_sz="6", w_space="1", w_color="000000"))
        paragraph._p.get_or_add_pPr().append(borders)

    def table(self, columns_mm: list[float], *, borders: bool):
        from docx.shared import Mm

        table = self.document.add_table(rows=0, cols=len(columns_mm))
        if borders:
            table.style = self.document.styles["Table Grid"]
        table.autofit = False
        properties = table._tbl.tblPr
        layout = self._element("w:tblLayout", w_type="fixed")
        properties.append(layout)
        for column, width in zip(table.columns, columns_mm, strict=True):
            column.width = Mm(width)
        self._widths = [Mm(w) for w in columns_mm]
        return table

    def row(self, table, values: list[str], *, bold=False, header=False, size=TABLE_PT, numeric_from=None,
            widths=None):
        """A table row of ``values``; cells from ``numeric_from`` on are right-aligned."""
        from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt
        from docx.table import _Cell

        row = table.add_row()
        if header:
            row._tr.get_or_add_trPr().append(self._element("w:tblHeader"))
        # The row's own cells: ``row.cells`` lays out the grid of the whole table each time,
        # which makes a table of thousands of rows take minutes.
        cells = [_Cell(tc, table) for tc in row._tr.tc_lst]
        for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.width = (widths or self._widths)[index]
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            paragraph = cell.paragraphs[0]
            fmt = paragraph.paragraph_format
            fmt.space_after = fmt.space_before = Pt(1)
            fmt.line_spacing = 1.0
            if header:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif numeric_from is not None and index >= numeric_from:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif index == 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(value)
            run.bold = bold or header
            run.font.size = Pt(size)
        return row

    def rows(self, table, rows_values: list[list[str]], **formatting) -> None:
        """Many rows formatted alike: one row is laid out with python-docx, then copied as XML
        and filled in for each of ``rows_values`` (python-docx spends tens of milliseconds on
        the formatting of each row, minutes on a table of thousands)."""
        if not rows_values:
            return
        columns = len(rows_values[0])
        prototype = self.row(table, ["-"] * columns, **formatting)._tr
        text_tag, space = self._qn("w:t"), "{http://www.w3.org/XML/1998/namespace}space"
        for values in rows_values:
            tr = copy.deepcopy(prototype)
            for text, value in zip(tr.iter(text_tag), values, strict=True):
                text.text = value
                text.set(space, "preserve")
            prototype.addprevious(tr)
        prototype.getparent().remove(prototype)

    def merge(self, row, first: int, last: int, text: str, *, bold=True, italic=False, size=TABLE_PT, center=True):
        """Cells ``first``..``last`` of ``row`` merged into one holding ``text``."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        cell = row.cells[first].merge(row.cells[last])
        for paragraph in cell.paragraphs[1:]:
            paragraph._p.getparent().remove(paragraph._p)
        paragraph = cell.paragraphs[0]
        for run in paragraph.runs:
            run._r.getparent().remove(run._r)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else WD_ALIGN_PARAGRAPH.LEFT
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)
        return cell

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()


def _header(w: _Writer, issuer: Issuer, issued_on: dt.date) -> None:
    """The two borderless columns: the issuing body and the number on the left, the national
    motto and the place and date on the right."""
    # The motto's line must not wrap: the right column takes what it needs, the left the rest.
    left_mm, right_mm = 62, TEXT_WIDTH_MM - 62
    table = w.table([left_mm, right_mm], borders=False)
    row = table.add_row()
    left, right = row.cells
    left.width, right.width = w._widths
    first = left.paragraphs[0]
    if issuer.parent_name:
        first.alignment = CENTER
        run = first.add_run(issuer.parent_name.upper())
        run.font.size = _pt(MOTTO_PT)
        w.paragraph(issuer.name.upper(), container=left, bold=True, size=HEADER_PT, align="center", after=0)
    else:
        first.alignment = CENTER
        run = first.add_run(issuer.name.upper())
        run.bold = True
        run.font.size = _pt(HEADER_PT)
    _tight(first)
    w.rule(left, 25, left_mm)
    w.paragraph(number_line(issuer.symbol), container=left, size=HEADER_PT, align="center", after=0)
    motto = right.paragraphs[0]
    motto.alignment = CENTER
    run = motto.add_run(_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"))
    run.bold = True
    run.font.size = _pt(MOTTO_PT)
    _tight(motto)
    w.paragraph(_("Độc lập - Tự do - Hạnh phúc"), container=right, bold=True, size=HEADER_PT + 1, align="center",
                after=0)
    w.rule(right, 55, right_mm)
    w.paragraph(issue_date_line(issuer.place, issued_on), container=right, italic=True, size=HEADER_PT + 1,
                align="center", after=0)


def _pt(size: float):
    from docx.shared import Pt

    return Pt(size)


def _tight(paragraph) -> None:
    fmt = paragraph.paragraph_format
    fmt.space_after = fmt.space_before = _pt(0)
    fmt.line_spacing = 1.0


def _title(w: _Writer, programme: Programme, d: Dashboard) -> None:
    w.paragraph(_("BÁO CÁO"), bold=True, align="center", before=18, after=0)
    w.paragraph(_("Kết quả thực hiện Chương trình “%(programme)s”") % {"programme": programme.name}, bold=True,
                align="center", after=0)
    w.paragraph(_("tính đến 24 giờ ngày %(date)s") % {"date": press_date(d.as_of)}, bold=True, align="center",
                after=0)
    w.rule(None, 40, TEXT_WIDTH_MM)


def _heading(w: _Writer, text: str) -> None:
    w.paragraph(text, bold=True, align="left", before=6, after=4, keep_with_next=True)


def _shares_table(w: _Writer, label: str, shares: list[Share], received: int) -> None:
    widths = [12, TEXT_WIDTH_MM - 12 - 32 - 26, 32, 26]
    table = w.table(widths, borders=True)
    w.row(table, [_("TT"), label, _("Số sáng kiến"), _("Tỷ lệ")], header=True)
    w.rows(table, [[format_count(number), share.label, format_count(share.count),
                    share_text(share.count, received) if received else "—"]
                   for number, share in enumerate(shares, start=1)], numeric_from=2)
    total = w.row(table, ["", "", format_count(received), share_text(received, received) if received else "—"],
                  numeric_from=2, bold=True)
    w.merge(total, 0, 1, _("Tổng cộng"))


@dataclass(frozen=True)
class _Column:
    period: Period
    name: str


def _children_table(w: _Writer, d: Dashboard, spans: list[Period]) -> None:
    """Rank, unit, received, approved, and each period's target and share achieved; the
    national report groups the provinces and the sector unions (each keeps its rank)."""
    rows = d.children
    columns = [_Column(p, str(PhaseCode.OVERALL.label) if p.code == PhaseCode.OVERALL else p.name) for p in spans
               if any(p.code in r.targets for r in rows)]
    fixed = [13, 0, 20, 20]
    per_period = 2 * 17
    fixed[1] = TEXT_WIDTH_MM - fixed[0] - fixed[2] - fixed[3] - per_period * len(columns)
    widths = [*fixed, *[17] * (2 * len(columns))]
    table = w.table(widths, borders=True)
    size = CHILDREN_TABLE_PT
    first = w.row(table, [""] * len(widths), header=True, size=size)
    second = w.row(table, [""] * len(widths), header=True, size=size)
    for index, label in enumerate([_("Hạng"), _("Đơn vị"), _("Số sáng kiến"), _("Được công nhận")]):
        cell = first.cells[index].merge(second.cells[index])
        _set_text(cell, label, size)
    for number, column in enumerate(columns):
        start = 4 + 2 * number
        w.merge(first, start, start + 1, column.name, size=size)
        _set_text(second.cells[start], _("Chỉ tiêu"), size)
        _set_text(second.cells[start + 1], _("Đạt"), size)
    kinds = child_kinds(rows) if d.unit.depth == 1 else {}
    groups = [(None, rows)]
    present = [kind for kind in (UnitKind.PROVINCE, UnitKind.SECTOR) if any(kinds.get(r.unit.pk) == kind for r in rows)]
    if len(present) > 1 or (present and any(kinds.get(r.unit.pk) not in present for r in rows)):
        groups = [(kind.label, [r for r in rows if kinds.get(r.unit.pk) == kind]) for kind in present]
        others = [r for r in rows if kinds.get(r.unit.pk) not in present]
        if others:
            groups.append((_("Đơn vị khác"), others))
    for label, members in groups:
        if label is not None:
            group_row = w.row(table, [""] * len(widths), size=size)
            w.merge(group_row, 0, len(widths) - 1, str(label), size=size, center=False)
        w.rows(table, [_child_values(child, columns) for child in members], size=size, numeric_from=2)


def _child_values(child, columns: list[_Column]) -> list[str]:
    values = [format_count(child.rank), child.unit.name, format_count(child.received), format_count(child.approved)]
    for column in columns:
        progress = child.targets.get(column.period.code)
        if progress is None or progress.target <= 0:
            values += ["—", "—"]
        else:
            values += [format_count(progress.target), progress_text(progress.count, progress.target)]
    return values


def _set_text(cell, text: str, size: float) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for paragraph in cell.paragraphs[1:]:
        paragraph._p.getparent().remove(paragraph._p)
    paragraph = cell.paragraphs[0]
    for run in paragraph.runs:
        run._r.getparent().remove(run._r)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = _pt(size)


def _closing(w: _Writer, issuer: Issuer) -> None:
    """"Nơi nhận:" on the left; on the right who signs, with room for the signature and the
    signer's name left blank to be written by hand."""
    left_mm = 75
    table = w.table([left_mm, TEXT_WIDTH_MM - left_mm], borders=False)
    row = table.add_row()
    left, right = row.cells
    left.width, right.width = w._widths
    first = left.paragraphs[0]
    run = first.add_run(_("Nơi nhận:"))
    run.bold = run.italic = True
    run.font.size = _pt(12)
    _tight(first)
    recipients = []
    if issuer.parent_name:
        recipients.append(_("- %(unit)s (để báo cáo);") % {"unit": issuer.parent_name})
    recipients += [_("- Các đơn vị trực thuộc;"), _("- Lưu: VT.")]
    for line in recipients:
        w.paragraph(line, container=left, size=11, align="left", after=0)
    top = right.paragraphs[0]
    top.alignment = CENTER
    run = top.add_run(issuer.on_behalf_of)
    run.bold = True
    run.font.size = _pt(BODY_PT)
    _tight(top)
    w.paragraph(_("CHỦ TỊCH"), container=right, bold=True, align="center", after=0)
    for _blank in range(4):
        w.paragraph("", container=right, align="center", after=0)


def report_docx(d: Dashboard, *, programme: Programme, ancestors: list[Unit], issued_on: dt.date) -> bytes:
    """The official report of ``d.unit`` as a DOCX file (``ancestors`` from the root down;
    ``issued_on`` is the date on the date line)."""
    issuer = issuer_of(d.unit, ancestors)
    w = _Writer()
    _header(w, issuer, issued_on)
    _title(w, programme, d)
    w.paragraph(headline(d, issuer), indent=True, before=6)
    if category := sentences.category_sentence(d):
        w.paragraph(category, indent=True)
    for text in _reached_sentences(d):
        w.paragraph(text, indent=True)
    received = d.totals["received"]
    _heading(w, _("1. Số sáng kiến theo đối tượng"))
    _shares_table(w, _("Đối tượng"), d.categories, received)
    _heading(w, _("2. Số sáng kiến theo lĩnh vực"))
    _shares_table(w, _("Lĩnh vực"), d.fields, received)
    number = 3
    if d.children_count:
        heading = _("%(number)s. Kết quả của các đơn vị trực thuộc") % {"number": number}
        _heading(w, heading)
        _children_table(w, d, periods(programme))
        number += 1
    png = chart_png(d)
    if png is not None:
        from docx.shared import Mm

        _heading(w, _("%(number)s. Số sáng kiến lũy kế theo thời gian") % {"number": number})
        picture = w.document.add_paragraph()
        picture.alignment = CENTER
        picture.add_run().add_picture(io.BytesIO(png), width=Mm(TEXT_WIDTH_MM - 5))
    if d.computed_at is not None:
        at = date_format(timezone.localtime(d.computed_at), "SHORT_DATETIME_FORMAT")
        w.paragraph(_("Số liệu tổng hợp lúc %(t)s từ Cổng thông tin “1 triệu sáng kiến”.") % {"t": at},
                    italic=True, size=12, before=6)
    _closing(w, issuer)
    return w.save()


def filename(d: Dashboard, extension: str) -> str:
    """``P01-bao-cao-2022-05-31.docx`` (unit codes hold only safe characters)."""
    return f"{d.unit.code}-bao-cao-{d.as_of.isoformat()}.{extension}"
