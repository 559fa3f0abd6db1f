"""Attachments: Office files judged by what their package declares, and downloaded under the detected type."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions import services
from submissions.attachments import DOCX, PDF, PNG, XLSX, validate_upload
from submissions.tests.factories import InitiativeFactory

from .conftest import PDF_BYTES, PNG_BYTES
from .packages import MACRO_SHEET_MAIN, VBA, VBA_REL, docx, sheet_xml, xlsx

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # what a VBA project starts with
MACRO_DOCUMENT_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bang.xlsx", xlsx(sheet_xml([["a"]]), main_type=MACRO_SHEET_MAIN, extra_parts={"xl/anh.png": OLE},
                           extra_types={"xl/anh.png": VBA}, extra_workbook_rels=(("rId9", VBA_REL, "anh.png"),))),
        ("bang.xlsx", xlsx(sheet_xml([["a"]]), extra_parts={"xl/anh.png": OLE},
                           extra_workbook_rels=(("rId9", VBA_REL, "anh.png"),))),
        ("bang.xlsx", xlsx(sheet_xml([["a"]]), extra_parts={"xl/vbaProject.bin ": OLE})),
        ("bang.xlsx", xlsx(sheet_xml([["a"]]), main_type=MACRO_SHEET_MAIN)),
        ("mo-ta.docx", docx(main_type=MACRO_DOCUMENT_MAIN)),
        ("mo-ta.docx", docx(extra_parts={"word/mau.dat": OLE}, extra_defaults={"dat": VBA})),
        ("mo-ta.docx", docx(extra_parts={"word/activeX/activeX1.xml": "<x/>"},
                            extra_types={"word/activeX/activeX1.xml": "application/vnd.ms-office.activeX+xml"})),
    ],
    ids=["xlsm-renamed-declared", "renamed-related", "trailing-space", "macro-enabled-type", "docm-type",
         "vba-by-default-type", "activex"],
)
def test_an_office_file_with_active_content_is_refused_whatever_its_parts_are_named(name, data):
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile(name, data))
    assert caught.value.code == "macro"


@pytest.mark.parametrize(("data", "kind"), [(docx(), DOCX), (xlsx(sheet_xml([["a"]])), XLSX)])
def test_an_office_file_is_told_by_its_declared_main_part(data, kind):
    assert validate_upload(SimpleUploadedFile("tep", data)) == kind


def test_a_zip_that_only_names_an_office_part_is_no_office_file():
    from .packages import package

    data = package({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<x/>"})
    with pytest.raises(ValidationError) as caught:
        validate_upload(SimpleUploadedFile("bang.xlsx", data))
    assert caught.value.code == "bad_type"


@pytest.mark.parametrize(
    ("name", "content", "kind", "download"),
    [
        ("bao-cao.html", PNG_BYTES + b"<html><script>alert(1)</script></html>", PNG, "bao-cao.png"),
        ("ho-so.pdf.hta", PDF_BYTES, PDF, "ho-so.pdf.pdf"),
        ("khong-duoi", PDF_BYTES, PDF, "khong-duoi.pdf"),
        (".hta", PDF_BYTES, PDF, "tep-dinh-kem.pdf"),
    ],
)
def test_an_attachment_downloads_with_the_extension_of_its_detected_type(client, worker, programme, name, content,
                                                                         kind, download):
    upload = SimpleUploadedFile(name, content)
    assert validate_upload(upload) == kind
    initiative = InitiativeFactory(submitter=worker)
    (attachment,) = services._store_files(initiative, [upload], [kind], worker)
    client.force_login(worker)
    response = client.get(reverse("submissions:attachment", args=[attachment.pk]))
    assert response["Content-Disposition"] == f'attachment; filename="{download}"'
    assert response["Content-Type"] == kind.content_type
    assert attachment.file.name.endswith("." + kind.extension)


def test_a_workbook_saved_by_libreoffice_is_an_xlsx_attachment():
    import os

    with open(os.path.join(os.path.dirname(__file__), "fixtures", "sang-kien.xlsx"), "rb") as handle:
        assert validate_upload(SimpleUploadedFile("bang.xlsx", handle.read())) == XLSX
