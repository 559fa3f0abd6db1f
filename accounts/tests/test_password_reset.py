"""Forgotten passwords: a link by e-mail, or a one-time code from an officer for workers registered by phone."""

import datetime as dt
import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.enums import AccountAction
from accounts.models import AccountEvent, PasswordResetCode, User
from accounts.services import RESET_CODE_MAX_ATTEMPTS, AccountError, reset_code_issue, reset_code_redeem
from accounts.tests.factories import PASSWORD, UserFactory
from unions.tests.factories import AppointmentFactory

NEW = "Mật-khẩu-mới-2022!"


def _reset_link(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def _follow_reset_link(client, path):
    """The link redirects to a URL without the token (kept in the session); returns that URL."""
    response = client.get(path)
    assert response.status_code == 302
    return response["Location"]


# --- by e-mail ------------------------------------------------------------------------------


def test_reset_request_sends_one_link_to_the_registered_email(client, emailed_worker):
    response = client.post(reverse("accounts:password_reset"), {"email": "LAN@truong.edu.vn"})

    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["lan@truong.edu.vn"]]
    assert "/accounts/password/reset/" in mail.outbox[0].body
    assert "Đặt lại mật khẩu" in mail.outbox[0].subject


def test_reset_request_for_unknown_email_looks_the_same_and_sends_nothing(client, emailed_worker):
    response = client.post(reverse("accounts:password_reset"), {"email": "ai-do@example.vn"})

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_sent")
    assert mail.outbox == []


def test_reset_link_sets_the_new_password_and_is_recorded(client, emailed_worker):
    client.post(reverse("accounts:password_reset"), {"email": "lan@truong.edu.vn"})
    form_url = _follow_reset_link(client, _reset_link(mail.outbox[0]))

    response = client.post(form_url, {"new_password1": NEW, "new_password2": NEW})

    assert response["Location"] == reverse("accounts:password_reset_complete")
    assert authenticate(RequestFactory().post("/accounts/login/"), username="lan@truong.edu.vn", password=NEW) == emailed_worker
    assert authenticate(RequestFactory().post("/accounts/login/"), username="lan@truong.edu.vn", password=PASSWORD) is None
    assert AccountEvent.objects.filter(subject=emailed_worker, action=AccountAction.PASSWORD_RESET_BY_EMAIL).exists()


def test_reset_link_works_only_once(client, emailed_worker):
    client.post(reverse("accounts:password_reset"), {"email": "lan@truong.edu.vn"})
    link = _reset_link(mail.outbox[0])
    client.post(_follow_reset_link(client, link), {"new_password1": NEW, "new_password2": NEW})

    response = client.get(link, follow=True)

    assert response.context["validlink"] is False


def test_reset_refuses_a_weak_new_password(client, emailed_worker):
    client.post(reverse("accounts:password_reset"), {"email": "lan@truong.edu.vn"})
    form_url = _follow_reset_link(client, _reset_link(mail.outbox[0]))

    response = client.post(form_url, {"new_password1": "12345678", "new_password2": "12345678"})

    assert response.status_code == 200
    assert "new_password1" in response.context["form"].errors


def test_account_created_at_appointment_gets_a_link_and_no_longer_must_set_a_password(client, tree):
    from accounts.services import user_invite

    officer = user_invite(email="moi@congdoan.vn", phone=None, full_name="Cán bộ Mới", unit=tree["ha_noi"], actor=None)
    client.post(reverse("accounts:password_reset"), {"email": "moi@congdoan.vn"})
    client.post(_follow_reset_link(client, _reset_link(mail.outbox[0])), {"new_password1": NEW, "new_password2": NEW})

    officer.refresh_from_db()
    assert not officer.must_set_password
    assert authenticate(RequestFactory().post("/accounts/login/"), username="moi@congdoan.vn", password=NEW) == officer


def test_locked_account_gets_no_reset_link(client, emailed_worker):
    emailed_worker.is_active = False
    emailed_worker.save()

    client.post(reverse("accounts:password_reset"), {"email": "lan@truong.edu.vn"})

    assert mail.outbox == []


# --- by a one-time code from an officer --------------------------------------------------------


def _issue(client, officer, member):
    client.force_login(officer)
    response = client.post(reverse("accounts:member_reset_code", args=[member.pk]))
    client.logout()
    return response


def _redeem(client, code, identifier="0912 345 678", password=NEW):
    return client.post(
        reverse("accounts:reset_with_code"),
        {"identifier": identifier, "code": code, "new_password1": password, "new_password2": password},
    )


def test_officer_of_the_unit_issues_a_code_shown_once_and_stored_hashed(client, school_officer, worker):
    response = _issue(client, school_officer, worker)

    code = response.context["code"].replace(" ", "")
    assert response.status_code == 200 and re.fullmatch(r"\d{8}", code)
    assert "no-store" in response["Cache-Control"]
    stored = PasswordResetCode.objects.get(user=worker)
    assert code not in stored.code_hash
    assert (stored.issued_by, stored.unit) == (school_officer, worker.unit)


