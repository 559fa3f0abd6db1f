"""Receivers that keep the records the operations page lists."""

from __future__ import annotations


def _import_finished(sender, *, kind: str, report, by, source: str, **kwargs) -> None:
    from .models import TreeImportRecord

    TreeImportRecord.objects.create(
        kind=kind, source=source, by=by if by is not None and by.is_authenticated else None, applied=report.ok,
        created=report.created, updated=report.updated, unchanged=report.unchanged, errors=len(report.errors),
    )


def connect() -> None:
    from unions.signals import import_finished

    import_finished.connect(_import_finished, dispatch_uid="operations-tree-import-record")
