"""Office Open XML packages (XLSX, DOCX): inspected before anything is parsed, and XLSX sheets read as a stream.

An Office file is a zip of parts. Its compressed size says little about what reading it
costs: a few hundred kilobytes may hold a shared-strings part of millions of tiny
strings, and a reader that loads such a part whole (as openpyxl loads shared strings,
styles and the workbook) spends seconds and hundreds of megabytes on it. So the zip's
central directory (names, declared sizes, count) is checked first, then the package's
own index: ``[Content_Types].xml`` and the relationships, which say what each part is
whatever it is named. Every part that is read is read through a counter that stops at
its limit, because a declared size can lie.

The sheet reader keeps only what a row needs: the rows are parsed from the XML as
they are decompressed, and the shared strings are loaded (up to a limit) only by the
task that reads the whole sheet; the header check of an upload loads the few it names.

One module of about 650 lines, on purpose: the inspection (``Package``) and the sheet
reader (``Workbook``) share the limits, the bounded part reader and the XML event parser,
and a sheet is only ever read from a package the inspection passed; split, each half
would have to re-export the other's internals.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from xml.parsers import expat

from django.utils.translation import gettext_lazy as _

CHUNK = 64 * 1024
MAX_ROWS = 1_048_576  # Excel's own limits: a cell beyond them is no cell Excel wrote
MAX_COLUMNS = 16_384

# A part whose declared content type or relationship type contains one of these carries
# code that an Office application may run: VBA projects and their signatures, Word's VBA
# data, Excel 4.0 macro sheets, ActiveX controls, and every "macroEnabled" main document.
_ACTIVE_MARKERS = ("macroenabled", "vbaproject", "vbadata", "macrosheet", "activex")

SPREADSHEET_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
WORKSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


class PackageError(Exception):
    """An Office package refused before it was parsed; ``code`` says why, ``message`` is shown to the user."""

    def __init__(self, code: str, message) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message


def _corrupt() -> PackageError:
    return PackageError("corrupt", _("Tệp bị hỏng: không đọc được dạng Excel (.xlsx)."))


@dataclass(frozen=True)
class Limits:
    """What an inspection and a reading may cost.

    ``max_part_bytes`` bounds each part loaded whole (the workbook, styles, content types)
    and all relationship parts together; ``max_shared_strings`` and ``max_styles`` bound
    the entries of the shared strings and styles, counted as they are parsed.
    """

    max_parts: int
    max_unzipped_bytes: int
    max_part_bytes: int
    max_shared_strings_bytes: int = 0
    max_shared_strings: int = 0
    max_styles: int = 0

    @classmethod
    def for_spreadsheets(cls) -> Limits:
        """The limits of an uploaded spreadsheet, from the settings."""
        from django.conf import settings

        return cls(
            max_parts=settings.XLSX_MAX_PARTS,
            max_unzipped_bytes=settings.XLSX_MAX_UNZIPPED_BYTES,
            max_part_bytes=settings.XLSX_MAX_PART_BYTES,
            max_shared_strings_bytes=settings.XLSX_MAX_SHARED_STRINGS_BYTES,
            max_shared_strings=settings.XLSX_MAX_SHARED_STRINGS,
            max_styles=settings.XLSX_MAX_STYLES,
        )


def _too_large() -> PackageError:
    return PackageError("too_large", _("Tệp Excel bị nén bất thường (quá lớn khi giải nén); không thể nhận."))


def _part_too_large(name: str) -> PackageError:
    return PackageError(
        "too_large",
        _("Phần “%(part)s” của tệp quá lớn khi giải nén; hãy lưu lại tệp chỉ với dữ liệu cần nhập.") % {"part": name},
    )


def _macro() -> PackageError:
    return PackageError("macro", _("Tệp có chứa macro; hãy lưu lại dưới dạng .xlsx thông thường (không có macro)."))


# --- reading a part, bounded ----------------------------------------------------------------------


def _part_chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, on_excess: Callable[[], Exception]):
    """The decompressed bytes of a part, chunk by chunk; ``on_excess()`` is raised past ``limit`` bytes.

    The count is of the bytes actually decompressed, not the size the directory declares.
    """
    read = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                read += len(chunk)
                if read > limit:
                    raise on_excess()
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
        raise _corrupt() from exc


START, END, TEXT = 0, 1, 2


def _refuse_declaration(*_args) -> None:
    # An Office part never has a DTD; one here could only define entities that expand.
    raise _corrupt()


def xml_events(chunks: Iterable[bytes]) -> Iterator[tuple]:
    """``(START, local name, attributes)``, ``(END, local name)`` and ``(TEXT, text)`` events, as parsed.

    Names lose their namespace (an attribute in one keeps it, as "uri name"). A DTD or
    an entity declaration refuses the part; so does any XML error.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.buffer_text = True
    parser.ordered_attributes = False
    events: list[tuple] = []
    add = events.append
    parser.StartElementHandler = lambda name, attrs: add((START, name.rpartition(" ")[2], attrs))
    parser.EndElementHandler = lambda name: add((END, name.rpartition(" ")[2]))
    parser.CharacterDataHandler = lambda text: add((TEXT, text))
    parser.StartDoctypeDeclHandler = _refuse_declaration
    parser.EntityDeclHandler = _refuse_declaration
    try:
        for chunk in chunks:
            parser.Parse(chunk, False)
            yield from events
            events.clear()
        parser.Parse(b"", True)
        yield from events
    except expat.ExpatError as exc:
        raise _corrupt() from exc


