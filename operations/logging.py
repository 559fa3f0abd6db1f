"""Structured logs: one JSON object per line when ``LOG_FORMAT=json``.

Every record carries its time, level, logger and message, the ``extra`` fields the
code passed (``event``, ids, durations…) and, inside a request, the request id.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging

from django.core.exceptions import PermissionDenied

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from ``extra``.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
# Extras Django attaches that are objects, not data (the request, the socket).
_SKIPPED = {"request", "server_time"}


# Views whose URL holds a secret (a password-reset token): logged by their route, not their path.
SECRET_URL_VIEWS = frozenset({"accounts:password_reset_confirm"})


def loggable_path(request) -> str:
    """The request's path as logs may hold it: never the query string, never a secret in the URL."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.view_name in SECRET_URL_VIEWS:
        return "/" + match.route
    return request.path


def loaded_user_id(request) -> int | None:
    """The user's id if the request already loaded the user: logging must not cost a session query."""
    user = getattr(request, "_cached_user", None)
    return user.pk if user is not None and user.is_authenticated else None


def _escaped(text: str) -> str:
    # As Django escapes what it logs of a request: a path cannot forge a second log line.
    return text.encode("unicode_escape").decode("ascii")


class ForbiddenOneLine(logging.Filter):
    """Turns Django's record of a refused request (``PermissionDenied``, 403) into one warning line.

    Django logs the refusal with the exception's traceback. A refusal is an expected
    outcome, not a fault: one line with the path, the user and the reason is what is
    needed, and a traceback per refused click would bury the real errors.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if not isinstance(error, PermissionDenied):
            return True
        request = getattr(record, "request", None)
        path = _escaped(loggable_path(request)) if request is not None else ""
        user_id = loaded_user_id(request) if request is not None else None
        reason = _escaped(str(error)) or "permission denied"
        record.msg, record.args = "Forbidden: %s (user %s): %s", (path, user_id, reason)
        record.exc_info, record.exc_text = None, None
        record.event, record.path, record.user_id, record.reason = "forbidden", path, user_id, reason
        return True


class JsonFormatter(logging.Formatter):
    """Formats a record as one line of JSON (UTF-8 text kept readable)."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        current = request_id.get()
        if current:
            payload["request_id"] = current
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in _SKIPPED and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            payload["stack"] = self.formatStack(record.stack_info)
        return json.dumps(payload, ensure_ascii=False, default=str)
