import pytest

from accounts.tests.factories import UserFactory
from unions.tests.factories import AppointmentFactory


@pytest.fixture
def province_manager(tree):
    user = UserFactory(unit=None, full_name="Bùi Thu Hà")
    AppointmentFactory(user=user, unit=tree["ha_noi"], role="manager")
    return user


@pytest.fixture
def emailed_worker(tree):
    return UserFactory(unit=tree["school"], phone=None, email="lan@truong.edu.vn", full_name="Nguyễn Thị Lan")


@pytest.fixture
def invited(tree):
    """An account created at an appointment: no usable password yet, must set one at first log-in."""
    from accounts.services import user_invite

    return user_invite(email=None, phone="0933000111", full_name="Trịnh Văn Mới", unit=tree["school"], actor=None)
