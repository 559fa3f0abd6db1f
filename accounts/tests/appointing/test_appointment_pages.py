"""The appointment pages: appoint by phone or e-mail (creating the account), revoke, the history."""

from django.urls import reverse

from accounts.models import User
from unions.appointments import appointment_grant
from unions.models import Appointment

# --- the pages ------------------------------------------------------------------------------


def test_manager_appoints_an_existing_account_from_the_unit_page(client, province_manager, tree, candidate):
    client.force_login(province_manager)

    response = client.post(reverse("appointing:appointments", args=[tree["hospital"].code]),
                           {"identifier": "0" + candidate.phone[1:], "full_name": "", "role": "officer"})

    assert response.status_code == 302
    assert Appointment.objects.active().filter(user=candidate, unit=tree["hospital"], role="officer").exists()


def test_appointing_someone_without_an_account_creates_one_that_must_set_a_password(client, province_manager, tree):
    client.force_login(province_manager)
    client.post(reverse("appointing:appointments", args=[tree["ba_dinh"].code]),
                {"identifier": "0944 555 666", "full_name": "Đặng Văn Mới", "role": "manager"})

    user = User.objects.get(phone="0944555666")
    assert user.must_set_password and not user.has_usable_password()
    assert user.unit is None  # above the grassroots level nobody is a member
    assert Appointment.objects.active().filter(user=user, unit=tree["ba_dinh"], role="manager").exists()


def test_page_offers_only_the_roles_the_manager_may_grant_there(client, province_manager, tree):
    client.force_login(province_manager)

    response = client.get(reverse("appointing:appointments", args=[tree["ha_noi"].code]))

    assert [value for value, _label in response.context["form"].fields["role"].choices] == ["officer", "staff"]


def test_posting_a_role_not_offered_appoints_nobody(client, province_manager, tree, candidate):
    client.force_login(province_manager)

    client.post(reverse("appointing:appointments", args=[tree["ha_noi"].code]),
                {"identifier": candidate.phone, "role": "manager"})

    assert not Appointment.objects.filter(user=candidate).exists()


def test_unit_page_beside_the_managers_unit_is_404(client, province_manager, tree):
    client.force_login(province_manager)

    assert client.get(reverse("appointing:appointments", args=[tree["thanh_hoa"].code])).status_code == 404


def test_unit_page_for_an_officer_without_the_manager_role_is_403(client, school_officer, tree):
    client.force_login(school_officer)

    assert client.get(reverse("appointing:appointments", args=[tree["school"].code])).status_code == 403


def test_revoke_from_the_page_beside_the_managers_unit_is_404(client, province_manager, thanh_hoa_officer):
    client.force_login(province_manager)
    appointment = Appointment.objects.get(user=thanh_hoa_officer)

    assert client.post(reverse("appointing:appointment_revoke", args=[appointment.pk])).status_code == 404
    assert Appointment.objects.active().filter(pk=appointment.pk).exists()


def test_manager_revokes_from_the_unit_page(client, province_manager, school_officer, tree):
    client.force_login(province_manager)
    appointment = Appointment.objects.get(user=school_officer)

    response = client.post(reverse("appointing:appointment_revoke", args=[appointment.pk]))

    assert response["Location"] == reverse("appointing:appointments", args=[tree["school"].code])
    assert not Appointment.objects.active().filter(pk=appointment.pk).exists()


def test_history_page_lists_changes_of_the_subtree_only(client, province_manager, federation_staff, tree, candidate):
    appointment_grant(actor=province_manager, user=candidate, unit=tree["hospital"], role="officer")
    appointment_grant(actor=federation_staff, user=candidate, unit=tree["thanh_hoa"], role="staff")
    client.force_login(province_manager)

    response = client.get(reverse("appointing:appointment_history", args=[tree["ha_noi"].code]))

    assert [(c.unit, c.role) for c in response.context["changes"]] == [(tree["hospital"], "officer")]


