"""WSGI entry point (``gunicorn fourpermille.web.wsgi``); production settings unless told otherwise."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fourpermille.web.settings.production")
application = get_wsgi_application()
