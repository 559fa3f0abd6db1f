"""Award candidates from the aggregates and the record of awards, against hand-computed figures.

Phase 1 (08/01–31/05/2022): Hà Nội receives 3 of a target of 2 (150%), Thanh Hóa 2 of 4
(50,0%), Đà Nẵng 1 of 2 (50,0%, tied with Thanh Hóa). In the second quarter (judged
against phase 1) Hà Nội leads the cluster with 3 and beat its target; quarter 1 saw nothing.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from campaign.models import UnitTarget
from recognition.awards import selectors, services
from recognition.awards.models import CollectiveAward
from reports.models import EmulationCluster
from reports.services import aggregates_recompute
from reports.tests.test_recompute import HANOI, submit_at
from unions.enums import UnitKind
from unions.tests.factories import AppointmentFactory, UnitFactory


@pytest.fixture
def da_nang(tree):
    unit = UnitFactory(parent=tree["tld"], code="P48", name="LĐLĐ thành phố Đà Nẵng", kind=UnitKind.PROVINCE)
    tree["tld"].refresh_from_db()
    return unit


@pytest.fixture
def scenario(tree, programme, da_nang):
    lan = UserFactory(unit=tree["school"])
    son = UserFactory(unit=tree["factory"])
    grassroots = UnitFactory(parent=da_nang, code="P48-G0001", name="Công đoàn Cảng Đà Nẵng")
    hoa = UserFactory(unit=grassroots)
    for _ in range(3):
        submit_at(lan, dt.datetime(2022, 4, 20, 9, tzinfo=HANOI))
    for _ in range(2):
        submit_at(son, dt.datetime(2022, 5, 31, 23, 50, tzinfo=HANOI))
    submit_at(son, dt.datetime(2022, 6, 1, 0, 10, tzinfo=HANOI))  # phase 2: not counted
    submit_at(hoa, dt.datetime(2022, 5, 2, 9, tzinfo=HANOI))
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="phase-1", assigned=2)
    UnitTarget.objects.create(unit=tree["thanh_hoa"], phase="phase-1", assigned=4)
    UnitTarget.objects.create(unit=da_nang, phase="phase-1", assigned=2)
    cluster = EmulationCluster.objects.create(name="Cụm thi đua số 1")
    cluster.members.set([tree["ha_noi"], tree["thanh_hoa"], da_nang])
    aggregates_recompute()
    return cluster


def test_candidates_ranked_by_achieved_percent_with_ties_sharing_a_rank(tree, scenario):
    candidates = selectors.award_candidates(tree["tld"], "phase-1")
    shown = [(r.unit.code, r.rank, r.targets["phase-1"].count, r.targets["phase-1"].percent_rounded)
             for r in candidates.by_target]
    assert shown == [("P01", 1, 3, Decimal("150")), ("P48", 2, 1, Decimal("50.0")), ("P38", 2, 2, Decimal("50.0"))]


def test_cluster_leader_that_beat_its_target_is_proposed(tree, scenario):
    candidates = selectors.award_candidates(tree["tld"], "phase-1")
    assert [(c.name, y, q, u.code, n) for c, y, q, u, n in candidates.cluster_leaders] == [
        ("Cụm thi đua số 1", 2022, 2, "P01", 3)]


def test_federation_staff_record_an_award_with_a_dd_mm_yyyy_date(client, tree, scenario, federation_staff):
    client.force_login(federation_staff)
    response = client.post(reverse("recognition:awards") + "?phase=phase-1&parent=TLD", {
        "unit": "P01", "phase": "phase-1", "decision_number": "1234/QĐ-TLĐ", "decided_on": "15/07/2022"})
    assert response.status_code == 302
    award = CollectiveAward.objects.get()
    assert (award.unit, award.decided_on, award.awarded_by, award.recorded_by) == (
        tree["ha_noi"], dt.date(2022, 7, 15), tree["tld"], federation_staff)


def test_award_shows_on_the_units_dashboard_and_report(client, tree, scenario, federation_staff, province_manager):
    services.award_record(actor=federation_staff, unit=tree["ha_noi"], phase="phase-1",
                          decision_number="1234/QĐ-TLĐ", decided_on=dt.date(2022, 7, 15))
    client.force_login(province_manager)
    for name in ("reports:dashboard", "reports:report"):
        page = client.get(reverse(name, args=["P01"])).content.decode()
        assert "Bằng khen giai đoạn 1 của Tổng Liên đoàn Lao động Việt Nam (quyết định số 1234/QĐ-TLĐ ngày 15/07/2022)" in page


def test_province_staff_cannot_award_another_province(tree, scenario):
    staff = UserFactory(unit=None)
    AppointmentFactory(user=staff, unit=tree["ha_noi"], role="staff")
    with pytest.raises(services.AwardError):
        services.award_record(actor=staff, unit=tree["thanh_hoa"], phase="phase-1", decision_number="1/QĐ",
                              decided_on=dt.date(2022, 7, 15))


def test_a_unit_cannot_award_itself(tree, scenario):
    staff = UserFactory(unit=None)
    AppointmentFactory(user=staff, unit=tree["ha_noi"], role="staff")
    with pytest.raises(services.AwardError):
        services.award_record(actor=staff, unit=tree["ha_noi"], phase="phase-1", decision_number="1/QĐ",
                              decided_on=dt.date(2022, 7, 15))


def test_the_same_award_is_not_recorded_twice(tree, scenario, federation_staff):
    services.award_record(actor=federation_staff, unit=tree["ha_noi"], phase="phase-1", decision_number="1/QĐ",
                          decided_on=dt.date(2022, 7, 15))
    with pytest.raises(services.AwardError):
        services.award_record(actor=federation_staff, unit=tree["ha_noi"], phase="phase-1", decision_number="2/QĐ",
                              decided_on=dt.date(2022, 7, 16))
    assert CollectiveAward.objects.count() == 1


def test_withdrawn_award_leaves_the_dashboard_and_keeps_the_reason(client, tree, scenario, federation_staff,
                                                                    province_manager):
    award = services.award_record(actor=federation_staff, unit=tree["ha_noi"], phase="phase-1",
                                  decision_number="1234/QĐ-TLĐ", decided_on=dt.date(2022, 7, 15))
    services.award_withdraw(actor=federation_staff, award=award, reason="Ghi nhầm đơn vị")
    award.refresh_from_db()
    assert award.withdrawn_by == federation_staff and award.withdrawal_reason == "Ghi nhầm đơn vị"
    client.force_login(province_manager)
    assert "1234/QĐ-TLĐ" not in client.get(reverse("reports:dashboard", args=["P01"])).content.decode()


def test_a_worker_gets_404_on_the_awards_page(client, worker):
    client.force_login(worker)
    assert client.get(reverse("recognition:awards")).status_code == 404


def test_a_bad_date_is_explained(client, tree, scenario, federation_staff):
    client.force_login(federation_staff)
    response = client.post(reverse("recognition:awards"), {
        "unit": "P01", "phase": "phase-1", "decision_number": "1234/QĐ-TLĐ", "decided_on": "31/02/2022"})
    assert "Hãy nhập ngày theo dạng ngày/tháng/năm" in response.content.decode()
    assert not CollectiveAward.objects.exists()
