"""Local days as bounds on stored moments, at the ends of the calendar too."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Q

from initiatives_portal.dates import FIRST_MOMENT, LAST_MOMENT, as_utc, day_end, day_start, local_days_q

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
NEW_YORK = ZoneInfo("America/New_York")


def test_a_day_runs_from_its_local_midnight_to_the_next():
    day = dt.date(2022, 5, 31)
    assert day_start(day, VIETNAM) == dt.datetime(2022, 5, 30, 17, tzinfo=dt.UTC)
    assert day_end(day, VIETNAM) == dt.datetime(2022, 5, 31, 17, tzinfo=dt.UTC)


def test_the_calendars_last_day_ends_a_day_after_its_midnight_when_utc_holds_it():
    assert day_end(dt.date.max, VIETNAM) == dt.datetime(9999, 12, 31, 17, tzinfo=dt.UTC)


def test_the_calendars_last_day_ends_at_the_last_moment_west_of_greenwich():
    assert day_end(dt.date.max, NEW_YORK) == LAST_MOMENT


def test_the_calendars_first_day_starts_at_the_first_moment_east_of_greenwich():
    assert day_start(dt.date.min, VIETNAM) == FIRST_MOMENT


def test_a_range_from_before_the_first_moment_has_no_lower_bound():
    assert local_days_q("at", dt.date.min, None, VIETNAM) == Q()


def test_a_range_to_after_the_last_moment_has_no_upper_bound():
    assert local_days_q("at", None, dt.date.max, NEW_YORK) == Q()


def test_a_range_keeps_the_bounds_utc_can_hold():
    assert local_days_q("at", dt.date.min, dt.date.max, VIETNAM) == Q(at__lt=dt.datetime(9999, 12, 31, 17, tzinfo=dt.UTC))


def test_a_moment_utc_cannot_hold_has_no_utc_form():
    assert as_utc(dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(hours=14)))) is None
    assert as_utc(dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(-dt.timedelta(hours=14)))) is None
