"""``{% figures_freshness computed_at as freshness %}``: whether the figures on a page are stale."""

from django import template

from operations.selectors import figures_freshness as _figures_freshness

register = template.Library()


@register.simple_tag
def figures_freshness(computed_at=None):
    """The ``Freshness`` of ``computed_at`` (of the current aggregate set when not given)."""
    return _figures_freshness(computed_at)
