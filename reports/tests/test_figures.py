"""The 31/05/2022 scenario in reduced form, every displayed figure checked against hand computation.

Reduced by 1.000: phase-1 target 300, overall 1.000, 697 received by 31/05/2022
(697 − 300 = 397 over, 132,3% → "132%"; 697/1.000 = 69,7%), categories 381/168/111/37
(54,66% → 55%, 24,10% → 24%, 15,93% → 16%, 5,31% → 5%). Hà Nội: 56 of 52 (107,7% → 108%,
4 over) and of 60 overall (93,3%). The phase-1 target is reached on 11/05/2022,
20 days before 31/05/2022.
"""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaign.models import UnitTarget
from reports.services import aggregates_recompute
from submissions.models import Field, Initiative
from unions.tests.factories import AppointmentFactory

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
CATEGORIES = [("public_service", 381), ("enterprise", 168), ("union_official", 111), ("civil_servant", 37)]


def _bulk(unit, author, category, day: dt.date, n: int, status="submitted"):
    field = Field.objects.get(code="engineering")
    moment = dt.datetime.combine(day, dt.time(10), tzinfo=HANOI)
    Initiative.objects.bulk_create(
        Initiative(
            submitter=author, entered_by=author, unit=unit, author_name="Tác giả", category=category, title="SK",
            field=field, summary="x", status=status, first_submitted_at=moment, submitted_on=day,
        )
        for _ in range(n)
    )


@pytest.fixture
def scenario(tree, programme):
    """697 initiatives by 31/05/2022 (56 in Hà Nội), plus 5 rejected and 3 after the date."""
    author = UserFactory(unit=tree["school"])
    UnitTarget.objects.create(unit=tree["tld"], phase="phase-1", assigned=300)
    UnitTarget.objects.create(unit=tree["tld"], phase="overall", assigned=1000)
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="phase-1", assigned=52)
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="overall", assigned=60, self_set=130)
    UnitTarget.objects.create(unit=tree["thanh_hoa"], phase="phase-1", assigned=200)
    # Hà Nội: 56 public-service initiatives on 01/03 (school 50, hospital 6).
    _bulk(tree["school"], author, "public_service", dt.date(2022, 3, 1), 50)
    _bulk(tree["hospital"], author, "public_service", dt.date(2022, 3, 1), 6)
    # Thanh Hóa holds the rest: 325 more public-service, then the other categories.
    factory = tree["factory"]
    _bulk(factory, author, "public_service", dt.date(2022, 3, 1), 234)   # 290 by 01/03
    _bulk(factory, author, "public_service", dt.date(2022, 5, 11), 10)   # 300 on 11/05
    _bulk(factory, author, "public_service", dt.date(2022, 5, 20), 81)   # 381 public service
    _bulk(factory, author, "enterprise", dt.date(2022, 5, 31), 168)
    _bulk(factory, author, "union_official", dt.date(2022, 5, 31), 111)
    _bulk(factory, author, "civil_servant", dt.date(2022, 5, 31), 37)
    _bulk(factory, author, "enterprise", dt.date(2022, 5, 30), 5, status="rejected")
    _bulk(factory, author, "enterprise", dt.date(2022, 6, 1), 3)
    aggregates_recompute()
    return tree


@pytest.fixture
def staff(scenario):
    user = UserFactory(unit=None, email="tld@congdoan.vn", phone=None)
    AppointmentFactory(user=user, unit=scenario["tld"], role="staff")
    return user


AS_OF = {"as_of": "2022-05-31"}


def test_national_dashboard_figures(client, staff, scenario):
    client.force_login(staff)
    d = client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF).context["dashboard"]
    assert d.totals["received"] == 697
    phase1, overall = d.progress[0], d.progress[-1]
    assert (phase1.count, phase1.target, phase1.exceeded_by) == (300 + 397, 300, 397)
    assert (str(phase1.percent_rounded), str(phase1.exceeded_percent_rounded)) == ("232", "132")
    assert (overall.count, str(overall.percent_rounded)) == (697, "69.7")
    assert phase1.reached_on == dt.date(2022, 5, 11)
    assert phase1.days_before_deadline == 20


