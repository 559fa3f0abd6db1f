"""What a browser reads back from a page carries plain integers: "2582", never "2.582" or "2,582".

Values, links, form actions, ids and data attributes are sent back or followed as they
are; a number grouped for people there is another number, or none. Only attributes that
people read (aria-label, title, alt, placeholder) may hold grouped figures.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# "2.582", "1.000.001", "2,582": a thousands group that no machine-read integer may have.
GROUPED_INTEGER = re.compile(r"(?<![\w.,])\d{1,3}(?:[.,]\d{3})+(?![\w.,])")
FOR_PEOPLE = {"aria-label", "aria-description", "title", "alt", "placeholder"}


class _Attributes(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name not in FOR_PEOPLE and GROUPED_INTEGER.search(value):
                self.found.append(f"<{tag} {name}={value!r}>")

    handle_startendtag = handle_starttag


def grouped_integers_in_attributes(html: str) -> list[str]:
    """Every machine-read attribute of ``html`` holding a grouped integer, as ``<tag name='value'>``."""
    parser = _Attributes()
    parser.feed(html)
    parser.close()
    return parser.found


def assert_plain_integers_in_attributes(response) -> None:
    """Fail with the offending attributes when a rendered page groups an integer a browser reads back."""
    html = response.content.decode() if hasattr(response, "content") else response
    found = grouped_integers_in_attributes(html)
    assert not found, "grouped integers in machine-read attributes: " + "; ".join(found[:10])
