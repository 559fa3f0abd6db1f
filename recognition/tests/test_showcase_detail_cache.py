"""An initiative's public page (and its JSON) kept in the cache under its showcase entry's
stamp, which the database raises with every change of what the page shows: co-authors, public
files, the initiative's columns, replications. A withdrawn consent or mark deletes the entry,
so the page is gone with the change, cached or not."""

import datetime as dt
import unicodedata
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from recognition import showcase_views
from recognition.replication import replication_record
from recognition.showcase import showcase_entry_stamp, showcase_version
from recognition.showcase_models import Replication
from reviews.services import initiative_mark_exemplary
from submissions.models import Attachment, CoAuthor, Initiative
from submissions.services import attachment_set_public, initiative_set_publication_consent
from submissions.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _page(client, initiative):
    return client.get(reverse("recognition:showcase_detail", args=[initiative.pk]))


def _text(client, initiative) -> str:
    response = _page(client, initiative)
    assert response.status_code == 200
    return response.content.decode()


def _api(client, initiative):
    return client.get(reverse("recognition:showcase_api_detail", args=[initiative.pk]))


def _attach(initiative, name, *, public):
    return Attachment.objects.create(
        initiative=initiative, file=ContentFile(b"%PDF-1.4 test", name=name), original_name=name, extension="pdf",
        content_type="application/pdf", size=13, sha256="0" * 64, uploaded_by=initiative.submitter, is_public=public,
    )


# A page asked again.


def test_page_asked_again_reads_only_its_stamp(client, showcased, django_assert_num_queries):
    assert showcased.pk > 1_000_000
    first = _page(client, showcased)
    with django_assert_num_queries(1):
        again = _page(client, showcased)
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_api_detail_asked_again_reads_only_its_stamp(client, showcased, django_assert_num_queries):
    first = _api(client, showcased).json()
    with django_assert_num_queries(1):
        assert _api(client, showcased).json() == first
    assert first["id"] == showcased.pk


def test_cached_page_stays_public_for_a_proxy(client, showcased):
    _page(client, showcased)
    response = _page(client, showcased)
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert response["Content-Language"] == "vi"
    assert "Cookie" not in response.get("Vary", "")
    assert not response.cookies


def test_share_link_of_a_cached_page_names_the_host_asked(client, showcased, settings):
    settings.ALLOWED_HOSTS = ["portal.example", "sangkien.example"]
    settings.PORTAL_URL = ""
    url = reverse("recognition:showcase_detail", args=[showcased.pk])
    client.get(url, HTTP_HOST="portal.example")
    page = client.get(url, HTTP_HOST="sangkien.example").content.decode()
    assert f"http://sangkien.example/showcase/{showcased.pk}/" in page
    assert "portal.example" not in page


def test_page_cached_in_one_language_is_not_served_in_another(rf: RequestFactory):
    request = rf.get("/showcase/1000001/")
    served = []
    for language in ("en", "vi"):
        with translation.override(language):
            served.append(showcase_views._showcase_cached(
                request, "detail", {"id": "1000001"}, lambda: HttpResponse(translation.get_language()), version=7,
            ).content)
    assert served == [b"en", b"vi"]


def test_change_to_another_initiative_leaves_this_page_cached(client, showcased, worker, django_assert_num_queries):
    other = InitiativeFactory(submitter=worker, title="Sổ theo dõi điện tử")
    _page(client, showcased)
    CoAuthor.objects.create(initiative=other, full_name="Đặng Văn Đức", contribution=Decimal("20"))
    with django_assert_num_queries(1):
        assert _page(client, showcased).status_code == 200


# Every source of the page: the cached copy is never served once it changed.


def test_co_author_added_shows_on_the_cached_page_at_once(client, showcased):
    assert "Đặng Văn Đức" not in _text(client, showcased)
    CoAuthor.objects.create(initiative=showcased, full_name="Đặng Văn Đức", contribution=Decimal("10"))
    assert "Đặng Văn Đức" in _text(client, showcased)


def test_co_author_renamed_shows_on_the_cached_page_at_once(client, showcased):
    assert "Trần Thị Hoa" in _text(client, showcased)
    CoAuthor.objects.filter(initiative=showcased).update(full_name="Trần Thị Hoà")
    page = _text(client, showcased)
    assert "Trần Thị Hoà" in page and "Trần Thị Hoa" not in page


def test_co_author_removed_leaves_the_cached_page_at_once(client, showcased):
    assert "Trần Thị Hoa" in _text(client, showcased)
    CoAuthor.objects.filter(initiative=showcased).delete()
    assert "Trần Thị Hoa" not in _text(client, showcased)


def test_co_author_added_in_decomposed_text_shows_on_the_cached_page(client, showcased):
    _text(client, showcased)
    name = unicodedata.normalize("NFD", "Đoàn Thị Thủy")
    CoAuthor.objects.create(initiative=showcased, full_name=name, contribution=Decimal("5"))
    assert name in _text(client, showcased)


def test_file_made_public_shows_on_the_cached_page_at_once(client, showcased):
    drawing = _attach(showcased, "ban-ve.pdf", public=False)
    assert "ban-ve.pdf" not in _text(client, showcased)
    attachment_set_public(attachment=drawing, by=showcased.submitter, public=True)
    assert "ban-ve.pdf" in _text(client, showcased)


def test_file_made_private_leaves_the_cached_page_at_once(client, showcased):
    drawing = _attach(showcased, "ban-ve.pdf", public=True)
    assert "ban-ve.pdf" in _text(client, showcased)
    attachment_set_public(attachment=drawing, by=showcased.submitter, public=False)
    assert "ban-ve.pdf" not in _text(client, showcased)
    api = _api(client, showcased).json()
    assert api["attachments"] == []


