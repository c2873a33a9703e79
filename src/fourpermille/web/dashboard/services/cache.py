"""Figures cached under the dashboards' data version (``models.DataVersion``).

Every save or delete of a record the dashboards show raises the version in the same transaction
(``signals``; bulk loads call ``bump``). A cached figure is keyed by (version, chart, filters, language,
audience): once a change commits, the next request reads the new version (one indexed single-row query)
and recomputes. Processes never serve a figure older than the committed data, with any cache backend, and
no cache ever needs flushing.
"""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.db.models import F
from django.utils import translation

from fourpermille.web.core import roles
from fourpermille.web.dashboard.models import DataVersion

#: How long an unused cached figure stays [s] (a new version makes old entries unreachable anyway).
CACHE_SECONDS = 15 * 60
VERSION_ROW = 1


def current_version() -> int:
    return DataVersion.objects.filter(pk=VERSION_ROW).values_list("version", flat=True).first() or 0


def bump() -> None:
    if not DataVersion.objects.filter(pk=VERSION_ROW).update(version=F("version") + 1):
        DataVersion.objects.get_or_create(pk=VERSION_ROW, defaults={"version": 1})


def audience(user) -> str:
    """Who the figures are for: what they may see differs between these."""
    if user is None:
        return "public"
    if roles.is_secretariat(user):
        return "secretariat"
    if roles.is_editor(user) or roles.is_reviewer(user):
        return f"user-{user.pk}"
    return "public"


def cached(name: str, params: dict, compute, user=None):
    """``compute()`` or its cached value for the current data version."""
    key_data = json.dumps(
        [current_version(), name, params, translation.get_language(), audience(user)],
        sort_keys=True,
        default=str,
    )
    key = "dashboard:" + hashlib.sha256(key_data.encode()).hexdigest()
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value
