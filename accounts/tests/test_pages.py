"""Every new account page renders for who may see it (mobile-first templates extending base.html)."""

import pytest
from django.urls import reverse

PUBLIC = ["accounts:password_reset", "accounts:password_reset_sent", "accounts:password_reset_complete",
          "accounts:reset_with_code", "accounts:privacy"]
SIGNED_IN = ["accounts:profile", "accounts:password_change", "my_data", "accounts:close"]


@pytest.mark.parametrize("name", PUBLIC)
def test_public_page_renders(client, db, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert 'name="viewport"' in response.content.decode()


@pytest.mark.parametrize("name", SIGNED_IN)
def test_signed_in_page_renders(client, worker, name):
    client.force_login(worker)

    assert client.get(reverse(name)).status_code == 200


@pytest.mark.parametrize("name", SIGNED_IN)
def test_signed_in_page_needs_log_in(client, db, name):
    assert client.get(reverse(name)).status_code == 302


def test_login_page_links_to_both_ways_of_resetting_a_password(client, db):
    page = client.get(reverse("accounts:login")).content.decode()

    assert reverse("accounts:password_reset") in page and reverse("accounts:reset_with_code") in page


def test_officer_menu_links_to_the_members(client, school_officer):
    client.force_login(school_officer)

    assert reverse("accounts:members") in client.get(reverse("submissions:mine")).content.decode()
