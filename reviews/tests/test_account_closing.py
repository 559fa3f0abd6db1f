"""Closing an account: the author's initiatives stay anonymised, drafts go, notifications go, decisions stay."""

import pytest

from accounts.services import CLOSED_AUTHOR_NAME, user_close
from reviews.models import Decision, Notification
from reviews.services import initiative_decide
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory


@pytest.fixture
def submitted(co_authored_submitted):
    return co_authored_submitted


def test_closing_keeps_the_initiatives_unit_and_snapshot_with_a_placeholder_author(worker, submitted):
    snapshot = Initiative.objects.values("unit", "category", "status", "first_submitted_at", "submitted_on").get()

    user_close(user=worker)

    initiative = Initiative.objects.get()
    assert Initiative.objects.values("unit", "category", "status", "first_submitted_at", "submitted_on").get() == snapshot
    assert initiative.author_name == CLOSED_AUTHOR_NAME
    assert (initiative.author_workplace, initiative.author_job_title) == ("", "")
    assert "lan" not in initiative.search_text
    assert initiative.decisions.count() == 1


def test_closing_deletes_drafts_that_never_counted(worker, programme):
    InitiativeFactory(submitter=worker, title="Bản nháp riêng")

    user_close(user=worker)

    assert not Initiative.objects.filter(title="Bản nháp riêng").exists()


def test_closing_removes_notifications_but_keeps_decisions(worker, submitted, school_officer):
    initiative_decide(initiative=submitted, action="verify", actor=school_officer)

    user_close(user=worker)

    assert not Notification.objects.filter(recipient=worker).exists()
    assert Decision.objects.filter(initiative=submitted).count() == 2
