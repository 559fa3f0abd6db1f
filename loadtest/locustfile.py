"""Locust users for ``make load``: workers submitting initiatives, officers deciding them.

Run by ``python -m loadtest`` (see __main__.py), which passes the accounts file in
LOADTEST_ACCOUNTS and the length of the timed run in LOADTEST_SECONDS, and reads the
outcome written to LOADTEST_OUTCOME. The timed run starts once every user has logged
in (the statistics start over then) and ends LOADTEST_SECONDS later. Every simulated
user logs in through the log-in form and works as a browser would: it reads each form
for its CSRF token and hidden fields, posts it, and reads the page it is sent to. An
action is counted as accepted only when the portal confirms it on that page.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import re
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import gevent
from locust import FastHttpUser, between, events, task
from locust.exception import StopUser

ACCOUNTS = json.loads(Path(os.environ["LOADTEST_ACCOUNTS"]).read_text(encoding="utf-8"))
HEADERS = {"Accept-Language": "vi", "User-Agent": "portal-loadtest"}

HIDDEN_INPUT = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FIELD_SELECT = re.compile(r'<select name="field".*?</select>', re.S)
OPTION_VALUE = re.compile(r'<option value="(\d+)"')
QUEUE_ITEM = re.compile(r'href="/reviews/(\d+)/"')
ACTION_RADIO = re.compile(r'name="action" value="(\w+)"')
DETAIL_PATH = re.compile(r"^/initiatives/(\d+)/$")
ANY_ID = re.compile(r"/\d+/")

# What the simulated users got the portal to accept, confirmed by the page that followed.
outcome: Counter = Counter()
# How long each log-in took (the login page and the form), in milliseconds.
login_ms: list[float] = []
# Every failed request of the whole run, log-ins included: Locust's statistics start over.
failures: Counter = Counter()


def _accounts_of(*roles: str):
    return itertools.cycle([a for a in ACCOUNTS["accounts"] if a["role"] in roles])


WORKER_ACCOUNTS = _accounts_of("worker")
OFFICER_ACCOUNTS = _accounts_of("verifier", "approver")


class PortalUser(FastHttpUser):
    """A browser-like session on the portal."""

    abstract = True
    default_headers = HEADERS

    def log_in(self, login: str) -> None:
        """Log in through the form; timed here, as the statistics start over once every user is in."""
        started = time.perf_counter()
        page = self.client.get("/accounts/login/", name="GET /accounts/login/")
        data = {"csrfmiddlewaretoken": _csrf(page.text), "username": login, "password": ACCOUNTS["password"]}
        with self.client.post("/accounts/login/", data=data, name="POST /accounts/login/",
                              allow_redirects=False, catch_response=True) as response:
            if response.status_code != 302 or "/accounts/login/" in _location(response):
                response.failure(f"log-in of {login} refused ({response.status_code})")
                outcome["login_failures"] += 1
                gevent.spawn(self.environment.runner.quit)
                raise StopUser
        outcome["logged_in"] += 1
        login_ms.append((time.perf_counter() - started) * 1000)
        if outcome["logged_in"] == Worker.fixed_count + Officer.fixed_count:
            _timed_run_start(self.environment)

    def confirmed(self, path: str, name: str, *expected: str) -> str | None:
        """GET the page a form sent us to: its text if it shows every expected text (the success message)."""
        with self.client.get(path, name=name, catch_response=True) as page:
            text = html.unescape(page.text or "")
            missing = [e for e in expected if e not in text]
            if missing:
                page.failure(f"{path} does not confirm: {missing[0]!r} missing")
                return None
        return text


class Worker(PortalUser):
    """A union member who fills in the initiative form, saves it as a draft, then submits it."""

    fixed_count = 50
    wait_time = between(2, 6)

    def on_start(self) -> None:
        self.login = next(WORKER_ACCOUNTS)["login"]
        self.sequence = itertools.count(1)
        self.log_in(self.login)

    @task
    def submit_initiative(self) -> None:
        form = self.client.get("/initiatives/new/", name="GET /initiatives/new/")
        title = f"Cải tiến quy trình kiểm tra thiết bị số {next(self.sequence)} của {self.login}"
        data = {**_hidden_inputs(form.text), **_initiative_fields(title, form.text), "save": "1"}
        with self.client.post("/initiatives/new/", data=data, name="POST /initiatives/new/",
                              allow_redirects=False, catch_response=True) as response:
            match = DETAIL_PATH.match(urlsplit(_location(response)).path)
            if response.status_code != 302 or match is None:
                response.failure(f"draft not created ({response.status_code})")
                return
        detail = f"/initiatives/{match.group(1)}/"
        page = self.confirmed(detail, "GET /initiatives/[id]/", "Đã lưu bản nháp", title)
        if page is None:
            return
        outcome["drafts"] += 1
        with self.client.post(f"{detail}submit/", data={"csrfmiddlewaretoken": _csrf(page)},
                              name="POST /initiatives/[id]/submit/", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302 or urlsplit(_location(response)).path != f"{detail}receipt/":
                response.failure(f"submission refused ({response.status_code})")
                return
        if self.confirmed(f"{detail}receipt/", "GET /initiatives/[id]/receipt/", f"Đã gửi sáng kiến “{title}”"):
            outcome["submitted"] += 1


class Officer(PortalUser):
    """A union officer who opens the first initiative their queue lists for their stage and decides it."""

    fixed_count = 10
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.log_in(next(OFFICER_ACCOUNTS)["login"])

    @task
    def decide_next(self) -> None:
        queue = self.client.get("/reviews/", name="GET /reviews/")
        waiting = QUEUE_ITEM.findall(queue.text or "")
        if not waiting:
            return
        path = f"/reviews/{waiting[0]}/"
        page = self.client.get(path, name="GET /reviews/[id]/")
        actions = [a for a in ACTION_RADIO.findall(page.text or "") if a in ("verify", "approve")]
        if not actions:
            return
        data = {"csrfmiddlewaretoken": _csrf(page.text), "action": actions[0], "reason": "",
                "comment": "Đồng ý, sáng kiến đã được áp dụng tại đơn vị."}
        with self.client.post(path, data=data, name="POST /reviews/[id]/", allow_redirects=False,
                              catch_response=True) as response:
            if response.status_code != 302 or urlsplit(_location(response)).path != "/reviews/":
                response.failure(f"{actions[0]} refused ({response.status_code})")
                return
        if self.confirmed("/reviews/", "GET /reviews/", "Đã ghi nhận"):
            outcome[actions[0]] += 1


def _timed_run_start(environment) -> None:
    """Everyone is in: measure from now on, for LOADTEST_SECONDS, then stop every user."""
    environment.stats.reset_all()
    gevent.spawn_later(int(os.environ["LOADTEST_SECONDS"]), environment.runner.quit)


def _location(response) -> str:
    return response.headers.get("Location", "") if response.headers else ""


def _csrf(text: str | None) -> str:
    match = CSRF_TOKEN.search(text or "")
    return match.group(1) if match else ""


def _hidden_inputs(text: str | None) -> dict[str, str]:
    """The form's hidden fields: CSRF token, submission key, co-author management form."""
    return {name: html.unescape(value) for name, value in HIDDEN_INPUT.findall(text or "")}


