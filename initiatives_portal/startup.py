"""What a web worker does as it starts, before its first request."""

from __future__ import annotations


def urls_loaded() -> None:
    """Import the URLconf, and so every view module it names, now rather than in the worker's first request.

    Django imports them on the first request a process serves: about 1 s on the portal's
    machines (the views' own imports: openpyxl, reportlab, numpy through openpyxl), which
    the first user of each gunicorn worker would wait for, whatever the page. Called at
    the end of the WSGI modules, which gunicorn imports in each worker before it accepts
    a request; a URLconf that cannot be imported then stops the worker at start instead
    of failing every request.
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - the property imports the URLconf
