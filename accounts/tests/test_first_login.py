"""Accounts created at an appointment must set their own password before anything else."""

from django.contrib.auth import authenticate
from django.test import RequestFactory
from django.urls import reverse

from accounts.enums import AccountAction
from accounts.models import AccountEvent
from accounts.services import reset_code_issue

NEW = "Mật-khẩu-riêng-2022!"


def test_invited_account_has_no_usable_password_and_cannot_log_in(client, invited):
    assert invited.must_set_password
    assert not invited.has_usable_password()
    client.post(reverse("accounts:login"), {"username": "0933000111", "password": ""})
    assert "_auth_user_id" not in client.session


def test_invited_account_creation_is_recorded(invited):
    assert AccountEvent.objects.filter(subject=invited, action=AccountAction.INVITED).exists()


def test_signed_in_account_that_must_set_a_password_is_sent_to_the_set_password_page(client, invited):
    client.force_login(invited)

    for name in ("submissions:mine", "accounts:profile", "reviews:notifications", "home"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("accounts:password_setup")), name


def test_set_password_page_keeps_where_the_user_was_going(client, invited):
    client.force_login(invited)

    response = client.get(reverse("accounts:profile"))

    assert response["Location"] == reverse("accounts:password_setup") + "?next=%2Faccounts%2Fprofile%2F"


def test_htmx_requests_are_told_to_go_to_the_set_password_page(client, invited):
    client.force_login(invited)

    response = client.get(reverse("submissions:mine"), HTTP_HX_REQUEST="true")

    assert response["HX-Redirect"].startswith(reverse("accounts:password_setup"))


def test_logout_and_the_privacy_notice_stay_reachable(client, invited):
    client.force_login(invited)

    assert client.get(reverse("accounts:privacy")).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_setting_the_password_clears_the_flag_and_opens_the_portal(client, invited):
    client.force_login(invited)

    response = client.post(
        reverse("accounts:password_setup"), {"new_password1": NEW, "new_password2": NEW, "next": "/accounts/profile/"}
    )

    assert response["Location"] == "/accounts/profile/"
    invited.refresh_from_db()
    assert not invited.must_set_password
    assert client.get(reverse("accounts:profile")).status_code == 200
    assert authenticate(RequestFactory().post("/accounts/login/"), username="0933000111", password=NEW) == invited
    assert AccountEvent.objects.filter(subject=invited, action=AccountAction.PASSWORD_SET).exists()


def test_set_password_page_refuses_mismatched_passwords(client, invited):
    client.force_login(invited)

    response = client.post(reverse("accounts:password_setup"), {"new_password1": NEW, "new_password2": NEW + "x"})

    assert "new_password2" in response.context["form"].errors
    invited.refresh_from_db()
    assert invited.must_set_password


def test_set_password_page_ignores_a_next_address_on_another_site(client, invited):
    client.force_login(invited)

    response = client.post(
        reverse("accounts:password_setup"), {"new_password1": NEW, "new_password2": NEW, "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("submissions:mine")


def test_first_log_in_by_one_time_code_sets_the_password(client, invited, school_officer):
    code = reset_code_issue(actor=school_officer, user=invited)

    client.post(
        reverse("accounts:reset_with_code"),
        {"identifier": "0933000111", "code": code, "new_password1": NEW, "new_password2": NEW},
    )

    invited.refresh_from_db()
    assert not invited.must_set_password
    assert client.get(reverse("submissions:mine")).status_code == 200


def test_ordinary_account_is_not_redirected(client, worker):
    client.force_login(worker)

    assert client.get(reverse("submissions:mine")).status_code == 200
    assert client.get(reverse("accounts:password_setup")).status_code == 302


def test_password_change_needs_the_current_password_and_is_recorded(client, worker):
    from accounts.tests.factories import PASSWORD

    client.force_login(worker)
    wrong = client.post(reverse("accounts:password_change"),
                        {"old_password": "sai", "new_password1": NEW, "new_password2": NEW})
    right = client.post(reverse("accounts:password_change"),
                        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})

    assert "old_password" in wrong.context["form"].errors
    assert right.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200  # still signed in
    assert authenticate(RequestFactory().post("/accounts/login/"), username="0912345678", password=NEW) == worker
    assert AccountEvent.objects.filter(subject=worker, action=AccountAction.PASSWORD_CHANGED).count() == 1


def test_manager_gives_a_new_upper_level_officer_a_code_for_the_first_log_in(client, province_manager, tree):
    from accounts.models import User

    client.force_login(province_manager)
    client.post(reverse("appointing:appointments", args=[tree["ba_dinh"].code]),
                {"identifier": "0944555666", "full_name": "Đặng Văn Mới", "role": "officer"})
    officer = User.objects.get(phone="0944555666")

    code = client.post(reverse("accounts:member_reset_code", args=[officer.pk])).context["code"]
    client.logout()
    client.post(reverse("accounts:reset_with_code"),
                {"identifier": "0944555666", "code": code, "new_password1": NEW, "new_password2": NEW})

    assert client.get(reverse("reviews:queue")).status_code == 200
