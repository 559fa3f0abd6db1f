"""The JSON API and the dashboards answer any query string with JSON or a page, never a server error."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from initiatives_portal.tests.test_properties import assert_no_probe_echoed, short_hostile
from reports.services import aggregates_recompute

UNIT_CODES = ("TLD", "P01", "P01-U001", "P01-U001-G0001", "P38")

api_params = st.fixed_dictionaries(
    {},
    optional={
        "unit": st.one_of(st.sampled_from(UNIT_CODES), short_hostile),
        "as_of": st.one_of(st.dates().map(str), short_hostile),
        "format": short_hostile,
        "page": short_hostile,
    },
).flatmap(lambda known: st.dictionaries(short_hostile, short_hostile, max_size=2).map(lambda extra: {**extra, **known}))


@pytest.fixture
def officer_client(client, upper_officer, tree, programme):
    aggregates_recompute()
    client.force_login(upper_officer)
    return client


@pytest.mark.django_db
@given(params=api_params)
@example(params={"unit": "P01-U001\x00", "as_of": "2022-05-31"})
@example(params={"unit": "P01-U001", "as_of": "2022-02-30\x00"})
@example(params={"unit": "<script>alert('xss-probe')</script>", "as_of": "9" * 100_000})
def test_the_progress_api_answers_any_query_with_json(officer_client, params):
    response = officer_client.get(reverse("reports:api_progress"), params)

    assert response.status_code in (200, 400, 404), response.status_code
    if any("\x00" in key + value for key, value in params.items()):
        # Refused before the API sees it: no address may carry a NUL.
        assert response.status_code == 400
    else:
        expected = {"unit", "received", "targets"} if response.status_code == 200 else {"error"}
        assert set(json.loads(response.content)) >= expected


@pytest.mark.django_db
@given(as_of=short_hostile, sort=short_hostile)
@example(as_of="\x00", sort="\x00")
def test_the_dashboard_answers_any_date_and_sort(officer_client, as_of, sort):
    response = officer_client.get(reverse("reports:dashboard", args=["P01-U001"]), {"as_of": as_of, "sort": sort})

    assert response.status_code in (200, 400)
    assert_no_probe_echoed(response)


@pytest.mark.django_db
@given(code=short_hostile.filter(str.strip))
@example(code="\x00")
def test_the_dashboard_of_any_unit_code_is_shown_or_not_found(officer_client, code):
    response = officer_client.get(f"/reports/units/{quote(code, safe='')}/")

    assert response.status_code in (200, 302, 400, 404)
    assert_no_probe_echoed(response)
