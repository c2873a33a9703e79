"""Ex-ante estimates and MRV results of platform projects: platform records in, science core out.

Ex-ante (``fourpermille.estimate``, IPCC 2019 Tier 1): each site of a project is one estimate unit (its
climate zone, IPCC soil class or measured 0-30 cm stock, the project's practices); the project's figure is
the mean over its sites (the platform records no area per site, so sites weigh equally) times the project
area. The platform records no current management, so each catalogue practice states the current state it
starts from (``STARTING_STATE``: cropland practices from full tillage with medium input, the IPCC reference;
grazing management from high-intensity grazing; grassland restoration from severely degraded grassland);
the assumption is written into the estimate's notes. RothC is not run: it needs monthly climate and the
plan's extra plant input, which the platform does not hold (docs/guide/ex-ante.md).

MRV: uploaded ``fourpermille mrv change`` / ``credits`` JSON files are checked and stored with the report
built by ``fourpermille.reports.mrv``.
"""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Avg
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from fourpermille import estimate as estimate_mod
from fourpermille.errors import FourPermilleError
from fourpermille.web.estimates.models import (
    ExAnteRecord,
    ExAnteStatus,
    MrvRecord,
    Scenario,
    ScenarioPractice,
    ex_ante_records_stored,
)

logger = logging.getLogger(__name__)

METHOD = "IPCC 2019 Tier 1"
#: Monte Carlo draws of the Tier 1 interval and their seed (fixed: the same project gives the same interval).
DRAWS = 2000
SEED = 4_1000
#: Depth of the Tier 1 stocks [cm] (IPCC default 0-30 cm); a site's baseline stock is used only at it.
TIER1_DEPTH_CM = 30.0

CROPLAND = {"land_use": "long_term_cultivated", "management": "full_tillage", "input": "medium"}
GRASSLAND = {"land_use": "grassland"}

#: Practice id of the catalogue (``fourpermille.practices``; a platform practice's code is its id with
#: hyphens) -> the current state it is taken to start from. Catalogue practices absent here have no IPCC
#: Tier 1 effect from a stated starting state (compost, biochar, rotations, reforestation, rewetting ...):
#: they are listed in the notes and left out of the estimate.
STARTING_STATE: dict[str, dict] = {
    "cover_crops": CROPLAND,
    "reduced_tillage": CROPLAND,
    "residue_retention": CROPLAND,
    "manure": CROPLAND,
    "irrigation": CROPLAND,
    "agroforestry": CROPLAND,
    "hedgerows": CROPLAND,
    "improved_grazing": {**GRASSLAND, "management": "high_intensity_grazing"},
    "degraded_land_restoration": {**GRASSLAND, "management": "severely_degraded"},
}


def catalogue_id(code: str) -> str:
    """The catalogue id of a platform practice code (the platform's records are seeded from the catalogue)."""
    return code.replace("-", "_")


GRASSLAND_DEFAULT = {"management": "nominally_managed", "input": "none"}


def reason(message: str, **params) -> dict:
    """What a project lacks, stored untranslated (``message`` marked with gettext_noop, and its
    parameters): the record is computed after a change commits, in whoever's language; each page shows it
    in its reader's (``reason_text``)."""
    return {"message": message, "params": params}


def reason_text(item) -> str:
    """A stored reason in the active language (records stored before the reasons were kept untranslated
    hold the sentence itself)."""
    if isinstance(item, str):
        return item
    text = _(item["message"])
    return text % item["params"] if item["params"] else text


class Missing(Exception):
    """The project lacks something the estimate needs; ``reasons`` says what (``reason`` items)."""

    def __init__(self, reasons: list[dict]):
        super().__init__("; ".join(reason_text(r) for r in reasons))
        self.reasons = reasons


def current_state(codes: list[str]) -> tuple[dict, list[str]]:
    """(current state, science practice ids) from the project's catalogue codes; Missing if none applies."""
    catalogue_ids = [catalogue_id(c) for c in codes]
    mapped = [(pid, STARTING_STATE[pid]) for pid in catalogue_ids if pid in STARTING_STATE]
    if not mapped:
        if codes:
            raise Missing(
                [
                    reason(
                        N_("none of the project's practices (%(codes)s) has an IPCC Tier 1 effect"),
                        codes=", ".join(codes),
                    )
                ]
            )
        raise Missing([reason(N_("the project lists no practice"))])
    state: dict = {}
    for _pid, premise in mapped:
        for key, value in premise.items():
            if state.get(key, value) != value:
                raise Missing(
                    [
                        reason(
                            N_("the practices start from different current %(what)s (%(a)s, %(b)s)"),
                            what=key.replace("_", " "),
                            a=state[key],
                            b=value,
                        )
                    ]
                )
            state[key] = value
    if state["land_use"] == "grassland":
        state = {**GRASSLAND_DEFAULT, **state}
    ids = list(dict.fromkeys(pid for pid, _p in mapped))
    return state, ids


def ex_ante_inputs(project) -> list[dict]:
    """The ``fourpermille estimate`` project mapping of each site (docs/guide/ex-ante.md); Missing if not.

    ``project`` comes with its practices and sites prefetched in order (``with_ex_ante_inputs``).
    """
    reasons = []
    codes = [practice.code for practice in project.practices.all()]
    # A project that lists no practice but has scenarios starts from the state their practices assume.
    scenario_codes = sorted({p.practice.code for s in project.scenarios.all() for p in s.practices.all()})
    try:
        state, ids = current_state(codes or scenario_codes)
        ids = ids if codes else []
    except Missing as missing:
        reasons += missing.reasons
        state, ids = None, []
    if project.area_ha is None or project.area_ha <= 0:
        reasons.append(reason(N_("the project has no area")))
    sites = list(project.sites.all())
    if not sites:
        reasons.append(reason(N_("the project has no site")))
    inputs = []
    for site in sites:
        stock = getattr(site, "measured_stock", None)  # (mean [t C/ha], profiles, upload id)
        measured = stock is not None or (
            site.baseline_soc_t_ha is not None
            and (site.baseline_depth_cm is None or site.baseline_depth_cm == TIER1_DEPTH_CM)
        )
        if not site.climate_zone:
            reasons.append(reason(N_("site %(site)s has no climate zone"), site=site.name))
        if not site.soil_class and not measured:
            reasons.append(
                reason(
                    N_("site %(site)s has neither an IPCC soil class nor a baseline SOC stock at 0-30 cm"),
                    site=site.name,
                )
            )
        data = {
            "project": f"{project.title} / {site.name}",
            "area_ha": float(project.area_ha or 0) or 1.0,
            "climate_zone": site.climate_zone,
            "current": dict(state or {}),
            "practices": ids,
            "strict_practices": False,
            "start_year": project.start.year,
            "uncertainty": {"draws": DRAWS, "seed": SEED},
        }
        if site.soil_class:
            data["soil_class"] = site.soil_class
        baseline = None
        if stock is not None:
            data["soc_t_ha"] = stock[0]
            baseline = {"source": "measured", "profiles": stock[1], "upload": stock[2]}
        elif measured:
            data["soc_t_ha"] = site.baseline_soc_t_ha
            baseline = {"source": "site"}
        climate = _site_climate(site)
        if climate is not None:
            data.update(
                clay_pct=climate.clay_pct,
                depth_cm=climate.depth_cm,
                climate=rothc_climate(climate, (state or CROPLAND)["land_use"]),
            )
        inputs.append({"site_id": site.pk, "site": site.name, "baseline": baseline, "input": data})
    if reasons:
        raise Missing(reasons)
    return inputs


