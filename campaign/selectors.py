"""Reads of the campaign calendar: which phase a day falls in, which programme is current."""

from __future__ import annotations

import datetime as dt

from .models import Phase, Programme


def phase_for_date(day: dt.date) -> Phase | None:
    """The phase whose upload period contains the local date ``day`` (None outside every phase)."""
    return Phase.objects.filter(starts_on__lte=day, ends_on__gte=day).order_by("starts_on").first()


def current_programme() -> Programme | None:
    """The programme that started last (None before any is set up)."""
    return Programme.objects.order_by("-starts_on").first()
