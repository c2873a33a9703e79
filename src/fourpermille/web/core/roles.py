"""The platform's roles. Each is a Django group; an editor also has an organisation (community.Person).

| role | group | may |
|---|---|---|
| organisation editor | ``editor`` | change their own organisation's records (commitments, projects ...) |
| STC reviewer | ``stc_reviewer`` | see and assess only the projects they are assigned to |
| secretariat | ``secretariat`` | manage members, assignments, criteria framework, roadmap; publish |

Superusers count as secretariat.
"""

from __future__ import annotations

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

EDITOR = "editor"
REVIEWER = "stc_reviewer"
SECRETARIAT = "secretariat"

ROLE_LABELS = {
    EDITOR: _("Organisation editor"),
    REVIEWER: _("STC reviewer"),
    SECRETARIAT: _("Secretariat"),
}


def _groups(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_fourpermille_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._fourpermille_groups = cached
    return cached


def is_secretariat(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or SECRETARIAT in _groups(user)


def is_reviewer(user) -> bool:
    return REVIEWER in _groups(user)


def is_editor(user) -> bool:
    return EDITOR in _groups(user) and editor_organisation_id(user) is not None


def editor_organisation_id(user) -> int | None:
    """The organisation the user edits for, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    person = getattr(user, "person", None) if _has_person(user) else None
    return person.organisation_id if person is not None else None


def _has_person(user) -> bool:
    try:
        user.person  # noqa: B018
    except ObjectDoesNotExist:
        return False
    return True


def role_names(user) -> list[str]:
    """The user's roles, as labels to show."""
    names = []
    if is_secretariat(user):
        names.append(str(ROLE_LABELS[SECRETARIAT]))
    if is_reviewer(user):
        names.append(str(ROLE_LABELS[REVIEWER]))
    if is_editor(user):
        names.append(str(ROLE_LABELS[EDITOR]))
    return names
