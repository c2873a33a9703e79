"""Figures cached under the dashboards' data version (``models.DataVersion``).

Every save or delete of a record the dashboards show raises the version in the same transaction
(``signals``; bulk loads call ``bump``). A cached figure is keyed by (version, chart, filters, language,
audience): once a change commits, the next request reads the new version (one indexed single-row query)
and recomputes. Processes never serve a figure older than the committed data, with any cache backend, and
no cache ever needs flushing.

Raising the version also recomputes, once the change has committed, the figures most requests ask for: the
public, unfiltered progress charts and SOC monitoring tables in every language
(``services.precompute``). So the dashboards' landing pages are read from the cache even just after a
change, and their aggregates are computed by the writer, not inside a GET. This is on when the cache is
shared between processes (the production database cache; ``DASHBOARD_PRECOMPUTE`` overrides): with a
per-process memory cache, figures computed by the writing process would not reach the others.
"""

from __future__ import annotations

import hashlib
import json
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import translation

from fourpermille.web.core import roles
from fourpermille.web.dashboard.models import DataVersion

#: How long an unused cached figure stays [s] (a new version makes old entries unreachable anyway).
CACHE_SECONDS = 15 * 60
VERSION_ROW = 1
#: Cache backends private to one process: figures precomputed by a writer would not reach the others.
PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)

logger = logging.getLogger(__name__)


def current_version() -> int:
    return DataVersion.objects.filter(pk=VERSION_ROW).values_list("version", flat=True).first() or 0


def bump(precompute: bool = True) -> None:
    """Raise the data version (in the caller's transaction); then, after commit, precompute the public
    figures (:func:`precompute_enabled`; ``precompute=False``: leave them to the next request)."""
    if not DataVersion.objects.filter(pk=VERSION_ROW).update(version=F("version") + 1):
        DataVersion.objects.get_or_create(pk=VERSION_ROW, defaults={"version": 1})
    if precompute and precompute_enabled() and not _scheduled():
        transaction.on_commit(_precompute_after_commit, robust=True)


def _scheduled() -> bool:
    """Whether the open transaction already has the precompute queued (many saves in one transaction: one
    precompute after it commits; a rollback drops the queue, and the mark with it)."""
    return any(entry[1] is _precompute_after_commit for entry in connection.run_on_commit)


def precompute_enabled() -> bool:
    """``DASHBOARD_PRECOMPUTE`` if set, else whether the cache is shared between processes."""
    explicit = getattr(settings, "DASHBOARD_PRECOMPUTE", None)
    if explicit is not None:
        return bool(explicit)
    return settings.CACHES["default"]["BACKEND"] not in PROCESS_LOCAL_CACHES


def _precompute_after_commit() -> None:
    """Runs after the change committed: it must never fail the request that made it (a failure only
    leaves the figures to be computed by the next request)."""
    from fourpermille.web.dashboard.services.precompute import precompute_public_figures

    try:
        precompute_public_figures()
    except DatabaseError as exc:
        logger.warning("dashboard figures not precomputed (%s); the next request computes them", exc)


def audience(user) -> str:
    """Who the figures are for: what they may see differs between these."""
    if user is None:
        return "public"
    if roles.is_secretariat(user):
        return "secretariat"
    if roles.is_editor(user) or roles.is_reviewer(user):
        return f"user-{user.pk}"
    return "public"


def _key(version: int, name: str, params: dict, user) -> str:
    key_data = json.dumps(
        [version, name, params, translation.get_language(), audience(user)],
        sort_keys=True,
        default=str,
    )
    return "dashboard:" + hashlib.sha256(key_data.encode()).hexdigest()


def cached_many(computes: dict, params: dict, user=None) -> dict:
    """``{name: compute()}`` (same filter ``params``), each from the cache when there for the current data
    version: the version is read once and the cache in one round trip, whatever the number of figures."""
    version = current_version()
    keys = {name: _key(version, name, params, user) for name in computes}
    found = cache.get_many(list(keys.values()))
    values, missing = {}, {}
    for name, compute in computes.items():
        value = found.get(keys[name])
        if value is None:
            value = missing[keys[name]] = compute()
        values[name] = value
    if missing:
        cache.set_many(missing, CACHE_SECONDS)
    return values
