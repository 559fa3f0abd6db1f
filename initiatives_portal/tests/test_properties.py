"""Hostile input shared by the property tests of every app, and the properties of the text helpers.

The apps' ``test_properties*.py`` post this text through the real pages: whatever a user
types or uploads, the portal answers with a form error or a success, never a server
error, and never sends back a tag it was given.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from initiatives_portal.tabular import FORMULA_PREFIXES, csv_safe, is_formula_like, store_text
from initiatives_portal.text import fold, nfc

# Markup a page would run if it echoed its input raw; each carries a marker of its own.
PROBES = (
    "<script>alert('xss-probe')</script>",
    '"><img src=x onerror=alert("xss-probe")>',
    "</textarea><script>alert('xss-probe')</script>",
    "<svg onload=alert('xss-probe')>",
    "'><iframe src=javascript:alert('xss-probe')>",
)
SQL_LIKE = (
    "'; DROP TABLE submissions_initiative; --",
    "' OR '1'='1",
    "1 UNION SELECT password FROM accounts_user --",
    "%' AND pg_sleep(5) --",
    "%", "_", "\\", "''",
)
CONTROL = ("\x00", "a\x00b", "\x00" * 3, "\x1b[31m", "\u202e", "\ufeff", "\u200b", "\r\n", "\x7f", "\x0b\x0c", "\t=1+1")
EMOJI = ("😀", "👩🏽‍🔧", "🇻🇳", "🏳️‍🌈", "💡🚀✨")
VIETNAMESE = (
    "Sáng kiến cải tiến dây chuyền đóng gói", "Nguyễn Thị Lan", "Đổi mới quy trình khám bệnh",
    "Ứng dụng chuyển đổi số trong công đoàn", "Phòng, chống Covid-19",
)
NFD_VIETNAMESE = tuple(unicodedata.normalize("NFD", text) for text in VIETNAMESE)
NOT_A_NUMBER_OR_DATE = (
    "-1", "0", "9" * 40, "1e999", "NaN", "-Infinity", "١٢٣", "0x1F", "12,5", "1.000.000",
    "2022-02-30", "2022-13-01", "0000-00-00", "9999-12-31", "31/05/2022", "2022-05-31T25:61", "+275760-09-13",
)
# Days and moments at the ends of the calendar, where a local day or an offset leaves what
# UTC (and Python's datetime) can hold.
EXTREME_DATES = ("0001-01-01", "0001-01-02", "9999-12-30", "9999-12-31", "10000-01-01", "0000-12-31")
EXTREME_MOMENTS = (
    "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00-14:00", "0001-01-01", "0001-01-01 00:00",
    "9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59+14:00", "9999-12-31 23:59", "2022-05-31T10:00:00+14:00",
)
dates = st.one_of(st.dates().map(dt.date.isoformat), st.sampled_from(EXTREME_DATES))
# Any moment from year 1 to 9999, with an offset up to ±14:00 (or none: local time).
moments = st.one_of(
    st.sampled_from(EXTREME_MOMENTS),
    st.builds(
        lambda moment, minutes: moment.replace(
            tzinfo=None if minutes is None else dt.timezone(dt.timedelta(minutes=minutes))
        ).isoformat(sep=" " if minutes is None else "T"),
        st.datetimes(),
        st.one_of(st.none(), st.integers(-14 * 60, 14 * 60)),
    ),
)
FORMULAS = ("=HYPERLINK(\"http://example.invalid\")", "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0")
SAMPLES = (PROBES + SQL_LIKE + CONTROL + EMOJI + VIETNAMESE + NFD_VIETNAMESE + NOT_A_NUMBER_OR_DATE + FORMULAS
           + EXTREME_DATES + EXTREME_MOMENTS)

# How the portal's templates mark an error: under a field, beside a choice, or as a message.
ERROR_MARKERS = ("invalid-feedback", "text-danger", "alert-danger")

# 100.000 characters of one kind: a textarea pasted full, or a field of NULs.
long_text = st.sampled_from(["a", "ắ", "😀", "<", "\x00", " ", "="]).map(lambda char: char * 100_000)

# One cell past the csv module's field limit (131.072 characters).
CSV_FIELD_LIMIT = 131_072
past_csv_limit = st.sampled_from(["a", "ắ", ","]).map(lambda char: char * (CSV_FIELD_LIMIT + 1))

short_hostile = st.one_of(st.text(max_size=40), st.sampled_from(SAMPLES))

hostile_text = st.one_of(
    short_hostile,
    long_text,
    st.lists(short_hostile, min_size=2, max_size=4).map("".join),
)


def assert_no_probe_echoed(response) -> None:
    """No markup from the input reaches the page unescaped."""
    body = response.content.decode("utf-8", errors="replace")
    echoed = [probe for probe in PROBES if probe in body]
    assert not echoed, f"raw input in the page: {echoed}"


def assert_form_error_or_redirect(response) -> None:
    """A success is a redirect; anything else is a refused request that says what is wrong."""
    assert response.status_code in (200, 302, 400), response.status_code
    if response.status_code == 200:
        body = response.content.decode()
        assert any(marker in body for marker in ERROR_MARKERS), "a 200 answer must show an error"
    assert_no_probe_echoed(response)


# --- the text helpers ----------------------------------------------------------------------------


@given(short_hostile)
def test_nfc_is_idempotent_and_leaves_no_decomposed_vietnamese(text):
    once = nfc(text)

    assert nfc(once) == once
    assert unicodedata.is_normalized("NFC", once)


@given(short_hostile)
def test_folding_is_idempotent_and_drops_every_vietnamese_mark(text):
    folded = fold(text)

    assert fold(folded) == folded
    assert not any(unicodedata.combining(char) for char in folded)
    assert "đ" not in folded


@given(st.sampled_from(VIETNAMESE + NFD_VIETNAMESE))
def test_folding_makes_composed_and_decomposed_vietnamese_equal(text):
    assert fold(text) == fold(unicodedata.normalize("NFC", text)) == fold(unicodedata.normalize("NFD", text))


# --- spreadsheet cells -------------------------------------------------------------------------------


@given(st.one_of(short_hostile, st.sampled_from(FORMULAS)))
def test_a_csv_cell_never_starts_like_a_formula(text):
    cell = csv_safe(text)

    assert not cell.startswith(FORMULA_PREFIXES)
    assert cell.removeprefix("'") == text if is_formula_like(text) else cell == text


@given(st.one_of(short_hostile, st.sampled_from(FORMULAS)))
def test_an_xlsx_cell_is_text_and_quoted_when_it_looks_like_a_formula(text):
    cell = Workbook().active["A1"]

    store_text(cell, text)

    assert cell.data_type == "s"
    assert cell.quotePrefix == is_formula_like(text)
