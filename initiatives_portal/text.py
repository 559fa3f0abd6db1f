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
