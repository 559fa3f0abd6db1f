"""Whether a unit has awards is kept in the cache for its dashboard's frame: an award recorded
or withdrawn shows at once, on its unit only, with its awarding unit's name as it is now."""

import datetime as dt

import pytest

from recognition.awards import services as awards
from reports.tests.test_dashboard_figures_cache import AS_OF, counted, page  # noqa: F401

pytestmark = pytest.mark.django_db
AWARD = "Bằng khen giai đoạn 1 của Tổng Liên đoàn Lao động Việt Nam (quyết định số 1234/QĐ-TLĐ ngày 15/07/2022)"


@pytest.fixture
def staff(client, federation_staff):
    client.force_login(federation_staff)
    return federation_staff


def test_an_award_recorded_after_the_page_was_seen_shows_at_once(client, staff, counted, tree):  # noqa: F811
    assert "unit-awards" not in page(client, "P01", **AS_OF)
    awards.award_record(actor=staff, unit=tree["ha_noi"], phase="phase-1", decision_number="1234/QĐ-TLĐ",
                        decided_on=dt.date(2022, 7, 15))
    assert AWARD in page(client, "P01", **AS_OF)


def test_a_withdrawn_award_leaves_the_page_at_once(client, staff, counted, tree):  # noqa: F811
    award = awards.award_record(actor=staff, unit=tree["ha_noi"], phase="phase-1", decision_number="1234/QĐ-TLĐ",
                                decided_on=dt.date(2022, 7, 15))
    assert AWARD in page(client, "P01", **AS_OF)
    awards.award_withdraw(actor=staff, award=award, reason="Ghi nhầm đơn vị")
    assert "1234/QĐ-TLĐ" not in page(client, "P01", **AS_OF)


def test_an_award_shows_on_its_unit_only(client, staff, counted, tree):  # noqa: F811
    awards.award_record(actor=staff, unit=tree["ha_noi"], phase="phase-1", decision_number="1234/QĐ-TLĐ",
                        decided_on=dt.date(2022, 7, 15))
    assert AWARD in page(client, "P01", **AS_OF)
    assert "1234/QĐ-TLĐ" not in page(client, "P38", **AS_OF)


def test_the_awarding_units_new_name_shows_at_once(client, staff, counted, tree):  # noqa: F811
    awards.award_record(actor=staff, unit=tree["ha_noi"], phase="phase-1", decision_number="1234/QĐ-TLĐ",
                        decided_on=dt.date(2022, 7, 15))
    assert AWARD in page(client, "P01", **AS_OF)
    tree["tld"].name = "Tổng Liên đoàn Lao động Việt Nam khóa mới"
    tree["tld"].save(update_fields=["name"])
    assert "Bằng khen giai đoạn 1 của Tổng Liên đoàn Lao động Việt Nam khóa mới" in page(client, "P01", **AS_OF)
