"""The columns of an initiative import and the check of each row, as plain functions over the cells.

A row is checked as the web form would check it, with the same translated message per
cell, but without building a form or a model per row: at a hundred thousand rows the
per-row machinery, not the rules, is what costs. What a file repeats (a unit code, a field
name, a day, the importer's right to record a state in a unit) is looked up once.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import SubmitterCategory
from campaign.models import Phase
from campaign.selectors import current_programme
from initiatives_portal.dates import LAST_MOMENT, as_utc
from initiatives_portal.formatting import format_count
from initiatives_portal.forms import BIDI_CONTROL_MESSAGE
from initiatives_portal.money import AmountError, parse_vnd
from initiatives_portal.ooxml import RefusedCell
from initiatives_portal.text import fold, has_bidi_controls
from unions import selectors as unit_selectors
from unions.enums import UnitKind
from unions.models import Unit

from ..enums import InitiativeStatus
from ..models import MAX_BENEFIT_VND, Field, Initiative
from ..workflow import workflow

REQUIRED = ("unit_code", "title", "summary", "field", "author_name", "author_category", "submitted_at")
OPTIONAL = ("co_authors", "benefit_vnd", "status", "holds_management_post", "direct_production_worker", "reason",
            "comment")
# The template's Vietnamese headers.
HEADERS = {
    "unit_code": "Mã công đoàn cơ sở",
    "title": "Tên sáng kiến",
    "summary": "Tóm tắt",
    "field": "Lĩnh vực",
    "author_name": "Họ tên tác giả",
    "author_category": "Đối tượng",
    "submitted_at": "Thời điểm gửi",
    "co_authors": "Đồng tác giả",
    "benefit_vnd": "Giá trị làm lợi (đồng)",
    "status": "Trạng thái",
    "holds_management_post": "Giữ chức vụ lãnh đạo, quản lý",
    "direct_production_worker": "Công nhân lao động trực tiếp sản xuất",
    "reason": "Lý do",
    "comment": "Ý kiến",
}
ALIASES = {label: column for column, label in HEADERS.items()}
# Yes and no as a spreadsheet writes them: a word in either language, a tick, a digit.
YES = ("có", "x", "1", "true", "yes", "đúng", "c")
NO = ("không", "0", "false", "no", "sai", "k")
POSITION_COLUMNS = (("holds_management_post", "holds_management_post"),
                    ("direct_production_worker", "is_direct_production_worker"))
_YES_NO_COLUMNS = frozenset(column for column, _name in POSITION_COLUMNS)
TEXT_LIMITS = (("title", 300), ("summary", 2000), ("author_name", 150))
_CO_AUTHOR = re.compile(r"^(?P<name>.+?)\s*\(\s*(?P<share>\d+(?:[.,](?P<decimals>\d+))?)\s*%\s*\)$")
# A share is stored with two decimals (CoAuthor.contribution); more would be rounded away.
_SHARE_DECIMALS = 2
_HUNDRED = Decimal(100)
_MAX_OFFSET = dt.timedelta(days=1)  # no time zone is a day or more from UTC


@dataclass(slots=True)
class ParsedRow:
    line: int
    unit: Unit | None = None
    values: dict = field(default_factory=dict)
    co_authors: list[tuple[str, Decimal]] = field(default_factory=list)
    status: str = InitiativeStatus.SUBMITTED
    reason: str = ""
    comment: str = ""
    key: str = ""
    search_text: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))


class RowChecker:
    """Checks one row at a time against the reference data, loaded once per import."""

    def __init__(self, importer) -> None:
        self.importer = importer
        self.fields: dict[str, Field] = {}
        for f in Field.objects.filter(is_active=True):
            for name in (f.code, f.name, f.name_en):
                if name:
                    self.fields[fold(name)] = f
        self.categories = {fold(c.value): c.value for c in SubmitterCategory}
        self.categories.update({fold(str(c.label)): c.value for c in SubmitterCategory})
        self.rules = workflow().import_rules()
        self.states = {fold(code): code for code, _label in self.rules.states}
        self.states.update({fold(label): code for code, label in self.rules.states})
        self.reasons = {fold(code): code for code, _label in self.rules.reasons}
        self.reasons.update({fold(label): code for code, label in self.rules.reasons})
        self.answers = {fold(word): True for word in YES}
        self.answers.update({fold(word): False for word in NO})
        self.phases = list(Phase.objects.order_by("starts_on"))
        # Rows are dated within the programme: a day before it or after it is a mistake
        # (a month typed first, a wrong year), never an initiative of the campaign.
        self.programme = current_programme()
        self.units: dict[str, Unit | None] = {}
        # unit code -> (the unit when rows may name it, else the message of the unit_code cell)
        self.unit_checks: dict[str, tuple[Unit | None, str]] = {}
        self.rights: dict[tuple[int, str], bool] = {}
        self.drafts = {fold(InitiativeStatus.DRAFT.value), fold(str(InitiativeStatus.DRAFT.label))}
        self.days: dict[dt.date, Phase | None] = {}
        self.local = ZoneInfo(settings.TIME_ZONE)
        self.now = timezone.now()
        self.messages = _Messages(self.rules)

    def preload_units(self, codes) -> None:
        """Load the units of ``codes`` not seen yet, in one query."""
        missing = {c for c in codes if c and c not in self.units}
        if not missing:
            return
        for unit in Unit.objects.filter(code__in=missing):
            self.units[unit.code] = unit
        for code in missing:
            self.units.setdefault(code, None)

    def check(self, line: int, raw: dict) -> ParsedRow:
        row = ParsedRow(line=line)
        text = {}
        for column, value in raw.items():
            if isinstance(value, RefusedCell):  # TRUE/FALSE, an error code: no value the form would take
                if value.boolean is not None and column in _YES_NO_COLUMNS:
                    text[column] = value.boolean
                else:
                    row.error(column, str(value.message))
                continue
            if isinstance(value, str):
                if "=" in value and value.lstrip()[:1] == "=":
                    row.error(column, self.messages.formula)
                    continue
                if has_bidi_controls(value):
                    row.error(column, self.messages.bidi_control)
                    continue
                # nfc(): the stored text is NFC, without surrounding whitespace.
                value = unicodedata.normalize("NFC", value).strip()
            text[column] = value
        if row.errors:
            return row
        values = row.values
        self._unit(row, _as_text(text.get("unit_code")))
        for column, limit in TEXT_LIMITS:
            value = _as_text(text.get(column))
            if not value:
                row.error(column, self.messages.blank)
            elif len(value) > limit:
                row.error(column, self.messages.too_long(limit))
            values[column] = value
        field_value = self.fields.get(_fold_term(_as_text(text.get("field"))))
        if field_value is None:
            row.error("field", self.messages.field)
        values["field"] = field_value
        category = self.categories.get(_fold_term(_as_text(text.get("author_category"))))
        if category is None:
            row.error("author_category", self.messages.category)
        values["category"] = category
        self._submitted_at(row, text.get("submitted_at"))
        self._benefit(row, text.get("benefit_vnd"))
        self._co_authors(row, _as_text(text.get("co_authors")))
        self._status(row, _as_text(text.get("status")), _as_text(text.get("reason")),
                     _as_text(text.get("comment")))
        for column, name in POSITION_COLUMNS:
            self._answer(row, column, name, text.get(column))
        if row.unit is not None and row.status and not self._may_record_cached(row.unit, row.status):
            row.error("status", self.messages.no_right)
        if not row.errors:
            title, summary, author = (fold(values[c]) for c in ("title", "summary", "author_name"))
            row.key = _key(row.unit.code, title, author, values["first_submitted_at"])
            # What Initiative.save() stores, fold(title + summary + author), from the parts folded once.
            row.search_text = " ".join(filter(None, (title, summary, author)))
        return row

    def _status(self, row: ParsedRow, status: str, reason: str, comment: str) -> None:
        """The state the archive's initiative reached, the reason it gives and its comment, as its
        last decision would have them (``ImportRules``)."""
        if status:
            folded = _fold_term(status)
            row.status = self.states.get(folded, "")
            if not row.status:
                row.error("status", self.messages.draft if folded in self.drafts else self.messages.status)
                return
        rules = self.rules
        if reason:
            row.reason = self.reasons.get(_fold_term(reason), "")
            if row.status not in rules.reason_states:
                row.error("reason", self.messages.reason_not_allowed(row.status))
            elif not row.reason:
                row.error("reason", self.messages.reason)
        elif row.status in rules.reason_states:
            row.error("reason", self.messages.reason_required)
        if len(comment) > rules.max_comment:
            row.error("comment", self.messages.too_long(rules.max_comment))
        elif not comment and (row.status in rules.comment_states or row.reason in rules.reasons_with_comment):
            row.error("comment", self.messages.comment_required(row.status, row.reason))
        row.comment = comment

    def _answer(self, row: ParsedRow, column: str, name: str, value) -> None:
        """A yes/no cell; blank is "no", as the form's unticked box (``Initiative`` defaults)."""
        if isinstance(value, bool):  # a spreadsheet's TRUE/FALSE
            answer = value
        else:
            text = _as_text(value)
            answer = self.answers.get(_fold_term(text)) if text else False
        if answer is None:
            row.error(column, self.messages.answer)
        row.values[name] = bool(answer)

    def _unit(self, row: ParsedRow, code: str) -> None:
        checked = self.unit_checks.get(code)
        if checked is None:
            checked = self.unit_checks[code] = self._check_unit(code)
        unit, message = checked
        if unit is None:
            row.error("unit_code", message)
        else:
            row.unit = unit

    def _check_unit(self, code: str) -> tuple[Unit | None, str]:
        unit = self.units.get(code)
        if not code:
            return None, self.messages.blank
        if unit is None:
            return None, _("Không có đơn vị mã “%(code)s”.") % {"code": code}
        if unit.kind != UnitKind.GRASSROOTS:
            return None, _("“%(code)s” không phải công đoàn cơ sở.") % {"code": code}
        if self.importer is not None and not unit_selectors.unit_in_import_scope(self.importer, unit):
            return None, _("Đơn vị “%(code)s” nằm ngoài phạm vi của bạn.") % {"code": code}
        return unit, ""

    def _submitted_at(self, row: ParsedRow, value) -> None:
        # A spreadsheet's date cell comes as a datetime (the reader applies the workbook's
        # date system, 1900 or 1904); a number, a time or a duration names no day.
        if isinstance(value, dt.datetime):
            moment = value
        elif isinstance(value, dt.date):
            moment = dt.datetime.combine(value, dt.time())
        elif isinstance(value, str) and value:
            moment = _moment(value)
            if moment is None:
                row.error("submitted_at", self._unreadable_moment(value))
                return
        elif value is None or value == "":
            row.error("submitted_at", self.messages.blank)
            return
        else:
            row.error("submitted_at", self.messages.moment)
            return
        if moment.tzinfo is None or moment.utcoffset() is None:
            moment = moment.replace(tzinfo=self.local)
        # Stored in UTC and counted on its local day: a moment at the calendar's ends may
        # have neither (0001-01-01 in Vietnam is still year 0 in UTC).
        utc = as_utc(moment)
        local = utc.astimezone(self.local) if utc is not None and utc < LAST_MOMENT - _MAX_OFFSET else None
        if local is None:
            row.error("submitted_at", self.messages.out_of_range)
            return
        if moment > self.now:
            row.error("submitted_at", self.messages.future)
            return
        day = local.date()
        if self.programme is not None and not self.programme.starts_on <= day <= self.programme.ends_on:
            row.error("submitted_at", self.messages.outside_programme(day, self.programme))
            return
        values = row.values
        values["first_submitted_at"] = moment
        values["submitted_on"] = day
        if day not in self.days:
            self.days[day] = next((p for p in self.phases if p.starts_on <= day <= p.ends_on), None)
        values["phase"] = self.days[day]

    def _unreadable_moment(self, text: str) -> str:
        """Why ``text`` is no moment: a day the calendar lacks (31/02/2022), a year it cannot hold, or its form."""
        parts = _date_parts(text)
        if parts is None:
            return self.messages.moment
        if not 1 <= parts[0] <= 9999:
            return self.messages.out_of_range
        return self.messages.no_such_day(text)

    def _benefit(self, row: ParsedRow, value) -> None:
        # Text as Vietnamese types it (250.000.000), a spreadsheet's number as its value; see parse_vnd.
        try:
            row.values["benefit_vnd"] = parse_vnd(value, maximum=MAX_BENEFIT_VND)
        except AmountError as error:
            row.error("benefit_vnd", error.message)

    def _co_authors(self, row: ParsedRow, value: str) -> None:
        if not value:
            row.values["author_contribution"] = _HUNDRED
            return
        total = Decimal(0)
        for part in filter(None, (p.strip() for p in value.split(";"))):
            match = _CO_AUTHOR.match(part)
            if match is None:
                row.error("co_authors", self.messages.co_author_form)
                return
            if match["decimals"] and len(match["decimals"]) > _SHARE_DECIMALS:
                row.error("co_authors", self.messages.co_author_decimals(match["share"]))
                return
            share = Decimal(match["share"].replace(",", "."))
            if share <= 0:
                row.error("co_authors", self.messages.co_author_share)
                return
            row.co_authors.append((match["name"][:150], share))
            total += share
        if total >= 100:
            row.error("co_authors", self.messages.co_author_total)
        row.values["author_contribution"] = _HUNDRED - total

    def _may_record_cached(self, unit: Unit, status: str) -> bool:
        if (unit.pk, status) not in self.rights:
            self.rights[unit.pk, status] = self._may_record(unit, status)
        return self.rights[unit.pk, status]

    def _may_record(self, unit: Unit, status: str) -> bool:
        """Recording an officer's decision needs the right to take the stage it was taken at.

        Submitted and withdrawn (the author's own acts) need only the right to import in
        the unit. Verified, returned and rejected need stage 1 (or stage 2: an upper level
        records what the grassroots union decided on paper); approved needs stage 2.
        """
        if self.importer is None or status in (InitiativeStatus.SUBMITTED, InitiativeStatus.WITHDRAWN):
            return True
        may_approve = self.importer.has_perm(
            "reviews.approve_initiative", Initiative(unit=unit, status=InitiativeStatus.VERIFIED)
        )
        if status == InitiativeStatus.APPROVED:
            return may_approve
        return may_approve or self.importer.has_perm(
            "reviews.verify_initiative", Initiative(unit=unit, status=InitiativeStatus.SUBMITTED)
        )


