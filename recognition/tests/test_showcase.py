import unicodedata

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from recognition.showcase_models import ShowcaseEntry
from reviews.services import initiative_mark_exemplary
from submissions.models import Attachment, Initiative, PublicationConsentChange
from submissions.services import InitiativeError, initiative_set_publication_consent
from submissions.tests.factories import InitiativeFactory

from .conftest import approve

pytestmark = pytest.mark.django_db


def _list(client, **params):
    return client.get(reverse("recognition:showcase_list"), params)


def _api(client, **params):
    return client.get(reverse("recognition:showcase_api"), params).json()


def _sitemap(client):
    return client.get(reverse("recognition:showcase_sitemap")).content.decode()


# Consent, everywhere a showcased initiative appears.


def test_exemplary_initiative_with_consent_appears_on_list_page_search_sitemap_and_api(client, showcased):
    assert showcased.title in _list(client).content.decode()
    assert client.get(reverse("recognition:showcase_detail", args=[showcased.pk])).status_code == 200
    assert showcased.title in _list(client, q="cham bai").content.decode()
    assert f"/showcase/{showcased.pk}/" in _sitemap(client)
    assert [r["id"] for r in _api(client)["results"]] == [showcased.pk]
    assert client.get(reverse("recognition:showcase_api_detail", args=[showcased.pk])).status_code == 200


def test_exemplary_initiative_without_consent_appears_nowhere(client, exemplary):
    assert exemplary.title not in _list(client).content.decode()
    assert client.get(reverse("recognition:showcase_detail", args=[exemplary.pk])).status_code == 404
    assert exemplary.title not in _list(client, q="cham bai").content.decode()
    assert f"/showcase/{exemplary.pk}/" not in _sitemap(client)
    assert _api(client)["results"] == []
    assert client.get(reverse("recognition:showcase_api_detail", args=[exemplary.pk])).status_code == 404


def test_consent_withdrawn_by_the_author_takes_it_off_at_once(client, showcased, worker):
    initiative_set_publication_consent(initiative=showcased, by=worker, consent=False)
    assert client.get(reverse("recognition:showcase_detail", args=[showcased.pk])).status_code == 404
    assert _api(client)["results"] == []
    assert f"/showcase/{showcased.pk}/" not in _sitemap(client)


def test_mark_withdrawn_takes_it_off_the_showcase(client, showcased, province_staff):
    initiative_mark_exemplary(initiative=showcased, actor=province_staff, exemplary=False)
    assert not ShowcaseEntry.objects.exists()
    assert client.get(reverse("recognition:showcase_detail", args=[showcased.pk])).status_code == 404


def test_approved_initiative_with_consent_but_not_exemplary_is_not_shown(client, approved, worker):
    initiative_set_publication_consent(initiative=approved, by=worker, consent=True)
    assert not ShowcaseEntry.objects.exists()
    assert client.get(reverse("recognition:showcase_detail", args=[approved.pk])).status_code == 404


def test_consent_given_before_the_mark_shows_it_once_marked(client, approved, worker, province_staff):
    initiative_set_publication_consent(initiative=approved, by=worker, consent=True)
    initiative_mark_exemplary(initiative=approved, actor=province_staff, exemplary=True)
    assert ShowcaseEntry.objects.filter(pk=approved.pk).exists()


def test_imported_initiative_is_not_shown_until_consent_is_recorded(client, tree, programme):
    """An import (COPY or bulk insert) writes the column's database default: no consent."""
    initiative = InitiativeFactory.build(unit=tree["school"], submitter=None, entered_by=None, author_name="Lê Văn Tám")
    fields = {f.column: getattr(initiative, f.attname) for f in Initiative._meta.concrete_fields
              if f.column not in ("id", "publication_consent", "unit_path")}
    fields.update(status="approved", is_exemplary=True, first_submitted_at="2022-03-01T08:00:00+07:00",
                  created_at="2022-03-01T08:00:00+07:00", updated_at="2022-03-01T08:00:00+07:00")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO submissions_initiative ({', '.join(fields)}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
            " RETURNING id, publication_consent", list(fields.values()),
        )
        pk, consent = cursor.fetchone()
    assert consent is False
    assert client.get(reverse("recognition:showcase_detail", args=[pk])).status_code == 404


