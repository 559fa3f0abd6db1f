"""What frames every dashboard page is kept in the cache or the process and shows a change at
once: its last report sent and the menu (the awards: recognition/tests/test_unit_awards_cache.py)."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.urls import reverse

from reports import periods
from reports.sent_reports import sent_report_record
from reports.tests.test_dashboard_figures_cache import AS_OF, counted, page  # noqa: F401
from reviews.templatetags import portal_menu
from unions.tests.factories import AppointmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, federation_staff):
    client.force_login(federation_staff)
    return federation_staff


# --- the last report sent ----------------------------------------------------------------------


def test_a_deleted_sent_report_leaves_the_page_at_once(client, staff, counted, tree):  # noqa: F811
    report = sent_report_record(unit=tree["tld"], as_of=dt.date(2022, 5, 15), number="12/BC-TLĐ", actor=staff)
    assert "12/BC-TLĐ" in page(client, **AS_OF, period="month")
    report.delete()  # as the admin deletes it
    assert "Báo cáo trước" not in page(client, **AS_OF, period="month")


def test_a_later_sent_report_replaces_the_earlier_at_once(client, staff, counted, tree):  # noqa: F811
    sent_report_record(unit=tree["tld"], as_of=dt.date(2022, 5, 1), number="1/BC", actor=staff)
    assert "(1/BC)" in page(client, **AS_OF, period="month")
    sent_report_record(unit=tree["tld"], as_of=dt.date(2022, 5, 20), number="2/BC", actor=staff)
    assert "Báo cáo trước: số liệu đến hết ngày 20/05/2022 (2/BC)." in page(client, **AS_OF, period="month")


def test_the_cached_reports_give_the_latest_before_the_day_asked(staff, tree):
    for day, number in ((dt.date(2022, 5, 1), "1/BC"), (dt.date(2022, 5, 20), "2/BC"), (dt.date(2022, 5, 20), "3/BC")):
        sent_report_record(unit=tree["tld"], as_of=day, number=number, actor=staff)
    periods.unit_sent_reports(tree["tld"])  # cached
    assert periods.latest_sent_report(tree["tld"]).number == "3/BC"
    assert periods.latest_sent_report(tree["tld"], before=dt.date(2022, 5, 20)).number == "1/BC"
    assert periods.latest_sent_report(tree["tld"], before=dt.date(2022, 5, 1)) is None


def test_a_units_sent_reports_are_never_anothers(staff, tree):
    sent_report_record(unit=tree["tld"], as_of=dt.date(2022, 5, 1), number="1/BC", actor=staff)
    assert periods.latest_sent_report(tree["tld"]).number == "1/BC"
    assert periods.latest_sent_report(tree["ha_noi"]) is None


# --- the menu -----------------------------------------------------------------------------------


def _menu(html: str) -> str:
    return html[html.index('<nav class="portal-nav"'):html.index("</nav>", html.index('<nav class="portal-nav"'))]


def _tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def test_the_menu_from_the_memo_is_the_menu_as_rendered(client, staff, counted, settings):  # noqa: F811
    settings.DEBUG = True  # the memo is off: every menu rendered from its template
    rendered = re.sub(r'value="[^"]{64}"', "", _menu(page(client, **AS_OF)))
    settings.DEBUG = False
    page(client, **AS_OF)
    assert re.sub(r'value="[^"]{64}"', "", _menu(page(client, **AS_OF))) == rendered


def test_each_page_carries_its_own_csrf_token_in_the_logout_forms(client, staff, counted):  # noqa: F811
    first = page(client, **AS_OF)
    html = page(client, **AS_OF)
    # The language form, both logout forms and the recompute form: the page's token, masked anew.
    assert html.count('name="csrfmiddlewaretoken"') == 4
    assert len(_tokens(html)) == 1 and not _tokens(html) & _tokens(first)
    assert "menu-csrf-token" not in html


def test_a_workers_menu_is_never_an_officers(client, staff, counted, worker):  # noqa: F811
    assert "Xét duyệt" in _menu(page(client, **AS_OF))
    client.force_login(worker)
    menu = _menu(client.get(reverse("help")).content.decode())
    assert "Xét duyệt" not in menu and "Tiến độ" not in menu


def test_an_officers_menu_is_never_a_workers(client, worker, school_officer):
    client.force_login(worker)
    client.get(reverse("help"))
    client.force_login(school_officer)
    assert "Xét duyệt" in _menu(client.get(reverse("help")).content.decode())


def test_only_a_user_who_may_see_the_status_gets_its_link(client, staff, counted, tree):  # noqa: F811
    officer = AppointmentFactory(unit=tree["school"], role="officer").user
    client.force_login(officer)
    assert "Tình trạng hệ thống" not in _menu(client.get(reverse("help")).content.decode())


def test_the_menu_marks_the_page_it_is_on(client, worker):
    client.force_login(worker)
    assert 'href="/help/" aria-current="page"' in _menu(client.get(reverse("help")).content.decode())
    menu = _menu(client.get(reverse("accounts:profile")).content.decode())
    assert 'href="/help/" aria-current' not in menu and 'href="/accounts/profile/" aria-current="page"' in menu


def test_the_menu_follows_the_language(client, worker):
    client.force_login(worker)
    assert "Trợ giúp" in _menu(client.get(reverse("help")).content.decode())
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    menu = _menu(client.get(reverse("help")).content.decode())
    assert "Trợ giúp" not in menu and "Help" in menu


def test_the_memo_forgets_on_a_setting_change(client, worker, settings):
    client.force_login(worker)
    client.get(reverse("help"))
    assert portal_menu._memo
    settings.LANGUAGE_COOKIE_NAME = "other_language"
    assert not portal_menu._memo
