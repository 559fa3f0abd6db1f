"""The running total against the targets: the dashboard's data for Chart.js, and the same
chart drawn as a PNG image for the official report (matplotlib, Agg, no display needed)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from campaign.enums import PhaseCode
from initiatives_portal.formatting import format_count

from .selectors import Dashboard, Period


@dataclass(frozen=True)
class TargetLine:
    """A target drawn over its period at the running total it asks for."""

    period: Period
    label: str
    level: int


def target_lines(d: Dashboard) -> list[TargetLine]:
    """One line per target above zero. A phase's target is drawn at the running total it asks
    for: the total before the phase began plus the phase's target (the programme's first phase
    starts at zero); the overall target is the programme's own."""
    lines = []
    for p in d.progress:
        if p.target <= 0:
            continue
        if p.period.code == PhaseCode.OVERALL:
            label, level = _("Chỉ tiêu toàn chương trình"), p.target
        else:
            before = next((n for day, n in reversed(d.cumulative) if day < p.period.starts_on), 0)
            label, level = _("Chỉ tiêu %(phase)s") % {"phase": p.period.name}, before + p.target
        lines.append(TargetLine(p.period, label, level))
    return lines


def chart_data(d: Dashboard) -> dict:
    """What ``static/js/dashboard.js`` draws: the running total by day, the daily counts, and
    one line per target over the days of its period."""
    days = [day for day, _n in d.cumulative]
    targets = []
    for line in target_lines(d):
        values = [line.level if line.period.starts_on <= day <= line.period.ends_on else None for day in days]
        if any(v is not None for v in values):
            targets.append({"phase": line.period.code, "label": line.label, "data": values})
    return {
        "labels": [day.isoformat() for day in days],
        "cumulative": [n for _day, n in d.cumulative],
        "daily": [n for _day, n in d.daily],
        "targets": targets,
    }


# Printed 16 cm wide (the text width of an A4 page with the decree's margins).
CHART_SIZE_INCHES = (6.3, 3.4)
CHART_DPI = 200
LINE_COLOURS = ("#c0392b", "#d68910", "#1e8449", "#7d3c98")


def chart_png(d: Dashboard) -> bytes | None:
    """The running total of received initiatives by day with the target lines, as a PNG;
    None when nothing was received yet (there is no line to draw).

    Axis and legend in Vietnamese, days written dd/mm/yyyy, counts with Vietnamese
    grouping; the font is matplotlib's own DejaVu Sans, which has every Vietnamese letter.
    """
    if not d.cumulative:
        return None
    from matplotlib.dates import AutoDateLocator, DateFormatter
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    days = [day for day, _n in d.cumulative]
    start = min(days[0], *(p.period.starts_on for p in d.progress)) if d.progress else days[0]
    end = d.as_of
    # The running total holds from the last day with submissions up to the as-of day.
    # It starts at zero on the first day drawn.
    xs, ys = [start, *days], [0, *(n for _day, n in d.cumulative)]
    if days[-1] < end:
        xs, ys = [*xs, end], [*ys, ys[-1]]

    figure = Figure(figsize=CHART_SIZE_INCHES, dpi=CHART_DPI)
    axes = figure.add_subplot()
    axes.step(xs, ys, where="post", color="#1f4e79", linewidth=1.8, label=_("Số sáng kiến đã gửi (lũy kế)"))
    drawn = [line for line in target_lines(d) if line.period.starts_on <= end]
    for colour, line in zip(LINE_COLOURS * 3, drawn, strict=False):
        axes.hlines(line.level, line.period.starts_on, min(line.period.ends_on, end), colors=colour,
                    linestyles="--", linewidth=1.2, label=f"{line.label}: {format_count(line.level)}")
    axes.set_xlim(start - dt.timedelta(days=1), end + dt.timedelta(days=1))
    highest = max([*ys, *(line.level for line in drawn)])
    axes.set_ylim(0, highest * 1.08 or 1)
    axes.xaxis.set_major_locator(AutoDateLocator(minticks=3, maxticks=7))
    axes.xaxis.set_major_formatter(DateFormatter("%d/%m/%Y"))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _pos: format_count(int(value))))
    axes.tick_params(labelsize=7)
    axes.set_ylabel(_("Số sáng kiến"), fontsize=8)
    axes.grid(True, color="#dddddd", linewidth=0.5)
    # Below the plot, where it hides no line.
    axes.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