def test_the_dashboards_address_keeps_the_day_and_the_period_asked_for(client, staff, scenario):
    client.force_login(staff)
    response = client.get(reverse("reports:home"), {"as_of": "31/05/2022", "since": "2022-05-01"})
    assert response.url == reverse("reports:dashboard", args=["TLD"]) + "?as_of=31%2F05%2F2022&since=2022-05-01"


def test_national_dashboard_page_shows_vietnamese_figures(client, staff, scenario):
    client.force_login(staff)
    html = client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF).content.decode()
    for text in ("697 / chỉ tiêu 300 — đạt 232%", "vượt 397 (132%)", "đạt 69,7%", "Đạt chỉ tiêu ngày 11/05/2022",
                 "sớm 20 ngày"):
        assert text in html, text


def test_category_shares(client, staff, scenario):
    client.force_login(staff)
    d = client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF).context["dashboard"]
    assert [(c.code, c.count, str(c.share_rounded)) for c in d.categories] == [
        ("public_service", 381, "55"), ("enterprise", 168, "24"), ("union_official", 111, "16"),
        ("civil_servant", 37, "5"),
    ]


def test_child_table_ranks_and_targets(client, staff, scenario):
    client.force_login(staff)
    d = client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF).context["dashboard"]
    rows = {r.unit.code: r for r in d.children}
    assert (rows["P38"].rank, rows["P38"].received) == (1, 641)
    assert (rows["P01"].rank, rows["P01"].received) == (2, 56)
    hn = rows["P01"].targets
    assert (hn["phase-1"].count, str(hn["phase-1"].percent_rounded), hn["phase-1"].exceeded_by) == (56, "108", 4)
    assert str(hn["overall"].percent_rounded) == "93.3"


def test_as_of_default_is_today_and_counts_later_submissions(client, staff, scenario):
    client.force_login(staff)
    d = client.get(reverse("reports:dashboard", args=["TLD"])).context["dashboard"]
    assert d.as_of == timezone.localdate()
    assert d.totals["received"] == 700


def test_report_sentence_reproduces_the_press_text(client, staff, scenario):
    client.force_login(staff)
    response = client.get(reverse("reports:report", args=["TLD"]), AS_OF)
    assert response.context["headline"] == (
        "Tính đến 24h ngày 31/5/2022, đã có 697 sáng kiến gửi tham gia chương trình, vượt 132% chỉ tiêu kế hoạch "
        "giai đoạn 1 (vượt 397 sáng kiến) và đạt 69,7% chỉ tiêu toàn bộ chương trình."
    )
    assert response.context["category_sentence"].startswith(
        "Trong đó, số lượng sáng kiến của đoàn viên là cán bộ, viên chức, người lao động đơn vị sự nghiệp là "
        "381 sáng kiến (tỷ lệ 55%); số lượng sáng kiến của đoàn viên là công nhân lao động trong khu vực doanh "
        "nghiệp là 168 sáng kiến (tỷ lệ 24%)"
    )


def test_province_report_sentence(client, staff, scenario):
    client.force_login(staff)
    headline = client.get(reverse("reports:report", args=["P01"]), AS_OF).context["headline"]
    assert headline == (
        "Tính đến 24h ngày 31/5/2022, đã có 56 sáng kiến gửi tham gia chương trình, vượt 7,7% chỉ tiêu kế hoạch "
        "giai đoạn 1 (vượt 4 sáng kiến) và đạt 93,3% chỉ tiêu toàn bộ chương trình."
    )