class _Messages:
    """The cell messages, translated once per import (in the language active when it starts)."""

    def __init__(self, rules) -> None:
        self.rules = rules
        self.formula = _("Ô có công thức; hãy dán giá trị (Paste Values) thay cho công thức.")
        self.blank = _("Không được để trống.")
        self.field = _("Lĩnh vực không có trong danh mục.")
        self.category = _("Đối tượng phải là một trong: %(codes)s.") % {"codes": ", ".join(SubmitterCategory.values)}
        self.moment = _("Thời điểm phải theo dạng ngày/tháng/năm (31/05/2022 hoặc 31/05/2022 14:30) "
                        "hoặc ISO 8601 (2022-05-31 14:30).")
        self.future = _("Thời điểm gửi không được ở tương lai.")
        self.out_of_range = _("Thời điểm gửi nằm ngoài khoảng thời gian lưu được (năm 1 đến năm 9999).")
        self.co_author_form = _("Ghi đồng tác giả dạng “Họ tên (30%); Họ tên (20%)”.")
        self.co_author_share = _("Tỷ lệ đóng góp phải lớn hơn 0.")
        self.co_author_total = _("Tổng tỷ lệ của đồng tác giả phải nhỏ hơn 100% (phần còn lại của tác giả).")
        self.status = _("Trạng thái phải là một trong: %(states)s.") % {"states": _listed(rules.states)}
        self.draft = _("Không nhập được bản nháp: chỉ nhập sáng kiến đã gửi (trạng thái %(states)s).") % {
            "states": _listed(rules.states)}
        self.reason = _("Lý do phải là một trong: %(reasons)s.") % {"reasons": _listed(rules.reasons)}
        labels = dict(rules.states)
        self.reason_required = _("Sáng kiến “%(state)s” phải có lý do (%(reasons)s).") % {
            "state": " / ".join(labels[s] for s in rules.reason_states), "reasons": _listed(rules.reasons)}
        self.answer = _("Ghi “có” hoặc “không” (hoặc x, 1/0, true/false, yes/no); để trống là không.")
        self.no_right = _("Bạn không có quyền ghi nhận trạng thái này cho đơn vị này.")
        self.bidi_control = str(BIDI_CONTROL_MESSAGE)
        self._too_long: dict[int, str] = {}

    def reason_not_allowed(self, status: str) -> str:
        labels = dict(self.rules.states)
        return _("Chỉ sáng kiến “%(states)s” mới ghi lý do; sáng kiến “%(state)s” để trống cột này.") % {
            "states": " / ".join(labels[s] for s in self.rules.reason_states), "state": labels[status]}

    def comment_required(self, status: str, reason: str) -> str:
        if status in self.rules.comment_states:
            return _("Sáng kiến “%(state)s” phải ghi ý kiến: cần bổ sung những gì.") % {
                "state": dict(self.rules.states)[status]}
        return _("Lý do “%(reason)s” phải được ghi rõ trong cột ý kiến.") % {"reason": dict(self.rules.reasons)[reason]}

    def no_such_day(self, text: str) -> str:
        return _("Không có ngày giờ “%(text)s” trong lịch: ngày ghi trước tháng (ngày/tháng/năm), tháng từ 1 đến "
                 "12, giờ từ 00:00 đến 23:59.") % {"text": text}

    def outside_programme(self, day: dt.date, programme) -> str:
        return _("Ngày gửi %(day)s nằm ngoài thời gian của chương trình “%(name)s” (từ %(start)s đến hết "
                 "%(end)s).") % {"day": day.strftime("%d/%m/%Y"), "name": programme.name,
                                 "start": programme.starts_on.strftime("%d/%m/%Y"),
                                 "end": programme.ends_on.strftime("%d/%m/%Y")}

    def co_author_decimals(self, share: str) -> str:
        return _("Tỷ lệ đóng góp “%(share)s%%” có quá hai chữ số thập phân; hãy ghi tối đa hai chữ số, "
                 "ví dụ 33,33%%.") % {"share": share}

    def too_long(self, limit: int) -> str:
        if limit not in self._too_long:
            self._too_long[limit] = _("Dài quá %(n)s ký tự.") % {"n": format_count(limit)}
        return self._too_long[limit]


