"""The cumulative chart of the official report, drawn as a PNG."""

import datetime as dt
import io

from PIL import Image

from initiatives_portal.formatting import ratio_percent
from reports.charts import CHART_DPI, CHART_SIZE_INCHES, chart_png, target_lines
from reports.selectors import Dashboard, Period, TargetProgress

PHASE_1 = Period("phase-1", "Giai đoạn 1", dt.date(2022, 1, 8), dt.date(2022, 5, 31))
PHASE_2 = Period("phase-2", "Giai đoạn 2", dt.date(2022, 6, 1), dt.date(2023, 9, 1))
OVERALL = Period("overall", "Toàn chương trình", dt.date(2022, 1, 8), dt.date(2023, 9, 1))


def _progress(period, count, target):
    return TargetProgress(period, target, None, count, ratio_percent(count, target), max(0, count - target), None)


def _dashboard(cumulative, as_of=dt.date(2022, 6, 15)):
    count = cumulative[-1][1] if cumulative else 0
    return Dashboard(
        unit=None, as_of=as_of, computed_at=None, totals={"received": count},
        progress=[_progress(PHASE_1, count, 300_000), _progress(PHASE_2, 0, 700_000),
                  _progress(OVERALL, count, 1_000_000)],
        categories=[], fields=[], non_management=None, direct_production=None, projection=None,
        cumulative=cumulative,
    )


def test_nothing_received_draws_no_chart():
    assert chart_png(_dashboard([])) is None


def test_chart_is_a_png_of_the_printed_size():
    png = chart_png(_dashboard([(dt.date(2022, 3, 1), 250_000), (dt.date(2022, 5, 31), 696_948)]))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (round(CHART_SIZE_INCHES[0] * CHART_DPI), round(CHART_SIZE_INCHES[1] * CHART_DPI))


def test_a_later_phase_target_is_drawn_above_what_came_before_it():
    lines = {line.period.code: line.level for line in
             target_lines(_dashboard([(dt.date(2022, 3, 1), 250_000), (dt.date(2022, 5, 31), 696_948)]))}
    assert lines == {"phase-1": 300_000, "phase-2": 696_948 + 700_000, "overall": 1_000_000}
