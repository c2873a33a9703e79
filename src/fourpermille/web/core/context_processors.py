"""Template context shared by every page: the user's roles."""

from __future__ import annotations

from fourpermille.web.core import roles


def roles_context(request):
    user = request.user
    return {
        "is_secretariat": roles.is_secretariat(user),
        "is_reviewer": roles.is_reviewer(user),
        "is_editor": roles.is_editor(user),
        "role_names": roles.role_names(user),
    }
