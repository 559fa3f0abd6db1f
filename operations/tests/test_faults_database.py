"""PostgreSQL stopping and restarting under the portal served by gunicorn.

The database here is a private PostgreSQL cluster (never the shared one), holding a copy
of the test database's schema. While it is away, pages answer a plain 503 in Vietnamese
with ``Retry-After``; an initiative and its co-authors and attachments are saved all or
nothing; once it is back, the portal serves again by itself, with no restart.
"""

import os
import re
import subprocess
import sys
import threading
import time
import uuid

import psycopg2
import pytest
import requests
from django.conf import settings
from django.db import connection

from accounts.tests.factories import PASSWORD
from submissions.tests.conftest import PDF_BYTES

from .servers import PG_BIN, Gunicorn, PrivatePostgres, portal_environment, wait_until

pytestmark = [
    pytest.mark.skipif(not os.environ.get("PORTAL_FAULTS"), reason="slow: run by make faults"),
    # Only for the schema to copy: pytest-django creates the test database for tests that ask for it.
    pytest.mark.django_db,
    pytest.mark.skipif(not PG_BIN.exists(), reason="needs PostgreSQL 15's server binaries"),
]

DATABASE = "portal_faults"
PHONE = "0912345678"
# Run against the private database by ``manage.py shell``: the reference rows, a unit and a worker.
SEED = f"""
from submissions.default_fields import create_default_fields
from submissions.models import Field
create_default_fields(Field)
from accounts.tests.factories import UserFactory
from unions.tests.factories import UnitFactory
tld = UnitFactory(code="TLD", kind="federation")
UserFactory(unit=UnitFactory(parent=tld, code="G1"), phone="{PHONE}")
"""


@pytest.fixture(scope="module")
def database(django_db_setup, django_db_blocker):
    """A private PostgreSQL with the test database's schema and a worker; yields (server, URL, a field's id)."""
    server = PrivatePostgres()
    server.start()
    try:
        source = connection.settings_dict
        dump = subprocess.run(  # noqa: S603 - fixed arguments
            [str(PG_BIN / "pg_dump"), "--schema-only", "--no-owner", "--no-privileges", "-h", source["HOST"] or
             "127.0.0.1", "-p", str(source["PORT"] or 5432), "-U", source["USER"], source["NAME"]],
            check=True, capture_output=True, env=portal_environment(PGPASSWORD=source["PASSWORD"] or ""),
        ).stdout
        psql = [str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(server.port),
                "-U", "postgres"]
        subprocess.run([*psql, "-c", f"CREATE DATABASE {DATABASE}"], check=True)  # noqa: S603
        subprocess.run([*psql, "-d", DATABASE], input=dump, check=True, capture_output=True)  # noqa: S603
        url = server.url(DATABASE)
        subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            [sys.executable, "manage.py", "shell", "-c", SEED],
            check=True, capture_output=True, env=portal_environment(DATABASE_URL=url), cwd=settings.BASE_DIR,
        )
        with psycopg2.connect(url) as conn, conn.cursor() as cursor:
            cursor.execute("SELECT id FROM submissions_field WHERE code = 'engineering'")
            field_id = cursor.fetchone()[0]
        yield server, url, field_id
    finally:
        server.destroy()


@pytest.fixture(scope="module")
def portal(database):
    """gunicorn on the private database, keeping connections open as a busy deployment would."""
    _server, url, _field = database
    server = Gunicorn(url, CONN_MAX_AGE="60")
    yield server
    server.stop()


def logged_in_session(portal) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{portal.url}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = session.post(f"{portal.url}/accounts/login/", timeout=10, allow_redirects=False,
                            data={"csrfmiddlewaretoken": token, "username": PHONE, "password": PASSWORD})
    assert response.status_code == 302, response.text[:300]
    return session


