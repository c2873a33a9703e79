"""Permission predicates (django-rules). One source of truth for pages, admin and API.

Objects say which organisation owns them through ``organisation_id_for_permissions``.
Each app's ``rules.py`` combines these into Django-style permissions (``app.view_model`` ...), so
``user.has_perm("projects.change_project", project)`` and the admin ask the same question.
"""

from __future__ import annotations

import rules

from fourpermille.web.core import roles


@rules.predicate
def is_secretariat(user) -> bool:
    return roles.is_secretariat(user)


@rules.predicate
def is_reviewer(user) -> bool:
    return roles.is_reviewer(user)


@rules.predicate
def is_editor(user) -> bool:
    return roles.is_editor(user)


@rules.predicate
def is_org_editor(user, obj) -> bool:
    """The user edits for the organisation that owns ``obj``."""
    if obj is None or not roles.is_editor(user):
        return False
    organisation_id = getattr(obj, "organisation_id_for_permissions", None)
    if organisation_id is None:
        project = _project_of(obj)
        organisation_id = project.organisation_id if project is not None else None
    return organisation_id is not None and roles.editor_organisation_id(user) == organisation_id


@rules.predicate
def is_authenticated(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def _project_of(obj):
    from fourpermille.web.projects.models import Project

    if obj is None:
        return None
    if isinstance(obj, Project):
        return obj
    if hasattr(obj, "project"):
        return obj.project
    if hasattr(obj, "site"):
        return obj.site.project
    if hasattr(obj, "assessment"):
        return obj.assessment.project
    return None


project_of = _project_of


@rules.predicate
def is_assigned_reviewer(user, obj) -> bool:
    """The user is an STC reviewer assigned to the assessment of ``obj``'s project."""
    project = _project_of(obj)
    if project is None or not roles.is_reviewer(user):
        return False
    from fourpermille.web.assessment.models import ReviewerAssignment

    return ReviewerAssignment.objects.filter(assessment__project=project, reviewer=user).exists()


@rules.predicate
def is_published(user, obj) -> bool:
    project = _project_of(obj)
    return project is not None and project.is_published


always = rules.always_allow


def add_module_perm(app_label: str) -> None:
    """The admin shows an app to the secretariat (object rules decide the rest)."""
    if not rules.perm_exists(app_label):
        rules.add_perm(app_label, is_secretariat)
