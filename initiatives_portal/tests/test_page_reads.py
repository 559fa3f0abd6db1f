"""A page's small cache entries are read in one round trip and answered from that read."""

import pytest
from django.core.cache import cache

from initiatives_portal import page_reads


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_prefetched_key_is_answered_from_the_blocks_read():
    cache.set("a", 1)
    with page_reads.prefetched(["a"]):
        cache.set("a", 2)  # written behind the block's back: the block keeps what it read
        assert page_reads.get("a") == 1
    assert page_reads.get("a") == 2


def test_a_prefetched_absent_key_is_a_miss_without_asking_again():
    with page_reads.prefetched(["absent"]):
        cache.set("absent", "late")
        assert page_reads.get("absent", "default") == "default"


def test_a_key_the_block_did_not_read_is_the_caches_own():
    with page_reads.prefetched(["a"]):
        cache.set("b", "fresh")
        assert page_reads.get("b") == "fresh"


def test_a_value_set_in_the_block_is_written_through_and_read_back():
    with page_reads.prefetched(["built"]):
        assert page_reads.get("built") is None
        page_reads.set("built", {"figures": 696_948}, 60)
        assert page_reads.get("built") == {"figures": 696_948}
    assert cache.get("built") == {"figures": 696_948}


def test_get_many_mixes_the_blocks_read_and_the_cache():
    cache.set_many({"read": "r", "unread": "u"})
    with page_reads.prefetched(["read", "missing"]):
        cache.set("read", "changed")
        assert page_reads.get_many(["read", "unread", "missing"]) == {"read": "r", "unread": "u"}


def test_a_nested_block_adds_its_keys_and_the_outer_read_comes_back_after_it():
    cache.set_many({"outer": 1, "inner": 2})
    with page_reads.prefetched(["outer"]):
        cache.set_many({"outer": 10, "inner": 20})
        with page_reads.prefetched(["outer", "inner"]):
            assert (page_reads.get("outer"), page_reads.get("inner")) == (1, 20)
        assert page_reads.get("inner") == 20
        cache.set("inner", 200)
        assert page_reads.get("inner") == 200


def test_nothing_is_kept_after_the_block():
    cache.set("a", 1)
    with page_reads.prefetched(["a"]):
        pass
    cache.set("a", 2)
    assert page_reads.get("a") == 2


def test_every_registered_app_names_its_keys_for_a_page(tree, rf, django_user_model):
    from accounts.tests.factories import UserFactory

    request = rf.get("/")
    request.user = UserFactory()
    keys = page_reads.page_keys(request, tree["ha_noi"])
    # The unit's reports recorded as sent, whether it has awards, the person's unread count.
    assert any(str(tree["ha_noi"].pk) in key and "sent-reports" in key for key in keys)
    assert any(str(tree["ha_noi"].pk) in key and "award" in key for key in keys)
    assert any(str(request.user.pk) in key for key in keys)
