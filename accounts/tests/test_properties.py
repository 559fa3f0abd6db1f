"""Hostile input through registration and log-in: a form error or a success, never a server error."""

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

STRONG = "Sáng-kiến-2022!"
REGISTRATION_INPUTS = (
    "full_name", "identifier", "password1", "password2", "category", "job_title", "workplace", "qualification",
    "consent",
)
FINDER_PARAMS = ("unit", "at", "q")

phone_numbers = st.integers(min_value=0, max_value=99_999_999).map(lambda n: f"09{n:08d}")


@pytest.mark.django_db
@given(
    phone=phone_numbers,
    overrides=st.dictionaries(st.sampled_from(REGISTRATION_INPUTS), hostile_text, min_size=1, max_size=3),
)
def test_registration_with_any_text_is_refused_or_creates_the_account(client, tree, phone, overrides):
    data = {
        "unit": "P01-U001-G0001", "full_name": "Hoàng Văn Em", "identifier": phone, "password1": STRONG,
        "password2": STRONG, "category": "enterprise", "job_title": "", "workplace": "", "qualification": "",
        "consent": "on", **overrides,
    }

    response = client.post(reverse("accounts:register") + "?unit=P01-U001-G0001", data)

    assert_form_error_or_redirect(response)
    if response.status_code == 302:
        assert_no_probe_echoed(client.get(response["Location"]))
    client.logout()


@pytest.mark.django_db
@given(unit=short_hostile)
@example(unit="P01-U001-G0001\x00")
def test_registration_for_any_posted_unit_is_refused_or_shows_the_finder(client, tree, unit):
    response = client.post(reverse("accounts:register"), {"unit": unit, "full_name": "Hoàng Văn Em"})

    assert response.status_code in (200, 302, 400)
    assert_no_probe_echoed(response)


@pytest.mark.django_db
@given(params=st.dictionaries(st.sampled_from(FINDER_PARAMS), short_hostile, min_size=1))
def test_the_grassroots_finder_answers_any_query(client, tree, params):
    response = client.get(reverse("accounts:register"), params)

    assert response.status_code in (200, 302, 400)
    assert_no_probe_echoed(response)


@pytest.mark.django_db
@given(username=hostile_text, password=hostile_text)
def test_log_in_with_any_text_is_refused_with_a_message(client, worker, username, password):
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})

    assert response.status_code in (200, 400, 403, 429)
    assert_no_probe_echoed(response)
