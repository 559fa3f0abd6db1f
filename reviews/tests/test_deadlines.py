"""Review deadlines: the stage clock the state machine keeps, local days across 24:00, the
phase's and the unit's own deadlines, the queue's order, filters and badges within scope."""

import datetime as dt
import zoneinfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.tests.factories import UserFactory
from campaign.models import Phase
from reviews import selectors
from reviews.deadlines import DeadlineRules, deadline_rules, deadlines_of, stage_clock_from_history
from reviews.models import Decision, UnitDeadline
from reviews.selectors import QueueFilters, review_queue
from reviews.services import initiative_decide, initiative_submit
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory

VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def local(day: str, time: str = "09:00:00") -> dt.datetime:
    """A moment given as Vietnamese people write it: "31/05/2022", "23:59:59"."""
    return dt.datetime.strptime(f"{day} {time}", "%d/%m/%Y %H:%M:%S").replace(tzinfo=VN)


def day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%d/%m/%Y").date()


@pytest.fixture
def clock(monkeypatch):
    """Sets the time the portal reads (``timezone.now``), decisions and local dates included."""

    def set_to(moment: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(dt.UTC))

    return set_to


@pytest.fixture
def submit_at(clock, worker, programme):
    def submit(moment: dt.datetime, *, author=None, **fields) -> Initiative:
        author = author or worker
        clock(moment)
        initiative = InitiativeFactory(submitter=author, **fields)
        initiative_submit(initiative=initiative, actor=author)
        initiative.refresh_from_db()
        return initiative

    return submit


def decide_at(clock, moment, initiative, action, actor, **extra) -> Initiative:
    clock(moment)
    initiative_decide(initiative=initiative, action=action, actor=actor, **extra)
    initiative.refresh_from_db()
    return initiative


def _ids(user, **filters) -> list[int]:
    return [item.pk for item in review_queue(user, QueueFilters(**filters)).items]


@pytest.fixture
def thanh_hoa_worker(tree):
    return UserFactory(unit=tree["factory"], full_name="Hoàng Văn Đức", phone="0901000001")


# --- the clock the state machine keeps ---------------------------------------------------------


def test_a_submission_starts_stage_one_clock_at_its_moment(submit_at):
    initiative = submit_at(local("01/06/2022", "08:15:00"))
    assert initiative.stage_since == local("01/06/2022", "08:15:00")
    assert initiative.stage_waited == dt.timedelta(0)


def test_a_verification_starts_stage_two_clock_at_its_moment(submit_at, clock, school_officer):
    initiative = submit_at(local("01/06/2022"))
    decide_at(clock, local("05/06/2022", "14:00:00"), initiative, "verify", school_officer)
    assert initiative.stage_since == local("05/06/2022", "14:00:00")


def test_a_return_stops_the_clock_while_the_author_holds_it(submit_at, clock, school_officer):
    initiative = submit_at(local("01/06/2022"))
    decide_at(clock, local("04/06/2022"), initiative, "return", school_officer, comment="Bổ sung số liệu")
    assert initiative.stage_since is None
    assert initiative.stage_waited == dt.timedelta(days=3)
    assert deadlines_of([initiative], day("30/06/2022")) == {}


def test_a_resubmission_resumes_the_clock_with_the_time_already_waited(submit_at, clock, school_officer, worker):
    initiative = submit_at(local("01/06/2022"))
    decide_at(clock, local("04/06/2022"), initiative, "return", school_officer, comment="Bổ sung số liệu")
    clock(local("20/06/2022"))
    initiative_submit(initiative=initiative, actor=worker)
    initiative.refresh_from_db()
    # 3 days waited before the return, then 2 since the resubmission; 16 days with the author do not count.
    deadline = deadlines_of([initiative], day("22/06/2022"))[initiative.pk]
    assert deadline.days_waiting == 5
    assert deadline.due_on == day("27/06/2022")
    assert initiative.stage_since == local("17/06/2022")


def test_a_return_from_stage_two_starts_stage_one_anew_at_the_resubmission(
    submit_at, clock, school_officer, upper_officer, worker
):
    initiative = submit_at(local("01/06/2022"))
    decide_at(clock, local("03/06/2022"), initiative, "verify", school_officer)
    decide_at(clock, local("10/06/2022"), initiative, "return", upper_officer, comment="Thiếu minh chứng")
    clock(local("20/06/2022"))
    initiative_submit(initiative=initiative, actor=worker)
    initiative.refresh_from_db()
    assert initiative.stage_since == local("20/06/2022")


