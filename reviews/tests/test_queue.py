"""The officer's queue: scope, awaiting-my-stage, filters, accent-insensitive search, keyset pages, counts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.factories import UserFactory
from reviews import selectors
from reviews.selectors import QueueFilters
from reviews.services import initiative_decide, initiative_submit
from submissions.models import Field, Initiative
from submissions.tests.factories import InitiativeFactory
from unions.tests.factories import AppointmentFactory


def _submitted(user, **kwargs):
    initiative = InitiativeFactory(submitter=user, **kwargs)
    initiative_submit(initiative=initiative, actor=user)
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def nurse(tree):
    return UserFactory(unit=tree["hospital"], full_name="Đặng Thị Nga")


@pytest.fixture
def lam_son_worker(tree):
    return UserFactory(unit=tree["factory"], full_name="Lò Văn Sơn")


def test_grassroots_officer_awaits_submitted_of_own_unit_only(worker, nurse, school_officer, programme):
    mine = _submitted(worker)
    _submitted(nurse)
    page = selectors.review_queue(school_officer, QueueFilters())
    assert [i.pk for i in page.items] == [mine.pk]


def test_upper_officer_awaits_verified_below_not_submitted(worker, school_officer, upper_officer, programme):
    waiting = _submitted(worker)
    verified = _submitted(worker)
    initiative_decide(initiative=verified, action="verify", actor=school_officer)
    page = selectors.review_queue(upper_officer, QueueFilters())
    assert [i.pk for i in page.items] == [verified.pk]
    assert waiting.pk not in [i.pk for i in page.items]


def test_queue_never_shows_other_province(worker, lam_son_worker, thanh_hoa_officer, programme):
    _submitted(worker)
    theirs = _submitted(lam_son_worker)
    page = selectors.review_queue(thanh_hoa_officer, QueueFilters(state="submitted"))
    assert [i.pk for i in page.items] == [theirs.pk]


def test_queue_never_shows_drafts(worker, school_officer, programme):
    InitiativeFactory(submitter=worker)
    assert selectors.review_queue(school_officer, QueueFilters(state="draft")).items == []


def test_search_is_accent_insensitive(worker, school_officer, programme):
    hit = _submitted(worker, title="Sáng kiến nâng cao năng suất đường ống")
    _submitted(worker, title="Cải tiến khác")
    for text in ("nang suat", "NĂNG SUẤT", "duong ong", "Đường"):
        page = selectors.review_queue(school_officer, QueueFilters(state="submitted", text=text))
        assert [i.pk for i in page.items] == [hit.pk], text


def test_filters_by_field_category_and_unit(worker, nurse, province_officer, programme, tree):
    health = Field.objects.get(code="health")
    nurse.category = "public_service"
    nurse.save()
    a = _submitted(worker, field=health)
    _submitted(worker)
    b = _submitted(nurse, field=health)
    by_field = QueueFilters(state="submitted", field=health.pk)
    assert {i.pk for i in selectors.review_queue(province_officer, by_field).items} == {a.pk, b.pk}
    by_category = QueueFilters(state="submitted", category="public_service")
    assert [i.pk for i in selectors.review_queue(province_officer, by_category).items] == [b.pk]
    by_unit = QueueFilters(state="submitted", unit=tree["school"])
    assert a.pk in [i.pk for i in selectors.review_queue(province_officer, by_unit).items]
    assert b.pk not in [i.pk for i in selectors.review_queue(province_officer, by_unit).items]


def test_filters_by_local_date_range(worker, school_officer, programme):
    first = _submitted(worker)
    second = _submitted(worker)
    # 23:59:59 on 31/05 and 00:00 on 01/06, Vietnam time (16:59:59 and 17:00 UTC).
    type(first).objects.filter(pk=first.pk).update(
        submitted_on=dt.date(2022, 5, 31), first_submitted_at=dt.datetime(2022, 5, 31, 16, 59, 59, tzinfo=dt.UTC))
    type(second).objects.filter(pk=second.pk).update(
        submitted_on=dt.date(2022, 6, 1), first_submitted_at=dt.datetime(2022, 5, 31, 17, 0, tzinfo=dt.UTC))
    page = selectors.review_queue(
        school_officer, QueueFilters(state="submitted", date_from=dt.date(2022, 6, 1), date_to=dt.date(2022, 6, 30))
    )
    assert [i.pk for i in page.items] == [second.pk]


def test_keyset_pages_cover_every_item_once(worker, school_officer, programme, monkeypatch):
    monkeypatch.setattr(selectors.queue, "PAGE_SIZE", 3)
    created = [_submitted(worker) for _ in range(8)]
    seen, cursor = [], ""
    while True:
        page = selectors.review_queue(school_officer, QueueFilters(), after=cursor)
        seen += [i.pk for i in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == [i.pk for i in sorted(created, key=lambda i: (i.first_submitted_at, i.pk), reverse=True)]


def test_previous_page_returns_the_same_items(worker, school_officer, programme, monkeypatch):
    monkeypatch.setattr(selectors.queue, "PAGE_SIZE", 3)
    for _ in range(7):
        _submitted(worker)
    first = selectors.review_queue(school_officer, QueueFilters())
    second = selectors.review_queue(school_officer, QueueFilters(), after=first.next_cursor)
    back = selectors.review_queue(school_officer, QueueFilters(), before=second.prev_cursor)
    assert [i.pk for i in back.items] == [i.pk for i in first.items]
    assert back.is_first


def test_counts_per_state(worker, school_officer, programme):
    for _ in range(3):
        _submitted(worker)
    returned = _submitted(worker)
    initiative_decide(initiative=returned, action="return", actor=school_officer, comment="Bổ sung")
    counts = selectors.queue_counts(school_officer, QueueFilters())
    assert counts["submitted"] == (3, False)
    assert counts["returned"] == (1, False)
    assert counts["awaiting"] == (3, False)


def test_counts_are_capped(worker, school_officer, programme, monkeypatch):
    monkeypatch.setattr(selectors.queue, "COUNT_CAP", 2)
    for _ in range(3):
        _submitted(worker)
    assert selectors.queue_counts(school_officer, QueueFilters())["submitted"] == (2, True)


def test_queue_page_lists_items_with_one_query_per_concern(client, worker, school_officer, programme,
                                                          django_assert_max_num_queries):
    for _ in range(10):
        _submitted(worker)
    client.force_login(school_officer)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("reviews:queue"))
    assert len(response.context["page"].items) == 10


def test_worker_gets_403_on_queue(client, worker):
    client.force_login(worker)
    assert client.get(reverse("reviews:queue")).status_code == 403


def test_unit_filter_outside_scope_is_refused(client, school_officer, tree):
    client.force_login(school_officer)
    response = client.get(reverse("reviews:queue"), {"unit": tree["factory"].code})
    assert response.context["form"].errors["unit"]


def test_search_matches_the_beginning_of_words_whatever_the_accents(worker, school_officer, programme):
    raised = _submitted(worker, title="Nâng cao năng suất dây chuyền")
    _submitted(worker, title="Trang bị máy in mới")
    page = selectors.review_queue(school_officer, QueueFilters(state="", text="NANG suat"))
    assert [i.pk for i in page.items] == [raised.pk]


def test_search_does_not_match_inside_a_word(worker, school_officer, programme):
    _submitted(worker, title="Trang bị máy in mới")
    page = selectors.review_queue(school_officer, QueueFilters(state="", text="rang"))
    assert page.items == []


def test_province_officer_sees_every_state_of_deep_units_newest_first(
    worker, nurse, school_officer, upper_officer, programme, tree
):
    province_officer = UserFactory(unit=None)
    AppointmentFactory(user=province_officer, unit=tree["ha_noi"], role="officer")
    older = _submitted(worker)
    verified = _submitted(nurse)
    initiative_decide(initiative=verified, actor=_hospital_officer(tree), action="verify")
    newest = _submitted(worker)
    page = selectors.review_queue(province_officer, QueueFilters(state=""))
    assert [i.pk for i in page.items] == [newest.pk, verified.pk, older.pk]


def test_counts_of_a_province_officer_add_up_over_states(worker, nurse, programme, tree):
    province_officer = UserFactory(unit=None)
    AppointmentFactory(user=province_officer, unit=tree["ha_noi"], role="officer")
    _submitted(worker)
    _submitted(nurse)
    verified = _submitted(nurse)
    initiative_decide(initiative=verified, actor=_hospital_officer(tree), action="verify")
    counts = selectors.queue_counts(province_officer, QueueFilters(state=""))
    assert (counts["submitted"], counts["verified"], counts["awaiting"]) == ((2, False), (1, False), (1, False))


def _hospital_officer(tree):
    officer = UserFactory(unit=tree["hospital"])
    AppointmentFactory(user=officer, unit=tree["hospital"], role="officer")
    return officer


def test_a_search_pages_in_queue_order(worker, school_officer, programme, monkeypatch):
    monkeypatch.setattr(selectors.queue, "PAGE_SIZE", 1)
    titles = ["Trang bị máy in", "Cải tiến khuôn", "Trang bị quạt", "Trang bị đèn"]
    made = [_submitted(worker, title=t) for t in titles]
    first = selectors.review_queue(school_officer, QueueFilters(state="", text="trang bi"))
    second = selectors.review_queue(school_officer, QueueFilters(state="", text="trang bi"), after=first.next_cursor)
    assert [i.pk for i in first.items + second.items] == [made[3].pk, made[2].pk]


@pytest.mark.parametrize(
    ("matches", "read_at_once"), [(12_943, True), (31_780, True), (31_790, False), (1_443_667, False), (56, True)]
)
def test_a_search_reads_its_matches_at_once_while_that_costs_less_than_walking(matches, read_at_once):
    # 10 million initiatives, 101 wanted: reading M matches beats walking while M² ≤ 101 × 10⁷.
    assert selectors.matches_are_few(matches, wanted=101, rows=10_000_000) is read_at_once


def test_the_planner_tells_that_a_rare_word_is_read_at_once(worker, school_officer, programme):
    _submitted(worker, title="Trang bị máy in")

    assert selectors._few_matches(QueueFilters(text="trang bi"), 101)


@pytest.fixture(params=["words read once", "walks per branch"])
def search_plan(request, monkeypatch):
    """Both ways a search reads its matches."""
    monkeypatch.setattr(selectors.queue, "_few_matches", lambda filters, wanted: request.param == "words read once")


def test_a_search_counts_its_matches_on_the_first_page(worker, school_officer, programme, search_plan):
    for title in ("Trang bị máy in", "Trang bị quạt", "Cải tiến khuôn", "Trang bị đèn"):
        _submitted(worker, title=title)
    page = selectors.review_queue(school_officer, QueueFilters(state="", text="trang bi"))
    assert page.matches == (3, False)


def test_a_search_with_more_matches_than_the_cap_says_more(worker, school_officer, programme, search_plan,
                                                           monkeypatch):
    monkeypatch.setattr(selectors.queue, "PAGE_SIZE", 2)
    monkeypatch.setattr(selectors.queue, "SEARCH_COUNT_CAP", 4)
    for _ in range(6):
        _submitted(worker, title="Trang bị máy in")
    page = selectors.review_queue(school_officer, QueueFilters(state="", text="trang bi"))
    assert (len(page.items), page.matches) == (2, (4, True))


def test_a_search_with_as_many_matches_as_the_cap_counts_them_exactly(worker, school_officer, programme,
                                                                      search_plan, monkeypatch):
    monkeypatch.setattr(selectors.queue, "PAGE_SIZE", 2)
    monkeypatch.setattr(selectors.queue, "SEARCH_COUNT_CAP", 4)
    for _ in range(4):
        _submitted(worker, title="Trang bị máy in")
    page = selectors.review_queue(school_officer, QueueFilters(state="", text="trang bi"))
    assert page.matches == (4, False)


def test_a_search_counts_its_matches_over_every_state(worker, nurse, programme, tree, search_plan, monkeypatch):
    monkeypatch.setattr(selectors.queue, "PAGE_SIZE", 1)
    province_officer = UserFactory(unit=None)
    AppointmentFactory(user=province_officer, unit=tree["ha_noi"], role="officer")
    _submitted(worker, title="Trang bị máy in")
    verified = _submitted(nurse, title="Trang bị quạt")
    initiative_decide(initiative=verified, actor=_hospital_officer(tree), action="verify")
    _submitted(nurse, title="Trang bị đèn")
    _submitted(nurse, title="Cải tiến khuôn")
    page = selectors.review_queue(province_officer, QueueFilters(state="", text="trang bi"))
    assert page.matches == (3, False)


def test_later_pages_of_a_search_give_no_count(worker, school_officer, programme, search_plan, monkeypatch):
    monkeypatch.setattr(selectors.queue, "PAGE_SIZE", 1)
    for _ in range(3):
        _submitted(worker, title="Trang bị máy in")
    first = selectors.review_queue(school_officer, QueueFilters(state="", text="trang bi"))
    second = selectors.review_queue(school_officer, QueueFilters(state="", text="trang bi"), after=first.next_cursor)
    assert (len(second.items), second.matches) == (1, None)


def test_a_search_pages_in_queue_order_whichever_way_it_reads(worker, school_officer, programme, search_plan,
                                                              monkeypatch):
    monkeypatch.setattr(selectors.queue, "PAGE_SIZE", 2)
    made = [_submitted(worker, title=f"Trang bị máy số {n}") for n in range(5)]
    seen, cursor = [], ""
    while True:
        page = selectors.review_queue(school_officer, QueueFilters(state="", text="trang bi"), after=cursor)
        seen += [i.pk for i in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == [i.pk for i in reversed(made)]


def test_a_search_over_every_state_finds_matches_awaiting_and_decided(worker, programme, tree, search_plan):
    from submissions.models import Initiative

    federation_officer = UserFactory(unit=None)
    AppointmentFactory(user=federation_officer, unit=tree["tld"], role="officer")
    awaiting = _submitted(worker, title="Trang bị máy in")
    decided = _submitted(worker, title="Trang bị quạt")
    Initiative.objects.filter(pk=decided.pk).update(status="approved")
    _submitted(worker, title="Cải tiến khuôn")
    page = selectors.review_queue(federation_officer, QueueFilters(state="", text="trang bi"))
    assert ([i.pk for i in page.items], page.matches) == ([decided.pk, awaiting.pk], (2, False))


def test_each_searchable_state_has_the_full_text_index_the_selector_names(db):
    import re

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'submissions_initiative' AND indexdef LIKE %s",
            ["%gin (search_vector)%"],
        )
        definitions = [row[0] for row in cursor.fetchall()]
    assert all(" WHERE " in d for d in definitions), "a full-text index over every initiative is back"
    indexed = sorted(tuple(sorted(re.findall(r"'(\w+)'", d.split(" WHERE ", 1)[1]))) for d in definitions)
    assert indexed == sorted(tuple(sorted(states)) for states in selectors.SEARCH_INDEX_STATES)


def test_every_reviewable_state_is_in_exactly_one_full_text_index():
    from submissions.enums import REVIEWABLE_STATES

    indexed = [s for states in selectors.SEARCH_INDEX_STATES for s in states]
    assert sorted(indexed) == sorted(REVIEWABLE_STATES)


@pytest.mark.parametrize(("date_from", "date_to"), [(None, dt.date.max), (dt.date.min, None),
                                                    (dt.date.min, dt.date.max)])
def test_a_date_range_to_the_ends_of_the_calendar_keeps_every_item(worker, school_officer, programme,
                                                                    date_from, date_to):
    item = _submitted(worker)
    filters = QueueFilters(state="submitted", date_from=date_from, date_to=date_to)
    assert [i.pk for i in selectors.review_queue(school_officer, filters).items] == [item.pk]


@pytest.mark.parametrize("cursor", ["0001-01-01T00:00:00+14:00_1", "9999-12-31T23:59:59-14:00_1"])
def test_a_cursor_at_a_moment_utc_cannot_hold_shows_the_first_page(worker, school_officer, programme, cursor):
    item = _submitted(worker)
    page = selectors.review_queue(school_officer, QueueFilters(state="submitted"), after=cursor)
    assert [i.pk for i in page.items] == [item.pk]


@pytest.mark.parametrize("text", ["1000123", "1.000.123", "1 000 123", "#1000123", "# 1.000.123", "số 1000123",
                                  "Số 1.000.123", "Sáng kiến số 1000123", "SK1000123"])
def test_a_number_as_people_write_it_names_an_initiative(text):
    assert selectors.reference_number(text) == 1000123


@pytest.mark.parametrize("text", ["", "sang kien", "1.00", "12.3456", "0", "so", "1000123 sang kien",
                                  "99999999999999999999"])
def test_words_or_malformed_numbers_name_no_initiative(text):
    assert selectors.reference_number(text) is None


def test_a_search_by_number_finds_the_initiative_in_scope(worker, school_officer, programme):
    wanted = _submitted(worker)
    _submitted(worker)
    page = selectors.review_queue(school_officer, QueueFilters(state="submitted", number=wanted.pk))
    assert [i.pk for i in page.items] == [wanted.pk]


def test_a_search_by_number_never_finds_an_initiative_outside_scope(worker, thanh_hoa_officer, programme):
    theirs = _submitted(worker)
    for state in ("awaiting", "submitted"):
        assert selectors.review_queue(thanh_hoa_officer, QueueFilters(state=state, number=theirs.pk)).items == []
    assert selectors.initiative_state_in_scope(thanh_hoa_officer, theirs.pk) is None


def _plans_of(queries) -> list[str]:
    with connection.cursor() as cursor:
        # A table of a few rows is read whole whatever its indexes: ask for the plan at scale.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plans = []
        for sql in queries:
            cursor.execute("EXPLAIN " + sql)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return plans


def test_a_search_by_number_looks_its_row_up_by_the_primary_key(worker, school_officer, programme):
    wanted = _submitted(worker)
    # A table of a few rows gives every index the same cost: the planner then may read the
    # whole of another index holding ``id`` (``initiative_enterer_recent``) as cheaply as the
    # key. With the statistics of a few thousand rows only the key finds the row at once.
    Initiative.objects.bulk_create(
        Initiative(submitter=worker, entered_by=worker, unit=wanted.unit, author_name="Tác giả", title="SK",
                   category=wanted.category, field=wanted.field, summary="x", status=wanted.status,
                   first_submitted_at=wanted.first_submitted_at, submitted_on=wanted.submitted_on)
        for _ in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE submissions_initiative")
    with CaptureQueriesContext(connection) as queries:
        selectors.review_queue(school_officer, QueueFilters(state="submitted", number=wanted.pk))
    initiatives = [q["sql"] for q in queries if 'FROM "submissions_initiative"' in q["sql"]]
    assert "submissions_initiative_pkey" in _plans_of(initiatives[:1])[0]


def test_a_search_by_number_checks_the_tab_at_one_index_entry(worker, school_officer, programme):
    wanted = _submitted(worker)
    with CaptureQueriesContext(connection) as queries:
        selectors.review_queue(school_officer, QueueFilters(state="submitted", number=wanted.pk))
    check = next(q["sql"] for q in queries if 'FROM "submissions_initiative"' in q["sql"] and "LIMIT 1" in q["sql"]
                 and "first_submitted_at" in q["sql"].split("WHERE")[1])
    plan = _plans_of([check])[0]
    # Every key column of the index is bound: a point lookup, whichever index serves it.
    assert f"id = {wanted.pk}" in plan
    assert "first_submitted_at =" in plan or "submissions_initiative_pkey" in plan, plan


def test_the_exemplary_filter_lists_only_exemplary_initiatives(worker, approved, province_staff, programme):
    from reviews.services import initiative_mark_exemplary

    initiative_mark_exemplary(initiative=approved, actor=province_staff, exemplary=True)
    page = selectors.review_queue(province_staff, QueueFilters(state="approved", exemplary=True))
    assert [i.pk for i in page.items] == [approved.pk]


def test_the_exemplary_filter_leaves_out_initiatives_without_the_mark(approved, province_staff):
    assert selectors.review_queue(province_staff, QueueFilters(state="approved", exemplary=True)).items == []


def test_the_exemplary_filter_is_read_from_the_exemplary_index(approved, province_staff):
    filters = QueueFilters(state="approved", exemplary=True)
    branch = selectors.queue_branches(province_staff, filters, "approved")[0]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = branch.order_by("-first_submitted_at", "-id")[:26].explain()
    assert "initiative_queue_exemplary" in plan


def test_the_tabs_count_only_exemplary_initiatives_under_the_exemplary_filter(
    approved, province_staff, django_capture_on_commit_callbacks
):
    from reviews.services import initiative_mark_exemplary

    assert selectors.queue_tab_counts(province_staff, QueueFilters(exemplary=True))["approved"] == (0, False)
    with django_capture_on_commit_callbacks(execute=True):
        # Marking is a change of the queue's counts: the cached ones are counted again.
        initiative_mark_exemplary(initiative=approved, actor=province_staff, exemplary=True)
    assert selectors.queue_tab_counts(province_staff, QueueFilters(exemplary=True))["approved"] == (1, False)


def test_the_tabs_counts_ignore_a_search(worker, school_officer, programme):
    _submitted(worker, title="Cải tiến bếp ăn")
    _submitted(worker, title="Đổi mới chấm bài")
    counts = selectors.queue_tab_counts(school_officer, QueueFilters(state="submitted", text="cham bai"))
    assert counts["submitted"] == (2, False)