def test_api_returns_the_design_contract(client, staff, scenario):
    client.force_login(staff)
    data = client.get(reverse("reports:api_progress"), {"unit": "P01", **AS_OF}).json()
    assert (data["unit"], data["as_of"], data["received"], data["approved"]) == ("P01", "2022-05-31", 56, 0)
    assert data["by_category"] == {"public_service": 56, "enterprise": 0, "union_official": 0, "civil_servant": 0}
    assert data["by_field"]["engineering"] == 56
    assert data["targets"][0] == {"phase": "phase-1", "target": 52, "self_set": None, "count": 56, "percent": 108.0,
                                  "exceeded_by": 4, "exceeded_percent": 7.7}
    assert [c["code"] for c in data["children"]] == ["P01-U001"]
    assert data["computed_at"]


def test_api_is_scoped(client, scenario, thanh_hoa_officer):
    client.force_login(thanh_hoa_officer)
    assert client.get(reverse("reports:api_progress"), {"unit": "P01"}).status_code == 404
    assert client.get(reverse("reports:api_progress"), {"unit": "P38"}).status_code == 200
    assert client.get(reverse("reports:api_progress"), {"unit": "TLD"}).status_code == 404


def test_api_needs_login(client, scenario):
    assert client.get(reverse("reports:api_progress"), {"unit": "TLD"}).status_code == 401


def test_api_refuses_bad_date(client, staff, scenario):
    client.force_login(staff)
    response = client.get(reverse("reports:api_progress"), {"unit": "TLD", "as_of": "31/05/2022"})
    assert response.status_code == 400
    assert "YYYY-MM-DD" in json.loads(response.content)["error"]


def test_worker_cannot_open_dashboards(client, worker, scenario):
    client.force_login(worker)
    assert client.get(reverse("reports:dashboard", args=["P01"])).status_code == 404
    assert client.get(reverse("reports:home")).status_code == 403


def test_officer_of_other_province_gets_404_on_dashboard(client, thanh_hoa_officer, scenario):
    client.force_login(thanh_hoa_officer)
    assert client.get(reverse("reports:dashboard", args=["P01"])).status_code == 404
    assert client.get(reverse("reports:report", args=["P01"])).status_code == 404


def test_public_counter_on_home_page(client, scenario):
    response = client.get(reverse("home"))
    assert response.context["counter"].totals["received"] == 700
    assert "700" in response.content.decode()


def test_dashboard_reads_no_initiative_rows(client, staff, scenario, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF)
    assert not [q for q in queries.captured_queries if "submissions_initiative" in q["sql"]]


def test_cluster_ranking_page_ranks_by_quarter(client, staff, scenario):
    from reports.models import EmulationCluster

    cluster = EmulationCluster.objects.create(name="Cụm thử")
    cluster.members.add(scenario["ha_noi"], scenario["thanh_hoa"])
    client.force_login(staff)
    response = client.get(reverse("reports:clusters"), {"year": 2022, "quarter": 2})
    standings = response.context["rankings"][0].standings
    # Q2 2022 (01/04–30/06): Thanh Hóa 10 + 81 + 168 + 111 + 37 + 3 = 410, Hà Nội 0.
    assert [(s.unit.code, s.received_in_quarter, s.rank) for s in standings] == [("P38", 410, 1), ("P01", 0, 2)]


def test_cluster_page_writes_its_years_as_plain_digits(client, staff, scenario):
    from reports.models import EmulationCluster

    EmulationCluster.objects.create(name="Cụm thử").members.add(scenario["ha_noi"], scenario["thanh_hoa"])
    client.force_login(staff)
    page = client.get(reverse("reports:clusters"), {"year": 2022, "quarter": 2}).content.decode()
    assert '<option value="2022" selected>2022</option>' in page
    assert "Quý 2/2022 (01/04/2022 – 30/06/2022)" in page


def test_cluster_page_refuses_workers(client, worker, scenario):
    client.force_login(worker)
    assert client.get(reverse("reports:clusters")).status_code == 403


def test_dashboard_warns_when_children_targets_do_not_add_up(client, staff, scenario):
    client.force_login(staff)
    response = client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF)
    # Children's phase-1 targets: Hà Nội 52 + Thanh Hóa 200 = 252, not the federation's 300.
    assert "252" in response.content.decode()
    assert any(m.phase == "phase-1" and m.children_total == 252 for m in response.context["mismatches"])
