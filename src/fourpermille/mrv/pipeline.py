"""The measured-change pipeline: two campaigns in, one :class:`ChangeReport` out; and its credits.

This is what ``fourpermille mrv change`` and ``mrv credits`` run and what the platform runs for its demo and
reads back from uploads: the command line parses files and writes JSON, the platform stores records, and
both call :func:`measured_change` / :func:`credits_for_change` and read files with
:meth:`ChangeReport.from_dict` / :meth:`~fourpermille.mrv.credits.Credits.from_dict`. The result types'
``to_dict`` *is* the versioned JSON file format (``kind`` ``fourpermille.mrv.change``, ``version`` 1); their
``from_dict`` is its one reader, checking every field against its range (:mod:`fourpermille.mrv.limits`).

Steps of :func:`measured_change` (each documented where it is written):

1. stocks per point, both campaigns on the same basis (:func:`~fourpermille.mrv.campaign.campaign_stocks`:
   fixed depth or one ESM reference mass), or the per-point stocks as given;
2. the stratified change per stratum and for the project (:func:`~fourpermille.mrv.change.stratified_change`);
3. the baseline: control sites measured the same way (weighted by the project's strata, at the project's
   ESM reference mass) or a modelled change with its SD; none means a constant stock;
4. the net change (project - baseline, Eq. 4 of :mod:`~fourpermille.mrv.change`) and, given the period
   length, the comparison with the 4 per 1000 target (:func:`~fourpermille.mrv.change.compare_with_target`).

Example
-------
>>> import pandas as pd
>>> from fourpermille import mrv
>>> b = pd.DataFrame({"point_id": ["a", "b", "c"], "stratum": "s", "soc_stock_t_ha": [40.0, 42.0, 44.0]})
>>> r = b.assign(soc_stock_t_ha=[41.0, 42.5, 45.5])
>>> report = mrv.measured_change(b, r, mrv.ChangeOptions(years=5))
>>> round(report.net.mean, 3), round(report.target["target_change_t_ha"], 3)
(1.0, 0.84)
>>> mrv.ChangeReport.from_dict(report.to_dict()).net == report.net
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from fourpermille import stocks
from fourpermille.errors import InputError, ParameterError, check_choice
from fourpermille.mrv import limits
from fourpermille.mrv.campaign import campaign_stocks, check_layers
from fourpermille.mrv.change import (
    DEFAULT_CONFIDENCE,
    DESIGNS,
    Estimate,
    check_campaign,
    compare_with_target,
    modelled_baseline,
    net_change,
    stratified_change,
)
from fourpermille.mrv.credits import Credits, compute_credits
from fourpermille.target import FOUR_PER_1000, GROWTHS

CHANGE_KIND = "fourpermille.mrv.change"
#: Version of the change file format; :meth:`ChangeReport.from_dict` reads this version only.
CHANGE_VERSION = 1
BASELINE_SOURCES = ("control sites", "modelled")
CAMPAIGNS = ("baseline", "repeat")


@dataclass(frozen=True)
class StockOptions:
    """How point stocks are computed from layers: fixed depth or equivalent soil mass (ESM)."""

    depth_cm: float = stocks.DEFAULT_DEPTH_CM  # [cm] reporting depth (ESM: of the reference mass)
    esm: bool = False
    esm_method: str = "spline"  # spline, mineral-hyman, hyman or layers
    ref_mass_t_ha: float | None = None  # [t/ha] ESM reference mass; None: the lightest profile's

    def __post_init__(self) -> None:
        limits.check_number("depth_cm", self.depth_cm, limits.DEPTH_CM)
        check_choice("esm_method", self.esm_method, stocks.ESM_METHODS)
        limits.check_number("ref_mass_t_ha", self.ref_mass_t_ha, limits.SOIL_MASS_T_HA, allow_none=True)


@dataclass(frozen=True)
class ChangeOptions:
    """Options of :func:`measured_change`, each checked against its range when made."""

    stocks: StockOptions = field(default_factory=StockOptions)
    design: str = "paired"  # paired (same points re-sampled) or unpaired
    confidence: float = DEFAULT_CONFIDENCE  # [-] level of the reported intervals
    years: float | None = None  # [yr] length of the period; needed for the target
    rate: float = FOUR_PER_1000  # [1/yr] target rate
    growth: str = "linear"  # linear or compound target
    baseline_change_t_ha: float | None = None  # [t C/ha] modelled baseline change over the period
    baseline_sd_t_ha: float = 0.0  # [t C/ha] its SD

    def __post_init__(self) -> None:
        check_choice("design", self.design, DESIGNS)
        limits.check_number("confidence", self.confidence, limits.CONFIDENCE)
        limits.check_number("years", self.years, limits.YEARS, allow_none=True)
        limits.check_number("rate", self.rate, limits.RATE)
        check_choice("growth", self.growth, GROWTHS)
        limits.check_number("baseline change", self.baseline_change_t_ha, limits.CHANGE_T_HA, allow_none=True)
        limits.check_number("baseline SD", self.baseline_sd_t_ha, limits.SE_T_HA)


@dataclass
class BaselineChange:
    """The change of the stock without the project: control sites or a model."""

    source: str  # 'control sites' or 'modelled'
    change: Estimate  # [t C/ha] over the period
    files: list[str] | None = None  # the control campaigns' names
    strata: list[dict] | None = None  # per-stratum rows of the control sites


@dataclass
class ChangeReport:
    """The measured change of a monitoring period; ``to_dict`` is the change file (``mrv change -o``)."""

    design: str
    stocks: dict  # method, depth_cm (+ ESM method, reference, ref_mass_t_ha)
    confidence: float
    weights_from: str
    area_ha: float | None  # [ha] sum of the stratum areas, None when the weights are point counts
    years: float | None  # [yr]
    project_change: Estimate  # [t C/ha]
    initial_stock: Estimate  # [t C/ha]
    final_stock: Estimate  # [t C/ha]
    strata: list[dict]  # one row per stratum (stratified_change's table)
    points: list[dict]  # campaign, point_id, stratum, soc_stock_t_ha
    baseline: BaselineChange | None = None
    rate: float = FOUR_PER_1000
    growth: str = "linear"
    inputs: dict = field(default_factory=dict)  # names of the campaigns and strata files

    @property
    def net(self) -> Estimate:
        """Project change minus baseline change [t C/ha] (Eq. 4)."""
        return net_change(self.project_change, None if self.baseline is None else self.baseline.change)

    @property
    def target(self) -> dict | None:
        """The comparison with the 4 per 1000 target, when the period's length is known."""
        if self.years is None:
            return None
        return compare_with_target(
            self.initial_stock.mean, self.years, self.net, self.rate, self.growth, self.confidence
        )

    def interval(self, confidence: float | None = None) -> tuple[float, float]:
        """The net change's two-sided t interval [t C/ha], at the file's level unless another is asked."""
        return self.net.interval(self.confidence if confidence is None else confidence)

    # --- the file format -----------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        """The change file (JSON-ready apart from NaN and infinities, written as null by the writer)."""
        baseline = None
        if self.baseline is not None:
            baseline = {
                "source": self.baseline.source,
                "change": _estimate_dict(self.baseline.change, self.confidence),
            }
            if self.baseline.files is not None:
                baseline["files"] = list(self.baseline.files)
            if self.baseline.strata is not None:
                baseline["strata"] = self.baseline.strata
        return {
            "kind": CHANGE_KIND,
            "version": CHANGE_VERSION,
            "inputs": dict(self.inputs),
            "design": self.design,
            "stocks": dict(self.stocks),
            "confidence": self.confidence,
            "weights_from": self.weights_from,
            "area_ha": self.area_ha,
            "years": self.years,
            "project": {
                "change": _estimate_dict(self.project_change, self.confidence),
                "initial_stock": _estimate_dict(self.initial_stock, self.confidence),
                "final_stock": _estimate_dict(self.final_stock, self.confidence),
                "strata": self.strata,
            },
            "baseline": baseline,
            "net_change": _estimate_dict(self.net, self.confidence),
            "target": self.target,
            "points": self.points,
        }

    @classmethod
    def from_dict(cls, data, file: str | None = None) -> ChangeReport:
        """Read a change file's content; every field is checked (InputError naming the field and range).

        The derived fields (intervals, net change, target) are recomputed from the estimates; a file whose
        net change disagrees with project - baseline is refused (edited by hand).
        """
        r = limits.FieldReader(data, file)
        r.kind(CHANGE_KIND, CHANGE_VERSION, "`fourpermille mrv change`")
        confidence = r.number(["confidence"], limits.CONFIDENCE)
        design = r.choice(["design"], DESIGNS)
        strata = r.rows(["project", "strata"], _STRATUM_FIELDS)
        if not strata:
            raise r.error(["project", "strata"], "must list at least one stratum")
        points = r.rows(["points"], _POINT_FIELDS)
        for i in range(len(points)):
            r.choice(["points", i, "campaign"], CAMPAIGNS)
        baseline = None
        if r.get(["baseline"]) is not None:
            source = r.choice(["baseline", "source"], BASELINE_SOURCES)
            files = r.get(["baseline", "files"])
            baseline = BaselineChange(
                source,
                r.estimate(["baseline", "change"], limits.CHANGE_T_HA),
                [str(f) for f in files] if isinstance(files, list) else None,
                r.rows(["baseline", "strata"], _STRATUM_FIELDS, required=False),
            )
        target = r.get(["target"])
        report = cls(
            design=design,
            stocks=r.mapping(["stocks"]),
            confidence=confidence,
            weights_from=r.text(["weights_from"]),
            area_ha=r.number(["area_ha"], limits.AREA_HA, allow_none=True),
            years=r.number(["years"], limits.YEARS, allow_none=True),
            project_change=r.estimate(["project", "change"], limits.CHANGE_T_HA),
            initial_stock=r.estimate(["project", "initial_stock"], limits.STOCK_T_HA),
            final_stock=r.estimate(["project", "final_stock"], limits.STOCK_T_HA),
            strata=strata,
            points=points,
            baseline=baseline,
            rate=r.number(["target", "rate"], limits.RATE) if isinstance(target, dict) else FOUR_PER_1000,
            growth=r.choice(["target", "growth"], GROWTHS) if isinstance(target, dict) else "linear",
            inputs=r.mapping(["inputs"], required=False),
        )
        if report.initial_stock.mean <= 0:
            raise r.error(["project", "initial_stock", "mean_t_ha"], "must be > 0 t C/ha")
        stated = r.estimate(["net_change"], limits.CHANGE_T_HA)
        if not _close(stated.mean, report.net.mean) or not _close(stated.se, report.net.se):
            raise r.error(
                ["net_change"],
                f"disagrees with the project change minus the baseline change ({stated.mean:g} +/- "
                f"{stated.se:g} against {report.net.mean:g} +/- {report.net.se:g} t C/ha): edited by hand?",
            )
        return report


