from django import template

from fourpermille.web.notifications.services import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The logged-in user's unread notifications (0 for a visitor)."""
    request = context.get("request")
    return unread_count(getattr(request, "user", None))
