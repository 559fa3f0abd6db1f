"""The benchmark's own database: create, migrate, drop, and a small key/value table of what it holds.

Everything here talks to PostgreSQL through psycopg2 directly or through a
``manage.py`` subprocess, so that it works before Django's database exists.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

ROOT = Path(__file__).resolve().parent.parent
META_TABLE = "bench_meta"


def server_url(url: str) -> str:
    """The same server, connected to the ``postgres`` maintenance database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/postgres"))


def db_name(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


def connect(url: str, **kwargs):
    """A psycopg2 connection to ``url`` (postgres://user@host:port/db)."""
    return psycopg2.connect(url, **kwargs)


def exists(url: str) -> bool:
    with connect(server_url(url)) as conn, conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name(url)])
        return cur.fetchone() is not None


def drop(url: str) -> None:
    """Drop the database (terminating its sessions first); nothing happens if it does not exist."""
    conn = connect(server_url(url))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                [db_name(url)],
            )
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(db_name(url))))
    finally:
        conn.close()


def create(url: str) -> None:
    conn = connect(server_url(url))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db_name(url))))
    finally:
        conn.close()


def django_env(url: str, redis_url: str) -> dict[str, str]:
    """The environment of every Django process of the benchmark (runner probes, gunicorn, manage.py)."""
    env = dict(os.environ)
    # One log line per request on the console would bury the runner's output; the cost of
    # formatting it is negligible next to what is measured.
    env.setdefault("LOG_LEVEL", "WARNING")
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=url,
        REDIS_URL=redis_url,
        PYTHONPATH=str(ROOT),
    )
    return env


def migrate(url: str, redis_url: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=django_env(url, redis_url),
        check=True,
    )


def meta_write(url: str, values: dict) -> None:
    with connect(url) as conn, conn.cursor() as cur:
        cur.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key text PRIMARY KEY, value jsonb NOT NULL)")
        for key, value in values.items():
            cur.execute(
                f"INSERT INTO {META_TABLE} (key, value) VALUES (%s, %s) "  # noqa: S608 - constant table name
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [key, json.dumps(value)],
            )


def meta_read(url: str) -> dict:
    """What the generator recorded (empty when the database holds no generated data)."""
    try:
        with connect(url) as conn, conn.cursor() as cur:
            cur.execute("SELECT to_regclass(%s)", [META_TABLE])
            if cur.fetchone()[0] is None:
                return {}
            cur.execute(f"SELECT key, value FROM {META_TABLE}")  # noqa: S608 - constant table name
            return dict(cur.fetchall())
    except psycopg2.OperationalError:
        return {}
