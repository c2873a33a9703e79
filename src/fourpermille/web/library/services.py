"""Submitting, publishing and rejecting library documents, and the documents of a practice.

| step | from | to | who | notified |
|---|---|---|---|---|
| submit | (new) | submitted | a member | the secretariat (CONTRIBUTION_SUBMITTED) |
| submit by the secretariat | (new) | published | the secretariat | nobody |
| publish | submitted | published | the secretariat | the uploader (CONTRIBUTION_DECIDED, "published") |
| reject | submitted | rejected | the secretariat | the uploader (CONTRIBUTION_DECIDED, "rejected") |

Notifications leave once the change has committed; demo documents notify in the platform only.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fourpermille.web.core import roles
from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.library.models import Document, DocumentStatus
from fourpermille.web.notifications import services as notifications
from fourpermille.web.notifications.models import Kind

#: Decisions the secretariat takes: outcome key -> the status it gives.
OUTCOMES = {"published": DocumentStatus.PUBLISHED, "rejected": DocumentStatus.REJECTED}


def _path(document: Document) -> str:
    with translation.override("en"):
        return reverse("library:document-detail", args=[document.pk])


def _title(document: Document) -> str:
    with translation.override(document.language if document.language in ("en", "fr", "es") else "en"):
        return str(document.shown("title"))


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def submit(document: Document, user) -> Document:
    """Save a new ``document`` uploaded by ``user`` (its organisation's); the secretariat publishes its own
    uploads at once, a member's wait for the secretariat, who is notified."""
    if not user.has_perm("library.add_document"):
        raise NotAllowed(_("Only members and the secretariat add documents."))
    document.uploaded_by = user
    document.organisation_id = roles.editor_organisation_id(user)
    if roles.is_secretariat(user):
        document.status = DocumentStatus.PUBLISHED
        document.decided_by = user
        document.decided_at = timezone.now()
    else:
        document.status = DocumentStatus.SUBMITTED
    document.save()
    if document.status == DocumentStatus.SUBMITTED:
        params = {"who": _name(user), "title": _title(document)}
        path, demo = _path(document), document.is_demo
        transaction.on_commit(
            lambda: notifications.notify(
                notifications.secretariat(),
                Kind.CONTRIBUTION_SUBMITTED,
                params,
                url=path,
                exclude=user,
                email=not demo,
            ),
            robust=True,
        )
    return document


@transaction.atomic
def decide(document: Document, user, outcome: str, reason: str = "") -> Document:
    """Publish or reject a submitted document (``outcome``: "published" or "rejected"); the uploader is
    notified. Deciding twice is an error (the second click of a double click changes nothing)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown outcome {outcome!r}; allowed: {', '.join(OUTCOMES)}")
    if not user.has_perm("library.moderate_document", document):
        raise NotAllowed(_("Only the secretariat publishes or rejects documents."))
    locked = Document.objects.select_for_update().get(pk=document.pk)
    if locked.status != DocumentStatus.SUBMITTED:
        raise WorkflowError(
            _("This document was already decided (%(status)s).") % {"status": locked.get_status_display()}
        )
    locked.status = OUTCOMES[outcome]
    locked.decided_by = user
    locked.decided_at = timezone.now()
    locked.reason = reason.strip()
    locked.save(update_fields=["status", "decided_by", "decided_at", "reason", "updated_at"])
    uploader = locked.uploaded_by
    if uploader is not None:
        params = {"title": _title(locked), "outcome": outcome}
        path, demo = _path(locked), locked.is_demo
        transaction.on_commit(
            lambda: notifications.notify(
                [uploader], Kind.CONTRIBUTION_DECIDED, params, url=path, exclude=user, email=not demo
            ),
            robust=True,
        )
    document.refresh_from_db()
    return locked


def documents_for_practice(practice, user=None) -> QuerySet:
    """The library documents linked to ``practice`` that ``user`` may see (anonymous: the published ones),
    newest first."""
    from django.contrib.auth.models import AnonymousUser

    return Document.objects.visible_to(user or AnonymousUser()).about_practice(practice)
