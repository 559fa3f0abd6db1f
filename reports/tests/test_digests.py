"""The digests of the review backlog and the escalations of late units (reports.digests).

The backlog's rows are written by hand, rolled up the tree by hand, as the recompute
pipeline writes them (a unit's row holds its whole subtree). The day is Tuesday 04/03/2025;
Monday 03/03 is the day before.

The scenario (``backlog``), stage 1 = awaiting verification, stage 2 = awaiting approval:

- the school: stage 1, 2 started 20/02 due 02/03 (overdue) and 1 started 03/03 due 13/03;
  stage 2, 1 started 25/02 due 12/03 and 1 started 03/03 due 18/03. On 03/03, 2 arrived at
  stage 1 (one verified the same day) and 1 at stage 2.
- the hospital: stage 1, 1 started 01/03 due 11/03 (arrived 01/03).
- Ba Đình's own: stage 1, 1 started 10/02 due 20/02 (overdue).

Rolled up: Ba Đình, Hà Nội and the federation each hold all of them.
"""

import datetime as dt

import pytest
from django.core import mail

from accounts.enums import DigestFrequency
from accounts.tests.factories import UserFactory
from initiatives_portal.tests.publishing import publishing_to
from reports.digests import digests_build, digests_build_due, digests_send_pending
from reports.models import BacklogFlow, BacklogWaiting, Digest, DigestRun, Escalation
from reviews.enums import EmailState
from unions.tests.factories import AppointmentFactory

TUESDAY = dt.date(2025, 3, 4)
MONDAY = dt.date(2025, 3, 3)
ARRIVED, ADVANCED = BacklogFlow.Kind.ARRIVED, BacklogFlow.Kind.ADVANCED


def d(day: str) -> dt.date:
    """"20/02" → that day of 2025."""
    day_of_month, month = day.split("/")
    return dt.date(2025, int(month), int(day_of_month))


def waiting(units, stage, started, due, n):
    """The same waiting row for each of ``units`` (a unit and those above it: rolled up)."""
    BacklogWaiting.objects.bulk_create(
        BacklogWaiting(unit=u, stage=stage, started_on=started, due_on=due, n=n) for u in units
    )


def flow(units, stage, day, kind, started, due, n):
    BacklogFlow.objects.bulk_create(
        BacklogFlow(unit=u, stage=stage, day=day, kind=kind, started_on=started, due_on=due, n=n) for u in units
    )


def above(tree, name):
    """``name``'s unit and every unit above it, as the rolled-up rows name them."""
    chains = {
        "school": ["school", "ba_dinh", "ha_noi", "tld"],
        "hospital": ["hospital", "ba_dinh", "ha_noi", "tld"],
        "ba_dinh": ["ba_dinh", "ha_noi", "tld"],
        "factory": ["factory", "thanh_hoa", "tld"],
    }
    return [tree[n] for n in chains[name]]


@pytest.fixture
def backlog(tree):
    school, hospital, ba_dinh = above(tree, "school"), above(tree, "hospital"), above(tree, "ba_dinh")
    waiting(school, 1, d("20/02"), d("02/03"), 2)
    waiting(school, 1, d("03/03"), d("13/03"), 1)
    waiting(school, 2, d("25/02"), d("12/03"), 1)
    waiting(school, 2, d("03/03"), d("18/03"), 1)
    flow(school, 1, d("03/03"), ARRIVED, d("03/03"), d("13/03"), 2)
    flow(school, 1, d("03/03"), ADVANCED, d("03/03"), d("13/03"), 1)
    flow(school, 2, d("03/03"), ARRIVED, d("03/03"), d("18/03"), 1)
    waiting(hospital, 1, d("01/03"), d("11/03"), 1)
    flow(hospital, 1, d("01/03"), ARRIVED, d("01/03"), d("11/03"), 1)
    waiting(ba_dinh, 1, d("10/02"), d("20/02"), 1)


def figures(digest: Digest) -> dict:
    return {
        "new_verify": digest.new_verify, "waiting_verify": digest.waiting_verify,
        "overdue_verify": digest.overdue_verify, "new_approve": digest.new_approve,
        "waiting_approve": digest.waiting_approve, "overdue_approve": digest.overdue_approve,
    }


def digest_of(user) -> Digest:
    return Digest.objects.get(recipient=user, kind__in=[Digest.Kind.DAILY, Digest.Kind.WEEKLY])


# --- what each officer is told (own stage 1, stage 2 below) -------------------------------------