def _attr(attrs: dict, local: str) -> str | None:
    """The attribute ``local`` in any namespace (``r:id`` is "…/relationships id")."""
    for key, value in attrs.items():
        if key == local or key.endswith(" " + local):
            return value
    return None


# --- the package ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Relationship:
    type: str
    target: str  # a part name, resolved and lowercased; "" for an external target
    id: str


_BAD_SEGMENT = re.compile(r"^\s|\s$|^\.*$|[\x00-\x1f\\]")


class Package:
    """An Office package whose directory and index were checked; ``kind`` is "xlsx", "docx" or ``None``.

    Part names are compared without regard to case (as OPC says) and without the leading
    slash the index gives them.
    """

    def __init__(self, source, limits: Limits) -> None:
        self.limits = limits
        try:
            self.archive = zipfile.ZipFile(source)
            infos = self.archive.infolist()
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as exc:
            raise _corrupt() from exc
        if len(infos) > limits.max_parts or sum(i.file_size for i in infos) > limits.max_unzipped_bytes:
            raise _too_large()
        self.parts: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            if info.is_dir():
                continue
            name = info.filename.lower()
            # Code parts by their usual names (spaces and dots around them too), whatever the
            # index declares for them.
            if name.strip(" .\t").endswith(("vbaproject.bin", "vbadata.xml")):
                raise _macro()
            if name in self.parts or any(_BAD_SEGMENT.search(s) for s in name.split("/")):
                # Two parts of one name, or a name no Office application writes ("x.bin ", "a\\b"):
                # readers would disagree on what the package holds.
                raise _corrupt()
            self.parts[name] = info
        self._content_types()
        self._relationships()
        self.main = self._main()
        main_type = self.content_type(self.main) if self.main else None
        self.kind = {SPREADSHEET_MAIN: "xlsx", DOCUMENT_MAIN: "docx"}.get(main_type or "")

    def close(self) -> None:
        self.archive.close()

    def chunks(self, name: str, limit: int) -> Iterator[bytes]:
        """The bytes of part ``name``, at most ``limit`` of them (more refuses the package)."""
        info = self.parts.get(name)
        if info is None:
            raise _corrupt()
        if info.file_size > limit:
            raise _part_too_large(info.filename)
        return _part_chunks(self.archive, info, limit, lambda: _part_too_large(info.filename))

    def events(self, name: str, limit: int | None = None) -> Iterator[tuple]:
        """The XML events of part ``name`` (loaded whole by default: ``max_part_bytes``)."""
        return xml_events(self.chunks(name, self.limits.max_part_bytes if limit is None else limit))

    def content_type(self, name: str) -> str | None:
        """The declared content type of part ``name``."""
        override = self._overrides.get(name)
        if override is not None:
            return override
        return self._defaults.get(name.rpartition("/")[2].rpartition(".")[2] if "." in name else "")

    def relationships(self, source: str) -> list[Relationship]:
        """The relationships of part ``source`` ("" for the package's own)."""
        return self._rels.get(source, [])

    def _content_types(self) -> None:
        if "[content_types].xml" not in self.parts:
            raise PackageError("not_office", _("Tệp không phải bảng tính Excel (.xlsx)."))
        self._defaults: dict[str, str] = {}
        self._overrides: dict[str, str] = {}
        for event in self.events("[content_types].xml"):
            if event[0] != START:
                continue
            kind, attrs = event[1], event[2]
            content_type = attrs.get("ContentType", "")
            if kind == "Default":
                self._defaults[attrs.get("Extension", "").lower()] = content_type
            elif kind == "Override":
                self._overrides[attrs.get("PartName", "").lstrip("/").lower()] = content_type
            else:
                continue
            if any(marker in content_type.lower() for marker in _ACTIVE_MARKERS):
                raise _macro()

    def _relationships(self) -> None:
        rels = [name for name in self.parts if name.endswith(".rels")]
        # All relationship parts together are bounded like one part loaded whole.
        if sum(self.parts[name].file_size for name in rels) > self.limits.max_part_bytes:
            raise _part_too_large("_rels")
        self._rels: dict[str, list[Relationship]] = {}
        for name in rels:
            folder, _slash, file = name.rpartition("/")
            if not folder.endswith("_rels"):
                continue
            source = posixpath.join(folder[: -len("_rels")], file[: -len(".rels")]).strip("/")
            base = posixpath.dirname(source)
            found = self._rels.setdefault(source, [])
            for event in self.events(name):
                if event[0] != START or event[1] != "Relationship":
                    continue
                attrs = event[2]
                kind = attrs.get("Type", "")
                if any(marker in kind.lower() for marker in _ACTIVE_MARKERS):
                    raise _macro()
                target = attrs.get("Target", "")
                if attrs.get("TargetMode") == "External":
                    target = ""
                elif target.startswith("/"):
                    target = posixpath.normpath(target).lstrip("/").lower()
                else:
                    target = posixpath.normpath(posixpath.join(base, target)).lower()
                found.append(Relationship(type=kind, target=target, id=attrs.get("Id", "")))

    def _main(self) -> str | None:
        for rel in self.relationships(""):
            if rel.type.endswith("/officeDocument") and rel.target in self.parts:
                return rel.target
        return None

    def related(self, source: str, type_suffix: str) -> str | None:
        """The part that ``source`` relates to with a type ending in ``type_suffix``, if present."""
        for rel in self.relationships(source):
            if rel.type.endswith(type_suffix) and rel.target in self.parts:
                return rel.target
        return None


