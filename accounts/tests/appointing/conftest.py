import pytest

from accounts.tests.factories import UserFactory
from unions.tests.factories import AppointmentFactory


@pytest.fixture
def federation_staff(tree):
    user = UserFactory(unit=None, phone=None, email="tld@congdoan.vn", full_name="Đỗ Thị Mai")
    AppointmentFactory(user=user, unit=tree["tld"], role="staff")
    return user


@pytest.fixture
def province_manager(tree):
    user = UserFactory(unit=None, phone=None, email="hanoi@congdoan.vn", full_name="Phạm Thị Lan Anh")
    AppointmentFactory(user=user, unit=tree["ha_noi"], role="manager")
    return user


@pytest.fixture
def upper_manager(tree):
    user = UserFactory(unit=None, full_name="Lê Minh Tuấn")
    AppointmentFactory(user=user, unit=tree["ba_dinh"], role="manager")
    return user


@pytest.fixture
def candidate(tree):
    """Someone with an account and no role yet."""
    return UserFactory(unit=tree["hospital"], full_name="Vũ Hải Yến")
