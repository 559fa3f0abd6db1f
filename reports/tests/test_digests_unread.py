"""The day's digests and a digest read change the menu's cached unread count at once."""

import pytest

from reports.digests import digests_build, digests_mark_read
from reports.models import Digest
from reports.tests.test_digests import TUESDAY, backlog  # noqa: F401
from reviews.selectors import unread_notifications_count

pytestmark = pytest.mark.django_db


def test_the_days_digests_change_every_cached_count_at_once(backlog, school_officer):  # noqa: F811
    assert unread_notifications_count(school_officer) == 0
    digests_build(day=TUESDAY)
    assert unread_notifications_count(school_officer) == 1


def test_reading_a_digest_changes_the_cached_count_at_once(backlog, school_officer):  # noqa: F811
    digests_build(day=TUESDAY)
    assert unread_notifications_count(school_officer) == 1
    digests_mark_read(school_officer, ids=[Digest.objects.get(recipient=school_officer).pk])
    assert unread_notifications_count(school_officer) == 0