def _initiative_fields(title: str, text: str | None) -> dict[str, str]:
    """What a worker types into the statutory form (one field picked from the drop-down)."""
    select = FIELD_SELECT.search(text or "")
    options = OPTION_VALUE.findall(select.group(0)) if select else []
    return {
        "title": title,
        "field": options[len(title) % len(options)] if options else "",
        "summary": "Thay sổ ghi chép bằng phiếu kiểm tra có mã QR, rút ngắn thời gian kiểm tra mỗi ca.",
        "problem": "Việc kiểm tra thiết bị đầu ca ghi chép tay, mất nhiều thời gian và dễ bỏ sót.",
        "solution": "Dán mã QR lên từng thiết bị; công nhân quét mã và đánh dấu các hạng mục trên điện thoại.",
        "applied_where": "Phân xưởng sản xuất",
        "first_applied_on": "2026-03-02",
        "application_conditions": "Điện thoại có camera, mạng nội bộ.",
        "first_application_participants": "Tổ bảo trì phân xưởng",
        "benefits": "Giảm 15 phút kiểm tra mỗi ca, không còn bỏ sót hạng mục.",
        "benefit_vnd": "45000000",
        "recognised_by": "Hội đồng sáng kiến công ty",
        "recognised_on": "2026-04-15",
        "author_workplace": "Phân xưởng sản xuất",
        "author_job_title": "Kỹ thuật viên",
        "author_qualification": "Cao đẳng",
        "author_contribution": "100",
    }


def _login_percentiles() -> dict[str, float]:
    """Nearest-rank percentiles of the log-in times."""
    ordered = sorted(login_ms) or [0.0]
    return {
        "p50": ordered[int(0.50 * (len(ordered) - 1))],
        "p95": ordered[int(0.95 * (len(ordered) - 1))],
        "max": ordered[-1],
    }


@events.request.add_listener
def _count_failure(name: str, exception: Exception | None = None, **_kwargs) -> None:
    """Count the failure under its request and error, ids left out so alike failures add up."""
    if exception is not None:
        failures[f"{name}: {ANY_ID.sub('/[id]/', str(exception))}"] += 1


@events.quitting.add_listener
def _write_outcome(environment, **_kwargs) -> None:
    """Hand the counts and the request statistics to the script that started Locust."""
    total = environment.stats.total
    endpoints = [
        {"name": s.name, "requests": s.num_requests, "failures": s.num_failures,
         "p50_ms": s.get_response_time_percentile(0.5), "p95_ms": s.get_response_time_percentile(0.95),
         "p99_ms": s.get_response_time_percentile(0.99)}
        for s in sorted(environment.stats.entries.values(), key=lambda s: s.name)
    ]
    summary = {
        "outcome": dict(outcome),
        "login_ms": _login_percentiles(),
        "requests": total.num_requests,
        "failures": total.num_failures,
        "rps": total.total_rps,
        "p50_ms": total.get_response_time_percentile(0.5),
        "p95_ms": total.get_response_time_percentile(0.95),
        "p99_ms": total.get_response_time_percentile(0.99),
        "endpoints": endpoints,
        "errors": dict(failures),
    }
    Path(os.environ["LOADTEST_OUTCOME"]).write_text(json.dumps(summary, ensure_ascii=False, indent=1),
                                                    encoding="utf-8")
