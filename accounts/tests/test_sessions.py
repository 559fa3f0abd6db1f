"""Locking an account ends its sessions for good: unlocking it does not bring them back."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from accounts.services import user_deactivate, user_reactivate
from accounts.tests.factories import PASSWORD, UserFactory


def _signed_in(phone: str) -> Client:
    browser = Client()
    response = browser.post(reverse("accounts:login"), {"username": phone, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def _works(browser: Client) -> bool:
    return browser.get(reverse("submissions:mine")).status_code == 200


def test_session_of_a_locked_account_stays_ended_after_it_is_unlocked(worker, school_officer):
    browser = _signed_in(worker.phone)
    user_deactivate(actor=school_officer, user=worker)
    user_reactivate(actor=school_officer, user=worker)
    assert not _works(browser)


def test_session_of_a_locked_account_stays_ended_after_it_is_unlocked_through_the_member_pages(
    client, worker, school_officer
):
    browser = _signed_in(worker.phone)
    client.force_login(school_officer)
    client.post(reverse("accounts:member_deactivate", args=[worker.pk]))
    client.post(reverse("accounts:member_reactivate", args=[worker.pk]))
    assert not _works(browser)


def test_unlocked_account_logs_in_again(worker, school_officer):
    user_deactivate(actor=school_officer, user=worker)
    user_reactivate(actor=school_officer, user=worker)
    assert _works(_signed_in(worker.phone))


def test_locking_an_account_leaves_other_accounts_signed_in(worker, other_worker, school_officer):
    browser = _signed_in(other_worker.phone)
    user_deactivate(actor=school_officer, user=worker)
    user_reactivate(actor=school_officer, user=worker)
    assert _works(browser)


def _admin_form(client, user: User) -> dict:
    """The admin's change form of ``user`` as a browser would post it back unchanged."""
    form = client.get(reverse("admin:accounts_user_change", args=[user.pk])).context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, (list, tuple)):
            data[name] = [str(item) for item in value]
        elif hasattr(field.widget, "widgets"):  # date and time in two inputs
            for index, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{index}"] = "" if part is None else str(part)
        else:
            data[name] = value
    return data


@pytest.mark.django_db
def test_session_of_an_account_locked_on_the_admin_site_stays_ended_after_it_is_unlocked(client, worker):
    browser = _signed_in(worker.phone)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:accounts_user_change", args=[worker.pk])
    data = _admin_form(client, worker)
    data.pop("is_active")
    assert client.post(url, data).status_code == 302
    assert client.post(url, {**data, "is_active": "on"}).status_code == 302
    worker.refresh_from_db()
    assert worker.is_active
    assert not _works(browser)


# What the browser kept for the person who leaves (the initiative form's typed text in its
# storage) is not left on a phone shared by a family or a workshop.
def test_logging_out_asks_the_browser_to_clear_what_it_stored_for_the_portal(worker):
    browser = _signed_in(worker.phone)
    response = browser.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"storage"'


def test_closing_an_account_asks_the_browser_to_clear_what_it_stored_for_the_portal(worker):
    browser = _signed_in(worker.phone)
    response = browser.post(reverse("accounts:close"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == '"storage"'
