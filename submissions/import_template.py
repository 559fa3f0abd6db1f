"""The XLSX template officers fill in for a bulk import: Vietnamese headers, a sample row and drop-downs."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from accounts.enums import SubmitterCategory
from unions.enums import UnitKind
from unions.models import Unit

from .enums import InitiativeStatus
from .imports import HEADERS, OPTIONAL, REQUIRED
from .models import Field
from .workflow import workflow

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
        str(SubmitterCategory.ENTERPRISE.label),
        timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        _("Trần Thị B (30%); Lê Văn C (20%)"),
        15_000_000,
        str(InitiativeStatus.SUBMITTED.label),
        _("không"),
        _("có"),
        "",
        "",
    ])
    for index, width in enumerate((18, 50, 60, 28, 24, 30, 20, 36, 20, 24, 16, 16, 24, 40), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    # The drop-downs show Vietnamese labels, which the import reads as it reads the codes.
    rules = workflow().import_rules()
    yes_no = [_("có"), _("không")]
    sources = [  # (the list's header, its values, the template's column it serves)
        (_("Lĩnh vực"), [f.name for f in fields], "field"),
        (_("Đối tượng"), [str(c.label) for c in SubmitterCategory], "author_category"),
        (_("Trạng thái"), [label for _code, label in rules.states], "status"),
        (_("Lý do"), [label for _code, label in rules.reasons], "reason"),
        (_("Có/không"), yes_no, "holds_management_post"),
        (_("Mã công đoàn cơ sở"), [code for code, _name in grassroots], "unit_code"),
        (_("Tên công đoàn cơ sở"), [name for _code, name in grassroots], None),
    ]
    lists.append([header for header, _values, _column in sources])
    for i in range(max(len(values) for _header, values, _column in sources)):
        lists.append([values[i] if i < len(values) else None for _header, values, _column in sources])
    served = {column: (index, len(values)) for index, (_header, values, column) in enumerate(sources) if column}
    served["direct_production_worker"] = served["holds_management_post"]
    sheet_name = lists.title
    for column, (index, count) in served.items():
        if not count:
            continue
        list_letter = get_column_letter(index + 1)
        validation = DataValidation(
            type="list", formula1=f"'{sheet_name}'!${list_letter}$2:${list_letter}${count + 1}", allow_blank=True,
            showErrorMessage=True, errorTitle=_("Giá trị không hợp lệ"), error=_("Hãy chọn một giá trị trong danh sách."),
        )
        sheet.add_data_validation(validation)
        letter = get_column_letter(columns.index(column) + 1)
        validation.add(f"{letter}2:{letter}100000")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def units_for_template(user):
    """The units an officer or staff member may import for (their subtrees)."""
    from unions import selectors

    if user.is_superuser:
        return Unit.objects.all()
    return Unit.objects.filter(selectors.subtrees_q(selectors.import_units(user)))
