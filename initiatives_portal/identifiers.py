"""Normalisation of the two log-in identifiers: Vietnamese phone numbers and e-mail."""

import re

_PHONE_CHARS = re.compile(r"[\s().-]")
_VN_MOBILE = re.compile(r"^0[1-9][0-9]{8,9}$")


def normalize_phone(raw: str) -> str | None:
    """Return the national form of a Vietnamese phone number ("0912345678"), or None.

    Accepts spaces, dots, dashes and the +84 / 84 prefixes that people type.
    """
    value = _PHONE_CHARS.sub("", raw or "")
    if value.startswith("+84"):
        value = "0" + value[3:]
    elif value.startswith("84") and len(value) in (11, 12):
        value = "0" + value[2:]
    return value if _VN_MOBILE.match(value) else None


def normalize_email(raw: str) -> str:
    """E-mail addresses are compared case-insensitively: store them lower-cased."""
    return (raw or "").strip().lower()


def looks_like_email(identifier: str) -> bool:
    return "@" in (identifier or "")
