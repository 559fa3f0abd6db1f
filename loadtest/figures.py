"""The figures the load test compares: what the database holds, and what the portal serves."""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import json
import re
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from reports.models import AggregateSet
from submissions.enums import COUNTED_STATES, InitiativeStatus
from submissions.models import Initiative

ROOT = Path(__file__).resolve().parent.parent
RECOMPUTE_TRIES = 30
# Right after the load the web workers may still be answering its last requests.
HTTP_TIMEOUT_SECONDS = 120
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass(frozen=True)
class Figures:
    received: int
    approved: int


def stored() -> Figures:
    """Initiatives in the database: counted toward targets, and approved."""
    counted = Initiative.objects.filter(status__in=COUNTED_STATES)
    return Figures(received=counted.count(), approved=counted.filter(status=InitiativeStatus.APPROVED).count())


def recompute_after(moment: dt.datetime) -> None:
    """Run ``manage.py recompute_progress`` until the current set was started after ``moment``.

    Celery beat recomputes too: a run of the command that finds one in progress is
    skipped, and that one may have started before the last submission was committed.
    """
    for _ in range(RECOMPUTE_TRIES):
        subprocess.run([sys.executable, "manage.py", "recompute_progress"], cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        current = AggregateSet.objects.filter(is_current=True).first()
        if current is not None and current.started_at > moment:
            return
        time.sleep(2)
    raise RuntimeError(f"No recompute started after {moment.isoformat()} in {RECOMPUTE_TRIES} tries.")


def served(base_url: str, login: str, password: str) -> Figures:
    """The national figures of ``/reports/api/progress/?unit=TLD``, read as federation staff."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"{base_url}/accounts/login/", timeout=HTTP_TIMEOUT_SECONDS) as page:
        token = CSRF_TOKEN.search(page.read().decode()).group(1)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": login, "password": password})
    opener.open(f"{base_url}/accounts/login/", data=form.encode(), timeout=HTTP_TIMEOUT_SECONDS).close()
    with opener.open(f"{base_url}/reports/api/progress/?unit=TLD", timeout=HTTP_TIMEOUT_SECONDS) as answer:
        body = json.load(answer)
    return Figures(received=body["received"], approved=body["approved"])
