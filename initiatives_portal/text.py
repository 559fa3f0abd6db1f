"""Text helpers shared by every app: Unicode normalisation and accent folding."""

import re
import unicodedata

# Combining diacritical marks (U+0300–U+036F): every Vietnamese tone and vowel mark after NFD.
_COMBINING = re.compile("[\u0300-\u036f]+")


def nfc(value: str | None) -> str:
    """Return ``value`` in Unicode NFC with surrounding whitespace removed.

    Vietnamese typed on phones often arrives decomposed (NFD); stored text is always
    NFC so that equal words compare and search equal.
    """
    if value is None:
        return ""
    return unicodedata.normalize("NFC", value).strip()


def fold(value: str | None) -> str:
    """Lower-case ``value`` and strip every diacritic, ``đ`` included.

    "Sáng kiến Đổi mới" becomes "sang kien doi moi": the form used for
    accent-insensitive search on every database.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    stripped = _COMBINING.sub("", decomposed)
    if not stripped.isascii():
        # Marks outside the common block (other scripts): the slower, complete path.
        stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


# Bidirectional embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069): they
# make text display in an order other than the one it is stored in ("Trojan Source"), so a
# title or a name could show one thing and say another. The marks U+200E and U+200F
# only set the direction of neutral characters and stay allowed.
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def has_bidi_controls(value: str) -> bool:
    """Whether ``value`` holds a bidirectional embedding, override or isolate character."""
    return _BIDI_CONTROLS.search(value) is not None


# --- Vietnamese alphabetical order ----------------------------------------------------------------
#
# PostgreSQL orders text by its collation, and ICU's Vietnamese one is not on every server the
# portal runs on (the embedded PostgreSQL has no ICU collations at all); libc's orders
# "Bình Định" before "Bạc Liêu" or "Đà Nẵng" after "Yên Bái". ``sort_key`` computes, in Python, a
# string whose plain code-point order (collation "C", the same on every server) is Vietnamese
# dictionary order, so a column holding it can be indexed and ordered by.

# The alphabet: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, and the letters
# Vietnamese borrows (f, j, w, z) where the Latin alphabet has them.
_ALPHABET = ["a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
             "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z"]
# A letter's rank as one character, after the digits ("0"–"9") and before any other script.
_LETTER_RANK = {letter: chr(0x41 + rank) for rank, letter in enumerate(_ALPHABET)}
# The marks that make a letter of its own (ă, â, ê, ô, ơ, ư): breve, circumflex, horn.
_LETTER_MARKS = {"\u0306": "\u0306", "\u0302": "\u0302", "\u031b": "\u031b"}
# The tones in dictionary order: level (no mark), grave, hook above, tilde, acute, dot below.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_SEPARATOR = "\x01"  # ends the letters, then the tones: a shorter name sorts first
_SPACE = "\x02"
# A B-tree entry must stay well under PostgreSQL's 2.704 bytes.
SORT_KEY_LENGTH = 600


def sort_key(value: str | None) -> str:
    """A key whose code-point order is Vietnamese alphabetical order of ``value``.

    Letters first (ă after a, đ after d, ơ after ô…, case and tone aside), then the tones
    of the letters in turn (a à ả ã á ạ), then case (lower before upper). A run of spaces
    counts as one space, which comes before any letter, so names compare word by word:
    "Bình" < "Bình Dương" < "Bình Định" < "Bình Phước". NFC and NFD input give the same key.
    """
    if not value:
        return ""
    letters: list[str] = []
    tones: list[str] = []
    cases: list[str] = []
    decomposed = unicodedata.normalize("NFD", " ".join(value.split()))
    index = 0
    while index < len(decomposed):
        base = decomposed[index]
        index += 1
        marks = ""
        while index < len(decomposed) and unicodedata.combining(decomposed[index]):
            marks += decomposed[index]
            index += 1
        lower = base.lower()
        letter = unicodedata.normalize("NFC", lower + "".join(m for m in marks if m in _LETTER_MARKS))
        if letter in _LETTER_RANK:
            letters.append(_LETTER_RANK[letter])
        elif lower in _LETTER_RANK:  # a Latin letter with a mark Vietnamese does not use
            letters.append(_LETTER_RANK[lower])
        elif base == " ":
            letters.append(_SPACE)
            continue
        elif base.isdigit() and base.isascii():
            letters.append(base)
            continue
        elif base in _PUNCTUATION:
            letters.append(chr(0x03 + _PUNCTUATION.index(base)))
            continue
        else:
            letters.append(lower if ord(lower) >= 0x80 else base)
            continue
        tones.append(next((_TONES[m] for m in marks if m in _TONES), "0"))
        cases.append("1" if base != lower else "0")
    key = "".join(letters) + _SEPARATOR + "".join(tones) + _SEPARATOR + "".join(cases)
    return key[:SORT_KEY_LENGTH]


def person_sort_key(full_name: str | None) -> str:
    """``sort_key`` for a person's name as Vietnamese lists order people: by the given name
    (the last word), then the family and middle names. "Trần Văn An" comes before
    "Nguyễn Thị Bình"; two "An" are then ordered by "Lê Thị" and "Trần Văn"."""
    words = (full_name or "").split()
    return sort_key(" ".join(words[-1:] + words[:-1]))
