"""Template filters that write figures by the one rule of initiatives_portal.formatting."""

from django import template
from django.utils.functional import LazyObject, empty

from initiatives_portal import formatting

register = template.Library()


@register.filter
def count(value) -> str:
    """696948 → 696.948"""
    return formatting.format_count(value or 0)


@register.filter
def percent(value) -> str:
    """An already rounded percentage (Decimal) → "69,7%"; None → "—"."""
    return formatting.format_percent(value)


@register.filter
def tenths(value) -> str:
    """A median of days (Decimal) → "4,5", "6,0"; None → "—"."""
    return formatting.format_tenths(value)


@register.filter
def press_date(value) -> str:
    return formatting.press_date(value)


@register.filter
def target_for(targets, code):
    """The progress in ``targets`` (phase code → progress) for phase ``code``, or None."""
    return targets.get(code) if targets else None


@register.filter
def evaluated(value):
    """The value behind a lazy one (``SimpleLazyObject``, read only when a page renders it), for
    filters that look at its type: ``json_script`` cannot write a lazy object."""
    if isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        return value._wrapped
    return value
