"""The public showcase's pages kept in the cache under the showcase's version, which the
database raises at the commit of any change to the showcase: a page never outlives the
change it no longer shows."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse

from recognition import showcase
from recognition.replication import replication_record
from recognition.showcase import showcase_version, showcase_versions
from reviews.services import initiative_mark_exemplary
from submissions.models import Initiative
from submissions.services import initiative_set_publication_consent
from submissions.tests.factories import InitiativeFactory

from .conftest import approve

pytestmark = pytest.mark.django_db


def _list(client, **params):
    return client.get(reverse("recognition:showcase_list"), params)


def _api_ids(client, **params):
    return [r["id"] for r in client.get(reverse("recognition:showcase_api"), params).json()["results"]]


def test_list_page_asked_again_reads_only_the_showcase_version(client, showcased, django_assert_num_queries):
    first = _list(client, q="cham bai")
    with django_assert_num_queries(1):
        again = _list(client, q="cham bai")
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_api_list_asked_again_reads_only_the_showcase_version(client, showcased, django_assert_num_queries):
    _api_ids(client, sort="replicated")
    with django_assert_num_queries(1):
        assert _api_ids(client, sort="replicated") == [showcased.pk]


def test_addresses_that_mean_the_same_list_share_one_cached_page(client, showcased, django_assert_num_queries):
    _list(client, sort="newest", page="1")
    with django_assert_num_queries(1):
        assert _list(client).status_code == 200


def test_cached_page_stays_public_for_a_proxy(client, showcased):
    _list(client)
    response = _list(client)
    assert "public" in response["Cache-Control"] and "max-age=" in response["Cache-Control"]
    assert not response.cookies


def test_api_links_of_a_cached_page_name_the_host_asked(client, showcased, settings):
    settings.ALLOWED_HOSTS = ["portal.example", "sangkien.example"]
    settings.PORTAL_URL = ""
    url = reverse("recognition:showcase_api")
    client.get(url, HTTP_HOST="portal.example")
    result = client.get(url, HTTP_HOST="sangkien.example").json()["results"][0]
    assert result["url"].startswith("http://sangkien.example/")


def test_consent_withdrawn_leaves_the_cached_list_at_once(client, showcased, worker):
    assert _api_ids(client) == [showcased.pk]
    initiative_set_publication_consent(initiative=showcased, by=worker, consent=False)
    assert _api_ids(client) == []
    assert showcased.title not in _list(client).content.decode()


def test_new_replication_shows_on_the_cached_list_at_once(client, showcased, factory_officer):
    assert "Chưa có đơn vị nào ghi nhận áp dụng" in _list(client).content.decode()
    replication_record(initiative=showcased, unit=factory_officer.unit, applied_on=dt.date(2022, 9, 1),
                       result="Giảm một nửa thời gian chấm bài.", by=factory_officer)
    assert "1 đơn vị đã áp dụng" in _list(client).content.decode()


def test_title_edited_shows_on_the_cached_list_at_once(client, showcased):
    _list(client)
    showcased.title = "Chấm bài trắc nghiệm bằng điện thoại"
    showcased.save()
    assert "Chấm bài trắc nghiệm bằng điện thoại" in _list(client).content.decode()


def test_version_is_raised_by_rebuild_even_when_nothing_changes(showcased):
    before = showcase_version()
    call_command("rebuild_showcase", stdout=None)
    assert showcase_version() > before


# The version at the commit, as production raises it (these tests commit).


@pytest.mark.django_db(transaction=True)
def test_committed_consent_withdrawal_leaves_the_cached_list(reference_data, client, showcased, worker):
    assert _api_ids(client) == [showcased.pk]
    initiative_set_publication_consent(initiative=showcased, by=worker, consent=False)
    assert _api_ids(client) == []


@pytest.mark.django_db(transaction=True)
def test_version_is_raised_at_the_commit_of_a_transaction(reference_data, showcased, province_staff):
    before = showcase_version()
    with transaction.atomic():
        initiative_mark_exemplary(initiative=showcased, actor=province_staff, exemplary=False)
        initiative_mark_exemplary(initiative=showcased, actor=province_staff, exemplary=True)
        assert showcase_version() == before  # not before the commit
    assert showcase_version() > before


@pytest.mark.django_db(transaction=True)
def test_version_is_not_raised_by_a_change_rolled_back(reference_data, showcased, province_staff):
    before = showcase_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        initiative_mark_exemplary(initiative=showcased, actor=province_staff, exemplary=False)
        raise RuntimeError
    assert showcase_version() == before


@pytest.mark.django_db(transaction=True)
def test_version_is_not_raised_by_a_change_that_leaves_the_showcase_alone(reference_data, showcased):
    before = showcase_version()
    Initiative.objects.filter(pk=showcased.pk).update(problem="Chấm tay mất hai ngày.")  # not copied to it
    assert showcase_version() == before


@pytest.mark.django_db(transaction=True)
def test_version_starts_over_when_its_row_is_gone(reference_data, showcased, province_staff):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM recognition_showcaseversion")
    assert showcase_version() == 0
    initiative_mark_exemplary(initiative=showcased, actor=province_staff, exemplary=False)
    assert showcase_version() > 0


# The counts, cached under the members' version: counted again only when entries come or go
# or what the list matches on changes.


@pytest.fixture
def three_in_one_page_each(showcased, worker, school_officer, upper_officer, province_staff, monkeypatch):
    """Three showcased initiatives of the school, one a page: the first page is full, so its
    count is read (a page holding every match needs none)."""
    others = []
    for title in ("Sổ điểm điện tử cho giáo viên chủ nhiệm", "Phòng thí nghiệm ảo môn Hóa học"):
        initiative = approve(InitiativeFactory(submitter=worker, title=title), author=worker,
                             school_officer=school_officer, upper_officer=upper_officer)
        initiative_mark_exemplary(initiative=initiative, actor=province_staff, exemplary=True)
        initiative_set_publication_consent(initiative=initiative, by=worker, consent=True)
        others.append(initiative)
    monkeypatch.setattr(showcase, "PAGE_SIZE", 1)
    return [showcased, *others]


def _count(client, **params):
    return client.get(reverse("recognition:showcase_api"), params).json()["count"]


def test_count_is_not_read_again_after_a_change_that_moves_no_entry(
        client, three_in_one_page_each, factory_officer, django_assert_num_queries):
    assert _count(client) == 3
    replication_record(initiative=three_in_one_page_each[0], unit=factory_officer.unit,
                       applied_on=dt.date(2022, 9, 1), result="Giảm một nửa thời gian chấm bài.", by=factory_officer)
    # The versions, the page's rows, their initiatives: the page again, the count from the cache.
    with django_assert_num_queries(3):
        assert _count(client) == 3


def test_consent_withdrawn_is_counted_again_at_once(client, three_in_one_page_each, worker):
    assert _count(client) == 3
    initiative_set_publication_consent(initiative=three_in_one_page_each[2], by=worker, consent=False)
    assert _count(client) == 2


def test_author_renamed_is_counted_again_in_a_search_at_once(client, three_in_one_page_each):
    assert _count(client, q="nguyen thi lan") == 3
    first = three_in_one_page_each[0]
    first.author_name = "Đặng Văn Hùng"
    first.save()
    assert _count(client, q="nguyen thi lan") == 2


def test_searches_written_differently_share_one_count(client, three_in_one_page_each, django_assert_num_queries):
    assert _count(client, q="Nguyễn Thị") == 3
    with django_assert_num_queries(3):  # another page (sorted otherwise), the same count
        assert _count(client, q="nguyen  THI", sort="replicated") == 3


@pytest.mark.django_db(transaction=True)
def test_members_version_is_not_raised_by_a_replication(reference_data, showcased, factory_officer):
    before = showcase_versions()
    replication_record(initiative=showcased, unit=factory_officer.unit, applied_on=dt.date(2022, 9, 1),
                       result="Giảm một nửa thời gian chấm bài.", by=factory_officer)
    after = showcase_versions()
    assert after.pages > before.pages
    assert after.members == before.members


@pytest.mark.django_db(transaction=True)
def test_members_version_is_raised_at_the_commit_of_a_consent_withdrawn(reference_data, showcased, worker):
    before = showcase_versions().members
    with transaction.atomic():
        initiative_set_publication_consent(initiative=showcased, by=worker, consent=False)
        assert showcase_versions().members == before  # not before the commit
    assert showcase_versions().members > before


def test_members_version_is_raised_by_rebuild_even_when_nothing_changes(showcased):
    before = showcase_versions().members
    call_command("rebuild_showcase", stdout=None)
    assert showcase_versions().members > before
