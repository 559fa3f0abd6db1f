"""The English catalogue: complete, compiled, and actually used by the pages.

The catalogue is read with a small parser of its own (no polib at test time); the
compiled ``.mo`` is read with the standard library's ``gettext``.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from submissions.enums import InitiativeStatus

LC_MESSAGES = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
PO_FILE = LC_MESSAGES / "django.po"
MO_FILE = LC_MESSAGES / "django.mo"

VI_HEADING = "Chương trình “1 triệu sáng kiến”"
EN_HEADING = "The “One Million Initiatives” programme"


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    msgid_seen: bool = False


def _unquote(token: str, line: int) -> str:
    """The value of one PO string literal ("..." with C escapes)."""
    token = token.strip()
    if not (len(token) >= 2 and token[0] == token[-1] == '"'):
        raise ValueError(f"{PO_FILE.name}:{line}: expected a quoted string, got {token!r}")
    return ast.literal_eval(token)


def parse_po(path: Path) -> list[Entry]:
    """Every entry of the PO file at ``path``, the header (msgid "") included."""
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] = ("msgid", 0)
    flags: set[str] = set()
    obsolete = False

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        text = raw.strip()
        if text.startswith("#~"):
            obsolete, text = True, text[2:].strip()
        if text.startswith("#,"):
            flags |= {flag.strip() for flag in text[2:].split(",") if flag.strip()}
            continue
        if not text or text.startswith("#"):
            continue
        if text.startswith('"'):
            if entry is None:
                raise ValueError(f"{path.name}:{lineno}: continuation line outside an entry")
            name, slot = target
            if name == "msgstr":
                entry.msgstr[slot] += _unquote(text, lineno)
            else:
                setattr(entry, name, getattr(entry, name) + _unquote(text, lineno))
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', text)
        if not match:
            raise ValueError(f"{path.name}:{lineno}: cannot parse {raw!r}")
        keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3), lineno)
        # A msgctxt always opens an entry; a msgid opens one unless it follows that msgctxt.
        opens = keyword == "msgctxt" or (keyword == "msgid" and (entry is None or entry.msgstr or entry.msgid_seen))
        if opens:
            entry = Entry(line=lineno, flags=flags, obsolete=obsolete)
            entries.append(entry)
            flags, obsolete = set(), False
        if entry is None:
            raise ValueError(f"{path.name}:{lineno}: {keyword} before any msgid")
        if keyword == "msgstr":
            slot = int(index) if index is not None else 0
            entry.msgstr[slot] = value
            target = ("msgstr", slot)
        else:
            setattr(entry, keyword, value)
            entry.msgid_seen = entry.msgid_seen or keyword == "msgid"
            target = (keyword, 0)
    return entries


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    assert PO_FILE.exists(), f"{PO_FILE} is missing: run `make messages`"
    return parse_po(PO_FILE)


@pytest.fixture(scope="module")
def messages(catalogue) -> list[Entry]:
    """The live entries, without the header."""
    return [e for e in catalogue if e.msgid and not e.obsolete]


def _label(entry: Entry) -> str:
    return f"{PO_FILE.name}:{entry.line} {entry.msgid[:60]!r}"


# --- the catalogue ----------------------------------------------------------------------------


def test_catalogue_is_for_english_and_has_a_real_header(catalogue):
    header = catalogue[0]
    assert header.msgid == ""
    assert "fuzzy" not in header.flags
    assert "Language: en\n" in header.msgstr[0]
    assert "charset=UTF-8" in header.msgstr[0]


def test_catalogue_has_many_messages(messages):
    # A sanity floor: the parser read the file and the app's strings are extracted.
    assert len(messages) > 300


def test_every_message_is_translated(messages):
    untranslated = [_label(e) for e in messages if not e.msgstr or not all(e.msgstr.values())]
    assert untranslated == []


def test_no_message_is_fuzzy(messages):
    assert [_label(e) for e in messages if "fuzzy" in e.flags] == []


def test_no_obsolete_messages_are_kept(catalogue):
    assert [_label(e) for e in catalogue if e.obsolete] == []


def test_plural_messages_have_both_forms(messages):
    incomplete = [_label(e) for e in messages if e.msgid_plural is not None and sorted(e.msgstr) != [0, 1]]
    assert incomplete == []


NAMED = re.compile(r"%\((\w+)\)[sdf]")
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def test_translations_keep_placeholders_and_markup(messages):
    broken = []
    for entry in messages:
        for msgstr in entry.msgstr.values():
            same_names = sorted(NAMED.findall(entry.msgid)) == sorted(NAMED.findall(msgstr))
            same_tags = sorted(HTML_TAG.findall(entry.msgid)) == sorted(HTML_TAG.findall(msgstr))
            same_percent = "python-format" not in entry.flags or entry.msgid.count("%%") == msgstr.count("%%")
            if not (same_names and same_tags and same_percent):
                broken.append(f"{_label(entry)} -> {msgstr!r}")
    assert broken == []


def test_translations_are_not_left_in_vietnamese(messages):
    # Vietnamese-only letters in an English msgstr mean a copy-paste, except in the
    # example unit name that is deliberately left as it is written.
    vietnamese = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)
    leftovers = [
        _label(e)
        for e in messages
        for msgstr in e.msgstr.values()
        if vietnamese.search(msgstr) and "Nguyễn Trãi" not in msgstr
    ]
    assert leftovers == []


def test_compiled_catalogue_matches_the_po_file(messages):
    assert MO_FILE.exists(), f"{MO_FILE} is missing: run `make messages`"
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in messages:
        if entry.msgid_plural is not None:
            got = [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)]
            want = [entry.msgstr.get(0), entry.msgstr.get(1)]
        elif entry.msgctxt is not None:
            got, want = compiled.pgettext(entry.msgctxt, entry.msgid), entry.msgstr[0]
        else:
            got, want = compiled.gettext(entry.msgid), entry.msgstr[0]
        if got != want:
            stale.append(_label(entry))
    assert stale == [], "django.mo is out of date: run `make messages`"


# --- the catalogue in use -----------------------------------------------------------------------


def test_gettext_returns_english_when_english_is_active():
    with translation.override("en"):
        assert translation.gettext("Sáng kiến của tôi") == "My initiatives"
        assert str(InitiativeStatus.DRAFT.label) == "Draft"
        assert str(InitiativeStatus.RETURNED.label) == "Returned for revision"
    with translation.override("vi"):
        assert translation.gettext("Sáng kiến của tôi") == "Sáng kiến của tôi"


@pytest.mark.django_db
def test_home_page_is_vietnamese_by_default(client):
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert VI_HEADING in html
    assert EN_HEADING not in html


@pytest.mark.django_db
def test_language_switcher_turns_the_site_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in html
    assert EN_HEADING in html
    assert VI_HEADING not in html


@pytest.mark.django_db
def test_signed_in_pages_are_english_too(client, worker):
    client.force_login(worker)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    html = client.get(reverse("submissions:mine")).content.decode()
    assert "<h1" in html and "My initiatives</h1>" in html
    assert "Sáng kiến của tôi" not in html
    assert "Log out" in html
