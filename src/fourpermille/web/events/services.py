"""Registrations (with their notifications), attendance and cancelling an event. Each function checks the
permission from ``events.rules`` and raises ``NotAllowed``, or ``WorkflowError`` with the reason to show."""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from fourpermille.web.core.errors import NotAllowed, WorkflowError
from fourpermille.web.events.models import Event, Registration
from fourpermille.web.notifications.models import Kind
from fourpermille.web.notifications.services import notify


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def register(event: Event, user, is_demo: bool = False) -> Registration:
    """Register ``user``; the organisers are told and the person gets a confirmation
    (Kind.EVENT_REGISTRATION).
    A full event refuses (``WorkflowError``): the event row is locked so two people cannot take the last
    place together."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.registrations.filter(user=user).exists():
        raise WorkflowError(_("You are already registered."))
    if event.cancelled:
        raise WorkflowError(_("The event is cancelled."))
    if event.has_started:
        raise WorkflowError(_("Registrations are closed: the event has begun."))
    if event.is_full():
        raise WorkflowError(_("Registrations are closed: the event is full."))
    if not user.has_perm("events.register", event):
        raise NotAllowed("events.register")
    registration = Registration.objects.create(event=event, user=user)
    with translation.override("en"):
        url = event.get_absolute_url()
    notify(
        [*event.organisers.all(), user],
        Kind.EVENT_REGISTRATION,
        {"who": display_name(user), "event": event.title},
        url=url,
        email=not (is_demo or event.is_demo),
    )
    return registration


def unregister(event: Event, user) -> None:
    if not user.has_perm("events.unregister", event):
        raise NotAllowed("events.unregister")
    event.registrations.filter(user=user).delete()


def mark_attendance(event: Event, by, attended_user_ids) -> int:
    """Set who attended (the registrations of ``attended_user_ids``; the others did not); once the event
    has begun. Returns how many attended."""
    if not by.has_perm("events.mark_attendance", event):
        raise NotAllowed("events.mark_attendance")
    if not event.has_started:
        raise WorkflowError(_("Attendance is marked once the event has begun."))
    wanted = {int(pk) for pk in attended_user_ids}
    with transaction.atomic():
        event.registrations.filter(user_id__in=wanted).update(attended=True)
        event.registrations.exclude(user_id__in=wanted).update(attended=False)
    return event.registrations.filter(attended=True).count()


def set_cancelled(event: Event, by, cancelled: bool = True) -> None:
    if not by.has_perm("events.cancel_event", event):
        raise NotAllowed("events.cancel_event")
    event.cancelled = cancelled
    event.save(update_fields=["cancelled", "updated_at"])
