"""Bulk import pages for officers: upload, live progress, the template and the file with its errors."""

from __future__ import annotations

import csv
import io
import logging
import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from initiatives_portal.formatting import format_count
from initiatives_portal.tabular import TableError, csv_safe, iter_table, store_text

from . import imports
from .forms import ImportUploadForm
from .import_template import import_template, units_for_template
from .models import ImportRun

logger = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_importer(user) -> None:
    if not user.has_perm("submissions.import_initiatives"):
        raise PermissionDenied


def _run_for(request, pk: int) -> ImportRun:
    """The run if the user may read it (rule ``view_import_run``); 404 otherwise, so nothing leaks."""
    run = ImportRun.objects.filter(pk=pk).first()
    if run is None or not request.user.has_perm("submissions.view_import_run", run):
        raise Http404
    return run


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request):
    _require_importer(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                run = imports.import_run_create(upload=form.cleaned_data["file"], mode=form.cleaned_data["mode"],
                                                by=request.user)
        except TableError as error:
            form.add_error("file", error.message)
        else:
            return redirect("submissions:import_run", pk=run.pk)
    runs = ImportRun.objects.filter(uploaded_by=request.user)[:20]
    return render(request, "submissions/import_start.html", {"form": form, "runs": runs})


@login_required
def import_run(request, pk: int):
    run = _run_for(request, pk)
    errors = list(run.row_errors.all()[:200])
    for error in errors:  # named as the template's header names the column, as in the error file
        error.label = imports.HEADERS.get(error.column, error.column)
    template = "submissions/_import_progress.html" if request.headers.get("HX-Request") else "submissions/import_run.html"
    return render(request, template, {"run": run, "errors": errors})


@login_required
def import_template_download(request):
    _require_importer(request.user)
    content = import_template(units_for_template(request.user))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-sang-kien.xlsx"'
    return response


# The file is written whole before the first byte goes out, so a failure while it is
# written answers a status, never a 200 cut off part way; on disk past this size.
ERROR_FILE_MEMORY = 1024 * 1024


def _no_error_file(run: ImportRun) -> HttpResponse | None:
    """409 while the run has not checked every row (still running, or stopped by a system
    error): its unchecked rows would look valid."""
    if run.has_error_file:
        return None
    if run.state == ImportRun.State.FAILED:
        message = _("Lần nhập này dừng giữa chừng vì lỗi hệ thống nên không có tệp lỗi đầy đủ. "
                    "Hãy tải tệp lên lại.")
    else:
        message = _("Lần nhập này chưa kiểm tra xong; hãy tải tệp lỗi khi đã hoàn tất.")
    return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")


@login_required
def import_errors_download(request, pk: int):
    """The uploaded rows back, with a column saying what is wrong in each (CSV, UTF-8 with BOM)."""
    run = _run_for(request, pk)
    refusal = _no_error_file(run)
    if refusal is not None:
        return refusal
    handle = tempfile.SpooledTemporaryFile(max_size=ERROR_FILE_MEMORY)
    try:
        _write_error_file(run, io.TextIOWrapper(handle, encoding="utf-8", newline="", write_through=True))
    except OSError:
        handle.close()
        logger.warning("Import run %s: the uploaded file could not be read back", run.pk, exc_info=True)
        return HttpResponse(_("Không đọc lại được tệp đã tải lên; vui lòng thử lại sau."), status=503,
                            content_type="text/plain; charset=utf-8")
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"loi-nhap-{run.pk}.csv",
                        content_type="text/csv; charset=utf-8")


def _write_error_file(run: ImportRun, out: io.TextIOWrapper) -> None:
    errors = imports.import_errors_by_line(run)
    columns = [*imports.REQUIRED, *imports.OPTIONAL]
    writer = csv.writer(out)
    out.write("\ufeff")
    writer.writerow([*(imports.HEADERS[c] for c in columns), _("Lỗi")])
    run.file.open("rb")
    try:
        # Read as a stream from the stored file, as the import read it.
        for line, row in iter_table(run.file, required=imports.REQUIRED, optional=imports.OPTIONAL,
                                    aliases=imports.ALIASES, formulas=True):
            values = ["" if row.get(c) is None else csv_safe(str(row.get(c))) for c in columns]
            writer.writerow([*values, errors.get(line, "")])
    except TableError as error:
        writer.writerow(["" for _c in columns] + [str(error.message)])
    finally:
        run.file.close()
    out.detach()


@login_required
def import_errors_xlsx(request, pk: int):
    """The errors of the run as an XLSX list: the file's line, the column by the template's
    header, the message; one row per error, as stored (at most ``MAX_STORED_ERRORS``).

    Built in write-only mode from the errors read in chunks, on disk past a megabyte.
    """
    run = _run_for(request, pk)
    refusal = _no_error_file(run)
    if refusal is not None:
        return refusal
    handle = tempfile.SpooledTemporaryFile(max_size=ERROR_FILE_MEMORY)
    _write_error_workbook(run, handle)
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=f"loi-nhap-{run.pk}.xlsx", content_type=XLSX_TYPE)


def _write_error_workbook(run: ImportRun, out) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Lỗi"))
    for letter, width in (("A", 10), ("B", 36), ("C", 90)):
        sheet.column_dimensions[letter].width = width

    def text(value: str, *, bold: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(sheet)
        store_text(cell, value)
        if bold:
            cell.font = Font(bold=True)
        return cell

    sheet.append([text(_("Dòng"), bold=True), text(_("Cột"), bold=True), text(_("Lỗi"), bold=True)])
    listed = 0
    for line, column, message in run.row_errors.order_by("line", "id").values_list(
            "line", "column", "message").iterator(chunk_size=2000):
        sheet.append([line, text(imports.HEADERS.get(column, column)), text(message)])
        listed += 1
    if listed >= imports.MAX_STORED_ERRORS:  # the run stored no more
        sheet.append([None, None, text(_("Chỉ liệt kê %(n)s lỗi đầu tiên; sửa các dòng này rồi tải tệp lên lại để "
                                         "xem các lỗi còn lại.") % {"n": format_count(listed)})])
    elif not listed and run.state == ImportRun.State.REFUSED and run.message:
        sheet.append([None, None, text(run.message)])  # the file itself was refused
    workbook.save(out)
