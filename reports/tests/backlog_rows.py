"""Hand-made backlog rows, written as the recompute would roll them up the tree.

The tests of the backlog's reading side do not run the recompute: they write the rows of
``reports.BacklogWaiting`` and ``reports.BacklogFlow`` for an initiative's own unit and
add the same row to every unit above it (a unit's row holds its whole subtree), then make
an aggregate set current so the selectors read them.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone

from reports.models import AggregateSet, BacklogFlow, BacklogWaiting
from unions.models import Unit

ARRIVED, ADVANCED, LEFT = BacklogFlow.Kind.ARRIVED, BacklogFlow.Kind.ADVANCED, BacklogFlow.Kind.LEFT


def _chain(unit: Unit) -> list[int]:
    """``unit`` and every unit above it (its path's prefixes)."""
    prefixes = [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    return list(Unit.objects.filter(path__in=prefixes).values_list("pk", flat=True))


def _add(model, unit: Unit, n: int, **key) -> None:
    for pk in _chain(unit):
        row, created = model.objects.get_or_create(unit_id=pk, **key, defaults={"n": n})
        if not created:
            model.objects.filter(pk=row.pk).update(n=F("n") + n)


def waiting(unit: Unit, stage: int, started_on: dt.date, due_on: dt.date, n: int) -> None:
    """``n`` initiatives of ``unit`` waiting now at ``stage`` since ``started_on``, due ``due_on``."""
    _add(BacklogWaiting, unit, n, stage=stage, started_on=started_on, due_on=due_on)


def flow(unit: Unit, stage: int, day: dt.date, kind: int, started_on: dt.date, due_on: dt.date, n: int) -> None:
    """``n`` initiatives of ``unit`` that arrived at or left ``stage`` on ``day`` (``kind``)."""
    _add(BacklogFlow, unit, n, stage=stage, day=day, kind=kind, started_on=started_on, due_on=due_on)


def figures_current() -> AggregateSet:
    """A current aggregate set, as a recompute leaves it (the selectors cache under its id)."""
    AggregateSet.objects.filter(is_current=True).update(is_current=False)
    now = timezone.now()
    return AggregateSet.objects.create(started_at=now, computed_at=now, is_current=True)
