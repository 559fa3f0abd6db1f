"""The consent on the intake form and the initiative's page, and the attachments' public flag."""

import pytest
from django.urls import reverse

from submissions.models import Attachment, Initiative, PublicationConsentChange

pytestmark = pytest.mark.django_db


def test_new_initiative_form_asks_for_consent_unticked(client, worker):
    client.force_login(worker)
    page = client.get(reverse("submissions:create")).content.decode()
    assert 'name="publication_consent"' in page
    assert 'name="publication_consent" class="checkboxinput form-check-input" id="id_publication_consent" checked' \
        not in page


def test_author_changes_consent_on_the_initiative_page(client, approved, worker):
    client.force_login(worker)
    client.post(reverse("submissions:publication_consent", args=[approved.pk]), {"consent": "1"})
    assert Initiative.objects.get(pk=approved.pk).publication_consent
    change = PublicationConsentChange.objects.get()
    assert (change.changed_by, change.on_behalf) == (worker, False)


def test_officer_records_consent_from_the_page_with_a_note(client, approved, school_officer):
    client.force_login(school_officer)
    client.post(reverse("submissions:publication_consent", args=[approved.pk]),
                {"consent": "1", "note": "Tác giả ký phiếu đồng ý ngày 02/06/2022."})
    assert PublicationConsentChange.objects.get().note == "Tác giả ký phiếu đồng ý ngày 02/06/2022."


def test_officer_without_a_note_is_told_why_nothing_changed(client, approved, school_officer):
    client.force_login(school_officer)
    response = client.post(reverse("submissions:publication_consent", args=[approved.pk]), {"consent": "1"},
                           follow=True)
    assert "Hãy ghi rõ tác giả đã đồng ý" in response.content.decode()
    assert not Initiative.objects.get(pk=approved.pk).publication_consent


def test_stranger_gets_not_found(client, approved, other_worker):
    client.force_login(other_worker)
    response = client.post(reverse("submissions:publication_consent", args=[approved.pk]), {"consent": "1"})
    assert response.status_code == 404


def test_author_marks_an_attachment_public(client, approved, worker):
    from django.core.files.base import ContentFile

    attachment = Attachment.objects.create(
        initiative=approved, file=ContentFile(b"%PDF-1.4", name="a.pdf"), original_name="a.pdf", extension="pdf",
        content_type="application/pdf", size=8, sha256="0" * 64, uploaded_by=worker,
    )
    assert not attachment.is_public
    client.force_login(worker)
    client.post(reverse("submissions:attachment_visibility", args=[attachment.pk]), {"public": "1"})
    assert Attachment.objects.get(pk=attachment.pk).is_public


def test_officer_may_not_make_an_authors_attachment_public(client, approved, worker, school_officer):
    from django.core.files.base import ContentFile

    attachment = Attachment.objects.create(
        initiative=approved, file=ContentFile(b"%PDF-1.4", name="a.pdf"), original_name="a.pdf", extension="pdf",
        content_type="application/pdf", size=8, sha256="0" * 64, uploaded_by=worker,
    )
    client.force_login(school_officer)
    client.post(reverse("submissions:attachment_visibility", args=[attachment.pk]), {"public": "1"})
    assert not Attachment.objects.get(pk=attachment.pk).is_public


def test_initiative_page_shows_the_consent_and_its_history(client, showcased, worker):
    client.force_login(worker)
    page = client.get(reverse("submissions:detail", args=[showcased.pk])).content.decode()
    assert "Tác giả đồng ý công bố sáng kiến" in page
    assert reverse("recognition:showcase_detail", args=[showcased.pk]) in page
    assert reverse("recognition:certificate", args=[showcased.pk, "exemplary"]) in page


def test_consent_ticked_on_the_form_is_kept_and_recorded(client, worker, programme, form_data):
    client.force_login(worker)
    client.post(reverse("submissions:create"), form_data(publication_consent="on"))
    initiative = Initiative.objects.get(submitter=worker)
    assert initiative.publication_consent
    assert PublicationConsentChange.objects.get(initiative=initiative).changed_by == worker


def test_consent_left_unticked_means_no(client, worker, programme, form_data):
    client.force_login(worker)
    client.post(reverse("submissions:create"), form_data())
    initiative = Initiative.objects.get(submitter=worker)
    assert not initiative.publication_consent
    assert not PublicationConsentChange.objects.exists()


def test_officer_records_consent_from_the_review_page(client, approved, school_officer):
    client.force_login(school_officer)
    page = client.get(reverse("reviews:detail", args=[approved.pk])).content.decode()
    assert 'name="consent"' in page and 'name="note"' in page
