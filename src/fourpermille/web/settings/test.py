"""Tests (pytest-django): SQLite in memory by default; PYTEST_DATABASE_URL selects another database.

``make test`` runs the web tests a second time with PYTEST_DATABASE_URL=$TEST_DATABASE_URL (PostgreSQL).
"""

import os

import dj_database_url

from fourpermille.web.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
_url = os.environ.get("PYTEST_DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(_url)
    if _url
    else {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}
}
# A fast hasher keeps the permission matrix quick; production uses Django's default (PBKDF2).
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
