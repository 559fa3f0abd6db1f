"""How targets follow the unit tree (signals of ``unions.signals``), connected in ``ready()``."""

from unions.signals import unit_merging


def _targets_to_merged_unit(sender, *, source, target, **kwargs) -> dict[str, int]:
    """The source's targets are added to the target's, phase by phase (both changes recorded)."""
    from .enums import TargetChangeSource
    from .models import UnitTarget
    from .services import TargetValue, unit_targets_remove, unit_targets_write

    current = {t.phase: t for t in UnitTarget.objects.filter(unit=target)}
    values = []
    for own in UnitTarget.objects.filter(unit=source).order_by("phase"):
        merged = current.get(own.phase)
        if merged is None:
            values.append(TargetValue(target.pk, own.phase, own.assigned, own.self_set, keep_self_set=False))
            continue
        self_set = merged.self_set
        if own.self_set or merged.self_set:
            self_set = (merged.self_set or merged.assigned) + (own.self_set or own.assigned)
        values.append(TargetValue(target.pk, own.phase, merged.assigned + own.assigned, self_set,
                                  keep_self_set=False))
    reason = f"{source.code} → {target.code}"
    unit_targets_write(values=values, source=TargetChangeSource.MERGE, reason=reason)
    handed = unit_targets_remove(unit=source, source=TargetChangeSource.MERGE, reason=reason)
    return {"targets": handed}


def connect() -> None:
    unit_merging.connect(_targets_to_merged_unit, dispatch_uid="campaign-targets-merge")
