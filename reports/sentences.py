"""The headline of a progress report, written in the federation's own style."""

from __future__ import annotations

from django.utils.translation import gettext as _

from campaign.enums import PhaseCode
from initiatives_portal.formatting import format_count, press_date, progress_text, share_text

from .selectors import Dashboard, TargetProgress


def _against(progress: TargetProgress, label: str) -> str:
    if progress.count > progress.target:
        return _("vượt %(percent)s chỉ tiêu %(label)s (vượt %(over)s sáng kiến)") % {
            "percent": progress_text(progress.exceeded_by, progress.target),
            "label": label,
            "over": format_count(progress.exceeded_by),
        }
    return _("đạt %(percent)s chỉ tiêu %(label)s") % {
        "percent": progress_text(progress.count, progress.target),
        "label": label,
    }


def headline(dashboard: Dashboard) -> str:
    """E.g. "Tính đến 24h ngày 31/5/2022, đã có 696.948 sáng kiến gửi tham gia chương trình,
    vượt 132% chỉ tiêu kế hoạch giai đoạn 1 (vượt 396.948 sáng kiến) và đạt 69,7% chỉ tiêu
    toàn bộ chương trình."

    The phase is the one the as-of date falls in (the last one begun otherwise).
    """
    by_code = {p.period.code: p for p in dashboard.progress}
    current = _current_phase(dashboard)
    parts = []
    if current is not None:
        parts.append(_against(current, _("kế hoạch %(phase)s") % {"phase": current.period.name.lower()}))
    if PhaseCode.OVERALL in by_code:
        parts.append(_against(by_code[PhaseCode.OVERALL], _("toàn bộ chương trình")))
    text = _("Tính đến 24h ngày %(date)s, đã có %(count)s sáng kiến gửi tham gia chương trình") % {
        "date": press_date(dashboard.as_of),
        "count": format_count(dashboard.totals["received"]),
    }
    if parts:
        text += ", " + _(" và ").join(parts)
    return text + "."


def _current_phase(dashboard: Dashboard) -> TargetProgress | None:
    """The progress of the phase the as-of date falls in (the last one begun otherwise)."""
    phases = [p for p in dashboard.progress if p.period.code != PhaseCode.OVERALL]
    current = next((p for p in phases if p.period.starts_on <= dashboard.as_of <= p.period.ends_on), None)
    if current is None:
        begun = [p for p in phases if p.period.starts_on <= dashboard.as_of]
        current = begun[-1] if begun else None
    return current


def _unit_against(progress: TargetProgress, label: str) -> str:
    """The press's verb for a unit's target: exceeded, met exactly, or not yet reached."""
    values = {"percent": progress_text(progress.count, progress.target), "label": label}
    if progress.count > progress.target:
        return _("đạt %(percent)s %(label)s (vượt %(over)s sáng kiến)") % {
            **values, "over": format_count(progress.exceeded_by),
        }
    if progress.count == progress.target:
        return _("hoàn thành %(percent)s %(label)s") % values
    return _("đạt %(percent)s %(label)s") % values


def unit_headline(dashboard: Dashboard, *, unit_name: str, assigned_by: str) -> str:
    """A unit's own headline, as the federation writes of a province: "Tính đến 24 giờ ngày
    31/5/2022, LĐLĐ TP Hà Nội đã có 56.106 sáng kiến được đăng tải, đạt 108% kế hoạch giai
    đoạn 1 (vượt 4.106 sáng kiến) và đạt 93,5% chỉ tiêu toàn bộ Chương trình do Tổng Liên
    đoàn giao."

    ``assigned_by`` names who set the unit's targets (its parent). A target that is missing
    or zero is left out; with none at all the sentence says no target was assigned.
    """
    values = {"date": press_date(dashboard.as_of), "unit": unit_name}
    received = dashboard.totals["received"]
    if not received:
        return _("Tính đến 24 giờ ngày %(date)s, %(unit)s chưa có sáng kiến nào được đăng tải.") % values
    text = _("Tính đến 24 giờ ngày %(date)s, %(unit)s đã có %(count)s sáng kiến được đăng tải") % {
        **values, "count": format_count(received),
    }
    parts = []
    current = _current_phase(dashboard)
    if current is not None and current.target > 0:
        parts.append(_unit_against(current, _("kế hoạch %(phase)s") % {"phase": current.period.name.lower()}))
    overall = next((p for p in dashboard.progress if p.period.code == PhaseCode.OVERALL), None)
    if overall is not None and overall.target > 0:
        parts.append(_unit_against(
            overall, _("chỉ tiêu toàn bộ Chương trình do %(assigner)s giao") % {"assigner": assigned_by}
        ))
    if not parts:
        return text + " " + _("(chưa được giao chỉ tiêu)") + "."
    return text + ", " + _(" và ").join(parts) + "."


def category_sentence(dashboard: Dashboard) -> str:
    """"Trong đó, số lượng sáng kiến của <category> là 380.656 sáng kiến (tỷ lệ 55%); …"."""
    received = dashboard.totals["received"]
    if not received:
        return ""
    parts = [
        _("số lượng sáng kiến của %(label)s là %(count)s sáng kiến (tỷ lệ %(share)s)")
        % {"label": _category_phrase(c.code), "count": format_count(c.count), "share": share_text(c.count, received)}
        for c in sorted(dashboard.categories, key=lambda c: -c.count)
        if c.count
    ]
    return _("Trong đó, ") + "; ".join(parts) + "."


def _category_phrase(code: str) -> str:
    return {
        "public_service": _("đoàn viên là cán bộ, viên chức, người lao động đơn vị sự nghiệp"),
        "enterprise": _("đoàn viên là công nhân lao động trong khu vực doanh nghiệp"),
        "union_official": _("cán bộ công đoàn"),
        "civil_servant": _(
            "đoàn viên là cán bộ, công chức các cơ quan Đảng, Nhà nước, Mặt trận Tổ quốc và các tổ chức chính trị - xã hội"
        ),
    }[code]
