"""The author hears of every decision: in-app at once, by e-mail after the commit; nothing blocks a decision."""

import pytest
from django.core import mail

from accounts.tests.factories import UserFactory
from initiatives_portal.tests.publishing import publishing_to
from reviews.enums import EmailState
from reviews.models import Notification
from reviews.services import initiative_decide, initiative_submit, notifications_send_pending
from submissions.tests.factories import InitiativeFactory


@pytest.fixture
def emailed_worker(tree):
    return UserFactory(unit=tree["school"], phone=None, email="lan@truong.edu.vn", full_name="Nguyễn Thị Lan")


@pytest.fixture
def initiative(emailed_worker, programme):
    item = InitiativeFactory(submitter=emailed_worker, title="Sổ tay điện tử cho giáo viên")
    initiative_submit(initiative=item, actor=emailed_worker)
    return item


def test_email_is_sent_after_commit(initiative, school_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_decide(initiative=initiative, action="return", actor=school_officer, comment="Thêm số liệu")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@truong.edu.vn"]
    assert "Sổ tay điện tử cho giáo viên" in message.subject
    assert "Thêm số liệu" in message.body
    assert Notification.objects.get().email_state == EmailState.SENT


def test_no_email_before_commit(initiative, school_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        initiative_decide(initiative=initiative, action="verify", actor=school_officer)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_phone_only_author_gets_in_app_notification_only(worker, programme, school_officer,
                                                         django_capture_on_commit_callbacks):
    item = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=item, actor=worker)
    with django_capture_on_commit_callbacks(execute=True):
        initiative_decide(initiative=item, action="verify", actor=school_officer)
    assert mail.outbox == []
    assert Notification.objects.get(recipient=worker).email_state == EmailState.NOT_NEEDED


def test_failing_mail_server_keeps_decision_and_retries_later(initiative, school_officer, settings,
                                                              django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "reviews.tests.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        initiative_decide(initiative=initiative, action="verify", actor=school_officer)
    initiative.refresh_from_db()
    assert initiative.status == "verified"
    notification = Notification.objects.get()
    assert (notification.email_state, notification.email_attempts) == (EmailState.PENDING, 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    notifications_send_pending(older_than_seconds=0)
    notification.refresh_from_db()
    assert notification.email_state == EmailState.SENT
    assert len(mail.outbox) == 1


def test_broker_down_keeps_decision_and_sweep_sends_later(initiative, school_officer, settings,
                                                          django_capture_on_commit_callbacks):
    # A real broker address on which nothing listens: publishing fails fast.
    with publishing_to("redis://127.0.0.1:1/0"), django_capture_on_commit_callbacks(execute=True):
        initiative_decide(initiative=initiative, action="verify", actor=school_officer)
    initiative.refresh_from_db()
    assert initiative.status == "verified"
    assert Notification.objects.get().email_state == EmailState.PENDING
    notifications_send_pending(older_than_seconds=0)
    assert len(mail.outbox) == 1


def test_unread_count_in_menu_and_mark_read(client, initiative, emailed_worker, school_officer):
    initiative_decide(initiative=initiative, action="verify", actor=school_officer)
    client.force_login(emailed_worker)
    response = client.get("/initiatives/")
    assert response.context["unread_notifications"] == 1
    client.post("/reviews/notifications/read/")
    assert client.get("/initiatives/").context["unread_notifications"] == 0


def test_menu_badge_says_99_plus_beyond_99_unread(client, initiative, emailed_worker, school_officer):
    decision = initiative_decide(initiative=initiative, action="verify", actor=school_officer)
    Notification.objects.bulk_create(Notification(recipient=emailed_worker, decision=decision) for _ in range(100))
    client.force_login(emailed_worker)
    page = client.get("/initiatives/").content.decode()
    assert '<span class="badge text-bg-warning" aria-label="Hơn 99 thông báo chưa đọc">99+</span>' in page


def _notification_of(initiative, emailed_worker, school_officer):
    initiative_decide(initiative=initiative, action="verify", actor=school_officer)
    return Notification.objects.get(recipient=emailed_worker)


def test_opening_a_notification_marks_it_read(client, initiative, emailed_worker, school_officer):
    notification = _notification_of(initiative, emailed_worker, school_officer)
    client.force_login(emailed_worker)
    client.get(f"/reviews/notifications/{notification.pk}/")
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_a_notification_goes_to_its_initiative(client, initiative, emailed_worker, school_officer):
    notification = _notification_of(initiative, emailed_worker, school_officer)
    client.force_login(emailed_worker)
    response = client.get(f"/reviews/notifications/{notification.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/initiatives/{initiative.pk}/"


def test_opening_a_notification_lowers_the_unread_badge(client, initiative, emailed_worker, school_officer):
    notification = _notification_of(initiative, emailed_worker, school_officer)
    client.force_login(emailed_worker)
    assert client.get("/initiatives/").context["unread_notifications"] == 1
    client.get(f"/reviews/notifications/{notification.pk}/")
    assert client.get("/initiatives/").context["unread_notifications"] == 0


def test_opening_a_notification_follows_no_address_from_the_request(client, initiative, emailed_worker,
                                                                     school_officer):
    notification = _notification_of(initiative, emailed_worker, school_officer)
    client.force_login(emailed_worker)
    response = client.get(f"/reviews/notifications/{notification.pk}/", {"next": "https://example.com/"})
    assert response["Location"] == f"/initiatives/{initiative.pk}/"


def test_someone_elses_notification_is_not_found_and_stays_unread(client, initiative, emailed_worker,
                                                                  school_officer, other_worker):
    notification = _notification_of(initiative, emailed_worker, school_officer)
    client.force_login(other_worker)
    assert client.get(f"/reviews/notifications/{notification.pk}/").status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_notifications_page_links_each_notification_through_its_opening(client, initiative, emailed_worker,
                                                                           school_officer):
    notification = _notification_of(initiative, emailed_worker, school_officer)
    client.force_login(emailed_worker)
    page = client.get("/reviews/notifications/").content.decode()
    assert f'href="/reviews/notifications/{notification.pk}/"' in page


def test_the_notifications_page_offers_to_mark_all_read_while_some_are_unread(client, initiative, emailed_worker,
                                                                             school_officer):
    _notification_of(initiative, emailed_worker, school_officer)
    client.force_login(emailed_worker)
    page = client.get("/reviews/notifications/").content.decode()
    assert "Đánh dấu tất cả đã đọc" in page


def test_email_links_to_the_notification_at_the_portal_address(initiative, school_officer, settings,
                                                                django_capture_on_commit_callbacks):
    settings.PORTAL_URL = "https://1trieusangkien.congdoan.vn"
    with django_capture_on_commit_callbacks(execute=True):
        initiative_decide(initiative=initiative, actor=school_officer, action="verify")
    notification = Notification.objects.get()
    assert f"https://1trieusangkien.congdoan.vn/reviews/notifications/{notification.pk}/" in mail.outbox[0].body


def test_email_without_a_portal_address_names_no_link(initiative, school_officer, settings,
                                                      django_capture_on_commit_callbacks):
    settings.PORTAL_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        initiative_decide(initiative=initiative, actor=school_officer, action="verify")
    assert "http" not in mail.outbox[0].body


def test_sending_an_email_locks_the_notification_alone(initiative, school_officer, settings,
                                                       django_capture_on_commit_callbacks):
    """The mail server may be slow: while it is written to, the initiative, its decision and
    the recipient's account stay free for the next decision (``reviews.outbox``)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reviews.services import notification_send_email

    with django_capture_on_commit_callbacks(execute=False):
        initiative_decide(initiative=initiative, action="verify", actor=school_officer)
    with CaptureQueriesContext(connection) as queries:
        assert notification_send_email(notification_id=Notification.objects.get().pk) == EmailState.SENT
    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert len(locking) == 1
    assert locking[0].endswith('FOR UPDATE OF "reviews_notification" SKIP LOCKED')
