"""Every write of the units' targets, each change recorded with who, when, from where and why.

``unit_targets_write`` is the one writer of ``UnitTarget`` rows: the cascade page, its
upload, the file and command imports, the admin and merges all go through it (or through
``unit_targets_remove``), so every change leaves a ``UnitTargetChange`` and the figures
that read targets hear of it (``signals.targets_changed``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from initiatives_portal.formatting import format_count

from .enums import TargetChangeSource
from .models import UnitTarget, UnitTargetChange
from .signals import targets_changed

# Units per ``IN (...)`` lookup and rows per bulk statement: far below PostgreSQL's limits.
LOOKUP_CHUNK_SIZE = 500
BULK_BATCH_SIZE = 2000


class TargetError(Exception):
    """A write that would break a rule of the targets; ``message`` is translated, for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class TargetValue:
    """The target ``unit_id`` is to have for ``phase``.

    With ``keep_self_set`` the stored self-set target stays as it is (a new target then
    has none); without it the self-set target becomes ``self_set`` (None clears it).
    """

    unit_id: int
    phase: str
    assigned: int
    self_set: int | None = None
    keep_self_set: bool = True


@dataclass
class TargetWriteResult:
    """What a write did: rows created, updated and left alone, and the history rows written."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[UnitTargetChange] = field(default_factory=list)


def _chunks(items: Sequence, size: int = LOOKUP_CHUNK_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def targets_locked(unit_ids: Iterable[int]) -> dict[tuple[int, str], UnitTarget]:
    """The stored targets of ``unit_ids`` by (unit id, phase), locked until the transaction ends.

    Locked in id order, so two writers of overlapping units never wait for each other in a
    circle. Call inside a transaction.
    """
    wanted = sorted(set(unit_ids))
    found: dict[tuple[int, str], UnitTarget] = {}
    for chunk in _chunks(wanted):
        for target in UnitTarget.objects.select_for_update().filter(unit_id__in=chunk).order_by("pk"):
            found[(target.unit_id, target.phase)] = target
    return found


def unit_targets_write(
    *, values: Sequence[TargetValue], by=None, source: str, reason: str = ""
) -> TargetWriteResult:
    """Give each unit of ``values`` its target for the phase, in one transaction, recording each change.

    Rows are created or updated in bulk; a value equal to the stored one writes nothing.
    Each change writes a ``UnitTargetChange`` (``by``, ``source``, ``reason``, old → new).
    Raises ``TargetError`` (and writes nothing) when a self-set target would fall below
    the assigned one, and ``ValueError`` when a unit and phase appear twice.
    """
    if not isinstance(source, TargetChangeSource):
        source = TargetChangeSource(source)
    keys = [(value.unit_id, value.phase) for value in values]
    if len(set(keys)) != len(keys):
        raise ValueError("The same unit and phase appear twice in one write.")
    result = TargetWriteResult()
    with transaction.atomic():
        existing = targets_locked(unit_id for unit_id, _phase in keys)
        new: list[UnitTarget] = []
        changed: list[UnitTarget] = []
        history: list[UnitTargetChange] = []
        for value in values:
            target = existing.get((value.unit_id, value.phase))
            old = (target.assigned, target.self_set) if target is not None else (None, None)
            self_set = (old[1] if value.keep_self_set else value.self_set)
            if self_set is not None and self_set < value.assigned:
                raise TargetError(
                    _("Chỉ tiêu tự đặt (%(self_set)s) không được thấp hơn chỉ tiêu được giao (%(assigned)s).")
                    % {"self_set": format_count(self_set), "assigned": format_count(value.assigned)}
                )
            if old == (value.assigned, self_set):
                result.unchanged += 1
                continue
            if target is None:
                new.append(UnitTarget(unit_id=value.unit_id, phase=value.phase, assigned=value.assigned,
                                      self_set=self_set))
            else:
                target.assigned, target.self_set = value.assigned, self_set
                changed.append(target)
            history.append(UnitTargetChange(
                unit_id=value.unit_id, phase=value.phase, old_assigned=old[0], new_assigned=value.assigned,
                old_self_set=old[1], new_self_set=self_set, source=source, reason=reason, by=by,
            ))
        UnitTarget.objects.bulk_create(new, batch_size=BULK_BATCH_SIZE)
        UnitTarget.objects.bulk_update(changed, ["assigned", "self_set"], batch_size=BULK_BATCH_SIZE)
        result.changes = UnitTargetChange.objects.bulk_create(history, batch_size=BULK_BATCH_SIZE)
        result.created, result.updated = len(new), len(changed)
        if history:
            targets_changed.send(sender=unit_targets_write, unit_ids=sorted({c.unit_id for c in history}))
    return result


def unit_targets_remove(*, unit, phases: Iterable[str] | None = None, by=None, source: str,
                        reason: str = "") -> int:
    """Remove ``unit``'s targets (of ``phases``, or all), recording each as a change to none; how many."""
    if not isinstance(source, TargetChangeSource):
        source = TargetChangeSource(source)
    with transaction.atomic():
        targets = [t for (_unit, phase), t in targets_locked([unit.pk]).items() if phases is None or phase in phases]
        if not targets:
            return 0
        UnitTargetChange.objects.bulk_create([
            UnitTargetChange(unit_id=t.unit_id, phase=t.phase, old_assigned=t.assigned, new_assigned=None,
                             old_self_set=t.self_set, new_self_set=None, source=source, reason=reason, by=by)
            for t in targets
        ])
        UnitTarget.objects.filter(pk__in=[t.pk for t in targets]).delete()
        targets_changed.send(sender=unit_targets_remove, unit_ids=[unit.pk])
    return len(targets)
