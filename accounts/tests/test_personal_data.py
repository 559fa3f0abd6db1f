"""Consent at registration, the notice, one's own data (page and JSON), and closing an account."""


import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AccountAction
from accounts.models import AccountEvent, User
from accounts.services import AccountError, user_close
from accounts.tests.factories import PASSWORD
from unions.enums import AppointmentAction, ChangeSource
from unions.models import Appointment, AppointmentChange
from unions.tests.factories import AppointmentFactory

STRONG = "Sáng-kiến-2022!"


def _register(client, unit, **overrides):
    data = {
        "unit": unit.code, "full_name": "Hoàng Văn Em", "identifier": "0912 000 111", "password1": STRONG,
        "password2": STRONG, "category": "enterprise", "job_title": "", "workplace": "", "qualification": "",
        "consent": "on",
    }
    data.update(overrides)
    return client.post(reverse("accounts:register") + f"?unit={unit.code}", data)




# --- consent and notice ---------------------------------------------------------------------


def test_registration_requires_consent_to_personal_data_processing(client, tree):
    response = _register(client, tree["school"], consent="")

    assert "consent" in response.context["form"].errors
    assert not User.objects.exists()


def test_registration_stores_the_time_of_consent(client, tree):
    before = timezone.now()
    _register(client, tree["school"])

    user = User.objects.get(phone="0912000111")
    assert user.personal_data_consent_at >= before
    assert AccountEvent.objects.filter(subject=user, action=AccountAction.REGISTERED).exists()


def test_registration_form_links_to_the_notice(client, tree):
    response = client.get(reverse("accounts:register"), {"unit": tree["school"].code})

    assert reverse("accounts:privacy") in response.content.decode()


def test_notice_is_public_and_cites_the_decree(client):
    response = client.get(reverse("accounts:privacy"))

    assert response.status_code == 200
    assert "13/2023/NĐ-CP" in response.content.decode()


# --- closing the account --------------------------------------------------------------------


def test_closing_needs_the_password_and_the_confirmation(client, worker):
    client.force_login(worker)

    response = client.post(reverse("accounts:close"), {"password": "sai", "confirm": "on"})

    assert response.status_code == 200
    worker.refresh_from_db()
    assert worker.closed_at is None


def test_closed_account_is_anonymised_and_signed_out(client, worker):
    client.force_login(worker)

    response = client.post(reverse("accounts:close"), {"password": PASSWORD, "confirm": "on"})

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    worker.refresh_from_db()
    assert (worker.full_name, worker.phone, worker.email, worker.unit) == ("Tài khoản đã đóng", None, None, None)
    assert worker.closed_at is not None and not worker.is_active and not worker.has_usable_password()
    assert AccountEvent.objects.filter(subject=worker, action=AccountAction.CLOSED).exists()


def test_closed_account_cannot_log_in(client, worker):
    user_close(user=worker)

    client.post(reverse("accounts:login"), {"username": "0912345678", "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert authenticate(RequestFactory().post("/accounts/login/"), username="0912345678", password=PASSWORD) is None


def test_closed_accounts_phone_can_register_again(client, worker, tree):
    user_close(user=worker)

    _register(client, tree["school"], identifier="0912345678")

    assert User.objects.filter(phone="0912345678", closed_at__isnull=True).exists()


def test_closing_revokes_appointments_and_records_it(school_officer):
    user_close(user=school_officer)

    assert not Appointment.objects.active().filter(user=school_officer).exists()
    change = AppointmentChange.objects.get(user=school_officer)
    assert (change.action, change.source, change.actor) == (AppointmentAction.REVOKED, ChangeSource.CLOSURE,
                                                            school_officer)


def test_a_closed_account_cannot_be_closed_twice(worker):
    user_close(user=worker)

    with pytest.raises(AccountError):
        user_close(user=worker)


def test_a_closed_account_cannot_be_unlocked(worker, tree):
    from accounts.services import user_reactivate
    from accounts.tests.factories import UserFactory

    manager = UserFactory(unit=None)
    AppointmentFactory(user=manager, unit=tree["ha_noi"], role="manager")
    user_close(user=worker)

    with pytest.raises(AccountError):
        user_reactivate(actor=manager, user=User.objects.get(pk=worker.pk))
