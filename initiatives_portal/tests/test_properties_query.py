"""Any query string on every list page and download: an answer or a refusal, never a server error.

Dates at the ends of the calendar, moments with offsets up to ±14:00, keyset cursors,
numbers past any column's range, NULs and other hostile text, and a parameter given
several times, on the pages that read their query string.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from initiatives_portal.tests.test_properties import dates, moments, short_hostile
from reports.services import aggregates_recompute
from reviews.services import initiative_submit
from submissions import imports
from submissions.tests.factories import InitiativeFactory

# Every parameter a list page or a download reads, and a name none reads.
PARAMS = (
    "state", "q", "field", "category", "unit", "date_from", "date_to", "sort", "after", "before", "as_of", "since",
    "page", "children", "year", "quarter", "status", "at", "behalf-unit", "next", "code", "kind", "unknown",
)
numbers = st.one_of(st.integers(), st.integers(-(10**40), 10**40), st.sampled_from([2**31, 2**63, -(2**63) - 1]))
cursors = st.tuples(moments, numbers).map(lambda pair: f"{pair[0]}_{pair[1]}")
values = st.one_of(dates, moments, cursors, numbers.map(str), short_hostile)
queries = st.dictionaries(
    st.one_of(st.sampled_from(PARAMS), st.text(max_size=10)),
    st.lists(values, min_size=1, max_size=3),  # a parameter given up to three times
    max_size=5,
)

UNIT = "P01-U001"
# (URL name, arguments): every page that lists rows or answers a download.
PAGES = [
    ("home", {}),
    ("reviews:queue", {}),
    ("reviews:export", {"fmt": "csv"}),
    ("reviews:export", {"fmt": "xlsx"}),
    ("reviews:notifications", {}),
    ("accounts:members", {}),
    ("accounts:change_unit", {}),
    ("accounts:register", {}),
    ("reports:home", {}),
    ("reports:dashboard", {"code": UNIT}),
    ("reports:report", {"code": UNIT}),
    ("reports:api_progress", {}),
    ("reports:clusters", {}),
    *[("reports:export", {"code": UNIT, "table": table, "fmt": fmt})
      for table in ("children", "categories", "fields") for fmt in ("csv", "xlsx")],
    ("submissions:mine", {}),
    ("submissions:import", {}),
    ("submissions:import_run", {"pk": "run"}),
    ("submissions:import_errors", {"pk": "run"}),
    ("unions:mine", {}),
    ("unions:search", {}),
    ("unions:detail", {"code": UNIT}),
    ("appointing:appointments", {"code": UNIT}),
    ("appointing:appointment_history", {"code": UNIT}),
]


@pytest.fixture
def officer_client(client, upper_officer, worker, programme):
    """The officer of Ba Đình, with an initiative to list, figures computed and an import run."""
    initiative = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=initiative, actor=worker)
    aggregates_recompute()
    from submissions.tests.test_imports import GOOD, csv_file

    run = imports.import_run_create(upload=csv_file(*GOOD), mode="valid_rows", by=upper_officer, enqueue=False)
    imports.import_run_process(run_id=run.pk)
    client.run_pk = run.pk
    client.force_login(upper_officer)
    return client


def _url(client, name: str, kwargs: dict) -> str:
    return reverse(name, kwargs={k: client.run_pk if v == "run" else v for k, v in kwargs.items()})


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[f"{n}{'-' + '-'.join(map(str, k.values())) if k else ''}"
                                                        for n, k in PAGES])
@given(query=queries)
@example(query={"date_to": ["9999-12-31"], "date_from": ["0001-01-01"], "as_of": ["9999-12-31"]})
@example(query={"date_from": ["0001-01-01"], "since": ["0001-01-01"], "as_of": ["0001-01-01"]})
@example(query={"after": ["0001-01-01T00:00:00+14:00_1"], "before": ["9999-12-31T23:59:59-14:00_1"]})
@example(query={"after": [str(10**40)], "before": [str(-(10**40))], "page": [str(2**63)], "year": [str(10**40)]})
@example(query={"q": ["\x00"], "unit": ["\x00"], "date_to": ["\x00"], "as_of": ["\x00"], "state": ["\x00"]})
@example(query={"state": ["submitted", "approved"], "date_to": ["2022-05-31", "9999-12-31"]})
def test_any_query_string_is_answered_without_a_server_error(officer_client, name, kwargs, query):
    response = officer_client.get(_url(officer_client, name, kwargs), query)

    assert response.status_code < 500, (response.status_code, query)
    if response.streaming:
        b"".join(response.streaming_content)  # a download fails here if it breaks part way
