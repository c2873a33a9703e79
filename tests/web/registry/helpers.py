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


def measured_record(project, period: str = "2020-2025", verified: bool = True):
    """An MRV result as the estimates app stores it from the example campaigns (examples/mrv): a readable
    change with its 4 per 1000 comparison, and its VM0042 credits for the project's area."""
    from pathlib import Path

    from fourpermille.io import mrv as mrv_io
    from fourpermille.web.estimates.models import MrvRecord

    examples = Path(__file__).resolve().parents[3] / "examples" / "mrv"
    change = mrv.measured_change(
        mrv_io.read_campaign(examples / "baseline_2020.csv"),
        mrv_io.read_campaign(examples / "repeat_2025.csv"),
        mrv.ChangeOptions(years=5),
    )
    credits = mrv.credits_for_change(change, "vm0042", buffer=0.2, area_ha=float(project.area_ha))
    return MrvRecord.objects.create(
        project=project,
        period=period,
        change=mrv_io.json_ready(change.to_dict()),
        credits=mrv_io.json_ready(credits.to_dict()),
        report_html="<p>report</p>",
        report_pdf=b"%PDF-1.4 test",
        verified=verified,
    )
