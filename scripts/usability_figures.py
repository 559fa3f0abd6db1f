"""Usability figures of the portal as deployed: Lighthouse, axe-core and the bytes of the form.

Usage (docs/usability.md; `make figures`):
    .venv/bin/python scripts/usability_figures.py [--database NAME] [--screenshots DIR] [--json FILE]

On its own it
1. prepares a database: NAME (created if missing, kept) or by default a throw-away one
   (dropped at the end) on the PostgreSQL server of DATABASE_URL; with DATABASE_URL unset,
   it runs itself again under the private PostgreSQL (initiatives_portal/embedded_postgres.py
   --temporary). It migrates, loads a small demo (seed_demo) and recomputes the figures;
2. serves the portal with production settings (DEBUG off, collectstatic into WhiteNoise's
   compressed manifest storage, gunicorn on a free port of 127.0.0.1), only changing what
   plain HTTP on 127.0.0.1 requires (no HTTPS redirect, cookies not marked Secure), as
   `make stack` does;
3. logs in as the demo accounts through the real log-in form and measures each page:
   Lighthouse (pinned in scripts/lighthouse/, installed into var/lighthouse/ by `npm ci`)
   in its mobile profile (three runs a page, the median kept: --runs), axe-core at 375 and 1280 px, and the bytes a worker's first
   visit to the initiative form transfers (empty cache), resource by resource;
4. prints the figures against the targets and writes them to var/usability/figures.json.

It is a measuring tool, not a test: missed targets are reported, and only a technical
failure (the portal does not start, a browser or Lighthouse fails) ends with a non-zero status.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
import requests
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright
from psycopg2 import sql
from screenshots import CHROMIUM, VIEWPORTS, login

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "usability"
LIGHTHOUSE_SOURCE = Path(__file__).resolve().parent / "lighthouse"
LIGHTHOUSE_HOME = ROOT / "var" / "lighthouse"
LIGHTHOUSE_CLI = LIGHTHOUSE_HOME / "node_modules" / "lighthouse" / "cli" / "index.js"
AXE_SCRIPT = ROOT / "e2e" / "vendor" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = ("serious", "critical")
# Targets of the usability pass: Lighthouse's scores out of 100 and the bytes of a worker's
# first visit to the initiative form.
TARGETS = {"accessibility": 100, "best-practices": 95, "performance": 95}
FORM_BUDGET_BYTES = 60 * 1024
AS_OF = "2022-05-31"
HEALTH_WAIT_SECONDS = 60

# The demo accounts (demo/accounts.py; password demo.campaign.DEMO_PASSWORD).
ACCOUNTS = {
    "worker": "0900000001",
    "grassroots_officer": "0900000002",
    "upper_officer": "0900000003",
    "staff": "tld@congdoan.vn",
}


@dataclass(frozen=True)
class Page:
    key: str
    path: str
    account: str | None  # who looks at it; None: nobody logged in


PAGES: tuple[Page, ...] = (
    Page("home", "/", None),
    Page("register-pick-unit", "/accounts/register/", None),
    Page("register-form", "/accounts/register/?unit=P01-U001-G0001", None),
    Page("login", "/accounts/login/", None),
    Page("initiative-form", "/initiatives/new/", "worker"),
    Page("my-initiatives", "/initiatives/", "worker"),
    Page("review-queue", "/reviews/", "grassroots_officer"),
    Page("dashboard", f"/reports/units/P01-U001/?as_of={AS_OF}", "upper_officer"),
    Page("report", f"/reports/units/TLD/report/?as_of={AS_OF}", "staff"),
)
FORM_PAGE = "initiative-form"


def pages_named(spec: str | None) -> tuple[Page, ...]:
    """The pages ``--pages`` names (comma-separated keys, in PAGES's order); every page when none is named."""
    if not spec:
        return PAGES
    keys = {key.strip() for key in spec.split(",") if key.strip()}
    unknown = keys - {p.key for p in PAGES}
    if unknown:
        raise ValueError(f"unknown page(s): {', '.join(sorted(unknown))}; known: {', '.join(p.key for p in PAGES)}")
    return tuple(p for p in PAGES if p.key in keys)


class FigureError(RuntimeError):
    """A technical failure: the figures cannot be measured."""


@dataclass
class PageFigures:
    key: str
    path: str
    account: str | None
    scores: dict[str, int | None] = field(default_factory=dict)
    failing_audits: dict[str, list[dict]] = field(default_factory=dict)
    flagged_audits: list[dict] = field(default_factory=list)
    performance_runs: list[int] = field(default_factory=list)
    axe: dict[str, list[dict]] = field(default_factory=dict)


# --- the database ------------------------------------------------------------------------------


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def database_exists(server: str, name: str) -> bool:
    with psycopg2.connect(with_database(server, "postgres")) as conn, conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cur.fetchone() is not None


def database_run(server: str, statement: sql.Composable, params: list | None = None) -> None:
    conn = psycopg2.connect(with_database(server, "postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(statement, params)
    finally:
        conn.close()


def database_drop(server: str, name: str) -> None:
    database_run(
        server,
        sql.SQL("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()"),
        [name],
    )
    database_run(server, sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


# --- the portal as deployed ---------------------------------------------------------------------


def production_environment(database_url: str) -> dict[str, str]:
    """Production settings (README, "Deploying for real"), on plain HTTP on 127.0.0.1 as `make stack`."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="60",
        BEHIND_TLS_PROXY="false",
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        STATIC_ROOT=str(VAR / "static"),
        MEDIA_ROOT=str(VAR / "uploads"),
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    started = time.monotonic()
    print(f"manage.py {' '.join(args)}", flush=True)
    subprocess.run(  # noqa: S603 - this checkout's manage.py, our own arguments
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )
    print(f"  {time.monotonic() - started:.0f} s", flush=True)


def static_collect(env: dict[str, str]) -> None:
    """collectstatic compresses every asset (a minute on a busy machine): only when they changed."""
    stamp = VAR / "static.stamp"
    sources = [ROOT / "static", ROOT / "requirements.txt"]
    if stamp.exists():
        newest = max(
            (p.stat().st_mtime for s in sources for p in ([s] if s.is_file() else s.rglob("*"))),
            default=0,
        )
        if newest < stamp.stat().st_mtime:
            print("static files unchanged since the last collectstatic")
            return
    manage(env, "collectstatic", "--noinput", "--clear", "-v", "0")
    stamp.touch()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def gunicorn_start(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).parent / "gunicorn"
    process = subprocess.Popen(  # noqa: S603 - the virtualenv's gunicorn, fixed arguments
        [str(gunicorn), "initiatives_portal.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "60"],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + HEALTH_WAIT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise FigureError(f"gunicorn exited ({process.returncode}); see {log}")
        try:
            if requests.get(base + "/healthz", timeout=2).ok:
                return process
        except requests.RequestException:
            pass
        time.sleep(0.5)
    process.terminate()
    raise FigureError(f"{base}/healthz did not answer within {HEALTH_WAIT_SECONDS} s; see {log}")


def gunicorn_stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


# --- logging in ---------------------------------------------------------------------------------


def session_cookies(browser, base: str, identifier: str) -> list[dict]:
    """The cookies of a session opened through the real log-in form."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"], locale="vi-VN", base_url=base)
    try:
        page = context.new_page()
        login(page, base, identifier)
        cookies = context.cookies()
        if not any(c["name"] == "sessionid" for c in cookies):
            raise FigureError(f"logging in as {identifier} opened no session (is the demo loaded?)")
        return cookies
    finally:
        context.close()


def cookie_header(cookies: list[dict]) -> str:
    return "; ".join(f"{c['name']}={c['value']}" for c in cookies)


# --- Lighthouse ---------------------------------------------------------------------------------


def lighthouse_install() -> None:
    """npm ci of the pinned Lighthouse into var/lighthouse/, when missing or when the pin changed."""
    LIGHTHOUSE_HOME.mkdir(parents=True, exist_ok=True)
    lock = LIGHTHOUSE_SOURCE / "package-lock.json"
    installed_lock = LIGHTHOUSE_HOME / "node_modules" / ".package-lock.json"
    if LIGHTHOUSE_CLI.exists() and installed_lock.exists() and installed_lock.stat().st_mtime >= lock.stat().st_mtime:
        return
    if shutil.which("npm") is None:
        raise FigureError("npm is not installed: Lighthouse needs Node.js 18.16 or newer and npm")
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(LIGHTHOUSE_SOURCE / name, LIGHTHOUSE_HOME / name)
    print("npm ci (Lighthouse) into var/lighthouse/", flush=True)
    subprocess.run(  # noqa: S603
        ["npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel", "error"],  # noqa: S607 - npm on PATH
        cwd=LIGHTHOUSE_HOME,
        check=True,
    )


def lighthouse_run(url: str, cookie: str | None, report: Path, attempts: int = 3) -> dict:
    """Lighthouse's mobile profile on ``url``, tried again when Lighthouse itself fails.

    On a busy machine Lighthouse sometimes loses its trace (NO_NAVSTART, "run Lighthouse
    again") or hangs: a failure only after ``attempts`` tries in a row.
    """
    for attempt in range(1, attempts + 1):
        try:
            return lighthouse_once(url, cookie, report)
        except (FigureError, subprocess.TimeoutExpired) as error:
            if attempt == attempts:
                raise FigureError(f"{error} (after {attempts} attempts)") from error
            print(f"  Lighthouse failed ({str(error)[:160]}); again", flush=True)
    raise AssertionError("unreachable")


def lighthouse_once(url: str, cookie: str | None, report: Path) -> dict:
    """Lighthouse's mobile profile (simulated throttling) on ``url``; its JSON result."""
    command = [
        "node",
        str(LIGHTHOUSE_CLI),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        "--only-categories=accessibility,best-practices,performance",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        "--max-wait-for-load=60000",
    ]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    report.unlink(missing_ok=True)
    result = subprocess.run(  # noqa: S603 - the pinned Lighthouse, our own arguments
        command, env=env, capture_output=True, text=True, timeout=180
    )
    if result.returncode != 0 or not report.exists():
        raise FigureError(f"Lighthouse failed on {url}: {result.stderr.strip()[-2000:]}")
    data = json.loads(report.read_text())
    if data.get("runtimeError"):
        raise FigureError(f"Lighthouse could not load {url}: {data['runtimeError']}")
    final = data.get("finalDisplayedUrl") or data.get("finalUrl", "")
    if "/accounts/login/" in final and "/accounts/login/" not in url:
        raise FigureError(f"Lighthouse was sent to the log-in page from {url}: the session cookie was not accepted")
    return data


def median_run(runs: list[dict]) -> dict:
    """The run of median performance (Lighthouse's advice against a noisy machine: the median of several)."""
    ordered = sorted(runs, key=lambda r: r["categories"]["performance"]["score"] or 0)
    return ordered[(len(ordered) - 1) // 2]


def lighthouse_figures(data: dict) -> tuple[dict[str, int | None], dict[str, list[dict]], list[dict]]:
    """The scores out of 100; for each category below its target, the audits that lose points;
    and every other audit Lighthouse flags (weight 0: opportunities and diagnostics)."""
    scores: dict[str, int | None] = {}
    failing: dict[str, list[dict]] = {}
    flagged: list[dict] = []
    for key, category in data["categories"].items():
        score = category.get("score")
        scores[key] = None if score is None else round(score * 100)
        below = scores[key] is not None and scores[key] < TARGETS[key]
        for ref in category["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if audit.get("score") is None or audit["score"] >= 0.9:
                continue
            if audit.get("scoreDisplayMode") in ("informative", "manual", "notApplicable"):
                continue
            figure = {
                "id": ref["id"],
                "category": key,
                "score": round(audit["score"] * 100),
                "value": audit.get("displayValue", ""),
                "items": audit_items(audit),
            }
            if ref.get("weight", 0) > 0 and below:
                failing.setdefault(key, []).append(figure)
            elif ref.get("weight", 0) == 0:
                flagged.append(figure)
        if below:
            failing.setdefault(key, [])
    return scores, failing, flagged


def audit_items(audit: dict, limit: int = 5) -> list[str]:
    """What an audit points at, briefly: an element's selector or a resource's URL."""
    listed = (audit.get("details") or {}).get("items")
    items: list[str] = []
    for item in (listed if isinstance(listed, list) else [])[:limit]:  # insights hold a tree here
        node = item.get("node") if isinstance(item, dict) else None
        if node:
            items.append(f"{node.get('selector', '')} {node.get('snippet', '')[:120]}".strip())
        elif isinstance(item, dict) and item.get("url"):
            items.append(str(item["url"]))
        elif isinstance(item, dict) and item.get("description"):
            items.append(str(item["description"])[:160])
    return items


# --- axe-core -----------------------------------------------------------------------------------


def axe_violations(page) -> list[dict]:
    """The violations axe-core finds with all its default rules, every impact."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("() => axe.run(document)")
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [{"target": n["target"], "summary": n["failureSummary"]} for n in v["nodes"]],
        }
        for v in result["violations"]
    ]


def browse(browser, base: str, cookies: dict[str | None, list[dict]], figures: dict[str, PageFigures],
           screenshots: Path | None, pages: tuple[Page, ...] = PAGES) -> None:
    """axe-core on each page at 375 and 1280 px, and the screenshots when asked for."""
    for page_def in pages:
        for label, viewport in (("phone", VIEWPORTS["phone"]), ("desktop", VIEWPORTS["desktop"])):
            # axe is injected as an inline script, which the portal's policy refuses.
            context = browser.new_context(viewport=viewport, locale="vi-VN", device_scale_factor=1, bypass_csp=True)
            try:
                context.add_cookies(cookies.get(page_def.account, []))
                page = context.new_page()
                response = page.goto(base + page_def.path)
                sent_to_login = "/accounts/login/" in page.url and "/accounts/login/" not in page_def.path
                if response is None or response.status != 200 or sent_to_login:
                    raise FigureError(f"{page_def.path} answered {response and response.status} at {page.url}")
                page.wait_for_load_state("networkidle")
                figures[page_def.key].axe[f"{viewport['width']}px"] = axe_violations(page)
                if screenshots is not None:
                    page.wait_for_timeout(800)  # let the charts finish their animation
                    path = screenshots / f"{page_def.key}-{label}.png"
                    page.screenshot(path=str(path), full_page=True)
            finally:
                context.close()


# --- the bytes of the initiative form -----------------------------------------------------------


def form_bytes(browser, base: str, cookies: list[dict]) -> dict:
    """Every resource a worker's first visit to the initiative form transfers, with an empty cache.

    Transferred here is what Chromium received over this plain-HTTP connection (headers and
    compressed body, as DevTools counts it); Chromium offers brotli only over HTTPS, so each
    resource is also fetched as a browser over HTTPS asks for it (``br, gzip``), the figure
    that holds in production behind TLS.
    """
    context = browser.new_context(viewport=VIEWPORTS["phone"], locale="vi-VN")
    try:
        context.add_cookies(cookies)
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")  # a new context: its cache is empty
        requests_seen: dict[str, dict] = {}
        cdp.on("Network.responseReceived", lambda e: requests_seen.setdefault(e["requestId"], {}).update(
            url=e["response"]["url"], status=e["response"]["status"], type=e["type"],
            encoding=e["response"]["headers"].get("Content-Encoding") or e["response"]["headers"].get(
                "content-encoding", ""),
        ))
        cdp.on("Network.loadingFinished", lambda e: requests_seen.setdefault(e["requestId"], {}).update(
            transferred=e["encodedDataLength"]))
        page.goto(base + "/initiatives/new/")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)
        if "/initiatives/new/" not in page.url:
            raise FigureError(f"the worker was sent to {page.url} instead of the initiative form")
        header = cookie_header(cookies)
        resources = []
        fetched: set[str] = set()
        for seen in requests_seen.values():
            if "url" not in seen or not seen["url"].startswith(base):
                continue
            if seen["url"] in fetched:  # asked for twice (the logo as an image and as the icon): cached
                https_bytes, https_encoding = 0, "cache"
            else:
                https_bytes, https_encoding = transferred_as_over_https(seen["url"], header)
                fetched.add(seen["url"])
            resources.append(
                {
                    "url": seen["url"][len(base):],
                    "type": seen["type"],
                    "status": seen["status"],
                    "encoding_here": seen.get("encoding", ""),
                    "transferred_here": seen.get("transferred", 0),
                    "encoding_https": https_encoding,
                    "transferred_https": https_bytes,
                }
            )
    finally:
        context.close()
    return {
        "budget": FORM_BUDGET_BYTES,
        "resources": resources,
        "total_here": sum(r["transferred_here"] for r in resources),
        "total_https": sum(r["transferred_https"] for r in resources),
    }


def transferred_as_over_https(url: str, cookie: str) -> tuple[int, str]:
    """Header and body bytes of ``url`` when the client accepts brotli, as Chromium does over HTTPS."""
    response = requests.get(
        url,
        headers={"Accept-Encoding": "br, gzip, deflate", "Cookie": cookie, "User-Agent": "Mozilla/5.0 Chrome"},
        stream=True,
        timeout=30,
        allow_redirects=False,
    )
    body = response.raw.read(decode_content=False)
    status_line = f"HTTP/1.1 {response.status_code} {response.reason}\r\n"
    headers = "".join(f"{k}: {v}\r\n" for k, v in response.raw.headers.items()) + "\r\n"
    return len(status_line) + len(headers.encode()) + len(body), response.headers.get("Content-Encoding", "")


# --- the report ---------------------------------------------------------------------------------


def commit_of_checkout() -> str:
    def git(*args: str) -> str:
        command = ["git", *args]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True).stdout.strip()  # noqa: S603, S607

    result, dirty = git("rev-parse", "--short", "HEAD"), git("status", "--porcelain")
    return result + (" (with uncommitted changes)" if dirty else "")


def kb(n: int) -> str:
    return f"{n / 1024:.1f} KB"


def print_report(figures: dict[str, PageFigures], form: dict | None) -> None:
    if any(fig.scores for fig in figures.values()):
        print_lighthouse(figures)
    if any(fig.axe for fig in figures.values()):
        print_axe(figures)
    if form is not None:
        print_bytes(form)


def print_lighthouse(figures: dict[str, PageFigures]) -> None:
    mark = {True: "  ", False: "✗ "}
    print("\nLighthouse, mobile profile, median run (targets: accessibility 100, best practices ≥ 95, performance ≥ 95)")
    print(f"{'page':<20} {'account':<20} {'access.':>8} {'best pr.':>9} {'perf.':>7}  perf. of each run")
    for fig in figures.values():
        cells = []
        for key in ("accessibility", "best-practices", "performance"):
            score = fig.scores.get(key)
            cells.append("-" if score is None else mark[score >= TARGETS[key]] + str(score))
        each = " ".join(str(score) for score in fig.performance_runs)
        print(f"{fig.key:<20} {fig.account or '':<20} {cells[0]:>8} {cells[1]:>9} {cells[2]:>7}  {each}")
    for fig in figures.values():
        for category, audits in fig.failing_audits.items():
            print(f"\n{fig.key}: {category} {fig.scores.get(category)} — audits losing points:")
            for audit in audits:
                print(f"  {audit['id']} ({audit['score']}) {audit['value']}")
                for item in audit["items"]:
                    print(f"      {item}")
    print("\nOther audits Lighthouse flags (no weight in the score: opportunities, diagnostics, insights)")
    for fig in figures.values():
        flagged = ", ".join(f"{a['id']} {a['value']}".strip() for a in fig.flagged_audits)
        print(f"  {fig.key}: {flagged or 'none'}")


def print_axe(figures: dict[str, PageFigures]) -> None:
    print("\naxe-core, serious and critical violations (375 and 1280 px)")
    for fig in figures.values():
        for width, found in fig.axe.items():
            violations = [v for v in found if v["impact"] in BLOCKING_IMPACTS]
            lesser = [f"{v['rule']} ({v['impact']})" for v in found if v["impact"] not in BLOCKING_IMPACTS]
            if not violations:
                print(f"  {fig.key} at {width}: none" + (f"; lesser: {', '.join(lesser)}" if lesser else ""))
            elif lesser:
                print(f"  {fig.key} at {width}: lesser: {', '.join(lesser)}")
            for v in violations:
                targets = ", ".join(" ".join(n["target"]) for n in v["nodes"][:5])
                print(f"  {fig.key} at {width}: {v['rule']} ({v['impact']}) {v['help']}: {targets}")


def print_bytes(form: dict) -> None:
    print("\nA worker's first visit to the initiative form, empty cache (budget 60 KB)")
    print(f"{'resource':<62} {'type':<11} {'here':>14} {'over HTTPS':>14}")
    for r in sorted(form["resources"], key=lambda r: -r["transferred_https"]):
        here = f"{kb(r['transferred_here'])} {r['encoding_here'] or '-'}"
        https = f"{kb(r['transferred_https'])} {r['encoding_https'] or '-'}"
        print(f"{r['url'][:62]:<62} {r['type']:<11} {here:>14} {https:>14}")
    verdict = "within" if form["total_https"] <= form["budget"] else "OVER"
    print(f"{'total':<74} {kb(form['total_here']):>14} {kb(form['total_https']):>14}  ({verdict} the budget)")


# --- the whole run ------------------------------------------------------------------------------


def measure(args, base: str) -> tuple[dict[str, PageFigures], dict | None]:
    pages = pages_named(args.pages)
    figures = {p.key: PageFigures(p.key, p.path, p.account and ACCOUNTS[p.account]) for p in pages}
    reports = VAR / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
        )
        try:
            cookies: dict[str | None, list[dict]] = {None: []}
            for account in {p.account for p in pages if p.account}:
                cookies[account] = session_cookies(browser, base, ACCOUNTS[account])
            if args.screenshots:
                args.screenshots.mkdir(parents=True, exist_ok=True)
            if not args.no_axe:
                print("axe-core at 375 and 1280 px", flush=True)
                browse(browser, base, cookies, figures, args.screenshots, pages)
            # The bytes are the initiative form's: measured when that page is.
            form = form_bytes(browser, base, cookies["worker"]) if FORM_PAGE in figures else None
        finally:
            browser.close()
    if not args.no_lighthouse:
        runs: dict[str, list[dict]] = {p.key: [] for p in pages}
        # Rounds over every page rather than N runs of one page in a row: a burst of load on
        # the machine then lowers one run of several pages, not every run of one page.
        for round_ in range(1, args.runs + 1):
            for page_def in pages:
                print(f"Lighthouse {round_}/{args.runs}: {page_def.key}", flush=True)
                cookie = cookie_header(cookies[page_def.account]) if page_def.account else None
                report = reports / f"{page_def.key}-{round_}.json"
                runs[page_def.key].append(lighthouse_run(base + page_def.path, cookie, report))
        for page_def in pages:
            fig = figures[page_def.key]
            data = median_run(runs[page_def.key])
            fig.scores, fig.failing_audits, fig.flagged_audits = lighthouse_figures(data)
            fig.performance_runs = [round(r["categories"]["performance"]["score"] * 100) for r in runs[page_def.key]]
    return figures, form


def run(args) -> int:
    commit = commit_of_checkout()  # what is served: read before the run, which takes a while
    server = os.environ["DATABASE_URL"]
    name = args.database or f"usability_figures_{secrets.token_hex(4)}"
    throwaway = args.database is None
    VAR.mkdir(parents=True, exist_ok=True)
    if not args.no_lighthouse:
        lighthouse_install()
    created = not database_exists(server, name)
    if created:
        database_run(server, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    gunicorn = None
    try:
        env = production_environment(with_database(server, name))
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_demo", "--initiatives", str(args.initiatives), "--units", str(args.units))
        manage(env, "recompute_progress")
        static_collect(env)
        port = free_port()
        gunicorn = gunicorn_start(env, port, VAR / "gunicorn.log")
        base = f"http://127.0.0.1:{port}"
        print(f"portal with production settings at {base} (database {name})", flush=True)
        figures, form = measure(args, base)
    finally:
        if gunicorn is not None:
            gunicorn_stop(gunicorn)
        if throwaway:
            database_drop(server, name)
    print_report(figures, form)
    result = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "lighthouse": (LIGHTHOUSE_HOME / "node_modules" / "lighthouse" / "package.json").exists()
        and json.loads((LIGHTHOUSE_HOME / "node_modules" / "lighthouse" / "package.json").read_text())["version"],
        "lighthouse_runs": args.runs,
        "targets": TARGETS,
        "pages": [asdict(f) for f in figures.values()],
        "initiative_form_bytes": form,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"\nfigures written to {args.json}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", help="database on DATABASE_URL's server, created if missing and kept "
                        "(default: a throw-away one, dropped at the end)")
    parser.add_argument("--initiatives", type=int, default=400, help="demo initiatives (seed_demo --initiatives)")
    parser.add_argument("--units", type=int, default=60, help="demo grassroots unions (seed_demo --units)")
    parser.add_argument("--screenshots", type=Path, help="save each page at 375 and 1280 px into this folder")
    parser.add_argument("--json", type=Path, default=VAR / "figures.json", help="where the figures are written")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median one is kept")
    parser.add_argument("--no-lighthouse", action="store_true", help="axe-core and bytes only")
    parser.add_argument("--no-axe", action="store_true", help="Lighthouse and bytes only")
    parser.add_argument("--pages", help="only these pages, comma-separated keys (e.g. dashboard,report; "
                        f"known: {', '.join(p.key for p in PAGES)}); the form's bytes only with {FORM_PAGE}")
    args = parser.parse_args(argv)
    try:
        pages_named(args.pages)
    except ValueError as error:
        parser.error(str(error))
    if not os.environ.get("DATABASE_URL"):
        # No server named: run again under a throw-away private PostgreSQL.
        launcher = [sys.executable, str(ROOT / "initiatives_portal" / "embedded_postgres.py"), "--temporary", "--"]
        command = [*launcher, sys.executable, str(Path(__file__).resolve()), *(argv or sys.argv[1:])]
        return subprocess.run(command, cwd=ROOT).returncode  # noqa: S603 - this script again, same arguments
    try:
        return run(args)
    except (FigureError, subprocess.SubprocessError, psycopg2.Error, requests.RequestException, PlaywrightError) as error:
        print(f"usability_figures: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