def _site_climate(site):
    """The site's stored climate (prefetched by ``with_ex_ante_inputs``), or None."""
    from fourpermille.web.estimates.models import SiteClimate

    try:
        return site.climate
    except SiteClimate.DoesNotExist:
        return None


def rothc_climate(climate, land_use: str) -> dict:
    """The ``climate`` block of the project file: the typical year RothC repeats (a series averaged month
    by month, PET converted to pan evaporation) with the plant cover and input shares (the site's own, else
    the land use's documented default, ``climate.DEFAULTS``)."""
    from fourpermille.web.estimates import climate as climate_mod

    year = climate_mod.typical_year(climate)
    cover, share, _source = climate_mod.cover_and_shares(climate, land_use)
    total = sum(share)
    return {**year, "plant_cover": cover, "plant_input_share": [round(v / total, 9) for v in share]}


def measured_stocks(site_ids) -> dict[int, tuple[float, int, int]]:
    """{site id: (mean 0-30 cm stock [t C/ha], profiles counted, upload id)} of each site's latest upload
    (``monitoring.services.site_stocks``'s figure, for many sites in two queries)."""
    from django.db.models import Count, OuterRef, Subquery

    from fourpermille.web.monitoring.models import MeasurementUpload
    from fourpermille.web.monitoring.services import REPORTING_DEPTH_CM, included_stocks
    from fourpermille.web.projects.models import Site

    latest = MeasurementUpload.objects.filter(site=OuterRef("pk")).order_by("-uploaded_at", "-pk")
    uploads = dict(
        Site.objects.filter(pk__in=site_ids)
        .annotate(latest=Subquery(latest.values("pk")[:1]))
        .exclude(latest=None)
        .values_list("latest", "pk")
    )
    rows = (
        included_stocks()
        .filter(upload_id__in=list(uploads), depth_cm=REPORTING_DEPTH_CM)
        .order_by()
        .values("upload_id")
        .annotate(mean=Avg("soc_stock_t_ha"), n=Count("pk"))
    )
    return {uploads[r["upload_id"]]: (r["mean"], r["n"], r["upload_id"]) for r in rows}


def run_estimate(data: dict) -> dict:
    """``fourpermille.estimate`` of one project mapping, as the JSON ``fourpermille estimate -o`` writes."""
    return estimate_mod.to_json_dict(estimate_mod.estimate(estimate_mod.parse_project(data)))


#: Projects computed together by ``compute_ex_ante_many`` (memory: about 30 kB of JSON per project).
BULK_CHUNK = 2000


def with_ex_ante_inputs(projects):
    """``projects`` (a queryset) with what the estimate reads, prefetched in order: two queries a chunk."""
    from django.db.models import Prefetch

    from fourpermille.web.projects.models import Site
    from fourpermille.web.resources.models import Practice

    return projects.select_related("estimate_options").prefetch_related(
        Prefetch("practices", queryset=Practice.objects.order_by("code").only("pk", "code")),
        Prefetch(
            "sites",
            queryset=Site.objects.order_by("name", "pk")
            .select_related("climate")
            .prefetch_related("climate__months"),
        ),
        Prefetch(
            "scenarios",
            queryset=Scenario.objects.prefetch_related(
                Prefetch("practices", queryset=ScenarioPractice.objects.select_related("practice"))
            ),
        ),
    )


def _missing_record(project, reasons: list[str]) -> ExAnteRecord:
    return ExAnteRecord(
        project=project,
        method="",
        inputs=[],
        result=None,
        summary=None,
        missing=reasons,
        status=ExAnteStatus.MISSING,
        change_t_ha_yr=None,
        error="",
    )


def ex_ante_records(projects: list) -> list[ExAnteRecord]:
    """Unsaved records of ``projects`` (prefetched, ``with_ex_ante_inputs``): every site of every project
    estimated in one ``fourpermille.estimate.estimate_many`` call (one Monte Carlo run per group of alike
    sites); a project lacking an input gets a record naming what it lacks."""
    records: dict[int, ExAnteRecord] = {}
    ready = []  # (project, inputs, parsed site projects)
    stocks = measured_stocks([site.pk for project in projects for site in project.sites.all()])
    for project in projects:
        for site in project.sites.all():
            site.measured_stock = stocks.get(site.pk)
    for project in projects:
        try:
            inputs = ex_ante_inputs(project)
            parsed = []
            for item in inputs:
                try:
                    parsed.append(estimate_mod.parse_project(item["input"]))
                except FourPermilleError as error:
                    raise Missing(
                        [reason("%(site)s: %(error)s", site=item["site"], error=str(error))]
                    ) from None
        except Missing as missing:
            records[project.pk] = _missing_record(project, missing.reasons)
            continue
        ready.append((project, inputs, parsed))
    flat = [site for _p, _i, parsed in ready for site in parsed]
    try:
        estimates = iter(estimate_all(flat))
    except FourPermilleError:
        estimates = None  # one bad site: estimate one by one below, so that only its project says so
    for project, inputs, parsed in ready:
        sites = []
        try:
            for item, site in zip(inputs, parsed, strict=True):
                result = next(estimates) if estimates is not None else _estimate_one(item, site)
                sites.append({**item, "estimate": estimate_mod.to_json_dict(result)})
        except Missing as missing:
            records[project.pk] = _missing_record(project, missing.reasons)
            continue
        summary = combine(sites, float(project.area_ha))
        left_out = [p.code for p in project.practices.all() if catalogue_id(p.code) not in STARTING_STATE]
        scenario_missing = add_scenarios(project, inputs, sites)
        records[project.pk] = ExAnteRecord(
            project=project,
            method=METHOD,
            inputs=inputs,
            result={
                "sites": sites,
                "summary": summary,
                "left_out": left_out,
                "scenario_missing": scenario_missing,
                "scenario_summary": combine_scenarios(sites),
            },
            summary=summary,
            missing=[],
            status=ExAnteStatus.OK,
            change_t_ha_yr=summary["change_t_ha_yr"],
            error="",
        )
    return [records[project.pk] for project in projects]


