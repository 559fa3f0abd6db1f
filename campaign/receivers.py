"""How targets follow the unit tree (signals of ``unions.signals``), connected in ``ready()``."""

from unions.signals import unit_merging


def _targets_to_merged_unit(sender, *, source, target, **kwargs) -> dict[str, int]:
    """The source's targets are added to the target's, phase by phase."""
    from .models import UnitTarget

    handed = 0
    for own in UnitTarget.objects.filter(unit=source):
        merged, created = UnitTarget.objects.get_or_create(
            unit=target, phase=own.phase, defaults={"assigned": own.assigned, "self_set": own.self_set}
        )
        if not created:
            merged.assigned += own.assigned
            if own.self_set or merged.self_set:
                merged.self_set = (merged.self_set or merged.assigned - own.assigned) + (own.self_set or own.assigned)
            merged.save(update_fields=["assigned", "self_set"])
        own.delete()
        handed += 1
    return {"targets": handed}


def connect() -> None:
    unit_merging.connect(_targets_to_merged_unit, dispatch_uid="campaign-targets-merge")