def test_public_file_removed_leaves_the_cached_page_at_once(client, showcased):
    drawing = _attach(showcased, "ban-ve.pdf", public=True)
    assert "ban-ve.pdf" in _text(client, showcased)
    Attachment.objects.filter(pk=drawing.pk).delete()
    assert "ban-ve.pdf" not in _text(client, showcased)


def test_private_file_added_leaves_the_stamp_alone(showcased):
    before = showcase_entry_stamp(showcased.pk)
    _attach(showcased, "bang-luong.pdf", public=False)
    assert showcase_entry_stamp(showcased.pk) == before


def test_title_edited_without_the_model_shows_on_the_cached_page_at_once(client, showcased):
    _text(client, showcased)
    # A queryset update leaves the search text as it was: only the page's own trigger follows it.
    Initiative.objects.filter(pk=showcased.pk).update(title="Chấm bài trắc nghiệm bằng điện thoại")
    assert "Chấm bài trắc nghiệm bằng điện thoại" in _text(client, showcased)


def test_benefit_edited_shows_on_the_cached_page_and_api_at_once(client, showcased):
    _text(client, showcased)
    _api(client, showcased)
    Initiative.objects.filter(pk=showcased.pk).update(benefit_vnd=1_234_567_890)
    assert "1.234.567.890 đồng" in _text(client, showcased)
    assert _api(client, showcased).json()["benefit_vnd"] == 1_234_567_890


def test_change_of_a_column_the_page_does_not_show_leaves_the_stamp_alone(showcased):
    before = showcase_entry_stamp(showcased.pk)
    Initiative.objects.filter(pk=showcased.pk).update(problem="Chấm tay mất hai ngày.", title=showcased.title)
    assert showcase_entry_stamp(showcased.pk) == before


def test_unit_renamed_shows_on_the_cached_page_at_once(client, showcased):
    _text(client, showcased)
    unit = showcased.unit
    unit.name = "Công đoàn Trường THPT Đống Đa"
    unit.save()
    assert "Công đoàn Trường THPT Đống Đa" in _text(client, showcased)


def test_replication_recorded_shows_on_the_cached_page_at_once(client, showcased, factory_officer):
    assert "Chưa có đơn vị nào ghi nhận áp dụng" in _text(client, showcased)
    replication_record(initiative=showcased, unit=factory_officer.unit, applied_on=dt.date(2022, 9, 1),
                       result="Giảm một nửa thời gian chấm bài.", by=factory_officer)
    assert "Giảm một nửa thời gian chấm bài." in _text(client, showcased)


def test_replication_result_edited_shows_on_the_cached_page_at_once(client, showcased, factory_officer):
    replication_record(initiative=showcased, unit=factory_officer.unit, applied_on=dt.date(2022, 9, 1),
                       result="Giảm một nửa thời gian chấm bài.", by=factory_officer)
    _text(client, showcased)
    Replication.objects.filter(initiative=showcased).update(result="Giảm ba phần tư thời gian chấm bài.")
    assert "Giảm ba phần tư thời gian chấm bài." in _text(client, showcased)


# Off the showcase: never served, cached or not.


def test_consent_withdrawn_takes_the_cached_page_and_api_off_at_once(client, showcased, worker):
    _page(client, showcased)
    _api(client, showcased)
    initiative_set_publication_consent(initiative=showcased, by=worker, consent=False)
    response = _page(client, showcased)
    assert response.status_code == 404
    assert showcased.title not in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    assert _api(client, showcased).status_code == 404


def test_mark_withdrawn_takes_the_cached_page_off_at_once(client, showcased, province_staff):
    _page(client, showcased)
    initiative_mark_exemplary(initiative=showcased, actor=province_staff, exemplary=False)
    assert _page(client, showcased).status_code == 404


def test_page_shown_again_is_not_the_one_cached_before(client, showcased, worker):
    _text(client, showcased)
    initiative_set_publication_consent(initiative=showcased, by=worker, consent=False)
    # Off the showcase, its edits touch no entry; the stamp it gets back is still a new one.
    Initiative.objects.filter(pk=showcased.pk).update(title="Chấm bài trắc nghiệm bằng điện thoại")
    initiative_set_publication_consent(initiative=showcased, by=worker, consent=True)
    assert "Chấm bài trắc nghiệm bằng điện thoại" in _text(client, showcased)


# At the commit, as production sees it (these tests commit).


@pytest.mark.django_db(transaction=True)
def test_committed_consent_withdrawal_takes_the_cached_page_off(reference_data, client, showcased, worker):
    assert _page(client, showcased).status_code == 200
    initiative_set_publication_consent(initiative=showcased, by=worker, consent=False)
    assert _page(client, showcased).status_code == 404
    assert _api(client, showcased).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_committed_co_author_change_shows_and_raises_the_showcase_version(reference_data, client, showcased):
    _text(client, showcased)
    version = showcase_version()
    with transaction.atomic():
        CoAuthor.objects.filter(initiative=showcased).update(full_name="Trần Thị Hoà")
        CoAuthor.objects.create(initiative=showcased, full_name="Đặng Văn Đức", contribution=Decimal("10"))
    page = _text(client, showcased)
    assert "Trần Thị Hoà" in page and "Đặng Văn Đức" in page
    assert showcase_version() > version


@pytest.mark.django_db(transaction=True)
def test_stamp_is_not_raised_by_a_change_rolled_back(reference_data, showcased):
    before = showcase_entry_stamp(showcased.pk)
    with pytest.raises(RuntimeError), transaction.atomic():
        CoAuthor.objects.filter(initiative=showcased).delete()
        raise RuntimeError
    assert showcase_entry_stamp(showcased.pk) == before
