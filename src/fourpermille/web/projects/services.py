"""Which projects a user sees (pages and API share this)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fourpermille.web.core import roles
from fourpermille.web.projects.models import Project, ProjectStatus, Site


def visible_projects(user, queryset: QuerySet | None = None) -> QuerySet:
    """Published projects for everyone; plus, for the secretariat all, for an editor their organisation's,
    for a reviewer the projects assigned to them (and no others)."""
    queryset = Project.objects.all() if queryset is None else queryset
    if roles.is_secretariat(user):
        return queryset
    condition = Q(status=ProjectStatus.PUBLISHED)
    if roles.is_editor(user):
        condition |= Q(organisation_id=roles.editor_organisation_id(user))
    if roles.is_reviewer(user):
        condition |= Q(assessment__assignments__reviewer=user)
    return queryset.filter(condition).distinct()


def visible_sites(user) -> QuerySet:
    return Site.objects.filter(project__in=visible_projects(user).values("pk"))
