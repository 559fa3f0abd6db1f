"""Reads of the campaign calendar: which phase a day falls in, which programme is current."""

from __future__ import annotations

import datetime as dt

from .models import Phase, Programme


def phase_for_date(day: dt.date) -> Phase | None:
    """The phase whose upload period contains the local date ``day`` (None outside every phase)."""
    return Phase.objects.filter(starts_on__lte=day, ends_on__gte=day).order_by("starts_on").first()


def current_programme() -> Programme | None:
    """The programme that started last (None before any is set up)."""
    return Programme.objects.order_by("-starts_on", "-pk").first()


def may_assign_child_targets(user, unit) -> bool:
    """True when ``user`` may set the targets of ``unit``'s direct children (no query once cached).

    - A manager assigns targets down their unit's subtree: a province federation's or a
      sector union's manager to its children, an upper-level union's manager to its
      grassroots unions, and deeper (never above or beside their unit; their own unit's
      target is the parent's to give).
    - Federation staff (staff at the root), who import the targets of the whole tree, at
      any unit: the provinces and sectors first of all.
    - Superusers anywhere.
    Only an active unit hands targets down.
    """
    from unions.enums import Role
    from unions.selectors import active_appointments, unit_contains

    if unit is None or not user.is_authenticated or not unit.is_active:
        return False
    if user.is_superuser:
        return True
    return any(
        (a.role == Role.MANAGER and unit_contains(a.unit, unit)) or (a.role == Role.STAFF and a.unit.depth == 1)
        for a in active_appointments(user)
    )
