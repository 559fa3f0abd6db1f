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
    initiatives to "verified" with their decisions and stage clock, as N officers' decisions
    since the previous run would (the triggers log them). ``{"full": true}`` reads every initiative; otherwise the run applies
    the change log.
    """
    from django.db import connection
    from django.utils import timezone

    from reports.models import (
        AggregateSet,
        ApprovalDailyCount,
        BacklogFlow,
        BacklogWaiting,
        DailyCount,
        FieldDailyCount,
        FullRecomputeRequest,
        RunningTotal,
    )
    from reports.services import aggregates_recompute

    from .stats import Sampler, mb

    with connection.cursor() as cur:
        if args.get("cold"):
            tables = (DailyCount, FieldDailyCount, ApprovalDailyCount, BacklogWaiting, BacklogFlow, RunningTotal)
            cur.execute(f"TRUNCATE {', '.join(model._meta.db_table for model in tables)}")  # noqa: S608
            if args.get("without_history"):
                # FOR THE BENCH ONLY (``--no-history-run``): a set current over empty tables, so the
                # run is the nightly one, whose check finds every unit different and rebuilds every
                # table but the backlog's flows (which only a run replaying every decision writes:
                # about 40 minutes at 10M). The flows stay empty.
                if not AggregateSet.objects.filter(is_current=True).exists():
                    AggregateSet.objects.create(is_current=True, started_at=timezone.now())
                # The generated tree's requests for a full run (which would replay every decision).
                FullRecomputeRequest.objects.all().delete()
        if args.get("decisions"):
            # As ``reviews.services.initiative_transition`` writes a verification: the state, the
            # stage clock and the decision, at one moment.
            cur.execute(
                "WITH moved AS ("
                "  UPDATE submissions_initiative SET status = 'verified', stage_since = now(), "
                "  stage_waited = interval '0', updated_at = now() WHERE id IN ("
                "    SELECT id FROM submissions_initiative WHERE status = 'submitted' "
                "    ORDER BY md5(id::text || clock_timestamp()::text) LIMIT %s) RETURNING id) "
                "INSERT INTO reviews_decision (initiative_id, action, from_status, to_status, actor_id, actor_role, "
                "actor_unit_id, reason, comment, created_at) "
                "SELECT id, 'verify', 'submitted', 'verified', NULL, 'officer', NULL, '', '', now() FROM moved",
                [args["decisions"]],
            )
        cur.execute("SELECT pg_backend_pid(), current_database()")
        backend, name = cur.fetchone()
        cur.execute("SELECT temp_bytes, temp_files FROM pg_stat_database WHERE datname = %s", [name])
        temp_before = cur.fetchone()
    with Sampler(backend) as sampler:
        t = time.perf_counter()
        history = bool((args.get("cold") and not args.get("without_history")) or args.get("history"))
        new_set = aggregates_recompute(full=bool(args.get("full")), history=history)
        seconds = time.perf_counter() - t
    with connection.cursor() as cur:
        # The statistics collector publishes with a short delay.
        time.sleep(0.7)
        cur.execute("SELECT pg_stat_clear_snapshot()")
        cur.execute("SELECT temp_bytes, temp_files FROM pg_stat_database WHERE datname = %s", [name])
        temp_after = cur.fetchone()
        cur.execute(f"SELECT (SELECT COUNT(*) FROM {BacklogWaiting._meta.db_table}), "  # noqa: S608
                    f"(SELECT COUNT(*) FROM {BacklogFlow._meta.db_table})")
        backlog_waiting_rows, backlog_flow_rows = cur.fetchone()
    return {
        "seconds": round(seconds, 3),
        "daily_rows": new_set.daily_rows if new_set else None,
        "rows_changed": new_set.rows_changed if new_set else None,
        "cold": bool(args.get("cold")),
        "full": new_set.full if new_set else None,
        "changes_read": new_set.changes_read if new_set else None,
        "units_differing": new_set.units_differing if new_set else None,
        "decisions": args.get("decisions", 0),
        "initiatives_read": new_set.initiatives_read if new_set else None,
        "backlog_waiting_rows": backlog_waiting_rows,
        "backlog_flow_rows": backlog_flow_rows,
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


class _BackendsCpu:
    """The CPU time of the PostgreSQL backends of the connections opened while it runs (the
    workbook's own connections, in threads), read from /proc every 10 ms: a backend's time
    is gone once it exits, so the last reading counts (at most 10 ms short each)."""

    def __init__(self) -> None:
        import threading

        self.seen: dict[int, float] = {}
        self._pids: list[int] = []
        self._stop = threading.Event()
        self._sampler = threading.Thread(target=self._sample, daemon=True)

    def _created(self, sender, connection, **kwargs) -> None:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            self._pids.append(cur.fetchone()[0])

    def _sample(self) -> None:
        from .stats import proc_cpu_seconds

        while not self._stop.wait(0.01):
            for pid in list(self._pids):
                cpu = proc_cpu_seconds(pid)
                if cpu is not None:
                    self.seen[pid] = cpu

    def __enter__(self) -> _BackendsCpu:
        from django.db.backends.signals import connection_created

        connection_created.connect(self._created)
        self._sampler.start()
        return self

    def __exit__(self, *exc) -> None:
        from django.db.backends.signals import connection_created

        connection_created.disconnect(self._created)
        self._stop.set()
        self._sampler.join()

    @property
    def seconds(self) -> float:
        return round(sum(self.seen.values()), 3)


def _workbook_download(client, address: str) -> dict:
    """One download of ``address`` read to the end: its wall and CPU seconds, the database's
    CPU (the request's backend and those of the connections the workbook opened in threads;
    parallel workers, if the planner starts any, apart), the load, status and bytes."""
    from django.db import connection

    from .stats import proc_cpu_seconds

    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        backend = cur.fetchone()[0]
    backend_cpu = proc_cpu_seconds(backend)
    with _BackendsCpu() as others:
        t, cpu = time.perf_counter(), time.process_time()
        response = client.get(address)
        size = 0
        for part in response.streaming_content:
            size += len(part)
        seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
        after = proc_cpu_seconds(backend)
    pg_cpu = round(after - backend_cpu + others.seconds, 3) if after is not None and backend_cpu is not None else None
    return {"seconds": round(seconds, 3), "cpu_seconds": round(cpu, 3), "pg_backend_cpu_seconds": pg_cpu,
            "pg_other_backends": len(others.seen), "load_average": os.getloadavg()[0],
            "status": response.status_code, "bytes": size}


def workbook(args: dict) -> dict:
    """The national workbook (``/reports/units/TLD/workbook.xlsx``) through the test client as
    federation staff, read to the end, ``downloads`` times (default 4) in this one process:
    every sheet, the subtree's 130.000 units streamed.

    The first download is a fresh worker's: the probe first imports the WSGI module as
    gunicorn does in each worker before its first request (``worker_start_seconds``: the
    URLconf with its imports, openpyxl among them, when that module loads it, as it does
    since ``initiatives_portal.startup``; before, the first request paid them), then
    downloads with a new database connection and the as-of day's dashboard not yet
    cached. The later ones are what a long-lived worker serves: the link is on the
    dashboard page, which has just built and cached that day's dashboard.

    - ``seconds``, ``rows_per_s``, ``cpu_seconds`` (the process's), ``pg_backend_cpu_seconds``
      (the database's: the request's backend and the backends of the connections the
      workbook opened in threads, sampled from /proc), ``load_median`` (the 1-minute load
      after each): the median of the later downloads, each figure on its own (the headline
      figures);
    - ``load_average``: the load (1, 5, 15 minutes) after the last download;
    - ``first_seconds``, ``first_rows_per_s``, ``first_cpu_seconds``,
      ``first_pg_backend_cpu_seconds``, ``first_load_average``: the first download's;
    - ``worker_start_seconds``: the WSGI module's import;
    - ``runs``: every download's figures in order (``seconds``, ``rows_per_s``,
      ``cpu_seconds``, ``pg_backend_cpu_seconds``, ``pg_other_backends``, ``load_average``
      (1 minute, after it), ``status``, ``bytes``);
    - ``status`` and ``bytes``: the last download's; ``pg_other_backends``: the first's;
    - ``rows``: the rows of every table (the subtree's units, the child units three times,
      the overview's targets), counted after the downloads from what the workbook lists;
      ``units`` and ``children`` its parts;
    - the peak RSS (added by ``main``) is the process's over every download.

    With ``downloads`` 1 the headline figures are the first's (a fresh process only)."""
    import importlib
    import statistics

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from accounts.models import User
    from reports.selectors import unit_dashboard
    from unions.models import Unit

    t = time.perf_counter()
    importlib.import_module(settings.WSGI_APPLICATION.rpartition(".")[0])
    worker_start = time.perf_counter() - t
    client = Client()
    client.force_login(User.objects.get(email=args["user"]))
    root = Unit.objects.get(depth=1)
    address = f"/reports/units/{root.code}/workbook.xlsx?as_of={args['as_of']}"
    runs = [_workbook_download(client, address) for _ in range(max(1, int(args.get("downloads", 4))))]
    with connection.cursor() as cur:
        cur.execute(f"SELECT count(*) FROM {Unit._meta.db_table} WHERE is_active")  # noqa: S608 - the model's table
        units = cur.fetchone()[0]
    dashboard = unit_dashboard(root)
    children = dashboard.children_count if dashboard else 0
    targets = len(dashboard.progress) if dashboard else 0
    rows = units + 3 * children + targets
    for run in runs:
        run["rows_per_s"] = round(rows / run["seconds"], 0) if run["seconds"] else None
    first, later = runs[0], runs[1:] or runs[:1]

    def median(key: str):
        values = [run[key] for run in later if run[key] is not None]
        return round(statistics.median(values), 3) if values else None

    # The process's own CPU time says what the machine's load added to the wall time.
    headline = median("seconds")
    return {"seconds": headline, "rows_per_s": round(rows / headline, 0) if headline else None,
            "cpu_seconds": median("cpu_seconds"), "pg_backend_cpu_seconds": median("pg_backend_cpu_seconds"),
            "load_median": median("load_average"), "load_average": os.getloadavg(),
            "first_seconds": first["seconds"], "first_rows_per_s": first["rows_per_s"],
            "first_cpu_seconds": first["cpu_seconds"], "first_pg_backend_cpu_seconds": first["pg_backend_cpu_seconds"],
            "first_load_average": first["load_average"],
            "worker_start_seconds": round(worker_start, 3), "downloads": len(runs), "runs": runs, "pg_other_backends": first["pg_other_backends"],
            "status": runs[-1]["status"], "bytes": runs[-1]["bytes"],
            "units": units, "children": children, "rows": rows}


def digests(args: dict) -> dict:
    """``reports.digests.digests_build`` for every officer of the country, then once more the
    same day (which must build nothing), inside a transaction rolled back at the end.

    The country's officers: the bench appoints one officer per parent of grassroots unions;
    for the probe every grassroots union without a reviewing officer gets one and every
    other unit without a manager gets a manager (set-based, rolled back), so the digests
    are built for about as many officers as there are units. When the backlog's tables are
    empty (their recompute pipeline not yet filling them), the probe fills them FOR THE
    BENCH ONLY from the initiatives waiting, rolled up the tree in one INSERT ... SELECT
    each, with the default deadlines (10 and 15 days, no unit's own) and the arrivals of the
    last seven days taken from the waiting (``backlog_filled_for_bench`` says so). The day
    built is the one after the last arrival.
    """
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from reports.digests import digests_build
    from reports.models import BacklogFlow, BacklogWaiting, Digest, Escalation

    result: dict = {}
    try:
        with transaction.atomic():
            with connection.cursor() as cur:
                t = time.perf_counter()
                filled = not BacklogWaiting.objects.exists()
                if filled:
                    _bench_backlog_fill(cur)
                result["backlog_filled_for_bench"] = filled
                scale = int(args.get("scale", 1))
                if scale > 1:
                    _bench_backlog_scale(cur, scale)
                result["backlog_scaled_by"] = scale
                result["officers_added"] = _bench_officers(cur)
                cur.execute("ANALYZE reports_backlogwaiting")
                cur.execute("ANALYZE reports_backlogflow")
                cur.execute("ANALYZE unions_appointment")
                cur.execute("ANALYZE accounts_user")
                cur.execute("SELECT max(started_on) + 1 FROM reports_backlogwaiting")
                day = cur.fetchone()[0]
                cur.execute(
                    "SELECT count(DISTINCT user_id) FROM unions_appointment a JOIN accounts_user u ON u.id = a.user_id "
                    "WHERE a.revoked_at IS NULL AND a.role IN ('officer', 'manager') AND u.is_active"
                )
                result["officers"] = cur.fetchone()[0]
                result["setup_seconds"] = round(time.perf_counter() - t, 1)
            result["waiting_rows"] = BacklogWaiting.objects.count()
            result["flow_rows"] = BacklogFlow.objects.count()
            with CaptureQueriesContext(connection) as queries:
                t, cpu = time.perf_counter(), time.process_time()
                built = digests_build(day=day)
                result["seconds"] = round(time.perf_counter() - t, 3)
                result["cpu_seconds"] = round(time.process_time() - cpu, 3)
            result["statements"] = len(queries.captured_queries)
            t = time.perf_counter()
            again = digests_build(day=day)
            result["second_run_seconds"] = round(time.perf_counter() - t, 3)
            result["second_run_built"] = again.built
            result.update(day=day.isoformat(), digests=built.digests, escalations=built.escalations,
                          digest_rows=Digest.objects.count(), escalation_rows=Escalation.objects.count())
            raise _Rollback
    except _Rollback:
        pass
    return result


def _bench_backlog_fill(cur) -> None:
    """FOR THE BENCH ONLY (the recompute pipeline fills these tables in the portal): the waiting
    now, rolled up to every unit above each initiative, and ARRIVED flows for the last week."""
    cur.execute(
        """
        WITH items AS (
            SELECT unit_path, CASE status WHEN 'submitted' THEN 1 ELSE 2 END AS stage,
                   (coalesce(stage_since, first_submitted_at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS started_on,
                   count(*) AS n
            FROM submissions_initiative
            WHERE status IN ('submitted', 'verified') AND unit_path <> ''
            GROUP BY 1, 2, 3
        )
        INSERT INTO reports_backlogwaiting (unit_id, stage, started_on, due_on, n)
        SELECT u.id, i.stage, i.started_on, i.started_on + CASE i.stage WHEN 1 THEN 10 ELSE 15 END, sum(i.n)
        FROM items i
        CROSS JOIN LATERAL generate_series(1, length(i.unit_path) / 4) AS k(depth)
        JOIN unions_unit u ON u.path = left(i.unit_path, 4 * k.depth)
        GROUP BY 1, 2, 3, 4
        """
    )
    cur.execute(
        """
        INSERT INTO reports_backlogflow (unit_id, stage, day, kind, started_on, due_on, n)
        SELECT unit_id, stage, started_on, 1, started_on, due_on, n
        FROM reports_backlogwaiting
        WHERE started_on >= (SELECT max(started_on) - 6 FROM reports_backlogwaiting)
        """
    )


def _bench_backlog_scale(cur, scale: int) -> None:
    """FOR THE BENCH ONLY: the backlog's rows ``scale`` times over, each copy ``1000 × k`` days
    earlier (distinct keys, so exactly ``scale`` times the rows; the copies are long overdue,
    so every unit with a copy is late: a heavier day than a real one), for the shape of a
    larger campaign without generating it."""
    for table, columns, shifted in (
        ("reports_backlogwaiting", "unit_id, stage, started_on, due_on, n",
         "unit_id, stage, started_on - 1000 * k, due_on - 1000 * k, n"),
        ("reports_backlogflow", "unit_id, stage, day, kind, started_on, due_on, n",
         "unit_id, stage, day - 1000 * k, kind, started_on - 1000 * k, due_on - 1000 * k, n"),
    ):
        cur.execute(
            f"INSERT INTO {table} ({columns}) SELECT {shifted} FROM {table}, generate_series(1, %s) AS s(k)",  # noqa: S608
            [scale - 1],
        )


def _bench_officers(cur) -> int:
    """An officer at every grassroots union without a reviewing one, a manager at every other
    unit without a manager (users and appointments in two INSERT ... SELECT each)."""
    from accounts.models import User

    added = 0
    for role, kinds in (("officer", "= 'grassroots'"), ("manager", "<> 'grassroots'")):
        cur.execute(
            f"""
            CREATE TEMP TABLE bench_units ON COMMIT DROP AS
            SELECT u.id FROM unions_unit u
            WHERE u.kind {kinds} AND NOT EXISTS (
                SELECT 1 FROM unions_appointment a WHERE a.unit_id = u.id AND a.revoked_at IS NULL
                AND a.role = ANY(%s))
            """,  # noqa: S608 - two fixed conditions
            [["officer", "manager"] if role == "officer" else ["manager"]],
        )
        cur.execute(
            f"""
            INSERT INTO {User._meta.db_table} (password, is_superuser, email, full_name, category, job_title, workplace,
                qualification, holds_management_post, is_direct_production_worker, is_active, is_staff, date_joined,
                must_set_password, search_name, sort_name, unit_id)
            SELECT '!', false, 'bench.digest.' || %s || '.' || b.id || '@bench.vn', 'Cán bộ ' || b.id, '', '', '',
                '', false, false, true, false, now(), false, '', '', NULL
            FROM bench_units b
            """,  # noqa: S608 - the model's table
            [role],
        )
        cur.execute(
            """
            INSERT INTO unions_appointment (user_id, unit_id, role, granted_at)
            SELECT u.id, b.id, %s, now() FROM bench_units b
            JOIN accounts_user u ON u.email = 'bench.digest.' || %s || '.' || b.id || '@bench.vn'
            """,
            [role, role],
        )
        added += cur.rowcount
        cur.execute("DROP TABLE bench_units")
    return added


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
    "digests": digests,
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
