"""Event pages: upcoming and past lists, an event's page with registration, the organisers' attendance
sheet, and iCalendar files (all events, one event)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import CreateView, ListView, UpdateView

from fourpermille.web.core.errors import WorkflowError
from fourpermille.web.core.lists import ListPageMixin
from fourpermille.web.core.views import RulesMixin, deny
from fourpermille.web.events import services
from fourpermille.web.events.calendar import calendar
from fourpermille.web.events.forms import EventForm
from fourpermille.web.events.kpis import held
from fourpermille.web.events.lists import EXPORT_COLUMNS, SORT_FIELDS, EventFilter
from fourpermille.web.events.models import Event

ICS_TYPE = "text/calendar; charset=utf-8"


def with_counts(queryset):
    return queryset.annotate(
        registered=Count("registrations", distinct=True),
        attended=Count("registrations", filter=Q(registrations__attended=True), distinct=True),
    )


class EventList(ListPageMixin, ListView):
    """Upcoming events (not yet ended; cancelled ones are shown as such)."""

    model = Event
    template_name = "events/event_list.html"
    filterset_class = EventFilter
    sort_fields = SORT_FIELDS
    default_sort = "start"
    export_name = "events"
    export_columns = EXPORT_COLUMNS
    past = False

    def get_base_queryset(self):
        if self.past:
            return with_counts(held())
        return with_counts(Event.objects.filter(end__gte=timezone.now()))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["past"] = self.past
        context["can_add"] = user.has_perm("events.add_event")
        context["my_events"] = (
            set(user.event_registrations.values_list("event_id", flat=True))
            if user.is_authenticated
            else set()
        )
        return context


class PastEventList(EventList):
    """Events held: ended and not cancelled (what the roadmap's meeting KPIs count)."""

    past = True
    default_sort = "-start"
    export_name = "past-events"


def event_detail(request, pk):
    event = get_object_or_404(with_counts(Event.objects.all()), pk=pk)
    user = request.user
    registration = event.registrations.filter(user=user).first() if user.is_authenticated else None
    can_manage = user.has_perm("events.change_event", event)
    context = {
        "event": event,
        "object": event,
        "registration": registration,
        "organisers": event.organisers.order_by("username"),
        "places_left": event.places_left(),
        "is_full": event.is_full(),
        "can_register": user.has_perm("events.register", event),
        "can_unregister": user.has_perm("events.unregister", event),
        "can_see_link": user.has_perm("events.see_online_link", event),
        "can_change": can_manage,
        "can_cancel": user.has_perm("events.cancel_event", event),
        "can_mark": user.has_perm("events.mark_attendance", event) and event.has_started,
        "registrations": event.registrations.select_related("user") if can_manage else None,
    }
    return render(request, "events/event_detail.html", context)


class EventCreate(RulesMixin, CreateView):
    model = Event
    form_class = EventForm
    permission_required = "events.add_event"
    template_name = "events/form.html"

    def get_permission_object(self):
        return None

    def get_initial(self):
        return {"organisers": [self.request.user]}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("New event")}

    def form_valid(self, form):
        response = super().form_valid(form)
        if not self.object.organisers.exists():
            self.object.organisers.add(self.request.user)
        messages.success(self.request, _("Event created."))
        return response


class EventUpdate(RulesMixin, UpdateView):
    model = Event
    form_class = EventForm
    permission_required = "events.change_event"
    template_name = "events/form.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("Edit the event")}

    def form_valid(self, form):
        messages.success(self.request, _("Event saved."))
        return super().form_valid(form)


@require_POST
def event_cancel(request, pk):
    """Cancel the event (``cancelled=1``) or restore it (``cancelled=0``)."""
    event = get_object_or_404(Event, pk=pk)
    if not request.user.has_perm("events.cancel_event", event):
        return deny(request)
    cancelled = request.POST.get("cancelled", "1") == "1"
    services.set_cancelled(event, request.user, cancelled)
    messages.success(request, _("The event is cancelled.") if cancelled else _("The event is restored."))
    return redirect(event)


@require_POST
def event_register(request, pk):
    event = get_object_or_404(Event, pk=pk)
    if not request.user.is_authenticated:
        return deny(request)
    try:
        services.register(event, request.user)
    except WorkflowError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You are registered for “%(event)s”.") % {"event": event.title})
    return redirect(event)


@require_POST
def event_unregister(request, pk):
    event = get_object_or_404(Event, pk=pk)
    if not request.user.has_perm("events.unregister", event):
        return deny(request)
    services.unregister(event, request.user)
    messages.success(request, _("Your registration is cancelled."))
    return redirect(event)


def event_attendance(request, pk):
    """The organisers tick who attended, once the event has begun."""
    event = get_object_or_404(Event, pk=pk)
    if not request.user.has_perm("events.mark_attendance", event):
        return deny(request)
    if request.method == "POST":
        try:
            count = services.mark_attendance(event, request.user, request.POST.getlist("attended"))
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Attendance saved: %(n)d attended.") % {"n": count})
            return redirect(event)
    context = {"event": event, "registrations": event.registrations.select_related("user")}
    return render(request, "events/attendance.html", context)


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=ICS_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def events_feed(request):
    """Every event (cancelled ones marked CANCELLED), for a calendar application to subscribe to."""
    events = Event.objects.order_by("start", "pk")
    return _ics_response(calendar(events, request.build_absolute_uri, _("4 per 1000 events")), "events.ics")


def event_ics(request, pk):
    event = get_object_or_404(Event, pk=pk)
    return _ics_response(calendar([event], request.build_absolute_uri, event.title), f"event-{event.pk}.ics")
