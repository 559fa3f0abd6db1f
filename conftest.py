"""Shared fixtures: a small union tree, the 2022 programme and people in named roles.

Every access test has a stranger: ``other_worker`` (same unit) and
``thanh_hoa_officer`` (another province) must never see what is not theirs.
"""

import datetime as dt
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir

from accounts.tests.factories import UserFactory
from campaign.models import Phase, Programme
from unions.enums import UnitKind
from unions.tests.factories import AppointmentFactory, UnitFactory

# Property tests (test_properties*.py): few examples so the suite stays fast, no deadline
# (an example is a request against the database), and nothing written into the checkout
# (no example database; Hypothesis's own cache goes to the temporary folder). Their
# fixtures (database, users, client) are shared by every example on purpose: each example
# only adds rows and logs in again, so none depends on another.
hypothesis_settings.register_profile(
    "ci", max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
hypothesis_settings.load_profile("ci")
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "portal-hypothesis")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Test databases (one per xdist worker) hand out ids past 1.000.000, each table in a
    block of its own, so no test ever sees a small id (initiatives_portal/sequences.py).

    A transactional test's flush keeps the sequences (and a flush that resets them goes
    back to the block's start), so every later row is past a million too.
    """
    from django.db import connections

    from initiatives_portal.sequences import ids_start_past_a_million

    with django_db_blocker.unblock():
        for alias in connections:
            ids_start_past_a_million(using=alias)


@pytest.fixture(scope="session", autouse=True)
def _celery_configured_from_test_settings():
    """Celery reads Django's settings once, when first used: make that happen now, before a
    test overrides a CELERY_* setting and leaves it in the app for every later test."""
    from initiatives_portal.celery import app

    assert app.conf.task_always_eager


@pytest.fixture(autouse=True)
def _celery_publisher_restored():
    """A test that points the publisher at another broker puts it back: a later test in the
    same process would otherwise publish to the wrong place, or to none, and fail there."""
    from initiatives_portal.celery import app

    before = app.conf.broker_url, app.conf.task_always_eager
    yield
    assert (app.conf.broker_url, app.conf.task_always_eager) == before, "Celery publisher left changed"


@pytest.fixture(autouse=True)
def _site_language():
    """Every test starts in Vietnamese. A request in English leaves English active in its
    thread (the language middleware, like Django's, activates and does not restore, so that a
    streamed response is still written in it), and a later test would print in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


