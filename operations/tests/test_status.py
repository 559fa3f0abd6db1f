"""The staff page: age of the figures, e-mails waiting, recent import runs; and the stale-figures warning."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from operations.selectors import figures_freshness
from reports.models import AggregateSet
from reports.services import aggregates_recompute
from reviews.enums import EmailState
from reviews.models import Notification
from reviews.services import initiative_decide, initiative_submit
from submissions.tests.factories import InitiativeFactory
from unions.tests.factories import AppointmentFactory


@pytest.fixture
def staff(tree):
    user = UserFactory(unit=None, full_name="Đỗ Thị Mai")
    AppointmentFactory(user=user, unit=tree["tld"], role="staff")
    return user


def _age(agg: AggregateSet, seconds: int) -> None:
    AggregateSet.objects.filter(pk=agg.pk).update(computed_at=timezone.now() - dt.timedelta(seconds=seconds))


# --- freshness ------------------------------------------------------------------------------


def test_figures_are_fresh_within_the_threshold(programme, settings):
    settings.AGGREGATES_STALE_AFTER_SECONDS = 600
    agg = aggregates_recompute()
    _age(agg, 300)

    assert not figures_freshness().is_stale


def test_figures_are_stale_beyond_the_threshold(programme, settings):
    settings.AGGREGATES_STALE_AFTER_SECONDS = 600
    agg = aggregates_recompute()
    _age(agg, 601)

    freshness = figures_freshness()
    assert freshness.is_stale and freshness.age_seconds >= 601


def test_figures_never_computed_are_stale(db):
    assert figures_freshness().is_stale


def test_dashboard_says_plainly_that_stale_figures_are_not_current(client, staff, tree, programme, settings):
    settings.AGGREGATES_STALE_AFTER_SECONDS = 600
    _age(aggregates_recompute(), 3600)
    client.force_login(staff)

    page = client.get(reverse("reports:dashboard", args=[tree["tld"].code])).content.decode()

    assert "Số liệu chưa được cập nhật." in page
    assert "không dùng làm số liệu hiện tại" in page


def test_dashboard_with_fresh_figures_shows_no_warning(client, staff, tree, programme):
    aggregates_recompute()
    client.force_login(staff)

    page = client.get(reverse("reports:dashboard", args=[tree["tld"].code])).content.decode()

    assert "Số liệu chưa được cập nhật." not in page


def test_threshold_comes_from_the_setting(client, staff, tree, programme, settings):
    _age(aggregates_recompute(), 120)
    client.force_login(staff)
    settings.AGGREGATES_STALE_AFTER_SECONDS = 60

    page = client.get(reverse("reports:dashboard", args=[tree["tld"].code])).content.decode()

    assert "Số liệu chưa được cập nhật." in page


# --- the staff page -------------------------------------------------------------------------


def test_staff_page_shows_the_age_of_the_last_recompute(client, staff, programme):
    _age(aggregates_recompute(), 1800)
    client.force_login(staff)

    response = client.get(reverse("operations:status"))

    assert response.status_code == 200
    assert response.context["freshness"].age_seconds >= 1800
    assert response.context["freshness"].is_stale


def test_staff_page_says_how_the_last_run_was_made(client, staff, programme):
    agg = aggregates_recompute()
    AggregateSet.objects.filter(pk=agg.pk).update(full=False, changes_read=1234, initiatives_read=56789)
    client.force_login(staff)

    page = client.get(reverse("operations:status")).content.decode()

    assert "Cập nhật 1.234 thay đổi trong" in page
    assert "tổng cộng 56.789 sáng kiến đã gửi" in page


def test_staff_page_counts_pending_and_failed_emails(client, staff, worker, school_officer, programme):
    for _ in range(3):
        initiative = InitiativeFactory(submitter=worker)
        initiative_submit(initiative=initiative, actor=worker)
        initiative_decide(initiative=initiative, action="verify", actor=school_officer)
    Notification.objects.filter(pk=Notification.objects.order_by("id").first().pk).update(
        email_state=EmailState.FAILED, email_attempts=5)
    client.force_login(staff)

    outbox = client.get(reverse("operations:status")).context["outbox"]

    assert (outbox.pending, outbox.failed) == (2, 1)
    assert len(outbox.recent) == 3


def test_staff_page_lists_recent_import_runs_when_the_portal_keeps_them(client, staff):
    from operations.selectors import import_run_model

    client.force_login(staff)

    runs = client.get(reverse("operations:status")).context["import_runs"]

    assert runs is None if import_run_model() is None else runs == []


def test_staff_page_is_403_for_an_officer(client, school_officer):
    client.force_login(school_officer)

    assert client.get(reverse("operations:status")).status_code == 403


def test_staff_page_needs_log_in(client, db):
    assert client.get(reverse("operations:status")).status_code == 302


# --- the menu ---------------------------------------------------------------------------------


def test_menu_links_the_staff_page_for_federation_staff(client, staff):
    client.force_login(staff)

    assert reverse("operations:status") in client.get(reverse("submissions:mine")).content.decode()


def test_menu_hides_the_staff_page_from_an_officer(client, school_officer):
    client.force_login(school_officer)

    assert reverse("operations:status") not in client.get(reverse("submissions:mine")).content.decode()


def test_menu_reads_no_permission_tables(client, school_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(school_officer)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("submissions:mine"))

    assert not [q for q in queries.captured_queries if "auth_permission" in q["sql"]]


# --- the nightly check --------------------------------------------------------------------------


def test_the_status_page_says_how_many_units_the_last_nightly_check_found_different(client, staff, programme):
    aggregates_recompute()
    AggregateSet.objects.filter(is_current=True).update(
        checked_at=dt.datetime(2022, 5, 30, 19, 30, tzinfo=dt.UTC), units_differing=1_234)
    client.force_login(staff)

    page = client.get(reverse("operations:status")).content.decode()

    assert "02:30 31/05/2022" in page
    assert "1.234 đơn vị có số liệu lệch đã được tính lại." in page


def test_the_status_page_says_every_figure_matched_when_the_check_found_nothing(client, staff, programme):
    aggregates_recompute()  # the first run rebuilds; the nightly one checks
    aggregates_recompute(full=True)
    client.force_login(staff)

    page = client.get(reverse("operations:status")).content.decode()

    assert "Mọi số liệu khớp." in page
