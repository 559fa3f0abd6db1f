"""Filters for showing a person's exported data (ISO 8601 strings) in Vietnamese formats."""

import datetime as dt

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def isodate(value: str | None) -> str:
    """``2022-05-31`` → 31/05/2022 and ``2022-05-31T10:00:00+07:00`` → 31/05/2022 10:00; "—" when empty."""
    if not value:
        return "—"
    try:
        if "T" not in value:
            return date_format(dt.date.fromisoformat(value), "SHORT_DATE_FORMAT")
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return date_format(moment, "SHORT_DATETIME_FORMAT")
