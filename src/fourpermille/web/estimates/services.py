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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from fourpermille import estimate as estimate_mod
from fourpermille.errors import FourPermilleError
from fourpermille.web.estimates.models import ExAnteRecord, ExAnteStatus, MrvRecord, ex_ante_records_stored

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
    try:
        state, ids = current_state(codes)
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
        measured = site.baseline_soc_t_ha is not None and (
            site.baseline_depth_cm is None or site.baseline_depth_cm == TIER1_DEPTH_CM
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
        if measured:
            data["soc_t_ha"] = site.baseline_soc_t_ha
        inputs.append({"site_id": site.pk, "site": site.name, "input": data})
    if reasons:
        raise Missing(reasons)
    return inputs


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

    return projects.prefetch_related(
        Prefetch("practices", queryset=Practice.objects.order_by("code").only("pk", "code")),
        Prefetch("sites", queryset=Site.objects.order_by("name", "pk")),
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
        estimates = iter(estimate_mod.estimate_many(flat))
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
        records[project.pk] = ExAnteRecord(
            project=project,
            method=METHOD,
            inputs=inputs,
            result={"sites": sites, "summary": summary, "left_out": left_out},
            summary=summary,
            missing=[],
            status=ExAnteStatus.OK,
            change_t_ha_yr=summary["change_t_ha_yr"],
            error="",
        )
    return [records[project.pk] for project in projects]


def _estimate_one(item: dict, site):
    try:
        return estimate_mod.estimate(site)
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
        "basis": f"{estimate.change_t_ha_yr:+.3f} t C/ha/yr (stored estimate) x {years:.2f} yr",
        "years": years,
    }


def build_report(project, change, credits, period: str, demo_note: str | None = None) -> tuple[str, bytes]:
    """(HTML, PDF) of the verification report (``fourpermille.reports.mrv``), with the project's area and
    stored ex-ante estimate; a demo result says so on top."""
    from fourpermille.reports.mrv import build_report_context, render_html, write_pdf

    years = period_years(change, period)
    area = float(project.area_ha) if project.area_ha else None
    context = build_report_context(
        change, credits, None, None, ex_ante_over_period(project, years), project.title, period,
        area_ha=area, demo_note=demo_note,
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "report.pdf"
        write_pdf(context, path)
        pdf = path.read_bytes()
    return render_html(context), pdf


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
    html, pdf = build_report(project, change, credits, period, demo_note=demo_note)
    try:
        with transaction.atomic():
            return MrvRecord.objects.create(
                project=project,
                period=period,
                change=json_ready(change.to_dict()),
                credits=None if credits is None else json_ready(credits.to_dict()),
                report_html=html,
                report_pdf=pdf,
                verified=verified,
                uploaded_by=user,
                note=note,
                is_demo=is_demo,
            )
    except IntegrityError:
        # Concurrent uploads for one period: each passed the check above; the constraint let one commit.
        raise _taken_error(period) from None


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
