"""Which projects a user sees: ``Project.objects.visible_to(user)`` (pages, API, dashboards and the
``projects.view_project`` permission share it); these are its shorthands."""

from __future__ import annotations

from django.db.models import QuerySet

from fourpermille.web.projects.models import Project, Site


def visible_projects(user, queryset: QuerySet | None = None) -> QuerySet:
    """``queryset`` (all projects by default) narrowed to those ``user`` may see."""
    return (Project.objects.all() if queryset is None else queryset).visible_to(user)


def visible_sites(user) -> QuerySet:
    return Site.objects.filter(project__in=Project.objects.visible_to(user).values("pk"))
