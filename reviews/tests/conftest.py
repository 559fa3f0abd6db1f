import pytest

from accounts.tests.factories import UserFactory
from reviews.services import initiative_submit
from submissions.tests.conftest import form_data, upper  # noqa: F401 (intake and import fixtures, shared)
from submissions.tests.factories import InitiativeFactory
from unions.tests.factories import AppointmentFactory


@pytest.fixture
def province_officer(tree):
    user = UserFactory(unit=None, full_name="Bùi Thu Hà")
    AppointmentFactory(user=user, unit=tree["ha_noi"], role="manager")
    return user


@pytest.fixture
def submitted(worker, programme):
    initiative = InitiativeFactory(submitter=worker, title="Sáng kiến đổi mới quy trình chấm bài")
    initiative_submit(initiative=initiative, actor=worker)
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def co_authored_submitted(worker, programme):
    """A submitted initiative with the worker's details and a co-author (70 % + 30 %)."""
    from submissions.models import CoAuthor

    initiative = InitiativeFactory(
        submitter=worker, title="Sổ tay điện tử cho giáo viên", author_workplace="Tổ Toán", author_job_title="Giáo viên",
        author_contribution=70,
    )
    CoAuthor.objects.create(initiative=initiative, full_name="Trần Thị Hoa", contribution=30)
    initiative_submit(initiative=initiative, actor=worker)
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def verified(submitted, school_officer):
    from reviews.services import initiative_decide

    initiative_decide(initiative=submitted, action="verify", actor=school_officer)
    submitted.refresh_from_db()
    return submitted


@pytest.fixture
def approved(verified, upper_officer):
    from reviews.services import initiative_decide

    initiative_decide(initiative=verified, action="approve", actor=upper_officer)
    verified.refresh_from_db()
    return verified
