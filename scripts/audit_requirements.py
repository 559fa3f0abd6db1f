"""Audit the pinned runtime requirements against an advisory database with pip-audit.

Usage (`make security`): .venv/bin/python scripts/audit_requirements.py [requirements.txt]

A known vulnerability in a pin fails the check (exit 1) and names the fixed versions.
An advisory source that cannot be reached (no network, or a package mirror that does not
serve PyPI's advisory data) is said on one clear line and does not fail the check: the
check must not stop work offline, but it must never claim "no known vulnerabilities"
when nothing was actually audited. PyPI's advisories are tried first, then OSV's.
"""

from __future__ import annotations

import json
import subprocess  # nosec B404  # runs pip-audit from this virtualenv, no shell
import sys
import tempfile
from pathlib import Path

SERVICES = ("pypi", "osv")


def audit(requirements: Path, service: str) -> dict | None:
    """pip-audit's JSON report for ``requirements``, or None when the service could not be asked at all."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        command = [
            sys.executable, "-m", "pip_audit", "--requirement", str(requirements), "--no-deps", "--disable-pip",
            "--vulnerability-service", service, "--format", "json", "--output", str(report),
            "--progress-spinner", "off", "--timeout", "10",
        ]
        # A connection failure makes pip-audit stop before writing its report.
        subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603  # fixed argument list
        if not report.exists():
            return None
        return json.loads(report.read_text(encoding="utf-8"))


def judge(report: dict, service: str) -> int | None:
    """Print the outcome of one report: 1 for a vulnerability, 0 for a clean audit, None if nothing was audited."""
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        return None
    for dependency in dependencies:
        if "skip_reason" in dependency:
            print(f"pip-audit: not audited: {dependency['name']} ({dependency['skip_reason']})")
    vulnerable = [d for d in audited if d.get("vulns")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixed = ", ".join(vuln.get("fix_versions") or []) or "no fixed release yet"
            print(f"pip-audit: VULNERABLE {dependency['name']}=={dependency['version']}: {vuln['id']} (fixed in {fixed})")
    if vulnerable:
        return 1
    print(f"pip-audit: {len(audited)} pinned packages audited against {service}: no known vulnerabilities.")
    return 0


def main(requirements: Path) -> int:
    for service in SERVICES:
        report = audit(requirements, service)
        outcome = judge(report, service) if report is not None else None
        if outcome is not None:
            return outcome
    print(
        f"pip-audit: SKIPPED - no advisory source ({', '.join(SERVICES)}) answered for these pins from this machine; "
        f"{requirements} was NOT audited."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "requirements.txt")))
