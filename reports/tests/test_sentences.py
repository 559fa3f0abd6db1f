"""The campaign's full-size figures through the report sentence logic and the rounding rule."""

import datetime as dt

import pytest
from django.utils import translation

from initiatives_portal.formatting import progress_text, share_text
from reports.selectors import Dashboard, Period, Share, TargetProgress
from reports.sentences import category_sentence, headline

PHASE_1 = Period("phase-1", "Giai đoạn 1", dt.date(2022, 1, 8), dt.date(2022, 5, 31))
OVERALL = Period("overall", "Toàn chương trình", dt.date(2022, 1, 8), dt.date(2023, 9, 1))


def _progress(period, count, target):
    from initiatives_portal.formatting import ratio_percent

    over = max(0, count - target)
    return TargetProgress(period, target, None, count, ratio_percent(count, target), over,
                          ratio_percent(over, target) if over else None)


def _dashboard(received, categories, phase_target, overall_target):
    totals = {"received": received}
    return Dashboard(
        unit=None, as_of=dt.date(2022, 5, 31), computed_at=None, totals=totals,
        progress=[_progress(PHASE_1, received, phase_target), _progress(OVERALL, received, overall_target)],
        categories=[Share(code, "", n, None) for code, n in categories], fields=[], non_management=None,
        direct_production=None, projection=None,
    )


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


NATIONAL = _dashboard(
    696_948,
    [("public_service", 380_656), ("enterprise", 168_921), ("union_official", 110_976), ("civil_servant", 36_395)],
    300_000, 1_000_000,
)


def test_national_headline_matches_the_federation_text():
    assert headline(NATIONAL) == (
        "Tính đến 24h ngày 31/5/2022, đã có 696.948 sáng kiến gửi tham gia chương trình, vượt 132% chỉ tiêu kế "
        "hoạch giai đoạn 1 (vượt 396.948 sáng kiến) và đạt 69,7% chỉ tiêu toàn bộ chương trình."
    )


def test_national_category_sentence_has_the_published_shares():
    sentence = category_sentence(NATIONAL)
    for text in ("380.656 sáng kiến (tỷ lệ 55%)", "168.921 sáng kiến (tỷ lệ 24%)", "110.976 sáng kiến (tỷ lệ 16%)",
                 "36.395 sáng kiến (tỷ lệ 5%)"):
        assert text in sentence


def test_ha_noi_figures_follow_the_rule():
    assert progress_text(56_106, 52_000) == "108%"
    assert progress_text(56_106 - 52_000, 52_000) == "7,9%"
    assert progress_text(56_106, 60_000) == "93,5%"


def test_ha_noi_headline():
    hanoi = _dashboard(56_106, [("public_service", 56_106)], 52_000, 60_000)
    assert headline(hanoi) == (
        "Tính đến 24h ngày 31/5/2022, đã có 56.106 sáng kiến gửi tham gia chương trình, vượt 7,9% chỉ tiêu kế "
        "hoạch giai đoạn 1 (vượt 4.106 sáng kiến) và đạt 93,5% chỉ tiêu toàn bộ chương trình."
    )


@pytest.mark.parametrize(
    ("part", "whole", "text"),
    [(696_948, 1_000_000, "69,7%"), (396_948, 300_000, "132%"), (696_948, 300_000, "232%"), (999_999, 1_000_000,
     "100%"), (1, 3, "33,3%"), (0, 10, "0,0%"), (5, 0, "—")],
)
def test_progress_rounding_rule(part, whole, text):
    assert progress_text(part, whole) == text


@pytest.mark.parametrize(("part", "whole", "text"), [(380_656, 696_948, "55%"), (36_395, 696_948, "5%"), (1, 8, "13%")])
def test_share_rounding_rule(part, whole, text):
    assert share_text(part, whole) == text


def test_english_uses_english_separators():
    with translation.override("en"):
        assert progress_text(696_948, 1_000_000) == "69.7%"
