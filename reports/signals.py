"""What invalidates the cached dashboards besides a new aggregate set.

Dashboards are cached per aggregate set (``selectors.unit_dashboard``). Targets, phases,
the programme, fields and units also shape them; any change to those bumps a version
that is part of every cache key. Bulk writes send no model signals: the targets' writer
(``campaign.services``) sends ``campaign.signals.targets_changed``, and the tree's bulk
writes (move, merge, tree import) send ``unions.signals.tree_changed``.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from .selectors import figures_reference_changed


def _changed(sender, **kwargs) -> None:
    figures_reference_changed()


def _targets_changed(sender, **kwargs) -> None:
    """At once, and again once the change is committed: a dashboard built meanwhile by another
    request, from the targets as they were before the commit, must not stay cached."""
    figures_reference_changed()
    transaction.on_commit(figures_reference_changed)


def _sent_report_written(sender, instance, **kwargs) -> None:
    """A report recorded as sent, changed or deleted (the service, the admin, a unit deleted)."""
    from .periods import sent_reports_changed

    sent_reports_changed(instance.unit_id)


def connect() -> None:
    from campaign.models import Phase, Programme, UnitTarget
    from campaign.signals import targets_changed
    from submissions.models import Field
    from unions.models import Unit
    from unions.signals import tree_changed

    tree_changed.connect(_changed, dispatch_uid="figures-reference-tree")
    targets_changed.connect(_targets_changed, dispatch_uid="figures-reference-targets")
    from .models import SentReport

    post_save.connect(_sent_report_written, sender=SentReport, dispatch_uid="sent-reports-save")
    post_delete.connect(_sent_report_written, sender=SentReport, dispatch_uid="sent-reports-delete")
    for model in (UnitTarget, Phase, Programme, Field, Unit):
        post_save.connect(_changed, sender=model, dispatch_uid=f"figures-reference-{model._meta.label}-save")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"figures-reference-{model._meta.label}-delete")
