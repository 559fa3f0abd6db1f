"""Queue downloads of any title: the text comes back whole, and never as a formula a spreadsheet would run.

On PostgreSQL the CSV lines are written by the database, so this also checks that its
quoting and neutralising agree with Python's for every text.
"""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from hypothesis import example, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from initiatives_portal.tabular import FORMULA_PREFIXES, csv_safe, is_formula_like
from initiatives_portal.tests.test_properties import FORMULAS, SAMPLES
from reviews.services import initiative_submit
from submissions.tests.factories import InitiativeFactory

# What an initiative's title can hold once saved: anything but a NUL (refused by the forms).
storable = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
titles = st.one_of(
    st.text(storable, min_size=1, max_size=80),
    st.sampled_from([s for s in SAMPLES + FORMULAS if "\x00" not in s]),
    st.tuples(st.sampled_from(FORMULA_PREFIXES), st.text(storable, max_size=20)).map("".join),
)


@pytest.fixture
def officer_client(client, school_officer, programme):
    client.force_login(school_officer)
    return client


def _submitted(worker, title: str) -> int:
    initiative = InitiativeFactory(submitter=worker, title=title)
    initiative_submit(initiative=initiative, actor=worker)
    return initiative.pk


@pytest.mark.django_db
@given(title=titles)
@example(title='=HYPERLINK("http://example.invalid","a, b")\r\n"x"')
@example(title="\t=1+1")
def test_a_csv_cell_holds_the_title_whole_and_never_as_a_formula(officer_client, worker, title):
    pk = _submitted(worker, title)

    response = officer_client.get(reverse("reviews:export", args=["csv"]), {"state": "submitted"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    cell = next(row[1] for row in csv.reader(io.StringIO(text, newline="")) if row[0] == str(pk))

    assert cell == csv_safe(title)
    assert not cell.startswith(FORMULA_PREFIXES)


def _as_read_back(title: str) -> str:
    """The title as a spreadsheet reads it: no characters XML cannot hold; carriage returns kept
    when openpyxl writes through lxml (it escapes them), XML's line ends otherwise."""
    from openpyxl.xml import LXML

    cleaned = ILLEGAL_CHARACTERS_RE.sub("", title)
    return cleaned if LXML else cleaned.replace("\r\n", "\n").replace("\r", "\n")


@pytest.mark.django_db
# Each example is a whole workbook written and read back: fewer examples, several titles each.
@settings(max_examples=10)
@given(batch=st.lists(titles, min_size=1, max_size=5))
@example(batch=["@SUM(A1:A3)", "-2+3", "Sáng kiến\r\nmới", "\x1f"])
def test_an_xlsx_cell_holds_the_title_as_text_quoted_when_it_looks_like_a_formula(officer_client, worker, batch):
    expected = {str(_submitted(worker, title)): title for title in batch}

    response = officer_client.get(reverse("reviews:export", args=["xlsx"]), {"state": "submitted"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    cells = {str(row[0].value): row[1] for row in sheet.iter_rows(min_row=2) if str(row[0].value) in expected}

    for pk, title in expected.items():
        assert (cells[pk].value or "") == _as_read_back(title)
        assert cells[pk].value is None or cells[pk].data_type == "s"
        assert cells[pk].quotePrefix == is_formula_like(title)
