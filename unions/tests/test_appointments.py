"""Delegated appointments: who may appoint whom, the immutable history, the pages."""

import pytest
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import reverse

from unions import selectors
from unions.appointments import AppointmentError, appointment_grant, appointment_revoke
from unions.enums import AppointmentAction, ChangeSource, Role
from unions.models import Appointment, AppointmentChange, ImmutableRecord
from unions.tests.users import make_user

ALL = [Role.OFFICER, Role.MANAGER, Role.STAFF]


# --- who may appoint whom -------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["ha_noi", "thanh_hoa"])
def test_federation_staff_appoint_every_role_at_province_federations(federation_staff, tree, unit):
    assert selectors.appointable_roles(federation_staff, tree[unit]) == ALL


def test_federation_staff_appoint_at_sector_unions(federation_staff, tree):
    from unions.tests.factories import UnitFactory

    sector = UnitFactory(parent=tree["tld"], code="S01", kind="sector")

    assert selectors.appointable_roles(federation_staff, sector) == ALL


@pytest.mark.parametrize("unit", ["tld", "ba_dinh", "school"])
def test_federation_staff_do_not_appoint_at_the_federation_or_below_provinces(federation_staff, tree, unit):
    assert selectors.appointable_roles(federation_staff, tree[unit]) == []


@pytest.mark.parametrize("unit", ["ba_dinh", "school", "hospital"])
def test_manager_appoints_every_role_below_their_unit(province_manager, tree, unit):
    assert selectors.appointable_roles(province_manager, tree[unit]) == ALL


def test_manager_appoints_officers_and_staff_but_no_manager_at_their_own_unit(province_manager, tree):
    assert selectors.appointable_roles(province_manager, tree["ha_noi"]) == [Role.OFFICER, Role.STAFF]


@pytest.mark.parametrize("unit", ["tld", "thanh_hoa", "factory"])
def test_manager_appoints_nobody_above_or_beside_their_unit(province_manager, tree, unit):
    assert selectors.appointable_roles(province_manager, tree[unit]) == []


def test_upper_manager_cannot_appoint_at_the_province_above(upper_manager, tree, candidate):
    with pytest.raises(AppointmentError):
        appointment_grant(actor=upper_manager, user=candidate, unit=tree["ha_noi"], role=Role.OFFICER)
    assert not Appointment.objects.filter(user=candidate).exists()


def test_manager_cannot_appoint_beside_their_unit(province_manager, tree, candidate):
    with pytest.raises(AppointmentError):
        appointment_grant(actor=province_manager, user=candidate, unit=tree["factory"], role=Role.OFFICER)
    assert not AppointmentChange.objects.exists()


@pytest.mark.parametrize("role", ALL)
def test_officer_without_the_manager_role_appoints_nobody(school_officer, tree, role):
    assert not selectors.may_appoint(school_officer, tree["school"], role)


def test_worker_appoints_nobody(worker, tree):
    assert all(selectors.appointable_roles(worker, tree[name]) == [] for name in tree)


def test_superuser_appoints_anywhere(tree):
    admin = make_user(is_superuser=True)
    assert selectors.appointable_roles(admin, tree["tld"]) == ALL


# --- grant, revoke, history -----------------------------------------------------------------


def test_grant_is_recorded_with_who_whom_unit_role_and_when(province_manager, tree, candidate):
    appointment, created = appointment_grant(actor=province_manager, user=candidate, unit=tree["hospital"],
                                             role=Role.OFFICER)

    assert created
    change = AppointmentChange.objects.get()
    assert (change.action, change.actor, change.user, change.unit, change.role, change.source) == (
        AppointmentAction.GRANTED, province_manager, candidate, tree["hospital"], Role.OFFICER, ChangeSource.WEB,
    )
    assert change.appointment == appointment and change.created_at is not None


def test_granting_an_active_appointment_again_changes_nothing(province_manager, tree, candidate):
    appointment_grant(actor=province_manager, user=candidate, unit=tree["hospital"], role=Role.OFFICER)

    _appointment, created = appointment_grant(actor=province_manager, user=candidate, unit=tree["hospital"],
                                              role=Role.OFFICER)

    assert not created
    assert AppointmentChange.objects.count() == 1


