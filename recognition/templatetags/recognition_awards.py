"""The awards a unit received, for its dashboard and report (``recognition/awards/_unit_awards.html``)."""

from django import template

from ..awards.selectors import awards_of_unit, unit_has_awards

register = template.Library()


@register.simple_tag
def unit_awards(unit):
    """The unit's awards in force (one small indexed query, only for a unit that has some)."""
    if unit is None or not unit_has_awards(unit):
        return []
    return list(awards_of_unit(unit)[:20])