def pytest_configure(config):
    """Each test process keeps its cache entries under its own prefix: the processes share one
    Redis database with the broker tests, and clearing the cache must not empty the others'
    entries, nor the broker's queue another process is reading."""
    from django.conf import settings

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    settings.CACHES["default"]["KEY_PREFIX"] = f"test-{worker}"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Log-in throttling counts failures in the cache: every test starts with none (of its own)."""
    from django.core.cache import cache
    from django.core.cache.backends.redis import RedisCache

    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)
        stale = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if stale:
            client.delete(*stale)
    else:
        cache.clear()


@pytest.fixture
def reference_data(db):
    """Rows the migrations create (the default fields), for transactional tests.

    Each transactional test ends with a flush that empties every table, migrated rows
    included; tests that follow it in the same process get them back from here.
    """
    from submissions.default_fields import create_default_fields
    from submissions.models import Field

    create_default_fields(Field)


@pytest.fixture
def tree(db):
    """TLD → Hà Nội → upper Ba Đình → grassroots school; Thanh Hóa → grassroots company."""
    tld = UnitFactory(code="TLD", name="Tổng Liên đoàn Lao động Việt Nam", kind=UnitKind.FEDERATION)
    ha_noi = UnitFactory(parent=tld, code="P01", name="LĐLĐ thành phố Hà Nội", kind=UnitKind.PROVINCE)
    ba_dinh = UnitFactory(parent=ha_noi, code="P01-U001", name="Công đoàn viên chức quận Ba Đình", kind=UnitKind.UPPER)
    school = UnitFactory(parent=ba_dinh, code="P01-U001-G0001", name="Công đoàn Trường THPT Phan Đình Phùng")
    hospital = UnitFactory(parent=ba_dinh, code="P01-U001-G0002", name="Công đoàn Bệnh viện Đa khoa Đống Đa")
    thanh_hoa = UnitFactory(parent=tld, code="P38", name="LĐLĐ tỉnh Thanh Hóa", kind=UnitKind.PROVINCE)
    factory = UnitFactory(parent=thanh_hoa, code="P38-G0001", name="Công đoàn Công ty CP Mía đường Lam Sơn")
    for unit in (tld, ha_noi, ba_dinh, school, hospital, thanh_hoa, factory):
        unit.refresh_from_db()
    return {
        "tld": tld, "ha_noi": ha_noi, "ba_dinh": ba_dinh, "school": school, "hospital": hospital,
        "thanh_hoa": thanh_hoa, "factory": factory,
    }


@pytest.fixture
def programme(db):
    prog = Programme.objects.create(
        name="1 triệu sáng kiến", starts_on=dt.date(2022, 1, 8), ends_on=dt.date(2023, 9, 1), target=1_000_000
    )
    Phase.objects.create(
        programme=prog, code="phase-1", name="Giai đoạn 1",
        starts_on=dt.date(2022, 1, 8), ends_on=dt.date(2022, 5, 31), target=300_000,
    )
    Phase.objects.create(
        programme=prog, code="phase-2", name="Giai đoạn 2",
        starts_on=dt.date(2022, 6, 1), ends_on=dt.date(2023, 9, 1), target=700_000,
    )
    return prog


@pytest.fixture
def worker(tree):
    return UserFactory(unit=tree["school"], full_name="Nguyễn Thị Lan", phone="0912345678")


@pytest.fixture
def other_worker(tree):
    return UserFactory(unit=tree["school"], full_name="Trần Văn Bình", phone="0987654321")


@pytest.fixture
def school_officer(tree):
    user = UserFactory(unit=tree["school"], full_name="Lê Văn Cường", category="union_official")
    AppointmentFactory(user=user, unit=tree["school"], role="officer")
    return user


@pytest.fixture
def upper_officer(tree):
    """An officer of the upper-level union above the school (no membership of their own)."""
    user = UserFactory(unit=None, full_name="Đỗ Minh Khoa")
    AppointmentFactory(user=user, unit=tree["ba_dinh"], role="officer")
    return user


@pytest.fixture
def thanh_hoa_officer(tree):
    user = UserFactory(unit=tree["factory"], full_name="Phạm Thị Dung", category="union_official")
    AppointmentFactory(user=user, unit=tree["thanh_hoa"], role="officer")
    return user


# Appointing: who may appoint whom (unions' and accounts' tests, the reports' merge tests).


@pytest.fixture
def federation_staff(tree):
    user = UserFactory(unit=None, phone=None, email="tld@congdoan.vn", full_name="Đỗ Thị Mai")
    AppointmentFactory(user=user, unit=tree["tld"], role="staff")
    return user


@pytest.fixture
def province_manager(tree):
    user = UserFactory(unit=None, phone=None, email="hanoi@congdoan.vn", full_name="Phạm Thị Lan Anh")
    AppointmentFactory(user=user, unit=tree["ha_noi"], role="manager")
    return user


@pytest.fixture
def province_staff(tree):
    """Staff of Hà Nội's federation: follows its figures, marks initiatives exemplary, reviews nothing."""
    user = UserFactory(unit=None, full_name="Ngô Văn Tài")
    AppointmentFactory(user=user, unit=tree["ha_noi"], role="staff")
    return user


@pytest.fixture
def hospital_officer(tree):
    """Officer of the hospital's grassroots union, the school's sibling."""
    user = UserFactory(unit=tree["hospital"], full_name="Vũ Hải Yến")
    AppointmentFactory(user=user, unit=tree["hospital"], role="officer")
    return user


@pytest.fixture
def upper_manager(tree):
    user = UserFactory(unit=None, full_name="Lê Minh Tuấn")
    AppointmentFactory(user=user, unit=tree["ba_dinh"], role="manager")
    return user


@pytest.fixture
def candidate(tree):
    """Someone with an account and no role yet."""
    return UserFactory(unit=tree["hospital"], full_name="Vũ Hải Yến")
