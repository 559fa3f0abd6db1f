"""Office packages built by hand, part by part, so that a test says exactly what a hostile file holds."""

from __future__ import annotations

import io
import struct
import zipfile
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_SHEET_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
VBA = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"


def content_types(overrides: dict[str, str], defaults: dict[str, str] | None = None) -> str:
    defaults = {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml",
                **(defaults or {})}
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        + "".join(f'<Default Extension="{e}" ContentType="{t}"/>' for e, t in defaults.items())
        + "".join(f'<Override PartName="/{p}" ContentType="{t}"/>' for p, t in overrides.items())
        + "</Types>"
    )


def relationships(*rels: tuple[str, str, str]) -> str:
    """``(id, type, target)`` relationships."""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG_REL}">'
        + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{escape(g)}"/>' for i, t, g in rels)
        + "</Relationships>"
    )


def cell(ref: str, value) -> str:
    """An XLSX cell: a number, or an inline string."""
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def sheet_xml(rows: list[list] | None = None, *, raw_rows: str = "") -> str:
    """A worksheet of ``rows`` (values by column from A), then ``raw_rows`` as they are."""
    body = "".join(
        f'<row r="{n}">' + "".join(cell(f"{chr(65 + i)}{n}", v) for i, v in enumerate(row) if v is not None) + "</row>"
        for n, row in enumerate(rows or [], start=1)
    )
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<sheetData>{body}{raw_rows}</sheetData></worksheet>")


def xlsx(
    sheet: str,
    *,
    shared_strings: str | None = None,
    styles: str | None = None,
    main_type: str = SHEET_MAIN,
    extra_parts: dict[str, bytes | str] | None = None,
    extra_types: dict[str, str] | None = None,
    extra_defaults: dict[str, str] | None = None,
    extra_workbook_rels: tuple[tuple[str, str, str], ...] = (),
) -> bytes:
    """A workbook of one sheet, with what a test adds to it."""
    overrides = {"xl/workbook.xml": main_type,
                 "xl/worksheets/sheet1.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"}
    rels = [("rId1", f"{REL}/worksheet", "worksheets/sheet1.xml")]
    parts: dict[str, bytes | str] = {"xl/worksheets/sheet1.xml": sheet}
    if shared_strings is not None:
        overrides["xl/sharedStrings.xml"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
        rels.append(("rId2", f"{REL}/sharedStrings", "sharedStrings.xml"))
        parts["xl/sharedStrings.xml"] = shared_strings
    if styles is not None:
        overrides["xl/styles.xml"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"
        rels.append(("rId3", f"{REL}/styles", "styles.xml"))
        parts["xl/styles.xml"] = styles
    overrides.update(extra_types or {})
    rels.extend(extra_workbook_rels)
    return package({
        "[Content_Types].xml": content_types(overrides, extra_defaults),
        "_rels/.rels": relationships(("rId1", f"{REL}/officeDocument", "xl/workbook.xml")),
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
                           '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": relationships(*rels),
        **parts,
        **(extra_parts or {}),
    })


def docx(*, main_type: str = DOCUMENT_MAIN, extra_parts: dict[str, bytes | str] | None = None,
         extra_types: dict[str, str] | None = None, extra_defaults: dict[str, str] | None = None,
         document_rels: tuple[tuple[str, str, str], ...] = ()) -> bytes:
    """A one-paragraph Word document, with what a test adds to it."""
    parts: dict[str, bytes | str] = {
        "[Content_Types].xml": content_types({"word/document.xml": main_type, **(extra_types or {})}, extra_defaults),
        "_rels/.rels": relationships(("rId1", f"{REL}/officeDocument", "word/document.xml")),
        "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document '
                             'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>'
                             "<w:r><w:t>Mô tả</w:t></w:r></w:p></w:body></w:document>",
    }
    if document_rels:
        parts["word/_rels/document.xml.rels"] = relationships(*document_rels)
    parts.update(extra_parts or {})
    return package(parts)


def package(parts: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def declare_size(data: bytes, name: str, size: int) -> bytes:
    """``data`` with the uncompressed size of part ``name`` declared as ``size`` (in both of its headers)."""
    out = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    struct.pack_into("<I", out, info.header_offset + 22, size)
    position = out.find(b"PK\x01\x02")
    while position != -1:
        name_length = struct.unpack_from("<H", out, position + 28)[0]
        if out[position + 46: position + 46 + name_length] == name.encode():
            struct.pack_into("<I", out, position + 24, size)
            return bytes(out)
        position = out.find(b"PK\x01\x02", position + 4)
    raise AssertionError(f"no central directory entry for {name}")  # pragma: no cover - a broken test