def test_revoke_is_recorded_and_history_keeps_both_changes(province_manager, tree, candidate):
    appointment, _ = appointment_grant(actor=province_manager, user=candidate, unit=tree["hospital"], role="officer")

    appointment_revoke(actor=province_manager, appointment=appointment)

    assert list(AppointmentChange.objects.order_by("id").values_list("action", flat=True)) == ["granted", "revoked"]
    assert not Appointment.objects.active().filter(user=candidate).exists()


def test_manager_cannot_revoke_an_appointment_beside_their_unit(province_manager, thanh_hoa_officer):
    appointment = Appointment.objects.get(user=thanh_hoa_officer)

    with pytest.raises(AppointmentError):
        appointment_revoke(actor=province_manager, appointment=appointment)
    assert Appointment.objects.active().filter(pk=appointment.pk).exists()


def test_nobody_revokes_their_own_appointment(province_manager):
    with pytest.raises(AppointmentError):
        appointment_revoke(actor=province_manager, appointment=Appointment.objects.get(user=province_manager))


def test_appointment_change_cannot_be_edited_or_deleted(province_manager, tree, candidate):
    appointment_grant(actor=province_manager, user=candidate, unit=tree["hospital"], role="officer")
    change = AppointmentChange.objects.get()

    with pytest.raises(ImmutableRecord):
        change.save()
    with pytest.raises(ImmutableRecord):
        change.delete()


def test_database_refuses_to_rewrite_appointment_history(province_manager, tree, candidate):
    appointment_grant(actor=province_manager, user=candidate, unit=tree["hospital"], role="officer")

    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        AppointmentChange.objects.update(role="manager")
    with pytest.raises((DatabaseError, IntegrityError)), transaction.atomic():
        AppointmentChange.objects.all().delete()


def test_new_appointment_takes_effect_on_the_next_request(client, province_manager, tree, candidate):
    client.force_login(candidate)
    assert client.get(reverse("reviews:queue")).status_code == 403

    appointment_grant(actor=province_manager, user=candidate, unit=tree["hospital"], role="officer")

    assert client.get(reverse("reviews:queue")).status_code == 200


def test_revoked_appointment_stops_on_the_next_request(client, province_manager, school_officer):
    client.force_login(school_officer)
    assert client.get(reverse("reviews:queue")).status_code == 200

    appointment_revoke(actor=province_manager, appointment=Appointment.objects.get(user=school_officer))

    assert client.get(reverse("reviews:queue")).status_code == 403


def test_history_is_paged_newest_first(province_manager, tree, candidate):
    for unit in ("school", "hospital", "ba_dinh"):
        appointment_grant(actor=province_manager, user=candidate, unit=tree[unit], role="officer")

    first, after = selectors.appointment_history(tree["ha_noi"], size=2)
    second, end = selectors.appointment_history(tree["ha_noi"], before=after, size=2)

    assert [c.unit.code for c in first + second] == [tree[u].code for u in ("ba_dinh", "hospital", "school")]
    assert end is None


# --- the admin site -------------------------------------------------------------------------


@pytest.fixture
def admin_client_user(client, tree):
    admin = make_user(is_superuser=True, is_staff=True, unit=None, full_name="Quản trị")
    client.force_login(admin)
    return admin


def test_appointment_added_on_the_admin_site_is_recorded(client, admin_client_user, tree, candidate):
    response = client.post(reverse("admin:unions_appointment_add"),
                           {"user": candidate.pk, "unit": tree["hospital"].pk, "role": "officer"})

    assert response.status_code == 302
    change = AppointmentChange.objects.get()
    assert (change.actor, change.source, change.user) == (admin_client_user, ChangeSource.ADMIN, candidate)


def test_appointment_revoked_on_the_admin_site_is_recorded(client, admin_client_user, school_officer):
    appointment = Appointment.objects.get(user=school_officer)

    client.post(reverse("admin:unions_appointment_change", args=[appointment.pk]),
                {"revoked_at_0": "01/06/2022", "revoked_at_1": "08:00:00"})

    assert not Appointment.objects.active().filter(pk=appointment.pk).exists()
    assert AppointmentChange.objects.get().action == AppointmentAction.REVOKED