# --- Scenarios: the greenhouse-gas balance of each (``fourpermille.estimate_scenarios``) ------------------

#: Alternatives the issue asks a project to compare with its baseline (the page says when fewer are given).
SCENARIOS_EXPECTED = 3
NITROGEN_FIELDS = ("synthetic_n_kg_ha", "organic_n_kg_ha", "cover_crop_n_kg_ha", "yield_t_ha")


def nitrogen_of(scenario) -> dict:
    """The nitrogen fields a scenario gives (per hectare; empty ones are left to the baseline's)."""
    out = {f: float(getattr(scenario, f)) for f in NITROGEN_FIELDS if getattr(scenario, f) is not None}
    if scenario.crop:
        out["crop"] = scenario.crop
    return out


def adoptions_of(scenario) -> list[dict]:
    """A scenario's practices as the project file's adoptions: practices with the same adoption area and
    year are one land unit (adopted together); their RothC extra inputs add up."""
    groups: dict[tuple[float, int], dict] = {}
    for item in scenario.practices.all():
        key = (float(item.area_ha), int(item.adoption_year))
        group = groups.setdefault(key, {"practices": [], "extra": None})
        group["practices"].append(catalogue_id(item.practice.code))
        if item.extra_input_t_c_ha_yr is not None:
            group["extra"] = (group["extra"] or 0.0) + float(item.extra_input_t_c_ha_yr)
    nitrogen = nitrogen_of(scenario)
    adoptions = []
    for (area, year), group in groups.items():
        adoption = {"practices": group["practices"], "area_ha": area, "year": year}
        if nitrogen:
            adoption["nitrogen"] = nitrogen
        if group["extra"] is not None:
            adoption["extra_input_t_c_ha_yr"] = group["extra"]
        adoptions.append(adoption)
    return adoptions


def estimate_options(project):
    """The project's balance options (GWP set, N2O factors), or None for the defaults."""
    from fourpermille.web.estimates.models import EstimateOptions

    try:
        return project.estimate_options
    except EstimateOptions.DoesNotExist:
        return None


def scenario_file(site_input: dict, scenarios: list, options=None) -> dict | None:
    """The project file with scenarios (what ``fourpermille estimate`` reads) of one site: the site's
    fields, the balance options, the baseline's nitrogen, one entry per alternative scenario; None without
    an alternative."""
    alternatives = [s for s in scenarios if not s.is_baseline]
    if not alternatives:
        return None
    data = {k: v for k, v in site_input.items() if k not in ("practices", "extra_input_t_c_ha_yr")}
    if options is not None:
        data["ghg"] = {"gwp": options.gwp, "n2o_factors": options.n2o_factors}
    baseline = next((s for s in scenarios if s.is_baseline), None)
    if baseline is not None and nitrogen_of(baseline):
        data["nitrogen"] = nitrogen_of(baseline)
    data["scenarios"] = []
    for scenario in alternatives:
        entry = {"id": f"s{scenario.pk}", "name": scenario.name, "adoptions": adoptions_of(scenario)}
        if scenario.investment_eur is not None or scenario.yearly_cost_eur is not None:
            entry["costs"] = {
                "investment_eur": float(scenario.investment_eur or 0),
                "yearly_eur": float(scenario.yearly_cost_eur or 0),
            }
        if scenario.yield_change_pct is not None:
            entry["yield_change_pct"] = float(scenario.yield_change_pct)
        data["scenarios"].append(entry)
    return data


def run_scenarios(data: dict) -> dict:
    """``fourpermille estimate`` of a project file with scenarios, as the JSON the command line writes
    (``ScenarioEstimate.to_dict``); RothC where the file gives a climate."""
    from fourpermille import estimate_scenarios as scenarios_mod
    from fourpermille.estimate_rothc import rothc_trajectory

    project = scenarios_mod.parse_scenario_project(data)
    return scenarios_mod.estimate_scenarios(project, rothc=rothc_trajectory).to_dict()


def add_scenarios(project, inputs: list[dict], sites: list[dict]) -> list:
    """Put each site's scenario file in its input item and its balance in its result (in place); returns
    what keeps the scenarios from being estimated (reasons), [] if nothing does."""
    scenarios = list(project.scenarios.all())
    if not [s for s in scenarios if not s.is_baseline]:
        return [reason(N_("the project has no alternative scenario"))] if scenarios else []
    missing = []
    for item, site in zip(inputs, sites, strict=True):
        data = scenario_file(item["input"], scenarios, estimate_options(project))
        item["scenario_input"] = data
        site["scenario_input"] = data
        try:
            site["scenarios"] = run_scenarios(data)
        except FourPermilleError as error:
            missing.append(reason("%(site)s: %(error)s", site=item["site"], error=str(error)))
    return missing


