"""The help page: questions and answers for all, and the officers a member can turn to."""

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from submissions.enums import InitiativeStatus
from unions.tests.factories import AppointmentFactory


def _help(client):
    return client.get(reverse("help")).content.decode()


def test_help_is_open_without_logging_in(client, db):
    assert client.get(reverse("help")).status_code == 200


@pytest.mark.parametrize("status", InitiativeStatus.labels)
def test_help_explains_every_status(client, db, status):
    assert f"<dt>{status}</dt>" in _help(client)


def test_worker_sees_the_officers_of_their_union_and_of_the_one_above(client, worker, school_officer, upper_officer):
    client.force_login(worker)
    page = _help(client)
    assert school_officer.full_name in page and upper_officer.full_name in page


def test_officers_are_shown_with_their_role(client, worker, school_officer):
    client.force_login(worker)
    assert f"{school_officer.full_name} — Cán bộ công đoàn" in _help(client)


def test_officers_login_phone_and_email_are_not_shown(client, worker, tree):
    officer = UserFactory(unit=tree["school"], phone="0977000111", email="rieng@example.vn")
    AppointmentFactory(user=officer, unit=tree["school"], role="officer")
    client.force_login(worker)
    page = _help(client)
    assert officer.full_name in page
    assert "0977000111" not in page and "rieng@example.vn" not in page


def test_officers_of_other_units_are_not_listed(client, worker, thanh_hoa_officer):
    client.force_login(worker)
    assert thanh_hoa_officer.full_name not in _help(client)


def test_staff_of_the_unit_above_are_not_listed_as_officers(client, worker, tree):
    staff = UserFactory(unit=None, full_name="Chuyên Viên Theo Dõi")
    AppointmentFactory(user=staff, unit=tree["ba_dinh"], role="staff")
    client.force_login(worker)
    assert staff.full_name not in _help(client)


def test_a_deactivated_officer_is_not_listed(client, worker, school_officer):
    school_officer.is_active = False
    school_officer.save()
    client.force_login(worker)
    assert school_officer.full_name not in _help(client)


def test_an_officer_who_also_manages_the_unit_is_listed_once(client, worker, school_officer, tree):
    AppointmentFactory(user=school_officer, unit=tree["school"], role="manager")
    client.force_login(worker)
    assert _help(client).count(school_officer.full_name) == 1


def test_help_reads_the_officers_in_a_fixed_number_of_queries(client, worker, tree, django_assert_max_num_queries):
    for _ in range(5):
        AppointmentFactory(user=UserFactory(unit=None), unit=tree["school"], role="officer")
    client.force_login(worker)
    # Session, user, the unit above, the appointments, the menu's appointments and unread count,
    # and (on a cold cache) whether the worker sits on a council.
    with django_assert_max_num_queries(8):
        client.get(reverse("help"))


def test_every_page_footer_links_help_and_the_privacy_notice(client, db):
    page = client.get(reverse("accounts:login")).content.decode()
    footer = page[page.index("<footer"):]
    assert f'href="{reverse("help")}"' in footer and f'href="{reverse("accounts:privacy")}"' in footer
