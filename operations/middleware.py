"""One structured log line per request, with a request id that every log line of the request carries."""

from __future__ import annotations

import logging
import re
import time
import uuid

from .logging import loaded_user_id, loggable_path, request_id

logger = logging.getLogger("portal.requests")

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# Load balancers ask every few seconds; their checks are logged only at DEBUG level.
QUIET_PATHS = ("/healthz",)


class RequestLogMiddleware:
    """Logs method, path (never the query string: it may hold what someone searched for), status,
    duration and user id; passes a proxy's ``X-Request-ID`` through or makes one up.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _SAFE_ID.match(incoming) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            duration_ms = int((time.monotonic() - started) * 1000)
            user_id = loaded_user_id(request)
            status = response.status_code
            path = loggable_path(request)
            level = logging.ERROR if status >= 500 else logging.INFO
            if request.path in QUIET_PATHS and status < 500:
                level = logging.DEBUG
            logger.log(
                level,
                "%s %s %s %s ms",
                request.method,
                path,
                status,
                duration_ms,
                extra={"event": "request", "method": request.method, "path": path, "status": status,
                       "duration_ms": duration_ms, "user_id": user_id},
            )
        finally:
            request_id.reset(token)
        response.headers["X-Request-ID"] = rid
        return response
