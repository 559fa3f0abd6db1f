"""Checks an uploaded file by its content, never by its name."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from initiatives_portal.ooxml import Limits, PackageError, open_package


@dataclass(frozen=True)
class FileKind:
    extension: str
    content_type: str


PDF = FileKind("pdf", "application/pdf")
PNG = FileKind("png", "image/png")
JPEG = FileKind("jpg", "image/jpeg")
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = FileKind("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

# An Office file is a zip; refuse archives that would expand beyond this (zip bombs). Only its
# index (content types and relationships, each at most max_part_bytes) is parsed here.
_LIMITS = Limits(max_parts=2000, max_unzipped_bytes=200 * 1024 * 1024, max_part_bytes=4 * 1024 * 1024)


def _office_kind(upload) -> FileKind | None:
    """DOCX or XLSX by the package's declared main part; active content (macros) refused whatever it is named."""
    upload.seek(0)
    try:
        package = open_package(upload, _LIMITS)
    except PackageError as error:
        if error.code == "too_large":
            raise ValidationError(_("Tệp “%(name)s” bị nén bất thường, không thể nhận."), code="zip_bomb",
                                  params={"name": upload.name}) from error
        if error.code == "macro":
            raise ValidationError(
                _("Tệp “%(name)s” có chứa macro; vui lòng lưu lại dưới dạng .docx hoặc .xlsx thông thường."),
                code="macro",
                params={"name": upload.name},
            ) from error
        return None
    finally:
        upload.seek(0)
    package.close()
    return {"docx": DOCX, "xlsx": XLSX}.get(package.kind or "")


def detect_kind(upload) -> FileKind | None:
    """The kind of ``upload`` from its first bytes (for an Office file, its zip directory and content types)."""
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
