"""A verified MRV result with credits, as the estimates app stores it, for the registry's tests."""

from __future__ import annotations

import datetime as dt

from fourpermille import mrv
from fourpermille.mrv import Estimate


def credits_dict(
    mean_t_ha: float = 1.0, area_ha: float = 100.0, buffer: float = 0.2, method: str = "vm0042"
) -> dict:
    """Credits by the core's rule set for a change of ``mean_t_ha`` [t C/ha] over ``area_ha`` [ha]."""
    credits = mrv.compute_credits(
        Estimate(mean=mean_t_ha, se=0.1, df=30), area_ha=area_ha, method=method, buffer=buffer
    )
    return credits.to_dict()


def organisation(name: str = "Registry org"):
    from fourpermille.web.community.models import Organisation

    return Organisation.objects.create(name=name, type="research", country="France", region="europe")


def project(org=None, title: str = "registry project", country: str = "France"):
    from fourpermille.web.projects.models import Project

    org = org or organisation()
    return Project.objects.create(
        organisation=org,
        title=title,
        summary="s",
        country=country,
        region="europe",
        modality=1,
        primary_aim="soc_increase",
        area_ha=100,
        start=dt.date(2020, 1, 1),
    )


def mrv_record(project, period: str = "2020-2025", verified: bool = True, credits: dict | None = "default"):
    from fourpermille.web.estimates.models import MrvRecord

    return MrvRecord.objects.create(
        project=project,
        period=period,
        change={"kind": "fourpermille.mrv.change", "test": True},
        credits=credits_dict() if credits == "default" else credits,
        report_html="<p>report</p>",
        verified=verified,
    )
