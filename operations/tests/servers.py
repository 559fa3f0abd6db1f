"""Private servers for the fault tests: Redis, a hung Redis, PostgreSQL, Celery workers, gunicorn.

Each one runs on its own free port and is stopped by the test that started it, so the
shared PostgreSQL and Redis that other tests use are never touched.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings

PG_BIN = Path("/usr/lib/postgresql/15/bin")
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, *, timeout: float, step: float = 0.05, what: str = "condition"):
    """Poll ``condition`` until it returns something truthy; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(step)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}")


def _tcp_open(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
        return True
    return False


class PrivateRedis:
    """A throwaway ``redis-server`` without persistence that can be stopped and started again."""

    def __init__(self, port: int | None = None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_until(self._answers, timeout=10, what="redis-server")

    def _answers(self) -> bool:
        assert self.process.poll() is None, "redis-server exited"
        from redis.exceptions import RedisError

        with contextlib.suppress(RedisError), self.client() as client:
            return client.ping()
        return False

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def client(self):
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=2)


class HungRedis:
    """A TCP server that accepts connections and never answers: a Redis that hangs."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                peer, _address = self.listener.accept()
                self._held.append(peer)

    def close(self) -> None:
        # shutdown() wakes the thread blocked in accept(); close() alone would leave it listening.
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for peer in self._held:
            peer.close()


def _as_postgres_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the ``postgres`` user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class PrivatePostgres:
    """A throwaway PostgreSQL 15 cluster in a temporary directory, trusted on 127.0.0.1."""

    def __init__(self):
        self.port = free_port()
        self.directory = Path(tempfile.mkdtemp(prefix="portal-faults-pg-"))
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
        self.data = self.directory / "data"
        subprocess.run(  # noqa: S603 - fixed arguments
            _as_postgres_user([str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres",
                               "-E", "UTF8", "--no-sync"]),
            check=True, stdout=subprocess.DEVNULL,
        )

    def _ctl(self, *args: str) -> None:
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off"
        subprocess.run(  # noqa: S603 - fixed arguments
            _as_postgres_user([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", options,
                               "-l", str(self.directory / "log"), "-w", *args]),
            check=True, stdout=subprocess.DEVNULL,
        )

    def start(self) -> None:
        self._ctl("start")

    def stop(self, mode: str = "fast") -> None:
        self._ctl("stop", "-m", mode)

    def destroy(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.directory, ignore_errors=True)

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


def database_url() -> str:
    """The URL of the test database pytest-django made, for processes started by a test."""
    from django.db import connection

    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def portal_environment(**overrides: str) -> dict[str, str]:
    """The environment of a portal process started by a test: the test settings, our servers."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "initiatives_portal.test_settings",
        "PYTHONPATH": str(settings.BASE_DIR),
        **overrides,
    }


class CeleryWorker:
    """A real ``celery worker`` process (solo pool) on a private broker and the test database."""

    def __init__(self, broker_url: str, name: str):
        self.log = Path(tempfile.mkstemp(prefix=f"portal-faults-{name}-", suffix=".log")[1])
        self.process = subprocess.Popen(  # noqa: S603 - our own virtualenv's celery
            [str(VENV_BIN / "celery"), "-A", "initiatives_portal", "worker", "--pool", "solo", "--loglevel", "INFO",
             "--without-heartbeat", "--without-gossip", "--without-mingle", "-n", f"{name}@%h"],
            cwd=settings.BASE_DIR,
            env=portal_environment(DATABASE_URL=database_url(), REDIS_URL=broker_url),
            stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )
        wait_until(lambda: " ready." in self.output() or self.process.poll() is not None, timeout=30,
                   step=0.1, what=f"worker {name}")
        assert self.process.poll() is None, self.output()

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when the machine runs out of memory."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.log.unlink(missing_ok=True)


class Gunicorn:
    """The portal served by gunicorn, as in production (two workers), on the given database."""

    def __init__(self, database_url: str, **environment: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.mkstemp(prefix="portal-faults-gunicorn-", suffix=".log")[1])
        self.process = subprocess.Popen(  # noqa: S603 - our own virtualenv's gunicorn
            [str(VENV_BIN / "gunicorn"), "initiatives_portal.wsgi", "--workers", "2", "--bind",
             f"127.0.0.1:{self.port}", "--timeout", "30"],
            cwd=settings.BASE_DIR,
            env=portal_environment(DATABASE_URL=database_url, **environment),
            stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )
        wait_until(lambda: _tcp_open(self.port) or self.process.poll() is not None, timeout=60, step=0.1,
                   what="gunicorn")
        assert self.process.poll() is None, self.log.read_text()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)  # quick shutdown; TERM would wait for the graceful timeout
        self.process.wait(timeout=20)
        self.log.unlink(missing_ok=True)