def open_package(source, limits: Limits) -> Package:
    """Check ``source``'s zip directory and index (content types, relationships) and return the package.

    Raises ``PackageError``: "corrupt", "too_large" (a part or the whole beyond
    ``limits``), "macro" (active content, by declared type or relationship), "not_office".
    """
    return Package(source, limits)


# --- XLSX: the first sheet, row by row -----------------------------------------------------------


class RefusedCell:
    """A cell that is not plain text, a number or a date (TRUE/FALSE, an error code, an unreadable value).

    ``message`` says so to the user; ``str()`` is what the cell showed; ``boolean`` is the
    value of a TRUE/FALSE cell (``None`` for any other), for a column that takes yes or no.
    """

    __slots__ = ("boolean", "message", "text")

    def __init__(self, text: str, message, *, boolean: bool | None = None) -> None:
        self.text = text
        self.message = message
        self.boolean = boolean

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"RefusedCell({self.text!r})"


def _refused_boolean(text: str) -> RefusedCell:
    value = text.strip() in ("1", "true")
    return RefusedCell("TRUE" if value else "FALSE",
                       _("Ô chứa giá trị đúng/sai (TRUE/FALSE); hãy nhập chữ, số hoặc ngày tháng."), boolean=value)


def _refused_error(text: str) -> RefusedCell:
    return RefusedCell(text, _("Ô chứa mã lỗi %(code)s; hãy nhập chữ, số hoặc ngày tháng.") % {"code": text})