def test_issuing_a_code_is_recorded_with_who_for_whom_and_when(client, school_officer, worker):
    before = timezone.now()
    _issue(client, school_officer, worker)

    event = AccountEvent.objects.get(action=AccountAction.RESET_CODE_ISSUED)
    assert (event.subject, event.actor, event.unit) == (worker, school_officer, worker.unit)
    assert event.created_at >= before


def test_officer_of_a_unit_above_may_issue_a_code_too(client, upper_officer, worker):
    assert _issue(client, upper_officer, worker).status_code == 200


def test_worker_sets_a_new_password_with_phone_and_code_and_is_logged_in(client, school_officer, worker):
    code = _issue(client, school_officer, worker).context["code"]

    response = _redeem(client, code)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(worker.pk)
    assert authenticate(RequestFactory().post("/accounts/login/"), username="0912345678", password=NEW) == worker
    assert AccountEvent.objects.filter(subject=worker, action=AccountAction.RESET_CODE_USED).exists()


def test_code_works_only_once(client, school_officer, worker):
    code = _issue(client, school_officer, worker).context["code"]
    _redeem(client, code)
    client.logout()

    response = _redeem(client, code, password="Một-mật-khẩu-khác-9")

    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert authenticate(RequestFactory().post("/accounts/login/"), username="0912345678", password=NEW) == worker


def test_expired_code_is_refused(school_officer, worker):
    code = reset_code_issue(actor=school_officer, user=worker)
    PasswordResetCode.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    with pytest.raises(AccountError):
        reset_code_redeem(identifier="0912345678", code=code, password=NEW)


def test_code_expires_after_the_configured_hours(school_officer, worker, settings):
    settings.RESET_CODE_VALID_HOURS = 24
    reset_code_issue(actor=school_officer, user=worker)

    stored = PasswordResetCode.objects.get()
    assert stored.expires_at - stored.created_at == pytest.approx(dt.timedelta(hours=24), abs=dt.timedelta(seconds=5))


def test_a_new_code_replaces_the_previous_one(school_officer, worker):
    first = reset_code_issue(actor=school_officer, user=worker)
    reset_code_issue(actor=school_officer, user=worker)

    with pytest.raises(AccountError):
        reset_code_redeem(identifier="0912345678", code=first, password=NEW)


def test_code_stops_working_after_too_many_wrong_guesses(school_officer, worker):
    code = reset_code_issue(actor=school_officer, user=worker)
    wrong = f"{(int(code) + 1) % 10**8:08d}"
    for _ in range(RESET_CODE_MAX_ATTEMPTS):
        with pytest.raises(AccountError):
            reset_code_redeem(identifier="0912345678", code=wrong, password=NEW)

    with pytest.raises(AccountError):
        reset_code_redeem(identifier="0912345678", code=code, password=NEW)


def test_code_of_one_worker_does_not_open_another_account(client, school_officer, worker, other_worker):
    code = _issue(client, school_officer, worker).context["code"]

    response = _redeem(client, code, identifier=other_worker.phone)

    assert "code" in response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_unknown_phone_gets_the_same_message_as_a_wrong_code(client, school_officer, worker):
    _issue(client, school_officer, worker)

    unknown = _redeem(client, "12345678", identifier="0977777777").context["form"].errors["code"]
    wrong = _redeem(client, "00000000").context["form"].errors["code"]

    assert unknown == wrong


def test_stranger_officer_cannot_issue_a_code(client, thanh_hoa_officer, worker):
    assert _issue(client, thanh_hoa_officer, worker).status_code == 404
    assert not PasswordResetCode.objects.exists()


def test_worker_cannot_issue_a_code_for_a_colleague(client, other_worker, worker):
    assert _issue(client, other_worker, worker).status_code == 403
    assert not PasswordResetCode.objects.exists()


def test_officer_cannot_issue_a_code_for_a_peer_officer_of_the_same_unit(client, school_officer, tree):
    peer = UserFactory(unit=tree["school"], full_name="Cán bộ ngang hàng")
    AppointmentFactory(user=peer, unit=tree["school"], role="officer")

    assert _issue(client, school_officer, peer).status_code == 403


def test_officer_cannot_issue_a_code_for_an_officer_above(client, school_officer, upper_officer):
    assert _issue(client, school_officer, upper_officer).status_code == 404


def test_locked_account_gets_no_code(school_officer, worker):
    worker.is_active = False
    worker.save()

    with pytest.raises(AccountError):
        reset_code_issue(actor=school_officer, user=worker)


def test_no_code_is_stored_in_plain_text_anywhere(school_officer, worker):
    code = reset_code_issue(actor=school_officer, user=worker)

    assert not PasswordResetCode.objects.filter(code_hash__contains=code).exists()
    assert not AccountEvent.objects.filter(detail__contains=code).exists()
    assert User.objects.get(pk=worker.pk).check_password(PASSWORD)
