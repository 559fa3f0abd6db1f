"""Amounts of đồng as people type them: one meaning or a refusal naming what was typed."""

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from initiatives_portal.money import AmountError, format_vnd, parse_vnd

MAXIMUM = 10**15


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("250000000", 250_000_000),
        ("250.000.000", 250_000_000),
        ("250.000", 250_000),
        ("250 000 000", 250_000_000),
        ("250\u00a0000\u00a0000", 250_000_000),
        ("250\u202f000\u202f000", 250_000_000),
        ("250\u00a0000 000", 250_000_000),  # spaces of any width are one kind of separator
        ("  250.000.000  ", 250_000_000),
        ("250.000.000đ", 250_000_000),
        ("250.000.000 ₫", 250_000_000),
        ("250.000.000 VND", 250_000_000),
        ("250.000.000 VNĐ", 250_000_000),
        (unicodedata.normalize("NFD", "250.000.000 đồng"), 250_000_000),
        ("1.500.000,00", 1_500_000),
        ("1.500.000,0", 1_500_000),
        ("250.000.000\u200f", 250_000_000),
        ("0", 0),
        ("1.000.000.000.000.000", MAXIMUM),
    ],
)
def test_an_amount_with_one_meaning_is_read(typed, amount):
    assert parse_vnd(typed, maximum=MAXIMUM) == amount


@pytest.mark.parametrize("blank", [None, "", "   ", "\u00a0"])
def test_a_blank_amount_is_none(blank):
    assert parse_vnd(blank, maximum=MAXIMUM) is None


@pytest.mark.parametrize(
    ("typed", "code", "message"),
    [
        ("1.500.000,5", "fraction", "“1.500.000,5” có phần lẻ của đồng: hãy ghi số đồng chẵn, không có phần thập phân."),
        ("1,5", "fraction", "“1,5” có phần lẻ của đồng: hãy ghi số đồng chẵn, không có phần thập phân."),
        ("1.5", "ambiguous", "“1.5” không rõ nghĩa: dấu chấm hay khoảng trắng chỉ dùng để tách từng nhóm ba chữ số, "
                             "ví dụ 250.000.000; số tiền tính bằng đồng chẵn."),
        ("250.00.000", "ambiguous", "“250.00.000” không rõ nghĩa: dấu chấm hay khoảng trắng chỉ dùng để tách từng "
                                    "nhóm ba chữ số, ví dụ 250.000.000; số tiền tính bằng đồng chẵn."),
        ("0.500", "ambiguous", "“0.500” không rõ nghĩa: dấu chấm hay khoảng trắng chỉ dùng để tách từng nhóm ba chữ "
                               "số, ví dụ 250.000.000; số tiền tính bằng đồng chẵn."),
        ("1,500", "ambiguous", "“1,500” không rõ nghĩa: dấu phẩy chỉ dùng trước phần thập phân; để tách hàng nghìn "
                               "hãy dùng dấu chấm, ví dụ 1.500.000."),
        ("1,000", "ambiguous", "“1,000” không rõ nghĩa: dấu phẩy chỉ dùng trước phần thập phân; để tách hàng nghìn "
                               "hãy dùng dấu chấm, ví dụ 1.500.000."),
        ("1,500,000", "ambiguous", "“1,500,000” không rõ nghĩa: dấu phẩy chỉ dùng trước phần thập phân; để tách hàng "
                                   "nghìn hãy dùng dấu chấm, ví dụ 1.500.000."),
        ("250.000 000", "mixed", "“250.000 000” dùng lẫn dấu chấm và khoảng trắng: hãy tách các nhóm ba chữ số bằng "
                                 "một loại dấu, ví dụ 250.000.000."),
        ("-250.000", "negative", "“-250.000” là số âm: số tiền không được âm."),
        ("\u2212250.000", "negative", "“\u2212250.000” là số âm: số tiền không được âm."),
        ("1.000.000.000.000.001", "too_large", "“1.000.000.000.000.001” vượt quá mức tối đa 1.000.000.000.000.000 "
                                               "đồng."),
        ("250 triệu", "invalid", "“250 triệu” không phải là số tiền: hãy ghi bằng chữ số, ví dụ 250.000.000 hoặc "
                                 "250000000."),
        ("２５０", "invalid", "“２５０” không phải là số tiền: hãy ghi bằng chữ số, ví dụ 250.000.000 hoặc 250000000."),
        ("NaN", "invalid", "“NaN” không phải là số tiền: hãy ghi bằng chữ số, ví dụ 250.000.000 hoặc 250000000."),
    ],
)
def test_an_amount_without_one_meaning_is_refused_naming_what_was_typed(typed, code, message):
    with pytest.raises(AmountError) as refused:
        parse_vnd(typed, maximum=MAXIMUM)
    assert (refused.value.code, refused.value.message) == (code, message)


def test_a_very_long_amount_is_refused_as_too_large_and_echoed_shortened():
    with pytest.raises(AmountError) as refused:
        parse_vnd("9" * 5000, maximum=MAXIMUM)
    assert refused.value.code == "too_large"
    assert refused.value.message.startswith("“" + "9" * 39 + "…”")


@pytest.mark.parametrize(("cell", "amount"), [(1500000.0, 1_500_000), (1_500_000, 1_500_000),
                                              (Decimal("1500000"), 1_500_000)])
def test_a_spreadsheet_number_is_its_value(cell, amount):
    assert parse_vnd(cell, maximum=MAXIMUM) == amount


@pytest.mark.parametrize(("cell", "code"), [(1500.5, "fraction"), (-3, "negative"), (float("inf"), "invalid"),
                                            (Decimal("NaN"), "invalid"), (Decimal("1e5000"), "too_large"),
                                            (True, "invalid")])
def test_a_spreadsheet_number_that_is_no_amount_is_refused(cell, code):
    with pytest.raises(AmountError) as refused:
        parse_vnd(cell, maximum=MAXIMUM)
    assert refused.value.code == code


@given(st.integers(min_value=0, max_value=MAXIMUM))
def test_an_amount_shown_grouped_reads_back_as_itself(amount):
    assert parse_vnd(format_vnd(amount), maximum=MAXIMUM) == amount
