"""Recognition's fixtures. Councils: a Hà Nội selection round, approved initiatives of two grassroots unions and four members.

Members: Hùng (the school's officer: barred from the school's initiatives), Đào (a co-author
of one hospital initiative, linked to her account), Minh and Quý (no ties). The chair is
the province's manager; province staff follow; Thanh Hóa's officer is the stranger.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.tests.factories import UserFactory
from recognition.councils import services
from reviews.services import initiative_decide, initiative_mark_exemplary, initiative_submit
from submissions.enums import InitiativeStatus
from submissions.models import CoAuthor
from submissions.services import initiative_set_publication_consent
from submissions.tests.conftest import form_data  # noqa: F401 (the intake form's data, shared)
from submissions.tests.factories import InitiativeFactory
from unions.tests.factories import AppointmentFactory


def approved_initiative(author, **fields):
    """An approved initiative of ``author``'s unit (written as the review would leave it)."""
    moment = timezone.make_aware(dt.datetime(2022, 3, 1, 9))
    return InitiativeFactory(
        submitter=author, status=InitiativeStatus.APPROVED, first_submitted_at=moment, submitted_on=moment.date(),
        **fields,
    )


@pytest.fixture
def chair(tree):
    user = UserFactory(unit=None, full_name="Phạm Thị Lan Anh")
    AppointmentFactory(user=user, unit=tree["ha_noi"], role="manager")
    return user


@pytest.fixture
def members(tree):
    hung = UserFactory(unit=tree["school"], full_name="Đặng Văn Hùng")
    AppointmentFactory(user=hung, unit=tree["school"], role="officer")
    return {
        "hung": hung,
        "dao": UserFactory(unit=None, full_name="Đỗ Thị Đào"),
        "minh": UserFactory(unit=None, full_name="Nguyễn Văn Minh"),
        "quy": UserFactory(unit=None, full_name="Trịnh Đình Quý"),
    }


@pytest.fixture
def pool(tree, reference_data, worker):
    """Two school initiatives, two hospital ones (Đào co-wrote the first)."""
    nurse = UserFactory(unit=tree["hospital"], full_name="Lê Thị Hường")
    return {
        "school_a": approved_initiative(worker, title="Sổ tay điện tử cho giáo viên"),
        "school_b": approved_initiative(worker, title="Phần mềm xếp thời khóa biểu"),
        "hospital_a": approved_initiative(nurse, title="Quy trình tiếp đón người bệnh"),
        "hospital_b": approved_initiative(nurse, title="Đơn thuốc điện tử"),
    }


@pytest.fixture
def co_authored(pool, members):
    CoAuthor.objects.create(initiative=pool["hospital_a"], full_name="Đỗ Thị Đào", account=members["dao"],
                            contribution=Decimal("30"))
    return pool["hospital_a"]


@pytest.fixture
def council(tree, chair, members, pool, co_authored):
    return services.round_open(
        actor=chair, unit=tree["ha_noi"], name="Hội đồng xét chọn sáng kiến tiêu biểu năm 2022", chair=chair,
        members=list(members.values()),
        criteria=[("Tính mới", Decimal("2")), ("Hiệu quả, lợi ích", Decimal("3")), ("Phạm vi áp dụng", Decimal("1")),
                  ("Khả năng nhân rộng", Decimal("1"))],
        phase="phase-1",
    )


@pytest.fixture
def started(council, chair):
    services.round_start(council_round=council, actor=chair)
    council.refresh_from_db()
    return council


# --- certificates, the showcase and replications ----------------------------------------


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


@pytest.fixture(autouse=True)
def _showcase_version_raised_at_each_change(request):
    """The showcase's version is raised at the commit of a change; a test's transaction never
    commits, so in it the trigger fires at the end of each statement instead (tests marked
    ``transaction=True`` commit, and see it raised at the commit as production does)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("db")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS recognition_showcase_version, recognition_showcase_members, "
                       "recognition_showcase_members_changed IMMEDIATE")