def test_a_decided_initiative_has_no_clock(submit_at, clock, school_officer, upper_officer):
    initiative = submit_at(local("01/06/2022"))
    decide_at(clock, local("03/06/2022"), initiative, "verify", school_officer)
    decide_at(clock, local("04/06/2022"), initiative, "approve", upper_officer)
    assert (initiative.stage_since, initiative.stage_waited) == (None, dt.timedelta(0))


def test_the_clock_replayed_from_the_decisions_is_the_one_the_state_machine_wrote(
    submit_at, clock, school_officer, worker
):
    initiative = submit_at(local("01/06/2022"))
    decide_at(clock, local("04/06/2022", "16:30:00"), initiative, "return", school_officer, comment="Bổ sung")
    clock(local("20/06/2022", "07:05:00"))
    initiative_submit(initiative=initiative, actor=worker)
    initiative.refresh_from_db()
    steps = Decision.objects.filter(initiative=initiative).values_list("action", "from_status", "created_at")
    assert stage_clock_from_history(steps) == (initiative.stage_since, initiative.stage_waited)


def test_the_migration_backfills_the_clock_from_the_decisions(submit_at, clock, school_officer, worker):
    from importlib import import_module

    backfill = import_module("reviews.migrations.0008_stage_clock_backfill").backfill
    returned = submit_at(local("01/06/2022"))
    decide_at(clock, local("04/06/2022"), returned, "return", school_officer, comment="Bổ sung")
    resubmitted = submit_at(local("02/06/2022"))
    decide_at(clock, local("03/06/2022"), resubmitted, "return", school_officer, comment="Bổ sung")
    clock(local("10/06/2022"))
    initiative_submit(initiative=resubmitted, actor=worker)
    verified = decide_at(clock, local("12/06/2022"), submit_at(local("11/06/2022")), "verify", school_officer)
    expected = {i.pk: (i.stage_since, i.stage_waited)
                for i in Initiative.objects.filter(pk__in=[returned.pk, resubmitted.pk, verified.pk])}
    Initiative.objects.update(stage_since=None, stage_waited=dt.timedelta(0))
    backfill(None, connection.schema_editor())
    found = {i.pk: (i.stage_since, i.stage_waited) for i in Initiative.objects.filter(pk__in=list(expected))}
    assert found == expected


# --- local days across 24:00 -------------------------------------------------------------------


@pytest.fixture
def around_midnight(submit_at):
    """One initiative submitted a second before 24:00 on 31/05/2022, one at 00:00 on 01/06/2022."""
    return (submit_at(local("31/05/2022", "23:59:59"), title="Trước nửa đêm"),
            submit_at(local("01/06/2022", "00:00:00"), title="Sau nửa đêm"))


def test_an_arrival_a_second_before_midnight_is_due_a_day_earlier(around_midnight):
    before, after = around_midnight
    deadlines = deadlines_of([before, after], day("05/06/2022"))
    assert deadlines[before.pk].due_on == day("10/06/2022")
    assert deadlines[after.pk].due_on == day("11/06/2022")


def test_overdue_starts_on_the_local_day_after_the_due_date(around_midnight, school_officer):
    before, after = around_midnight
    assert _ids(school_officer, state="submitted", deadline="overdue", today=day("10/06/2022")) == []
    assert _ids(school_officer, state="submitted", deadline="overdue", today=day("11/06/2022")) == [before.pk]
    assert set(_ids(school_officer, state="submitted", deadline="overdue", today=day("12/06/2022"))) == {
        before.pk, after.pk}


def test_the_queue_marks_overdue_from_local_midnight_not_utc(client, clock, around_midnight, school_officer):
    before, _after = around_midnight
    client.force_login(school_officer)
    clock(local("10/06/2022", "23:59:59"))
    page = client.get(reverse("reviews:queue"), {"state": "submitted"}).content.decode()
    assert "deadline-overdue" not in page
    assert "Đến hạn hôm nay" in page
    clock(local("11/06/2022", "00:00:00"))  # 17:00 on 10/06 in UTC
    page = client.get(reverse("reviews:queue"), {"state": "submitted"}).content.decode()
    assert "Quá hạn 1 ngày" in page
    assert "Đã chờ 11 ngày" in page


def test_due_within_three_days_means_due_today_to_three_days_on(submit_at, school_officer):
    due_today = submit_at(local("01/06/2022"))  # due 11/06
    due_in_three = submit_at(local("04/06/2022"))  # due 14/06
    due_in_four = submit_at(local("05/06/2022"))  # due 15/06
    overdue = submit_at(local("31/05/2022"))  # due 10/06
    found = set(_ids(school_officer, state="submitted", deadline="due_soon", today=day("11/06/2022")))
    assert found == {due_today.pk, due_in_three.pk}
    assert due_in_four.pk not in found and overdue.pk not in found


