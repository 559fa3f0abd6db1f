"""Local calendar days and moments as bounds on stored times, safe at the ends of the calendar.

A filter "from day A to day B" becomes "from A's local midnight to the next day's": at the
calendar's ends that arithmetic leaves what Python's datetime can hold (the day after
9999-12-31 does not exist; 0001-01-01 00:00 in Vietnam is still year 0 in UTC, where
the exports' conversions take it). Here the bound is computed in UTC and,
where UTC cannot hold it, clamped to the first or last moment: "until 9999-12-31" means
through the end of time, "from 0001-01-01" from its start.
"""

from __future__ import annotations

import datetime as dt
from datetime import tzinfo

from django.db.models import Q
from django.utils import timezone

FIRST_MOMENT = dt.datetime.min.replace(tzinfo=dt.UTC)
LAST_MOMENT = dt.datetime.max.replace(tzinfo=dt.UTC)


def as_utc(moment: dt.datetime) -> dt.datetime | None:
    """The aware ``moment`` in UTC, or None when UTC cannot hold it (year 1 east of
    Greenwich, year 9999 west of it): such a moment cannot be stored or compared with one."""
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        return None


def day_start(day: dt.date, tz: tzinfo | None = None) -> dt.datetime:
    """The moment local ``day`` begins (midnight in ``tz``, the current time zone by
    default), in UTC; clamped to ``FIRST_MOMENT`` before the calendar's start."""
    local = dt.datetime.combine(day, dt.time.min, tzinfo=tz or timezone.get_current_timezone())
    # A midnight is at most a day from UTC's: only the first day's, east of Greenwich, falls outside.
    return as_utc(local) or FIRST_MOMENT


def day_end(day: dt.date, tz: tzinfo | None = None) -> dt.datetime:
    """The moment local ``day`` ends (the next day's midnight, an exclusive bound), in UTC;
    clamped to ``LAST_MOMENT`` after the calendar's end."""
    if day < dt.date.max:
        return day_start(day + dt.timedelta(days=1), tz)
    # The calendar's last day has no next day: its midnight plus a day, counted in UTC.
    start = day_start(day, tz)
    return start + dt.timedelta(days=1) if start <= LAST_MOMENT - dt.timedelta(days=1) else LAST_MOMENT


def local_days_q(field: str, first: dt.date | None, last: dt.date | None, tz: tzinfo | None = None) -> Q:
    """The rows whose moment ``field`` falls on a local day from ``first`` to ``last``
    inclusive (either may be None: no bound). A bound past the calendar's end is left out,
    since every stored moment lies within it."""
    q = Q()
    if first is not None:
        start = day_start(first, tz)
        if start != FIRST_MOMENT:
            q &= Q(**{f"{field}__gte": start})
    if last is not None:
        end = day_end(last, tz)
        if end != LAST_MOMENT:
            q &= Q(**{f"{field}__lt": end})
    return q