def measured_change(
    baseline: pd.DataFrame,
    repeat: pd.DataFrame,
    options: ChangeOptions | None = None,
    strata_area_ha: pd.Series | dict | None = None,
    control: tuple[pd.DataFrame, pd.DataFrame] | None = None,
    names: dict | None = None,
) -> ChangeReport:
    """The measured change of the SOC stock over a monitoring period (the module's steps 1-4).

    Parameters
    ----------
    baseline, repeat : DataFrame
        The two campaigns: per-point stocks (``point_id, stratum, soc_stock_t_ha`` [t C/ha]) or lab results
        per point and layer (the stocks input layout with ``point_id, stratum``); both the same layout.
    options : ChangeOptions
    strata_area_ha : Series or dict [ha], optional
        Area of each stratum; without it the sample is taken as self-weighting.
    control : (DataFrame, DataFrame), optional
        Control sites, first and repeat campaign, measured as the project's.
    names : dict, optional
        What to call the inputs in errors and in the report's ``inputs``: keys ``baseline``, ``repeat``,
        ``strata``, ``control_baseline``, ``control_repeat`` (e.g. file names).

    Returns
    -------
    ChangeReport

    Raises
    ------
    InputError naming the campaign (``names``), row and column of the first bad value.
    """
    options = options or ChangeOptions()
    names = {
        "baseline": "baseline campaign",
        "repeat": "repeat campaign",
        "strata": None,
        "control_baseline": "control sites, first campaign",
        "control_repeat": "control sites, repeat campaign",
        **(names or {}),
    }
    if control is not None and options.baseline_change_t_ha is not None:
        raise ParameterError("give control sites or a modelled baseline change, not both")
    opts = options.stocks
    b_pts, r_pts, info = _point_stocks(baseline, repeat, opts, names["baseline"], names["repeat"])
    result = _located(
        lambda: stratified_change(
            b_pts, r_pts, strata_area_ha, design=options.design, confidence=options.confidence
        ),
        names["baseline"],
        names["repeat"],
        names["strata"],
    )
    base = None
    if control is not None:
        ref_mass = info.get("ref_mass_t_ha", opts.ref_mass_t_ha)  # the controls at the project's mass
        control_opts = StockOptions(opts.depth_cm, opts.esm, opts.esm_method, ref_mass)
        cb, cr, _ = _point_stocks(*control, control_opts, names["control_baseline"], names["control_repeat"])
        weights = result.strata.set_index("stratum")["weight"]
        ctrl = _located(
            lambda: stratified_change(
                cb, cr, None, design=options.design, confidence=options.confidence, stratum_weights=weights
            ),
            names["control_baseline"],
            names["control_repeat"],
            None,
        )
        base = BaselineChange(
            "control sites",
            ctrl.change,
            [str(names["control_baseline"]), str(names["control_repeat"])],
            _records(ctrl.strata),
        )
    elif options.baseline_change_t_ha is not None:
        base = BaselineChange(
            "modelled", modelled_baseline(options.baseline_change_t_ha, options.baseline_sd_t_ha)
        )
    points = [
        {
            "campaign": name,
            "point_id": str(p.point_id),
            "stratum": str(p.stratum),
            "soc_stock_t_ha": float(p.soc_stock_t_ha),
        }
        for name, table in (("baseline", b_pts), ("repeat", r_pts))
        for p in table.itertuples()
    ]
    report = ChangeReport(
        design=options.design,
        stocks=info,
        confidence=options.confidence,
        weights_from=result.weights_from,
        area_ha=result.area_ha,
        years=options.years,
        project_change=result.change,
        initial_stock=result.initial_stock,
        final_stock=result.final_stock,
        strata=_records(result.strata),
        points=points,
        baseline=base,
        rate=options.rate,
        growth=options.growth,
        inputs={k: (None if names[k] is None else str(names[k])) for k in ("baseline", "repeat", "strata")},
    )
    report.target  # noqa: B018 -- the target's own checks (a positive initial stock) run now, not on writing
    return report


