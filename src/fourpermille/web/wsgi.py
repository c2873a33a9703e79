"""WSGI entry point (``gunicorn fourpermille.web.wsgi``); production settings unless told otherwise.

The URL configuration (every view module) and the translation catalogues are loaded here rather than by
the first request: with ``gunicorn --preload`` that happens once in the master before the workers fork, so
the first request a worker serves is no slower than the next.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fourpermille.web.settings.production")
application = get_wsgi_application()


def _warm() -> None:
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports every view)
    for code, _name in settings.LANGUAGES:
        translation.activate(code)
    translation.deactivate()


_warm()
