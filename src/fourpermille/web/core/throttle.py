"""Login throttling: after ``LOGIN_MAX_FAILURES`` failed logins for one user name, or from one client
address, within ``LOGIN_LOCK_SECONDS``, further attempts are refused until the period has passed.

Failures are counted in the default cache (shared by all workers in production: a database cache).
Used by the login form (pages), the admin login (same form) and the API token endpoint.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver


def _keys(username: str | None, address: str | None) -> list[str]:
    keys = []
    if username:
        digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
        keys.append(f"login-failures:user:{digest}")
    if address:
        keys.append(f"login-failures:addr:{address}")
    return keys


def client_address(request) -> str | None:
    """The client's address as Django sees it (REMOTE_ADDR; a proxy must set it, not a header)."""
    return request.META.get("REMOTE_ADDR") if request is not None else None


def is_locked(username: str | None, address: str | None) -> bool:
    """True when the user name or the address has reached the failure limit."""
    limit = settings.LOGIN_MAX_FAILURES
    return any((cache.get(key) or 0) >= limit for key in _keys(username, address))


def record_failure(username: str | None, address: str | None) -> None:
    for key in _keys(username, address):
        if cache.add(key, 1, timeout=settings.LOGIN_LOCK_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_LOCK_SECONDS)


def reset(username: str | None, address: str | None) -> None:
    """Forget the user name's failures after a successful login (the address keeps its count)."""
    cache.delete_many(_keys(username, None))


@receiver(user_login_failed)
def _on_login_failed(sender, credentials, request=None, **kwargs):
    record_failure(credentials.get("username"), client_address(request))
