"""How accounts follow the unit tree (signals of ``unions.signals``), connected in ``ready()``."""

from unions.signals import unit_merging


def _members_to_merged_unit(sender, *, source, target, **kwargs) -> dict[str, int]:
    from .models import User

    return {"members": User.objects.filter(unit=source).update(unit=target)}


def connect() -> None:
    unit_merging.connect(_members_to_merged_unit, dispatch_uid="accounts-members-merge")
