"""Amounts of money in đồng as people type them, read one way everywhere (forms and imports).

Vietnamese writes 250.000.000 (a dot between groups of three) or 250 000 000, and a comma
before a decimal part: 1.500.000,5. Read naively, "250.000" becomes 250 and "250.000.000"
a decimal error, and an English-typed "1,500" could be read as 1,5 or as 1500. So an
amount is read only when it has a single meaning:

- plain digits (``250000000``), or groups of three after a first group of one to three
  digits, all separated by dots or all by spaces (a space, a no-break space or a narrow
  no-break space: spreadsheets and phones insert the latter two);
- an optional unit after it: ``đ``, ``₫``, ``đồng``, ``VND`` or ``VNĐ``;
- a decimal part after a comma only when it is zero (``1.500.000,00``, the accounting
  format): amounts are whole đồng, and a fraction of a đồng is refused, never rounded.

Everything else (``1.5``, ``1,500``, ``250.00.000``, dots mixed with spaces, a sign,
letters, an amount beyond the given maximum) is refused with a message naming what was
typed. A spreadsheet's number cell is its value, not text: 1500000.0 is 1.500.000.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The whitespace that may separate groups of three: space, no-break space, narrow no-break space.
_SPACES = " \u00a0\u202f"
_INVISIBLE = "\u200b\u200e\u200f\u2060\ufeff"
_UNIT = re.compile(r"\s*(?:đồng|đ|₫|vnđ|vnd)\.?$", re.IGNORECASE)
_PLAIN = re.compile(r"[0-9]+")
_ALLOWED = re.compile(rf"[0-9.,{_SPACES}]+")
_GROUPS_DOTTED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")
_GROUPS_SPACED = re.compile(rf"[0-9]{{1,3}}(?:[{_SPACES}][0-9]{{3}})+")
# How much of what was typed a message repeats.
_ECHO = 40


class AmountError(ValueError):
    """An amount that cannot be read with one meaning; ``message`` is translated and names the input."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def format_vnd(amount: int) -> str:
    """``amount`` grouped the Vietnamese way, ``250.000.000``: what ``parse_vnd`` reads back."""
    return f"{amount:,}".replace(",", ".")


def parse_vnd(value: object, *, maximum: int) -> int | None:
    """The whole number of đồng ``value`` stands for, ``None`` when it is blank.

    ``value`` is what a person typed (text) or a spreadsheet cell (a number). Raises
    ``AmountError`` when it is not exactly one amount from 0 to ``maximum``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise AmountError(_not_a_number(str(value)), "invalid")
    if isinstance(value, int | float | Decimal):
        return _number_cell(value, maximum=maximum)
    # Outer spaces of every width and the invisible marks a copy from a document brings along.
    typed = unicodedata.normalize("NFC", str(value)).strip().strip(_INVISIBLE).strip()
    if not typed:
        return None
    if _PLAIN.fullmatch(typed):  # the common case, and the fast path of a large import
        return _within(typed, typed, maximum)
    body = _UNIT.sub("", typed).strip(_SPACES)
    if body[:1] in ("-", "\u2212"):
        raise AmountError(_negative(typed), "negative")
    if not body or not _ALLOWED.fullmatch(body):
        raise AmountError(_not_a_number(typed), "invalid")
    whole, comma, decimals = body.partition(",")
    if comma:
        if "," in decimals or not decimals.isdigit() or len(decimals) >= 3 or not whole:
            # "1,500" or "1,000": a thousands comma in English, a decimal one in Vietnamese.
            raise AmountError(
                _("“%(typed)s” không rõ nghĩa: dấu phẩy chỉ dùng trước phần thập phân; để tách hàng nghìn "
                  "hãy dùng dấu chấm, ví dụ 1.500.000.") % {"typed": _echo(typed)},
                "ambiguous",
            )
        if decimals.strip("0"):
            raise AmountError(_fraction(typed), "fraction")
    if _PLAIN.fullmatch(whole):
        return _within(whole, typed, maximum)
    has_dot, has_space = "." in whole, any(s in whole for s in _SPACES)
    if has_dot and has_space:
        raise AmountError(
            _("“%(typed)s” dùng lẫn dấu chấm và khoảng trắng: hãy tách các nhóm ba chữ số bằng một loại dấu, "
              "ví dụ 250.000.000.") % {"typed": _echo(typed)},
            "mixed",
        )
    grouped = _GROUPS_DOTTED.fullmatch(whole) if has_dot else _GROUPS_SPACED.fullmatch(whole)
    if grouped is None or whole[0] == "0":
        # "1.5", "250.00.000", "0.500": not groups of three, so no single meaning.
        raise AmountError(
            _("“%(typed)s” không rõ nghĩa: dấu chấm hay khoảng trắng chỉ dùng để tách từng nhóm ba chữ số, "
              "ví dụ 250.000.000; số tiền tính bằng đồng chẵn.") % {"typed": _echo(typed)},
            "ambiguous",
        )
    digits = "".join(ch for ch in whole if ch.isdigit())
    return _within(digits, typed, maximum)


def _number_cell(value: int | float | Decimal, *, maximum: int) -> int:
    """A spreadsheet's number: its value (1500000.0 is 1.500.000), a whole number of đồng."""
    # Shown as Vietnamese writes it (a decimal comma), since the message names what the cell holds.
    shown = str(value).replace(".", ",")
    if not _is_finite(value):
        raise AmountError(_not_a_number(shown), "invalid")
    if value < 0:
        raise AmountError(_negative(shown), "negative")
    if value != int(value):
        raise AmountError(_fraction(shown), "fraction")
    if value > maximum:
        raise AmountError(_too_large(shown, maximum), "too_large")
    return int(value)