def _listed(choices) -> str:
    """"code (label)" of each choice, as the template's lists and the error messages show them."""
    return ", ".join(f"{code} ({label})" for code, label in choices)


# Day first, as Vietnamese writes dates: 15/03/2022 is the 15th of March, never a 3rd of a 15th month.
# A two-digit year is this century's: LibreOffice Calc writes a date cell so in a CSV (15/03/22).
_DAY_FIRST = ("%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y", "%d/%m/%y %H:%M", "%d/%m/%y %H:%M:%S", "%d/%m/%y")
# A 12-hour time, as a CSV written in Vietnamese (sáng/chiều, SA/CH) or English (AM/PM) has it.
_TWELVE_HOURS = re.compile(r"^(?P<moment>.*\d)\s*(?P<half>am|pm|sa|ch|sang|chieu)$")
_MORNING = ("am", "sa", "sang")


def _moment(text: str) -> dt.datetime | None:
    """The moment ``text`` writes, ISO 8601 or day first (31/05/2022 14:30, 31/05/22 02:30 chiều);
    ``None`` when it is neither."""
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        pass
    moment = _day_first(text)
    if moment is not None:
        return moment
    twelve = _TWELVE_HOURS.match(fold(text))
    if twelve is None:
        return None
    moment = _day_first(twelve["moment"].strip())
    if moment is None or not 1 <= moment.hour <= 12 or ":" not in twelve["moment"]:
        return None
    hour = moment.hour % 12 + (0 if twelve["half"] in _MORNING else 12)
    return moment.replace(hour=hour)