def test_officer_records_the_authors_consent_with_a_note(showcased, school_officer, worker):
    initiative_set_publication_consent(initiative=showcased, by=worker, consent=False)
    initiative_set_publication_consent(
        initiative=showcased, by=school_officer, consent=True, note="Tác giả đồng ý bằng văn bản ngày 02/06/2022."
    )
    change = PublicationConsentChange.objects.latest("id")
    assert (change.consent, change.changed_by, change.on_behalf) == (True, school_officer, True)
    assert ShowcaseEntry.objects.filter(pk=showcased.pk).exists()


def test_officer_recording_consent_without_a_note_is_refused(exemplary, school_officer):
    with pytest.raises(InitiativeError):
        initiative_set_publication_consent(initiative=exemplary, by=school_officer, consent=True, note="  ")
    assert not ShowcaseEntry.objects.exists()


def test_officer_of_another_province_may_not_record_consent(exemplary, thanh_hoa_officer):
    with pytest.raises(InitiativeError):
        initiative_set_publication_consent(initiative=exemplary, by=thanh_hoa_officer, consent=True, note="Đồng ý")


def test_stranger_may_not_change_consent(exemplary, other_worker):
    with pytest.raises(InitiativeError):
        initiative_set_publication_consent(initiative=exemplary, by=other_worker, consent=True)


def test_rebuild_command_agrees_with_the_triggers(showcased, exemplary):
    before = list(ShowcaseEntry.objects.values_list("initiative_id", "branch", "replications", "search_text"))
    ShowcaseEntry.objects.all().delete()
    call_command("rebuild_showcase", stdout=None)
    assert list(ShowcaseEntry.objects.values_list("initiative_id", "branch", "replications", "search_text")) == before


# The public page.


def test_page_shows_authors_names_only(client, showcased):
    showcased.author_workplace = "Tổ Toán, phòng 204"
    showcased.author_job_title = "Giáo viên chủ nhiệm"
    showcased.save()
    page = client.get(reverse("recognition:showcase_detail", args=[showcased.pk])).content.decode()
    assert "Nguyễn Thị Lan" in page and "Trần Thị Hoa" in page
    assert "Tổ Toán" not in page and "Giáo viên chủ nhiệm" not in page
    assert showcased.problem not in page


def _attach(initiative, name, *, public):
    return Attachment.objects.create(
        initiative=initiative, file=ContentFile(b"%PDF-1.4 test", name=name), original_name=name, extension="pdf",
        content_type="application/pdf", size=13, sha256="0" * 64, uploaded_by=initiative.submitter, is_public=public,
    )


def test_only_attachments_the_author_made_public_are_listed_and_served(client, showcased):
    public = _attach(showcased, "ban-ve.pdf", public=True)
    private = _attach(showcased, "bang-luong.pdf", public=False)
    page = client.get(reverse("recognition:showcase_detail", args=[showcased.pk])).content.decode()
    assert "ban-ve.pdf" in page and "bang-luong.pdf" not in page
    assert client.get(reverse("recognition:showcase_attachment", args=[showcased.pk, public.pk])).status_code == 200
    assert client.get(reverse("recognition:showcase_attachment", args=[showcased.pk, private.pk])).status_code == 404


def test_public_attachment_of_an_initiative_not_shown_is_not_served(client, exemplary):
    public = _attach(exemplary, "ban-ve.pdf", public=True)
    assert client.get(reverse("recognition:showcase_attachment", args=[exemplary.pk, public.pk])).status_code == 404


def test_public_pages_are_cacheable_by_a_proxy(client, showcased):
    for url in (reverse("recognition:showcase_list"), reverse("recognition:showcase_detail", args=[showcased.pk]),
                reverse("recognition:showcase_api"), reverse("recognition:showcase_sitemap")):
        response = client.get(url)
        assert "public" in response["Cache-Control"], url
        assert "max-age=" in response["Cache-Control"], url
        assert "Cookie" not in response.get("Vary", ""), url
        assert not response.cookies, url


def test_signed_in_visitor_still_gets_a_private_response(client, showcased, worker):
    client.force_login(worker)
    assert "private" in client.get(reverse("recognition:showcase_list"))["Cache-Control"]


# Search, filters, sorts.


