"""Checks an uploaded file by its content, never by its name."""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str


PDF = FileKind("pdf", "application/pdf")
PNG = FileKind("png", "image/png")
JPEG = FileKind("jpg", "image/jpeg")
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

# An Office file is a zip; refuse archives that would expand beyond this (zip bombs).
_MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
_MAX_ZIP_MEMBERS = 2000


def _office_kind(upload) -> FileKind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            if len(infos) > _MAX_ZIP_MEMBERS or sum(i.file_size for i in infos) > _MAX_UNZIPPED_BYTES:
                raise ValidationError(_("Tệp “%(name)s” bị nén bất thường, không thể nhận."), code="zip_bomb",
                                      params={"name": upload.name})
            names = {i.filename for i in infos}
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ValidationError(
            _("Tệp “%(name)s” có chứa macro; vui lòng lưu lại dưới dạng .docx hoặc .xlsx thông thường."),
            code="macro",
            params={"name": upload.name},
        )
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def detect_kind(upload) -> FileKind | None:
    """The kind of ``upload`` from its first bytes (and zip directory for Office files)."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    return None


def validate_upload(upload) -> FileKind:
    """Raise a translated ValidationError unless ``upload`` is an accepted file within the size limit."""
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(_("Tệp “%(name)s” rỗng."), code="empty", params={"name": upload.name})
    if upload.size > limit:
        raise ValidationError(
            _("Tệp “%(name)s” dung lượng %(size)s, vượt quá giới hạn %(limit)s."),
            code="too_large",
            params={"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    kind = detect_kind(upload)
    if kind is None:
        raise ValidationError(
            _("Tệp “%(name)s” không phải PDF, DOCX, XLSX, JPG hoặc PNG (kiểm tra theo nội dung tệp)."),
            code="bad_type",
            params={"name": upload.name},
        )
    return kind


def sha256_of(upload) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