def credits_for_change(
    change: ChangeReport,
    method: str,
    buffer: float = 0.0,
    leakage_t_co2e: float = 0.0,
    project_emissions_t_co2e: float = 0.0,
    cumulative_project_t_co2e: float | None = None,
    area_ha: float | None = None,
    change_file: str | None = None,
) -> Credits:
    """Credits of a measured change by ``method`` (:func:`~fourpermille.mrv.credits.compute_credits`).

    ``area_ha`` [ha] is used when the change has none (its weights were point counts): the project's area.
    ``change_file`` names the change in the credits file.
    """
    result = compute_credits(
        change.project_change,
        None if change.baseline is None else change.baseline.change,
        area_ha=change.area_ha if change.area_ha is not None else area_ha,
        method=method,
        buffer=buffer,
        leakage_t_co2e=leakage_t_co2e,
        project_emissions_t_co2e=project_emissions_t_co2e,
        cumulative_project_t_co2e=cumulative_project_t_co2e,
    )
    result.change_file = change_file
    return result


# --- helpers -----------------------------------------------------------------------------------------------
def _point_stocks(first, second, opts: StockOptions, first_name, second_name):
    kinds = [_layout(t) for t in (first, second)]
    if kinds[0] != kinds[1]:
        raise InputError(
            "one campaign gives layers, the other stocks per point: use the same layout",
            file=str(second_name),
        )
    if kinds[0] == "points":
        if opts.esm:
            raise InputError(
                "ESM needs lab results per layer; the campaign gives stocks per point", file=str(first_name)
            )
        a = _located(lambda: check_campaign(first, "campaign"), first_name, None, None)
        b = _located(lambda: check_campaign(second, "campaign"), second_name, None, None)
        return a, b, {"method": "given per point"}
    a = _located(lambda: check_layers(first, "campaign"), first_name, None, None)
    b = _located(lambda: check_layers(second, "campaign"), second_name, None, None)
    return _located(
        lambda: campaign_stocks(
            a,
            b,
            depth_cm=opts.depth_cm,
            esm=opts.esm,
            esm_method=opts.esm_method,
            ref_mass_t_ha=opts.ref_mass_t_ha,
        ),
        f"{first_name} / {second_name}",
        None,
        None,
    )