def post_initiative(session, portal, key: str, field_id: int) -> requests.Response:
    """The intake form with two co-authors and a PDF, submitted at once."""
    data = {
        "csrfmiddlewaretoken": session.cookies["csrftoken"], "submission_key": key, "submit": "1",
        "title": "Cải tiến quy trình tiếp nhận hồ sơ", "field": str(field_id), "summary": "Tóm tắt.", "problem": "Chậm.",
        "solution": "Sắp xếp lại.", "applied_where": "Phòng 1", "first_applied_on": "2022-03-01",
        "benefits": "Nhanh hơn.", "benefit_vnd": "1000000", "recognised_by": "Hội đồng sáng kiến",
        "recognised_on": "2022-03-15", "author_contribution": "50",
        "co-TOTAL_FORMS": "2", "co-INITIAL_FORMS": "0", "co-MIN_NUM_FORMS": "0", "co-MAX_NUM_FORMS": "20",
    }
    for i, name in enumerate(("Trần Văn An", "Lê Thị Bình")):
        data |= {f"co-{i}-full_name": name, f"co-{i}-contribution": "25"}
    return session.post(f"{portal.url}/initiatives/new/", data=data, timeout=30, allow_redirects=False,
                        files={"new_files": ("thuyet-minh.pdf", PDF_BYTES, "application/pdf")})


def test_page_while_database_is_down_is_a_plain_503_in_vietnamese(database, portal):
    server, _url, _field = database
    session = logged_in_session(portal)
    server.stop()
    try:
        response = session.get(f"{portal.url}/initiatives/", timeout=10)
    finally:
        server.start()
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert "Hệ thống đang bận, xin thử lại sau" in response.text
    assert not re.search(r"(?i)traceback|operationalerror|psycopg|postgres|127\.0\.0\.1", response.text)


def test_portal_serves_again_by_itself_after_database_restart(database, portal):
    server, _url, _field = database
    session = logged_in_session(portal)
    assert session.get(f"{portal.url}/initiatives/", timeout=10).status_code == 200
    server.stop()
    server.start()
    # Both gunicorn workers hold a connection the restart broke: each is checked and replaced.
    statuses = [session.get(f"{portal.url}/initiatives/", timeout=10).status_code for _ in range(4)]
    assert statuses == [200] * 4


def test_initiatives_under_load_during_restart_are_all_or_nothing(database, portal):
    server, url, field_id = database
    sessions = [logged_in_session(portal) for _ in range(3)]
    outcomes: list[tuple[str, int]] = []
    stop = threading.Event()

    def submit_until_stopped(session):
        while not stop.is_set():
            key = str(uuid.uuid4())
            try:
                outcomes.append((key, post_initiative(session, portal, key, field_id).status_code))
            except requests.RequestException:
                outcomes.append((key, 0))

    threads = [threading.Thread(target=submit_until_stopped, args=(s,)) for s in sessions]
    for thread in threads:
        thread.start()
    wait_until(lambda: len(outcomes) >= 3, timeout=60, what="submissions before the restart")
    server.stop("immediate")
    time.sleep(1)
    server.start()
    wait_until(lambda: [s for _k, s in outcomes[-3:]] == [302] * 3, timeout=60, what="submissions to succeed again")
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    statuses = {status for _key, status in outcomes}
    assert statuses <= {302, 503}, outcomes
    assert 503 in statuses
    # A browser sends a refused form again: the same key, so never a second initiative.
    for key, status in outcomes:
        if status == 503:
            assert post_initiative(sessions[0], portal, key, field_id).status_code == 302
    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT i.submission_key::text, i.status,"
            " (SELECT count(*) FROM submissions_coauthor c WHERE c.initiative_id = i.id),"
            " (SELECT count(*) FROM submissions_attachment a WHERE a.initiative_id = i.id)"
            " FROM submissions_initiative i"
        )
        saved = {key: (status, co_authors, files) for key, status, co_authors, files in cursor.fetchall()}
    assert set(saved) == {key for key, _status in outcomes}
    assert set(saved.values()) == {("submitted", 2, 1)}
