"""Events are public. Logged-in people register for an open event (not cancelled, not begun, not
full) and cancel their registration; the secretariat creates events; the secretariat and an event's
organisers change it, cancel it, see who registered (and the online link) and mark attendance. Someone
who organises an event may also create new ones."""

import rules

from fourpermille.web.core.predicates import add_module_perm, always, is_authenticated, is_secretariat


@rules.predicate
def is_event_organiser(user, event) -> bool:
    if event is None or not getattr(user, "is_authenticated", False):
        return False
    return event.organisers.filter(pk=user.pk).exists()


@rules.predicate
def organises_events(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.organised_events.exists()


@rules.predicate
def is_registered(user, event) -> bool:
    if event is None or not getattr(user, "is_authenticated", False):
        return False
    return event.registrations.filter(user=user).exists()


@rules.predicate
def is_open(user, event) -> bool:
    return event is not None and not event.cancelled and not event.has_started


@rules.predicate
def has_room(user, event) -> bool:
    return event is not None and not event.is_full()


can_manage = is_secretariat | is_event_organiser

rules.add_perm("events.view_event", always)
rules.add_perm("events.add_event", is_secretariat | organises_events)
rules.add_perm("events.change_event", can_manage)
rules.add_perm("events.delete_event", is_secretariat)
rules.add_perm("events.cancel_event", can_manage)
rules.add_perm("events.register", is_authenticated & is_open & ~is_registered & has_room)
rules.add_perm("events.unregister", is_registered & is_open)
rules.add_perm("events.see_online_link", is_registered | can_manage)
rules.add_perm("events.view_registrations", can_manage)
rules.add_perm("events.mark_attendance", can_manage)

rules.add_perm("events.view_registration", is_secretariat)
rules.add_perm("events.add_registration", is_secretariat)
rules.add_perm("events.change_registration", is_secretariat)
rules.add_perm("events.delete_registration", is_secretariat)

add_module_perm("events")
