"""What the author sees of the state machine: why an initiative was returned (on its page, its
form and first in their list, read without a query per row), the receipt of a submission and
a half-filled draft refused by the state machine."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.services import initiative_decide, initiative_submit
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory
from submissions.workflow import IncompleteInitiativeError

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
COMMENT = "Bổ sung số liệu năng suất trước và sau khi áp dụng."


def _returned(worker, officer, *, title="Sổ tay điện tử", comment=COMMENT):
    initiative = InitiativeFactory(submitter=worker, title=title)
    initiative_submit(initiative=initiative, actor=worker)
    initiative_decide(initiative=initiative, action="return", actor=officer, comment=comment)
    initiative.refresh_from_db()
    return initiative


@pytest.fixture
def logged_in(client, worker, programme):
    client.force_login(worker)
    return client


# --- the return note --------------------------------------------------------------------------


def test_a_returned_initiatives_page_opens_on_the_officers_comment(logged_in, worker, school_officer):
    initiative = _returned(worker, school_officer)
    html = logged_in.get(reverse("submissions:detail", args=[initiative.pk])).content.decode()
    note = html.index('class="alert alert-warning return-note"')
    assert note < html.index('class="detail-list"')
    assert COMMENT in html[note:note + 2000] and school_officer.full_name in html[note:note + 2000]


def test_the_return_note_says_when_in_vietnam_time(logged_in, worker, school_officer):
    initiative = _returned(worker, school_officer)
    decided = initiative.decisions.get(action="return").created_at.astimezone(HANOI)
    html = logged_in.get(reverse("submissions:detail", args=[initiative.pk])).content.decode()
    assert decided.strftime("%d/%m/%Y %H:%M") in html


def test_the_latest_return_is_the_one_shown(logged_in, worker, school_officer):
    initiative = _returned(worker, school_officer, comment="Lần một")
    initiative_submit(initiative=initiative, actor=worker)
    initiative_decide(initiative=initiative, action="return", actor=school_officer, comment="Lần hai")
    html = logged_in.get(reverse("submissions:detail", args=[initiative.pk])).content.decode()
    note = html[html.index("return-note"):]
    note = note[: note.index("</section>")]
    assert "Lần hai" in note and "Lần một" not in note


def test_the_edit_form_of_a_returned_initiative_opens_on_the_officers_comment(logged_in, worker, school_officer):
    initiative = _returned(worker, school_officer)
    html = logged_in.get(reverse("submissions:edit", args=[initiative.pk])).content.decode()
    assert COMMENT in html[: html.index('class="initiative-form"')]


def test_a_resubmitted_initiative_shows_no_return_note(logged_in, worker, school_officer):
    initiative = _returned(worker, school_officer)
    initiative_submit(initiative=initiative, actor=worker)
    html = logged_in.get(reverse("submissions:detail", args=[initiative.pk])).content.decode()
    assert "return-note" not in html


def test_returned_initiatives_come_first_in_the_list_with_their_reason(logged_in, worker, school_officer):
    returned = _returned(worker, school_officer, title="Trả lại")
    newer = InitiativeFactory(submitter=worker, title="Bản nháp mới hơn")
    page = logged_in.get(reverse("submissions:mine")).context["page"]
    assert [i.pk for i in page.returned] == [returned.pk]
    assert [i.pk for i in page.object_list] == [newer.pk]
    assert page.returned[0].return_note.comment == COMMENT


def test_the_list_marks_returned_initiatives_with_a_way_to_fix_them(logged_in, worker, school_officer):
    returned = _returned(worker, school_officer)
    html = logged_in.get(reverse("submissions:mine")).content.decode()
    assert "Cần bổ sung và gửi lại" in html
    assert reverse("submissions:edit", args=[returned.pk]) in html
    assert COMMENT in html


def test_the_returned_filter_lists_them_with_their_reason(logged_in, worker, school_officer):
    _returned(worker, school_officer)
    page = logged_in.get(reverse("submissions:mine"), {"status": "returned"}).context["page"]
    assert page.returned == []
    assert page.object_list[0].return_note.comment == COMMENT


def _queries(client, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("submissions:mine"), params or {}).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_for_2_or_25_returned_initiatives(logged_in, worker, school_officer):
    for i in range(2):
        _returned(worker, school_officer, title=f"A{i}")
    InitiativeFactory.create_batch(2, submitter=worker)
    _queries(logged_in)  # what the menu keeps in the cache (a council seat) is read once
    few = _queries(logged_in)
    for i in range(23):
        _returned(worker, school_officer, title=f"B{i}")
    InitiativeFactory.create_batch(30, submitter=worker)
    _queries(logged_in)  # the menu's unread count, changed by the decisions, is counted again once
    assert _queries(logged_in) == few


def test_the_list_pages_by_id_and_never_counts(logged_in, worker):
    drafts = InitiativeFactory.create_batch(25, submitter=worker)
    with CaptureQueriesContext(connection) as queries:
        first = logged_in.get(reverse("submissions:mine")).context["page"]
    assert not any("COUNT(" in q["sql"].upper() and "submissions_initiative" in q["sql"] for q in queries)
    second = logged_in.get(reverse("submissions:mine"), {"before": first.next_before}).context["page"]
    listed = [i.pk for i in first.object_list] + [i.pk for i in second.object_list]
    assert listed == sorted((d.pk for d in drafts), reverse=True)
    assert second.next_before is None


@pytest.mark.parametrize("cursor", ["abc", "-1", "0", str(2**70), "1e5"])
def test_a_bad_cursor_reads_as_the_first_page(logged_in, worker, cursor):
    InitiativeFactory(submitter=worker)
    page = logged_in.get(reverse("submissions:mine"), {"before": cursor}).context["page"]
    assert page.is_first and len(page.object_list) == 1


def test_the_next_page_link_carries_a_plain_id(logged_in, worker):
    InitiativeFactory.create_batch(21, submitter=worker)
    html = logged_in.get(reverse("submissions:mine")).content.decode()
    cursor = re.search(r"before=([^\"&]+)", html).group(1)
    assert cursor.isdigit() and int(cursor) > 1_000_000


# --- the state machine refuses a half-filled draft ---------------------------------------------


def test_the_state_machine_refuses_to_submit_a_draft_missing_required_content(worker, programme):
    draft = InitiativeFactory(submitter=worker, summary="", field=None)
    with pytest.raises(IncompleteInitiativeError) as refused:
        initiative_submit(initiative=draft, actor=worker)
    assert refused.value.missing == ["Lĩnh vực", "Tóm tắt"]
    assert Initiative.objects.get(pk=draft.pk).status == "draft"


def test_the_state_machine_refuses_shares_not_totalling_100(worker, programme):
    draft = InitiativeFactory(submitter=worker, author_contribution=60)
    with pytest.raises(IncompleteInitiativeError):
        initiative_submit(initiative=draft, actor=worker)


def test_the_database_refuses_a_submitted_initiative_without_a_field(worker, programme):
    from django.db import IntegrityError, transaction

    initiative = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=initiative, actor=worker)
    with pytest.raises(IntegrityError), transaction.atomic():
        Initiative.objects.filter(pk=initiative.pk).update(field=None)


# --- the receipt --------------------------------------------------------------------------------


def test_a_submission_lands_on_its_receipt(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(submit="1"), follow=True)
    initiative = Initiative.objects.get()
    assert response.redirect_chain == [(reverse("submissions:receipt", args=[initiative.pk]), 302)]


def test_the_receipt_gives_the_reference_ungrouped_and_the_time_in_vietnam(logged_in, form_data, worker):
    logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    initiative = Initiative.objects.get()
    html = logged_in.get(reverse("submissions:receipt", args=[initiative.pk])).content.decode()
    assert initiative.pk > 1_000_000
    assert f'receipt-ref">{initiative.pk}<' in html
    local = initiative.first_submitted_at.astimezone(HANOI)
    assert f"{local:%d/%m/%Y %H:%M} (giờ Việt Nam)" in html


def test_the_receipt_says_who_reviews_it_next_and_how_long_it_usually_takes(logged_in, form_data, tree):
    logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    html = logged_in.get(reverse("submissions:receipt", args=[Initiative.objects.get().pk])).content.decode()
    steps = html[html.index('class="receipt-steps"'):]
    assert f"<strong>{tree['school'].name}</strong> xem xét và xác nhận sáng kiến, thường trong vòng 10 ngày" in steps
    assert f"<strong>{tree['ba_dinh'].name}</strong> xem xét công nhận, thường trong vòng 15 ngày" in steps


def test_the_receipt_of_a_resubmission_gives_the_time_it_was_sent_again(logged_in, worker, school_officer):
    initiative = _returned(worker, school_officer)
    sent_again = dt.datetime(2022, 6, 2, 9, 30, tzinfo=HANOI)
    from django.utils import timezone

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: sent_again)
        initiative_submit(initiative=initiative, actor=worker)
    html = logged_in.get(reverse("submissions:receipt", args=[initiative.pk])).content.decode()
    assert "02/06/2022 09:30 (giờ Việt Nam)" in html


def test_the_receipt_has_a_print_stylesheet_and_a_print_button(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), form_data(submit="1"))
    html = logged_in.get(reverse("submissions:receipt", args=[Initiative.objects.get().pk])).content.decode()
    assert 'href="/static/css/print.css" media="print"' in html
    assert "data-print" in html and 'src="/static/js/print-button.js"' in html


def test_a_draft_has_no_receipt(logged_in, worker):
    draft = InitiativeFactory(submitter=worker)
    assert logged_in.get(reverse("submissions:receipt", args=[draft.pk])).status_code == 404


def test_the_reviewing_officer_does_not_read_the_authors_receipt(client, worker, school_officer, programme):
    initiative = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=initiative, actor=worker)
    client.force_login(school_officer)
    assert client.get(reverse("submissions:receipt", args=[initiative.pk])).status_code == 404


def test_a_returned_initiative_offers_no_receipt_until_it_is_sent_again(logged_in, worker, school_officer):
    initiative = _returned(worker, school_officer)
    assert logged_in.get(reverse("submissions:receipt", args=[initiative.pk])).status_code == 404
    initiative_submit(initiative=initiative, actor=worker)
    assert logged_in.get(reverse("submissions:receipt", args=[initiative.pk])).status_code == 200


def test_the_page_of_a_sent_initiative_links_its_receipt(logged_in, worker):
    initiative = InitiativeFactory(submitter=worker)
    initiative_submit(initiative=initiative, actor=worker)
    html = logged_in.get(reverse("submissions:detail", args=[initiative.pk])).content.decode()
    assert reverse("submissions:receipt", args=[initiative.pk]) in html
