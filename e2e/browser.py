"""Browser steps and page checks shared by the end-to-end tests."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from accounts.tests.factories import PASSWORD

AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
BLOCKING_IMPACTS = ("serious", "critical")
MAIN_MENU = "Điều hướng chính"


def log_in(page, identifier: str, password: str = PASSWORD) -> None:
    """Log in through the real log-in page."""
    page.goto("/accounts/login/")
    reachable(page, "input[name=username]").fill(identifier)
    reachable(page, "input[name=password]").fill(password)
    reachable(page, "main button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def open_from_menu(page, name: str) -> None:
    """Follow the main menu's link ``name``, as a person would (not by typing its address).

    A link folded away (the phone's "Menu", a group's drop-down) is reached by opening,
    outermost first, each closed menu button on screen that holds it.
    """
    reachable(page, find_in_menu(page, name)).click()


def find_in_menu(page, name: str, role: str = "link"):
    """The main menu's entry ``name`` (a link, or the log-out ``button``), brought into view.

    An entry folded away (in the phone's "Menu", in a group's drop-down) is shown by
    clicking, outermost first, each closed menu button on screen that holds it, as a
    person would; the entry is returned for ``reachable`` to check and act on.
    """
    menu = page.get_by_role("navigation", name=MAIN_MENU)
    entry = menu.get_by_role(role, name=name, exact=True)
    if not entry.count():
        holding = page.get_by_role(role, name=name, exact=True, include_hidden=True)  # relative to each details
        for details in menu.locator("details:not([open])", has=holding).all():
            button = details.locator(":scope > summary")
            if button.is_visible():
                reachable(page, button).click()
    return entry


def close_menus(page) -> None:
    """Close every open menu button in the main menu, innermost first, by clicking it again."""
    menu = page.get_by_role("navigation", name=MAIN_MENU)
    for details in reversed(menu.locator("details[open]").all()):
        button = details.locator(":scope > summary")
        if button.is_visible():
            button.click()


def reachable(page, target):
    """``target`` (a selector or a locator) as a person can reach it on this screen, to act on.

    It must lie within the viewport's width both where it is and once scrolled into view:
    scrolling down to a control is fine, having to scroll sideways (the page, or a strip
    such as a menu that runs past the screen's edge) is not, and Playwright, which scrolls
    any container to bring a control into view, would click it all the same.
    """
    locator = page.locator(target) if isinstance(target, str) else target
    locator.wait_for(state="attached")
    width = page.viewport_size["width"]
    before = locator.bounding_box()
    locator.scroll_into_view_if_needed()
    after = locator.bounding_box()
    for moment, box in (("as laid out", before), ("after scrolling into view", after)):
        assert box is not None, f"{locator} has no box {moment}: it is not displayed"
        left, right = box["x"], box["x"] + box["width"]
        assert left >= 0 and right <= width + 0.5, (
            f"{locator} spans x={left:.0f}..{right:.0f} {moment}, outside the {width} px viewport"
        )
    return locator


def serious_axe_violations(page) -> list[dict]:
    """The serious and critical violations axe-core finds on ``page``, all its default rules.

    Each comes with the elements concerned and axe's explanation, so a failing test
    says what to fix.
    """
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("() => axe.run(document)")
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "nodes": [(node["target"], node["failureSummary"]) for node in violation["nodes"]],
        }
        for violation in result["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def page_width(page) -> int:
    """The page's full width in CSS pixels: more than the viewport means it scrolls sideways."""
    return page.evaluate("() => document.documentElement.scrollWidth")


def png_bytes(width: int = 48, height: int = 32) -> bytes:
    """A real, decodable PNG (a two-colour picture), small enough for any upload limit."""
    rows = b"".join(
        b"\x00" + b"".join(b"\xa0\x0d\x25" if x < width // 2 else b"\xff\xd2\x00" for x in range(width))
        for _ in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
