"""Figures that need a fresh process of their own, so that its peak memory is theirs alone.

``python -m bench.probe NAME JSON_ARGS`` sets Django up (bench settings, the bench
database from the environment), notes the resident memory at that point, runs the probe,
and prints ``BENCH_RESULT {json}`` with the seconds, the process's peak RSS (VmHWM) and
the probe's own figures.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import time


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()


class _Rollback(Exception):
    pass


def recompute(args: dict) -> dict:
    """``reports.services.aggregates_recompute`` once, with the PostgreSQL backend's memory sampled.

    ``{"cold": true}`` empties the aggregate tables first (a first run, or after a
    migration): every row is written. ``{"decisions": N}`` first moves N random submitted
    initiatives to "verified", as N officers' decisions since the previous run would (the
    triggers log them). ``{"full": true}`` reads every initiative; otherwise the run applies
    the change log.
    """
    from django.db import connection

    from reports.models import DailyCount, FieldDailyCount, RunningTotal
    from reports.services import aggregates_recompute

    from .stats import Sampler, mb

    with connection.cursor() as cur:
        if args.get("cold"):
            tables = ", ".join(model._meta.db_table for model in (DailyCount, FieldDailyCount, RunningTotal))
            cur.execute(f"TRUNCATE {tables}")  # noqa: S608
        if args.get("decisions"):
            cur.execute(
                "UPDATE submissions_initiative SET status = 'verified', updated_at = now() WHERE id IN ("
                "  SELECT id FROM submissions_initiative WHERE status = 'submitted' "
                "  ORDER BY md5(id::text || clock_timestamp()::text) LIMIT %s)",
                [args["decisions"]],
            )
        cur.execute("SELECT pg_backend_pid(), current_database()")
        backend, name = cur.fetchone()
        cur.execute("SELECT temp_bytes, temp_files FROM pg_stat_database WHERE datname = %s", [name])
        temp_before = cur.fetchone()
    with Sampler(backend) as sampler:
        t = time.perf_counter()
        new_set = aggregates_recompute(full=bool(args.get("full")))
        seconds = time.perf_counter() - t
    with connection.cursor() as cur:
        # The statistics collector publishes with a short delay.
        time.sleep(0.7)
        cur.execute("SELECT pg_stat_clear_snapshot()")
        cur.execute("SELECT temp_bytes, temp_files FROM pg_stat_database WHERE datname = %s", [name])
        temp_after = cur.fetchone()
    return {
        "seconds": round(seconds, 3),
        "daily_rows": new_set.daily_rows if new_set else None,
        "rows_changed": new_set.rows_changed if new_set else None,
        "cold": bool(args.get("cold")),
        "full": new_set.full if new_set else None,
        "changes_read": new_set.changes_read if new_set else None,
        "decisions": args.get("decisions", 0),
        "initiatives_read": new_set.initiatives_read if new_set else None,
        "pg_backend_peak_rss_mb": mb(sampler.peak_rss),
        "pg_backend_peak_anon_mb": mb(sampler.peak_anon),
        "pg_temp_written_mb": round((temp_after[0] - temp_before[0]) / 1048576, 1),
        "pg_temp_files": temp_after[1] - temp_before[1],
    }


def units_import(args: dict) -> dict:
    """``manage.py import_units FILE`` on a generated file, rolled back afterwards."""
    from django.core.management import call_command
    from django.db import transaction

    from unions.models import Unit

    before = Unit.objects.count()
    t = time.perf_counter()
    created = 0
    try:
        with transaction.atomic():
            call_command("import_units", args["path"], stdout=io.StringIO(), stderr=io.StringIO())
            created = Unit.objects.count() - before
            seconds = time.perf_counter() - t
            raise _Rollback
    except _Rollback:
        pass
    return {"seconds": round(seconds, 3), "rows": args["rows"], "created": created}


def initiatives_import(args: dict) -> dict:
    """``manage.py import_initiatives FILE`` (the contract of DESIGN.md), committed; the runner
    removes the rows afterwards when it keeps the database."""
    from django.core.management import call_command

    from submissions.models import Initiative

    before = Initiative.objects.count()
    out, err = io.StringIO(), io.StringIO()
    t = time.perf_counter()
    try:
        call_command("import_initiatives", args["path"], *args.get("extra", []), stdout=out, stderr=err)
        error = None
    except SystemExit as exit_:
        error = f"exit status {exit_.code}"
    except Exception as exc:  # noqa: BLE001 - reported as the figure's error, the run goes on
        error = f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - t
    created = Initiative.objects.count() - before
    return {
        "seconds": round(seconds, 3),
        "rows": args["rows"],
        "created": created,
        "error": error,
        "output_tail": (out.getvalue() + err.getvalue())[-600:],
    }


def export_reference(args: dict) -> dict:
    """The bench-only streaming CSV export of a unit's initiatives, read to the end through the test client."""
    from django.test import Client

    from accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=args["user"]))
    t = time.perf_counter()
    response = client.get(f"/bench/reference-export/{args['code']}.csv")
    lines = size = 0
    for part in response.streaming_content:
        size += len(part)
        lines += part.count(b"\n")
    seconds = time.perf_counter() - t
    return {"seconds": round(seconds, 3), "status": response.status_code, "rows": max(0, lines - 1),
            "bytes": size}


