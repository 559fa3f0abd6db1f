"""Settings, read from the environment with embedded defaults.

Every setting that differs between a laptop and a deployment is an environment
variable (see README, "Settings"); the defaults give a working development portal with
tasks run in-process. The database is always PostgreSQL, named by DATABASE_URL: `make run`
and `make test` start a private one and set it (initiatives_portal/embedded_postgres.py).
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-used-with-debug-on"  # noqa: S105 - DEBUG only

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "csp",
    "initiatives_portal.apps.AxesConfig",
    "crispy_forms",
    "crispy_bootstrap5",
    "treebeard",
    "accounts",
    "unions",
    "campaign",
    "submissions",
    "reviews",
    "reports",
    "recognition",
    "operations",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise (static files come precompressed), before everything that writes a page.
    "initiatives_portal.middleware.CompressPagesMiddleware",
    "operations.middleware.RequestLogMiddleware",
    "initiatives_portal.middleware.PrivateResponsesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "initiatives_portal.middleware.ChosenLanguageMiddleware",
    "initiatives_portal.middleware.RejectNulInUrlMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.PasswordSetupMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lock-out into the page that explains it.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "initiatives_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reviews.context_processors.roles",
                "recognition.context_processors.recognition",
            ],
        },
    },
]

WSGI_APPLICATION = "initiatives_portal.wsgi.application"

# No default: a settings module cannot own a server's lifetime (every manage.py process would
# start one, or leave one behind), so the launcher does, and anything else says where it is.
if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured(
        "DATABASE_URL is not set. `make run` and `make test` start a private PostgreSQL and set it; "
        "run any other command under the same launcher (`.venv/bin/python initiatives_portal/embedded_postgres.py "
        "-- COMMAND`, data in var/postgres) or point DATABASE_URL at a PostgreSQL 15 or newer server."
    )
DATABASES = {
    "default": env.db_url("DATABASE_URL"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# A kept connection is checked before reuse, so a restarted PostgreSQL costs no failed request.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.PhoneOrEmailBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "submissions:mine"
LOGOUT_REDIRECT_URL = "home"
# A one-time code an officer issues to a worker without e-mail expires after this many hours.
RESET_CODE_VALID_HOURS = env.int("RESET_CODE_VALID_HOURS", default=24)

# Log-in throttling (accounts.throttling). Many people share one address (a factory's
# Wi-Fi, a union office behind NAT), so the lock after AXES_FAILURE_LIMIT wrong passwords
# holds the account *from that address* only (a nested list: the pair, not either one).
# An address alone is locked only after AXES_ADDRESS_FAILURE_LIMIT failures across at
# least AXES_ADDRESS_ACCOUNT_LIMIT accounts (credential stuffing), and an account from
# everywhere only after AXES_ACCOUNT_FAILURE_LIMIT failures (guesses spread over many
# addresses). Every lock lasts the cool-off from the failure that set it.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=50)
AXES_ADDRESS_ACCOUNT_LIMIT = env.int("AXES_ADDRESS_ACCOUNT_LIMIT", default=10)
AXES_ACCOUNT_FAILURE_LIMIT = env.int("AXES_ACCOUNT_FAILURE_LIMIT", default=20)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.backends.login_identifier_key"
AXES_RESET_ON_SUCCESS = True
# A refused attempt does not push the end of the lock further: the time on the page holds.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_LOCKOUT_CALLABLE = "accounts.throttling.lockout_response"
# Reverse proxies in front of gunicorn: the client's address is read from X-Forwarded-For
# (behind nginx every request otherwise comes from the proxy's own address).
TRUSTED_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip_address"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_VERBOSE = False
# With Redis, axes' pair counters live in the cache like the others; without it (the
# embedded default) in the database, and the address and account-wide counters in this
# process's memory.
AXES_HANDLER = (
    "accounts.throttling.LoginThrottleCacheHandler" if env.str("REDIS_URL", default="") else
    "accounts.throttling.LoginThrottleDatabaseHandler"
)

# Argon2 for new passwords; older hashes still verify and are upgraded at the next log-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Integers a template prints are never grouped: ids, years and counts in values, links,
# form actions and data attributes are read back by browsers and scripts, and "2.582"
# is not the id 2582. Figures meant for people are grouped where they are written, by
# the ``count`` and ``percent`` filters (initiatives_portal.formatting): 696.948; 69,7%.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["initiatives_portal.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded files live outside the web root and are only served by a view that
    # checks permission (submissions.views.attachment_download).
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "uploads"))},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_USE_FINDERS = DEBUG

FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Five attachments of 10 MB each plus the form itself.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=10 * 1024 * 1024)
ATTACHMENT_MAX_COUNT = env.int("ATTACHMENT_MAX_COUNT", default=5)
# Largest file of initiatives an officer may upload for bulk import.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=40 * 1024 * 1024)
# What reading an uploaded XLSX may cost, checked before it is parsed (initiatives_portal.ooxml):
# its parts, all of them unzipped, each part loaded whole (workbook, styles, relationships),
# and the shared strings (a list in memory: a few tiny strings cost as much as long ones).
XLSX_MAX_PARTS = env.int("XLSX_MAX_PARTS", default=5000)
XLSX_MAX_UNZIPPED_BYTES = env.int("XLSX_MAX_UNZIPPED_BYTES", default=300 * 1024 * 1024)
XLSX_MAX_PART_BYTES = env.int("XLSX_MAX_PART_BYTES", default=16 * 1024 * 1024)
XLSX_MAX_SHARED_STRINGS_BYTES = env.int("XLSX_MAX_SHARED_STRINGS_BYTES", default=128 * 1024 * 1024)
XLSX_MAX_SHARED_STRINGS = env.int("XLSX_MAX_SHARED_STRINGS", default=1_000_000)
XLSX_MAX_STYLES = env.int("XLSX_MAX_STYLES", default=65_536)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="1trieusangkien@congdoan.vn")
# The portal's public address, for links in e-mails sent outside a request (no trailing slash).
PORTAL_URL = env.str("PORTAL_URL", default="http://127.0.0.1:8000" if DEBUG else "").rstrip("/")

# Celery: with no REDIS_URL, tasks run eagerly in-process (the embedded default).
REDIS_URL = env.str("REDIS_URL", default="")
# Redis answers within a millisecond: a Redis that is down or hung costs a request at most this.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=0.3)
# After a Redis failure the cache leaves Redis alone this long, so a request pays one timeout at most.
REDIS_CACHE_RETRY_AFTER = env.float("REDIS_CACHE_RETRY_AFTER", default=10.0)
# The cache (log-in throttling counters): Redis when there is one, else this process's memory.
# A Redis outage degrades it to an empty cache (operations.cache), never to an error page.
CACHES = {
    "default": {
        "BACKEND": "operations.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_timeout": REDIS_SOCKET_TIMEOUT, "socket_connect_timeout": REDIS_SOCKET_TIMEOUT},
    }
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=1.0)
# Publishing from a request fails at once when Redis is down or hung (no retry, no pause):
# the caller keeps what it committed and a beat sweep does the work later.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "max_retries": 0,
}
CELERY_TASK_PUBLISH_RETRY = False
# Memory PostgreSQL may use for the sorts of one aggregate recompute (SET LOCAL work_mem).
AGGREGATES_WORK_MEM = env.str("AGGREGATES_WORK_MEM", default="256MB")
# The digests of the review backlog (README, "Digests and escalation"): the local hour the beat
# builds them, and how many times its deadline an initiative waits before the managers of the
# unit above the late unit are told (2: an item waiting more than twice its deadline).
DIGEST_HOUR = env.int("DIGEST_HOUR", default=7)
if not 0 <= DIGEST_HOUR <= 23:
    raise ImproperlyConfigured("DIGEST_HOUR must be an hour from 0 to 23.")
DIGEST_ESCALATION_FACTOR = env.float("DIGEST_ESCALATION_FACTOR", default=2.0)
if DIGEST_ESCALATION_FACTOR < 1:
    raise ImproperlyConfigured("DIGEST_ESCALATION_FACTOR must be 1 or more.")
CELERY_BEAT_SCHEDULE = {
    # Dashboards read only the aggregates; keep them fresh.
    "recompute-progress": {
        "task": "reports.tasks.recompute_progress",
        "schedule": env.float("AGGREGATES_RECOMPUTE_SECONDS", default=60.0),
    },
    # Once a night every figure is read again from the initiatives (local time, CELERY_TIMEZONE).
    "recompute-progress-full": {
        "task": "reports.tasks.recompute_progress",
        "schedule": crontab(hour=env.int("AGGREGATES_FULL_RECOMPUTE_HOUR", default=2), minute=30),
        "kwargs": {"full": True},
    },
    # Import runs uploaded while the broker was down.
    "start-queued-imports": {
        "task": "submissions.tasks.start_queued_imports",
        "schedule": 60.0,
    },
    # Each officer's digest of what waits for their review, and the escalations of late units
    # (reports.digests): built once a local day from DIGEST_HOUR on. The beat asks every quarter
    # of an hour, so a broker away at that hour delays the day's digests instead of losing
    # them; a run after the day's first builds nothing.
    "build-digests": {
        "task": "reports.tasks.build_digests",
        "schedule": crontab(minute="*/15"),
    },
    # Digest e-mails that could not be queued or sent (broker or mail server down).
    "send-pending-digest-emails": {
        "task": "reports.tasks.send_pending_digest_emails",
        "schedule": env.float("NOTIFICATION_SWEEP_SECONDS", default=60.0),
    },
    # Notification e-mails that could not be queued or sent (broker or mail server down).
    "send-pending-notification-emails": {
        "task": "reviews.tasks.send_pending_notification_emails",
        "schedule": env.float("NOTIFICATION_SWEEP_SECONDS", default=60.0),
    },
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_TLS_PROXY", default=False) else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
# Load balancers probe /healthz over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Dashboards say plainly that figures are stale when the last recompute is older than this.
AGGREGATES_STALE_AFTER_SECONDS = env.int("AGGREGATES_STALE_AFTER_SECONDS", default=600)

# The official report (README, "The official report"): the place on its date line when the
# unit is not under a province federation, and the LibreOffice that turns it into PDF
# (found on PATH when unset; no binary found means no PDF link and a 503 at its address).
REPORT_PLACE = env.str("REPORT_PLACE", default="Hà Nội")
LIBREOFFICE_BINARY = env.str("LIBREOFFICE_BINARY", default="")
LIBREOFFICE_TIMEOUT_SECONDS = env.int("LIBREOFFICE_TIMEOUT_SECONDS", default=60)
# At most this many conversions at once on a machine (each takes some 200 MB); a request
# waits up to LIBREOFFICE_WAIT_SECONDS for a free slot, then answers 503.
LIBREOFFICE_MAX_RUNNING = env.int("LIBREOFFICE_MAX_RUNNING", default=2)
LIBREOFFICE_WAIT_SECONDS = env.float("LIBREOFFICE_WAIT_SECONDS", default=10.0)
LIBREOFFICE_SLOTS_DIR = env.str("LIBREOFFICE_SLOTS_DIR", default="")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_one_line": {"()": "operations.logging.ForbiddenOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Django's own handlers (a console with DEBUG on, mail to ADMINS, which is empty) would
        # write each of its records a second time: the root's handler writes them once.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["forbidden_one_line"]},
    },
}

# LOG_FORMAT=json: one JSON object per line (requests, decisions, tasks), for log collectors.
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured("LOG_FORMAT must be 'text' or 'json'.")
if LOG_FORMAT == "json":
    LOGGING["formatters"] = {"json": {"()": "operations.logging.JsonFormatter"}}
    LOGGING["handlers"]["console"]["formatter"] = "json"
    # Keep the worker's own log set-up from replacing the JSON handler.
    CELERY_WORKER_HIJACK_ROOT_LOGGER = False
