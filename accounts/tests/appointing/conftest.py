"""The appointment pages' province manager: the root one (accounts' conftest has another)."""

import pytest

from accounts.tests.factories import UserFactory
from unions.tests.factories import AppointmentFactory


@pytest.fixture
def province_manager(tree):
    user = UserFactory(unit=None, phone=None, email="hanoi@congdoan.vn", full_name="Phạm Thị Lan Anh")
    AppointmentFactory(user=user, unit=tree["ha_noi"], role="manager")
    return user
