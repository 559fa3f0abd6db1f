"""Replication (nhân rộng): a unit records that it applied a showcased initiative; the
counts by province and field.

The count on each showcase entry is kept by a trigger on the replication table
(``showcase_contracts``), in the same transaction as the row. The report groups the
replication table itself: one row per unit and initiative, written by hand by officers,
so it stays thousands of rows where initiatives are millions; the grouped query joins
each row to its unit and initiative by primary key and needs no aggregate table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from submissions.models import Field, Initiative
from unions import selectors as unit_selectors
from unions.models import Unit

from .showcase_models import Replication, ShowcaseEntry

# The earliest day a replication may state: the campaign began in January 2022.
EARLIEST = dt.date(2000, 1, 1)


class ReplicationError(Exception):
    """A replication that cannot be recorded; ``message`` is shown to the user."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def replication_units(user) -> list[Unit]:
    """The units an officer records replications for: those of their review appointments."""
    return unit_selectors.review_units(user)


def replication_record(*, initiative: Initiative, unit: Unit, applied_on: dt.date, result: str, by) -> Replication:
    """``by``, an officer of ``unit``, records that ``unit`` applied the showcased ``initiative``
    on ``applied_on`` with ``result``. One per unit and initiative; nothing is written on refusal."""
    if not by.has_perm("recognition.record_replication") or unit.pk not in {u.pk for u in replication_units(by)}:
        raise ReplicationError(_("Chỉ cán bộ công đoàn của đơn vị mới ghi nhận được việc đơn vị áp dụng sáng kiến."))
    if not ShowcaseEntry.objects.filter(pk=initiative.pk).exists():
        raise ReplicationError(_("Chỉ ghi nhận nhân rộng cho sáng kiến tiêu biểu đang được giới thiệu công khai."))
    if unit.pk == initiative.unit_id:
        raise ReplicationError(_("Đây là đơn vị của tác giả: sáng kiến đã được áp dụng lần đầu tại đây."))
    if applied_on > timezone.localdate():
        raise ReplicationError(_("Ngày áp dụng không được ở tương lai."))
    if applied_on < EARLIEST:
        raise ReplicationError(_("Ngày áp dụng không hợp lệ."))
    result = " ".join((result or "").split())
    if not result:
        raise ReplicationError(_("Hãy ghi một câu về kết quả áp dụng."))
    try:
        with transaction.atomic():
            return Replication.objects.create(
                initiative=initiative, unit=unit, applied_on=applied_on, result=result, recorded_by=by
            )
    except IntegrityError:
        raise ReplicationError(_("Đơn vị này đã ghi nhận áp dụng sáng kiến này.")) from None


@dataclass(frozen=True)
class ReplicationRow:
    name: str
    replications: int
    initiatives: int


@dataclass(frozen=True)
class ReplicationReport:
    total: int
    by_province: list[ReplicationRow]
    by_field: list[ReplicationRow]


def replication_report() -> ReplicationReport:
    """Replications counted by the province (or sector) of the unit that applied the
    initiative, and by the initiative's field; with how many initiatives each covers."""
    by_branch = (
        Replication.objects.annotate(branch=Substr(F("unit__path"), 1, 8)).values("branch")
        .annotate(replications=Count("id"), initiatives=Count("initiative_id", distinct=True))
        .order_by("-replications", "branch")
    )
    branch_rows = list(by_branch)
    names = dict(Unit.objects.filter(path__in=[r["branch"] for r in branch_rows]).values_list("path", "name"))
    by_field = list(
        Replication.objects.values("initiative__field_id")
        .annotate(replications=Count("id"), initiatives=Count("initiative_id", distinct=True))
        .order_by("-replications", "initiative__field_id")
    )
    fields = {f.pk: str(f) for f in Field.objects.filter(pk__in=[r["initiative__field_id"] for r in by_field])}
    return ReplicationReport(
        total=sum(r["replications"] for r in branch_rows),
        by_province=[ReplicationRow(names.get(r["branch"], r["branch"]), r["replications"], r["initiatives"])
                     for r in branch_rows],
        by_field=[ReplicationRow(fields.get(r["initiative__field_id"], "—"), r["replications"], r["initiatives"])
                  for r in by_field],
    )
