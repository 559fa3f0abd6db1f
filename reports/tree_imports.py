"""Staff upload the unit tree or the targets from the web: preview what will change, then apply.

It lives in reports, the highest app it touches: it writes units (unions) and targets
(campaign) through their imports and the targets import here.

The preview runs the real import inside a transaction that is rolled back, so it
reports exactly the errors and counts the import will give, and lists the changes row
by row. The file is kept between the two steps under a random name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from campaign.enums import TargetChangeSource
from campaign.models import UnitTarget
from initiatives_portal.formatting import format_count
from unions.models import Unit
from unions.services import read_units_file, units_import
from unions.signals import import_finished

from .imports import read_target_rows, targets_import
from .programme_imports import programme_import, read_programme_rows

KINDS = ("units", "targets", "programme")
MAX_LISTED_CHANGES = 500


class _DryRun(Exception):
    pass


@dataclass
class TreePreview:
    kind: str
    token: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    more_changes: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _read(kind: str, source):
    if kind == "units":
        return read_units_file(source)
    if kind == "programme":
        return read_programme_rows(source)
    return read_target_rows(source)


def _apply(kind: str, rows, *, dry_run: bool = False, by=None):
    if kind == "units":
        return units_import(rows=rows)
    if kind == "programme":
        return programme_import(rows=rows, dry_run=dry_run)
    return targets_import(rows=rows, by=by, source=TargetChangeSource.FILE)


def _changes(kind: str, rows) -> list[str]:
    """What each row will do, in words (new unit, renamed, target changed…)."""
    lines = []
    if kind == "units":
        existing = {u.code: u for u in Unit.objects.filter(code__in=[str(r.get("code") or "").strip() for r in rows])}
        for row in rows:
            code = str(row.get("code") or "").strip()
            name, kind_value = str(row.get("name") or "").strip(), str(row.get("kind") or "").strip()
            unit = existing.get(code)
            if unit is None:
                lines.append(_("Thêm %(code)s “%(name)s” dưới %(parent)s") % {"code": code, "name": name,
                                                                          "parent": row.get("parent_code") or "—"})
            elif unit.name != name or unit.kind != kind_value:
                lines.append(_("Sửa %(code)s: “%(old)s” → “%(new)s”") % {"code": code, "old": unit.name, "new": name})
        return lines
    current = {
        (t.unit.code, t.phase): t for t in UnitTarget.objects.select_related("unit").filter(
            unit__code__in=[str(r.get("unit_code") or "").strip() for r in rows]
        )
    }
    for row in rows:
        key = (str(row.get("unit_code") or "").strip(), str(row.get("phase") or "").strip())
        target = current.get(key)
        new = str(row.get("target") or "").strip()
        if target is None:
            lines.append(_("Giao mới %(code)s, %(phase)s: %(target)s") % {"code": key[0], "phase": key[1],
                                                                          "target": new})
        elif str(target.assigned) != (digits := new.replace(".", "").replace(" ", "")):
            lines.append(_("Đổi %(code)s, %(phase)s: %(old)s → %(new)s") % {
                "code": key[0], "phase": key[1], "old": format_count(target.assigned),
                "new": format_count(int(digits)) if digits.isdigit() else new,
            })
    return lines


def tree_import_preview(*, kind: str, upload) -> TreePreview:
    """Keep ``upload`` and report what importing it would do, writing nothing."""
    token = uuid.uuid4().hex
    default_storage.save(f"tree-imports/{token}", ContentFile(upload.read()))
    return _preview(kind, token)


def _preview(kind: str, token: str) -> TreePreview:
    preview = TreePreview(kind=kind, token=token)
    with default_storage.open(f"tree-imports/{token}", "rb") as handle:
        rows = _read(kind, handle)
    try:
        with transaction.atomic():
            report = _apply(kind, rows, dry_run=True)
            raise _DryRun
    except _DryRun:
        pass
    preview.created, preview.updated, preview.unchanged = report.created, report.updated, report.unchanged
    preview.errors = list(report.errors)
    if not report.ok:
        changes = []
    elif kind == "programme":
        changes = list(report.changes)  # the import words its own changes, removals included
    else:
        changes = _changes(kind, rows)
    preview.changes = changes[:MAX_LISTED_CHANGES]
    preview.more_changes = max(0, len(changes) - MAX_LISTED_CHANGES)
    return preview


def tree_import_apply(*, kind: str, token: str, by=None):
    """Import the kept file for real and forget it; returns the import's report (sent as
    ``import_finished``, applied or refused, with ``by``, the user who applied it)."""
    path = f"tree-imports/{token}"
    if not default_storage.exists(path):
        raise FileNotFoundError(path)
    with default_storage.open(path, "rb") as handle:
        rows = _read(kind, handle)
    report = _apply(kind, rows, by=by)
    import_finished.send(sender=tree_import_apply, kind=kind, report=report, by=by, source="web")
    if report.ok:
        default_storage.delete(path)
    return report
