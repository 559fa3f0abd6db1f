"""``python -m bench``: generate a campaign of N initiatives in a database of its own and measure it.

See ``docs/benchmarks.md`` for what is measured, how, and the budgets. Usually run as
``make bench [N=…] [UNITS=…] [KEEP=1] [REUSE=1]``.

One module of about 1,000 lines, on purpose: it is a script run from top to bottom
(prepare, then one ``figure_…`` function per measured path, then the summary table),
each figure reads like a recipe on its own, and none of it is imported by the portal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import db
from .stats import percentile, repeat

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).resolve().parent / "results"
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/portal_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/14"
STAFF_EMAIL = "bench.staff@bench.vn"
PROVINCE_OFFICER_EMAIL = "bench.province@bench.vn"
FEDERATION_OFFICER_EMAIL = "bench.federation@bench.vn"
WORKER_PHONES = [f"09900000{i:02d}" for i in range(0, 17)]  # 0990000000 is the bare view's worker
WORKBOOK_AS_OF = "2023-09-01"  # the programme's last day (demo.programme, which the bench loads)
WORKBOOK_DOWNLOADS = 4  # the first in a fresh process, the others as a long-lived worker serves them
SEARCHES = ("sang kien nang suat", "duong", "le thi hang", "khong co tu nay")
# The public showcase's searches: a common phrase, a common word, a name, a word nobody wrote.
SHOWCASE_SEARCHES = ("nang suat", "duong", "nguyen thi", "khong co tu nay")
STEP = 4  # Unit.steplen, kept here so the runner needs no Django before setup


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--n", type=int, default=1_000_000, help="initiatives to generate (default 1.000.000)")
    parser.add_argument("--units", type=int, default=130_000, help="grassroots unions (default 130.000)")
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--keep", action="store_true", help="keep the database at the end")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept database generated with the same N and UNITS")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS))
    parser.add_argument("--processes", type=int, default=2, help="generating processes (default 2)")
    parser.add_argument("--reps", type=int, default=30, help="measured requests per page figure (default 30)")
    parser.add_argument("--recompute-runs", type=int, default=0, help="periodic recomputes (default 3)")
    parser.add_argument("--gunicorn-workers", type=int, default=4, help="sync workers, as in README (default 4)")
    parser.add_argument("--conn-max-age", type=int, default=60,
                        help="gunicorn's CONN_MAX_AGE, as deployed (README, stack/env.sh; default 60; 0 connects "
                             "per request)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--load-seconds", type=float, default=20.0)
    parser.add_argument("--import-rows", type=int, default=100_000)
    parser.add_argument("--digests-scale", type=int, default=1,
                        help="the digests figure's backlog rows multiplied (bench only: a larger campaign's shape)")
    parser.add_argument("--no-history-run", action="store_true",
                        help="no run of the recompute figure replays every decision (about ten minutes at 10M, "
                             "asked for by tree and deadline changes only): the cold run is a nightly one over "
                             "emptied tables, which rebuilds every table but the backlog's flows (left empty)")
    parser.add_argument("--skip", default="", help="comma-separated figures to skip: "
                        "recompute,dashboard,queue,search,showcase,submit,import,export,workbook,digests")
    parser.add_argument("--output", default=str(RESULTS / "latest.json"))
    return parser.parse_args()


# --- set-up -------------------------------------------------------------------------------------


def prepare(args, url: str) -> tuple[dict, dict]:
    """Create, migrate and fill the database (or reuse a kept one); return (meta, phase timings)."""
    phases: dict[str, float] = {}
    meta = db.meta_read(url) if args.reuse and db.exists(url) else {}
    reuse = bool(meta.get("complete")) and meta.get("n") == args.n and meta.get("units") == args.units
    t = time.monotonic()
    if not reuse:
        if args.reuse:
            log("no kept database with this N and UNITS: generating a new one")
        db.drop(url)
        db.create(url)
    db.migrate(url, args.redis_url)
    phases["create_migrate_s"] = round(time.monotonic() - t, 1)

    import django

    django.setup()
    if reuse:
        log(f"reusing {db.db_name(url)}: {meta['n']:,} initiatives generated on {meta.get('generated_at')}")
        phases.update({f"earlier.{k}": v for k, v in meta.get("generation", {}).items()})
        return meta, phases

    from . import generate

    log(f"units: {args.units:,} grassroots unions through unions.services.units_import")
    t = time.monotonic()
    tree = generate.unit_tree_create(grassroots=args.units, seed=args.seed)
    generate.campaign_create()
    phases["units_s"] = round(time.monotonic() - t, 1)
    log(f"  {tree['rows']:,} units ({tree['kinds']}) in {phases['units_s']} s")
    log(f"initiatives: {args.n:,} through COPY")
    t = time.monotonic()
    gen = generate.generate_initiatives(dsn=url, n=args.n, seed=args.seed, processes=args.processes)
    phases["initiatives_s"] = round(time.monotonic() - t, 1)
    phases.update({f"initiatives.{k}": round(v, 1) for k, v in gen["timings"].items()})
    t = time.monotonic()
    showcase = generate.showcase_create()
    phases["showcase_s"] = round(time.monotonic() - t, 1)
    log(f"  showcase: {showcase['showcased']:,} initiatives, {showcase['replications']:,} replications "
        f"in {phases['showcase_s']} s")
    from django.db import connections

    connections.close_all()
    meta = {
        "n": args.n,
        "units": args.units,
        "seed": args.seed,
        "tree": tree,
        "authors": gen["authors"],
        "officers": gen["officers"],
        "search_text_checked": gen["search_text_checked"],
        "showcase": showcase,
        "generation": phases,
        "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
    }
    meta.update(_landmarks())
    meta["complete"] = True
    db.meta_write(url, meta)
    return meta, phases


def _landmarks() -> dict:
    """The largest province, the largest grassroots union and the sizes behind them."""
    from django.db import connection

    from submissions.models import Initiative
    from unions.models import Unit

    i, u = Initiative._meta.db_table, Unit._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT p.code, count(*) FROM {i} i JOIN {u} g ON g.id = i.unit_id "  # noqa: S608
            f"JOIN {u} p ON p.path = substr(g.path, 1, {2 * STEP}) WHERE p.kind = 'province' "
            "GROUP BY p.code ORDER BY 2 DESC LIMIT 1"
        )
        province, province_n = cur.fetchone()
        cur.execute(
            f"SELECT g.code, count(*) FROM {i} i JOIN {u} g ON g.id = i.unit_id "  # noqa: S608
            "GROUP BY g.code ORDER BY 2 DESC LIMIT 1"
        )
        grassroots, grassroots_n = cur.fetchone()
        cur.execute(
            f"SELECT count(*) FROM (SELECT unit_id FROM {i} GROUP BY unit_id) s"  # noqa: S608
        )
        units_with = cur.fetchone()[0]
    return {
        "largest_province": province,
        "largest_province_initiatives": province_n,
        "largest_grassroots": grassroots,
        "largest_grassroots_initiatives": grassroots_n,
        "units_with_initiatives": units_with,
    }


def accounts(meta: dict) -> dict:
    """The benchmark's users: federation staff, officers of the largest province and of the
    federation, and 17 workers of a grassroots union of the largest province (idempotent)."""
    from accounts.enums import SubmitterCategory
    from accounts.models import User
    from unions.enums import Role
    from unions.models import Appointment, Unit

    province = Unit.objects.get(code=meta["largest_province"])
    root = Unit.objects.get(depth=1)

    def user(email=None, phone=None, **fields):
        found = User.objects.filter(email=email).first() if email else User.objects.filter(phone=phone).first()
        return found or User.objects.create_user(email=email, phone=phone, password=None, **fields)

    def appoint(person, unit, role):
        Appointment.objects.get_or_create(user=person, unit=unit, role=role, revoked_at=None)

    staff = user(STAFF_EMAIL, full_name="Chuyên viên Ban Tuyên giáo Tổng Liên đoàn")
    appoint(staff, root, Role.STAFF)
    officer = user(PROVINCE_OFFICER_EMAIL, full_name=f"Cán bộ {province.name}")
    appoint(officer, province, Role.OFFICER)
    federation_officer = user(FEDERATION_OFFICER_EMAIL, full_name="Cán bộ Tổng Liên đoàn")
    appoint(federation_officer, root, Role.OFFICER)
    grassroots = (
        Unit.objects.filter(path__startswith=province.path, kind="grassroots", name__startswith="Công đoàn Công ty")
        .order_by("path")
        .first()
    )
    workers = [
        user(
            phone=phone,
            full_name=f"Nguyễn Văn Thợ {index}",
            unit=grassroots,
            category=SubmitterCategory.ENTERPRISE,
            job_title="Công nhân vận hành máy",
            workplace=grassroots.name.removeprefix("Công đoàn "),
            qualification="Công nhân bậc 4/7",
            is_direct_production_worker=True,
        )
        for index, phone in enumerate(WORKER_PHONES)
    ]
    return {
        "staff": staff,
        "officer": officer,
        "federation_officer": federation_officer,
        "workers": workers,
        "province": province,
        "root": root,
        "grassroots": Unit.objects.get(code=meta["largest_grassroots"]),
        "worker_unit": grassroots,
    }


# --- figures ------------------------------------------------------------------------------------


def probe(name: str, args: dict, env: dict) -> dict:
    """Run ``bench.probe NAME`` in a fresh process; return its figures (or the error)."""
    completed = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "bench.probe", name, json.dumps(args)],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    for line in completed.stdout.splitlines():
        if line.startswith("BENCH_RESULT "):
            return json.loads(line.removeprefix("BENCH_RESULT "))
    return {"error": f"probe {name} failed ({completed.returncode}): {completed.stderr[-1500:]}"}


def figure_recompute(args, env: dict) -> dict:
    """A cold full recompute (empty aggregate tables: every row written), the nightly full one
    after 1.000 decisions (reads every initiative, writes what changed), then the periodic
    runs that apply the change log, each after 1.000 more decisions."""
    periodic_wanted = args.recompute_runs or 3
    cold = {"cold": True, "full": True, "without_history": args.no_history_run}
    plan = [("cold", cold), ("full", {"decisions": RECOMPUTE_DECISIONS, "full": True})]
    if not args.no_history_run:
        plan.append(("full with history", {"decisions": RECOMPUTE_DECISIONS, "full": True, "history": True}))
    first_periodic = len(plan)
    plan += [(f"periodic {index}/{periodic_wanted}", {"decisions": RECOMPUTE_DECISIONS})
             for index in range(1, periodic_wanted + 1)]
    runs = []
    for label, probe_args in plan:
        result = probe("recompute", probe_args, env)
        if "error" in result:
            return result
        result["label"] = label
        after = "" if "cold" in probe_args else f", after {RECOMPUTE_DECISIONS:,} decisions"
        read = "every initiative read" if result["full"] else f"{result['changes_read']:,} logged changes"
        if result.get("units_differing") is not None:
            read += f" (checked: {result['units_differing']:,} units differed)"
        log(f"  recompute ({label}{after}): {result['seconds']} s, {read}, "
            f"{result['rows_changed']:,} rows written (backlog tables now {result['backlog_waiting_rows']:,} "
            f"waiting and {result['backlog_flow_rows']:,} flow rows), peak RSS {result['peak_rss_mb']} MB, "
            f"PostgreSQL backend {result['pg_backend_peak_anon_mb']} MB anon, temp {result['pg_temp_written_mb']} MB")
        runs.append(result)
    periodic = sorted(r["seconds"] for r in runs[first_periodic:])
    return {
        "runs": runs,
        "median_s": periodic[len(periodic) // 2],
        "cold_s": runs[0]["seconds"],
        "full_s": runs[1]["seconds"],
        "history_s": None if args.no_history_run else runs[2]["seconds"],
        "decisions_between_runs": RECOMPUTE_DECISIONS,
        "peak_rss_mb": max(r["peak_rss_mb"] for r in runs),
        "periodic_peak_rss_mb": max(r["peak_rss_mb"] for r in runs[first_periodic:]),
    }


RECOMPUTE_DECISIONS = 1000


def _api_matches(api: dict, naive: dict) -> tuple[bool, str]:
    """Whether the precomputed API and the live count give the same figures (first difference)."""
    for key in ("received", "approved", "by_category", "by_field", "targets"):
        if api.get(key) != naive.get(key):
            return False, f"{key}: api {api.get(key)!r} != live {naive.get(key)!r}"
    api_children = {c["code"]: (c["received"], c["targets"]) for c in api["children"]}
    naive_children = {c["code"]: (c["received"], c["targets"]) for c in naive["children"]}
    if api_children != naive_children:
        diff = next((code for code in api_children if api_children[code] != naive_children.get(code)), "?")
        return False, f"children differ, e.g. {diff}: api {api_children.get(diff)} live {naive_children.get(diff)}"
    return True, ""


def figure_dashboards(args, who: dict) -> dict:
    from django.test import Client

    client = Client()
    client.force_login(who["staff"])
    result = {}
    for label, unit in (("nation", who["root"]), ("province", who["province"]), ("grassroots", who["grassroots"])):
        pages = {
            "dashboard": f"/reports/units/{unit.code}/",
            "api": f"/reports/api/progress/?unit={unit.code}",
            "naive": f"/bench/naive-progress/?unit={unit.code}",
        }
        entry = {"code": unit.code, "name": unit.name}
        bodies = {}
        for kind, url in pages.items():
            def get(url=url):
                response = client.get(url)
                if response.status_code != 200:
                    raise RuntimeError(f"GET {url} answered {response.status_code}")
                return response

            naive = kind == "naive"
            summary, response = repeat(
                get, reps=max(5, args.reps // 3) if naive else args.reps, warmup=1 if naive else 3,
                max_seconds=90 if naive else 60,
            )
            entry[kind] = summary
            if kind != "dashboard":
                bodies[kind] = response.json()
            log(f"  {label} {kind}: median {summary['median_ms']} ms, p95 {summary['p95_ms']} ms")
        entry["children"] = len(bodies["api"]["children"])
        entry["received"] = bodies["api"]["received"]
        entry["speedup_p95"] = round(entry["naive"]["p95_ms"] / entry["api"]["p95_ms"], 1)
        entry["speedup_median"] = round(entry["naive"]["median_ms"] / entry["api"]["median_ms"], 1)
        entry["naive_matches_api"], entry["mismatch"] = _api_matches(bodies["api"], bodies["naive"])
        if not entry["naive_matches_api"]:
            log(f"  WARNING {label}: the API and the live count differ: {entry['mismatch']}")
        result[label] = entry
    return result


def _with_cpu_and_queries(summary: dict, cpu: list[float], one_request) -> dict:
    """``summary`` (of ``repeat``) with the process's CPU time of its measured requests (the
    last ``samples`` of ``cpu``: median and p95), then the queries and database time of
    ``one_request()`` made once more."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cpu = cpu[-summary["samples"]:]
    summary["cpu_median_ms"] = round(sorted(cpu)[len(cpu) // 2] * 1000, 2)
    summary["cpu_p95_ms"] = round(percentile(cpu, 0.95) * 1000, 2)
    with CaptureQueriesContext(connection) as queries:
        one_request()
    summary["queries"] = len(queries.captured_queries)
    summary["db_ms"] = round(sum(float(q["time"]) for q in queries.captured_queries) * 1000, 2)
    return summary


def figure_queue(args, who: dict) -> dict:
    from django.test import Client

    from reviews.queue_cache import queue_changed
    from reviews.selectors import PAGE_SIZE, QueueFilters, queue_counts, review_queue
    from submissions.models import Field

    officer = who["officer"]
    client = Client()
    client.force_login(officer)
    # Follow the keyset cursors 1.000 rows deep, as an officer paging on would.
    cursor, depth = "", 0
    while depth < 1000:
        page = review_queue(officer, QueueFilters(), after=cursor)
        if not page.next_cursor:
            break
        cursor, depth = page.next_cursor, depth + PAGE_SIZE
    field = Field.objects.get(code="engineering")
    pages = {
        "first": "/reviews/",
        "deep": f"/reviews/?after={cursor}",
        "filtered": f"/reviews/?field={field.pk}&date_from=2022-03-01&date_to=2022-04-30",
    }
    result = {"unit": who["province"].code, "deep_rows": depth}
    for label, url in pages.items():
        def get(url=url):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} answered {response.status_code}")
            return response

        summary, _response = repeat(get, reps=args.reps, warmup=3)
        result[label] = summary
        log(f"  queue {label}: median {summary['median_ms']} ms, p95 {summary['p95_ms']} ms")

    # The tab counts are cached until something changes in the officer's scope: the first
    # page again, each time right after a change in the province (the counts are recounted).
    def after_change():
        queue_changed(unit_paths=[who["province"].path])
        return client.get(pages["first"])

    summary, _response = repeat(after_change, reps=args.reps, warmup=1)
    result["first_after_change"] = summary
    log(f"  queue first page after a change: median {summary['median_ms']} ms, p95 {summary['p95_ms']} ms")
    summary, _page = repeat(lambda: review_queue(officer, QueueFilters()), reps=args.reps, warmup=2)
    result["selector_page"] = summary
    summary, counts = repeat(lambda: queue_counts(officer, QueueFilters()), reps=args.reps, warmup=2)
    result["selector_counts"] = summary
    result["counts"] = {k: v[0] for k, v in counts.items()}
    return result


def figure_search(args, who: dict) -> dict:
    """The queue page an officer of the federation sees when searching the whole country
    (first tab, with the count the page shows), and the selector's first page of every state."""
    from urllib.parse import urlencode

    from django.test import Client

    from reviews.selectors import QueueFilters, review_queue

    officer = who["federation_officer"]
    client = Client()
    client.force_login(officer)
    result = {"scope": who["root"].code}
    for text in SEARCHES:
        url = f"/reviews/?{urlencode({'q': text})}"

        def get(url=url):
            response = client.get(url)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} answered {response.status_code}")
            return response

        view, _response = repeat(get, reps=max(10, args.reps // 2), warmup=1, max_seconds=45)
        page_only, page = repeat(lambda text=text: review_queue(officer, QueueFilters(state="", text=text)),
                                 reps=max(10, args.reps // 2), warmup=1, max_seconds=30)
        # What the open tab says: the page's own walks count the matches (as the view does).
        matches = review_queue(officer, QueueFilters(text=text)).matches
        result[text] = {
            "view": view,
            "page": page_only,
            "first_page_rows": len(page.items),
            "open_tab_count": None if matches is None else (f">{matches[0]}" if matches[1] else matches[0]),
        }
        log(f"  search {text!r}: queue page p95 {view['p95_ms']} ms (open tab: {result[text]['open_tab_count']}), "
            f"every state's first page p95 {page_only['p95_ms']} ms ({len(page.items)} rows)")
    return result


def figure_showcase(args, who: dict) -> dict:
    """The public showcase as an anonymous visitor sees it, without the proxy in front:
    list pages (sorts, filters, the last allowed page, the API), searches, and initiatives' pages."""
    from urllib.parse import urlencode

    from django.db import connection
    from django.db.models import Count
    from django.http import QueryDict
    from django.test import Client

    from recognition.showcase import MAX_PAGES, ShowcaseQuery, showcase_filters, showcase_page
    from recognition.showcase_contracts import MEMBERS_BUMP, VERSION_BUMP
    from recognition.showcase_models import ShowcaseEntry
    from submissions.models import Field

    client = Client()
    province = who["province"].code
    common_field = (
        ShowcaseEntry.objects.values("field_id").order_by().annotate(n=Count("initiative_id")).order_by("-n")
        .values_list("field_id", flat=True).first()
    )
    field_code = Field.objects.get(pk=common_field).code if common_field else "engineering"
    lists = {
        "newest": "/showcase/",
        "replicated": "/showcase/?sort=replicated",
        "field_province": f"/showcase/?{urlencode({'field': field_code, 'province': province})}",
        "phase_replicated": "/showcase/?phase=phase-2&sort=replicated",
        "last_page": f"/showcase/?page={MAX_PAGES}",
        "api": "/showcase/api/?sort=replicated",
    }
    searches = {text: f"/showcase/?{urlencode({'q': text})}" for text in SHOWCASE_SEARCHES}
    combined = {"q": "nang suat", "sort": "replicated", "province": province}
    searches["nang suat, replicated, province"] = f"/showcase/?{urlencode(combined)}"
    ids = list(ShowcaseEntry.objects.order_by("?").values_list("initiative_id", flat=True)[: args.reps])
    result: dict = {"showcased": ShowcaseEntry.objects.count(), "list": {}, "search": {}, "uncached": {},
                    "uncached_members": {}}

    def measure(url: str, *, uncached: bool = False, members: bool = False) -> dict:
        """Wall time (median, p95), this process's CPU time (the page's Python: the machine's
        other work does not inflate it much) and the queries of one request. ``uncached``:
        the showcase's version raised before each request (outside the timing), as after a
        change: every page is read and rendered again. ``members``: its members' version too, as
        after an entry came or went (consent, mark, text): the counts are read again as well."""
        cpu: list[float] = []

        def change():
            with connection.cursor() as cursor:
                cursor.execute(VERSION_BUMP)
                if members:
                    cursor.execute(MEMBERS_BUMP)

        def get(url=url):
            started = time.process_time()
            response = client.get(url)
            cpu.append(time.process_time() - started)
            if response.status_code != 200:
                raise RuntimeError(f"GET {url} answered {response.status_code}")
            return response

        summary, _response = repeat(get, reps=args.reps, warmup=1, max_seconds=45, before=change if uncached else None)
        if uncached:
            change()
        return _with_cpu_and_queries(summary, cpu, get)

    for label, url in lists.items():
        result["list"][label] = measure(url)
        log(f"  showcase {label}: p95 {result['list'][label]['p95_ms']} ms")
    for label, url in searches.items():
        result["search"][label] = measure(url)
        log(f"  showcase search {label!r}: p95 {result['search'][label]['p95_ms']} ms")
    # The same pages right after a change of the showcase (nothing cached): the work a page
    # does once per change and address.
    for label, url in {**lists, **{f"search {k}": v for k, v in searches.items()}}.items():
        result["uncached"][label] = measure(url, uncached=True)
        e = result["uncached"][label]
        log(f"  showcase {label} after a change: median {e['median_ms']} ms, p95 {e['p95_ms']} ms, "
            f"CPU median {e['cpu_median_ms']} ms, {e['queries']} queries, {e['db_ms']} ms in the database")
    # ... and after a change of which entries match (consent, mark, text): counted again too.
    for label, url in {**lists, **{f"search {k}": v for k, v in searches.items()}}.items():
        result["uncached_members"][label] = measure(url, uncached=True, members=True)
        e = result["uncached_members"][label]
        log(f"  showcase {label} after a change of members: median {e['median_ms']} ms, p95 {e['p95_ms']} ms, "
            f"CPU median {e['cpu_median_ms']} ms, {e['queries']} queries, {e['db_ms']} ms in the database")
    # The selector alone (its three queries, no page rendered): the part that grows with the data.
    filters = showcase_filters()
    result["selector"] = {}
    for label, url in {**lists, **searches}.items():
        if label == "api":
            continue
        query = ShowcaseQuery.from_params(QueryDict(url.partition("?")[2]))
        result["selector"][label], _page = repeat(lambda query=query: showcase_page(query, filters), reps=args.reps,
                                                  warmup=1, max_seconds=30)
    log(f"  showcase selector alone: worst p95 {worst(*(v['p95_ms'] for v in result['selector'].values()))} ms")
    queue = [f"/showcase/{pk}/" for pk in ids] or ["/showcase/"]

    def detail():
        url = queue.pop(0)
        queue.append(url)
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url} answered {response.status_code}")
        return response

    def touch_next():
        """What any change of the next initiative's page does (a co-author, a public file, a
        column it shows): its entry's stamp raised, at a commit."""
        pk = int(queue[0].strip("/").rsplit("/", 1)[-1]) if ids else 0
        with connection.cursor() as cursor:
            cursor.execute("UPDATE recognition_showcaseentry SET stamp = stamp WHERE initiative_id = %s", [pk])

    def measure_detail(*, changed: bool) -> dict:
        """A different initiative's page each request: cached (each asked once before), or
        ``changed``, its stamp raised before the request (outside the timing)."""
        cpu: list[float] = []

        def timed_detail():
            started = time.process_time()
            response = detail()
            cpu.append(time.process_time() - started)
            return response

        before = touch_next if changed else None
        summary, _response = repeat(timed_detail, reps=args.reps, warmup=1, max_seconds=45, before=before)
        if changed:
            touch_next()
        return _with_cpu_and_queries(summary, cpu, detail)

    for _url in list(queue):  # each page asked once: cached from now on
        detail()
    for label, changed in (("detail", False), ("detail_after_change", True)):
        result[label] = e = measure_detail(changed=changed)
        log(f"  showcase {label}: median {e['median_ms']} ms, p95 {e['p95_ms']} ms over {len(ids)} initiatives, "
            f"CPU median {e['cpu_median_ms']} ms, {e['queries']} queries, {e['db_ms']} ms in the database")
    return result


def _settle_after_recompute() -> float:
    """Vacuum the aggregate tables the recompute figure rewrote (millions of rows in its cold
    run), as autovacuum would soon do, so that it does not share the two cores with the page
    figures measured next. Returns the seconds it took."""
    from django.db import connection

    from reports.models import DailyCount, FieldDailyCount, RunningTotal

    started = time.monotonic()
    with connection.cursor() as cur:
        for model in (DailyCount, FieldDailyCount, RunningTotal):
            cur.execute(f'VACUUM (ANALYZE) "{model._meta.db_table}"')
    return round(time.monotonic() - started, 1)


def _other_sessions() -> list[str]:
    """Other client sessions on the server (they would compete for the two cores)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT datname || ' ' || COALESCE(application_name, '') || ' ' || state FROM pg_stat_activity "
            "WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        return [row[0] for row in cur.fetchall()]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _form_bodies(count: int, field_ids: list[int]) -> list[dict]:
    from demo.vocabulary import APPLICATION_CONDITIONS, BENEFIT_REMARKS, FIELD_TEXTS, SUMMARY_LEADS

    rng = random.Random("bench:bodies")
    texts = FIELD_TEXTS["engineering"]
    bodies = []
    for _ in range(count):
        subject = rng.choice(texts.objects)
        bodies.append({
            "title": f"{rng.choice(texts.openers)} {subject} {rng.choice(texts.purposes)}",
            "field": str(rng.choice(field_ids)),
            "summary": f"{rng.choice(SUMMARY_LEADS)} {subject} tại phân xưởng.",
            "problem": " ".join(rng.sample(texts.problems, 2)),
            "solution": " ".join(f"({i}) {s}" for i, s in enumerate(rng.sample(texts.solutions, 3), start=1)),
            "applied_where": "Phân xưởng sản xuất số 2",
            "first_applied_on": "2022-03-15",
            "application_conditions": rng.choice(APPLICATION_CONDITIONS),
            "first_application_participants": "Trần Văn Nam (tổ trưởng sản xuất)",
            "benefits": f"Năng suất tăng {rng.randint(5, 40)}%. {rng.choice(BENEFIT_REMARKS)}",
            "benefit_vnd": str(rng.randint(10, 500) * 100_000),
            "recognised_by": "Hội đồng sáng kiến Công ty",
            "recognised_on": "2022-04-01",
            "author_workplace": "Phân xưởng sản xuất số 2",
            "author_job_title": "Công nhân vận hành máy",
            "author_qualification": "Công nhân bậc 4/7",
            "author_contribution": "100",
            "co-TOTAL_FORMS": "0",
            "co-INITIAL_FORMS": "0",
            "co-MIN_NUM_FORMS": "0",
            "co-MAX_NUM_FORMS": "20",
            "submit": "1",
        })
    return bodies


def figure_submit(args, who: dict, env: dict, workdir: Path) -> dict:
    from django.test import Client

    from submissions.models import Field

    from . import load

    port = _free_port()
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log_path = workdir / "gunicorn.log"
    server = subprocess.Popen(  # noqa: S603 - the venv's gunicorn
        [str(gunicorn), "bench.wsgi:application", "--workers", str(args.gunicorn_workers), "--bind",
         f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"],
        cwd=ROOT, env=dict(env, CONN_MAX_AGE=str(args.conn_max_age)), stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        load.wait_ready(port)
        sessions = []
        for worker in who["workers"][1 : args.concurrency + 1]:
            client = Client()
            client.force_login(worker)
            session, _page = load.open_form(port, client.cookies["sessionid"].value)
            sessions.append(session)
        field_ids = list(Field.objects.filter(is_active=True).values_list("pk", flat=True))
        bodies = _form_bodies(200, field_ids)

        def body(index: int) -> dict:
            fields = dict(bodies[random.randrange(len(bodies))])
            fields["submission_key"] = load.new_key()
            return fields

        bare_sessions = [None] * args.concurrency
        load.run(port, "/bench/bare-insert/", body, sessions=bare_sessions, seconds=3, expect=201)
        warm = load.run(port, "/initiatives/new/", body, sessions=sessions, seconds=3, expect=302)
        if warm.ok == 0:
            raise RuntimeError(f"the submit path accepted nothing: {warm.sample_error}")
        bare = load.run(port, "/bench/bare-insert/", body, sessions=bare_sessions, seconds=args.load_seconds,
                        expect=201).figures()
        log(f"  bare insert: {bare['rps']} /s, p50 {bare['p50_ms']} ms, p99 {bare['p99_ms']} ms, "
            f"{bare['errors']} errors")
        submit = load.run(port, "/initiatives/new/", body, sessions=sessions, seconds=args.load_seconds,
                          expect=302).figures()
        log(f"  submit path: {submit['rps']} /s, p50 {submit['p50_ms']} ms, p99 {submit['p99_ms']} ms, "
            f"{submit['errors']} errors")
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {
        "gunicorn_workers": args.gunicorn_workers,
        "conn_max_age": args.conn_max_age,
        "concurrency": args.concurrency,
        "seconds": args.load_seconds,
        "submit": submit,
        "bare": bare,
        "ratio": round(submit["rps"] / bare["rps"], 3) if bare["rps"] else None,
    }


def _unit_rows(count: int) -> list[list[str]]:
    """``count`` rows of the unit import format: a new province, upper unions and grassroots unions."""
    from demo.vocabulary import BRANDS, INDUSTRIES

    rng = random.Random("bench:units-import")
    rows = [["BIMP", "LĐLĐ tỉnh Thử nghiệm", "TLD", "province"]]
    upper = 0
    while len(rows) < count:
        upper += 1
        code = f"BIMP-U{upper:04d}"
        rows.append([code, f"Công đoàn các Khu công nghiệp số {upper}", "BIMP", "upper"])
        for child in range(1, 66):
            if len(rows) >= count:
                break
            name = f"Công đoàn Công ty TNHH {rng.choice(INDUSTRIES)} {rng.choice(BRANDS)} {upper}-{child}"
            rows.append([f"{code}-G{child:04d}", name, code, "grassroots"])
    return rows


def _initiative_rows(count: int, seed: str) -> list[list[str]]:
    """``count`` rows of the initiative import format of DESIGN.md, in existing grassroots unions."""
    from accounts.enums import SubmitterCategory
    from demo.vocabulary import FIELD_TEXTS, SUMMARY_LEADS, person_name
    from unions.models import Unit

    rng = random.Random(seed)
    codes = list(Unit.objects.filter(kind="grassroots").order_by("?").values_list("code", flat=True)[:5000])
    categories = [c.value for c in SubmitterCategory]
    rows = []
    start = dt.datetime(2022, 6, 1, 7, 0)
    for index in range(count):
        code = rng.choice(list(FIELD_TEXTS))
        texts = FIELD_TEXTS[code]
        subject = rng.choice(texts.objects)
        moment = start + dt.timedelta(seconds=rng.randrange(400 * 86400))
        rows.append([
            rng.choice(codes),
            f"{rng.choice(texts.openers)} {subject} (nhập {seed} #{index})",
            f"{rng.choice(SUMMARY_LEADS)} {subject}. {rng.choice(texts.results).format(p=12, pp=90, a=60, b=20, m=3, n=40, d1=10, d2=4)}.",
            code,
            person_name(rng),
            rng.choice(categories),
            moment.isoformat(timespec="seconds"),
            str(rng.randint(10, 500) * 100_000),
        ])
    return rows


def figure_import(args, env: dict, workdir: Path) -> dict:
    from django.core.management import get_commands

    from .probe import write_csv

    result: dict = {}
    small = max(1000, args.import_rows // 5)
    for rows in (small, args.import_rows):
        path = workdir / f"units-{rows}.csv"
        write_csv(str(path), ["code", "name", "parent_code", "kind"], _unit_rows(rows))
        figures = probe("units_import", {"path": str(path), "rows": rows}, env)
        if "seconds" in figures:
            figures["rows_per_s"] = round(rows / figures["seconds"], 0)
        result[f"units_{rows}"] = figures
        log(f"  import_units {rows:,} rows: {figures.get('rows_per_s')} rows/s, peak RSS {figures.get('peak_rss_mb')} MB")
    if "import_initiatives" not in get_commands():
        result["initiatives"] = "not built yet"
        log("  import_initiatives: not built yet")
        return result
    from django.conf import settings

    limit = getattr(settings, "IMPORT_MAX_BYTES", None)
    for rows in (small, args.import_rows):
        path = workdir / f"initiatives-{rows}.csv"
        header = ["unit_code", "title", "summary", "field", "author_name", "author_category", "submitted_at",
                  "benefit_vnd"]
        write_csv(str(path), header, _initiative_rows(rows, f"bench-import-{rows}"))
        size = path.stat().st_size
        # An import handed to Celery runs in-process here; a file over the upload limit is
        # measured with the limit raised (the operator's setting), and the note says so.
        probe_env = dict(env, REDIS_URL="", MEDIA_ROOT=str(workdir / "media"))  # the stored upload stays in /tmp
        note = ""
        if limit and size > limit:
            probe_env["IMPORT_MAX_BYTES"] = str(size + 1_048_576)
            note = (f"the {size / 1048576:.1f} MB file is over IMPORT_MAX_BYTES ({limit / 1048576:.0f} MB): "
                    "measured with the limit raised")
        figures = probe("initiatives_import", {"path": str(path), "rows": rows}, probe_env)
        figures["file_mb"] = round(size / 1048576, 1)
        figures["note"] = note
        if figures.get("created"):
            figures["rows_per_s"] = round(figures["created"] / figures["seconds"], 0)
        result[f"initiatives_{rows}"] = figures
        log(f"  import_initiatives {rows:,} rows: created {figures.get('created')}, "
            f"{figures.get('rows_per_s')} rows/s, peak RSS {figures.get('peak_rss_mb')} MB "
            f"{figures.get('error') or ''} {note}")
    return result


def figure_export(args, who: dict, env: dict) -> dict:
    import importlib.util

    result: dict = {}
    if importlib.util.find_spec("reviews.exports") is None:
        result["initiatives"] = "not built yet"
        log("  streaming export of initiatives: not built yet")
    else:
        figures = probe("export_queue", {"user": PROVINCE_OFFICER_EMAIL}, env)
        if figures.get("seconds"):
            figures["rows_per_s"] = round(figures["rows"] / figures["seconds"], 0)
        result["initiatives"] = figures
        log(f"  reviews.exports.queue_csv, every state of {who['province'].code}: {figures.get('rows')} rows, "
            f"{figures.get('rows_per_s')} rows/s, peak RSS {figures.get('peak_rss_mb')} MB {figures.get('error', '')}")
    figures = probe("export_reference", {"user": STAFF_EMAIL, "code": who["province"].code}, env)
    if figures.get("seconds"):
        figures["rows_per_s"] = round(figures["rows"] / figures["seconds"], 0)
    result["reference"] = figures
    log(f"  bench reference streaming export of {who['province'].code}: {figures.get('rows')} rows, "
        f"{figures.get('rows_per_s')} rows/s, peak RSS {figures.get('peak_rss_mb')} MB")
    return result


def figure_workbook(args, env: dict) -> dict:
    """The national workbook of every table (``reports.workbook``): time, peak memory, rows/s.

    It reads the aggregates only, so its cost follows the units and their days, not the
    initiatives; the as-of day is the programme's last, so every daily row is summed. The
    probe downloads it WORKBOOK_DOWNLOADS times in one process: the first as a fresh
    process's, the median of the others (the dashboard cached, as a gunicorn worker serves
    it) as the headline figure."""
    figures = probe("workbook", {"user": STAFF_EMAIL, "as_of": WORKBOOK_AS_OF, "downloads": WORKBOOK_DOWNLOADS}, env)
    log(f"  national workbook as of {WORKBOOK_AS_OF}: {figures.get('rows')} rows ({figures.get('units')} units), "
        f"{figures.get('bytes')} bytes, peak RSS {figures.get('peak_rss_mb')} MB {figures.get('error', '')}")
    for index, run in enumerate(figures.get("runs", []), start=1):
        log(f"    download {index}{' (fresh worker)' if index == 1 else ''}: {run['seconds']} s, "
            f"{run['rows_per_s']} rows/s (CPU {run['cpu_seconds']} s, database {run['pg_backend_cpu_seconds']} s, "
            f"load {run['load_average']})")
    if figures.get("runs"):
        log(f"    median of downloads 2-{figures['downloads']}: {figures.get('seconds')} s, "
            f"{figures.get('rows_per_s')} rows/s (CPU {figures.get('cpu_seconds')} s, "
            f"database {figures.get('pg_backend_cpu_seconds')} s); first {figures.get('first_seconds')} s, "
            f"{figures.get('first_rows_per_s')} rows/s, after a worker start of {figures.get('worker_start_seconds')} s")
    return figures


def figure_digests(args, env: dict) -> dict:
    """Every officer's digest and the escalations of one day (``reports.digests``), built from
    the backlog's aggregates in a few set-based statements, and the same day's second run."""
    figures = probe("digests", {"scale": args.digests_scale}, env)
    log(f"  digests of {figures.get('day')}: {figures.get('digests')} digests for {figures.get('officers')} officers, "
        f"{figures.get('escalations')} units escalated, {figures.get('seconds')} s (CPU {figures.get('cpu_seconds')} s), "
        f"{figures.get('statements')} statements; second run {figures.get('second_run_seconds')} s "
        f"(built: {figures.get('second_run_built')}); {figures.get('waiting_rows')} waiting rows, "
        f"{figures.get('flow_rows')} flow rows"
        + (" (backlog FILLED FOR THE BENCH from the initiatives)" if figures.get("backlog_filled_for_bench") else "")
        + f" {figures.get('error', '')}")
    return figures


def remove_written_since(watermark: int) -> int:
    """Remove the initiatives the measurements wrote (ids above ``watermark``) with what points
    to them, so that a kept database stays as generated. Decisions are immutable by trigger:
    the removal runs with triggers off (session_replication_role = replica), children first."""
    from django.db import connection, transaction

    from submissions.models import Initiative

    def delete(model, where: str, params: list, cur, seen: set) -> None:
        table = model._meta.db_table
        for rel in model._meta.related_objects:
            if rel.many_to_many or rel.related_model in seen:
                continue
            child = rel.related_model
            column = child._meta.get_field(rel.field.name).column
            sub = f'"{column}" IN (SELECT id FROM "{table}" WHERE {where})'  # noqa: S608 - names from the models
            delete(child, sub, params, cur, seen | {model})
        cur.execute(f'DELETE FROM "{table}" WHERE {where}', params)  # noqa: S608 - names from the models

    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("SET LOCAL session_replication_role = replica")
        cur.execute(f'SELECT count(*) FROM "{Initiative._meta.db_table}" WHERE id > %s', [watermark])  # noqa: S608
        count = cur.fetchone()[0]
        delete(Initiative, "id > %s", [watermark], cur, set())
    return count


def _vacuum() -> None:
    """Vacuum what the measurements wrote and rolled back, so a reused database plans as a fresh one."""
    from django.db import connection

    from submissions.models import Initiative
    from unions.models import Unit

    with connection.cursor() as cur:
        for model in (Unit, Initiative):
            cur.execute(f'VACUUM (ANALYZE) "{model._meta.db_table}"')


# --- report -------------------------------------------------------------------------------------


def machine() -> dict:
    from django.db import connection

    memory_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory_kb = int(line.split()[1])
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    settings = {}
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        version = cur.fetchone()[0]
        for name in ("shared_buffers", "work_mem", "maintenance_work_mem", "effective_cache_size",
                     "max_parallel_workers_per_gather", "random_page_cost", "jit"):
            cur.execute(f"SHOW {name}")
            settings[name] = cur.fetchone()[0]
    import django
    import psycopg2

    samples = []
    for _ in range(20):
        t = time.perf_counter()
        psycopg2.connect(os.environ["DATABASE_URL"]).close()
        samples.append(time.perf_counter() - t)
    def git(*words: str) -> str:
        try:
            completed = subprocess.run(["git", *words], cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603, S607
            return completed.stdout.rstrip("\n")
        except OSError:
            return ""

    dirty = [line[3:] for line in git("status", "--porcelain").splitlines()
             if line[3:] and not line[3:].startswith(("bench/", "docs/benchmarks.md", "Makefile"))]
    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": dirty,
        "new_connection_median_ms": round(sorted(samples)[10] * 1000, 2),
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(memory_kb / 1048576, 1),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": version,
        "postgresql_settings": settings,
    }


def worst(*values):
    present = [v for v in values if v is not None]
    return max(present) if present else None


def summarise(n: int, figures: dict) -> dict:
    """The keys of bench/results/latest.json (null for what was skipped or is not built yet)."""
    d, q, s = figures.get("dashboard"), figures.get("queue"), figures.get("search")
    r, sub, imp, exp = figures.get("recompute"), figures.get("submit"), figures.get("import"), figures.get("export")
    out = {"n": n}
    out["dashboard_p95_ms"] = worst(*(d[u][k]["p95_ms"] for u in d for k in ("dashboard", "api"))) if d else None
    out["naive_p95_ms"] = d["nation"]["naive"]["p95_ms"] if d else None
    out["dashboard_speedup"] = d["nation"]["speedup_p95"] if d else None
    out["recompute_s"] = r.get("median_s") if r else None
    out["recompute_cold_s"] = r.get("cold_s") if r else None
    out["recompute_full_s"] = r.get("full_s") if r else None
    out["recompute_history_s"] = r.get("history_s") if r else None
    out["recompute_peak_rss_mb"] = r.get("peak_rss_mb") if r else None
    out["queue_p95_ms"] = (
        worst(q["first"]["p95_ms"], q["filtered"]["p95_ms"], q["first_after_change"]["p95_ms"]) if q else None
    )
    out["queue_deep_p95_ms"] = q["deep"]["p95_ms"] if q else None
    out["search_p95_ms"] = worst(*(s[t]["view"]["p95_ms"] for t in SEARCHES if t in s)) if s else None
    sc = figures.get("showcase")
    out["showcase_list_p95_ms"] = worst(*(v["p95_ms"] for v in sc["list"].values())) if sc else None
    out["showcase_search_p95_ms"] = worst(*(v["p95_ms"] for v in sc["search"].values())) if sc else None
    out["showcase_detail_p95_ms"] = sc["detail"]["p95_ms"] if sc else None
    out["showcase_detail_after_change_p95_ms"] = (
        sc["detail_after_change"]["p95_ms"] if sc and sc.get("detail_after_change") else None)
    out["showcase_uncached_p95_ms"] = (
        worst(*(v["p95_ms"] for v in sc["uncached"].values())) if sc and sc.get("uncached") else None)
    out["showcase_uncached_members_p95_ms"] = (
        worst(*(v["p95_ms"] for v in sc["uncached_members"].values())) if sc and sc.get("uncached_members") else None)
    out["submit_rps"] = sub["submit"]["rps"] if sub else None
    out["bare_rps"] = sub["bare"]["rps"] if sub else None
    out["submit_ratio"] = sub["ratio"] if sub else None
    out["submit_p99_ms"] = sub["submit"]["p99_ms"] if sub else None
    big = imp.get(f"initiatives_{max(int(k.split('_')[1]) for k in imp if k.startswith('initiatives_'))}") if (
        imp and any(k.startswith("initiatives_") for k in imp)) else None
    out["import_rows_per_s"] = big.get("rows_per_s") if big else None
    out["import_peak_rss_mb"] = big.get("peak_rss_mb") if big and big.get("created") else None
    built = exp.get("initiatives") if exp and isinstance(exp.get("initiatives"), dict) else None
    out["export_rows_per_s"] = built.get("rows_per_s") if built else None
    out["export_peak_rss_mb"] = built.get("peak_rss_mb") if built and built.get("rows_per_s") else None
    wb = figures.get("workbook")
    out["workbook_s"] = wb.get("seconds") if wb else None
    out["workbook_rows_per_s"] = wb.get("rows_per_s") if wb else None
    out["workbook_peak_rss_mb"] = wb.get("peak_rss_mb") if wb else None
    out["workbook_cpu_s"] = wb.get("cpu_seconds") if wb else None
    out["workbook_pg_backend_cpu_s"] = wb.get("pg_backend_cpu_seconds") if wb else None
    out["workbook_load_average"] = wb.get("load_average") if wb else None
    out["workbook_first_s"] = wb.get("first_seconds") if wb else None
    out["workbook_first_rows_per_s"] = wb.get("first_rows_per_s") if wb else None
    out["workbook_first_cpu_s"] = wb.get("first_cpu_seconds") if wb else None
    out["workbook_first_pg_backend_cpu_s"] = wb.get("first_pg_backend_cpu_seconds") if wb else None
    dg = figures.get("digests")
    out["digests_s"] = dg.get("seconds") if dg else None
    return out


def _fmt(value, unit: str = "") -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        value = f"{value:,.1f}" if value < 1000 else f"{value:,.0f}"
    elif isinstance(value, int):
        value = f"{value:,}"
    return f"{value}{unit}"


def table(n: int, figures: dict) -> str:
    """The Markdown table of every figure."""
    rows = [("figure", "median", "p95 / value", "note")]
    d = figures.get("dashboard")
    if d:
        for label in ("nation", "province", "grassroots"):
            e = d[label]
            for kind in ("dashboard", "api", "naive"):
                note = ""
                if kind == "naive":
                    note = (f"live GROUP BY; ×{e['speedup_p95']} slower than the API at p95"
                            + ("" if e["naive_matches_api"] else " — ANSWERS DIFFER"))
                elif kind == "dashboard":
                    note = f"{e['code']}, {e['received']:,} received, {e['children']:,} child units"
                rows.append((f"{kind} {label}", _fmt(e[kind]["median_ms"], " ms"), _fmt(e[kind]["p95_ms"], " ms"), note))
    r = figures.get("recompute")
    if r and "runs" in r:
        last, full = r["runs"][-1], r["runs"][1]
        rows.append(("recompute (periodic, from the change log)", _fmt(r["median_s"], " s"),
                     _fmt(r["peak_rss_mb"], " MB peak RSS"),
                     f"after {r['decisions_between_runs']:,} decisions: {last['changes_read']:,} logged changes, "
                     f"{last['rows_changed']:,} rows written; PostgreSQL backend {last['pg_backend_peak_anon_mb']} MB "
                     f"anon; {last['daily_rows']:,} daily rows"))
        rows.append(("recompute (full, nightly)", _fmt(r["full_s"], " s"), "",
                     f"every initiative read after {r['decisions_between_runs']:,} decisions, "
                     f"{full['rows_changed']:,} rows written; PostgreSQL backend {full['pg_backend_peak_anon_mb']} MB "
                     f"anon, {full['pg_temp_written_mb']} MB temp files"))
        if r.get("history_s") is not None:
            rows.append(("recompute (full, every decision replayed)", _fmt(r["history_s"], " s"), "",
                         "after a unit moved or a deadline changed: the backlog's flows from every decision"))
        rows.append(("recompute (full, cold)", _fmt(r["cold_s"], " s"), "",
                     f"empty aggregate tables: {r['runs'][0]['rows_changed']:,} rows written"))
        rows.append(("recompute: backlog tables", "", "",
                     f"{last['backlog_waiting_rows']:,} waiting rows, {last['backlog_flow_rows']:,} flow rows "
                     "(written by every run above)"))
    elif r:
        rows.append(("recompute", "—", "—", r.get("error", "")[:120]))
    q = figures.get("queue")
    if q:
        for label in ("first", "deep", "filtered", "first_after_change"):
            note = {"first": f"officer of {q['unit']}, awaiting tab", "deep": f"{q['deep_rows']:,} rows deep (keyset)",
                    "filtered": "field + date range",
                    "first_after_change": "first page, tab counts recounted (a change in the province)"}[label]
            rows.append((f"review queue {label}", _fmt(q[label]["median_ms"], " ms"), _fmt(q[label]["p95_ms"], " ms"),
                         note))
    s = figures.get("search")
    if s:
        for text in SEARCHES:
            if text in s:
                e = s[text]
                rows.append((f"search “{text}”", _fmt(e["view"]["median_ms"], " ms"),
                             _fmt(e["view"]["p95_ms"], " ms"),
                             f"queue page, open tab {e['open_tab_count']}; every state's first page p95 "
                             f"{e['page']['p95_ms']} ms, {e['first_page_rows']} rows"))
    sc = figures.get("showcase")
    if sc:
        for label, e in sc["list"].items():
            rows.append((f"showcase list {label}", _fmt(e["median_ms"], " ms"), _fmt(e["p95_ms"], " ms"),
                         f"anonymous, {sc['showcased']:,} initiatives on the showcase"))
        for label, e in sc["search"].items():
            rows.append((f"showcase search “{label}”", _fmt(e["median_ms"], " ms"), _fmt(e["p95_ms"], " ms"), ""))
        for label, e in sc.get("uncached", {}).items():
            rows.append((f"showcase {label} after a change", _fmt(e["median_ms"], " ms"), _fmt(e["p95_ms"], " ms"),
                         f"pages not cached; CPU median {e['cpu_median_ms']} ms, {e['queries']} queries"))
        for label, e in sc.get("uncached_members", {}).items():
            rows.append((f"showcase {label} after a change of members", _fmt(e["median_ms"], " ms"),
                         _fmt(e["p95_ms"], " ms"),
                         f"nothing cached; CPU median {e['cpu_median_ms']} ms, {e['queries']} queries"))
        rows.append(("showcase initiative page", _fmt(sc["detail"]["median_ms"], " ms"),
                     _fmt(sc["detail"]["p95_ms"], " ms"),
                     f"a different initiative each request, cached; {sc['detail']['queries']} queries"))
        if sc.get("detail_after_change"):
            e = sc["detail_after_change"]
            rows.append(("showcase initiative page after a change", _fmt(e["median_ms"], " ms"),
                         _fmt(e["p95_ms"], " ms"),
                         f"its stamp raised before each; CPU median {e['cpu_median_ms']} ms, {e['queries']} queries"))
        for label, e in sc.get("selector", {}).items():
            rows.append((f"showcase selector “{label}”", _fmt(e["median_ms"], " ms"), _fmt(e["p95_ms"], " ms"),
                         "its queries alone, no page rendered"))
    sub = figures.get("submit")
    if sub:
        for kind in ("submit", "bare"):
            e = sub[kind]
            rows.append((f"{'submit path' if kind == 'submit' else 'bare insert view'} /s", _fmt(e["p50_ms"], " ms"),
                         _fmt(e["rps"], " /s"), f"p99 {e['p99_ms']} ms, {e['errors']} errors, "
                         f"{sub['concurrency']} concurrent, {sub['gunicorn_workers']} gunicorn workers, "
                         f"CONN_MAX_AGE {sub.get('conn_max_age', 0)}"))
        rows.append(("submit / bare", "", _fmt(sub["ratio"]), ""))
    imp = figures.get("import")
    if imp:
        for key, e in imp.items():
            if isinstance(e, str):
                rows.append((f"import {key}", "", e, ""))
                continue
            error = (e.get("error") or "").splitlines()[0][:100] if e.get("error") else ""
            rows.append((f"import {key.replace('_', ' ')} rows", "", _fmt(e.get("rows_per_s"), " rows/s"),
                         f"peak RSS {e.get('peak_rss_mb')} MB" + (f"; {error}" if error else "")
                         + (f"; {e['note']}" if e.get("note") else "")))
    exp = figures.get("export")
    if exp:
        built = exp["initiatives"]
        if isinstance(built, dict):
            rows.append(("streaming export (reviews.exports.queue_csv)", "", _fmt(built.get("rows_per_s"), " rows/s"),
                         f"{built.get('rows')} rows, peak RSS {built.get('peak_rss_mb')} MB {built.get('error', '')}"))
        else:
            rows.append(("streaming export of initiatives", "", built, ""))
        ref = exp.get("reference", {})
        rows.append(("reference streaming CSV (bench view)", "", _fmt(ref.get("rows_per_s"), " rows/s"),
                     f"{ref.get('rows')} rows, peak RSS {ref.get('peak_rss_mb')} MB"))
    wb = figures.get("workbook")
    if wb:
        rows.append(("national workbook (reports.workbook), warm worker", _fmt(wb.get("seconds"), " s"),
                     _fmt(wb.get("rows_per_s"), " rows/s"),
                     f"median of downloads 2-{wb.get('downloads')}, CPU {wb.get('cpu_seconds')} s, database "
                     f"{wb.get('pg_backend_cpu_seconds')} s; {wb.get('rows')} rows ({wb.get('units')} units), "
                     f"{wb.get('bytes')} bytes, peak RSS {wb.get('peak_rss_mb')} MB {wb.get('error', '')}"))
        rows.append(("national workbook, first download (fresh worker)", _fmt(wb.get("first_seconds"), " s"),
                     _fmt(wb.get("first_rows_per_s"), " rows/s"),
                     f"CPU {wb.get('first_cpu_seconds')} s, database {wb.get('first_pg_backend_cpu_seconds')} s; "
                     f"the worker's start before it {wb.get('worker_start_seconds')} s"))
    dg = figures.get("digests")
    if dg:
        rows.append(("digests of a day (reports.digests)", _fmt(dg.get("seconds"), " s"),
                     _fmt(dg.get("digests"), " digests"),
                     f"{dg.get('officers')} officers, {dg.get('escalations')} units escalated, "
                     f"{dg.get('statements')} statements, second run {dg.get('second_run_seconds')} s; "
                     f"{dg.get('waiting_rows')} waiting and {dg.get('flow_rows')} flow rows"
                     + ("; backlog filled for the bench" if dg.get("backlog_filled_for_bench") else "")
                     + (f"; backlog rows ×{dg['backlog_scaled_by']}" if dg.get("backlog_scaled_by", 1) > 1 else "")
                     + f" {dg.get('error', '')}"))
    widths = [max(len(str(row[i])) for row in rows) for i in range(4)]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return f"### {n:,} initiatives\n\n" + "\n".join(lines)


# --- main ---------------------------------------------------------------------------------------


def main() -> None:
    args = parse_args()
    skip = {name.strip() for name in args.skip.split(",") if name.strip()}
    url = args.database_url
    env = db.django_env(url, args.redis_url)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "LOG_LEVEL")})
    started = time.monotonic()
    timings: dict[str, float] = {}
    log(f"database {db.db_name(url)}, N={args.n:,}, UNITS={args.units:,}")
    _flush_cache(args.redis_url)  # pages cached by an earlier run (of another database) must not answer
    meta, generation = prepare(args, url)
    timings.update({f"generate.{k}": v for k, v in generation.items()})
    who = accounts(meta)
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0), count(*) FROM submissions_initiative")
        watermark, count = cur.fetchone()
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('submissions_initiative'))")
        table_size = cur.fetchone()[0]
    figures: dict = {}
    activity = {"load_average_start": os.getloadavg(), "other_sessions_start": _other_sessions()}
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    plan = [
        ("recompute", lambda: figure_recompute(args, env)),
        ("dashboard", lambda: figure_dashboards(args, who)),
        ("queue", lambda: figure_queue(args, who)),
        ("search", lambda: figure_search(args, who)),
        ("showcase", lambda: figure_showcase(args, who)),
        ("export", lambda: figure_export(args, who, env)),
        ("workbook", lambda: figure_workbook(args, env)),
        ("digests", lambda: figure_digests(args, env)),
        ("submit", lambda: figure_submit(args, who, env, workdir)),
        ("import", lambda: figure_import(args, env, workdir)),
    ]
    try:
        for name, run in plan:
            if name in skip:
                continue
            if name == "submit":
                # Everything before this writes nothing: a different count means someone else wrote.
                with connection.cursor() as cur:
                    cur.execute("SELECT count(*) FROM submissions_initiative")
                    activity["initiatives_before_writes"] = cur.fetchone()[0]
                if activity["initiatives_before_writes"] != count:
                    log(f"  WARNING: {activity['initiatives_before_writes'] - count:+,} initiatives appeared during the "
                        "read-only figures: another process writes to this database, the figures are not clean")
            if name in ("dashboard", "workbook") and "recompute" in skip:
                from reports.models import AggregateSet
                from reports.services import aggregates_recompute

                if not AggregateSet.objects.filter(is_current=True).exists():
                    aggregates_recompute()
            log(f"{name}")
            t = time.monotonic()
            try:
                figures[name] = run()
            except Exception as exc:  # noqa: BLE001 - one failing figure must not lose the others
                log(f"  {name} FAILED: {type(exc).__name__}: {exc}")
                figures[name] = {"error": f"{type(exc).__name__}: {exc}"}
            timings[f"measure.{name}_s"] = round(time.monotonic() - t, 1)
            if name == "recompute":
                timings["measure.vacuum_aggregates_s"] = _settle_after_recompute()
                activity["load_average_after_recompute"] = os.getloadavg()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
        if args.keep:
            removed = remove_written_since(watermark)
            if removed:
                log(f"removed the {removed:,} initiatives the measurements wrote (the kept database stays as generated)")
            _vacuum()
    activity.update(load_average_end=os.getloadavg(), other_sessions_end=_other_sessions(),
                    initiatives_at_start=count)
    clean = {k: v for k, v in figures.items() if not (isinstance(v, dict) and set(v) == {"error"})}
    timings["total_s"] = round(time.monotonic() - started, 1)
    output = summarise(args.n, clean)
    output["details"] = {
        "ran_at": dt.datetime.now().isoformat(timespec="seconds"),
        "machine": machine(),
        "data": {k: v for k, v in meta.items() if k not in ("generation", "complete")}
        | {"initiatives_in_table": count, "initiative_table_size": table_size},
        "timings": timings,
        "activity": activity,
        "figures": figures,
    }
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(json.dumps(output, indent=2, ensure_ascii=False, default=str) + "\n")
    archive = RESULTS / f"n{args.n}-{dt.date.today().isoformat()}.json"
    if Path(args.output).resolve().parent == RESULTS:
        archive.write_text(json.dumps(output, indent=2, ensure_ascii=False, default=str) + "\n")
    print()
    print(table(args.n, clean))
    print()
    print("| phase | seconds |\n|---|---|\n" + "\n".join(f"| {k} | {v} |" for k, v in timings.items()))
    print(f"\nwritten to {args.output}" + (f" and {archive}" if archive.exists() else ""))
    connection.close()
    if args.keep:
        log(f"kept database {db.db_name(url)} (reuse it with REUSE=1)")
    else:
        db.drop(url)
        log(f"dropped database {db.db_name(url)}")
    _flush_cache(args.redis_url)


def _flush_cache(redis_url: str) -> None:
    try:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    except Exception:  # noqa: BLE001, S110 - Redis housekeeping only
        pass


if __name__ == "__main__":
    main()
