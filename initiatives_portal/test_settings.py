"""Settings for the test suite: the real settings, with a throwaway key, fast hashing and private upload folder.

The database is whatever DATABASE_URL says: a throw-away private PostgreSQL under `make test`
(initiatives_portal/embedded_postgres.py), the machine's PostgreSQL 15 in CI; pytest-django
creates and drops its own test database (one per xdist worker).
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-suite-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DEBUG", "false")

from .settings import *  # noqa: E402,F403
from .settings import STORAGES  # noqa: E402

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="portal-test-uploads-")},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
SECURE_SSL_REDIRECT = False
LANGUAGE_CODE = "vi"

# Tasks run in-process in tests so each test sees their effect; the tests that are about
# the broker itself (marked "redis") switch eager mode off and talk to the real Redis.
CELERY_TASK_ALWAYS_EAGER = True

# Each test process keeps its own cache, emptied before every test (conftest.py), so
# log-in throttling counters never leak from one test into another.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
AXES_HANDLER = "accounts.throttling.LoginThrottleCacheHandler"
# The per-process cache is right for tests, where axes would otherwise warn about it.
SILENCED_SYSTEM_CHECKS = ["axes.W001"]
