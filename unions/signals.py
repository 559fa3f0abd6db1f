"""What the unit tree tells the apps above it.

``unions`` sits below every app that points at a unit, so it cannot update their rows or
caches itself: it sends these signals and the apps above connect receivers in their
``AppConfig.ready()``. Bulk tree writes (``Unit.objects.move``, ``QuerySet.update``) send
no model signals, which is why these exist.
"""

from django.dispatch import Signal

#: Units were written in bulk (a move, a merge, the tree import). Sent inside the
#: transaction that wrote them, with ``subtrees_moved``: True when paths changed (a move
#: or a merge), so that whatever is cached per subtree must be recounted once it commits.
tree_changed = Signal()

#: ``source`` is being merged into ``target`` (same kind, neither above the other). Sent
#: inside the merge's transaction, after the source's row is locked and its children and
#: appointments handed over. Each receiver hands its own rows that point at ``source`` to
#: ``target`` and returns a mapping {what: how many}, written into the merge's
#: ``UnitChange`` record ("12 initiatives, 3 members").
unit_merging = Signal()

#: A file of units or of targets was imported, from the web page or a command (``kind``:
#: "units" or "targets"; ``report``: its ``created``, ``updated``, ``unchanged`` and
#: ``errors``, not ``ok`` when refused; ``by``: the user, None from a command; ``source``:
#: "web" or "command"). Sent after the import, so that the operations page can list it.
import_finished = Signal()
