"""API permissions: the same rules as the pages (``user.has_perm("app.action_model", obj)``)."""

from __future__ import annotations

from rest_framework import permissions

ACTIONS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


def perm_name(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


class RulesPermission(permissions.BasePermission):
    """Reads follow ``view_*`` (object level); writes need an authenticated user with the rule's permission.

    Creation is checked at model level here and again on the object the serializer would create
    (``perform_create`` in the view sets), so an editor cannot create for another organisation.
    """

    def has_permission(self, request, view):
        model = getattr(getattr(view, "queryset", None), "model", None)
        if model is None:
            return request.method in permissions.SAFE_METHODS
        action = ACTIONS.get(request.method, "change")
        if action == "view":
            return True
        if not request.user or not request.user.is_authenticated:
            return False
        if action == "add" and getattr(view, "action", None) not in ("create", None):
            return True  # custom POST actions (transitions, uploads) check their own permission
        return request.user.has_perm(perm_name(model, action)) if action == "add" else True

    def has_object_permission(self, request, view, obj):
        action = ACTIONS.get(request.method, "change")
        if action == "add":
            return True  # custom POST actions on an object check their own permission
        return request.user.has_perm(perm_name(type(obj), action), obj)
