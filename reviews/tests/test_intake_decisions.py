"""The intake form's saving, submitting, resubmitting and withdrawing, and the decisions the state machine records."""

import pytest
from django.urls import reverse

from reviews.models import Decision
from reviews.services import initiative_transition
from submissions.models import Initiative


@pytest.fixture
def logged_in(client, worker, programme):
    client.force_login(worker)
    return client


def test_save_as_draft_creates_draft_without_submission_time(logged_in, form_data, worker):
    response = logged_in.post(reverse("submissions:create"), form_data(save="1"))
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert initiative.status == "draft"
    assert initiative.first_submitted_at is None
    assert initiative.submitter == worker and initiative.entered_by == worker
    assert not Decision.objects.exists()


def test_submit_sets_snapshot_time_phase_and_history(logged_in, form_data, worker, tree):
    logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    initiative = Initiative.objects.get()
    assert initiative.status == "submitted"
    assert initiative.first_submitted_at is not None
    assert initiative.unit == tree["school"]
    assert initiative.category == worker.category
    decision = Decision.objects.get()
    assert (decision.action, decision.from_status, decision.to_status, decision.actor) == (
        "submit", "draft", "submitted", worker,
    )


def test_double_post_of_same_form_creates_one_initiative(logged_in, form_data):
    data = form_data(submit="1")
    first = logged_in.post(reverse("submissions:create"), data)
    second = logged_in.post(reverse("submissions:create"), data)
    assert Initiative.objects.count() == 1
    assert Decision.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_double_click_on_submit_button_of_draft_submits_once(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), form_data(save="1"))
    initiative = Initiative.objects.get()
    url = reverse("submissions:submit", args=[initiative.pk])
    logged_in.post(url)
    response = logged_in.post(url)
    assert response.status_code == 302
    assert Decision.objects.filter(initiative=initiative).count() == 1


def test_withdraw_submitted_initiative_records_reason(logged_in, form_data, worker):
    logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    initiative = Initiative.objects.get()
    logged_in.post(reverse("submissions:withdraw", args=[initiative.pk]), {"comment": "Gửi nhầm"})
    initiative.refresh_from_db()
    assert initiative.status == "withdrawn"
    last = Decision.objects.filter(initiative=initiative).last()
    assert (last.action, last.actor, last.comment) == ("withdraw", worker, "Gửi nhầm")


def test_withdrawn_initiative_cannot_be_withdrawn_again(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    initiative = Initiative.objects.get()
    url = reverse("submissions:withdraw", args=[initiative.pk])
    logged_in.post(url)
    assert logged_in.post(url).status_code == 404
    assert Decision.objects.filter(action="withdraw").count() == 1


def test_resubmission_keeps_first_submission_time(logged_in, form_data, worker):
    logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    initiative = Initiative.objects.get()
    first = initiative.first_submitted_at
    initiative_transition(initiative=initiative, action="return", actor=None, actor_role="officer", comment="Bổ sung")
    logged_in.post(reverse("submissions:edit", args=[initiative.pk]), form_data(title="Đã bổ sung", submit="1"))
    initiative.refresh_from_db()
    assert initiative.status == "submitted"
    assert initiative.first_submitted_at == first
    assert initiative.decisions.last().action == "resubmit"
