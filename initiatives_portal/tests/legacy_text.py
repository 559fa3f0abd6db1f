"""Text as Excel on Vietnamese Windows saves a CSV: Windows-1258, tones as combining marks."""

import unicodedata

_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """``text`` in Windows-1258 as Windows writes it: a letter the code page lacks precomposed
    (ễ, ộ, ì) is its base letter (ê, ô, i) followed by the tone mark."""
    out = bytearray()
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONES))
            out += (base + "".join(p for p in parts if p in _TONES)).encode("cp1258")
    return bytes(out)
