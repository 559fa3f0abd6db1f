"""The days that the reports' addresses take (``as_of``, ``since``), read one way everywhere.

Two readers over one grammar of calendar days:

- ``iso_day`` for the JSON API and the downloads, which programs call: exactly
  ``YYYY-MM-DD`` and a day that exists. Python's ``date.fromisoformat`` is not used: it
  also takes ``20220101`` and ``2022-W01``, which the contract does not promise, and a
  program relying on them would break the day the reading is tightened.
- ``typed_day`` for the dashboards, which people open and edit by hand: ``YYYY-MM-DD``
  (what the date picker sends) or ``dd/mm/yyyy`` as dates are written in Vietnam
  (``31/5/2022`` too). A day it cannot read is not an error page: the dashboard says so
  and shows today (see ``reports.views``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from django.utils.translation import gettext as _

ISO_FORMAT = "YYYY-MM-DD"
TYPED_FORMAT = "dd/mm/yyyy"
_EXAMPLES = {ISO_FORMAT: "2022-05-31", TYPED_FORMAT: "31/05/2022"}
# [0-9], not \d: \d also matches other scripts' digits ("٢٠٢٢-٠٥-٣١"), which int() accepts.
_ISO_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
_TYPED_DAY = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
# What a message repeats of a value it could not read: enough to recognise it.
_SHOWN_LENGTH = 40


class DateParamError(Exception):
    """A query parameter that is not a day in the expected form.

    ``message`` is the translated sentence for a person; ``parameter`` and ``expected``
    let a program tell which parameter to correct and how.
    """

    def __init__(self, *, parameter: str, value: str, expected: str = ISO_FORMAT) -> None:
        self.parameter = parameter
        self.value = value
        self.expected = expected
        self.message = _(
            "Tham số “%(parameter)s” không hợp lệ (“%(value)s”): cần một ngày có thật dạng %(expected)s, "
            "ví dụ %(example)s."
        ) % {"parameter": parameter, "value": shown(value), "expected": expected, "example": _EXAMPLES[expected]}
        super().__init__(self.message)

    def as_json(self) -> dict[str, str]:
        return {"error": self.message, "parameter": self.parameter, "expected": self.expected}


def shown(value: str) -> str:
    """``value`` cut to a length a message can repeat."""
    return value if len(value) <= _SHOWN_LENGTH else value[: _SHOWN_LENGTH - 1] + "…"


def _day(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:  # 2022-02-30, month 13, year 0
        return None


def read_iso_day(raw: str) -> dt.date | None:
    """``raw`` as exactly ``YYYY-MM-DD`` naming a real day, else None."""
    match = _ISO_DAY.fullmatch(raw)
    return _day(*match.groups()) if match else None


def read_typed_day(raw: str) -> dt.date | None:
    """``raw`` as ``YYYY-MM-DD`` or ``dd/mm/yyyy`` (spaces around ignored), else None."""
    raw = raw.strip()
    if day := read_iso_day(raw):
        return day
    match = _TYPED_DAY.fullmatch(raw)
    if match is None:
        return None
    day_part, month_part, year_part = match.groups()
    return _day(year_part, month_part, day_part)


def iso_day(params: Mapping[str, str], name: str) -> dt.date | None:
    """The day in query parameter ``name``: None when absent or empty, ``DateParamError`` when
    it is not exactly ``YYYY-MM-DD`` naming a real day."""
    raw = params.get(name) or ""
    if not raw:
        return None
    day = read_iso_day(raw)
    if day is None:
        raise DateParamError(parameter=name, value=raw)
    return day


def typed_day(params: Mapping[str, str], name: str) -> dt.date | None:
    """The day in query parameter ``name`` as a person may type it (``YYYY-MM-DD`` or
    ``dd/mm/yyyy``): None when absent or empty, ``DateParamError`` when unreadable."""
    raw = params.get(name) or ""
    if not raw.strip():
        return None
    day = read_typed_day(raw)
    if day is None:
        raise DateParamError(parameter=name, value=raw, expected=TYPED_FORMAT)
    return day
