"""The awards a unit received, for its dashboard and report (``recognition/awards/_unit_awards.html``)."""

from django import template

from ..awards.selectors import awards_of_unit

register = template.Library()


@register.simple_tag
def unit_awards(unit):
    """The unit's awards in force (one small indexed query)."""
    if unit is None:
        return []
    return list(awards_of_unit(unit)[:20])
