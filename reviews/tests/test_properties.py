"""Hostile input through the review pages: a decision is taken or refused with a message, never a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from initiatives_portal.tests.test_properties import (
    assert_form_error_or_redirect,
    assert_no_probe_echoed,
    hostile_text,
    short_hostile,
)
from reviews.services import initiative_submit
from submissions.tests.factories import InitiativeFactory

QUEUE_PARAMS = ("state", "q", "field", "category", "unit", "date_from", "date_to", "sort", "after", "before")

actions = st.one_of(st.sampled_from(["verify", "approve", "return", "reject"]), short_hostile)
reasons = st.one_of(st.sampled_from(["", "duplicate", "not_initiative", "incomplete", "other"]), short_hostile)


@pytest.fixture
def officer_client(client, school_officer, programme):
    client.force_login(school_officer)
    return client


@pytest.mark.django_db
@given(action=actions, reason=reasons, comment=hostile_text)
@example(action="return", reason="", comment="a\x00b")
@example(action="reject", reason="other", comment="<script>alert('xss-probe')</script>")
def test_a_decision_with_any_text_is_taken_or_refused_with_a_message(
    officer_client, worker, action, reason, comment
):
    initiative = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=initiative, actor=worker)
    url = reverse("reviews:detail", args=[initiative.pk])

    response = officer_client.post(url, {"action": action, "reason": reason, "comment": comment})

    assert_form_error_or_redirect(response)
    assert_no_probe_echoed(officer_client.get(url))


@pytest.mark.django_db
@given(params=st.dictionaries(st.sampled_from(QUEUE_PARAMS), short_hostile, min_size=1, max_size=4))
@example(params={"q": "\x00", "unit": "\x00", "after": "\x00"})
@example(params={"after": "2022-05-31T10:00:00+07:00_" + "9" * 40, "date_from": "9999-12-31"})
def test_the_queue_answers_any_filter(officer_client, params):
    response = officer_client.get(reverse("reviews:queue"), params)

    assert response.status_code in (200, 400)
    assert_no_probe_echoed(response)
