"""A draft saves half-filled; completeness is checked at submit, its errors listed at the top
with links that reach their fields; a refused submission keeps what was typed and the files."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.models import Attachment, Initiative

from .conftest import PDF_BYTES


@pytest.fixture
def logged_in(client, worker, programme):
    client.force_login(worker)
    return client


def _only_title(form_data, title="Sổ tay điện tử cho phòng thí nghiệm", **more):
    """The form with nothing typed but the title (and ``more``)."""
    data = form_data(title=title, **more)
    for name in ("field", "summary", "problem", "solution", "applied_where", "first_applied_on",
                 "first_application_participants", "benefits", "benefit_vnd", "recognised_by", "recognised_on",
                 "author_workplace", "author_job_title", "author_qualification", "author_contribution"):
        data.setdefault(name, "")
        if name not in more:
            data[name] = ""
    return data


def test_a_draft_with_only_a_title_is_saved(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), _only_title(form_data, save="1"))
    initiative = Initiative.objects.get()
    assert response.status_code == 302
    assert (initiative.status, initiative.title, initiative.field_id, initiative.summary) == (
        "draft", "Sổ tay điện tử cho phòng thí nghiệm", None, "")


def test_a_draft_without_a_title_is_refused(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), _only_title(form_data, title="", save="1"))
    assert response.context["form"].errors["title"]
    assert not Initiative.objects.exists()


def test_a_draft_keeps_the_authors_share_when_it_is_left_empty(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), _only_title(form_data, save="1"))
    assert Initiative.objects.get().author_contribution == 100


def test_a_draft_is_saved_with_shares_not_yet_totalling_100(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), form_data(
        **{"author_contribution": "60", "co-0-full_name": "Trần B", "co-0-contribution": "10", "save": "1"}))
    initiative = Initiative.objects.get()
    assert (initiative.status, [c.contribution for c in initiative.co_authors.all()]) == ("draft", [10])


def test_a_draft_still_refuses_a_date_in_the_future(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), _only_title(form_data, first_applied_on="01/01/2999",
                                                                          save="1"))
    assert response.context["form"].errors["first_applied_on"]
    assert not Initiative.objects.exists()


def test_a_half_filled_draft_is_completed_and_submitted_later(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), _only_title(form_data, save="1"))
    initiative = Initiative.objects.get()
    response = logged_in.post(reverse("submissions:edit", args=[initiative.pk]), form_data(submit="1"))
    initiative.refresh_from_db()
    assert initiative.status == "submitted"
    assert response["Location"] == reverse("submissions:receipt", args=[initiative.pk])


@pytest.mark.parametrize("field", ["field", "summary", "problem", "solution", "benefits"])
def test_submitting_a_half_filled_draft_names_the_missing_field_as_today(logged_in, form_data, field):
    logged_in.post(reverse("submissions:create"), form_data(**{field: "", "save": "1"}))
    initiative = Initiative.objects.get()
    response = logged_in.post(reverse("submissions:edit", args=[initiative.pk]), form_data(**{field: "", "submit": "1"}))
    assert response.context["form"].errors[field] == ["Trường này là bắt buộc."]
    initiative.refresh_from_db()
    assert initiative.status == "draft"


def test_shares_not_totalling_100_are_refused_at_submit_with_todays_message(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(
        **{"author_contribution": "60", "co-0-full_name": "Trần B", "co-0-contribution": "10", "submit": "1"}))
    assert response.context["formset"].non_form_errors() == [
        "Tổng tỷ lệ đóng góp của tác giả và các đồng tác giả phải bằng 100% (hiện là 70%)."]
    assert Initiative.objects.get().status == "draft"


def test_the_submit_button_of_a_half_filled_draft_opens_its_form_with_what_is_missing(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), _only_title(form_data, save="1"))
    initiative = Initiative.objects.get()
    response = logged_in.post(reverse("submissions:submit", args=[initiative.pk]), follow=True)
    initiative.refresh_from_db()
    assert initiative.status == "draft"
    assert response.redirect_chain[-1][0].startswith(reverse("submissions:edit", args=[initiative.pk]))
    assert set(response.context["form"].errors) >= {"field", "summary", "problem", "solution", "benefits"}
    assert 'id="error-summary"' in response.content.decode()


def test_a_complete_draft_submitted_from_its_page_lands_on_its_receipt(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), form_data(save="1"))
    initiative = Initiative.objects.get()
    response = logged_in.post(reverse("submissions:submit", args=[initiative.pk]))
    assert response["Location"] == reverse("submissions:receipt", args=[initiative.pk])


def test_the_list_shows_a_draft_without_a_field(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), _only_title(form_data, save="1"))
    response = logged_in.get(reverse("submissions:mine"))
    assert "Sổ tay điện tử cho phòng thí nghiệm" in response.content.decode()


def test_the_detail_of_a_draft_without_a_field_opens(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), _only_title(form_data, save="1"))
    response = logged_in.get(reverse("submissions:detail", args=[Initiative.objects.get().pk]))
    assert response.status_code == 200
    assert "<dd>None</dd>" not in response.content.decode()


# --- a refused submission keeps what was typed, files included ---------------------------------


def test_a_refused_submission_keeps_its_files_with_the_draft(logged_in, form_data):
    upload = SimpleUploadedFile("so-do.pdf", PDF_BYTES)
    response = logged_in.post(reverse("submissions:create"), form_data(summary="", submit="1", new_files=[upload]))
    initiative = Initiative.objects.get()
    assert initiative.status == "draft"
    assert [a.original_name for a in Attachment.objects.filter(initiative=initiative)] == ["so-do.pdf"]
    html = response.content.decode()
    assert 'id="kept-files"' in html and "so-do.pdf" in html


def test_a_refused_submission_shows_its_form_posting_to_the_saved_draft(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(summary="", submit="1"))
    initiative = Initiative.objects.get()
    assert f'action="{reverse("submissions:edit", args=[initiative.pk])}"' in response.content.decode()
    assert response.context["form"].errors["summary"]


def test_sending_the_kept_draft_again_creates_no_second_initiative(logged_in, form_data):
    data = form_data(summary="", submit="1")
    logged_in.post(reverse("submissions:create"), data)
    initiative = Initiative.objects.get()
    logged_in.post(reverse("submissions:edit", args=[initiative.pk]), {**data, "summary": "Tóm tắt"})
    initiative.refresh_from_db()
    assert (Initiative.objects.count(), initiative.status) == (1, "submitted")


def test_a_refused_resubmission_of_a_returned_initiative_keeps_its_field(logged_in, form_data):
    logged_in.post(reverse("submissions:create"), form_data(save="1"))
    initiative = Initiative.objects.get()
    response = logged_in.post(reverse("submissions:edit", args=[initiative.pk]), form_data(field="", save="1"))
    assert response.status_code == 302  # a draft never submitted may leave it empty
    Initiative.objects.filter(pk=initiative.pk).update(first_submitted_at="2022-03-01T08:00+07:00")
    response = logged_in.post(reverse("submissions:edit", args=[initiative.pk]), form_data(field="", save="1"))
    assert response.context["form"].errors["field"]


# --- the error summary ------------------------------------------------------------------------


def _summary_links(html: str) -> list[str]:
    summary = html[html.index('id="error-summary"'):]
    summary = summary[: summary.index("</div>")]
    return re.findall(r'href="#([^"]+)"', summary)


def test_every_error_is_listed_at_the_top_before_the_form(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), form_data(summary="", problem="", submit="1"))
    html = response.content.decode()
    assert html.index('id="error-summary"') < html.index('class="initiative-form"')
    assert _summary_links(html) == ["id_summary", "id_problem"]


def test_each_link_of_the_summary_reaches_its_field_co_authors_included(logged_in, form_data):
    data = form_data(**{"title": "", "first_applied_on": "01/01/2999", "co-1-full_name": "Trần B", "save": "1"})
    html = logged_in.post(reverse("submissions:create"), data).content.decode()
    links = _summary_links(html)
    assert links == ["id_title", "id_first_applied_on", "id_co-1-contribution"]
    for target in links:
        assert len(re.findall(rf'\bid="{re.escape(target)}"', html)) == 1, target


def test_the_on_behalf_form_links_its_own_fields(client, school_officer, programme, form_data):
    client.force_login(school_officer)
    html = client.post(reverse("submissions:create_on_behalf"), form_data(save="1")).content.decode()
    links = _summary_links(html)
    assert "id_behalf-unit" in links
    for target in links:
        assert f'id="{target}"' in html


def test_the_form_is_kept_in_the_browser_by_a_static_script(logged_in):
    html = logged_in.get(reverse("submissions:create")).content.decode()
    assert 'src="/static/js/form-keep.js"' in html
    assert 'data-keep-key="initiative:' in html
    assert "<script>" not in html  # the policy allows no inline script


def test_co_authors_kept_by_a_refused_submission_survive_the_next_post(logged_in, client, form_data):
    data = form_data(**{"author_contribution": "60", "co-1-full_name": "Trần B", "co-1-contribution": "10",
                        "submit": "1"})
    response = logged_in.post(reverse("submissions:create"), data)
    initiative = Initiative.objects.get()
    formset = response.context["formset"]
    management = {f"co-{k}": v for k, v in formset.management_form.initial.items()} | {
        "co-TOTAL_FORMS": formset.data["co-TOTAL_FORMS"], "co-INITIAL_FORMS": formset.data["co-INITIAL_FORMS"]}
    rows = {k: v for k, v in formset.data.items() if k.startswith("co-") and "FORMS" not in k}
    again = {**{k: v for k, v in data.items() if not k.startswith("co-")}, **management, **rows, "save": "1"}
    again.pop("submit")
    logged_in.post(reverse("submissions:edit", args=[initiative.pk]), again)
    assert [(c.full_name, c.contribution) for c in initiative.co_authors.all()] == [("Trần B", 10)]


def test_the_form_marks_what_a_submission_needs_even_after_a_draft_was_refused(logged_in, form_data):
    response = logged_in.post(reverse("submissions:create"), _only_title(form_data, title="", save="1"))
    html = response.content.decode()
    for name in ("summary", "problem", "solution", "benefits"):
        assert re.search(rf'<textarea[^>]*name="{name}"[^>]*required', html), name
    assert re.search(r'<select[^>]*name="field"[^>]*required', html)


def _behalf_draft(form_data, **behalf):
    data = _only_title(form_data, save="1")
    data.update({"behalf-unit": "P01-U001-G0001", "behalf-author_name": "Vũ Thị Hoa",
                 "behalf-category": "public_service", "behalf-account": "", **behalf})
    return data


def test_an_officer_saves_a_half_filled_draft_for_a_worker(client, school_officer, programme, form_data, tree):
    client.force_login(school_officer)
    client.post(reverse("submissions:create_on_behalf"), _behalf_draft(form_data))
    initiative = Initiative.objects.get()
    assert (initiative.status, initiative.unit, initiative.author_name) == ("draft", tree["school"], "Vũ Thị Hoa")


def test_an_on_behalf_draft_still_needs_whom_it_is_for(client, school_officer, programme, form_data):
    client.force_login(school_officer)
    response = client.post(reverse("submissions:create_on_behalf"), _behalf_draft(form_data, **{"behalf-unit": ""}))
    assert response.context["behalf"].errors["unit"]
    assert not Initiative.objects.exists()
