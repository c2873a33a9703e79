"""Settings shared by every environment. Environment variables (all optional here):

``DATABASE_URL`` (default: SQLite file ``var/fourpermille.sqlite3`` under ``FOURPERMILLE_VAR``),
``FOURPERMILLE_VAR`` (directory for the database, uploads and collected static files; default ``var``),
``FOURPERMILLE_STATIC_ROOT`` (collected static files; default ``static`` under ``FOURPERMILLE_VAR``),
``FOURPERMILLE_SQLITE_BUSY_TIMEOUT`` [s], ``DJANGO_SECRET_KEY``, ``DJANGO_DEBUG``, ``DJANGO_ALLOWED_HOSTS``,
``FOURPERMILLE_MAX_UPLOAD_BYTES``, ``FOURPERMILLE_LOGIN_MAX_FAILURES``, ``FOURPERMILLE_LOGIN_LOCK_SECONDS``,
``FOURPERMILLE_MAP_TILE_URL`` and ``FOURPERMILLE_MAP_TILE_ATTRIBUTION`` (optional tiles under the maps);
e-mail: ``FOURPERMILLE_SITE_URL``, ``DJANGO_EMAIL_HOST`` (SMTP when set; the console otherwise),
``DJANGO_EMAIL_PORT``, ``DJANGO_EMAIL_HOST_USER``, ``DJANGO_EMAIL_HOST_PASSWORD``, ``DJANGO_EMAIL_USE_TLS``,
``DJANGO_DEFAULT_FROM_EMAIL``, ``FOURPERMILLE_MAX_DOCUMENT_BYTES``, ``FOURPERMILLE_MAX_LIBRARY_FILE_BYTES``.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from fourpermille.web.settings.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("FOURPERMILLE_VAR", "var")).resolve()

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "insecure-development-key-not-for-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    # before the admin: its admin classes and the translated fields of registered models (translation.py)
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "crispy_forms",
    "crispy_bootstrap5",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    "fourpermille.web.core",
    "fourpermille.web.community",
    "fourpermille.web.resources",
    "fourpermille.web.toolbox",
    "fourpermille.web.roadmap",
    "fourpermille.web.commitments",
    "fourpermille.web.projects",
    "fourpermille.web.assessment",
    "fourpermille.web.monitoring",
    "fourpermille.web.api",
    "fourpermille.web.dashboard",
    "fourpermille.web.estimates",
    "fourpermille.web.ops",
    "fourpermille.web.portal",
    "fourpermille.web.registry",
    "fourpermille.web.notifications",
    "fourpermille.web.library",
    "fourpermille.web.search",
    "fourpermille.web.helpdesk",
    "fourpermille.web.groups",
    "fourpermille.web.events",
    "fourpermille.web.tools",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fourpermille.web.api.middleware.ApiErrorsAsJsonMiddleware",
    "fourpermille.web.core.middleware.RejectNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "fourpermille.web.urls"
WSGI_APPLICATION = "fourpermille.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fourpermille.web.core.context_processors.roles_context",
            ],
        },
    },
]

# Forms render through Bootstrap 5 (django-crispy-forms' bootstrap5 pack) wherever a template writes
# {{ form }} or {{ form.as_p }}: one look for every form, help text under each field.
FORM_RENDERER = "fourpermille.web.core.forms.BootstrapFormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

#: SQLite for concurrent use: write-ahead log (readers never wait for the writer), a busy timeout so a
#: writer waits for the lock instead of failing at once, and transactions that take the write lock when
#: they begin (IMMEDIATE): a deferred transaction that reads, then writes, fails with "database is locked"
#: whatever the timeout when another writer got in between.
SQLITE_BUSY_TIMEOUT_S = env_int("FOURPERMILLE_SQLITE_BUSY_TIMEOUT", 30)
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "timeout": SQLITE_BUSY_TIMEOUT_S,
    "transaction_mode": "IMMEDIATE",
}


def database(url: str, conn_max_age: int = 0) -> dict:
    """Django's database settings for ``url``; SQLite gets ``SQLITE_OPTIONS``."""
    config = dj_database_url.parse(url, conn_max_age=conn_max_age)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


