"""E-mails of the platform: rendered from templates in the recipient's language, sent once the
transaction that caused them has committed (a rolled-back decision sends nothing).

The backend is Django's: the console by default, SMTP when ``DJANGO_EMAIL_HOST`` is set (settings.base).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

logger = logging.getLogger(__name__)


def absolute_url(path: str, request=None) -> str:
    """``path`` as a full address: the request's host when there is one, else ``settings.SITE_URL``."""
    if request is not None:
        return request.build_absolute_uri(path)
    return settings.SITE_URL.rstrip("/") + path


def localised_url(name: str, language: str, request=None, args=(), kwargs=None) -> str:
    """The full address of the URL ``name`` in ``language`` (its prefix: /fr/, /es/; none for English)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return absolute_url(reverse(name, args=args, kwargs=kwargs), request)


def user_language(user) -> str:
    """The language a user reads e-mails in: their setting (community.Person), else the site's default."""
    # A missing Person raises RelatedObjectDoesNotExist, an AttributeError: getattr's default applies.
    person = getattr(user, "person", None)
    return (person.language if person is not None else "") or settings.LANGUAGE_CODE


def render(template: str, context: dict, language: str) -> tuple[str, str]:
    """(subject, body) from ``<template>_subject.txt`` and ``<template>_body.txt`` in ``language``."""
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"{template}_subject.txt", context).strip().replace("\n", " ")
        body = render_to_string(f"{template}_body.txt", context)
    return subject, body


def send(to: str, template: str, context: dict, language: str) -> None:
    """Render now (in ``language``), send after commit. A failing mail server is logged, never raised:
    the decision it reports has been stored and stays stored."""
    if not to:
        return
    subject, body = render(template, context, language)

    def deliver():
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
        except Exception:  # noqa: BLE001  (SMTP errors are many; the record is safe either way)
            logger.exception("e-mail %r to %s not sent", template, to)

    transaction.on_commit(deliver, robust=True)
