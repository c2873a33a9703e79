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


#: The most site outlines one map request returns (a map of more is the monitoring grid's job).
MAP_SITE_LIMIT = 5000


def site_features(sites) -> dict:
    """``sites`` as a GeoJSON FeatureCollection for the maps: geometry, and as properties the id, name,
    project, page, geometry type and geodesic area [ha] (stored by ``Site.measure``)."""
    import json

    features = []
    for site in sites:
        try:
            geometry = json.loads(site.geometry)
        except ValueError:
            continue
        features.append(
            {
                "type": "Feature",
                "id": site.pk,
                "geometry": geometry,
                "properties": {
                    "id": site.pk,
                    "name": site.name,
                    "project": site.project.title,
                    "url": site.get_absolute_url(),
                    "geometry_type": site.geometry_type,
                    "area_ha": site.area_ha,
                    "demo": site.is_demo,
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def visible_site_outlines(user) -> dict:
    """The polygon sites ``user`` may see, as GeoJSON (the monitoring maps draw them over their points)."""
    sites = (
        visible_sites(user)
        .filter(geometry_type__in=["Polygon", "MultiPolygon"])
        .select_related("project")
        .order_by("pk")[:MAP_SITE_LIMIT]
    )
    return site_features(sites)
