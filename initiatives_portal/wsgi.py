"""
WSGI config for initiatives_portal project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'initiatives_portal.settings')

application = get_wsgi_application()

from initiatives_portal.startup import urls_loaded  # noqa: E402 - after Django is set up

urls_loaded()
