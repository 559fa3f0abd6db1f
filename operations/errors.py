"""Error pages: for a request that failed, 503 when the database could not be reached, else 500; 400 for a bad request.

A PostgreSQL restart or failover breaks the requests in flight with a connection error.
That is not a bug in the request but a moment of unavailability: the user is told to try
again shortly (``Retry-After``), with no internals on the page. Django logs the exception
either way. Nothing half-written remains: every write of several rows is one transaction.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseBadRequest
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as default_server_error

from initiatives_portal.middleware import chosen_language

RETRY_AFTER_SECONDS = 10


def is_database_unavailable(error: BaseException | None) -> bool:
    """A lost or refused database connection (Django wraps the driver's error in these two)."""
    return isinstance(error, (OperationalError, InterfaceError))


def bad_request(request, exception, template_name="400.html"):
    """``handler400``: the page in the user's language, whichever middleware refused the request.

    A bad Host header is refused where the host is first read, which may be before the
    language and authentication middleware ran (the HTTPS redirect reads it first): the
    thread would still hold the language of whatever request it served last, and the
    request has no user for the context processors, so the page is rendered without them.
    """
    with translation.override(chosen_language(request)):
        return HttpResponseBadRequest(loader.get_template(template_name).render())


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """``handler500``: runs inside Django's exception handling, so the failure is in ``sys.exc_info()``.

    The page is rendered without a request context: its context processors would query
    the very database that is away.
    """
    if not is_database_unavailable(sys.exc_info()[1]):
        return default_server_error(request, template_name=template_name)
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