DATABASES = {
    "default": database(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'fourpermille.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Login throttling (fourpermille.web.core.throttle): after this many failed attempts for one user name
# (or from one address) within the lock period, further attempts are refused until it has passed.
LOGIN_MAX_FAILURES = env_int("FOURPERMILLE_LOGIN_MAX_FAILURES", 5)
LOGIN_LOCK_SECONDS = env_int("FOURPERMILLE_LOGIN_LOCK_SECONDS", 15 * 60)

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
# Dates are ISO 8601 in every language (fourpermille.web.formats); numbers follow the locale.
FORMAT_MODULE_PATH = ["fourpermille.web.formats"]
# Data users read (roadmap objectives, criteria and indicators, practices) is translated field by field
# (django-modeltranslation: ``text_en``, ``text_fr``, ``text_es``; each app's translation.py). A text not
# yet translated shows in English, else in whichever language it was written.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr", "es")
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("FOURPERMILLE_STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Uploads: a soil measurement table larger than this is refused with a form error (and Django refuses
# request bodies above DATA_UPLOAD_MAX_MEMORY_SIZE outright).
MAX_UPLOAD_BYTES = env_int("FOURPERMILLE_MAX_UPLOAD_BYTES", 2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES + 64 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000

# Maps draw Natural Earth's country boundaries shipped in the package; an installation with its own tile
# server may put its tiles under them ({z}/{x}/{y} URL template and the attribution its licence asks for).
MAP_TILE_URL = env_str("FOURPERMILLE_MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("FOURPERMILLE_MAP_TILE_ATTRIBUTION", "")
# Documents of join requests (signed Declaration of Intent, proof of non-profit status): PDF, PNG or JPEG,
# checked by content, stored under a random name, served to the secretariat only.
MAX_DOCUMENT_BYTES = env_int("FOURPERMILLE_MAX_DOCUMENT_BYTES", 5 * 1024 * 1024)
# Files of the resource library (PDF, office documents, ZIP, CSV: library.forms), checked by content.
MAX_LIBRARY_FILE_BYTES = env_int("FOURPERMILLE_MAX_LIBRARY_FILE_BYTES", 20 * 1024 * 1024)

# E-mail: printed on the console unless an SMTP host is set. Links in e-mails sent outside a request
# (notifications) start with SITE_URL.
SITE_URL = env_str("FOURPERMILLE_SITE_URL", "http://127.0.0.1:8000")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "")
EMAIL_BACKEND = "django.core.mail.backends." + ("smtp" if EMAIL_HOST else "console") + ".EmailBackend"
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "4 per 1000 platform <noreply@localhost>")
# Joining: the applicant's e-mail confirmation link and an invitation stay valid this many days; a link
# to choose a password (reset, or a new account) for PASSWORD_RESET_TIMEOUT [s].
JOIN_CONFIRM_VALID_DAYS = env_int("FOURPERMILLE_JOIN_CONFIRM_VALID_DAYS", 3)
INVITATION_VALID_DAYS = env_int("FOURPERMILLE_INVITATION_VALID_DAYS", 7)
PASSWORD_RESET_TIMEOUT = env_int("FOURPERMILLE_PASSWORD_RESET_TIMEOUT", 3 * 24 * 3600)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["fourpermille.web.api.permissions.RulesPermission"],
    "DEFAULT_PARSER_CLASSES": [
        "fourpermille.web.api.parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "fourpermille.web.api.filters.FilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "fourpermille.web.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "fourpermille.web.api.exceptions.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": "10/min"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "fourpermille platform API",
    "DESCRIPTION": (
        "Public, read-only: published projects, organisations, roadmap objectives, aggregated figures. "
        "Writes need a token (POST /api/token/) and follow the same permissions as the pages."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ProjectStatusEnum": "fourpermille.web.projects.models.ProjectStatus",
        "OrganisationStatusEnum": "fourpermille.web.community.models.OrganisationStatus",
        "FrameworkStatusEnum": "fourpermille.web.assessment.models.FrameworkStatus",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "WARNING")},
}
