"""WSGI entry point (gunicorn thinka_site.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thinka_site.settings")
application = get_wsgi_application()
