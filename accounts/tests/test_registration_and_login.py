import unicodedata

import pytest
from django.urls import reverse

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory

STRONG = "Sáng-kiến-2022!"


def _register(client, unit, **overrides):
    data = {
        "unit": unit.code, "full_name": unicodedata.normalize("NFD", "Đặng Văn Đức"), "identifier": "0912 000 111",
        "password1": STRONG, "password2": STRONG, "category": "enterprise", "job_title": "Công nhân 👷",
        "workplace": "Phân xưởng Đóng gói\u200f", "qualification": "",
        "consent": "on",
    }
    data.update(overrides)
    return client.post(reverse("accounts:register") + f"?unit={unit.code}", data)


def test_register_with_phone_creates_worker_in_chosen_unit_and_logs_in(client, tree):
    response = _register(client, tree["school"])
    assert response.status_code == 302
    user = User.objects.get(phone="0912000111")
    assert user.unit == tree["school"]
    assert user.email is None
    assert client.get(reverse("submissions:mine")).status_code == 200


def test_register_stores_the_profile_as_typed_in_nfc(client, tree):
    _register(client, tree["school"])
    user = User.objects.get(phone="0912000111")
    assert (user.full_name, user.job_title, user.workplace) == (
        "Đặng Văn Đức", "Công nhân 👷", "Phân xưởng Đóng gói\u200f"
    )


def test_register_with_email_stores_it_lower_cased(client, tree):
    _register(client, tree["school"], identifier="Lan.Nguyen@Truong.EDU.vn")
    assert User.objects.filter(email="lan.nguyen@truong.edu.vn", phone__isnull=True).exists()


def test_register_accepts_plus84_phone_as_national_number(client, tree):
    _register(client, tree["school"], identifier="+84 912 000 222")
    assert User.objects.filter(phone="0912000222").exists()


@pytest.mark.parametrize("identifier", ["12345", "0912abc456", "091200011122233", ""])
def test_register_refuses_invalid_phone_with_message(client, tree, identifier):
    response = _register(client, tree["school"], identifier=identifier)
    assert response.status_code == 200
    assert not User.objects.exists()
    assert response.context["form"].errors["identifier"]


def test_register_refuses_invalid_email(client, tree):
    response = _register(client, tree["school"], identifier="lan@@example")
    assert "identifier" in response.context["form"].errors
    assert not User.objects.exists()


def test_register_refuses_phone_already_registered(client, tree):
    UserFactory(phone="0912000111", unit=tree["school"])
    response = _register(client, tree["school"])
    assert "đã được đăng ký" in str(response.context["form"].errors["identifier"])
    assert User.objects.count() == 1


def test_register_refuses_mismatched_passwords(client, tree):
    response = _register(client, tree["school"], password2="khác-hẳn-2022")
    assert "password2" in response.context["form"].errors
    assert not User.objects.exists()


def test_register_refuses_weak_password(client, tree):
    response = _register(client, tree["school"], password1="12345678", password2="12345678")
    assert "password1" in response.context["form"].errors


def test_register_requires_category(client, tree):
    response = _register(client, tree["school"], category="")
    assert "category" in response.context["form"].errors


def test_register_normalises_name_to_nfc(client, tree):
    decomposed = "Nguye\u0302\u0303n Thi\u0323 Lan"
    _register(client, tree["school"], full_name=decomposed)
    assert User.objects.get().full_name == "Nguyễn Thị Lan"


def test_register_without_unit_shows_finder_not_form(client, tree):
    response = client.get(reverse("accounts:register"))
    assert "accounts/register_pick_unit.html" in [t.name for t in response.templates]
    assert tree["ha_noi"] in response.context["finder"]["children"]


def test_register_refuses_upper_level_unit_as_membership(client, tree):
    response = client.get(reverse("accounts:register") + f"?unit={tree['ba_dinh'].code}")
    assert "accounts/register_pick_unit.html" in [t.name for t in response.templates]


def test_finder_choosing_grassroots_goes_to_account_step(client, tree):
    response = client.get(reverse("accounts:register"), {"at": tree["school"].code})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?unit={tree['school'].code}")


def test_finder_drills_down_to_children(client, tree):
    response = client.get(reverse("accounts:register"), {"at": tree["ba_dinh"].code})
    assert set(response.context["finder"]["children"]) == {tree["school"], tree["hospital"]}


def test_finder_search_is_accent_insensitive(client, tree):
    response = client.get(reverse("accounts:register"), {"q": "phan dinh phung"})
    assert response.context["finder"]["results"] == [tree["school"]]


def test_login_with_phone_number(client, worker):
    response = client.post(reverse("accounts:login"), {"username": "0912 345 678", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(worker.pk)


def test_login_with_email_any_case(client, tree):
    user = UserFactory(unit=tree["school"], phone=None, email="lan@example.vn")
    response = client.post(reverse("accounts:login"), {"username": "LAN@Example.vn", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_with_wrong_password_shows_translated_error(client, worker):
    response = client.post(reverse("accounts:login"), {"username": "0912345678", "password": "sai"})
    assert response.status_code == 200
    assert "không đúng" in response.content.decode()


def test_inactive_account_cannot_log_in(client, worker):
    worker.is_active = False
    worker.save()
    client.post(reverse("accounts:login"), {"username": "0912345678", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_profile_change_unit_moves_worker(client, worker, tree):
    client.force_login(worker)
    client.post(reverse("accounts:change_unit"), {"unit": tree["hospital"].code})
    worker.refresh_from_db()
    assert worker.unit == tree["hospital"]


@pytest.mark.parametrize(
    ("field", "autocomplete"),
    [("full_name", "name"), ("job_title", "organization-title"), ("workplace", "organization")],
)
def test_the_registration_form_lets_a_phone_fill_in_the_person_and_workplace(client, tree, field, autocomplete):
    response = client.get(reverse("accounts:register") + f"?unit={tree['school'].code}")
    assert f'autocomplete="{autocomplete}"' in str(response.context["form"][field])
