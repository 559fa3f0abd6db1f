"""Screenshots of the main pages on a desktop and a 375 px phone, in Debian's Chromium.

Usage (with the portal running, e.g. `make run`):
    .venv/bin/python scripts/screenshots.py [--base http://127.0.0.1:8000] [--out docs/screenshots]
Logs in with the demo accounts printed by `manage.py seed_demo`.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "Demo@2022"  # noqa: S105 - the printed demo password
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 375, "height": 812}}


def shoot(page, base: str, path: str, out: Path, name: str, full_page: bool = True) -> None:
    page.goto(base + path)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(800)  # let the charts finish their animation
    page.screenshot(path=str(out / f"{name}.png"), full_page=full_page)
    print(out / f"{name}.png")


def login(page, base: str, identifier: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", identifier)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit].btn-primary")
    page.wait_for_load_state("networkidle")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--worker", default="0900000001")
    parser.add_argument("--officer", default="0900000002")
    parser.add_argument("--upper-officer", default="0900000003")
    parser.add_argument("--province", default="hanoi@congdoan.vn")
    parser.add_argument("--staff", default="tld@congdoan.vn")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        for label, viewport in VIEWPORTS.items():
            context = browser.new_context(viewport=viewport, locale="vi-VN", device_scale_factor=1)
            page = context.new_page()
            shoot(page, args.base, "/", out, f"home-{label}", full_page=False)
            shoot(page, args.base, "/accounts/register/", out, f"register-{label}")
            shoot(page, args.base, "/accounts/login/", out, f"login-{label}")
            login(page, args.base, args.worker)
            shoot(page, args.base, "/initiatives/", out, f"my-initiatives-{label}")
            shoot(page, args.base, "/initiatives/new/", out, f"initiative-form-{label}")
            page.fill("input[name=title]", "Sổ tay điện tử theo dõi thiết bị")
            page.click("button[name=submit]")
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(out / f"initiative-form-errors-{label}.png"), full_page=False)
            print(out / f"initiative-form-errors-{label}.png")
            for status, name in (("returned", "initiative-returned"), ("submitted", "initiative-detail")):
                page.goto(f"{args.base}/initiatives/?status={status}")
                href = page.locator(".initiative-list a").first.get_attribute("href")
                shoot(page, args.base, href, out, f"{name}-{label}")
                if status == "submitted":
                    shoot(page, args.base, href + "receipt/", out, f"receipt-{label}")
            shoot(page, args.base, "/help/", out, f"help-{label}")
            page.locator("summary").filter(has_text="Menu").first.click() if label == "phone" else None
            page.screenshot(path=str(out / f"menu-worker-{label}.png"), full_page=False)
            context.close()
            context = browser.new_context(viewport=viewport, locale="vi-VN", device_scale_factor=1)
            page = context.new_page()
            login(page, args.base, args.upper_officer)
            shoot(page, args.base, "/reviews/", out, f"review-queue-{label}")
            shoot(page, args.base, "/reviews/?deadline=overdue&sort=waiting", out, f"review-queue-overdue-{label}")
            review = page.locator(".queue-table a").first.get_attribute("href")
            shoot(page, args.base, review, out, f"review-decision-{label}")
            shoot(page, args.base, "/reviews/notifications/", out, f"notifications-{label}")
            context.close()
            context = browser.new_context(viewport=viewport, locale="vi-VN", device_scale_factor=1)
            page = context.new_page()
            login(page, args.base, args.staff)
            shoot(page, args.base, "/reports/units/TLD/?as_of=2022-05-31", out, f"dashboard-national-{label}")
            shoot(page, args.base, "/reports/units/P01/?as_of=2022-05-31", out, f"dashboard-province-{label}")
            shoot(page, args.base, "/reports/units/TLD/report/?as_of=2022-05-31", out, f"report-{label}")
            shoot(page, args.base, "/reports/clusters/?as_of=2022-05-31", out, f"clusters-{label}")
            shoot(page, args.base, "/reports/units/P01/targets/?phase=phase-1", out, f"target-cascade-{label}")
            context.close()
        context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="vi-VN")
        page = context.new_page()
        login(page, args.base, args.officer)
        page.goto(args.base + "/unions/")
        unit_href = page.locator(".list-group a").first.get_attribute("href")
        shoot(page, args.base, unit_href + "poster/", out, "poster-desktop")
        browser.close()


if __name__ == "__main__":
    main()
