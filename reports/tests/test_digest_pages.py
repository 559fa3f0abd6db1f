"""Digests in the portal: listed with the notifications, counted in the badge, opened to the
queue they tell of; the officer's choice of daily or weekly on their profile."""

import datetime as dt

import pytest

from accounts.enums import DigestFrequency
from reports.models import Digest, Escalation
from reviews.selectors import unread_notifications_count

DAY = dt.date(2025, 3, 4)


def digest_for(user, **figures) -> Digest:
    return Digest.objects.create(recipient=user, day=DAY, kind=Digest.Kind.DAILY, new_since=DAY - dt.timedelta(days=1),
                                 **figures)


def test_notifications_page_lists_the_digest_with_its_figures(client, school_officer):
    digest_for(school_officer, waiting_verify=1234, overdue_verify=56, new_verify=7)
    client.force_login(school_officer)
    page = client.get("/reviews/notifications/").content.decode()
    assert "1.234 sáng kiến đang chờ bạn xét duyệt" in page
    assert "56 quá hạn" in page
    assert "Chờ xác nhận: 1.234 (quá hạn 56, mới 7)" in page
    assert "“Mới”: đến từ ngày 03/03/2025." in page


def test_notifications_page_lists_the_late_units_of_an_escalation(client, tree, upper_manager):
    Escalation.objects.create(unit=tree["hospital"], parent=tree["ba_dinh"], day=DAY, late=3, oldest_days=25)
    Digest.objects.create(recipient=upper_manager, day=DAY, kind=Digest.Kind.ESCALATION, unit=tree["ba_dinh"])
    client.force_login(upper_manager)
    page = client.get("/reviews/notifications/").content.decode()
    assert "Đơn vị trực thuộc Công đoàn viên chức quận Ba Đình chậm xét duyệt" in page
    assert "Công đoàn Bệnh viện Đa khoa Đống Đa: 3 sáng kiến chờ quá ngưỡng báo cấp trên, lâu nhất 25 ngày" in page


def test_badge_counts_unread_digests_with_notifications_in_one_query(school_officer, django_assert_num_queries):
    digest_for(school_officer, waiting_verify=1)
    Digest.objects.create(recipient=school_officer, day=DAY + dt.timedelta(days=1), kind=Digest.Kind.DAILY)
    with django_assert_num_queries(1):
        assert unread_notifications_count(school_officer) == 2


def test_opening_a_digest_marks_it_read_and_shows_the_overdue_queue(client, school_officer):
    digest = digest_for(school_officer, waiting_verify=3, overdue_verify=2)
    client.force_login(school_officer)
    response = client.get(f"/reports/digests/{digest.pk}/")
    assert response.url == "/reviews/?state=awaiting&sort=waiting&deadline=overdue"
    digest.refresh_from_db()
    assert digest.read_at is not None
    assert client.get("/initiatives/").context["unread_notifications"] == 0


def test_a_digest_without_overdue_opens_the_queue_oldest_waiting_first(client, school_officer):
    digest = digest_for(school_officer, waiting_approve=1)
    client.force_login(school_officer)
    assert client.get(f"/reports/digests/{digest.pk}/").url == "/reviews/?state=awaiting&sort=waiting"


def test_another_officers_digest_is_not_found_and_stays_unread(client, school_officer, hospital_officer):
    digest = digest_for(school_officer, waiting_verify=1)
    client.force_login(hospital_officer)
    assert client.get(f"/reports/digests/{digest.pk}/").status_code == 404
    digest.refresh_from_db()
    assert digest.read_at is None


def test_mark_all_read_marks_the_digests_too(client, school_officer):
    digest_for(school_officer, waiting_verify=1)
    client.force_login(school_officer)
    client.post("/reviews/notifications/read/")
    assert not Digest.objects.filter(read_at__isnull=True).exists()


# --- the preference ---------------------------------------------------------------------------


def profile_data(user, **changes) -> dict:
    data = {"full_name": user.full_name, "category": user.category or "union_official", "job_title": "",
            "workplace": "", "qualification": ""}
    return {**data, **changes}


def test_officer_chooses_a_weekly_digest_on_their_profile(client, school_officer):
    client.force_login(school_officer)
    assert "Hằng tuần (thứ Hai)" in client.get("/accounts/profile/").content.decode()
    client.post("/accounts/profile/", profile_data(school_officer, digest_frequency="weekly"))
    school_officer.refresh_from_db()
    assert school_officer.digest_frequency == DigestFrequency.WEEKLY


@pytest.mark.parametrize("who", ["worker", "province_staff"])
def test_who_reviews_nothing_is_not_offered_the_digest(client, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    assert "Hằng tuần (thứ Hai)" not in client.get("/accounts/profile/").content.decode()
    client.post("/accounts/profile/", profile_data(user, digest_frequency="weekly"))
    user.refresh_from_db()
    assert user.digest_frequency == DigestFrequency.DAILY


def test_the_digest_is_daily_by_default(worker):
    assert worker.digest_frequency == DigestFrequency.DAILY


def test_closing_an_account_removes_its_digests(school_officer, hospital_officer):
    from accounts.services import user_close

    digest_for(school_officer, waiting_verify=1)
    kept = digest_for(hospital_officer, waiting_verify=1)
    user_close(user=school_officer)
    assert list(Digest.objects.all()) == [kept]