@pytest.fixture
def three_showcased(showcased, worker, hospital_officer, upper_officer, province_staff, thanh_hoa_officer, tree):
    """The school's (Hà Nội, education) plus one of the hospital in Hà Nội (health) and one
    of the sugar company in Thanh Hóa (engineering)."""
    from accounts.tests.factories import UserFactory
    from submissions.models import Field
    from unions.tests.factories import AppointmentFactory

    nurse = UserFactory(unit=tree["hospital"], full_name="Đinh Thị Đào")
    hospital = approve(InitiativeFactory(submitter=nurse, title="Đặt lịch khám qua Zalo",
                                         field=Field.objects.get(code="health")),
                       author=nurse, school_officer=hospital_officer, upper_officer=upper_officer)
    operator = UserFactory(unit=tree["factory"], full_name="Hoàng Văn Đức")
    factory_verifier = UserFactory(unit=tree["factory"], full_name="Lý Thị Mai")
    AppointmentFactory(user=factory_verifier, unit=tree["factory"], role="officer")
    sugar = approve(InitiativeFactory(submitter=operator, title="Cải tiến máy ép mía"),
                    author=operator, school_officer=factory_verifier, upper_officer=thanh_hoa_officer)
    tld_staff = UserFactory(unit=None, full_name="Đỗ Thị Mai")
    AppointmentFactory(user=tld_staff, unit=tree["tld"], role="staff")
    for initiative, author in ((hospital, nurse), (sugar, operator)):
        initiative_mark_exemplary(initiative=initiative, actor=tld_staff, exemplary=True)
        initiative_set_publication_consent(initiative=initiative, by=author, consent=True)
    return {"school": showcased, "hospital": hospital, "sugar": sugar}


def _ids(client, **params):
    return [r["id"] for r in _api(client, **params)["results"]]


@pytest.mark.parametrize("typed", ["ĐẶT LỊCH", "dat lich", unicodedata.normalize("NFD", "đặt lịch khám")])
def test_search_ignores_accents_case_and_decomposed_text(client, three_showcased, typed):
    assert _ids(client, q=typed) == [three_showcased["hospital"].pk]


def test_search_finds_authors_by_name_without_accents(client, three_showcased):
    assert _ids(client, q="hoang van duc") == [three_showcased["sugar"].pk]


def test_filter_by_field(client, three_showcased):
    assert _ids(client, field="health") == [three_showcased["hospital"].pk]


def test_filter_by_province(client, three_showcased):
    assert _ids(client, province="P38") == [three_showcased["sugar"].pk]
    assert set(_ids(client, province="P01")) == {three_showcased["school"].pk, three_showcased["hospital"].pk}


def test_filter_by_phase(client, three_showcased, programme):
    phase_1 = programme.phases.get(code="phase-1")
    Initiative.objects.filter(pk=three_showcased["sugar"].pk).update(phase=phase_1)
    assert _ids(client, phase="phase-1") == [three_showcased["sugar"].pk]
    assert _ids(client, phase="phase-unknown") == []


def test_newest_first_by_default(client, three_showcased):
    ordered = sorted(three_showcased.values(), key=lambda i: (i.first_submitted_at, i.pk), reverse=True)
    assert _ids(client) == [i.pk for i in ordered]


def test_most_replicated_first_when_asked(client, three_showcased, factory_officer, hospital_officer):
    import datetime as dt

    from recognition.replication import replication_record

    school = three_showcased["school"]
    for officer in (factory_officer, hospital_officer):
        replication_record(initiative=school, unit=officer.unit, applied_on=dt.date(2022, 9, 1),
                           result="Giảm một nửa thời gian chấm bài.", by=officer)
    assert _ids(client, sort="replicated")[0] == school.pk
    assert _api(client, sort="replicated")["results"][0]["replications"] == 2


def test_list_not_cached_yet_reads_the_versions_its_rows_and_their_initiatives(
        client, three_showcased, django_assert_num_queries):
    _list(client)
    # One page holds every match: no count.
    with django_assert_num_queries(3):
        response = _list(client, q="cai tien", field="engineering", province="P38", sort="replicated")
    assert response.status_code == 200


def test_a_page_number_past_the_bound_shows_the_last_allowed_page(client, showcased):
    from recognition.showcase import MAX_PAGES

    assert _api(client, page=10**9)["page"] == MAX_PAGES


def test_sitemap_lists_every_showcased_page_with_an_index_past_its_limit(client, three_showcased, monkeypatch):
    from recognition import showcase_views

    monkeypatch.setattr(showcase_views, "SITEMAP_LIMIT", 2)
    index = _sitemap(client)
    assert "<sitemapindex" in index and "/showcase/sitemap-2.xml" in index
    second = client.get(reverse("recognition:showcase_sitemap_section", args=[2])).content.decode()
    assert second.count("<url>") == 1
