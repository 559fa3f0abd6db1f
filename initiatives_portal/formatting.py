"""How figures are written: one rounding rule, Vietnamese separators.

The rule (README, "Figures"): every percentage is rounded half-up. A percentage of a
target (achieved, exceeded-by) keeps one decimal below 100% and is whole from 100% up
(69,7%; 132%; 108%; 93,5%); a share of a breakdown is whole (55%, 24%, 16%, 5%).
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

HUNDRED = Decimal(100)


def ratio_percent(part: int, whole: int) -> Decimal | None:
    """``part / whole`` in percent, exact (None when ``whole`` is 0)."""
    if not whole:
        return None
    return Decimal(part) * HUNDRED / Decimal(whole)


def round_progress(percent: Decimal) -> Decimal:
    """One decimal below 100%, whole from 100% up; half-up."""
    if percent >= HUNDRED:
        return percent.quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    rounded = percent.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    # 99,96% rounds to 100,0%: write it as a whole number too.
    return rounded.quantize(Decimal("1")) if rounded >= HUNDRED else rounded


def round_share(percent: Decimal) -> Decimal:
    return percent.quantize(Decimal("1"), rounding=ROUND_HALF_UP)


def format_count(value: int) -> str:
    """696948 → "696.948" (in the active language's separators)."""
    return number_format(int(value), force_grouping=True)


def format_percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return number_format(value, decimal_pos=None, force_grouping=True) + "%"


def format_tenths(value: Decimal | None) -> str:
    """A figure kept to one decimal, such as a median of days: 4,5; 6,0. None → "—"."""
    if value is None:
        return "—"
    return number_format(value, decimal_pos=1, force_grouping=True)


def progress_text(part: int, whole: int) -> str:
    """Achieved share of a target, written by the rule: "69,7%", "232%"."""
    value = ratio_percent(part, whole)
    return format_percent(round_progress(value) if value is not None else None)


def share_text(part: int, whole: int) -> str:
    value = ratio_percent(part, whole)
    return format_percent(round_share(value) if value is not None else None)


def press_date(day: dt.date) -> str:
    """The federation's own date style in report sentences: 31/5/2022."""
    return f"{day.day}/{day.month}/{day.year}"
