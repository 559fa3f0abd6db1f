"""The demo's replications (nhân rộng): other grassroots unions applying showcased initiatives."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from recognition.showcase_models import Replication, ShowcaseEntry
from submissions.models import Initiative
from unions.enums import UnitKind
from unions.models import Unit

REPLICATION_RESULTS = (
    "Rút ngắn một nửa thời gian thực hiện công việc tại đơn vị.",
    "Tiết kiệm khoảng 15% chi phí vật tư mỗi tháng.",
    "Người lao động đồng tình, đã áp dụng ở ba tổ sản xuất.",
    "Giảm hẳn sai sót khi bàn giao ca.",
    "Đơn vị nhân rộng sang hai phòng ban khác.",
)
MAX_REPLICATIONS = 4


def demo_replications_create(*, seed: int, recorded_by) -> int:
    """Up to four grassroots unions (never the author's own) applying each showcased
    initiative, some weeks after it was submitted; returns how many were written."""
    rng = random.Random(f"replications-{seed}")
    units = list(Unit.objects.filter(kind=UnitKind.GRASSROOTS, is_active=True).values_list("id", flat=True))
    today = timezone.localdate()
    rows = []
    shown = Initiative.objects.filter(pk__in=ShowcaseEntry.objects.values("pk")).order_by("pk")
    for initiative_id, unit_id, submitted_on in shown.values_list("id", "unit_id", "submitted_on"):
        others = [u for u in rng.sample(units, min(len(units), MAX_REPLICATIONS + 1)) if u != unit_id]
        for other in others[: rng.randint(0, MAX_REPLICATIONS)]:
            applied_on = min(today, (submitted_on or today) + dt.timedelta(days=rng.randint(30, 300)))
            rows.append(Replication(
                initiative_id=initiative_id, unit_id=other, applied_on=applied_on,
                result=rng.choice(REPLICATION_RESULTS), recorded_by=recorded_by,
            ))
    Replication.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