def _day_first(text: str) -> dt.datetime | None:
    for pattern in _DAY_FIRST:
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError:
            continue
    return None


# What a date looks like whatever its numbers: day first (d/m/y, time optional) or ISO (y-m-d…).
_DAY_FIRST_SHAPE = re.compile(r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4,}|\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?"
                              r"(?:\s*\w+)?$")
_ISO_SHAPE = re.compile(r"^(?P<y>\d{4,})-(?P<m>\d{2})-(?P<d>\d{2})(?:[ T].*)?$")


def _date_parts(text: str) -> tuple[int, int, int] | None:
    """Year, month and day of ``text`` when it has a date's shape (whether or not the day exists)."""
    match = _DAY_FIRST_SHAPE.match(text) or _ISO_SHAPE.match(text)
    if match is None:
        return None
    year = int(match["y"])
    return (2000 + year if len(match["y"]) == 2 else year), int(match["m"]), int(match["d"])


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


@functools.lru_cache(maxsize=1024)
def _fold_term(value: str) -> str:
    """``fold`` of a code or name from a short list (field, category, state): a file repeats them."""
    return fold(value)


def import_key(unit_code: str, title: str, author: str, moment: dt.datetime) -> str:
    """The fingerprint that recognises a row imported before, whatever file it came in."""
    return _key(unit_code, fold(title), fold(author), moment)


def _key(unit_code: str, folded_title: str, folded_author: str, moment: dt.datetime) -> str:
    stamp = moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M")
    raw = "|".join((unit_code, folded_title, folded_author, stamp))
    return hashlib.sha256(raw.encode()).hexdigest()