def _layout(table: pd.DataFrame) -> str:
    return "points" if "soc_stock_t_ha" in table.columns else "layers"


def _located(compute, first, second, strata):
    """Run ``compute``; an InputError without a file is placed in the campaign (or strata) it is about."""
    try:
        return compute()
    except ParameterError:
        raise
    except InputError as exc:
        message = str(exc.message)
        if second is not None and "repeat" in message:
            which = second
        elif second is None or "baseline campaign" in message:
            which = first
        elif "area" in message and strata is not None:
            which = strata
        else:
            which = f"{first} / {second}"
        raise exc.in_file(str(which)) from None


def _records(table: pd.DataFrame) -> list[dict]:
    return [{k: _plain(v) for k, v in row.items()} for row in table.to_dict(orient="records")]


def _plain(value):
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _estimate_dict(est: Estimate, confidence: float) -> dict:
    lo, hi = est.interval(confidence)
    return {
        "mean_t_ha": est.mean,
        "se_t_ha": est.se,
        "df": est.df,
        "ci_low_t_ha": lo,
        "ci_high_t_ha": hi,
        "confidence": confidence,
    }


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


#: Fields of a stratum row: (name, limit or None for text, may be null).
_STRATUM_FIELDS = (
    ("stratum", None, False),
    ("area_ha", limits.AREA_HA, True),
    ("weight", limits.WEIGHT, False),
    ("n_baseline", limits.POINTS, False),
    ("n_repeat", limits.POINTS, False),
    ("soc_baseline_t_ha", limits.STOCK_T_HA, False),
    ("soc_repeat_t_ha", limits.STOCK_T_HA, False),
    ("change_t_ha", limits.CHANGE_T_HA, False),
    ("se_change_t_ha", limits.SE_T_HA, False),
    ("df", limits.DF, True),
    ("ci_low_t_ha", limits.CHANGE_T_HA, True),
    ("ci_high_t_ha", limits.CHANGE_T_HA, True),
)
_POINT_FIELDS = (
    ("campaign", None, False),
    ("point_id", None, False),
    ("stratum", None, False),
    ("soc_stock_t_ha", limits.STOCK_T_HA, False),
)
