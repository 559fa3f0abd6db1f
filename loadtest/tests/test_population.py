"""The load test's people: created once in a tree with five upper-level unions, found again after."""

import pytest

from accounts.models import User
from loadtest.population import PopulationError, population_ensure
from unions.enums import Role, UnitKind
from unions.models import Appointment
from unions.tests.factories import UnitFactory

PASSWORD = "Tải-thử-2026-mật-khẩu"


@pytest.fixture
def five_upper_unions(tree):
    """Ba Đình (with its school first) and four more upper unions of Hà Nội, each with a grassroots union."""
    for number in range(2, 6):
        upper = UnitFactory(parent=tree["ha_noi"], code=f"P01-U00{number}", kind=UnitKind.UPPER)
        UnitFactory(parent=upper, code=f"P01-U00{number}-G0001")
    return tree


def _by_role(accounts):
    roles = {}
    for account in accounts:
        roles.setdefault(account.role, []).append(account)
    return roles


def test_population_has_fifty_workers_ten_officers_and_a_staff_account(five_upper_unions):
    roles = _by_role(population_ensure(PASSWORD))

    assert {role: len(accounts) for role, accounts in roles.items()} == {
        "worker": 50, "verifier": 5, "approver": 5, "staff": 1,
    }


def test_workers_belong_to_the_grassroots_union_their_verifier_is_appointed_at(five_upper_unions):
    roles = _by_role(population_ensure(PASSWORD))

    worker_units = {a.unit for a in roles["worker"]}
    verifier_units = set(
        Appointment.objects.active().filter(user__phone__in=[a.login for a in roles["verifier"]], role=Role.OFFICER)
        .values_list("unit__code", flat=True)
    )
    assert worker_units == verifier_units == {"P01-U001-G0001"} | {f"P01-U00{n}-G0001" for n in range(2, 6)}


def test_approvers_are_officers_of_the_upper_unions(five_upper_unions):
    roles = _by_role(population_ensure(PASSWORD))

    approver_units = set(
        Appointment.objects.active().filter(user__phone__in=[a.login for a in roles["approver"]], role=Role.OFFICER)
        .values_list("unit__code", flat=True)
    )
    assert approver_units == {f"P01-U00{n}" for n in range(1, 6)}


def test_a_second_run_creates_no_account_and_no_appointment(five_upper_unions):
    population_ensure(PASSWORD)
    users, appointments = User.objects.count(), Appointment.objects.count()

    population_ensure(PASSWORD)

    assert (User.objects.count(), Appointment.objects.count()) == (users, appointments)


def test_a_second_run_gives_every_account_the_password_it_is_given(five_upper_unions):
    population_ensure("Mật-khẩu-cũ-của-lần-trước")

    accounts = population_ensure(PASSWORD)

    for account in accounts:
        user = User.objects.get(phone=account.login) if account.role != "staff" else User.objects.get(
            email=account.login)
        assert user.check_password(PASSWORD), account.login


def test_a_tree_with_fewer_than_five_upper_unions_is_refused(tree):
    with pytest.raises(PopulationError):
        population_ensure(PASSWORD)