# --- which deadline applies --------------------------------------------------------------------


def test_each_phase_sets_its_own_days(submit_at, school_officer):
    Phase.objects.filter(code="phase-2").update(verify_days=5)
    in_phase_1 = submit_at(local("30/05/2022"))
    in_phase_2 = submit_at(local("01/06/2022"))
    deadlines = deadlines_of([in_phase_1, in_phase_2], day("08/06/2022"))
    assert deadlines[in_phase_1.pk].due_on == day("09/06/2022")
    assert deadlines[in_phase_2.pk].due_on == day("06/06/2022")
    assert _ids(school_officer, state="submitted", deadline="overdue", today=day("08/06/2022")) == [in_phase_2.pk]


def test_stage_two_counts_the_phases_approval_days_from_the_verification(submit_at, clock, school_officer,
                                                                      upper_officer):
    initiative = decide_at(clock, local("10/06/2022"), submit_at(local("01/06/2022")), "verify", school_officer)
    assert deadlines_of([initiative], day("12/06/2022"))[initiative.pk].due_on == day("25/06/2022")
    assert _ids(upper_officer, state="verified", deadline="overdue", today=day("25/06/2022")) == []
    assert _ids(upper_officer, state="verified", deadline="overdue", today=day("26/06/2022")) == [initiative.pk]


def test_a_changed_phase_setting_applies_at_once_and_rewrites_no_initiative(
    submit_at, school_officer, django_capture_on_commit_callbacks
):
    initiative = submit_at(local("01/06/2022"))
    assert _ids(school_officer, state="submitted", deadline="overdue", today=day("05/06/2022")) == []
    phase = Phase.objects.get(code="phase-2")
    phase.verify_days = 3
    with django_capture_on_commit_callbacks(execute=True):
        phase.save()
    assert Initiative.objects.get(pk=initiative.pk).updated_at == initiative.updated_at
    assert _ids(school_officer, state="submitted", deadline="overdue", today=day("05/06/2022")) == [initiative.pk]


def test_a_units_shorter_deadline_applies_to_its_subtree_only(submit_at, tree, thanh_hoa_worker, federation_staff):
    UnitDeadline.objects.create(unit=tree["ba_dinh"], verify_days=3)
    in_ba_dinh = submit_at(local("01/06/2022"))
    in_thanh_hoa = submit_at(local("01/06/2022"), author=thanh_hoa_worker)
    deadlines = deadlines_of([in_ba_dinh, in_thanh_hoa], day("05/06/2022"))
    assert deadlines[in_ba_dinh.pk].due_on == day("04/06/2022")
    assert deadlines[in_thanh_hoa.pk].due_on == day("11/06/2022")
    assert _ids(federation_staff, state="submitted", deadline="overdue", today=day("05/06/2022")) == [in_ba_dinh.pk]


def test_a_units_own_deadline_never_lengthens_the_phases(submit_at, tree, school_officer):
    Phase.objects.filter(code="phase-2").update(verify_days=20)
    UnitDeadline.objects.create(unit=tree["school"], verify_days=15)
    in_phase_1 = submit_at(local("20/05/2022"))
    in_phase_2 = submit_at(local("01/06/2022"))
    deadlines = deadlines_of([in_phase_1, in_phase_2], day("01/06/2022"))
    assert deadlines[in_phase_1.pk].days == 10
    assert deadlines[in_phase_2.pk].days == 15


def test_a_unit_deadline_longer_than_every_phases_is_refused(tree, programme):
    own = UnitDeadline(unit=tree["school"], verify_days=11, approve_days=15)
    with pytest.raises(ValidationError) as refused:
        own.full_clean()
    assert set(refused.value.message_dict) == {"verify_days"}


def test_the_shortest_of_a_unit_and_the_units_above_it_applies(tree):
    rules = DeadlineRules(phases={}, units=((tree["ha_noi"].path, 7, None), (tree["ba_dinh"].path, 8, 4)))
    assert rules.days(1, None, tree["school"].path) == 7
    assert rules.days(2, None, tree["school"].path) == 4
    assert rules.days(1, None, tree["factory"].path) == 10


def test_the_rules_keep_only_the_units_whose_subtrees_meet_the_scope(tree, programme):
    UnitDeadline.objects.create(unit=tree["ha_noi"], verify_days=7)
    UnitDeadline.objects.create(unit=tree["factory"], verify_days=5)
    assert [path for path, *_days in deadline_rules([tree["school"].path]).units] == [tree["ha_noi"].path]


