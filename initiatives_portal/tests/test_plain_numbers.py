"""Integers a browser reads back are plain digits; figures meant for people are grouped, in both languages.

Every page of the authorization matrix that a role may open is rendered once (by the
first role that may) in the matrix's world, where every id is past 1.000.000, and no
value, link, form action, id or data attribute of it may hold a grouped integer.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.template import Context, Template
from django.utils import translation

from .authz_matrix import ADMIN_GROUP, MATRIX, ROLES
from .plain_numbers import assert_plain_integers_in_attributes, grouped_integers_in_attributes
from .test_authorization_matrix import _build_world, _client_of, _url, _url_name


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_printed_integer_is_plain_digits_in_either_language(language):
    with translation.override(language):
        assert Template("{{ id }} {{ year }}").render(Context({"id": 1_000_001, "year": 2022})) == "1000001 2022"


@pytest.mark.parametrize(("language", "text"), [("vi", "696.948 · 69,7%"), ("en", "696,948 · 69.7%")])
def test_figures_for_people_are_grouped_in_the_languages_own_separators(language, text):
    from decimal import Decimal

    template = Template("{% load figures %}{{ n|count }} · {{ p|percent }}")
    with translation.override(language):
        assert template.render(Context({"n": 696_948, "p": Decimal("69.7")})) == text


def test_the_attribute_check_finds_grouped_integers_and_leaves_text_for_people_alone():
    html = (
        '<input name="ids" value="2.582"><a href="/reviews/1,000,001/">x</a><form action="/i/2.022/">'
        '<div data-unit="12.345.678"></div><span aria-label="696.948 sáng kiến" title="4.990"></span>'
        '<input value="2022-05-31"><a href="/reviews/1000001/?as_of=2022-05-31&amp;v=1.2.3">y</a>'
    )
    assert grouped_integers_in_attributes(html) == [
        "<input value='2.582'>", "<a href='/reviews/1,000,001/'>", "<form action='/i/2.022/'>",
        "<div data-unit='12.345.678'>",
    ]


def _pages():
    """Each page (URL and object) once, asked by the first role that gets it with a 200."""
    for name, rows in MATRIX.items():
        if name == ADMIN_GROUP:
            continue
        for target, row in rows.items():
            role = next((role for role, (get, _post) in zip(ROLES, row, strict=True) if get == 200), None)
            if role is not None:
                yield pytest.param(name, target, role, id=f"{name}[{target or '-'}]-{role}")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build_world()
        transaction.set_rollback(True)


@pytest.mark.parametrize(("name", "target", "role"), list(_pages()))
def test_no_page_groups_an_integer_a_browser_reads_back(db, world, name, target, role):
    response = _client_of(world, role).get(_url(world, _url_name(name, target), target))
    assert response.status_code == 200
    if response.streaming or not response["Content-Type"].startswith("text/html"):
        pytest.skip("not a page: a download or JSON")
    assert_plain_integers_in_attributes(response)


def test_the_pages_are_seen_with_ids_past_a_million(db, world):
    assert min(o.pk for o in (*world.users.values(), *world.units.values(), world.objects["submitted_a"])) > 1_000_000