def test_grassroots_officer_is_told_of_stage_one_of_their_own_unit(backlog, school_officer):
    digests_build(day=TUESDAY)
    digest = digest_of(school_officer)
    assert (digest.kind, digest.day, digest.new_since) == (Digest.Kind.DAILY, TUESDAY, MONDAY)
    # 3 waiting, 2 due 02/03 < 04/03; 2 arrived on 03/03 (one since verified, still new).
    assert figures(digest) == {"new_verify": 2, "waiting_verify": 3, "overdue_verify": 2,
                               "new_approve": 0, "waiting_approve": 0, "overdue_approve": 0}


def test_arrivals_before_yesterday_are_not_new_in_a_daily_digest(backlog, hospital_officer):
    digests_build(day=TUESDAY)
    assert figures(digest_of(hospital_officer)) == {
        "new_verify": 0, "waiting_verify": 1, "overdue_verify": 0,
        "new_approve": 0, "waiting_approve": 0, "overdue_approve": 0,
    }


def test_upper_officer_is_told_of_their_own_stage_one_and_of_stage_two_below(backlog, upper_officer):
    digests_build(day=TUESDAY)
    # Stage 1: Ba Đình's subtree 5 less the school's 3 and the hospital's 1 = its own 1 (overdue:
    # 3 - 2 - 0 = 1; new: 2 - 2 - 0 = 0). Stage 2: the children's subtrees, 2 + 0 (new 1, none overdue).
    assert figures(digest_of(upper_officer)) == {
        "new_verify": 0, "waiting_verify": 1, "overdue_verify": 1,
        "new_approve": 1, "waiting_approve": 2, "overdue_approve": 0,
    }


def test_province_manager_is_told_of_stage_two_below_the_province(backlog, province_manager):
    digests_build(day=TUESDAY)
    # Hà Nội has no initiative of its own (5 - 5 = 0); stage 2 below it is Ba Đình's subtree: 2.
    assert figures(digest_of(province_manager)) == {
        "new_verify": 0, "waiting_verify": 0, "overdue_verify": 0,
        "new_approve": 1, "waiting_approve": 2, "overdue_approve": 0,
    }


def test_officer_of_two_nested_units_counts_stage_two_once(backlog, tree):
    both = UserFactory(unit=None)
    AppointmentFactory(user=both, unit=tree["ba_dinh"], role="officer")
    AppointmentFactory(user=both, unit=tree["school"], role="manager")
    digests_build(day=TUESDAY)
    # Stage 1: Ba Đình's own 1 + the school's 3; stage 2 below Ba Đình only (the school's is inside it).
    assert figures(digest_of(both)) == {
        "new_verify": 2, "waiting_verify": 4, "overdue_verify": 3,
        "new_approve": 1, "waiting_approve": 2, "overdue_approve": 0,
    }


def test_no_digest_when_nothing_waits(backlog, thanh_hoa_officer, province_staff):
    digests_build(day=TUESDAY)
    # Thanh Hóa has no row; staff review nothing.
    assert not Digest.objects.filter(recipient__in=[thanh_hoa_officer, province_staff]).exists()


def test_no_digest_when_arrivals_have_all_been_decided(tree, hospital_officer):
    flow(above(tree, "hospital"), 1, MONDAY, ARRIVED, MONDAY, d("13/03"), 1)
    flow(above(tree, "hospital"), 1, MONDAY, ADVANCED, MONDAY, d("13/03"), 1)
    digests_build(day=TUESDAY)
    assert not Digest.objects.exists()


def test_revoked_appointment_and_closed_account_get_no_digest(backlog, school_officer, hospital_officer):
    school_officer.appointments.update(revoked_at=dt.datetime(2025, 3, 1, tzinfo=dt.UTC))
    hospital_officer.is_active = False
    hospital_officer.save(update_fields=["is_active"])
    digests_build(day=TUESDAY)
    assert not Digest.objects.filter(recipient__in=[school_officer, hospital_officer]).exists()


