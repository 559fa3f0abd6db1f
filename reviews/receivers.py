"""How reviews follow the apps below them (their signals), connected in ``ready()``."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from accounts.signals import account_closing
from submissions.signals import initiatives_imported
from unions.signals import tree_changed


def _recount_queues(sender, *, subtrees_moved: bool, **kwargs) -> None:
    """Paths changed in bulk: cached queue counts are of the old subtrees, recounted
    everywhere once the change commits."""
    from .deadlines import deadline_settings_changed
    from .queue_cache import queue_changed

    if subtrees_moved:
        transaction.on_commit(lambda: queue_changed(everywhere=True))
        # The units' own deadlines are cached by path.
        transaction.on_commit(deadline_settings_changed)


def _deadline_settings_saved(sender, **kwargs) -> None:
    """A phase's or a unit's own deadline changed: the cached settings go once it commits."""
    from .deadlines import deadline_settings_changed

    transaction.on_commit(deadline_settings_changed)


def _recount_queues_after_import(sender, **kwargs) -> None:
    """The imported rows may lie in any unit of the importer's subtree (an import is rare)."""
    from .queue_cache import queue_changed

    queue_changed(everywhere=True)


def _drop_notifications_of_closing_account(sender, *, user, **kwargs) -> None:
    from .services import notifications_delete_of

    notifications_delete_of(user=user)


def connect() -> None:
    from campaign.models import Phase

    from .models import UnitDeadline

    for model in (Phase, UnitDeadline):
        post_save.connect(_deadline_settings_saved, sender=model, dispatch_uid=f"reviews-deadlines-save-{model.__name__}")
        post_delete.connect(_deadline_settings_saved, sender=model,
                            dispatch_uid=f"reviews-deadlines-delete-{model.__name__}")
    tree_changed.connect(_recount_queues, dispatch_uid="reviews-queues-tree")
    account_closing.connect(_drop_notifications_of_closing_account, dispatch_uid="reviews-notifications-closing")
    initiatives_imported.connect(_recount_queues_after_import, dispatch_uid="reviews-queues-import")
