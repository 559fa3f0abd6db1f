"""The staff page of the portal's state: freshness of the figures, e-mails waiting, recent imports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from reports.selectors import current_set

from . import selectors
from .health import broker_status, database_status


@never_cache
@login_required
def status(request):
    if not request.user.has_perm("operations.view_status"):
        raise PermissionDenied
    current = current_set()
    freshness = selectors.figures_freshness(current.computed_at if current is not None else None)
    return render(
        request,
        "operations/status.html",
        {
            "aggregate_set": current,
            "freshness": freshness,
            "outbox": selectors.email_outbox(),
            "outbox_cap": selectors.OUTBOX_COUNT_CAP,
            "import_runs": selectors.recent_import_runs(),
            "tree_imports": selectors.recent_tree_imports(),
            "task_runs": selectors.task_runs(),
            "database": database_status(),
            "broker": broker_status(),
        },
    )
