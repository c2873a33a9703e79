"""Sending, counting and reading notifications.

``notify`` is called by the receivers (``receivers.py``) once the change they report has committed: each
recipient gets the notification in the platform and/or by e-mail as their preferences say (both, when they
never chose). E-mails are written in the recipient's language (community.Person.language) and sent by
Django's mail backend (the console unless SMTP is set)."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from fourpermille.web.community import mail
from fourpermille.web.core import roles
from fourpermille.web.notifications.messages import text
from fourpermille.web.notifications.models import Kind, Notification, Preference


def localised_path(path: str, language: str | None = None) -> str:
    """An English path (no prefix) in ``language`` (default: the active one): /fr/..., /es/..."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if not path.startswith("/") or language == settings.LANGUAGE_CODE:
        return path
    return f"/{language}{path}"


def preferences(user) -> dict[str, tuple[bool, bool]]:
    """kind -> (in the platform, by e-mail) for every kind; a kind never chosen is (True, True)."""
    chosen = {p.kind: (p.in_app, p.email) for p in Preference.objects.filter(user=user)}
    return {kind: chosen.get(kind, (True, True)) for kind in Kind.values}


@transaction.atomic
def set_preferences(user, choices: dict[str, tuple[bool, bool]]) -> None:
    for kind, (in_app, email) in choices.items():
        if kind not in Kind.values:
            raise ValueError(f"unknown notification kind {kind!r}; allowed: {', '.join(Kind.values)}")
        Preference.objects.update_or_create(user=user, kind=kind, defaults={"in_app": in_app, "email": email})


def notify(
    recipients: Iterable, kind: str, params: dict, url: str = "", exclude=None, email: bool = True
) -> list[Notification]:
    """Notify each active recipient once (``exclude``: the user who acted). ``url``: an English path.
    ``email=False`` keeps it in the platform (demo records: their accounts' addresses are invented)."""
    users = {u.pk: u for u in recipients if u is not None and u.is_active}
    if exclude is not None:
        users.pop(exclude.pk, None)
    if not users:
        return []
    chosen = {p.user_id: (p.in_app, p.email) for p in Preference.objects.filter(user_id__in=users, kind=kind)}
    created = []
    for user in users.values():
        in_app, by_email = chosen.get(user.pk, (True, True))
        notification = Notification(recipient=user, kind=kind, params=params, url=url)
        if in_app:
            notification.save()
            created.append(notification)
        if by_email and email and user.email:
            language = mail.user_language(user)
            with translation.override(language):
                sentence = text(notification)
            link = mail.absolute_url(localised_path(url, language)) if url else ""
            mail.send(
                user.email,
                "notifications/email/notification",
                {"user": user, "sentence": sentence, "link": link, "kind": Kind(kind).label},
                language,
            )
    return created


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications read (``ids``; None: all). Another user's ids change nothing."""
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=list(ids))
    return queryset.update(read_at=timezone.now())


# --- who receives what -----------------------------------------------------------------------------------


def _active():
    return get_user_model().objects.filter(is_active=True)


def secretariat():
    return _active().filter(Q(groups__name=roles.SECRETARIAT) | Q(is_superuser=True)).distinct()


def organisation_editors(organisation_id):
    return _active().filter(groups__name=roles.EDITOR, person__organisation_id=organisation_id).distinct()


def project_reviewers(project):
    return _active().filter(review_assignments__assessment__project=project).distinct()
