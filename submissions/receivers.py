"""How initiatives follow the unit tree (signals of ``unions.signals`` and ``accounts.signals``), connected in ``ready()``."""

from accounts.signals import account_closing
from unions.signals import unit_merging


def _initiatives_to_merged_unit(sender, *, source, target, **kwargs) -> dict[str, int]:
    from .models import Initiative

    return {"initiatives": Initiative.objects.filter(unit=source).update(unit=target)}


def _anonymise_closing_author(sender, *, user, author_placeholder: str, **kwargs) -> None:
    from .services import initiatives_anonymise_author

    initiatives_anonymise_author(author=user, placeholder=author_placeholder)


def connect() -> None:
    unit_merging.connect(_initiatives_to_merged_unit, dispatch_uid="submissions-initiatives-merge")
    account_closing.connect(_anonymise_closing_author, dispatch_uid="submissions-anonymise-closing")
