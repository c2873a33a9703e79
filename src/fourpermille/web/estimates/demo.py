"""Demo MRV results: the science core's MRV pipeline run on demo projects' own monitoring campaigns.

For ``DEMO_MRV_PROJECTS`` demo projects whose every site has at least two measurement campaigns (the demo
history of ``dashboard.demo`` adds them), the first and the latest campaign of each site (by sampling date)
are the baseline and repeat campaigns: the same profiles re-sampled, one stratum per site. The change
(``fourpermille.mrv.measured_change``: equivalent soil mass, paired points) and the VM0042 credits for the
project's area (``fourpermille.mrv.credits_for_change``) are computed by the same functions
``fourpermille mrv change`` / ``mrv credits`` call, and stored with their report. So the MRV result and the
monitoring page's rates come from the same (invented) measurements; they still measure different things
(docs/guide/mrv.md, "What the platform's figures measure"). Deterministic and labelled demo.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from fourpermille import mrv
from fourpermille.web.estimates import services
from fourpermille.web.estimates.models import MrvRecord
from fourpermille.web.monitoring.services import measurement_table
from fourpermille.web.projects.models import Project

DEMO_MRV_PROJECTS = 2  # how many demo projects get a result
DAYS_PER_YEAR = 365.25  # [d/yr] Julian year
DEMO_BUFFER = 0.2  # VM0042 non-permanence risk rating used for the demo credits [-]
DEMO_NOTE = "Demo: computed from the demo sites' first and latest campaigns (invented values, not real data)"


@dataclass
class DemoCampaigns:
    """A project's baseline and repeat campaigns (stocks layout + ``point_id, stratum``) and their dates."""

    baseline: pd.DataFrame
    repeat: pd.DataFrame
    years: float  # [yr] mean time between each site's two campaigns
    period: str  # first year - last year


def campaigns(project: Project, sampled_on: dict[int, date] | None = None) -> DemoCampaigns | None:
    """The first and latest campaign of every site of ``project``, or None if a site has fewer than two.

    ``sampled_on`` maps upload id -> sampling date; an upload not in it is dated by its upload day.
    """
    sampled_on = sampled_on or {}
    parts: dict[str, list[pd.DataFrame]] = {"baseline": [], "repeat": []}
    spans, starts, ends = [], [], []
    for n, site in enumerate(project.sites.order_by("name", "pk"), start=1):
        uploads = list(site.uploads.all())
        if len(uploads) < 2:
            return None
        dated = sorted((sampled_on.get(u.pk, u.uploaded_at.date()), u.pk, u) for u in uploads)
        (first_day, _pk0, first), (last_day, _pk1, last) = dated[0], dated[-1]
        for name, upload in (("baseline", first), ("repeat", last)):
            table = measurement_table(upload)
            table.insert(0, "stratum", site.name)
            table.insert(0, "point_id", [f"s{n}-{p}" for p in table.pop("profile_id")])
            parts[name].append(table)
        spans.append((last_day - first_day).days / DAYS_PER_YEAR)
        starts.append(first_day.year)
        ends.append(last_day.year)
    if not spans:
        return None
    return DemoCampaigns(
        pd.concat(parts["baseline"], ignore_index=True),
        pd.concat(parts["repeat"], ignore_index=True),
        round(sum(spans) / len(spans), 2),
        f"{min(starts)}-{max(ends)}",
    )


def compute(pair: DemoCampaigns, area_ha: float | None):
    """(ChangeReport, Credits): ``mrv change --esm --years`` then ``mrv credits --method vm0042``."""
    same_points = set(pair.baseline["point_id"]) == set(pair.repeat["point_id"])
    options = mrv.ChangeOptions(
        stocks=mrv.StockOptions(esm=True), design="paired" if same_points else "unpaired", years=pair.years
    )
    names = {"baseline": "first campaigns of the demo sites", "repeat": "latest campaigns of the demo sites"}
    change = mrv.measured_change(pair.baseline, pair.repeat, options, names=names)
    credits = mrv.credits_for_change(change, "vm0042", buffer=DEMO_BUFFER, area_ha=area_ha)
    return change, credits


def load_demo_mrv(sampled_on: dict[int, date] | None = None) -> int:
    """Store demo MRV results (once, for projects whose sites have two campaigns); returns how many."""
    if MrvRecord.objects.filter(is_demo=True).exists():
        return 0
    added = 0
    for i, project in enumerate(Project.objects.filter(is_demo=True).order_by("pk")[:DEMO_MRV_PROJECTS]):
        pair = campaigns(project, sampled_on)
        if pair is None:
            continue
        change, credits = compute(pair, float(project.area_ha) if project.area_ha else None)
        services.store_mrv_result(
            project, pair.period, change, credits, None, note=DEMO_NOTE, verified=i == 0, is_demo=True
        )
        added += 1
    return added


def compute_demo_estimates() -> int:
    """Compute and store the ex-ante estimate of every project (what ``load_demo`` shows straight away),
    all at once (``services.compute_ex_ante_many``)."""
    return services.compute_ex_ante_many(Project.objects.all())
