"""Real-browser fixtures: Debian's Chromium, driven by Playwright, against the live server.

Playwright ships browser builds of its own that CI cannot download; the distribution's
Chromium is driven instead. Without it these tests skip, unless E2E_REQUIRED is set
(as in CI), where a missing browser must fail rather than pass unnoticed.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.conf import settings

from .browser import DESKTOP

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "e2e"


def _required() -> bool:
    return os.environ.get("E2E_REQUIRED", "").lower() in {"1", "true", "yes"}


@pytest.fixture(scope="module")
def _async_unsafe_allowed():
    """Allow the ORM beside Playwright's event loop, for this module only.

    Playwright's sync API keeps an asyncio loop running in the test's thread, so Django
    would refuse the queries the tests (and the database flush after each) make between
    browser steps. They run in that one thread, never inside the loop, so they are safe.
    Module scope: the flag is lifted only after the last test's database teardown.
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        yield


@pytest.fixture(scope="module")
def browser(_async_unsafe_allowed):
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing (apt-get install chromium)"
        if _required():
            pytest.fail(f"E2E_REQUIRED is set but {message}")
        pytest.skip(f"end-to-end tests need a browser: {message}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                  "--disable-component-update"],
        )
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser, live_server):
    """``open_page(viewport=…, bypass_csp=…)``: a fresh browser session on the live server.

    The portal's Content-Security-Policy is enforced unless ``bypass_csp`` is asked for,
    which only the accessibility checks need: axe-core is injected as an inline script.
    The browser asks for reduced motion, so charts are drawn at once and screenshots
    show them finished.
    """
    contexts = []

    def _open(viewport=DESKTOP, bypass_csp=False):
        context = browser.new_context(
            base_url=live_server.url, viewport=viewport, locale="vi-VN", device_scale_factor=1,
            bypass_csp=bypass_csp, reduced_motion="reduce",
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def screenshot():
    """``screenshot(page, name)`` saves the whole page as var/e2e/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shoot(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shoot
