"""The review pages: scope by URL, decision form, bulk decisions with per-item results."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives_portal.tests.plain_numbers import assert_plain_integers_in_attributes
from reviews.models import Decision
from reviews.services import initiative_submit
from submissions.attachments import PDF
from submissions.services import _store_files
from submissions.tests.factories import InitiativeFactory

PDF_BYTES = b"%PDF-1.4\n%%EOF\n"


def test_officer_opens_review_page_with_decision_form(client, school_officer, submitted):
    client.force_login(school_officer)
    response = client.get(reverse("reviews:detail", args=[submitted.pk]))
    assert response.status_code == 200
    assert [c[0] for c in response.context["form"].fields["action"].choices] == ["verify", "return", "reject"]


def test_officer_verifies_through_the_page(client, school_officer, submitted):
    client.force_login(school_officer)
    response = client.post(reverse("reviews:detail", args=[submitted.pk]), {"action": "verify", "comment": ""})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == "verified"


def test_return_without_comment_shows_form_error(client, school_officer, submitted):
    client.force_login(school_officer)
    response = client.post(reverse("reviews:detail", args=[submitted.pk]), {"action": "return", "comment": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["comment"]
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_officer_of_other_province_cannot_open_decide_or_download(client, thanh_hoa_officer, submitted, worker):
    _store_files(submitted, [SimpleUploadedFile("a.pdf", PDF_BYTES)], [PDF], worker)
    client.force_login(thanh_hoa_officer)
    assert client.get(reverse("reviews:detail", args=[submitted.pk])).status_code == 404
    assert client.post(reverse("reviews:detail", args=[submitted.pk]), {"action": "verify"}).status_code == 404
    assert client.post(reverse("reviews:exemplary", args=[submitted.pk]), {"exemplary": "on"}).status_code == 404
    attachment = submitted.attachments.get()
    assert client.get(reverse("submissions:attachment", args=[attachment.pk])).status_code == 404
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_worker_cannot_review_even_own_initiative(client, worker, submitted):
    client.force_login(worker)
    assert client.get(reverse("reviews:detail", args=[submitted.pk])).status_code == 403
    assert client.post(reverse("reviews:bulk"), {"action": "verify", "ids": [submitted.pk]}).status_code == 403


def test_upper_officer_page_shows_no_form_while_waiting_for_stage_1(client, upper_officer, submitted):
    client.force_login(upper_officer)
    response = client.get(reverse("reviews:detail", args=[submitted.pk]))
    assert response.status_code == 200
    assert response.context["form"] is None


def test_history_is_shown_to_author_and_officer(client, worker, school_officer, verified):
    for user in (worker, school_officer):
        client.force_login(user)
        response = client.get(reverse("submissions:detail", args=[verified.pk]))
        assert [d.action for d in response.context["decisions"]] == ["submit", "verify"]


def test_similar_initiatives_of_same_unit_are_listed(client, school_officer, submitted, worker):
    twin = InitiativeFactory(submitter=worker, title="Đổi mới quy trình chấm bài thi")
    initiative_submit(initiative=twin, actor=worker)
    client.force_login(school_officer)
    response = client.get(reverse("reviews:detail", args=[submitted.pk]))
    assert twin in response.context["similar"]


def test_bulk_verify_reports_each_item(client, school_officer, worker, thanh_hoa_officer, programme, tree):
    from accounts.tests.factories import UserFactory

    ok = [InitiativeFactory(submitter=worker) for _ in range(2)]
    for item in ok:
        initiative_submit(initiative=item, actor=worker)
    draft = InitiativeFactory(submitter=worker)
    outsider = UserFactory(unit=tree["factory"])
    foreign = InitiativeFactory(submitter=outsider)
    initiative_submit(initiative=foreign, actor=outsider)
    already = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=already, actor=worker)
    client.force_login(school_officer)
    client.post(reverse("reviews:bulk"), {"action": "verify", "ids": [already.pk]})
    ids = [ok[0].pk, ok[1].pk, draft.pk, foreign.pk, already.pk]
    response = client.post(reverse("reviews:bulk"), {"action": "verify", "ids": ids})
    results = {r.initiative_id: r for r in response.context["results"]}
    assert results[ok[0].pk].ok and results[ok[1].pk].ok
    assert not results[draft.pk].ok and not results[foreign.pk].ok
    assert not results[already.pk].ok and "trạng thái" in results[already.pk].message
    foreign.refresh_from_db()
    assert foreign.status == "submitted"
    assert response.context["ok_count"] == 2


def test_bulk_decision_on_the_ids_the_queue_renders_succeeds(client, school_officer, worker, programme):
    waiting = [InitiativeFactory(submitter=worker) for _ in range(2)]
    for item in waiting:
        initiative_submit(initiative=item, actor=worker)
    client.force_login(school_officer)
    page = client.get(reverse("reviews:queue"), {"state": "submitted"})
    assert_plain_integers_in_attributes(page)
    ids = re.findall(r'name="ids" value="([^"]*)"', page.content.decode())
    assert sorted(ids) == sorted(str(item.pk) for item in waiting) and min(item.pk for item in waiting) > 1_000_000
    response = client.post(reverse("reviews:bulk"), {"action": "verify", "ids": ids})
    assert response.context["ok_count"] == 2
    assert {item.status for item in type(waiting[0]).objects.filter(pk__in=[i.pk for i in waiting])} == {"verified"}


def test_bulk_return_needs_comment(client, school_officer, submitted):
    client.force_login(school_officer)
    client.post(reverse("reviews:bulk"), {"action": "return", "ids": [submitted.pk], "comment": ""})
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_bulk_reject_is_not_offered(client, school_officer, submitted):
    client.force_login(school_officer)
    client.post(reverse("reviews:bulk"), {"action": "reject", "ids": [submitted.pk]})
    assert not Decision.objects.filter(action="reject").exists()


def test_staff_marks_exemplary_through_the_page(client, province_staff, approved):
    client.force_login(province_staff)
    client.post(reverse("reviews:exemplary", args=[approved.pk]), {"exemplary": "on"})
    approved.refresh_from_db()
    assert approved.is_exemplary


@pytest.mark.parametrize("bad_id", ["abc", "-1", "99999999"])
def test_bulk_with_bad_ids_changes_nothing(client, school_officer, submitted, bad_id):
    client.force_login(school_officer)
    client.post(reverse("reviews:bulk"), {"action": "verify", "ids": [bad_id]})
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_while_searching_every_tab_keeps_its_count(client, school_officer, submitted, worker):
    other = InitiativeFactory(submitter=worker, title="Cải tiến bếp ăn")
    initiative_submit(initiative=other, actor=worker)
    client.force_login(school_officer)
    response = client.get(reverse("reviews:queue"), {"q": "cham bai", "state": "submitted"})
    shown = {tab["key"]: tab["count"] for tab in response.context["tabs"]}
    assert shown == {"awaiting": 2, "submitted": 2, "verified": 0, "approved": 0, "returned": 0, "rejected": 0,
                     "withdrawn": 0}


def test_while_searching_the_tabs_counts_come_from_the_cache(client, school_officer, submitted):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(school_officer)
    client.get(reverse("reviews:queue"), {"state": "submitted"})
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("reviews:queue"), {"q": "cham bai", "state": "submitted"})
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "submissions_initiative" in q["sql"]]
    assert counts == []


def test_while_searching_the_page_says_how_many_match(client, school_officer, submitted):
    client.force_login(school_officer)
    response = client.get(reverse("reviews:queue"), {"q": "cham bai", "state": "submitted"})
    assert "1 sáng kiến khớp “cham bai” trong mục này." in response.content.decode()


def test_while_searching_a_capped_count_says_more_than(client, school_officer, worker, programme, monkeypatch):
    from reviews import selectors

    monkeypatch.setattr(selectors.queue, "SEARCH_COUNT_CAP", 2)
    for _ in range(3):
        initiative_submit(initiative=InitiativeFactory(submitter=worker, title="Đổi mới chấm bài"), actor=worker)
    client.force_login(school_officer)
    response = client.get(reverse("reviews:queue"), {"q": "cham bai", "state": "submitted"})
    assert "Hơn 2 sáng kiến khớp “cham bai” trong mục này." in response.content.decode()


def test_a_reload_of_the_queue_page_reads_only_the_page(client, school_officer, submitted,
                                                        django_assert_max_num_queries):
    client.force_login(school_officer)
    client.get(reverse("reviews:queue"))
    # Session, user, appointments, the page's rows, the fields, the notifications badge.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("reviews:queue"))
    assert [i.pk for i in response.context["page"].items] == [submitted.pk]


def test_queue_filter_lists_are_styled_to_the_width_of_their_column(client, school_officer):
    client.force_login(school_officer)
    page = client.get(reverse("reviews:queue"), {"q": "sang kien"}).content.decode()
    for name in ("field", "category", "sort"):
        assert f'<select name="{name}" class="form-select"' in page


def test_the_queue_page_filtered_to_the_calendars_last_day_lists_the_initiative(client, school_officer, submitted):
    client.force_login(school_officer)
    response = client.get(reverse("reviews:queue"), {"state": "submitted", "date_to": "9999-12-31"})
    assert response.status_code == 200
    assert [item.pk for item, _label, _conflict, _deadline in response.context["rows"]] == [submitted.pk]


# --- select all ------------------------------------------------------------------------------


def test_the_queue_offers_to_select_every_initiative_of_the_page(client, school_officer, worker, programme):
    items = [InitiativeFactory(submitter=worker) for _ in range(3)]
    for item in items:
        initiative_submit(initiative=item, actor=worker)
    client.force_login(school_officer)
    response = client.get(reverse("reviews:queue"), {"state": "submitted"})
    link = re.search(r'id="select-all-link" href="\?([^"]+)"', response.content.decode()).group(1)
    picked = {int(v) for v in re.findall(r"picked=(\d+)", link)}
    assert picked == {item.pk for item in items}


def test_following_select_all_ticks_every_box_of_the_page(client, school_officer, worker, programme):
    items = [InitiativeFactory(submitter=worker) for _ in range(2)]
    for item in items:
        initiative_submit(initiative=item, actor=worker)
    client.force_login(school_officer)
    first = client.get(reverse("reviews:queue"), {"state": "submitted"}).content.decode()
    link = re.search(r'id="select-all-link" href="([^"]+)"', first).group(1).replace("&amp;", "&")
    response = client.get(reverse("reviews:queue") + link)
    page = response.content.decode()
    assert all(re.search(rf'value="{item.pk}" id="pick-{item.pk}"[^>]*checked', page) for item in items)
    assert_plain_integers_in_attributes(response)


def test_select_all_keeps_the_filters_and_the_page(client, school_officer, submitted):
    client.force_login(school_officer)
    page = client.get(reverse("reviews:queue"), {"state": "submitted", "q": "cham bai"}).content.decode()
    link = re.search(r'id="select-all-link" href="\?([^"]+)"', page).group(1)
    assert "state=submitted" in link and "q=cham+bai" in link


def test_select_all_leaves_out_initiatives_the_officer_may_not_decide(client, tree, programme):
    from accounts.tests.factories import UserFactory
    from unions.tests.factories import AppointmentFactory

    officer = UserFactory(unit=tree["school"])
    AppointmentFactory(user=officer, unit=tree["school"], role="officer")
    own = InitiativeFactory(submitter=officer)
    initiative_submit(initiative=own, actor=officer)
    client.force_login(officer)
    page = client.get(reverse("reviews:queue"), {"state": "submitted"}).content.decode()
    assert 'id="select-all-link"' not in page


def test_the_header_checkbox_waits_for_javascript(client, school_officer, submitted):
    client.force_login(school_officer)
    page = client.get(reverse("reviews:queue"), {"state": "submitted"}).content.decode()
    assert re.search(r'<input[^>]*id="pick-all" hidden', page)
    assert "js/queue-select-all" in page


# --- search by number, exemplary filter --------------------------------------------------------


@pytest.mark.parametrize("written", ["{pk}", "#{pk}", "số {grouped}", "{grouped}"])
def test_the_queue_finds_an_initiative_by_its_number(client, school_officer, submitted, written):
    grouped = f"{submitted.pk:,}".replace(",", ".")
    client.force_login(school_officer)
    response = client.get(reverse("reviews:queue"),
                          {"state": "submitted", "q": written.format(pk=submitted.pk, grouped=grouped)})
    assert [item.pk for item, _label, _conflict, _deadline in response.context["rows"]] == [submitted.pk]


def test_a_number_in_another_tab_points_to_that_tab(client, school_officer, verified):
    client.force_login(school_officer)
    response = client.get(reverse("reviews:queue"), {"state": "submitted", "q": str(verified.pk)})
    page = response.content.decode()
    assert f"Sáng kiến số {verified.pk} nằm ở mục “Cơ sở đã xác nhận, chờ công nhận”." in page
    assert re.search(r'<a href="\?[^"]*state=verified[^"]*">Mở mục', page)


def test_a_number_outside_scope_is_not_found(client, thanh_hoa_officer, submitted):
    client.force_login(thanh_hoa_officer)
    response = client.get(reverse("reviews:queue"), {"state": "submitted", "q": str(submitted.pk)})
    assert response.context["rows"] == []
    assert response.context["number_elsewhere"] is None
    assert f"Không có sáng kiến số {submitted.pk} trong phạm vi xét duyệt của bạn." in response.content.decode()


def test_the_queue_page_filters_exemplary_initiatives(client, province_staff, approved, verified):
    from reviews.services import initiative_mark_exemplary

    initiative_mark_exemplary(initiative=approved, actor=province_staff, exemplary=True)
    client.force_login(province_staff)
    response = client.get(reverse("reviews:queue"), {"state": "approved", "exemplary": "on"})
    assert [item.pk for item, _label, _conflict, _deadline in response.context["rows"]] == [approved.pk]
    assert 'name="exemplary" id="id_exemplary" checked' in response.content.decode()


def test_the_exemplary_filter_stays_in_the_tabs_links(client, province_staff, approved):
    client.force_login(province_staff)
    response = client.get(reverse("reviews:queue"), {"state": "approved", "exemplary": "on"})
    assert all("exemplary=on" in tab["query"] for tab in response.context["tabs"])


def test_the_exemplary_queue_page_reads_a_bounded_number_of_queries(client, province_staff, approved,
                                                                    django_assert_max_num_queries):
    client.force_login(province_staff)
    client.get(reverse("reviews:queue"), {"state": "approved", "exemplary": "on"})
    with django_assert_max_num_queries(6):
        client.get(reverse("reviews:queue"), {"state": "approved", "exemplary": "on"})


# --- exemplary: a confirmation step --------------------------------------------------------------


def test_marking_exemplary_is_asked_to_be_confirmed_first(client, province_staff, approved):
    client.force_login(province_staff)
    response = client.get(reverse("reviews:exemplary", args=[approved.pk]))
    assert response.status_code == 200
    assert "Xác nhận đánh dấu tiêu biểu" in response.content.decode()
    approved.refresh_from_db()
    assert not approved.is_exemplary


def test_the_review_page_links_to_the_confirmation_instead_of_marking(client, province_staff, approved):
    client.force_login(province_staff)
    page = client.get(reverse("reviews:detail", args=[approved.pk])).content.decode()
    assert f'<a class="btn btn-outline-warning" href="/reviews/{approved.pk}/exemplary/">' in page
    assert f'action="/reviews/{approved.pk}/exemplary/"' not in page


def test_the_confirmation_marks_exemplary(client, province_staff, approved):
    client.force_login(province_staff)
    page = client.get(reverse("reviews:exemplary", args=[approved.pk])).content.decode()
    value = re.search(r'name="exemplary" value="([^"]*)"', page).group(1)
    client.post(reverse("reviews:exemplary", args=[approved.pk]), {"exemplary": value, "comment": "Nhân rộng"})
    approved.refresh_from_db()
    assert approved.is_exemplary


def test_removing_the_mark_is_asked_to_be_confirmed_too(client, province_staff, approved):
    from reviews.services import initiative_mark_exemplary

    initiative_mark_exemplary(initiative=approved, actor=province_staff, exemplary=True)
    client.force_login(province_staff)
    page = client.get(reverse("reviews:exemplary", args=[approved.pk])).content.decode()
    assert "Xác nhận bỏ đánh dấu" in page
    value = re.search(r'name="exemplary" value="([^"]*)"', page).group(1)
    client.post(reverse("reviews:exemplary", args=[approved.pk]), {"exemplary": value})
    approved.refresh_from_db()
    assert not approved.is_exemplary


def test_the_confirmation_is_refused_to_whoever_may_not_mark(client, school_officer, approved):
    client.force_login(school_officer)
    assert client.get(reverse("reviews:exemplary", args=[approved.pk])).status_code == 403


def test_the_confirmation_of_an_initiative_outside_scope_is_not_found(client, thanh_hoa_officer, approved):
    client.force_login(thanh_hoa_officer)
    assert client.get(reverse("reviews:exemplary", args=[approved.pk])).status_code == 404


# --- a refused decision's errors at the top --------------------------------------------------


@pytest.mark.parametrize(("data", "target"), [
    ({"action": "return", "comment": ""}, "#id_comment"),
    ({"action": "reject", "reason": ""}, "#id_reason"),
    ({"comment": "Không chọn quyết định"}, "#id_action_0"),
])
def test_a_refused_decision_lists_its_errors_under_the_heading(client, school_officer, submitted, data, target):
    client.force_login(school_officer)
    page = client.post(reverse("reviews:detail", args=[submitted.pk]), data).content.decode()
    summary = page.index('id="error-summary"')
    assert page.index("<h1") < summary < page.index("decision-card")
    assert f'href="{target}"' in page[summary:page.index("decision-card")]


def test_each_error_link_of_a_refused_decision_reaches_its_field(client, school_officer, submitted):
    client.force_login(school_officer)
    page = client.post(reverse("reviews:detail", args=[submitted.pk]), {"action": "reject"}).content.decode()
    for target in re.findall(r'<li><a href="#([^"]+)"', page):
        assert f'id="{target}"' in page


def test_the_review_page_shows_no_error_summary_before_a_decision(client, school_officer, submitted):
    client.force_login(school_officer)
    page = client.get(reverse("reviews:detail", args=[submitted.pk])).content.decode()
    assert 'id="error-summary"' not in page


def test_a_search_by_number_reads_a_bounded_number_of_queries(client, school_officer, submitted,
                                                              django_assert_max_num_queries):
    client.force_login(school_officer)
    client.get(reverse("reviews:queue"), {"state": "submitted"})
    # Session, user, appointments, the row by its key, the tab's check, its row, the fields, the badge.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("reviews:queue"), {"state": "submitted", "q": str(submitted.pk)})
    assert [item.pk for item, _label, _conflict, _deadline in response.context["rows"]] == [submitted.pk]


def test_digits_that_name_no_initiative_are_searched_as_a_word(client, school_officer, worker, programme):
    item = InitiativeFactory(submitter=worker, title="Phòng chống Covid 2021 tại trường")
    initiative_submit(initiative=item, actor=worker)
    client.force_login(school_officer)
    response = client.get(reverse("reviews:queue"), {"state": "submitted", "q": "2021"})
    assert [row.pk for row, _label, _conflict, _deadline in response.context["rows"]] == [item.pk]
    assert "1 sáng kiến khớp “2021” trong mục này." in response.content.decode()


def test_a_number_left_out_by_the_other_filters_says_so(client, school_officer, submitted):
    from submissions.models import Field

    other_field = Field.objects.exclude(pk=submitted.field_id).first()
    client.force_login(school_officer)
    response = client.get(reverse("reviews:queue"),
                          {"state": "submitted", "q": str(submitted.pk), "field": other_field.pk})
    page = response.content.decode()
    assert f"Sáng kiến số {submitted.pk} không khớp các bộ lọc đang chọn." in page
    assert f'href="?state=submitted&amp;q={submitted.pk}"' in page


def test_the_confirmation_is_refused_for_an_initiative_not_approved(client, submitted):
    from accounts.tests.factories import UserFactory

    client.force_login(UserFactory(unit=None, is_superuser=True))
    assert client.get(reverse("reviews:exemplary", args=[submitted.pk])).status_code == 403


def test_staff_open_the_queue_on_their_subtrees_submitted_initiatives(client, province_staff, submitted):
    client.force_login(province_staff)
    response = client.get(reverse("reviews:queue"))
    assert response.context["filters"].state == "submitted"
    assert [item.pk for item in response.context["page"].items] == [submitted.pk]


def test_officers_still_open_the_queue_on_what_awaits_them(client, school_officer, submitted):
    client.force_login(school_officer)
    assert client.get(reverse("reviews:queue")).context["filters"].state == "awaiting"
