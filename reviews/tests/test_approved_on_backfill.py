"""Migration reviews.0007 fills ``Initiative.approved_on`` from the decisions, in local days."""

import datetime as dt
import importlib
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.utils import timezone

from reviews.services import initiative_decide, initiative_submit
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("reviews.migrations.0009_backfill_approved_on").backfill
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: int, month: int, hour: int = 10, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2022, month, day, hour, minute, second, tzinfo=HANOI)


def as_if_at(moment: dt.datetime, write, **kwargs) -> None:
    """``write(**kwargs)`` with the clock at the local ``moment``."""
    real_now = timezone.now
    timezone.now = lambda: moment.astimezone(dt.UTC)
    try:
        write(**kwargs)
    finally:
        timezone.now = real_now


def approved_at(worker, school_officer, upper_officer, moment: dt.datetime) -> Initiative:
    initiative = InitiativeFactory(submitter=worker)
    as_if_at(at(30, 5), initiative_submit, initiative=initiative, actor=worker)
    as_if_at(at(31, 5, 9), initiative_decide, initiative=initiative, action="verify", actor=school_officer)
    as_if_at(moment, initiative_decide, initiative=initiative, action="approve", actor=upper_officer)
    return initiative


def test_the_backfill_gives_each_approved_initiative_the_local_day_of_its_approval(
        tree, programme, worker, school_officer, upper_officer, monkeypatch):
    late = approved_at(worker, school_officer, upper_officer, at(31, 5, 23, 59, 59))  # 16:59:59 UTC
    early = approved_at(worker, school_officer, upper_officer, at(1, 6, 0, 0, 1))  # 17:00:01 UTC, 31/05
    waiting = InitiativeFactory(submitter=worker)
    as_if_at(at(30, 5), initiative_submit, initiative=waiting, actor=worker)
    Initiative.objects.update(approved_on=None)
    monkeypatch.setattr(importlib.import_module("reviews.migrations.0009_backfill_approved_on"), "BATCH", 1)

    backfill(None, SimpleNamespace(connection=connection))

    days = dict(Initiative.objects.values_list("pk", "approved_on"))
    assert days == {late.pk: dt.date(2022, 5, 31), early.pk: dt.date(2022, 6, 1), waiting.pk: None}
