"""``{% map_assets %}``: Leaflet and the platform's map script, with what the script needs to know (the
shipped boundaries, an optional tile server, the texts in the page's language)."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fourpermille.web.community.models import Region

register = template.Library()

#: What "zoom to a region" shows: [south, west, north, east] [degrees], a frame around each region of
#: the initiative (community.models.Region), for display only.
REGION_BOUNDS = {
    Region.AFRICA: (-35.0, -18.0, 38.0, 52.0),
    Region.ASIA: (-47.0, 60.0, 55.0, 180.0),
    Region.EUROPE: (35.0, -25.0, 71.0, 45.0),
    Region.LATIN_AMERICA: (-56.0, -118.0, 33.0, -33.0),
    Region.NORTH_AMERICA: (14.0, -170.0, 72.0, -52.0),
    Region.MIDDLE_EAST: (12.0, -17.0, 42.0, 63.0),
}


def map_config() -> dict:
    language = (get_language() or "en")[:2]
    return {
        "lang": language if language in ("en", "fr", "es") else "en",
        "world": static("maps/vendor/world-atlas/countries-110m.json"),
        "tiles": settings.MAP_TILE_URL,
        "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
        "checkUrl": reverse("projects:geometry-check"),
        "outlinesUrl": reverse("projects:site-outlines"),
        "regions": [
            {"value": value, "label": str(label), "bounds": REGION_BOUNDS[value]}
            for value, label in Region.choices
        ],
        "texts": {
            "boundaries": _("Boundaries: Natural Earth"),
            "project": _("Project"),
            "area": _("Area"),
            "checking": _("Checking the geometry…"),
            "point": _("Point"),
            "areaOf": _("Polygon: %(area)s ha (geodesic area on the WGS 84 ellipsoid)"),
            "none": _("No geometry yet: draw the site on the map or upload a file."),
            "failed": _("The geometry could not be checked; it will be checked when you save."),
            "zoomTo": _("Zoom to"),
            "zoomIn": _("Zoom in"),
            "zoomOut": _("Zoom out"),
            "world": _("World"),
        },
    }


@register.inclusion_tag("projects/_map_assets.html")
def map_assets(draw: bool = False, cluster: bool = False) -> dict:
    """The map's style sheets and scripts; ``draw`` adds the drawing tools, ``cluster`` the clustering."""
    return {"draw": draw, "cluster": cluster, "config": map_config()}