def export_queue(args: dict) -> dict:
    """The application's streaming CSV export of the review queue (``reviews.exports.queue_csv``),
    every state, for an officer of the largest province, read to the end."""
    from accounts.models import User
    from reviews import exports
    from reviews.selectors import QueueFilters

    user = User.objects.get(email=args["user"])
    t = time.perf_counter()
    response = exports.queue_csv(user, QueueFilters(state=""))
    lines = size = 0
    for part in response.streaming_content:
        size += len(part)
        lines += part.count(b"\n")
    seconds = time.perf_counter() - t
    return {"seconds": round(seconds, 3), "rows": max(0, lines - 1), "bytes": size}


def workbook(args: dict) -> dict:
    """The national workbook (``/reports/units/TLD/workbook.xlsx``) through the test client as
    federation staff, read to the end: every sheet, the subtree's 130.000 units streamed.

    ``rows`` are the rows of every table (the subtree's units, the child units three times,
    the overview's targets), counted after the download from what the workbook lists."""
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from reports.selectors import unit_dashboard
    from unions.models import Unit

    from .stats import proc_cpu_seconds

    client = Client()
    client.force_login(User.objects.get(email=args["user"]))
    root = Unit.objects.get(depth=1)
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        backend = cur.fetchone()[0]
    backend_cpu = proc_cpu_seconds(backend)
    t, cpu = time.perf_counter(), time.process_time()
    response = client.get(f"/reports/units/{root.code}/workbook.xlsx?as_of={args['as_of']}")
    size = 0
    for part in response.streaming_content:
        size += len(part)
    seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
    after = proc_cpu_seconds(backend)
    # The database's own CPU (its backend; parallel workers, if the planner starts any, apart).
    pg_cpu = round(after - backend_cpu, 3) if after is not None and backend_cpu is not None else None
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {Unit._meta.db_table} WHERE is_active")  # noqa: S608 - the model's table
        units = cur.fetchone()[0]
    dashboard = unit_dashboard(root)
    children = dashboard.children_count if dashboard else 0
    targets = len(dashboard.progress) if dashboard else 0
    # The process's own CPU time says what the machine's load added to the wall time.
    return {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "pg_backend_cpu_seconds": pg_cpu,
            "load_average": os.getloadavg(), "status": response.status_code,
            "units": units, "children": children,
            "rows": units + 3 * children + targets, "bytes": size}


def write_csv(path: str, header: list[str], rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


PROBES = {
    "recompute": recompute,
    "units_import": units_import,
    "initiatives_import": initiatives_import,
    "export_reference": export_reference,
    "export_queue": export_queue,
    "workbook": workbook,
}


def main() -> None:
    name, raw = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "{}"
    from .stats import mb, proc_status

    _setup()
    baseline = proc_status().get("VmRSS")
    result = PROBES[name](json.loads(raw))
    status = proc_status()
    result.update(
        peak_rss_mb=mb(status.get("VmHWM")),
        baseline_rss_mb=mb(baseline),
    )
    print("BENCH_RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
