"""Production: gunicorn behind an HTTPS proxy, PostgreSQL. Requires DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS
and DATABASE_URL (postgres://...). SQLite is refused unless FOURPERMILLE_ALLOW_SQLITE=1 says it is meant
(one machine, light load: see docs/guide/platform.md).

``python -m fourpermille.web check --deploy --settings fourpermille.web.settings.production`` is clean.
Logs are JSON lines on standard error (``fourpermille.web.ops.logs``): one per request, and every error
with its traceback.
"""

from django.core.exceptions import ImproperlyConfigured

from fourpermille.web.ops import CACHE_TABLE
from fourpermille.web.settings.base import *  # noqa: F403
from fourpermille.web.settings.base import DATABASES, MIDDLEWARE
from fourpermille.web.settings.env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env_bool(
    "FOURPERMILLE_ALLOW_SQLITE", False
):
    raise ImproperlyConfigured(
        "The production settings run on PostgreSQL: set DATABASE_URL=postgres://user:password@host:5432/name "
        "(SQLite serialises every write; set FOURPERMILLE_ALLOW_SQLITE=1 to use it anyway)."
    )
# Workers keep their database connection between requests (checked before reuse).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)

# The login throttle and the dashboards' cached figures live in the cache: one shared by every worker
# process. Its table is created by ``migrate`` (fourpermille.web.ops, migration 0001).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": CACHE_TABLE,
        # Room for the dashboards' figures of the current data version (36 precomputed after each change,
        # plus the filtered ones): past MAX_ENTRIES the database cache deletes a third of its rows at
        # random, current figures included (Django's default, 300, is reached after a few changes).
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

MIDDLEWARE = ["fourpermille.web.ops.logs.RequestLogMiddleware", *MIDDLEWARE]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "fourpermille.web.ops.logs.JsonFormatter"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["stderr"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
    "loggers": {
        # One line per request (INFO); errors with their traceback come from django.request.
        "fourpermille.request": {"level": env_str("FOURPERMILLE_REQUEST_LOG_LEVEL", "INFO")},
        "django.request": {"level": "ERROR"},
        "gunicorn.error": {"level": "INFO", "handlers": ["stderr"], "propagate": False},
    },
}
