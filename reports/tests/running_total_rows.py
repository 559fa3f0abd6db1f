"""The running totals as stored, and as the daily rows say they must be (the change log's
tests and the running totals' own compare the two)."""

from reports.models import DailyCount, RunningTotal


def running_totals() -> dict[int, tuple[list, list, list]]:
    """Each unit's stored (days, received, approved)."""
    return {r.unit_id: (r.days, r.received, r.approved) for r in RunningTotal.objects.all()}


def running_totals_from_daily_rows() -> dict[int, tuple[list, list, list]]:
    """The running totals summed here from the daily rows, the days where neither figure moved left out."""
    expected: dict[int, tuple[list, list, list]] = {}
    rows = DailyCount.objects.order_by("unit_id", "day").values_list("unit_id", "day", "received", "approved")
    for unit_id, day, received, approved in rows:
        if not received and not approved:
            continue
        days, totals, approvals = expected.setdefault(unit_id, ([], [], []))
        days.append(day)
        totals.append((totals[-1] if totals else 0) + received)
        approvals.append((approvals[-1] if approvals else 0) + approved)
    return expected
