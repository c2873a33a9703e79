"""WSGI entry point (``gunicorn fourpermille.web.wsgi``); production settings unless told otherwise.

The URL configuration (every view module and its reverse tables per language), the translation catalogues
and the platform's templates are loaded here rather than by the first request: with ``gunicorn --preload``
that happens once in the master before the workers fork, so a worker's first request is no slower than the
next.
"""

import os
from pathlib import Path

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fourpermille.web.settings.production")
application = get_wsgi_application()


def _populate(resolver) -> None:
    """Build the resolver's reverse lookup tables (per language: the URLs are translated), recursively."""
    from django.urls import URLResolver

    resolver.reverse_dict  # noqa: B018
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            _populate(pattern)


def _warm() -> None:
    from django.conf import settings
    from django.template.loader import get_template
    from django.template.utils import get_app_template_dirs
    from django.urls import get_resolver
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        translation.activate(code)
        _populate(get_resolver())
    translation.deactivate()
    ours = Path(__file__).parent
    project_dirs = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    for directory in [*project_dirs, *get_app_template_dirs("templates")]:  # compiled once (cached loader)
        if directory.is_relative_to(ours):
            for path in directory.rglob("*.html"):
                get_template(path.relative_to(directory).as_posix())


_warm()
