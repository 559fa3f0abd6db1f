"""Vietnamese alphabetical order from ``sort_key``: letters, then tones, then case."""

import unicodedata

import pytest

from initiatives_portal.text import sort_key


def test_provinces_sort_in_vietnamese_alphabetical_order():
    names = ["Gia Lai", "Đồng Nai", "Bình Định", "Đắk Lắk", "Đà Nẵng", "Bạc Liêu"]
    assert sorted(names, key=sort_key) == ["Bạc Liêu", "Bình Định", "Đà Nẵng", "Đắk Lắk", "Đồng Nai", "Gia Lai"]


def test_d_with_stroke_comes_after_d_and_before_e():
    assert sorted(["Điện Biên", "Eakar", "Dương Kinh"], key=sort_key) == ["Dương Kinh", "Điện Biên", "Eakar"]


def test_capital_and_small_d_with_stroke_are_the_same_letter():
    assert sort_key("Đà").split("\x01")[0] == sort_key("đà").split("\x01")[0]


def test_small_letter_sorts_before_the_capital_of_the_same_word():
    assert sorted(["Đà", "đà"], key=sort_key) == ["đà", "Đà"]


def test_decomposed_input_gives_the_same_key_as_composed():
    for name in ("Đắk Lắk", "Thừa Thiên Huế", "Bà Rịa - Vũng Tàu"):
        assert sort_key(unicodedata.normalize("NFD", name)) == sort_key(name)


@pytest.mark.parametrize(
    "ordered",
    [
        ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "g", "h", "i", "k", "l", "m", "n", "o", "ô", "ơ", "p", "q",
         "r", "s", "t", "u", "ư", "v", "x", "y"],
        ["a", "à", "ả", "ã", "á", "ạ"],
    ],
    ids=["letters", "tones"],
)
def test_alphabet_and_tones_follow_the_dictionary(ordered):
    assert sorted(reversed(ordered), key=sort_key) == ordered


def test_letters_decide_before_tones():
    # "Bà" has a tone and "Bả" another, but the second letters "a" < "ă" decide first.
    assert sorted(["Bắc", "Bạc", "Bác", "Bac"], key=sort_key) == ["Bac", "Bác", "Bạc", "Bắc"]
    assert sorted(["Ăn", "Án"], key=sort_key) == ["Án", "Ăn"]


def test_names_compare_word_by_word():
    assert sorted(["Bình Phước", "Bình Định", "Bình", "Bình Dương"], key=sort_key) == [
        "Bình", "Bình Dương", "Bình Định", "Bình Phước"]


def test_spaces_do_not_change_the_order():
    assert sort_key("Hà  Nội ") == sort_key("Hà Nội")


def test_digits_come_before_letters():
    assert sorted(["Công đoàn A", "Công đoàn 2", "Công đoàn 10"], key=sort_key)[-1] == "Công đoàn A"


def test_empty_name_sorts_first():
    assert sort_key("") == sort_key(None) == ""
    assert sort_key("") < sort_key("A")


def test_key_is_bounded_for_an_index():
    assert len(sort_key("한" * 255)) <= 600


def test_people_sort_by_given_name_then_family_and_middle_names():
    from initiatives_portal.text import person_sort_key

    names = ["Trần Văn Bình", "Nguyễn Thị Lan", "Lê Văn An", "Đặng An"]
    assert sorted(names, key=person_sort_key) == ["Đặng An", "Lê Văn An", "Trần Văn Bình", "Nguyễn Thị Lan"]
