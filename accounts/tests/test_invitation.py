"""A unit's invite link (its poster's QR code) opened by someone who is already logged in."""

from django.urls import reverse

from accounts.tests.factories import UserFactory


def _open_invitation(client, unit):
    return client.get(reverse("accounts:register"), {"unit": unit.code})


def test_member_of_the_unit_goes_to_the_initiative_form(client, worker, tree):
    client.force_login(worker)
    assert _open_invitation(client, tree["school"])["Location"] == reverse("submissions:create")


def test_member_of_another_unit_is_told_whose_invitation_it_is(client, tree):
    client.force_login(UserFactory(unit=tree["hospital"]))
    page = _open_invitation(client, tree["school"]).content.decode()
    assert tree["school"].name in page and tree["hospital"].name in page


def test_member_of_another_unit_is_offered_the_move_to_the_inviting_unit(client, tree):
    client.force_login(UserFactory(unit=tree["hospital"]))
    page = _open_invitation(client, tree["school"]).content.decode()
    assert f'href="{reverse("accounts:change_unit")}?unit={tree["school"].code}"' in page


def test_member_of_another_unit_can_still_submit_with_their_own_unit(client, tree):
    client.force_login(UserFactory(unit=tree["hospital"]))
    page = _open_invitation(client, tree["school"]).content.decode()
    assert f'href="{reverse("submissions:create")}"' in page


def test_account_without_a_unit_is_told_it_belongs_to_none(client, upper_officer, tree):
    client.force_login(upper_officer)
    response = _open_invitation(client, tree["school"])
    assert response.status_code == 200
    assert "chưa sinh hoạt ở công đoàn cơ sở nào" in response.content.decode()


def test_registration_page_without_invitation_sends_a_logged_in_officer_to_their_landing(client, school_officer):
    client.force_login(school_officer)
    assert client.get(reverse("accounts:register"))["Location"] == reverse("reviews:queue")


def test_invitation_of_an_unknown_unit_sends_a_logged_in_worker_to_their_landing(client, worker):
    client.force_login(worker)
    assert client.get(reverse("accounts:register"), {"unit": "KHONG-CO"})["Location"] == reverse("submissions:mine")
