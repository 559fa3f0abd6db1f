"""Hostile input through the intake pages: a form error or a saved initiative, never a server error.

Whatever is saved is shown back escaped on the page the user is sent to.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st

from initiatives_portal.tests.test_properties import (
    assert_form_error_or_redirect,
    assert_no_probe_echoed,
    hostile_text,
    short_hostile,
)
from submissions.tests.factories import InitiativeFactory
from submissions.workflow import workflow

TEXT_INPUTS = (
    "title", "summary", "problem", "solution", "applied_where", "application_conditions",
    "first_application_participants", "benefits", "recognised_by", "author_workplace", "author_job_title",
    "author_qualification", "co-0-full_name", "co-0-workplace", "co-0-job_title", "co-0-qualification",
)
OTHER_INPUTS = (
    "field", "first_applied_on", "recognised_on", "benefit_vnd", "author_contribution", "co-0-contribution",
    "submission_key", "co-TOTAL_FORMS",
)
BEHALF_INPUTS = ("behalf-unit", "behalf-author_name", "behalf-category", "behalf-account")

hostile_inputs = st.dictionaries(st.sampled_from(TEXT_INPUTS + OTHER_INPUTS), hostile_text, min_size=1, max_size=4)
# Pressing "save as draft" or "submit".
button = st.sampled_from([{"save": "1"}, {"submit": "1"}])


NUL_REFUSED = "Không được chứa ký tự rỗng (NUL)"


def _assert_answer_and_what_it_leads_to(client, response) -> None:
    assert_form_error_or_redirect(response)
    if response.status_code == 302:
        assert_no_probe_echoed(client.get(response["Location"]))


@pytest.fixture
def worker_client(client, worker, programme):
    client.force_login(worker)
    return client


@pytest.fixture
def officer_client(client, school_officer, programme):
    client.force_login(school_officer)
    return client


@pytest.mark.django_db
@given(overrides=hostile_inputs, pressed=button)
def test_new_initiative_with_any_text_is_refused_or_saved(worker_client, form_data, overrides, pressed):
    response = worker_client.post(reverse("submissions:create"), form_data(**pressed, **overrides))

    _assert_answer_and_what_it_leads_to(worker_client, response)


@pytest.mark.django_db
@given(overrides=hostile_inputs, pressed=button)
def test_editing_a_draft_with_any_text_is_refused_or_saved(worker_client, worker, form_data, overrides, pressed):
    draft = InitiativeFactory(submitter=worker)

    response = worker_client.post(reverse("submissions:edit", args=[draft.pk]), form_data(**pressed, **overrides))

    _assert_answer_and_what_it_leads_to(worker_client, response)


@pytest.mark.django_db
@given(
    behalf=st.fixed_dictionaries({name: st.one_of(st.just("P01-U001-G0001"), short_hostile) for name in BEHALF_INPUTS}),
    overrides=st.dictionaries(st.sampled_from(TEXT_INPUTS), hostile_text, max_size=2),
)
def test_initiative_entered_on_behalf_with_any_text_is_refused_or_saved(officer_client, form_data, behalf, overrides):
    data = form_data(submit="1", **behalf, **overrides)

    response = officer_client.post(reverse("submissions:create_on_behalf"), data)

    _assert_answer_and_what_it_leads_to(officer_client, response)


@pytest.mark.django_db
# A narrow space (which input, where the NUL goes): a few examples cover it.
@settings(max_examples=10)
@given(name=st.sampled_from(TEXT_INPUTS), text=short_hostile, at=st.integers(min_value=0, max_value=40))
@example(name="title", text="Sáng kiến", at=3)
def test_a_nul_in_any_text_input_is_refused_in_vietnamese(worker_client, form_data, name, text, at):
    response = worker_client.post(
        reverse("submissions:create"), form_data(save="1", **{name: text[:at] + "\x00" + text[at:]})
    )

    assert response.status_code == 200
    assert NUL_REFUSED in response.content.decode()


@pytest.mark.django_db
@given(comment=hostile_text)
@example(comment="Gửi nhầm\x00")
def test_withdrawing_with_any_comment_is_done_or_refused_with_a_message(worker_client, worker, comment):
    initiative = InitiativeFactory(submitter=worker)
    workflow().submit(initiative=initiative, actor=worker)

    response = worker_client.post(reverse("submissions:withdraw", args=[initiative.pk]), {"comment": comment})

    assert response.status_code == 302
    assert_no_probe_echoed(worker_client.get(response["Location"]))
