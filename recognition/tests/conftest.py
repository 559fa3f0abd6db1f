"""A Hà Nội selection round: approved initiatives of two grassroots unions and four members.

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
from submissions.enums import InitiativeStatus
from submissions.models import CoAuthor
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
def province_staff(tree):
    user = UserFactory(unit=None, full_name="Ngô Văn Tài")
    AppointmentFactory(user=user, unit=tree["ha_noi"], role="staff")
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
