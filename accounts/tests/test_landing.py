"""Where each person lands after logging in: where their work is, unless a ``next`` says otherwise."""

from django.urls import reverse

from accounts.tests.factories import PASSWORD, UserFactory
from unions.tests.factories import AppointmentFactory


def _log_in(client, user, **extra):
    return client.post(reverse("accounts:login") + extra.pop("query", ""), {"username": user.login_identifier, "password": PASSWORD})


def test_worker_lands_on_their_initiatives(client, worker):
    assert _log_in(client, worker)["Location"] == reverse("submissions:mine")


def test_grassroots_officer_lands_on_the_review_queue(client, school_officer):
    assert _log_in(client, school_officer)["Location"] == reverse("reviews:queue")


def test_upper_officer_lands_on_the_review_queue(client, upper_officer):
    assert _log_in(client, upper_officer)["Location"] == reverse("reviews:queue")


def test_federation_staff_land_on_the_dashboard(client, federation_staff):
    assert _log_in(client, federation_staff)["Location"] == reverse("reports:home")


def test_next_parameter_wins_over_the_role_landing(client, school_officer):
    response = _log_in(client, school_officer, query="?next=/accounts/profile/")
    assert response["Location"] == "/accounts/profile/"


def test_next_to_another_site_is_ignored_for_the_role_landing(client, school_officer):
    response = _log_in(client, school_officer, query="?next=https://example.com/")
    assert response["Location"] == reverse("reviews:queue")


def test_officer_already_logged_in_opening_the_login_page_goes_to_the_queue(client, school_officer):
    client.force_login(school_officer)
    assert client.get(reverse("accounts:login"))["Location"] == reverse("reviews:queue")


def test_province_staff_land_on_the_dashboard(client, tree):
    staff = UserFactory(unit=None)
    AppointmentFactory(user=staff, unit=tree["ha_noi"], role="staff")
    assert _log_in(client, staff)["Location"] == reverse("reports:home")
