"""The XLSX template officers fill in for a bulk import: Vietnamese headers, a sample row and drop-downs."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.enums import SubmitterCategory
from unions.enums import UnitKind
from unions.models import Unit

from .imports import HEADERS, IMPORTABLE_STATES, OPTIONAL, REQUIRED
from .models import Field

MAX_LISTED_UNITS = 20_000


def import_template(units) -> bytes:
    """An XLSX template for ``units`` (the grassroots unions the officer may import for)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Sáng kiến")
    lists = workbook.create_sheet(_("Danh mục"))  # drop-down sources
    columns = [*REQUIRED, *OPTIONAL]
    sheet.append([HEADERS[c] for c in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="0B3D91")
    fields = list(Field.objects.filter(is_active=True))
    grassroots = list(units.filter(kind=UnitKind.GRASSROOTS).order_by("code").values_list("code", "name")[
        :MAX_LISTED_UNITS])
    sample_unit = grassroots[0][0] if grassroots else ""
    # The sample row sits on its own sheet, so a template uploaded as it is imports nothing by mistake.
    example = workbook.create_sheet(_("Ví dụ"))
    example.append([HEADERS[c] for c in columns])
    example.append([
        sample_unit,
        _("Cải tiến quy trình đóng gói giúp tăng năng suất"),
        _("Sắp xếp lại bàn đóng gói theo dòng chảy sản phẩm, giảm thời gian chờ."),
        fields[0].name if fields else "",
        _("Nguyễn Văn A"),
        SubmitterCategory.ENTERPRISE.value,
        timezone.localtime().strftime("%Y-%m-%d %H:%M"),
        _("Trần Thị B (30%); Lê Văn C (20%)"),
        15_000_000,
        "submitted",
    ])
    for index, width in enumerate((18, 50, 60, 28, 24, 18, 20, 36, 20, 14), start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    lists.append([_("Lĩnh vực"), _("Đối tượng"), _("Trạng thái"), _("Mã công đoàn cơ sở"), _("Tên công đoàn cơ sở")])
    rows = max(len(fields), len(SubmitterCategory.values), len(IMPORTABLE_STATES), len(grassroots))
    for i in range(rows):
        lists.append([
            fields[i].name if i < len(fields) else None,
            SubmitterCategory.values[i] if i < len(SubmitterCategory.values) else None,
            IMPORTABLE_STATES[i].value if i < len(IMPORTABLE_STATES) else None,
            grassroots[i][0] if i < len(grassroots) else None,
            grassroots[i][1] if i < len(grassroots) else None,
        ])
    sheet_name = lists.title
    for column_letter, list_letter, count in (
        ("D", "A", len(fields)), ("F", "B", len(SubmitterCategory.values)), ("J", "C", len(IMPORTABLE_STATES)),
        ("A", "D", len(grassroots)),
    ):
        if not count:
            continue
        validation = DataValidation(
            type="list", formula1=f"'{sheet_name}'!${list_letter}$2:${list_letter}${count + 1}", allow_blank=True,
            showErrorMessage=True, errorTitle=_("Giá trị không hợp lệ"), error=_("Hãy chọn một giá trị trong danh sách."),
        )
        sheet.add_data_validation(validation)
        validation.add(f"{column_letter}2:{column_letter}100000")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def units_for_template(user):
    """The units an officer or staff member may import for (their subtrees)."""
    from unions import selectors

    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(selectors.subtrees_q(selectors.import_units(user)))
