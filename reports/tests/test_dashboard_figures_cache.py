"""A dashboard's figures are rendered once per aggregate set and key, then served from the
cache (``dashboard_figures`` in reports/dashboard.html): never another unit's, day's,
period's, order's, language's or permission's, and never without the figures it reads."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaign.models import UnitTarget
from reports import backlog, selectors, views
from reports.sent_reports import sent_report_record
from reports.services import aggregates_recompute
from reports.tests.test_figures import _bulk

pytestmark = pytest.mark.django_db
AS_OF = {"as_of": "2022-05-31"}
# The tables of the figures: a page served from the cache reads none of them.
FIGURE_TABLES = ("reports_dailycount", "reports_approvaldailycount", "reports_fielddailycount",
                 "reports_runningtotal", "reports_backlogwaiting", "reports_backlogflow", "reports_unittarget",
                 "submissions_field", "submissions_initiative")


@pytest.fixture
def counted(tree, programme, worker):
    """Hà Nội: 10 received on 01/03/2022 (its target 40); Thanh Hóa: 7 on 02/05/2022."""
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="overall", assigned=40)
    _bulk(tree["school"], worker, "public_service", dt.date(2022, 3, 1), 10)
    _bulk(tree["factory"], worker, "public_service", dt.date(2022, 5, 2), 7)
    aggregates_recompute()


@pytest.fixture
def staff(client, federation_staff):
    client.force_login(federation_staff)
    return federation_staff


def page(client, code="TLD", **params) -> str:
    response = client.get(reverse("reports:dashboard", args=[code]), params)
    assert response.status_code == 200
    return response.content.decode()


def received(html: str) -> str:
    return re.search(r'kpi-label">[^<]*</div><div class="kpi-value num">([\d.]+)</div>', html).group(1)


def received_in_period(html: str) -> str:
    return re.search(r'kpi-label">Gửi trong kỳ</div><div class="kpi-value num">([\d.]+)</div>', html).group(1)


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_the_figures_from_the_cache_are_the_page_as_rendered(client, staff, counted):
    without_tokens = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')
    rendered = page(client, **AS_OF, period="month")
    assert without_tokens.sub("", page(client, **AS_OF, period="month")) == without_tokens.sub("", rendered)


def test_a_new_aggregate_set_shows_the_new_figures(client, staff, counted, tree, worker):
    assert received(page(client, **AS_OF)) == "17"
    _bulk(tree["hospital"], worker, "public_service", dt.date(2022, 3, 2), 5)
    aggregates_recompute()
    assert received(page(client, **AS_OF)) == "22"


def test_two_units_do_not_share_their_figures(client, staff, counted):
    assert received(page(client, "P01", **AS_OF)) == "10"
    assert received(page(client, "P38", **AS_OF)) == "7"


def test_two_days_do_not_share_their_figures(client, staff, counted):
    assert received(page(client, as_of="2022-04-01")) == "10"
    assert received(page(client, as_of="2022-05-31")) == "17"


def test_the_day_asked_for_keeps_its_links_though_it_is_today(client, staff, counted):
    today = timezone.localdate().isoformat()
    assert f"?as_of={today}" not in page(client)
    assert f'{reverse("reports:dashboard", args=["P01"])}?as_of={today}"' in page(client, as_of=today)


def test_two_periods_do_not_share_their_figures(client, staff, counted):
    assert received_in_period(page(client, **AS_OF, period="week")) == "0"
    assert received_in_period(page(client, **AS_OF, period="month")) == "7"
    assert "Gửi trong kỳ" not in page(client, **AS_OF)


@pytest.mark.parametrize("first, then", [("vi", "en"), ("en", "vi")])
def test_a_language_never_gets_the_figures_rendered_in_the_other(client, staff, counted, first, then):
    words = {"vi": ("Sáng kiến đã gửi", ">Hạng<"), "en": ("Initiatives submitted", ">Rank<")}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = first
    assert all(word in page(client, **AS_OF) for word in words[first])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = then
    html = page(client, **AS_OF)
    assert all(word in html for word in words[then])
    assert not any(word in html for word in words[first])


def test_two_columns_sorted_the_same_way_do_not_share_a_table(client, staff, counted):
    by_name = page(client, **AS_OF, sort="name", dir="asc")
    by_received = page(client, **AS_OF, sort="received", dir="asc")
    assert by_name.index("LĐLĐ thành phố Hà Nội</a>") < by_name.index("LĐLĐ tỉnh Thanh Hóa</a>")
    assert by_received.index("LĐLĐ tỉnh Thanh Hóa</a>") < by_received.index("LĐLĐ thành phố Hà Nội</a>")


def test_two_directions_of_a_column_do_not_share_a_table(client, staff, counted):
    ascending = page(client, **AS_OF, sort="name", dir="asc")
    descending = page(client, **AS_OF, sort="name", dir="desc")
    assert ascending.index("LĐLĐ thành phố Hà Nội</a>") < ascending.index("LĐLĐ tỉnh Thanh Hóa</a>")
    assert descending.index("LĐLĐ tỉnh Thanh Hóa</a>") < descending.index("LĐLĐ thành phố Hà Nội</a>")


@pytest.fixture
def mismatched_targets(tree, programme, counted):
    """Hà Nội's phase 1 is 52, its only child Ba Đình's 30: the dashboard warns, with the
    cascade page's link for those who may assign the children's targets."""
    UnitTarget.objects.create(unit=tree["ha_noi"], phase="phase-1", assigned=52)
    UnitTarget.objects.create(unit=tree["ba_dinh"], phase="phase-1", assigned=30)


def cascade_link(unit) -> str:
    return f'href="{reverse("reports:targets", kwargs={"code": unit.code})}?phase=phase-1"'


def test_who_may_not_assign_targets_never_gets_the_link_cached_for_who_may(
        client, tree, mismatched_targets, province_manager, province_staff):
    client.force_login(province_manager)
    assert cascade_link(tree["ha_noi"]) in page(client, "P01")
    client.force_login(province_staff)
    html = page(client, "P01")
    assert "tổng chỉ tiêu giao cho các đơn vị trực thuộc" in html
    assert cascade_link(tree["ha_noi"]) not in html


def test_who_may_assign_targets_gets_the_link_though_others_saw_the_figures_first(
        client, tree, mismatched_targets, province_manager, province_staff):
    client.force_login(province_staff)
    assert cascade_link(tree["ha_noi"]) not in page(client, "P01")
    client.force_login(province_manager)
    assert cascade_link(tree["ha_noi"]) in page(client, "P01")


def test_a_report_recorded_as_sent_after_the_figures_were_cached_is_offered_as_a_period(
        client, staff, counted, tree):
    assert "Báo cáo trước" not in page(client, **AS_OF)
    sent_report_record(unit=tree["tld"], as_of=dt.date(2022, 5, 15), number="12/BC-TLĐ", actor=staff)
    html = page(client, **AS_OF)
    assert "Báo cáo trước: số liệu đến hết ngày 15/05/2022 (12/BC-TLĐ)." in html
    assert "?as_of=2022-05-31&amp;period=report" in html


@pytest.mark.parametrize("typed", ["2/5/2022", "02/05/2022", "2022-05-02"])
def test_a_typed_first_day_is_shown_as_typed(client, staff, counted, typed):
    page(client, **AS_OF, since="02/05/2022")
    html = page(client, **AS_OF, since=typed)
    assert f'name="since" placeholder="dd/mm/yyyy" value="{typed}"' in html
    assert received_in_period(html) == "7"


def test_a_period_error_is_shown_though_the_page_without_it_is_cached(client, staff, counted):
    page(client, **AS_OF)
    assert "Kỳ phải bắt đầu từ ngày 08/01/2022" in page(client, **AS_OF, since="01/01/2021")


def test_a_cache_hit_computes_none_of_the_figures_it_shows(client, staff, counted, monkeypatch):
    params = {**AS_OF, "period": "month", "sort": "awaiting"}
    rendered = page(client, **params)

    def unread(*args, **kwargs):
        raise AssertionError("computed on a cache hit")

    for module, name in ((views, "chart_data"), (views, "chart_months"), (backlog, "unit_backlog"),
                         (backlog, "children_backlog"), (selectors, "period_figures"),
                         (selectors, "dashboard_children")):
        monkeypatch.setattr(module, name, unread)
    assert received_in_period(page(client, **params)) == received_in_period(rendered) == "7"


def figure_queries(client, **params) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        page(client, **params)
    return [q["sql"] for q in queries.captured_queries if any(f'"{t}"' in q["sql"] for t in FIGURE_TABLES)]


def test_a_cache_hit_reads_no_figures_table(client, staff, counted):
    assert figure_queries(client, **AS_OF, period="month", sort="awaiting")  # a miss reads them
    assert figure_queries(client, **AS_OF, period="month", sort="awaiting") == []


def test_a_cache_hit_costs_the_page_frame_only(client, staff, counted, django_assert_num_queries):
    page(client, **AS_OF)
    # The session, the user, the unit with its trail, the user's appointments, and the
    # aggregate set with the programme; the last report sent, the menu's unread count and
    # whether the unit has awards come from the cache (``test_dashboard_frame``).
    with django_assert_num_queries(5):
        page(client, **AS_OF)