def _is_finite(value: int | float | Decimal) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _within(digits: str, typed: str, maximum: int) -> int:
    """The amount ``digits`` spell, refused beyond ``maximum`` (before a 5000-digit text becomes a number)."""
    significant = digits.lstrip("0")
    if len(significant) > len(str(maximum)) or int(significant or "0") > maximum:
        raise AmountError(_too_large(typed, maximum), "too_large")
    return int(significant or "0")


def _negative(typed: str) -> str:
    return _("“%(typed)s” là số âm: số tiền không được âm.") % {"typed": _echo(typed)}


def _fraction(typed: str) -> str:
    return _("“%(typed)s” có phần lẻ của đồng: hãy ghi số đồng chẵn, không có phần thập phân.") % {
        "typed": _echo(typed)
    }


def _too_large(typed: str, maximum: int) -> str:
    return _("“%(typed)s” vượt quá mức tối đa %(maximum)s đồng.") % {"typed": _echo(typed),
                                                                     "maximum": format_vnd(maximum)}


def _not_a_number(typed: str) -> str:
    return _("“%(typed)s” không phải là số tiền: hãy ghi bằng chữ số, ví dụ 250.000.000 hoặc 250000000.") % {
        "typed": _echo(typed)
    }


def _echo(typed: str) -> str:
    return typed if len(typed) <= _ECHO else typed[: _ECHO - 1] + "…"


class VndAmountInput(forms.TextInput):
    """A text box, not a number box: a browser's number box drops "250.000.000" or reads it as 250."""

    def __init__(self, attrs=None) -> None:
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        # An amount shows grouped, as it is typed; it reads back to the same amount.
        if isinstance(value, int) and not isinstance(value, bool):
            return format_vnd(value)
        return super().format_value(value)


class VndAmountField(forms.Field):
    """A whole number of đồng, typed the Vietnamese way; see ``parse_vnd`` for what is read."""

    widget = VndAmountInput
    default_error_messages = {"required": gettext_lazy("Nhập số tiền.")}

    def __init__(self, *, max_value: int, **kwargs) -> None:
        self.max_value = max_value
        super().__init__(**kwargs)

    def to_python(self, value) -> int | None:
        if value in self.empty_values:
            return None
        try:
            return parse_vnd(value, maximum=self.max_value)
        except AmountError as error:
            raise ValidationError(error.message, code=error.code) from error