def combine_scenarios(sites: list[dict]) -> list[dict] | None:
    """Project figures of each scenario (mean over the sites, equal weights as ``combine``), ranked by the
    4 per 1000 gap: net balance per gas and in total [t CO2e over the horizon], gap [t C], t CO2e per EUR."""
    results = [s.get("scenarios") for s in sites]
    if not results or any(r is None for r in results):
        return None
    n = len(results)
    rows = []
    for i, first in enumerate(results[0]["scenarios"]):
        per_site = [r["scenarios"][i] for r in results]

        def mean(get, per_site=per_site):
            values = [get(s) for s in per_site]
            return None if any(v is None for v in values) else sum(values) / n

        rows.append(
            {
                "id": first["id"],
                "name": first["name"],
                "net_t_co2e": {g: mean(lambda s, g=g: s["gases"][g]["net_t_co2e"]) for g in first["gases"]},
                "net_total_t_co2e_lower": mean(lambda s: s["gases"]["total"]["net_t_co2e_lower"]),
                "net_total_t_co2e_upper": mean(lambda s: s["gases"]["total"]["net_t_co2e_upper"]),
                "soc_gain_t_c": mean(lambda s: s["soc_gain_t_c"]),
                "rothc_soc_gain_t_c": mean(lambda s: s["rothc_soc_gain_t_c"]),
                "target_gain_t_c": mean(lambda s: s["target_gain_t_c"]),
                "shortfall_4p1000_t_c": mean(lambda s: s["shortfall_4p1000_t_c"]),
                "n2o_share_of_soc_gain": mean(lambda s: s["n2o_share_of_soc_gain"]),
                "t_co2e_per_eur": mean(lambda s: s["t_co2e_per_eur"]),
                "cost_eur": first.get("cost_eur"),
            }
        )
    rows.sort(key=lambda r: (r["shortfall_4p1000_t_c"] is None, r["shortfall_4p1000_t_c"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows


def estimate_all(sites: list) -> list:
    """``fourpermille estimate`` of each parsed site project, as the command line computes it: with the
    RothC engine where the site has a climate (one by one), Tier 1 alone in shared Monte Carlo runs
    (``estimate_many``) otherwise."""
    from fourpermille.estimate_rothc import rothc_trajectory

    results: list = [None] * len(sites)
    tier1 = [i for i, site in enumerate(sites) if site.climate is None]
    for i, result in zip(tier1, estimate_mod.estimate_many([sites[i] for i in tier1]), strict=True):
        results[i] = result
    for i, site in enumerate(sites):
        if site.climate is not None:
            results[i] = estimate_mod.estimate(site, rothc=rothc_trajectory)
    return results


def _estimate_one(item: dict, site):
    try:
        return estimate_all([site])[0]
    except FourPermilleError as error:
        raise Missing([reason("%(site)s: %(error)s", site=item["site"], error=str(error))]) from None


def _store(records: list[ExAnteRecord]) -> None:
    """Replace the projects' records by ``records`` (one transaction)."""
    with transaction.atomic():
        ExAnteRecord.objects.filter(project_id__in=[r.project_id for r in records]).delete()
        ExAnteRecord.objects.bulk_create(records, batch_size=500)


def compute_ex_ante_many(projects=None, progress=None) -> int:
    """Compute and store the ex-ante records of ``projects`` (a Project queryset; all by default), in
    chunks of ``BULK_CHUNK``: inputs read in two queries, the Tier 1 estimate of all the chunk's sites at
    once, the records written in bulk. ``progress(done, total)`` after each chunk. Returns the count."""
    from fourpermille.web.projects.models import Project

    queryset = Project.objects.all() if projects is None else projects
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BULK_CHUNK):
        chunk = list(with_ex_ante_inputs(Project.objects.filter(pk__in=ids[start : start + BULK_CHUNK])))
        _store(ex_ante_records(chunk))
        if progress is not None:
            progress(min(start + BULK_CHUNK, len(ids)), len(ids))
    if ids:
        # The dashboards show the records (mean change by region); they listen and raise their data version.
        ex_ante_records_stored.send(sender=ExAnteRecord, count=len(ids))
    return len(ids)


def compute_ex_ante(project) -> ExAnteRecord:
    """Compute and store one project's ex-ante estimate (or what it lacks)."""
    from fourpermille.web.projects.models import Project

    compute_ex_ante_many(Project.objects.filter(pk=project.pk))
    return ExAnteRecord.objects.get(project_id=project.pk)


def combine(sites: list[dict], area_ha: float) -> dict:
    """Project figures from the site estimates: mean over sites (equal weights), totals over the area.

    Returns ``horizon_years``, ``change_t_ha_yr`` (mean Tier 1 gain / horizon [t C/ha/yr]), ``gain_t_ha``,
    ``total_t_c`` (gain x area [t C]) and ``trajectory`` [(year, mean Tier 1 stock [t C/ha])].
    """
    n = len(sites)
    years = sites[0]["estimate"]["project"]["years"]
    gain = sum(s["estimate"]["summary"]["tier1_gain_t_ha"] for s in sites) / n
    tables = [s["estimate"]["table"] for s in sites]
    trajectory = [
        [int(rows[0]["year"]), sum(r["tier1_soc_t_ha"] for r in rows) / n]
        for rows in zip(*tables, strict=True)
    ]
    return {
        "horizon_years": years,
        "gain_t_ha": gain,
        "change_t_ha_yr": gain / years,
        "total_t_c": gain * area_ha,
        "trajectory": trajectory,
    }


# --- Keeping the records current (signals) -------------------------------------------------------------


def mark_stale(project_ids, create: bool = True) -> None:
    """In the changing transaction: the projects' records say "being computed", and each is recomputed
    once the transaction commits (``refresh_ex_ante``). ``create``: also give a record to a project that
    has none (not while a project is being deleted)."""
    project_ids = sorted(set(project_ids))
    updated = set(
        ExAnteRecord.objects.filter(project_id__in=project_ids).values_list("project_id", flat=True)
    )
    if updated:
        ExAnteRecord.objects.filter(project_id__in=updated).update(status=ExAnteStatus.STALE, error="")
    if create:
        for project_id in project_ids:
            if project_id not in updated:
                ExAnteRecord.objects.get_or_create(
                    project_id=project_id, defaults={"status": ExAnteStatus.STALE}
                )
    for project_id in project_ids:
        transaction.on_commit(partial(refresh_ex_ante, project_id), robust=True)


def refresh_ex_ante(project_id: int) -> None:
    """After commit: recompute a stale record (once, however many changes scheduled it). A failure never
    reaches the user's request: it is logged and the record says "failed" with the error, for
    ``compute_estimates --stale`` to rebuild."""
    from fourpermille.web.projects.models import Project

    if not ExAnteRecord.objects.filter(project_id=project_id, status=ExAnteStatus.STALE).exists():
        return  # already recomputed by an earlier callback of the same transaction, or project deleted
    try:
        compute_ex_ante_many(Project.objects.filter(pk=project_id))
    except Exception as error:  # noqa: BLE001 - any failure must leave a record that says so
        logger.exception("ex-ante estimate of project %s failed", project_id)
        ExAnteRecord.objects.filter(project_id=project_id).update(
            status=ExAnteStatus.FAILED, error=f"{type(error).__name__}: {error}"[:2000]
        )


def stale_projects():
    """Projects whose record is missing, stale or failed (what ``compute_estimates --stale`` rebuilds)."""
    from fourpermille.web.projects.models import Project

    current = ExAnteRecord.objects.filter(status__in=[ExAnteStatus.OK, ExAnteStatus.MISSING])
    return Project.objects.exclude(pk__in=current.values("project_id"))


# --- Reading the records (pages: never computed here) ----------------------------------------------------


def ex_ante_record(project, light: bool = False) -> ExAnteRecord | None:
    """The stored record, or None while none is (it is computed when the project changes, not here).

    ``light``: without the per-site results and inputs (the pages need the project figures only).
    """
    records = ExAnteRecord.objects.filter(project=project)
    if light:
        records = records.defer("inputs", "result")
    return records.first()


def ex_ante_provider(project):
    """The dashboards' ex-ante provider (``providers.register_ex_ante``): None unless computed."""
    from fourpermille.web.dashboard.providers import ExAnteEstimate

    record = (
        ExAnteRecord.objects.filter(project=project, status=ExAnteStatus.OK).defer("inputs", "result").first()
    )
    if record is None or not record.summary:
        return None
    s = record.summary
    return ExAnteEstimate(
        method=record.method,
        change_t_ha_yr=s["change_t_ha_yr"],
        horizon_years=s["horizon_years"],
        total_t_c=s["total_t_c"],
        trajectory=[(int(y), float(v)) for y, v in s["trajectory"]],
        report_url=reverse("estimates:ex-ante-json", args=[project.pk]),
    )


def ex_ante_by_region(projects) -> dict[str, float]:
    """{region: mean expected change [t C/ha/yr]} over ``projects`` (a queryset) with a computed record,
    in one aggregated query (``providers.register_ex_ante_by_region``)."""
    rows = (
        projects.order_by()
        .filter(ex_ante__status=ExAnteStatus.OK, ex_ante__change_t_ha_yr__isnull=False)
        .values("region")
        .annotate(mean=Avg("ex_ante__change_t_ha_yr"))
    )
    return {row["region"]: row["mean"] for row in rows}


def ex_ante_png(record: ExAnteRecord, index: int) -> bytes:
    """The PNG of site ``index``'s estimate (``fourpermille.reports.estimate_plot``)."""
    import pandas as pd

    from fourpermille.reports.estimate_plot import plot_estimate

    site = record.result["sites"][index]
    table = pd.DataFrame(site["estimate"]["table"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "estimate.png"
        plot_estimate(table, path, title=site["estimate"]["project"]["name"])
        return path.read_bytes()


# --- MRV --------------------------------------------------------------------------------------------------
# The change and credits files are read by the science core's one reader (``ChangeReport.from_dict``,
# ``Credits.from_dict``: kind, version, every field against its range); the platform stores what that reader
# returns, written back by ``to_dict``, and computes every figure it shows from it.

PERIOD_PATTERN = re.compile(r"^(\d{4})-(\d{4})$")
logger = logging.getLogger(__name__)
#: The platform's pages show 95 % intervals (as the monitoring charts); a change file holds the level of
#: ``mrv change --confidence`` (90 % by default), which its report uses and names beside the 95 % one.
CONFIDENCE = 0.95


class MrvInputError(ValueError):
    """An uploaded MRV file is not what it should be; the message names the file and the field."""


def parse_period(period: str) -> tuple[int, int]:
    """``YYYY-YYYY`` -> (start, end) years; MrvInputError otherwise."""
    match = PERIOD_PATTERN.match(period.strip())
    if not match or int(match.group(2)) <= int(match.group(1)):
        raise MrvInputError(_("The period must read START-END in years, e.g. 2020-2025."))
    return int(match.group(1)), int(match.group(2))


def read_change(content: bytes, name: str):
    """An uploaded change file (UTF-8, a byte-order mark allowed) as ``fourpermille.mrv.ChangeReport``."""
    from fourpermille.errors import InputError
    from fourpermille.io.mrv import parse_json
    from fourpermille.mrv import ChangeReport

    try:
        return ChangeReport.from_dict(parse_json(content, name), file=name)
    except InputError as error:
        raise MrvInputError(str(error)) from None


def read_credits(content: bytes, name: str):
    """An uploaded credits file as ``fourpermille.mrv.Credits``."""
    from fourpermille.errors import InputError
    from fourpermille.io.mrv import parse_json
    from fourpermille.mrv import Credits

    try:
        return Credits.from_dict(parse_json(content, name), file=name)
    except InputError as error:
        raise MrvInputError(str(error)) from None


def stored_change(record: MrvRecord):
    """The record's change as ``ChangeReport`` (stored by ``to_dict``, read by the same reader)."""
    from fourpermille.mrv import ChangeReport

    return ChangeReport.from_dict(record.change, file=f"MRV result {record.pk}")


def period_years(change, period: str) -> float:
    """Length of the monitoring period [yr]: the change's ``years``, else the period's."""
    start, end = parse_period(period)
    return float(change.years) if change.years else float(end - start)


#: How the report's ex-ante bar was made (English in the stored report; translated on the translated view).
EX_ANTE_BASIS = N_("{rate:+.3f} t C/ha/yr (stored estimate) x {years:.2f} yr")


def ex_ante_over_period(project, years: float) -> dict | None:
    """The project's ex-ante estimate as the report's bar: its change over ``years`` [t C/ha], or None.

    The stored estimate gives a mean rate over its horizon relative to the baseline [t C/ha/yr] (IPCC Tier 1
    changes linearly over its 20 years), so the change over the period is rate x years.
    """
    from fourpermille.web.dashboard import providers

    estimate = providers.ex_ante(project)
    if estimate is None:
        return None
    return {
        "change_t_ha": estimate.change_t_ha_yr * years,
        "low_t_ha": None,
        "high_t_ha": None,
        "model": estimate.method,
        "basis": EX_ANTE_BASIS.format(rate=estimate.change_t_ha_yr, years=years),
        "rate_t_ha_yr": estimate.change_t_ha_yr,
        "years": years,
    }


def report_inputs(project, change, period: str, demo_note: str | None = None) -> dict:
    """What the report shows besides the change and credits, as stored with it (``MrvRecord.report_inputs``):
    the project's title and area, its ex-ante estimate over the period, the demo note and the date."""
    years = period_years(change, period)
    return {
        "project": project.title,
        "period": period,
        "area_ha": float(project.area_ha) if project.area_ha else None,
        "ex_ante": ex_ante_over_period(project, years),
        "demo_note": None if demo_note is None else str(demo_note),
        "generated": timezone.localdate().isoformat(),
    }


def report_context(change, credits, inputs: dict, labels=None, lang: str = "en") -> dict:
    """The report's context (``fourpermille.reports.mrv.build_report_context``) from its inputs; English
    unless ``labels`` (``report_labels.REPORT_LABELS`` in the active language) are given."""
    from fourpermille.reports.mrv import build_report_context

    return build_report_context(
        change,
        credits,
        None,
        None,
        inputs["ex_ante"],
        inputs["project"],
        inputs["period"],
        area_ha=inputs["area_ha"],
        demo_note=inputs["demo_note"],
        labels=labels,
        generated=inputs["generated"],
        lang=lang,
    )


def build_report(
    project, change, credits, period: str, demo_note: str | None = None
) -> tuple[str, bytes, dict]:
    """(HTML, PDF, inputs) of the verification report (``fourpermille.reports.mrv``), with the project's
    area and stored ex-ante estimate; a demo result says so on top. The English report is the evidence."""
    from fourpermille.reports.mrv import render_html
    from fourpermille.reports.pdf import html_to_pdf

    inputs = report_inputs(project, change, period, demo_note)
    html = render_html(report_context(change, credits, inputs))
    return html, html_to_pdf(html), inputs


def stored_credits(record: MrvRecord):
    """The record's credits as ``Credits``, or None."""
    from fourpermille.mrv import Credits

    if record.credits is None:
        return None
    return Credits.from_dict(record.credits, file=f"MRV result {record.pk}")


def translated_report_html(record: MrvRecord, original: dict | None = None) -> str | None:
    """The record's report in the active language, rendered from its stored data in the stored report's one
    layout; None if the record predates its stored inputs (only its stored English report exists).

    ``original``: ``{"text", "html", "pdf"}`` (a sentence and the addresses of the stored English report)
    shown on top of the translated page."""
    from fourpermille.reports.mrv import render_html

    from .report_labels import REPORT_LABELS

    if not record.report_inputs:
        return None
    inputs = dict(record.report_inputs)
    if record.is_demo and not record.note:
        inputs["demo_note"] = _("Demo data (invented)")  # the default note, in the reader's language
    ex_ante = inputs.get("ex_ante")
    if ex_ante and ex_ante.get("rate_t_ha_yr") is not None:
        basis = _(EX_ANTE_BASIS).format(rate=ex_ante["rate_t_ha_yr"], years=ex_ante["years"])
        inputs["ex_ante"] = {**ex_ante, "basis": basis}
    context = report_context(
        stored_change(record),
        stored_credits(record),
        inputs,
        labels=REPORT_LABELS,
        lang=translation.get_language() or "en",
    )
    context["original"] = original
    return render_html(context)


@dataclass
class MrvUpload:
    period: str
    change: tuple[bytes, str]
    credits: tuple[bytes, str] | None = None
    note: str = ""
    verified: bool = False


def _period_taken(project, period: str) -> bool:
    return MrvRecord.objects.filter(project=project, period=period).exists()


def _taken_error(period: str) -> MrvInputError:
    return MrvInputError(_("This project already has a result for %(period)s.") % {"period": period})


#: Largest relative difference between the area an MRV result covers and the project's stated area.
AREA_TOLERANCE = 0.05


def check_against_project(project, period: str, change) -> None:
    """An uploaded result belongs to its project: the monitoring period lies inside the project's (from
    its start year to its end year, if it has one), and the area the result's strata
    cover agrees with the project's stated area within ``AREA_TOLERANCE``; a result weighted by point
    counts (no area) needs the project's area stated. MrvInputError names what disagrees."""
    start, end = parse_period(period)
    if start < project.start.year or (project.end and end > project.end.year):
        raise MrvInputError(
            _("The period %(period)s is outside the project's (%(start)s to %(end)s).")
            % {"period": period, "start": project.start.year, "end": project.end.year if project.end else "…"}
        )
    stated = float(project.area_ha) if project.area_ha else None
    covered = change.area_ha
    if stated is None and covered is None:
        raise MrvInputError(
            _("Neither the project nor the result states an area: give the project's area first.")
        )
    if stated is not None and covered is not None and abs(covered - stated) > AREA_TOLERANCE * stated:
        raise MrvInputError(
            _(
                "The result covers %(covered).1f ha but the project states %(stated).1f ha (more than "
                "%(tolerance)d %% apart): correct the strata areas or the project's area."
            )
            % {"covered": covered, "stated": stated, "tolerance": round(AREA_TOLERANCE * 100)}
        )


def store_mrv(project, upload: MrvUpload, user, is_demo: bool = False) -> MrvRecord:
    """Check the uploaded files and store one period's result, all or nothing (MrvInputError if bad)."""
    period = upload.period.strip()
    parse_period(period)
    if _period_taken(project, period):
        raise _taken_error(period)
    change = read_change(*upload.change)
    check_against_project(project, period, change)
    credits = read_credits(*upload.credits) if upload.credits is not None else None
    return store_mrv_result(project, period, change, credits, user, upload.note, upload.verified, is_demo)


def store_mrv_result(
    project, period: str, change, credits, user, note: str = "", verified: bool = False, is_demo: bool = False
) -> MrvRecord:
    """Store a period's ``ChangeReport`` (and ``Credits``) with its report; MrvInputError if the period is
    taken, also when another upload for it committed meanwhile (the unique constraint decides)."""
    from fourpermille.io.mrv import json_ready

    period = period.strip()
    demo_note = (note or _("Demo data (invented)")) if is_demo else None
    html, pdf, inputs = build_report(project, change, credits, period, demo_note=demo_note)
    try:
        with transaction.atomic():
            return MrvRecord.objects.create(
                project=project,
                period=period,
                change=json_ready(change.to_dict()),
                credits=None if credits is None else json_ready(credits.to_dict()),
                report_html=html,
                report_pdf=pdf,
                report_inputs=inputs,
                verified=verified,
                uploaded_by=user,
                note=note,
                is_demo=is_demo,
            )
    except IntegrityError:
        # Concurrent uploads for one period: each passed the check above; the constraint let one commit.
        raise _taken_error(period) from None


def verify_mrv(record: MrvRecord, verifier: str, verified_on) -> MrvRecord:
    """Mark an MRV result verified by the secretariat, naming the verifier who confirmed it and the date
    they signed (what the registry issues under and the label page shows).

    Raises MrvInputError if the result is verified already or names another verifier."""
    verifier = verifier.strip()
    with transaction.atomic():
        record = MrvRecord.objects.select_for_update().get(pk=record.pk)
        if record.verified:
            raise MrvInputError(_("This MRV result is verified already."))
        if record.verifier and record.verifier != verifier:
            raise MrvInputError(_("The MRV result names its verifier, %(name)s.") % {"name": record.verifier})
        record.verified = True
        record.verifier = verifier
        record.verified_on = verified_on
        record.save(update_fields=["verified", "verifier", "verified_on"])
    return record


def mrv_result(record: MrvRecord):
    """A record as the dashboards' MrvResult: the net change per year with its 95 % interval."""
    from fourpermille.web.dashboard.providers import MrvResult

    change = stored_change(record)
    years = period_years(change, record.period)
    low, high = change.interval(CONFIDENCE)
    return MrvResult(
        period=record.period,
        change_t_ha_yr=change.net.mean / years,
        ci95_low_t_ha_yr=low / years,
        ci95_high_t_ha_yr=high / years,
        verified=record.verified,
        report_url=reverse("estimates:mrv-report", args=[record.pk, "html"]),
        is_demo=record.is_demo,
        file_confidence=change.confidence,
    )


def readable_results(records) -> list[tuple[MrvRecord, object, str]]:
    """(record, MrvResult or None, why not) of each record: a record stored before the reader's checks
    (an older platform) that fails them is named with the reason instead of breaking the page."""
    from fourpermille.errors import InputError

    rows = []
    for record in records:
        try:
            rows.append((record, mrv_result(record), ""))
        except (InputError, MrvInputError) as error:
            logger.warning("MRV result %s cannot be read: %s", record.pk, error)
            rows.append((record, None, str(error)))
    return rows


def mrv_provider(project) -> list:
    """The dashboards' MRV provider (``providers.register_mrv``): the readable results."""
    records = MrvRecord.objects.filter(project=project).defer("report_html", "report_pdf")
    return [result for _record, result, _why in readable_results(records) if result is not None]


# --- A site's climate and the project's scenarios (inputs of the complete assessment) -------------------


def _numbers_text(values) -> str:
    return " ".join(f"{v:g}" for v in values) if values else ""


def climate_initial(site) -> dict:
    """Initial values of the climate forms: the stored climate, else the site's clay and 30 cm."""
    from fourpermille.web.estimates.models import SiteClimate

    climate = SiteClimate.objects.filter(site=site).prefetch_related("months").first()
    if climate is None:
        return {"clay_pct": site.clay_pct, "depth_cm": TIER1_DEPTH_CM, "evaporation_kind": "pan"}
    initial = {
        "clay_pct": climate.clay_pct,
        "depth_cm": climate.depth_cm,
        "evaporation_kind": climate.evaporation_kind,
        "plant_cover": _numbers_text(climate.plant_cover),
        "input_share": _numbers_text(climate.input_share),
    }
    months = [m for m in climate.months.all() if m.year is None]
    for m in months:
        initial[f"temperature_c_{m.month}"] = m.temperature_c
        initial[f"rain_mm_{m.month}"] = m.rain_mm
        initial[f"evaporation_mm_{m.month}"] = m.evaporation_mm
    return initial


def project_land_use(project) -> str:
    """The land use the estimate starts from (cropland unless the practices start from grassland)."""
    try:
        state, _ids = current_state([p.code for p in project.practices.all()])
    except Missing:
        return CROPLAND["land_use"]
    return state["land_use"]


def climate_context(site) -> dict:
    """What the climate page shows: the stored months (a series summarised) and the plant cover and input
    shares the estimate uses, with where they come from."""
    from fourpermille.web.estimates import climate as climate_mod
    from fourpermille.web.estimates.models import SiteClimate

    stored = SiteClimate.objects.filter(site=site).prefetch_related("months").first()
    land_use = project_land_use(site.project)
    default = climate_mod.default_for(land_use, site.latitude)
    context = {
        "climate": stored,
        "land_use": land_use,
        "default_cover": list(default.plant_cover),
        "default_share": [round(v, 4) for v in default.input_share],
        "default_source": _(default.source),
        "months": [],
        "years": [],
    }
    if stored is not None:
        year = climate_mod.typical_year(stored)
        context["months"] = [{"month": i + 1, **{k: year[k][i] for k in year}} for i in range(12)]
        context["years"] = sorted({m.year for m in stored.months.all() if m.year is not None})
    return context


def save_climate(site, mode: str, cleaned: dict, typed: dict | None = None):
    """Store a site's climate from a valid form: the uploaded CSV (``mode`` "upload", cleaned ``file`` =
    (bytes, name)) or the typed typical year; InputError (nothing stored) if a value is out of range."""
    from fourpermille.web.estimates import climate as climate_mod

    kind = cleaned["evaporation_kind"]
    if mode == "upload":
        content, name = cleaned["file"]
        table = climate_mod.read_climate_csv(content, name, kind)
        kind = table.evaporation_kind  # a command-line file's pevap/pet column says its own kind
        source = name
    else:
        table = climate_mod.typed_table(typed)
        source = "typed"
    return climate_mod.store_climate(
        site,
        table,
        evaporation_kind=kind,
        clay_pct=cleaned["clay_pct"],
        depth_cm=cleaned["depth_cm"],
        plant_cover=cleaned.get("plant_cover"),
        input_share=cleaned.get("input_share"),
        source=source,
    )


class ScenarioError(ValueError):
    """A scenario that cannot be stored as given (its message says why)."""


def save_scenario(project, form, formset):
    """Store a scenario and its practices (valid forms) in one transaction; ScenarioError if a practice's
    area exceeds the project's or the project already has a baseline."""
    area = float(project.area_ha or 0)
    kept = [f for f in formset.forms if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")]
    if form.cleaned_data.get("is_baseline") and kept:
        raise ScenarioError(
            _("The baseline is today's management continued: it adopts no practice (give its nitrogen only).")
        )
    for practice_form in formset.forms:
        data = getattr(practice_form, "cleaned_data", None) or {}
        if data and not data.get("DELETE") and data.get("area_ha") and area and data["area_ha"] > area:
            raise ScenarioError(
                _("%(practice)s: the adoption area %(a)s ha exceeds the project's %(b)s ha.")
                % {"practice": data["practice"], "a": f"{data['area_ha']:g}", "b": f"{area:g}"}
            )
    try:
        with transaction.atomic():
            scenario = form.save(commit=False)
            scenario.project = project
            scenario.save()
            formset.instance = scenario
            formset.save()
    except IntegrityError:
        raise ScenarioError(
            _("The project already has a baseline scenario or a scenario of that name.")
        ) from None
    return scenario


# --- The estimate page (read from the stored record; nothing is computed here) --------------------------

GAS_ORDER = ("soc_co2", "n2o", "ch4", "biomass_co2")


def gas_labels() -> dict[str, str]:
    return {
        "soc_co2": _("SOC (CO2)"),
        "n2o": "N2O",
        "ch4": "CH4",
        "biomass_co2": _("Biomass (CO2)"),
        "total": _("Total"),
    }


def chart_labels() -> dict[str, str]:
    """The charts' legends and axes in the reader's language."""
    return {
        **gas_labels(),
        "baseline": _("Baseline"),
        "target": _("+4 per 1000 target"),
        "tier1": _("IPCC Tier 1"),
        "rothc": "RothC",
        "stock_axis": _("SOC stock [t C/ha]"),
        "balance_axis": _("Net balance vs baseline [t CO2e]"),
        "net_total": _("Net total"),
    }


def _site_view(project, item: dict, site: dict, index: int) -> dict:
    """One site's figures for the page and its chart: Tier 1 and RothC beside the target, the scenarios."""
    estimate = site["estimate"]
    summary = estimate["summary"]
    table = estimate["table"]
    chart = {
        "years": [row["year"] for row in table],
        "baseline": [row["baseline_soc_t_ha"] for row in table],
        "target": [row["target_soc_t_ha"] for row in table],
        "tier1": [row["tier1_soc_t_ha"] for row in table],
    }
    if table and "rothc_soc_t_ha" in table[0]:
        chart["rothc"] = [row["rothc_soc_t_ha"] for row in table]
    scenarios = site.get("scenarios")
    if scenarios:
        ranked = sorted(scenarios["scenarios"], key=lambda r: r["rank"])
        chart["scenarios"] = [
            {"name": r["name"], **{g: r["gases"][g]["net_t_co2e"] for g in (*GAS_ORDER, "total")}}
            for r in ranked
        ]
    else:
        ranked = []
    # SOC under the baseline and each scenario, Tier 1 beside RothC [t C over the horizon, project area].
    soc_rows = [scenarios["baseline"], *ranked] if scenarios else []
    baseline = item.get("baseline") or {}
    return {
        "index": index,
        "site_id": item["site_id"],
        "name": item["site"],
        "baseline_source": baseline.get("source", "tier1"),
        "profiles": baseline.get("profiles"),
        "summary": summary,
        "has_rothc": "rothc_gain_t_ha" in summary,
        "has_climate": "climate" in item["input"],
        "scenarios": scenarios,
        "ranked": ranked,
        "soc_rows": soc_rows,
        "chart": chart,
        "yaml_url": reverse("estimates:project-file", args=[project.pk, index]),
        "png_url": reverse("estimates:scenarios-png", args=[project.pk, index]) if scenarios else None,
    }


def estimate_page(project, user) -> dict:
    """Context of the project's estimate page: the stored record's figures per site, the scenarios (records
    and results), the sites' climates, and what the user may change."""
    from fourpermille.web.estimates.forms import EstimateOptionsForm
    from fourpermille.web.estimates.models import EstimateOptions, Scenario, SiteClimate

    record = ex_ante_record(project)
    ok = record is not None and record.status == ExAnteStatus.OK and record.result
    result = record.result if ok else {}
    pairs = zip(record.inputs if ok else [], result.get("sites", []), strict=True)
    sites = [_site_view(project, item, site, i) for i, (item, site) in enumerate(pairs)]
    site_records = list(project.sites.order_by("name", "pk").select_related("climate"))
    climates = []
    for site in site_records:
        try:
            climate = site.climate
        except SiteClimate.DoesNotExist:
            climate = None
        climates.append({"site": site, "climate": climate})
    scenarios = list(project.scenarios.prefetch_related("practices__practice"))
    alternatives = [s for s in scenarios if not s.is_baseline]
    probe = Scenario(project=project)
    return {
        "project": project,
        "record": record,
        "sites": sites,
        "summary": result.get("summary"),
        "scenario_summary": result.get("scenario_summary"),
        "missing": [reason_text(r) for r in (record.missing if record is not None else [])],
        "scenario_missing": [reason_text(r) for r in result.get("scenario_missing", [])],
        "left_out": result.get("left_out", []),
        "climates": climates,
        "scenarios": scenarios,
        "too_few_scenarios": len(alternatives) < SCENARIOS_EXPECTED,
        "scenarios_expected": SCENARIOS_EXPECTED,
        "can_edit_scenarios": user.has_perm("estimates.add_scenario", probe),
        "can_edit_climate": bool(site_records)
        and user.has_perm("estimates.change_siteclimate", SiteClimate(site=site_records[0])),
        "options": estimate_options(project),
        "can_edit_options": user.has_perm(
            "estimates.change_estimateoptions", EstimateOptions(project=project)
        ),
        "options_form": EstimateOptionsForm(instance=estimate_options(project)),
        "gas_labels": gas_labels(),
        "gases": GAS_ORDER,
        "chart_data": {"sites": [s["chart"] for s in sites], "labels": chart_labels()},
    }


def project_file_yaml(record, index: int) -> str | None:
    """The project file of site ``index`` as YAML: the scenario file where the project has scenarios, else
    the one-plan file; exactly what the record was computed from (``fourpermille estimate`` reads it)."""
    import yaml

    if not record.inputs or not 0 <= index < len(record.inputs):
        return None
    item = record.inputs[index]
    data = item.get("scenario_input") or item["input"]
    header = (
        "# Exported from the fourpermille platform: the input of its stored ex-ante estimate.\n"
        "# Run: fourpermille estimate THIS_FILE.yaml -o out.json --plot out.png\n"
    )
    return header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def scenarios_png(record, index: int) -> bytes | None:
    """The stacked bars of site ``index``'s scenarios (``fourpermille.reports.scenario_plot``, as the
    command line draws them), from the stored result."""
    from fourpermille.estimate_scenarios import ScenarioEstimate
    from fourpermille.reports.scenario_plot import plot_scenarios

    sites = (record.result or {}).get("sites", [])
    if not 0 <= index < len(sites) or not sites[index].get("scenarios"):
        return None
    result = ScenarioEstimate.from_dict(sites[index]["scenarios"])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scenarios.png"
        plot_scenarios(result, path)
        return path.read_bytes()


def save_estimate_options(project, form):
    """Store the project's balance options from a valid form (the estimate is then recomputed)."""
    from fourpermille.web.estimates.models import EstimateOptions

    options = estimate_options(project) or EstimateOptions(project=project)
    options.gwp = form.cleaned_data["gwp"]
    options.n2o_factors = form.cleaned_data["n2o_factors"]
    options.save()
    return options
