"""Moving a unit to another parent and merging two units (provinces were merged in 2025).

Both keep every initiative and its history: initiatives, members and appointments point
at units by id, so a move changes only the tree's paths, and a merge hands the source's
children, initiatives, members, appointments and targets to the target before closing
the source (kept, inactive, because past decisions name it). Aggregates follow at the
next recompute, which rebuilds the tree's closure.

Only the tree and the appointments are this app's: the apps above hand over their own
rows (initiatives, members, targets) and drop their caches on the signals of
``unions.signals``.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import UnitKind
from .models import Unit
from .signals import tree_changed, unit_merging


class RestructureError(Exception):
    def __init__(self, message) -> None:
        super().__init__(str(message))
        self.message = message


def _fresh(unit: Unit) -> Unit:
    return Unit.objects.get(pk=unit.pk)


def unit_move(*, unit: Unit, new_parent: Unit, by=None) -> Unit:
    """Put ``unit`` and its whole subtree under ``new_parent``."""
    from .models import UnitChange

    unit, new_parent = _fresh(unit), _fresh(new_parent)
    if new_parent.path.startswith(unit.path):
        raise RestructureError(_("Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."))
    if new_parent.kind == UnitKind.GRASSROOTS:
        raise RestructureError(_("Công đoàn cơ sở không có đơn vị trực thuộc."))
    if unit.depth > 1 and Unit.objects.get_parent(unit).pk == new_parent.pk:
        raise RestructureError(_("Đơn vị đã ở dưới “%(parent)s”.") % {"parent": new_parent.name})
    old_parent = Unit.objects.get_parent(unit)
    with transaction.atomic():
        Unit.objects.move(unit, new_parent, pos="last-child")
        tree_changed.send(sender=Unit, subtrees_moved=True)
        UnitChange.objects.create(
            kind=UnitChange.Kind.MOVE, unit=unit, other=new_parent, by=by,
            detail=f"{old_parent.code if old_parent else ''} → {new_parent.code}",
        )
    return _fresh(unit)


def units_merge(*, source: Unit, target: Unit, by=None) -> Unit:
    """Merge ``source`` into ``target``: everything of the source now belongs to the target."""
    from .models import Appointment, UnitChange

    source, target = _fresh(source), _fresh(target)
    if source.pk == target.pk:
        raise RestructureError(_("Hãy chọn hai đơn vị khác nhau."))
    if target.path.startswith(source.path) or source.path.startswith(target.path):
        raise RestructureError(_("Không thể hợp nhất một đơn vị với đơn vị cấp trên hoặc cấp dưới của nó."))
    if source.kind != target.kind:
        raise RestructureError(_("Chỉ hợp nhất hai đơn vị cùng cấp."))
    with transaction.atomic():
        # First the source's row: an import batch writing into the source (which holds it
        # FOR KEY SHARE until it commits) is waited for before its initiatives are moved,
        # and one that comes after finds the source merged and refuses its rows.
        Unit.objects.select_for_update().filter(pk=source.pk).first()
        for child in list(Unit.objects.get_children(source)):
            Unit.objects.move(_fresh(child), _fresh(target), pos="last-child")
        for appointment in Appointment.objects.active().filter(unit=source):
            if Appointment.objects.active().filter(user=appointment.user, unit=target, role=appointment.role).exists():
                # The same role at the target already: the duplicate ends with the source.
                Appointment.objects.filter(pk=appointment.pk).update(revoked_at=timezone.now())
                continue
            Appointment.objects.filter(pk=appointment.pk).update(unit=target)
        # Initiatives, members and targets belong to the apps above: each hands its own over.
        handed_over: dict[str, int] = {}
        for _receiver, moved in unit_merging.send(sender=Unit, source=source, target=target):
            handed_over.update(moved or {})
        tree_changed.send(sender=Unit, subtrees_moved=True)
        Unit.objects.filter(pk=source.pk).update(is_active=False)
        UnitChange.objects.create(
            kind=UnitChange.Kind.MERGE, unit=source, other=target, by=by,
            detail=f"{source.code} → {target.code}: "
            f"{handed_over.get('initiatives', 0)} initiatives, {handed_over.get('members', 0)} members",
        )
    return _fresh(target)
