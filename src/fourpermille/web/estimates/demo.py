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


# --- Demo inputs of the complete ex-ante assessment --------------------------------------------------------
# The first demo project (cover crops in the Beauce plain, France, cool temperate moist) gets a monthly
# climate and a baseline with three alternative scenarios. The climate is the first year of the Rothamsted
# RothC-26.3 example run (RothC_Code v2.0.0 RothC_input.dat; a temperate cereal site), so RothC runs on a
# documented climate; the scenarios' areas, nitrogen, extra inputs, costs and yields are invented for the
# demonstration and labelled demo wherever they show.

DEMO_EXANTE_NOTE = "demo: Rothamsted RothC example climate (RothC_Code v2.0.0, year 1)"
#: Rothamsted example, year 1: temperature [°C], rainfall [mm], open-pan evaporation [mm], January first.
DEMO_CLIMATE = {
    "temperature_c": [3.73, 3.08, 5.49, 7.4, 10.94, 14.4, 16.28, 16.24, 13.78, 9.51, 6.22, 4.09],
    "rain_mm": [52.2, 42.9, 35.2, 52, 64.9, 46.3, 63.5, 60.6, 58.8, 63.4, 72.5, 60.9],
    "evaporation_mm": [6.6, 17.3, 40.7, 70.5, 103.5, 117.3, 130.1, 106.9, 61.9, 29.5, 8.8, 3.9],
}
#: Baseline nitrogen of the demo farm (invented): winter wheat, mineral fertiliser.
DEMO_BASELINE = {"synthetic_n_kg_ha": 170.0, "crop": "winter_wheat", "yield_t_ha": 7.5}
#: (name, [(practice code, share of the project area, years after the start, extra input t C/ha/yr)],
#:  investment EUR per ha, yearly EUR per ha, yield change %, nitrogen changes), invented for the demo.
DEMO_SCENARIOS = [
    (
        "Cover crops on the whole farm (demo)",
        [("cover-crops", 1.0, 1, 0.9)],
        0,
        60,
        -1.0,
        {"cover_crop_n_kg_ha": 30.0},
    ),
    (
        "Conservation agriculture on 60 % (demo)",
        [
            ("reduced-tillage", 0.6, 1, 0.6),
            ("cover-crops", 0.6, 1, None),
            ("residue-retention", 0.6, 1, None),
        ],
        120,
        35,
        -3.0,
        {"cover_crop_n_kg_ha": 30.0},
    ),
    (
        "Hedgerows and agroforestry (demo)",
        [("agroforestry", 0.15, 2, 0.3), ("hedgerows", 0.02, 2, None)],
        900,
        20,
        -2.0,
        {},
    ),
]


def demo_exante_project():
    """The demo project that shows the complete assessment (the first demo project), or None."""
    return Project.objects.filter(is_demo=True).order_by("pk").first()


def load_demo_exante() -> bool:
    """Give the demo project its site climate and scenarios (once); True if added."""
    from django.db import transaction

    from fourpermille.web.estimates import climate as climate_mod
    from fourpermille.web.estimates.models import Scenario, ScenarioPractice, SiteClimate
    from fourpermille.web.resources.models import Practice

    project = demo_exante_project()
    if project is None or Scenario.objects.filter(project=project).exists():
        return False
    area = float(project.area_ha)
    start = project.start.year
    practices = {p.code: p for p in Practice.objects.all()}
    with transaction.atomic():
        for site in project.sites.all():
            if SiteClimate.objects.filter(site=site).exists():
                continue
            table = climate_mod.typed_table(DEMO_CLIMATE)
            climate_mod.store_climate(
                site,
                table,
                evaporation_kind="pan",
                clay_pct=site.clay_pct or 24.0,
                depth_cm=30.0,
                source=DEMO_EXANTE_NOTE,
                is_demo=True,
            )
        baseline = Scenario(
            project=project,
            name="Baseline: winter wheat as today (demo)",
            is_baseline=True,
            description="Demo: today's rotation and fertiliser continued.",
            **DEMO_BASELINE,
        )
        baseline.is_demo = True
        baseline.save()
        for name, items, invest_ha, yearly_ha, yield_pct, nitrogen in DEMO_SCENARIOS:
            covered = max(share for _c, share, _y, _x in items) * area
            scenario = Scenario(
                project=project,
                name=name,
                description="Demo scenario (invented figures).",
                investment_eur=round(invest_ha * covered),
                yearly_cost_eur=round(yearly_ha * covered),
                yield_change_pct=yield_pct,
                **nitrogen,
            )
            scenario.is_demo = True
            scenario.save()
            for code, share, after, extra in items:
                ScenarioPractice.objects.create(
                    scenario=scenario,
                    practice=practices[code],
                    area_ha=round(share * area, 2),
                    adoption_year=start + after,
                    extra_input_t_c_ha_yr=extra,
                )
    return True