def test_the_build_runs_as_many_statements_for_many_officers_as_for_one(backlog, tree, school_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        digests_build(day=TUESDAY)
    for unit in ("school", "hospital", "ba_dinh", "ha_noi", "factory"):
        AppointmentFactory(unit=tree[unit], role="officer")
    with CaptureQueriesContext(connection) as many:
        built = digests_build(day=TUESDAY + dt.timedelta(days=1))
    assert built.digests == 5  # the school's two officers, the hospital's, Ba Đình's, Hà Nội's
    assert len(many.captured_queries) == len(one.captured_queries)


# --- once a day, daily or weekly ----------------------------------------------------------------


def test_two_beats_on_the_same_day_send_one_digest(backlog, tree, django_capture_on_commit_callbacks):
    officer = UserFactory(unit=tree["school"], phone=None, email="cuong@truong.edu.vn")
    AppointmentFactory(user=officer, unit=tree["school"], role="officer")
    with django_capture_on_commit_callbacks(execute=True):
        first = digests_build(day=TUESDAY)
    with django_capture_on_commit_callbacks(execute=True):
        second = digests_build(day=TUESDAY)
    assert (first.built, second.built) == (True, False)
    assert Digest.objects.filter(recipient=officer).count() == 1
    assert [m.to for m in mail.outbox] == [["cuong@truong.edu.vn"]]
    assert DigestRun.objects.get().digests == first.digests


def test_the_next_day_brings_a_new_digest(backlog, school_officer):
    digests_build(day=TUESDAY)
    digests_build(day=TUESDAY + dt.timedelta(days=1))
    assert Digest.objects.filter(recipient=school_officer).count() == 2


def test_beat_before_the_hour_builds_nothing_and_after_it_builds_the_day(backlog, school_officer, settings):
    settings.DIGEST_HOUR = 7
    hanoi = dt.timezone(dt.timedelta(hours=7))
    assert digests_build_due(now=dt.datetime(2025, 3, 4, 6, 59, tzinfo=hanoi)) is None
    built = digests_build_due(now=dt.datetime(2025, 3, 4, 7, 0, tzinfo=hanoi))
    assert built.day == TUESDAY and digest_of(school_officer).day == TUESDAY


def test_weekly_officer_gets_nothing_on_a_tuesday(backlog, hospital_officer):
    hospital_officer.digest_frequency = DigestFrequency.WEEKLY
    hospital_officer.save(update_fields=["digest_frequency"])
    digests_build(day=TUESDAY)
    assert not Digest.objects.filter(recipient=hospital_officer).exists()


def test_weekly_officer_gets_a_monday_digest_with_the_weeks_arrivals(tree, hospital_officer):
    hospital_officer.digest_frequency = DigestFrequency.WEEKLY
    hospital_officer.save(update_fields=["digest_frequency"])
    monday = dt.date(2025, 3, 10)
    waiting(above(tree, "hospital"), 1, d("01/03"), d("11/03"), 1)
    flow(above(tree, "hospital"), 1, d("03/03"), ARRIVED, d("03/03"), d("13/03"), 1)  # the Monday a week before: in
    flow(above(tree, "hospital"), 1, d("09/03"), ARRIVED, d("09/03"), d("19/03"), 2)  # Sunday: in
    flow(above(tree, "hospital"), 1, d("02/03"), ARRIVED, d("02/03"), d("12/03"), 4)  # 8 days before: out
    digests_build(day=monday)
    digest = digest_of(hospital_officer)
    assert (digest.kind, digest.new_since, digest.new_verify, digest.waiting_verify) == (
        Digest.Kind.WEEKLY, d("03/03"), 3, 1)


# --- escalation past twice the deadline ---------------------------------------------------------


def late_at_hospital(tree, *, days_waited: int, n: int = 1, deadline: int = 10, today=TUESDAY):
    started = today - dt.timedelta(days=days_waited)
    waiting(above(tree, "hospital"), 1, started, started + dt.timedelta(days=deadline), n)


def test_waiting_exactly_twice_the_deadline_is_not_escalated(tree, upper_manager):
    late_at_hospital(tree, days_waited=20)
    digests_build(day=TUESDAY)
    assert not Escalation.objects.exists()
    assert not Digest.objects.filter(kind=Digest.Kind.ESCALATION).exists()


def test_waiting_a_day_past_twice_the_deadline_tells_the_managers_above(tree, upper_manager, upper_officer):
    late_at_hospital(tree, days_waited=21, n=2)
    late_at_hospital(tree, days_waited=20, n=3)
    late_at_hospital(tree, days_waited=25, n=1, deadline=12)  # 25 > 24: late too
    digests_build(day=TUESDAY)
    escalation = Escalation.objects.get()
    assert (escalation.unit, escalation.parent, escalation.late, escalation.oldest_days) == (
        tree["hospital"], tree["ba_dinh"], 3, 25)
    # Ba Đình's managers are told; its officers who are no managers are not.
    notice = Digest.objects.get(kind=Digest.Kind.ESCALATION)
    assert (notice.recipient, notice.unit) == (upper_manager, tree["ba_dinh"])
    assert not Digest.objects.filter(recipient=upper_officer, kind=Digest.Kind.ESCALATION).exists()


def test_a_unit_late_at_approving_is_reported_to_the_managers_above_it(tree, province_manager):
    # Verified at the school 40 days ago, waiting for Ba Đình's approval (deadline 15).
    started = TUESDAY - dt.timedelta(days=40)
    waiting(above(tree, "school"), 2, started, started + dt.timedelta(days=15), 2)
    digests_build(day=TUESDAY)
    escalation = Escalation.objects.get()
    assert (escalation.unit, escalation.parent, escalation.late, escalation.oldest_days) == (
        tree["ba_dinh"], tree["ha_noi"], 2, 40)
    assert Digest.objects.get(kind=Digest.Kind.ESCALATION).recipient == province_manager


def test_a_late_unit_is_escalated_at_most_once_a_week(tree, upper_manager):
    late_at_hospital(tree, days_waited=30)
    for offset in range(8):
        digests_build(day=TUESDAY + dt.timedelta(days=offset))
    assert list(Escalation.objects.order_by("day").values_list("day", "oldest_days")) == [
        (TUESDAY, 30), (TUESDAY + dt.timedelta(days=7), 37)]
    assert Digest.objects.filter(recipient=upper_manager, kind=Digest.Kind.ESCALATION).count() == 2


# --- e-mails that survive the mail server and the broker being away ------------------------------


@pytest.fixture
def emailed_officer(tree):
    officer = UserFactory(unit=tree["school"], phone=None, email="cuong@truong.edu.vn", full_name="Lê Văn Cường")
    AppointmentFactory(user=officer, unit=tree["school"], role="officer")
    return officer


def test_digest_email_tells_the_figures_and_links_the_overdue_queue(backlog, emailed_officer, settings,
                                                                    django_capture_on_commit_callbacks):
    settings.PORTAL_URL = "https://sangkien.congdoan.vn"
    with django_capture_on_commit_callbacks(execute=True):
        digests_build(day=TUESDAY)
    [message] = mail.outbox
    assert message.subject == "[1 triệu sáng kiến] 3 sáng kiến đang chờ bạn xét duyệt (2 quá hạn)"
    assert "Chờ xác nhận: 3 (quá hạn 2, mới 2)" in message.body
    assert "https://sangkien.congdoan.vn/reviews/?state=awaiting&sort=waiting&deadline=overdue" in message.body
    assert digest_of(emailed_officer).email_state == EmailState.SENT


def test_officer_without_email_gets_the_digest_in_app_only(backlog, school_officer):
    digests_build(day=TUESDAY)
    assert digest_of(school_officer).email_state == EmailState.NOT_NEEDED
    assert mail.outbox == []


def test_failing_mail_server_keeps_the_digest_and_the_sweep_sends_it(backlog, emailed_officer, settings,
                                                                      django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "reviews.tests.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        digests_build(day=TUESDAY)
    digest = digest_of(emailed_officer)
    assert (digest.email_state, digest.email_attempts) == (EmailState.PENDING, 1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert digests_send_pending() == 1
    digest.refresh_from_db()
    assert (digest.email_state, digest.email_attempts) == (EmailState.SENT, 2)
    assert len(mail.outbox) == 1


def test_a_mail_server_down_costs_one_try_not_one_per_officer(backlog, emailed_officer, tree, settings):
    other = UserFactory(unit=tree["hospital"], phone=None, email="yen@benhvien.vn")
    AppointmentFactory(user=other, unit=tree["hospital"], role="officer")
    digests_build(day=TUESDAY)
    settings.EMAIL_BACKEND = "reviews.tests.failing_mail.Backend"
    digests_send_pending()
    assert sorted(Digest.objects.values_list("email_attempts", flat=True)) == [0, 1]


def test_broker_down_keeps_the_digests_and_the_sweep_sends_them(backlog, emailed_officer,
                                                                 django_capture_on_commit_callbacks):
    with publishing_to("redis://127.0.0.1:1/0"), django_capture_on_commit_callbacks(execute=True):
        digests_build(day=TUESDAY)
    assert digest_of(emailed_officer).email_state == EmailState.PENDING
    assert mail.outbox == []
    digests_send_pending()
    assert len(mail.outbox) == 1


def test_escalation_email_names_the_late_units(tree, settings, django_capture_on_commit_callbacks):
    manager = UserFactory(unit=None, phone=None, email="badinh@congdoan.vn")
    AppointmentFactory(user=manager, unit=tree["ba_dinh"], role="manager")
    late_at_hospital(tree, days_waited=21, n=2)
    with django_capture_on_commit_callbacks(execute=True):
        digests_build(day=TUESDAY)
    [message] = [m for m in mail.outbox if "chậm xét duyệt" in m.subject]
    assert message.to == ["badinh@congdoan.vn"]
    assert ("Công đoàn Bệnh viện Đa khoa Đống Đa: 2 sáng kiến chờ quá ngưỡng báo cấp trên, lâu nhất 21 ngày"
            in message.body)
