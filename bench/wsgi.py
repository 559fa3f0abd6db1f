"""WSGI entry point of the benchmark server (``gunicorn bench.wsgi``), started as the portal's
(``initiatives_portal.wsgi``): the URLconf imported before the first request."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
application = get_wsgi_application()

from initiatives_portal.startup import urls_loaded  # noqa: E402 - after Django is set up

urls_loaded()
