import pytest

from accounts.tests.factories import UserFactory
from reviews.services import initiative_decide, initiative_mark_exemplary, initiative_submit
from submissions.models import CoAuthor
from submissions.services import initiative_set_publication_consent
from submissions.tests.conftest import form_data  # noqa: F401 (the intake form's data, shared)
from submissions.tests.factories import InitiativeFactory
from unions.tests.factories import AppointmentFactory


@pytest.fixture
def province_staff(tree):
    """Staff of Hà Nội's federation: marks initiatives of its subtree exemplary."""
    user = UserFactory(unit=None, full_name="Ngô Văn Tài")
    AppointmentFactory(user=user, unit=tree["ha_noi"], role="staff")
    return user


@pytest.fixture
def hospital_officer(tree):
    user = UserFactory(unit=tree["hospital"], full_name="Vũ Hải Yến")
    AppointmentFactory(user=user, unit=tree["hospital"], role="officer")
    return user


@pytest.fixture
def factory_officer(tree):
    """An officer of the sugar company in Thanh Hóa: records what that unit applied."""
    user = UserFactory(unit=tree["factory"], full_name="Đặng Quốc Đạt")
    AppointmentFactory(user=user, unit=tree["factory"], role="officer")
    return user


def approve(initiative, *, author, school_officer, upper_officer):
    initiative_submit(initiative=initiative, actor=author)
    initiative.refresh_from_db()
    initiative_decide(initiative=initiative, action="verify", actor=school_officer)
    initiative.refresh_from_db()
    initiative_decide(initiative=initiative, action="approve", actor=upper_officer)
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def approved(worker, programme, school_officer, upper_officer):
    """An approved initiative of the school in Hà Nội, with a co-author."""
    initiative = InitiativeFactory(
        submitter=worker, title="Đổi mới quy trình chấm bài trắc nghiệm",
        summary="Chấm bài bằng điện thoại, trả điểm trong ngày.", author_contribution=70,
    )
    CoAuthor.objects.create(initiative=initiative, full_name="Trần Thị Hoa", contribution=30)
    return approve(initiative, author=worker, school_officer=school_officer, upper_officer=upper_officer)


@pytest.fixture
def exemplary(approved, province_staff):
    initiative_mark_exemplary(initiative=approved, actor=province_staff, exemplary=True)
    approved.refresh_from_db()
    return approved


@pytest.fixture
def showcased(exemplary, worker):
    """Exemplary, and its author agreed to publication: on the showcase."""
    initiative_set_publication_consent(initiative=exemplary, by=worker, consent=True)
    exemplary.refresh_from_db()
    return exemplary
