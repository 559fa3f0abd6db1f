"""The downloads' campaign, whose figures the tests compute by hand.

The scenario, as of 15/06/2022 (phase 1 ends 31/05/2022), under Hà Nội:

- Ba Đình: 3 initiatives from the school on 01/03 (one approved), 1 from the hospital
  at 23:00 on 31/05 (still phase 1, local time) and 1 on 02/06. Targets: phase 1 3,
  phase 2 8, overall 12. So 5 received, 1 approved; phase 1 4/3 = 133% (1 over,
  33,3%), phase 2 1/8 = 12,5%, overall 5/12 = 41,7%.
- Cầu Giấy: 2 initiatives of an enterprise worker on 10/06, 1 withdrawn (not counted),
  1 on 20/06 (after the as-of date). Targets: phase 2 3, overall 6. So 2 received,
  0 approved; phase 2 2/3 = 66,7%, overall 2/6 = 33,3%.

Hà Nội's 7: public service 5 (71%), enterprise 2 (29%); health 2 (29%), engineering 5 (71%).
"""

import datetime as dt

import pytest

from accounts.tests.factories import UserFactory
from campaign.models import UnitTarget
from reports.services import aggregates_recompute
from reviews.services import initiative_decide, initiative_withdraw
from submissions.models import Field
from unions.enums import UnitKind
from unions.tests.factories import AppointmentFactory, UnitFactory

from .test_recompute import HANOI, submit_at


@pytest.fixture
def scenario(tree, programme, school_officer):
    """The figures of the module docstring, recomputed; returns the aggregate set."""
    health = Field.objects.get(code="health")
    cau_giay = UnitFactory(parent=tree["ha_noi"], code="P01-U002", name="LĐLĐ quận Cầu Giấy", kind=UnitKind.UPPER)
    company = UnitFactory(parent=cau_giay, code="P01-U002-G0001", name="Công đoàn Công ty Điện lực Cầu Giấy")
    lan = UserFactory(unit=tree["school"], category="public_service")
    nga = UserFactory(unit=tree["hospital"], category="public_service")
    hai = UserFactory(unit=company, category="enterprise")
    upper = UserFactory(unit=None)
    AppointmentFactory(user=upper, unit=tree["ba_dinh"], role="officer")

    approved = submit_at(lan, dt.datetime(2022, 3, 1, 9, tzinfo=HANOI))
    for _ in range(2):
        submit_at(lan, dt.datetime(2022, 3, 1, 10, tzinfo=HANOI))
    initiative_decide(initiative=approved, action="verify", actor=school_officer)
    initiative_decide(initiative=approved, action="approve", actor=upper)
    submit_at(nga, dt.datetime(2022, 5, 31, 23, 0, tzinfo=HANOI), field=health)
    submit_at(nga, dt.datetime(2022, 6, 2, 8, 0, tzinfo=HANOI), field=health)
    for _ in range(2):
        submit_at(hai, dt.datetime(2022, 6, 10, 14, 0, tzinfo=HANOI))
    withdrawn = submit_at(hai, dt.datetime(2022, 6, 11, 14, 0, tzinfo=HANOI))
    initiative_withdraw(initiative=withdrawn, actor=hai)
    submit_at(hai, dt.datetime(2022, 6, 20, 14, 0, tzinfo=HANOI))

    for unit, phase, assigned in [
        (tree["ba_dinh"], "phase-1", 3), (tree["ba_dinh"], "phase-2", 8), (tree["ba_dinh"], "overall", 12),
        (cau_giay, "phase-2", 3), (cau_giay, "overall", 6),
    ]:
        UnitTarget.objects.create(unit=unit, phase=phase, assigned=assigned)
    return aggregates_recompute()


@pytest.fixture
def ha_noi_officer(tree):
    user = UserFactory(unit=tree["ha_noi"], category="union_official")
    AppointmentFactory(user=user, unit=tree["ha_noi"], role="officer")
    return user


@pytest.fixture
def officer_client(client, ha_noi_officer):
    client.force_login(ha_noi_officer)
    return client


@pytest.fixture
def formula_child(tree, programme):
    UnitFactory(parent=tree["ha_noi"], code="P01-X", name='=HYPERLINK("http://example.invalid","Bấm")')
    UnitFactory(parent=tree["ha_noi"], code="P01-Y", name="-2+3")
    UnitFactory(parent=tree["ha_noi"], code="P01-Z", name="@SUM(A1)")
    aggregates_recompute()
