"""``/healthz`` for load balancers: is the database reachable, is the broker? JSON, 200 or 503, no data."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

OK, ERROR, NOT_USED = "ok", "error", "not used"
BROKER_TIMEOUT_SECONDS = 0.5


def database_status() -> str:
    """``ok`` when the default database answers a trivial query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "not reachable"; the reason goes to the log
        logger.warning("Health check: database unreachable", exc_info=True)
        return ERROR
    return OK


def broker_status() -> str:
    """``ok`` when Redis answers a PING within a short timeout; ``not used`` when tasks run in-process."""
    if settings.CELERY_TASK_ALWAYS_EAGER or not settings.REDIS_URL:
        return NOT_USED
    import redis

    client = redis.Redis.from_url(
        settings.REDIS_URL, socket_timeout=BROKER_TIMEOUT_SECONDS, socket_connect_timeout=BROKER_TIMEOUT_SECONDS
    )
    try:
        client.ping()
    except Exception:  # noqa: BLE001 - any failure means "not reachable"; the reason goes to the log
        logger.warning("Health check: broker unreachable", exc_info=True)
        return ERROR
    finally:
        client.close()
    return OK


@never_cache
@require_safe
def healthz(request):
    """Anonymous and cheap: touches no session and reads no table."""
    started = time.monotonic()
    checks = {"database": database_status(), "broker": broker_status()}
    healthy = all(state != ERROR for state in checks.values())
    body = {
        "status": OK if healthy else ERROR,
        **checks,
        "duration_ms": int((time.monotonic() - started) * 1000),
    }
    return JsonResponse(body, status=200 if healthy else 503)
