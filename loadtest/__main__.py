"""``python -m loadtest`` (``make load``): Locust against the running stack, then the figures.

1. Loads the demo tree and programme (``seed_demo``, idempotent) and the load test's
   accounts (population.py) into the stack's database.
2. Recomputes the aggregates and notes what the database holds and the portal serves.
3. Runs Locust headless: 50 workers and 10 officers log in, then for ``--seconds`` the
   workers submit initiatives and the officers verify and approve them (locustfile.py).
4. Prints requests per second, latency percentiles and errors; recomputes again and
   checks that the submissions and approvals the portal confirmed are exactly what the
   database gained and what the national figures of the API gained.

Exits 1 on any failed request or any figure that does not add up. Run it through
loadtest/run.sh, which sets the stack's environment.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import django

ROOT = Path(__file__).resolve().parent.parent
DEMO_UNITS = 200
DEMO_INITIATIVES = 500
# 50 workers and 10 officers (the fixed counts of locustfile.py), started a few per second:
# every log-in is an Argon2 hash, costly by design, and a burst of sixty would queue
# behind each other. The timed run starts once all are in; Locust is stopped in any case
# after RAMP_LIMIT_SECONDS more.
USERS = 60
SPAWN_RATE = 3
RAMP_LIMIT_SECONDS = 300


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60,
                        help="length of the timed run, once everyone is logged in (default 60)")
    parser.add_argument("--host", default=os.environ.get("STACK_URL", "http://127.0.0.1:8100"),
                        help="the stack's address (default $STACK_URL)")
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "stack" / "load",
                        help="where the accounts and Locust's outcome are written (default var/stack/load)")
    return parser.parse_args(argv)


def _prepare(out: Path) -> tuple[str, list[dict[str, str]]]:
    """Seed the demo data and the accounts; keep the password so a second run finds the same accounts."""
    from django.core.management import call_command

    from loadtest.population import as_rows, new_password, population_ensure

    call_command("seed_demo", units=DEMO_UNITS, initiatives=DEMO_INITIATIVES, stdout=io.StringIO())
    out.mkdir(parents=True, exist_ok=True)
    password_file = out / "password"
    if not password_file.exists():
        password_file.touch(mode=0o600)
        password_file.write_text(new_password())
    password = password_file.read_text().strip()
    return password, as_rows(population_ensure(password))


def _locust(host: str, seconds: int, accounts_file: Path, outcome_file: Path) -> dict:
    """Run Locust headless; its outcome (counts and statistics) as the locustfile wrote it."""
    outcome_file.unlink(missing_ok=True)
    env = {**os.environ, "LOADTEST_ACCOUNTS": str(accounts_file), "LOADTEST_OUTCOME": str(outcome_file),
           "LOADTEST_SECONDS": str(seconds)}
    command = [
        str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "loadtest" / "locustfile.py"),
        "--headless", "--host", host, "--users", str(USERS), "--spawn-rate", str(SPAWN_RATE),
        "--run-time", f"{seconds + RAMP_LIMIT_SECONDS}s", "--stop-timeout", "30", "--only-summary",
    ]
    # Locust exits 1 when a request failed; the outcome file says which, and main() decides.
    subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603 - our own Locust, fixed arguments
    return json.loads(outcome_file.read_text(encoding="utf-8"))


def _print_requests(result: dict) -> None:
    print()
    print(f"{'request':34} {'count':>7} {'errors':>6} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7}")
    total = {"name": "all", "requests": result["requests"], "failures": result["failures"], **_percentiles(result)}
    for row in [row for row in result["endpoints"] if row["requests"]] + [total]:
        print(f"{row['name']:34} {row['requests']:>7} {row['failures']:>6} "
              f"{row['p50_ms']:>7.0f} {row['p95_ms']:>7.0f} {row['p99_ms']:>7.0f}")
    login = result["login_ms"]
    print(f"log-ins, before the timed run: p50 {login['p50']:.0f} ms, p95 {login['p95']:.0f} ms, "
          f"max {login['max']:.0f} ms")
    print(f"\n{result['rps']:.1f} requests/s; errors over the whole run, log-ins included: "
          f"{sum(result['errors'].values())}")
    for error, occurrences in result["errors"].items():
        print(f"  {error} (×{occurrences})")


def _percentiles(result: dict) -> dict:
    return {key: result[key] for key in ("p50_ms", "p95_ms", "p99_ms")}


def _checks(result: dict, before: dict, after: dict) -> list[tuple[str, int, int]]:
    """(what, expected, found) for every figure that must agree."""
    outcome = result["outcome"]
    return [
        ("simulated users logged in", USERS, outcome.get("logged_in", 0)),
        ("submissions confirmed = counted initiatives gained in the database",
         outcome.get("submitted", 0), after["stored"].received - before["stored"].received),
        ("counted initiatives in the database = national 'received' served after the recompute",
         after["stored"].received, after["served"].received),
        ("approvals confirmed = approved initiatives gained in the database",
         outcome.get("approve", 0), after["stored"].approved - before["stored"].approved),
        ("approved initiatives in the database = national 'approved' served after the recompute",
         after["stored"].approved, after["served"].approved),
    ]


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "initiatives_portal.settings")
    django.setup()
    from django.utils import timezone

    from loadtest import figures

    password, accounts = _prepare(args.out)
    staff = next(a["login"] for a in accounts if a["role"] == "staff")
    accounts_file = args.out / "accounts.json"
    accounts_file.touch(mode=0o600)
    accounts_file.write_text(json.dumps({"password": password, "accounts": accounts}), encoding="utf-8")

    def snapshot() -> dict:
        figures.recompute_after(timezone.now())
        return {"stored": figures.stored(), "served": figures.served(args.host, staff, password)}

    before = snapshot()
    print(f"before: {before['stored'].received} counted initiatives, {before['stored'].approved} approved")
    result = _locust(args.host, args.seconds, accounts_file, args.out / "outcome.json")
    after = snapshot()

    _print_requests(result)
    outcome = result["outcome"]
    print(f"confirmed by the portal: {outcome.get('drafts', 0)} drafts, {outcome.get('submitted', 0)} submitted, "
          f"{outcome.get('verify', 0)} verified, {outcome.get('approve', 0)} approved")
    failed = bool(result["errors"])
    for what, confirmed, found in _checks(result, before, after):
        ok = confirmed == found
        failed |= not ok
        print(f"{'ok  ' if ok else 'FAIL'} {what}: {confirmed} / {found}")
    print("load test " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
