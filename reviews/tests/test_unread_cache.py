"""The menu's unread count is kept in the cache, per user, until a writer says it changed:
a new notification or one read shows at once (the digests: reports/tests/test_digests_unread.py);
never another's count."""

import pytest

from accounts.tests.factories import UserFactory
from reviews import inbox
from reviews.selectors import unread_notifications_count
from reviews.services import initiative_decide, initiative_submit, notifications_mark_read
from submissions.tests.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(tree):
    return UserFactory(unit=tree["school"], phone=None, email="lan@truong.edu.vn", full_name="Nguyễn Thị Lan")


def _submitted(author, programme):
    item = InitiativeFactory(submitter=author, title="Sổ tay điện tử cho giáo viên")
    initiative_submit(initiative=item, actor=author)
    return item


def test_a_new_notification_changes_the_cached_count_at_once(author, programme, school_officer):
    assert unread_notifications_count(author) == 0
    initiative_decide(initiative=_submitted(author, programme), action="verify", actor=school_officer)
    assert unread_notifications_count(author) == 1


def test_the_count_is_kept_in_the_cache(author, programme, school_officer, django_assert_num_queries):
    initiative_decide(initiative=_submitted(author, programme), action="verify", actor=school_officer)
    assert unread_notifications_count(author) == 1
    with django_assert_num_queries(0):
        assert unread_notifications_count(author) == 1


def test_marking_read_changes_the_cached_count_at_once(author, programme, school_officer):
    initiative_decide(initiative=_submitted(author, programme), action="verify", actor=school_officer)
    assert unread_notifications_count(author) == 1
    notifications_mark_read(user=author)
    assert unread_notifications_count(author) == 0


def test_one_users_count_is_never_anothers(author, programme, school_officer, tree):
    other = UserFactory(unit=tree["school"], phone=None, email="hoa@truong.edu.vn", full_name="Trần Thị Hoa")
    initiative_decide(initiative=_submitted(author, programme), action="verify", actor=school_officer)
    assert unread_notifications_count(author) == 1
    assert unread_notifications_count(other) == 0
    assert unread_notifications_count(author) == 1


def test_a_count_cached_before_a_commit_is_counted_again_after_it(author, programme, school_officer,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_decide(initiative=_submitted(author, programme), action="verify", actor=school_officer)
        # Another request counts meanwhile and caches the count: the commit forgets it.
        from django.core.cache import cache
        cache.set(inbox.unread_key(author.pk), (cache.get(inbox.UNREAD_GENERATION_KEY), 0))
    assert unread_notifications_count(author) == 1
