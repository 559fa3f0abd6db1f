"""Submissions per second through gunicorn: a small threaded HTTP client, standard library only.

Each of ``concurrency`` threads posts one request after the other for ``seconds``
(closed loop, as 16 officers clicking "Gửi"), on a new connection each time as
gunicorn's sync workers close them. Latency is measured from the connection to the
last byte of the answer.
"""

from __future__ import annotations

import http.client
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import uuid6

from .stats import percentile


@dataclass
class LoadResult:
    requests: int = 0
    ok: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    sample_error: str = ""

    def figures(self) -> dict:
        ok_latencies = self.latencies or [0.0]
        return {
            "requests": self.requests,
            "ok": self.ok,
            "errors": self.requests - self.ok,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "seconds": round(self.seconds, 2),
            "rps": round(self.ok / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(percentile(ok_latencies, 0.50) * 1000, 1),
            "p95_ms": round(percentile(ok_latencies, 0.95) * 1000, 1),
            "p99_ms": round(percentile(ok_latencies, 0.99) * 1000, 1),
            "sample_error": self.sample_error,
        }


def request(port: int, method: str, path: str, *, body: bytes = b"", headers: dict | None = None):
    """One request; returns (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, response.getheaders(), data
    finally:
        conn.close()


def wait_ready(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            status, _h, _b = request(port, "GET", "/accounts/login/")
            if status == 200:
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"gunicorn on port {port} did not answer within {timeout} s")
        time.sleep(0.3)


@dataclass
class Session:
    """A logged-in worker: the session cookie and the CSRF token of the intake form."""

    cookie: str
    csrf: str


def open_form(port: int, session_id: str) -> tuple[Session, str]:
    """GET the intake form as the worker; return the session with its CSRF token, and the page."""
    status, headers, body = request(port, "GET", "/initiatives/new/", headers={"Cookie": f"sessionid={session_id}"})
    page = body.decode("utf-8", "replace")
    if status != 200:
        raise RuntimeError(f"GET /initiatives/new/ answered {status}: {page[:300]}")
    csrf_cookie = ""
    for name, value in headers:
        if name.lower() == "set-cookie" and value.startswith("csrftoken="):
            csrf_cookie = value.split(";", 1)[0].split("=", 1)[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if not csrf_cookie or not token:
        raise RuntimeError("the intake form carries no CSRF cookie or token")
    return Session(cookie=f"sessionid={session_id}; csrftoken={csrf_cookie}", csrf=token.group(1)), page


def run(
    port: int,
    path: str,
    make_body: Callable[[int], dict],
    *,
    sessions: list[Session | None],
    seconds: float,
    expect: int,
) -> LoadResult:
    """Post to ``path`` from ``len(sessions)`` threads for ``seconds``; ``expect`` is the success status."""
    result = LoadResult()
    lock = threading.Lock()
    deadline = time.monotonic() + seconds
    start = time.monotonic()

    def worker(index: int, session: Session | None) -> None:
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        if session is not None:
            headers["Cookie"] = session.cookie
        latencies, statuses, error = [], {}, ""
        while time.monotonic() < deadline:
            fields = make_body(index)
            if session is not None:
                fields["csrfmiddlewaretoken"] = session.csrf
            body = urlencode(fields).encode()
            t = time.perf_counter()
            try:
                status, _headers, data = request(port, "POST", path, body=body, headers=headers)
            except OSError as exc:
                status, data = 0, str(exc).encode()
            elapsed = time.perf_counter() - t
            statuses[status] = statuses.get(status, 0) + 1
            if status == expect:
                latencies.append(elapsed)
            elif not error:
                error = f"{status}: {data[:300].decode('utf-8', 'replace')}"
        with lock:
            result.requests += sum(statuses.values())
            result.ok += len(latencies)
            result.latencies.extend(latencies)
            for status, count in statuses.items():
                result.statuses[status] = result.statuses.get(status, 0) + count
            if error and not result.sample_error:
                result.sample_error = error

    threads = [threading.Thread(target=worker, args=(i, s)) for i, s in enumerate(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - start
    return result


def new_key() -> str:
    """A submission key as the intake form draws it (time-ordered, ``new_submission_key``)."""
    return str(uuid6.uuid7())