# --- the queue: order, filters and scope -------------------------------------------------------


def test_oldest_waiting_first_orders_by_the_stage_clock_not_the_first_submission(
    submit_at, clock, school_officer, worker, monkeypatch
):
    # Submitted first, but returned for two weeks: it has waited the least.
    resubmitted = submit_at(local("01/06/2022"))
    decide_at(clock, local("02/06/2022"), resubmitted, "return", school_officer, comment="Bổ sung")
    oldest = submit_at(local("03/06/2022"))
    middle = submit_at(local("05/06/2022"))
    clock(local("16/06/2022"))
    initiative_submit(initiative=resubmitted, actor=worker)
    monkeypatch.setattr(selectors.queue, "PAGE_SIZE", 2)
    filters = QueueFilters(state="submitted", longest_waiting=True, oldest_first=True)
    first = review_queue(school_officer, filters)
    assert [i.pk for i in first.items] == [oldest.pk, middle.pk]
    second = review_queue(school_officer, filters, after=first.next_cursor)
    assert [i.pk for i in second.items] == [resubmitted.pk]
    back = review_queue(school_officer, filters, before=second.prev_cursor)
    assert [i.pk for i in back.items] == [oldest.pk, middle.pk]


def test_an_officer_sees_only_the_overdue_initiatives_of_their_scope(submit_at, school_officer, thanh_hoa_officer,
                                                                     thanh_hoa_worker):
    ours = submit_at(local("01/06/2022"))
    theirs = submit_at(local("01/06/2022"), author=thanh_hoa_worker)
    assert _ids(school_officer, state="awaiting", deadline="overdue", today=day("20/06/2022")) == [ours.pk]
    # The province's officer follows its grassroots unions' stage 1 in the "submitted" tab.
    assert _ids(thanh_hoa_officer, state="submitted", deadline="overdue", today=day("20/06/2022")) == [theirs.pk]


def test_a_deadline_filter_lists_nothing_in_a_tab_of_decided_initiatives(submit_at, clock, school_officer,
                                                                         upper_officer):
    initiative = submit_at(local("01/06/2022"))
    decide_at(clock, local("02/06/2022"), initiative, "verify", school_officer)
    decide_at(clock, local("03/06/2022"), initiative, "approve", upper_officer)
    assert _ids(upper_officer, state="approved") == [initiative.pk]
    assert _ids(upper_officer, state="approved", deadline="overdue", today=day("20/06/2022")) == []


def test_the_overdue_filter_and_the_oldest_order_are_plain_links(client, clock, submit_at, school_officer):
    submit_at(local("01/06/2022"))
    clock(local("20/06/2022"))
    client.force_login(school_officer)
    page = client.get(reverse("reviews:queue"), {"state": "submitted"}).content.decode()
    assert 'href="?state=submitted&amp;deadline=overdue"' in page
    assert 'href="?state=submitted&amp;deadline=due_soon"' in page
    assert 'href="?state=submitted&amp;sort=waiting"' in page


def test_the_tab_counts_follow_the_deadline_filter(client, clock, submit_at, school_officer):
    submit_at(local("01/06/2022"))
    submit_at(local("15/06/2022"))
    clock(local("20/06/2022"))
    client.force_login(school_officer)
    all_tabs = client.get(reverse("reviews:queue"), {"state": "submitted"}).context["tabs"]
    overdue_tabs = client.get(reverse("reviews:queue"), {"state": "submitted", "deadline": "overdue"}).context["tabs"]
    assert next(t["count"] for t in all_tabs if t["key"] == "submitted") == 2
    assert next(t["count"] for t in overdue_tabs if t["key"] == "submitted") == 1


def test_a_worker_may_not_open_the_overdue_queue(client, worker):
    client.force_login(worker)
    assert client.get(reverse("reviews:queue"), {"deadline": "overdue"}).status_code == 403


def test_an_unknown_deadline_filter_is_refused_as_the_default_tab(client, clock, submit_at, school_officer):
    initiative = submit_at(local("01/06/2022"))
    clock(local("02/06/2022"))
    client.force_login(school_officer)
    response = client.get(reverse("reviews:queue"), {"deadline": "tomorrow"})
    assert response.status_code == 200
    assert [i.pk for i in response.context["page"].items] == [initiative.pk]


# --- the settings page -------------------------------------------------------------------------