def _refused_date(text: str) -> RefusedCell:
    return RefusedCell(text, _("Ô ngày tháng nằm ngoài lịch (năm 1 đến năm 9999); hãy nhập lại ngày."))


def _refused_value(text: str) -> RefusedCell:
    return RefusedCell(text, _("Ô chứa giá trị không phải chữ, số hay ngày tháng; hãy nhập lại giá trị."))


class _StringRef(int):
    """A shared-string index read before the strings themselves (the header check loads only those it names)."""


class Workbook:
    """The first worksheet of an XLSX package, read as a stream.

    ``dimension`` is the sheet's declared range ("A1:J1001"), if any: an estimate of its rows.
    """

    def __init__(self, package: Package) -> None:
        if package.kind != "xlsx":
            raise PackageError("not_office", _("Tệp không phải bảng tính Excel (.xlsx)."))
        self.package = package
        self.limits = package.limits
        book = package.main
        self.epoch = dt.datetime(1899, 12, 30)
        first_sheet_id = None
        for event in package.events(book):
            if event[0] != START:
                continue
            if event[1] == "workbookPr" and event[2].get("date1904", "").lower() in ("1", "true"):
                self.epoch = dt.datetime(1904, 1, 1)
            elif event[1] == "sheet":
                rel_id = _attr(event[2], "id")
                target = next((r.target for r in package.relationships(book) if r.id == rel_id), None)
                if target and package.content_type(target) == WORKSHEET_TYPE:
                    first_sheet_id = target
                    break
        if first_sheet_id is None:
            raise _corrupt()
        self.sheet = first_sheet_id
        self.strings_part = package.related(book, "/sharedStrings")
        styles_part = package.related(book, "/styles")
        self.date_styles, self.duration_styles = self._styles(styles_part) if styles_part else (set(), set())
        self.dimension: str | None = None

    def _styles(self, part: str) -> tuple[set[int], set[int]]:
        """The indexes of the cell formats that show a date (or a duration)."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        custom: dict[int, str] = {}
        formats: list[int] = []
        in_cell_xfs = False
        for event in self.package.events(part):
            if event[0] == START:
                name, attrs = event[1], event[2]
                if name == "numFmt":
                    try:
                        custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
                    except ValueError:
                        raise _corrupt() from None
                elif name == "cellXfs":
                    in_cell_xfs = True
                elif name == "xf" and in_cell_xfs:
                    if len(formats) >= self.limits.max_styles:
                        raise _part_too_large(part)
                    try:
                        formats.append(int(attrs.get("numFmtId", "0")))
                    except ValueError:
                        raise _corrupt() from None
            elif event[0] == END and event[1] == "cellXfs":
                in_cell_xfs = False
        dates, durations = set(), set()
        for index, format_id in enumerate(formats):
            code = custom.get(format_id, BUILTIN_FORMATS.get(format_id, "General"))
            if is_date_format(code):
                dates.add(index)
                if is_timedelta_format(code):
                    durations.add(index)
        return dates, durations

    def shared_strings(self, wanted: set[int] | None = None) -> list[str] | dict[int, str]:
        """The shared strings: all of them (a list), or only the indexes ``wanted`` (a dict).

        Refused beyond ``max_shared_strings`` entries, declared or counted, or
        ``max_shared_strings_bytes`` of XML. With ``wanted`` the reading stops at the last.
        """
        if self.strings_part is None:
            if wanted:
                raise _corrupt()
            return {} if wanted is not None else []
        limit = self.limits.max_shared_strings
        if wanted is not None and wanted and max(wanted) >= limit:
            raise self._too_many_strings()
        last = max(wanted) if wanted else -1
        found: list[str] = []
        picked: dict[int, str] = {}
        parts: list[str] | None = None
        collecting: list[str] | None = None
        phonetic = 0
        count = 0
        for event in self.package.events(self.strings_part, self.limits.max_shared_strings_bytes):
            kind = event[0]
            if kind == TEXT:
                if collecting is not None:
                    collecting.append(event[1])
            elif kind == START:
                name = event[1]
                if name == "si":
                    parts = []
                elif name == "t" and parts is not None and not phonetic:
                    collecting = parts
                elif name == "rPh":
                    phonetic += 1
                elif name == "sst":
                    declared = event[2].get("uniqueCount") or event[2].get("count") or "0"
                    if declared.isdigit() and int(declared) > limit:
                        raise self._too_many_strings()
            else:
                name = event[1]
                if name == "t":
                    collecting = None
                elif name == "rPh":
                    phonetic -= 1
                elif name == "si" and parts is not None:
                    if count >= limit:
                        raise self._too_many_strings()
                    text = "".join(parts)
                    if wanted is None:
                        found.append(text)
                    elif count in wanted:
                        picked[count] = text
                        if count == last:
                            return picked
                    count += 1
                    parts = None
        if wanted is None:
            return found
        if len(picked) < len(wanted):
            raise _corrupt()
        return picked

    def _too_many_strings(self) -> PackageError:
        return PackageError(
            "too_large",
            _("Tệp có quá nhiều chuỗi văn bản (tối đa %(limit)s); hãy lưu lại tệp chỉ với dữ liệu cần nhập.")
            % {"limit": f"{self.limits.max_shared_strings:,}".replace(",", ".")},
        )

    def rows(self, *, formulas: bool = False, strings: list[str] | dict[int, str] | None = None) -> Iterator[list]:
        """The rows of the sheet, each a list of values by column (``None`` for a blank; a missing
        row is an empty list, so that the rows keep their line numbers).

        Text, numbers (``int`` or ``float``), dates (``datetime``; ``time`` or ``timedelta``
        by the cell's format, as openpyxl gives them) or a ``RefusedCell``. With
        ``formulas`` a formula cell of any kind (plain, shared, array, data table) is its
        text after "=", else the value it had when saved. With ``strings=None`` the
        shared strings are loaded; with a dict the header check passes only those it
        needs, and any other index is left as a ``_StringRef``.
        """
        if strings is None:
            strings = self.shared_strings()
        from openpyxl.utils.datetime import from_excel, from_ISO8601

        dates, durations, epoch = self.date_styles, self.duration_styles, self.epoch
        sheet_bytes = self.limits.max_unzipped_bytes
        row: list = []
        row_number = 0
        column = 0
        in_data = False
        cell_type = cell_style = None
        value_parts: list[str] | None = None
        formula_parts: list[str] | None = None
        inline_parts: list[str] | None = None
        collecting: list[str] | None = None
        phonetic = 0
        for event in self.package.events(self.sheet, sheet_bytes):
            kind = event[0]
            if kind == TEXT:
                if collecting is not None:
                    collecting.append(event[1])
                continue
            name = event[1]
            if kind == START:
                attrs = event[2]
                if name == "c":
                    reference = attrs.get("r")
                    column = _column_index(reference) if reference else column + 1
                    if column > MAX_COLUMNS:
                        raise _corrupt()
                    cell_type = attrs.get("t", "n")
                    style = attrs.get("s")
                    cell_style = int(style) if style and style.isdigit() else 0
                    value_parts = formula_parts = inline_parts = None
                elif name == "v":
                    value_parts = collecting = []
                elif name == "f":
                    formula_parts = collecting = []
                elif name == "is":
                    inline_parts = []
                elif name == "t" and inline_parts is not None and not phonetic:
                    collecting = inline_parts
                elif name == "rPh":
                    phonetic += 1
                elif name == "row":
                    number = attrs.get("r")
                    target = int(number) if number and number.isdigit() else row_number + 1
                    if target <= row_number or target > MAX_ROWS:
                        raise _corrupt()
                    while row_number < target - 1:  # rows the file leaves out are blank lines
                        row_number += 1
                        yield []
                    row_number = target
                    row = []
                    column = 0
                elif name == "sheetData":
                    in_data = True
                elif name == "dimension":
                    self.dimension = attrs.get("ref")
            else:
                if name in ("v", "f", "t"):
                    collecting = None
                elif name == "rPh":
                    phonetic -= 1
                elif name == "c":
                    if formulas and formula_parts is not None:
                        value = "=" + "".join(formula_parts)
                    else:
                        value = _cell_value(cell_type, cell_style, value_parts, inline_parts, strings,
                                            dates, durations, epoch, from_excel, from_ISO8601)
                    if value is not None:
                        if len(row) < column:
                            row.extend([None] * (column - len(row)))
                        row[column - 1] = value
                elif name == "row":
                    yield row
                elif name == "sheetData":
                    return
        if not in_data:
            raise _corrupt()

    def header_and_size(self, *, formulas: bool = False) -> tuple[list, int | None]:
        """The first row, its shared strings loaded alone, and the sheet's rows from its declared range."""
        rows = self.rows(formulas=formulas, strings={})
        try:
            header = next(rows, [])
        finally:
            rows.close()
        wanted = {int(v) for v in header if isinstance(v, _StringRef)}
        if wanted:
            picked = self.shared_strings(wanted)
            header = [picked[int(v)] if isinstance(v, _StringRef) else v for v in header]
        last = re.fullmatch(r"\$?[A-Z]+\$?\d+:\$?[A-Z]+\$?(\d+)", self.dimension or "")
        return header, int(last[1]) if last else None


def _column_index(reference: str) -> int:
    index = 0
    for char in reference:
        if "A" <= char <= "Z":
            index = index * 26 + ord(char) - 64
        elif char == "$":
            continue
        else:
            break
    return index


def _cell_value(cell_type, style, value_parts, inline_parts, strings, dates, durations, epoch, from_excel,
                from_iso):
    if cell_type == "inlineStr":
        return "".join(inline_parts) if inline_parts is not None else None
    if value_parts is None:
        return None
    text = "".join(value_parts)
    if cell_type == "n":
        if not text:
            return None
        try:
            number = float(text) if ("." in text or "E" in text or "e" in text) else int(text)
        except ValueError:
            return _refused_value(text)
        if style in dates:
            try:
                return from_excel(number, epoch, timedelta=style in durations)
            except (OverflowError, ValueError):
                return _refused_date(text) if style not in durations else _refused_value(text)
        if isinstance(number, float) and number != number or number in (float("inf"), float("-inf")):
            return _refused_value(text)
        return number
    if cell_type == "s":
        if not text.isdigit():
            raise _corrupt()
        index = int(text)
        if isinstance(strings, dict) and index not in strings:
            return _StringRef(index)
        try:
            return strings[index]
        except (IndexError, KeyError):
            raise _corrupt() from None
    if cell_type == "str":
        return text
    if cell_type == "d":
        try:
            return from_iso(text)
        except ValueError:
            return _refused_value(text)
    if cell_type == "b":
        return _refused_boolean(text)
    if cell_type == "e":
        return _refused_error(text)
    return _refused_value(text)
