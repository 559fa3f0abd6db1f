"""The campaign's full-size figures through the report sentence logic and the rounding rule."""

import datetime as dt

import pytest
from django.utils import translation

from initiatives_portal.formatting import progress_text, share_text
from reports.selectors import Dashboard, Period, Share, TargetProgress
from reports.sentences import category_sentence, headline, unit_headline

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


# --- a unit's own headline (the official document) ----------------------------------------------


def _unit_dashboard(received, phase_target, overall_target):
    progress = []
    if phase_target is not None:
        progress.append(_progress(PHASE_1, received, phase_target))
    if overall_target is not None:
        progress.append(_progress(OVERALL, received, overall_target))
    return Dashboard(
        unit=None, as_of=dt.date(2022, 5, 31), computed_at=None, totals={"received": received}, progress=progress,
        categories=[], fields=[], non_management=None, direct_production=None, projection=None,
    )


def test_unit_headline_matches_the_press_text_for_ha_noi():
    text = unit_headline(_unit_dashboard(56_106, 52_000, 60_000), unit_name="LĐLĐ TP Hà Nội",
                         assigned_by="Tổng Liên đoàn")
    assert text == (
        "Tính đến 24 giờ ngày 31/5/2022, LĐLĐ TP Hà Nội đã có 56.106 sáng kiến được đăng tải, đạt 108% kế hoạch "
        "giai đoạn 1 (vượt 4.106 sáng kiến) và đạt 93,5% chỉ tiêu toàn bộ Chương trình do Tổng Liên đoàn giao."
    )


def test_unit_headline_says_a_target_met_exactly_is_completed():
    text = unit_headline(_unit_dashboard(52_000, 52_000, None), unit_name="LĐLĐ tỉnh Thanh Hóa",
                         assigned_by="Tổng Liên đoàn")
    assert text.endswith("đã có 52.000 sáng kiến được đăng tải, hoàn thành 100% kế hoạch giai đoạn 1.")


def test_unit_headline_without_any_target_says_none_was_assigned():
    text = unit_headline(_unit_dashboard(1_234_567, None, None), unit_name="Công đoàn Điện lực Việt Nam",
                         assigned_by="Tổng Liên đoàn")
    assert text == (
        "Tính đến 24 giờ ngày 31/5/2022, Công đoàn Điện lực Việt Nam đã có 1.234.567 sáng kiến được đăng tải "
        "(chưa được giao chỉ tiêu)."
    )


def test_unit_headline_leaves_out_a_target_of_zero():
    text = unit_headline(_unit_dashboard(10, 0, 20), unit_name="Công đoàn Đ", assigned_by="LĐLĐ tỉnh Đắk Lắk")
    assert text.endswith("đã có 10 sáng kiến được đăng tải, đạt 50,0% chỉ tiêu toàn bộ Chương trình do LĐLĐ "
                         "tỉnh Đắk Lắk giao.")


def test_unit_headline_with_nothing_received_says_so():
    text = unit_headline(_unit_dashboard(0, 100, 200), unit_name="Công đoàn Đ", assigned_by="Tổng Liên đoàn")
    assert text == "Tính đến 24 giờ ngày 31/5/2022, Công đoàn Đ chưa có sáng kiến nào được đăng tải."