@pytest.fixture
def federation_manager(tree):
    from unions.tests.factories import AppointmentFactory

    user = UserFactory(unit=None, phone=None, email="tld.manager@congdoan.vn", full_name="Lý Thị Đào")
    AppointmentFactory(user=user, unit=tree["tld"], role="manager")
    return user


def test_federation_staff_set_a_phases_deadlines(client, federation_manager, programme):
    phase = Phase.objects.get(code="phase-2")
    client.force_login(federation_manager)
    response = client.post(reverse("reviews:deadlines"), {
        "kind": "phase", "pk": phase.pk, f"phase{phase.pk}-verify_days": "7", f"phase{phase.pk}-approve_days": "12"})
    assert response.status_code == 302
    phase.refresh_from_db()
    assert (phase.verify_days, phase.approve_days) == (7, 12)


def test_a_province_manager_may_not_set_a_phases_deadlines(client, province_manager, programme):
    phase = Phase.objects.get(code="phase-2")
    client.force_login(province_manager)
    response = client.post(reverse("reviews:deadlines"), {
        "kind": "phase", "pk": phase.pk, f"phase{phase.pk}-verify_days": "30", f"phase{phase.pk}-approve_days": "30"})
    assert response.status_code == 403
    phase.refresh_from_db()
    assert (phase.verify_days, phase.approve_days) == (10, 15)


def test_a_unit_manager_shortens_the_units_own_deadline_and_who_did_is_recorded(client, province_manager, tree,
                                                                                programme):
    client.force_login(province_manager)
    unit = tree["ha_noi"]
    response = client.post(reverse("reviews:deadlines"), {
        "kind": "unit", "pk": unit.pk, f"unit{unit.pk}-verify_days": "5", f"unit{unit.pk}-approve_days": ""})
    assert response.status_code == 302
    own = UnitDeadline.objects.get(unit=unit)
    assert (own.verify_days, own.approve_days, own.changed_by) == (5, None, province_manager)


def test_a_unit_deadline_longer_than_the_phases_is_refused_with_a_message(client, province_manager, tree, programme):
    client.force_login(province_manager)
    unit = tree["ha_noi"]
    response = client.post(reverse("reviews:deadlines"), {
        "kind": "unit", "pk": unit.pk, f"unit{unit.pk}-verify_days": "30", f"unit{unit.pk}-approve_days": ""})
    assert response.status_code == 200
    assert "Hạn riêng của đơn vị chỉ được ngắn hơn hạn của giai đoạn (tối đa 10 ngày)." in response.content.decode()
    assert not UnitDeadline.objects.exists()


def test_a_manager_may_not_set_another_units_deadline(client, province_manager, tree, programme):
    client.force_login(province_manager)
    unit = tree["thanh_hoa"]
    response = client.post(reverse("reviews:deadlines"), {
        "kind": "unit", "pk": unit.pk, f"unit{unit.pk}-verify_days": "3", f"unit{unit.pk}-approve_days": ""})
    assert response.status_code == 404
    assert not UnitDeadline.objects.exists()


def test_an_officer_reads_the_deadlines_and_a_worker_may_not(client, school_officer, worker, programme):
    client.force_login(school_officer)
    page = client.get(reverse("reviews:deadlines")).content.decode()
    assert "Giai đoạn 2" in page and 'name="kind" value="phase"' not in page
    client.force_login(worker)
    assert client.get(reverse("reviews:deadlines")).status_code == 403


def test_the_review_page_tells_how_long_the_initiative_has_waited(client, clock, submit_at, school_officer):
    initiative = submit_at(local("01/06/2022"))
    clock(local("13/06/2022"))
    client.force_login(school_officer)
    page = client.get(reverse("reviews:detail", args=[initiative.pk])).content.decode()
    assert "Đã chờ 12 ngày" in page
    assert "Quá hạn 2 ngày" in page


@pytest.mark.parametrize(("rules", "expected"), [
    (DeadlineRules(), (10, 15)),  # before any programme: no phase at all
    (DeadlineRules(units=(("0001", 7, None),)), (7, 15)),
    (DeadlineRules(phases={1: (12, 20)}), (12, 20)),
])
def test_each_rows_deadline_in_sql_reads_in_postgresql_with_or_without_phases(db, rules, expected):
    with connection.cursor() as cursor:
        found = []
        for stage in (1, 2):
            sql, params = rules.days_sql(stage, "i")
            cursor.execute(f"SELECT {sql} FROM (SELECT 1 AS phase_id, '00010002' AS unit_path) i", params)  # noqa: S608
            found.append(cursor.fetchone()[0])
    assert tuple(found) == expected
