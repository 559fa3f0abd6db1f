"""Settings of every benchmark process: the portal's own settings, served as in production.

DEBUG is off, passwords use the production hasher, tasks go to Redis when REDIS_URL is
set. Only what a bare HTTP run on 127.0.0.1 needs differs: the bench URLconf (the
application's URLs plus the bench-only views), cookies without the Secure flag, and
static files without the collectstatic manifest (no page asset is measured).
"""

import os
import warnings

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-never-used-in-production-0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")

from initiatives_portal.settings import *  # noqa: E402,F403
from initiatives_portal.settings import STORAGES  # noqa: E402

ROOT_URLCONF = "bench.urls"
WSGI_APPLICATION = "bench.wsgi.application"
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0

# WhiteNoise warns once per process that STATIC_ROOT was never collected; no asset is measured.
warnings.filterwarnings("ignore", message="No directory at")
