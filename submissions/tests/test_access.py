"""Who may see, change and download what: a worker only their own, an officer only their subtree."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions import services
from submissions.attachments import PDF
from submissions.models import Initiative
from submissions.tests.factories import InitiativeFactory
from submissions.workflow import workflow

from .conftest import PDF_BYTES


@pytest.fixture
def draft(worker, programme):
    initiative = InitiativeFactory(submitter=worker)
    services._store_files(initiative, [SimpleUploadedFile("ho-so.pdf", PDF_BYTES)], [PDF], worker)
    return initiative


@pytest.fixture
def submitted(draft, worker):
    workflow().submit(initiative=draft, actor=worker)
    return draft


def _urls(initiative):
    attachment = initiative.attachments.get()
    return [
        reverse("submissions:detail", args=[initiative.pk]),
        reverse("submissions:edit", args=[initiative.pk]),
        reverse("submissions:attachment", args=[attachment.pk]),
    ]


def test_owner_can_open_draft_edit_and_download(client, worker, draft):
    client.force_login(worker)
    for url in _urls(draft):
        assert client.get(url).status_code == 200, url


def test_attachment_download_is_an_attachment_with_original_name(client, worker, draft):
    client.force_login(worker)
    response = client.get(reverse("submissions:attachment", args=[draft.attachments.get().pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_other_worker_gets_404_for_draft_and_its_attachment(client, other_worker, draft):
    client.force_login(other_worker)
    for url in _urls(draft):
        assert client.get(url).status_code == 404, url


def test_other_worker_cannot_see_submitted_initiative_or_attachment(client, other_worker, submitted):
    client.force_login(other_worker)
    assert client.get(reverse("submissions:detail", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("submissions:attachment", args=[submitted.attachments.get().pk])).status_code == 404


def test_other_worker_cannot_submit_or_withdraw(client, other_worker, draft, worker):
    client.force_login(other_worker)
    assert client.post(reverse("submissions:submit", args=[draft.pk])).status_code == 404
    workflow().submit(initiative=draft, actor=worker)
    assert client.post(reverse("submissions:withdraw", args=[draft.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_anonymous_is_sent_to_login(client, draft):
    response = client.get(reverse("submissions:attachment", args=[draft.attachments.get().pk]))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_my_initiatives_lists_only_own(client, worker, other_worker, draft):
    InitiativeFactory(submitter=other_worker, title="Của người khác")
    client.force_login(worker)
    page = client.get(reverse("submissions:mine")).context["page"]
    assert [i.pk for i in page.object_list] == [draft.pk]


def test_officer_of_unit_does_not_see_drafts(client, school_officer, draft):
    client.force_login(school_officer)
    assert client.get(reverse("submissions:detail", args=[draft.pk])).status_code == 404


def test_officer_of_unit_sees_submitted_and_downloads(client, school_officer, submitted):
    client.force_login(school_officer)
    assert client.get(reverse("submissions:detail", args=[submitted.pk])).status_code == 200
    assert client.get(reverse("submissions:attachment", args=[submitted.attachments.get().pk])).status_code == 200


def test_officer_cannot_edit_workers_initiative(client, school_officer, submitted):
    client.force_login(school_officer)
    assert client.get(reverse("submissions:edit", args=[submitted.pk])).status_code == 404


def test_officer_of_other_province_gets_404(client, thanh_hoa_officer, submitted):
    client.force_login(thanh_hoa_officer)
    assert client.get(reverse("submissions:detail", args=[submitted.pk])).status_code == 404
    assert client.get(reverse("submissions:attachment", args=[submitted.attachments.get().pk])).status_code == 404


def test_revoked_appointment_loses_access_on_next_request(client, school_officer, submitted):
    from django.utils import timezone

    client.force_login(school_officer)
    school_officer.appointments.update(revoked_at=timezone.now())
    assert client.get(reverse("submissions:detail", args=[submitted.pk])).status_code == 404


def test_worker_cannot_open_on_behalf_form(client, worker):
    client.force_login(worker)
    assert client.get(reverse("submissions:create_on_behalf")).status_code == 403


def _behalf(form_data, unit, **extra):
    data = form_data(**{"behalf-unit": unit.code, "behalf-author_name": "Vũ Thị Hoa",
                        "behalf-category": "public_service", "behalf-account": "", "submit": "1"})
    data.update(extra)
    return data


def test_officer_enters_initiative_for_worker_of_own_unit(client, school_officer, form_data, tree, programme):
    client.force_login(school_officer)
    response = client.post(reverse("submissions:create_on_behalf"), _behalf(form_data, tree["school"]))
    assert response.status_code == 302
    initiative = Initiative.objects.get()
    assert (initiative.entered_by, initiative.submitter, initiative.unit) == (school_officer, None, tree["school"])
    assert (initiative.author_name, initiative.category, initiative.status) == ("Vũ Thị Hoa", "public_service",
                                                                               "submitted")
    assert initiative.decisions.get().actor == school_officer


def test_officer_on_behalf_links_existing_worker_account(client, school_officer, worker, form_data, tree, programme):
    client.force_login(school_officer)
    client.post(
        reverse("submissions:create_on_behalf"), _behalf(form_data, tree["school"], **{"behalf-account": "0912345678"})
    )
    initiative = Initiative.objects.get()
    assert initiative.submitter == worker
    client.force_login(worker)
    assert client.get(reverse("submissions:detail", args=[initiative.pk])).status_code == 200


def test_officer_cannot_enter_for_unit_outside_scope(client, school_officer, form_data, tree, programme):
    client.force_login(school_officer)
    response = client.post(reverse("submissions:create_on_behalf"), _behalf(form_data, tree["factory"]))
    assert response.status_code == 200
    assert response.context["behalf"].errors["unit"]
    assert not Initiative.objects.exists()


def test_upper_officer_enters_for_any_grassroots_of_subtree(client, form_data, tree, programme):
    from accounts.tests.factories import UserFactory
    from unions.tests.factories import AppointmentFactory

    upper = UserFactory(unit=None)
    AppointmentFactory(user=upper, unit=tree["ha_noi"], role="officer")
    client.force_login(upper)
    client.post(reverse("submissions:create_on_behalf"), _behalf(form_data, tree["hospital"]))
    assert Initiative.objects.get().unit == tree["hospital"]


def test_unit_search_offers_only_units_in_scope(client, school_officer, tree):
    client.force_login(school_officer)
    response = client.get(reverse("unions:search"), {"q": "cong doan"})
    assert list(response.context["results"]) == [tree["school"]]
