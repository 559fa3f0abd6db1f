"""Migration reviews.0007 fills ``Initiative.approved_on`` from the decisions, in local days."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.db import connection

from reports.tests.test_periods import approve_at, at
from reports.tests.test_recompute import submit_at
from submissions.models import Initiative

pytestmark = pytest.mark.django_db

backfill = importlib.import_module("reviews.migrations.0007_backfill_approved_on").backfill


def test_the_backfill_gives_each_approved_initiative_the_local_day_of_its_approval(
        tree, programme, worker, school_officer, upper_officer, monkeypatch):
    late = submit_at(worker, at(30, 5))
    approve_at(late, school_officer, upper_officer, at(31, 5, 9), at(31, 5, 23, 59, 59))  # 16:59:59 UTC
    early = submit_at(worker, at(30, 5))
    approve_at(early, school_officer, upper_officer, at(31, 5, 9), at(1, 6, 0, 0, 1))  # 17:00:01 UTC, 31/05
    waiting = submit_at(worker, at(30, 5))
    Initiative.objects.update(approved_on=None)
    monkeypatch.setattr(importlib.import_module("reviews.migrations.0007_backfill_approved_on"), "BATCH", 1)

    backfill(None, SimpleNamespace(connection=connection))

    days = dict(Initiative.objects.values_list("pk", "approved_on"))
    assert days == {late.pk: dt.date(2022, 5, 31), early.pk: dt.date(2022, 6, 1), waiting.pk: None}
