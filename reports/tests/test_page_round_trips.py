"""A unit's dashboard served from the cache makes two round trips to the cache and five to
the database; the state it starts from and the unit with its trail are one query each."""

import datetime as dt

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.urls import reverse

from campaign.models import Programme
from campaign.selectors import current_programme
from reports.models import AggregateSet
from reports.selectors import current_set, figures_state
from reports.services import aggregates_recompute
from unions.selectors import ancestors_of, unit_and_ancestors

pytestmark = pytest.mark.django_db


class CountingCache(LocMemCache):
    """The test cache, counting the reads that go to it (one round trip each on Redis)."""

    reads = 0
    _in_many = False

    def get(self, *args, **kwargs):
        if not CountingCache._in_many:  # LocMemCache's get_many reads key by key
            CountingCache.reads += 1
        return super().get(*args, **kwargs)

    def get_many(self, *args, **kwargs):
        CountingCache.reads += 1
        CountingCache._in_many = True
        try:
            return super().get_many(*args, **kwargs)
        finally:
            CountingCache._in_many = False


@pytest.fixture
def counting_cache(settings):
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.CountingCache", "LOCATION": "round-trips"}}
    CountingCache.reads = 0
    return CountingCache


def test_a_cached_dashboard_reads_the_cache_twice(client, federation_staff, tree, programme, counting_cache,
                                                  django_assert_num_queries):
    aggregates_recompute()
    client.force_login(federation_staff)
    url = reverse("reports:dashboard", args=[tree["school"].code])
    assert client.get(url, {"as_of": "2022-05-31"}).status_code == 200
    counting_cache.reads = 0
    # The session, the user, the unit with its trail, the appointments, the set with the programme.
    with django_assert_num_queries(5):
        assert client.get(url, {"as_of": "2022-05-31"}).status_code == 200
    # Everything the page and its frame read first (the reference version, the figures, the
    # reports sent, the awards, the unread count) in one read, then the rendered figures.
    assert counting_cache.reads == 2


def test_the_api_reads_the_cache_twice(client, federation_staff, tree, programme, counting_cache):
    aggregates_recompute()
    client.force_login(federation_staff)
    url = reverse("reports:api_progress")
    assert client.get(url, {"unit": "P01"}).status_code == 200
    counting_cache.reads = 0
    assert client.get(url, {"unit": "P01"}).status_code == 200
    assert counting_cache.reads == 2


def test_the_state_is_none_and_none_before_anything_exists(db):
    assert figures_state() == (None, None)


def test_the_state_names_the_programme_before_any_recompute(programme):
    assert figures_state() == (None, programme)


def test_the_state_is_the_current_set_and_the_latest_programme(programme):
    later = Programme.objects.create(name="Giai đoạn mở rộng", starts_on=dt.date(2024, 1, 1),
                                     ends_on=dt.date(9999, 12, 31), target=2_000_000)
    aggregates_recompute()
    agg, found = figures_state()
    assert (agg, found) == (current_set(), current_programme()) == (AggregateSet.objects.get(is_current=True), later)
    assert (found.name, found.starts_on, found.ends_on, found.target) == (
        "Giai đoạn mở rộng", dt.date(2024, 1, 1), dt.date(9999, 12, 31), 2_000_000)
    assert agg.computed_at is not None


def test_the_state_breaks_a_tie_of_start_days_as_current_programme_does(programme):
    twin = Programme.objects.create(name="Trùng ngày bắt đầu", starts_on=programme.starts_on,
                                    ends_on=programme.ends_on, target=1)
    assert figures_state()[1] == current_programme() == twin


def test_a_unit_comes_with_its_ancestors_from_the_root_down(tree):
    unit, ancestors = unit_and_ancestors("P01-U001-G0001")
    assert unit == tree["school"]
    assert ancestors == ancestors_of(tree["school"]) == [tree["tld"], tree["ha_noi"], tree["ba_dinh"]]


def test_the_root_has_no_ancestors(tree):
    assert unit_and_ancestors("TLD") == (tree["tld"], [])


def test_a_code_of_no_unit_gives_none(tree):
    assert unit_and_ancestors("KHÔNG-CÓ") == (None, [])
    assert unit_and_ancestors("P01-U001-G00") == (None, [])


def test_an_entry_without_its_version_beside_it_is_rebuilt(db):
    from django.core.cache import cache

    from reports.selectors import reference_cached, reference_key

    cache.set(reference_key("figures"), "a bare value an earlier release left")
    assert reference_cached("figures", lambda full_key: f"built under {full_key}").startswith("built under reports:")
    assert reference_cached("figures", lambda full_key: "built again") != "built again"
