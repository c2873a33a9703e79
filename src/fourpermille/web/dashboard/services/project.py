"""What the project page shows: its sites (with their SOC summaries), the organisation's commitments, the
assessment's state and report where the user may see them, the ex-ante estimate and MRV results from
``providers``, and the measured stocks (``monitoring.project_series``)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fourpermille.web.dashboard import providers
from fourpermille.web.dashboard.services.tables import Table, rounded
from fourpermille.web.projects.models import Site


def project_sites(project) -> Table:
    """Every site of the project (monitored or not) with its centroid and SOC summary."""
    rows = []
    # the measurement count comes from the site summary (counted when it was refreshed), not a join over
    # every soil measurement
    sites = Site.objects.filter(project=project).select_related("soc").order_by("name", "pk")
    for site in sites:
        soc = getattr(site, "soc", None)
        rows.append(
            [
                site.pk,
                site.name,
                rounded(site.longitude, 4),
                rounded(site.latitude, 4),
                site.geometry_type,
                site.get_climate_zone_display(),
                site.baseline_soc_t_ha,
                soc.measurement_count if soc else 0,
                soc.observation_count if soc else 0,
                rounded(soc.latest_stock_t_ha, 2) if soc else None,
                rounded(soc.change_t_ha_yr, 3) if soc else None,
                rounded(soc.target_change_t_ha_yr, 3) if soc else None,
            ]
        )
    return Table(
        "project-sites",
        _("Sites"),
        [
            ("site_id", _("Site")),
            ("site", _("Site name")),
            ("longitude", _("Longitude")),
            ("latitude", _("Latitude")),
            ("geometry", _("Geometry")),
            ("climate_zone", _("Climate zone")),
            ("baseline", _("Baseline SOC [t C/ha]")),
            ("measurements", _("Soil measurements")),
            ("campaigns", _("Campaigns")),
            ("latest_stock", _("Latest SOC stock [t C/ha]")),
            ("change", _("Change [t C/ha/yr]")),
            ("target", _("4 per 1000 rate [t C/ha/yr]")),
        ],
        rows,
        meta={"chart": "sitemap", "mode": "sites", "lon": 2, "lat": 3, "name": 1, "value": 9, "fit": True},
    )


def assessment_context(project, user) -> dict:
    assessment = getattr(project, "assessment", None) if hasattr(project, "assessment") else None
    can_view = assessment is not None and user.has_perm("assessment.view_assessment", assessment)
    return {
        "assessment": assessment,
        "can_view_assessment": can_view,
        "results": (
            assessment.results.select_related("criterion", "criterion__step").order_by(
                "criterion__step__number", "criterion__position", "criterion__code"
            )
            if can_view
            else []
        ),
    }


def science_context(project) -> dict:
    return {"ex_ante": providers.ex_ante(project), "mrv_results": providers.mrv(project)}
