"""The dashboard's children table, target dates, chart lines and the clusters link, against
hand-computed figures.

The 31/05/2022 scenario of ``test_figures`` (697 received by 31/05: 290 by 01/03, 300 on
11/05, 381 on 20/05, 697 on 31/05; 3 more on 01/06), plus Đà Nẵng with 56 on 01/03, as
many as Hà Nội. The federation's children as of 31/05: Thanh Hóa 641 (phase 1: 641 of 200,
320,5%), Đà Nẵng 56 (no targets), Hà Nội 56 (phase 1: 56 of 52, 107,7%; overall 56 of 60,
93,3%). National total with Đà Nẵng: 753 by 31/05.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory
from campaign.models import UnitTarget
from reports.services import aggregates_recompute
from unions.enums import UnitKind
from unions.tests.factories import UnitFactory

from .test_figures import _bulk, scenario, staff  # noqa: F401 - fixtures

AS_OF = {"as_of": "2022-05-31"}


@pytest.fixture
def da_nang(scenario):  # noqa: F811
    province = UnitFactory(parent=scenario["tld"], code="P48", name="LĐLĐ thành phố Đà Nẵng", kind=UnitKind.PROVINCE)
    grassroots = UnitFactory(parent=province, code="P48-G0001", name="Công đoàn Cảng Đà Nẵng")
    _bulk(grassroots, UserFactory(unit=grassroots), "enterprise", dt.date(2022, 3, 1), 56)
    aggregates_recompute()
    return province


def children_of(client, params):
    response = client.get(reverse("reports:dashboard", args=["TLD"]), {**AS_OF, **params})
    return response, [(row.unit.code, row.rank) for row in response.context["children"]]


def test_equal_counts_share_a_rank_in_the_children_table(client, staff, da_nang):  # noqa: F811
    client.force_login(staff)

    _response, rows = children_of(client, {})

    # Đà Nẵng and Hà Nội both have 56: both second, listed in Vietnamese order (đ before h).
    assert rows == [("P38", 1), ("P48", 2), ("P01", 2)]


def test_children_sort_by_name_in_vietnamese_order_both_ways(client, staff, da_nang):  # noqa: F811
    client.force_login(staff)

    _response, ascending = children_of(client, {"sort": "name", "dir": "asc"})
    _response, descending = children_of(client, {"sort": "name", "dir": "desc"})

    assert [code for code, _rank in ascending] == ["P48", "P01", "P38"]
    assert [code for code, _rank in descending] == ["P38", "P01", "P48"]


def test_figures_sort_largest_first_and_then_the_other_way(client, staff, da_nang):  # noqa: F811
    client.force_login(staff)

    _response, first_click = children_of(client, {"sort": "received"})
    _response, second_click = children_of(client, {"sort": "received", "dir": "asc"})

    assert [code for code, _rank in first_click] == ["P38", "P48", "P01"]
    assert [code for code, _rank in second_click] == ["P48", "P01", "P38"]


def test_a_phase_column_sorts_by_that_phases_achievement_with_units_without_target_last(
    client, staff, da_nang  # noqa: F811
):
    client.force_login(staff)

    _response, descending = children_of(client, {"sort": "phase-1", "dir": "desc"})
    _response, ascending = children_of(client, {"sort": "phase-1", "dir": "asc"})

    # Thanh Hóa 320,5%, Hà Nội 107,7%; Đà Nẵng has no phase-1 target.
    assert [code for code, _rank in descending] == ["P38", "P01", "P48"]
    assert [code for code, _rank in ascending] == ["P01", "P38", "P48"]


def test_the_sorted_column_says_its_order_and_links_to_the_other_keeping_the_date(client, staff, da_nang):  # noqa: F811
    client.force_login(staff)

    page = children_of(client, {"sort": "name", "dir": "asc", "children": "all"})[0].content.decode()

    header = re.search(r'<th scope="col"[^>]*aria-sort="ascending"[^>]*><a class="sort-link" href="([^"]+)">Đơn vị', page)
    assert header is not None
    assert header.group(1).replace("&amp;", "&") == "?sort=name&dir=desc&as_of=2022-05-31&children=all"
    assert page.count("aria-sort=") == 1


def test_every_phase_column_has_a_sort_link(client, staff, da_nang):  # noqa: F811
    client.force_login(staff)

    page = children_of(client, {})[0].content.decode().replace("&amp;", "&")

    for phase in ("phase-1", "phase-2", "overall"):
        assert f'href="?sort={phase}&dir=desc&as_of=2022-05-31"' in page


def test_an_unknown_sort_falls_back_to_the_ranking(client, staff, da_nang):  # noqa: F811
    client.force_login(staff)

    _response, rows = children_of(client, {"sort": "nonsense", "dir": "sideways"})

    assert rows == [("P38", 1), ("P48", 2), ("P01", 2)]


def test_a_met_overall_target_says_the_day_it_was_met(client, staff, scenario):  # noqa: F811
    UnitTarget.objects.filter(unit=scenario["tld"], phase="overall").update(assigned=350)
    client.force_login(staff)

    page = client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF).content.decode()

    # 381 received by 20/05 is the first running total of at least 350.
    assert "Chỉ tiêu toàn chương trình đã đạt ngày 20/05/2022." in page
    assert "vào khoảng ngày" not in page


def test_an_unmet_overall_target_still_gets_a_projection(client, staff, scenario):  # noqa: F811
    client.force_login(staff)

    response = client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF)

    assert response.context["dashboard"].overall_reached_on is None
    assert "vào khoảng ngày" in response.content.decode()


def test_chart_draws_each_phase_target_over_its_own_days(client, staff, scenario):  # noqa: F811
    client.force_login(staff)

    chart = client.get(reverse("reports:dashboard", args=["TLD"]), {"as_of": "2022-06-01"}).context["chart"]

    days = chart["labels"]
    assert days[-2:] == ["2022-05-31", "2022-06-01"]
    lines = {t["phase"]: t["data"] for t in chart["targets"]}
    assert set(lines) == {"phase-1", "phase-2", "overall"}
    assert lines["phase-1"] == [300] * (len(days) - 1) + [None]
    # Phase 2 asks for its 700.000 on top of the 697 received before it began.
    assert lines["phase-2"] == [None] * (len(days) - 1) + [700_697]
    assert lines["overall"] == [1000] * len(days)
    assert [t["label"] for t in chart["targets"]] == [
        "Chỉ tiêu Giai đoạn 1", "Chỉ tiêu Giai đoạn 2", "Chỉ tiêu toàn chương trình"]


def test_figures_are_marked_not_to_break_inside(client, staff, scenario):  # noqa: F811
    client.force_login(staff)

    page = client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF).content.decode()

    assert '<div class="kpi-value num">697</div>' in page
    assert '<span class="num">0</span>' in page  # the benefit (none in this scenario)


def test_report_table_cells_carry_their_column_names_for_the_stacked_phone_layout(client, staff, scenario):  # noqa: F811
    client.force_login(staff)

    page = client.get(reverse("reports:report", args=["TLD"]), AS_OF).content.decode()

    assert '<td class="text-end" data-label="Số sáng kiến"><span class="num">641</span></td>' in page
    assert 'data-label="Giai đoạn 1: chỉ tiêu / đạt"><span class="num">52 / 108%</span>' in page


def test_the_link_to_clusters_carries_the_dashboards_date(client, staff, scenario):  # noqa: F811
    client.force_login(staff)

    page = client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF).content.decode()

    assert f'href="{reverse("reports:clusters")}?as_of=2022-05-31"' in page


def test_clusters_open_on_the_quarter_of_the_date_with_figures_as_of_it(client, staff, scenario):  # noqa: F811
    from reports.models import EmulationCluster

    EmulationCluster.objects.create(name="Cụm thử").members.add(scenario["ha_noi"], scenario["thanh_hoa"])
    client.force_login(staff)

    response = client.get(reverse("reports:clusters"), AS_OF)

    assert (response.context["year"], response.context["quarter"]) == (2022, 2)
    # Q2 up to 31/05: Thanh Hóa 10 + 81 + 168 + 111 + 37 = 407 (the 3 of 01/06 are after the date).
    standings = response.context["rankings"][0].standings
    assert [(s.unit.code, s.received_in_quarter) for s in standings] == [("P38", 407), ("P01", 0)]
    assert "số liệu tính đến 24h ngày 31/05/2022" in response.content.decode()


def test_clusters_say_when_a_quarter_spans_two_phases(client, staff, scenario):  # noqa: F811
    from reports.models import EmulationCluster

    EmulationCluster.objects.create(name="Cụm thử").members.add(scenario["ha_noi"], scenario["thanh_hoa"])
    client.force_login(staff)

    page = client.get(reverse("reports:clusters"), {"year": 2022, "quarter": 2}).content.decode()

    assert ("Quý 2/2022 thuộc hai giai đoạn: Giai đoạn 1 (đến 31/05/2022) và Giai đoạn 2 (từ 01/06/2022). "
            "Đơn vị dẫn đầu được so với chỉ tiêu Giai đoạn 1, giai đoạn kết thúc trong quý.") in page


def test_clusters_say_a_leader_without_a_target_has_none(client, staff, scenario):  # noqa: F811
    from reports.models import EmulationCluster

    UnitTarget.objects.filter(unit=scenario["thanh_hoa"]).delete()
    EmulationCluster.objects.create(name="Cụm thử").members.add(scenario["ha_noi"], scenario["thanh_hoa"])
    client.force_login(staff)

    page = client.get(reverse("reports:clusters"), {"year": 2022, "quarter": 2}).content.decode()

    assert "Dẫn đầu cụm, chưa được giao chỉ tiêu Giai đoạn 1: <strong>LĐLĐ tỉnh Thanh Hóa</strong>" in page
    assert "chưa đạt" not in page


def test_clusters_are_listed_in_vietnamese_order(client, staff, scenario):  # noqa: F811
    from reports.models import EmulationCluster

    for name in ("Khối thi đua Đông Nam Bộ", "Khối thi đua Hải Phòng", "Khối thi đua Bắc Bộ"):
        EmulationCluster.objects.create(name=name).members.add(scenario["ha_noi"])
    client.force_login(staff)

    rankings = client.get(reverse("reports:clusters"), {"year": 2022, "quarter": 2}).context["rankings"]

    assert [r.cluster.name for r in rankings] == [
        "Khối thi đua Bắc Bộ", "Khối thi đua Đông Nam Bộ", "Khối thi đua Hải Phòng"]


def test_children_export_lists_equal_counts_with_a_shared_rank_in_vietnamese_order(client, staff, da_nang):  # noqa: F811
    import csv
    import io

    client.force_login(staff)
    url = reverse("reports:export", kwargs={"code": "TLD", "table": "children", "fmt": "csv"})

    body = b"".join(client.get(url, AS_OF).streaming_content).decode("utf-8-sig")
    rows = [row for row in csv.reader(io.StringIO(body)) if row and row[0] in {"P01", "P38", "P48"}]

    assert [(row[0], row[-1]) for row in rows] == [("P38", "1"), ("P48", "2"), ("P01", "2")]


def test_the_cached_children_table_keeps_each_requests_own_links(client, staff, da_nang):  # noqa: F811
    client.force_login(staff)

    children_of(client, {"sort": "name", "children": "all"})
    page = children_of(client, {"sort": "name"})[0].content.decode().replace("&amp;", "&")

    assert 'href="?sort=name&dir=desc&as_of=2022-05-31"' in page
    assert "children=all" not in page


def test_dashboard_leaves_chart_js_out_of_its_critical_path(client, staff, scenario):  # noqa: F811
    client.force_login(staff)

    html = client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF).content.decode()

    scripts = re.findall(r'<script[^>]*\bsrc="([^"]+)"', html)
    assert not [src for src in scripts if "chart.umd" in src]
    assert [src for src in scripts if src.endswith("js/dashboard.js")]


def test_dashboard_names_the_chart_library_dashboard_js_loads_when_the_charts_are_near(client, staff, scenario):  # noqa: F811
    client.force_login(staff)

    html = client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF).content.decode()

    assert re.search(r'<div id="charts" data-library="[^"]*vendor/chartjs/chart\.umd\.min\.js"', html)


def test_chart_figures_are_tabled_month_by_month_with_the_running_total(client, staff, scenario):  # noqa: F811
    client.force_login(staff)

    months = client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF).context["chart_months"]

    assert [(m["month"], m["received"], m["cumulative"]) for m in months if m["received"]] == [
        (dt.date(2022, 3, 1), 290, 290), (dt.date(2022, 5, 1), 407, 697)]
    assert months[-1]["cumulative"] == 697


def test_chart_figures_table_is_on_the_page_without_script(client, staff, scenario):  # noqa: F811
    client.force_login(staff)

    html = client.get(reverse("reports:dashboard", args=["TLD"]), AS_OF).content.decode()

    assert re.search(r'<th scope="row" class="fw-normal">05/2022</th><td class="text-end num">407</td>'
                     r'<td class="text-end num">697</td>', html)
