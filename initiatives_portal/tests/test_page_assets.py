"""Each page loads only the scripts it uses, and a worker's initiative form stays light."""

import gzip
import re
from html.parser import HTMLParser

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

STATIC_REFERENCE = re.compile(r'(?:src|href)="/static/([^"?#]+)"')
FIRST_VISIT_BUDGET = 60_000  # bytes, compressed: the page and everything it loads


def _scripts(page: str) -> set[str]:
    return set(re.findall(r'<script src="/static/([^"]+)"', page))


def _page(client, user, url) -> str:
    client.force_login(user)
    return client.get(url).content.decode()


def test_no_page_loads_bootstraps_javascript(client, worker):
    assert not any("bootstrap" in script for script in _scripts(_page(client, worker, reverse("submissions:create"))))


def test_error_summary_script_is_on_every_page(client, db):
    assert "js/error-summary.js" in _scripts(client.get(reverse("accounts:login")).content.decode())


def test_worker_initiative_form_loads_no_htmx(client, worker):
    assert "vendor/htmx/htmx.min.js" not in _scripts(_page(client, worker, reverse("submissions:create")))


def test_on_behalf_form_loads_htmx_for_its_unit_search(client, school_officer):
    assert "vendor/htmx/htmx.min.js" in _scripts(_page(client, school_officer, reverse("submissions:create_on_behalf")))


def test_registration_unit_finder_loads_htmx(client, db):
    assert "vendor/htmx/htmx.min.js" in _scripts(client.get(reverse("accounts:register")).content.decode())


def test_change_unit_finder_loads_htmx(client, worker):
    assert "vendor/htmx/htmx.min.js" in _scripts(_page(client, worker, reverse("accounts:change_unit")))


def test_pages_without_hx_attributes_load_no_htmx(client, worker):
    for url in (reverse("submissions:mine"), reverse("accounts:profile"), reverse("help")):
        page = _page(client, worker, url)
        assert "hx-" not in page and "vendor/htmx/htmx.min.js" not in _scripts(page), url


def test_workers_first_visit_to_the_initiative_form_stays_within_60_kb_compressed(client, worker):
    page = _page(client, worker, reverse("submissions:create"))
    sizes = {"page": len(gzip.compress(page.encode(), 6))}
    for name in set(STATIC_REFERENCE.findall(page)):
        path = finders.find(name)
        assert path, name
        with open(path, "rb") as asset:
            sizes[name] = len(gzip.compress(asset.read(), 6))
    assert sum(sizes.values()) <= FIRST_VISIT_BUDGET, sizes


class _Folded(HTMLParser):
    """Records which links sit inside a <details> (folded away until its button is opened)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.folded: dict[str, bool] = {}

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            self.depth += 1
        elif tag == "a":
            self.folded.setdefault(dict(attrs).get("href", ""), self.depth > 0)

    def handle_endtag(self, tag):
        if tag == "details":
            self.depth -= 1


@pytest.fixture
def menu_of(client):
    def _menu_of(user):
        page = _page(client, user, reverse("submissions:mine"))
        nav = page[page.index('<nav class="portal-nav"'):page.index("</nav>", page.index('<nav class="portal-nav"'))]
        parser = _Folded()
        parser.feed(nav)
        return nav, parser.folded

    return _menu_of


def test_notifications_link_is_never_folded_into_a_menu(menu_of, worker):
    _nav, folded = menu_of(worker)
    assert folded[reverse("reviews:notifications")] is False


def test_menu_uses_details_not_scripts_to_open(menu_of, school_officer):
    nav, _folded = menu_of(school_officer)
    assert "<details" in nav and "data-bs-" not in nav


@pytest.mark.parametrize(
    "url_name",
    ["reviews:queue", "submissions:create_on_behalf", "submissions:import", "reports:home", "unions:mine",
     "accounts:members", "accounts:profile", "help", "submissions:mine", "submissions:create"],
)
def test_officer_menu_has_every_entry(menu_of, school_officer, url_name):
    _nav, folded = menu_of(school_officer)
    assert reverse(url_name) in folded


def test_worker_menu_has_no_officer_entries(menu_of, worker):
    _nav, folded = menu_of(worker)
    assert reverse("reviews:queue") not in folded and reverse("accounts:members") not in folded


def test_menu_marks_the_page_the_person_is_on(client, worker):
    page = _page(client, worker, reverse("accounts:profile"))
    assert f'href="{reverse("accounts:profile")}" aria-current="page"' in page
    assert f'href="{reverse("submissions:mine")}" aria-current="page"' not in page
