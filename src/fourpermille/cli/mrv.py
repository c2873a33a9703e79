"""``fourpermille mrv``: plan sampling, estimate the measured change, compute credits, write the report."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from fourpermille.cli.main import app
from fourpermille.cli.options import FOUR_PER_1000
from fourpermille.errors import InputError, ParameterError

mrv_app = typer.Typer(
    name="mrv",
    help="Monitoring, reporting and verification: sample size, sampling plan, change, credits, report.",
    no_args_is_help=True,
)
app.add_typer(mrv_app, name="mrv")

#: Paired design: correlation of point stocks between campaigns (``mrv.power.DEFAULT_CORRELATION``; plain
#: numbers here so that ``--help`` imports no science, tests/cli/test_startup.py keeps them equal).
DEFAULT_CORRELATION = 0.5
REPORT_SUFFIXES = (".pdf", ".html")


@mrv_app.command("sample-size")
def sample_size_command(
    cv: float = typer.Option(..., "--cv", help="Coefficient of variation of the point stocks (SD / mean)."),
    years: float = typer.Option(..., "--years", help="Years between the two campaigns."),
    rate: float = typer.Option(FOUR_PER_1000, "--rate", help="Relative annual gain to detect [1/yr]."),
    growth: str = typer.Option("linear", "--growth", help="linear or compound gain."),
    alpha: float = typer.Option(0.05, "--alpha", help="Significance level (two-sided)."),
    power: float = typer.Option(0.8, "--power", help="Power, 1 - beta."),
    design: str = typer.Option(..., "--design", help="paired (same points) or independent."),
    correlation: float = typer.Option(
        DEFAULT_CORRELATION,
        "--correlation",
        help="Paired: correlation of point stocks between campaigns (0.5: SD of change = SD of stock).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    plot: Path | None = typer.Option(None, "--plot", help="Also write a PNG of n against the years."),
) -> None:
    """Points per campaign to detect the 4 per 1000 gain (VM0042 v2.2 Eq. 1-2, t iterated on n)."""
    from fourpermille import mrv

    result = mrv.sample_size(
        cv, years, rate=rate, growth=growth, alpha=alpha, power=power, design=design, correlation=correlation
    )
    if plot is not None:
        from fourpermille.io.files import atomic_path
        from fourpermille.reports.mrv import sample_size_png

        kw = {"rate": rate, "growth": growth, "alpha": alpha, "power": power, "correlation": correlation}
        with atomic_path(plot) as tmp:
            tmp.write_bytes(sample_size_png(cv, years, kw))
    if as_json:
        typer.echo(json.dumps(result.as_dict(), indent=1))
        return
    typer.echo(
        f"n = {result.n} points per campaign ({design} design) to detect a gain of "
        f"{100 * result.mdd_relative:.2f} % of the initial stock after {years:g} years "
        f"(CV {cv:g}, alpha {alpha:g}, power {power:g}; t_alpha {result.t_alpha:.3f}, "
        f"t_beta {result.t_beta:.3f} at {result.degrees_of_freedom} df)"
    )


@mrv_app.command("plan")
def plan_command(
    area: Path = typer.Argument(..., help="Project area: GeoJSON polygons in lon/lat."),
    n: int = typer.Option(..., "--n", help="Number of sampling points."),
    strata_field: str | None = typer.Option(
        None, "--strata-field", help="Feature property naming the stratum."
    ),
    allocation: str = typer.Option("proportional", "--allocation", help="proportional or neyman."),
    sd_field: str = typer.Option(
        "soc_sd_t_ha",
        "--sd-field",
        help="Neyman: feature property with the expected SD of the stock [t C/ha].",
    ),
    min_distance_m: float = typer.Option(
        0.0, "--min-distance-m", help="Minimum distance between points [m]."
    ),
    seed: int = typer.Option(..., "--seed", help="Random seed: the same seed gives the same points."),
    output: Path = typer.Option(..., "-o", "--output", help="Points as GeoJSON."),
    plot: Path | None = typer.Option(None, "--plot", help="Also write a PNG map of the points."),
) -> None:
    """Stratified random sampling points inside the area, reproducible from a seed."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from fourpermille import mrv
    from fourpermille.io import mrv as mrv_io

    features = mrv_io.read_area(area, strata_field, sd_field if allocation == "neyman" else None)
    sd = mrv_io.stratum_sd(features, area) if allocation == "neyman" else None
    try:
        with Progress(transient=True) as progress:
            progress.add_task("placing points", total=None)
            points = mrv.sample_points(
                features, n, allocation=allocation, sd=sd, min_distance_m=min_distance_m, seed=seed
            )
    except InputError as exc:
        raise exc.in_file(str(area)) from None
    props = {
        "seed": seed,
        "allocation": allocation,
        "min_distance_m": min_distance_m,
        "area": str(area),
        "strata_field": strata_field,
    }
    if plot is not None:
        from fourpermille.io.files import atomic_path
        from fourpermille.reports.mrv import plot_points

        with atomic_path(plot) as tmp:
            plot_points(points, features, tmp)
    mrv_io.write_points(points, output, props)
    table = Table(title=f"Sampling plan: {len(points)} points ({allocation}, seed {seed})")
    for col in ("stratum", "area ha", "points"):
        table.add_column(col, justify="right")
    for r in points.attrs["strata"].itertuples():
        table.add_row(str(r.stratum), f"{r.area_ha:.2f}", str(r.n_points))
    Console().print(table)


@mrv_app.command("change")
def change_command(
    baseline: Path = typer.Argument(..., help="Baseline (first) campaign CSV."),
    repeat: Path = typer.Argument(..., help="Repeat campaign CSV."),
    esm: bool = typer.Option(False, "--esm", help="Stocks at equivalent soil mass (else fixed depth)."),
    esm_method: str = typer.Option("spline", "--esm-method", help="spline, mineral-hyman, hyman or layers."),
    depth_cm: float = typer.Option(
        30.0, "--depth-cm", help="Reporting depth [cm] (ESM: of the reference mass)."
    ),
    ref_mass_t_ha: float | None = typer.Option(
        None, "--ref-mass-t-ha", help="ESM reference soil mass [t/ha]."
    ),
    strata: Path | None = typer.Option(None, "--strata", help="CSV stratum, area_ha."),
    design: str = typer.Option("paired", "--design", help="paired (same points) or unpaired."),
    control_baseline: Path | None = typer.Option(
        None, "--control-baseline", help="Control sites, first campaign."
    ),
    control_repeat: Path | None = typer.Option(
        None, "--control-repeat", help="Control sites, repeat campaign."
    ),
    baseline_change: float | None = typer.Option(
        None, "--baseline-change-t-ha", help="Modelled baseline change over the period [t C/ha]."
    ),
    baseline_sd: float = typer.Option(0.0, "--baseline-sd-t-ha", help="SD of the modelled baseline change."),
    years: float | None = typer.Option(None, "--years", help="Length of the period [yr], for the target."),
    rate: float = typer.Option(FOUR_PER_1000, "--rate", help="Target rate [1/yr]."),
    growth: str = typer.Option("linear", "--growth", help="linear or compound target."),
    confidence: float = typer.Option(0.90, "--confidence", help="Level of the reported intervals."),
    area: Path | None = typer.Option(
        None, "--area", help="Project area GeoJSON: campaign points with lon, lat must lie inside it."
    ),
    strata_field: str | None = typer.Option(None, "--strata-field", help="Area property naming the stratum."),
    output: Path = typer.Option(..., "-o", "--output", help="Result as JSON."),
    plot: Path | None = typer.Option(
        None, "--plot", help="Also write a PNG of the change with its intervals."
    ),
) -> None:
    """Change of the SOC stock between two campaigns, per stratum and project, against a baseline."""
    from rich.progress import Progress

    from fourpermille import mrv
    from fourpermille.io import mrv as mrv_io

    if (control_baseline is None) != (control_repeat is None):
        raise ParameterError("control sites need both --control-baseline and --control-repeat")
    options = mrv.ChangeOptions(
        stocks=mrv.StockOptions(depth_cm, esm, esm_method, ref_mass_t_ha),
        design=design,
        confidence=confidence,
        years=years,
        rate=rate,
        growth=growth,
        baseline_change_t_ha=baseline_change,
        baseline_sd_t_ha=baseline_sd,
    )
    areas = mrv_io.read_strata(strata) if strata is not None else None
    campaigns = [mrv_io.read_campaign(baseline), mrv_io.read_campaign(repeat)]
    if area is not None:
        features = mrv_io.read_area(area, strata_field)
        for path, table in zip((baseline, repeat), campaigns, strict=True):
            _check_inside(path, table, features, strata_field is not None)
    control = None
    if control_baseline is not None:
        control = (mrv_io.read_campaign(control_baseline), mrv_io.read_campaign(control_repeat))
    names = {
        "baseline": str(baseline),
        "repeat": str(repeat),
        "strata": None if strata is None else str(strata),
        "control_baseline": str(control_baseline),
        "control_repeat": str(control_repeat),
    }
    with Progress(transient=True) as progress:
        progress.add_task("computing stocks and the change", total=None)
        report = mrv.measured_change(*campaigns, options, strata_area_ha=areas, control=control, names=names)
    data = mrv_io.json_ready(report.to_dict())
    if plot is not None:
        from fourpermille.io.files import atomic_path
        from fourpermille.reports.mrv import change_png

        with atomic_path(plot) as tmp:
            tmp.write_bytes(change_png(data))
    mrv_io.write_json(data, output)
    _print_change(data)


@mrv_app.command("credits")
def credits_command(
    change: Path = typer.Argument(..., help="CHANGE.json written by `fourpermille mrv change`."),
    method: str = typer.Option(..., "--method", help="vm0042 or gold-standard."),
    buffer: float = typer.Option(
        0.0, "--buffer", help="Non-permanence buffer fraction (VM0042 NPR, GS BUF)."
    ),
    leakage: float = typer.Option(0.0, "--leakage", help="Leakage emissions over the period [t CO2e]."),
    project_emissions: float = typer.Option(
        0.0, "--project-emissions", help="Gold Standard: additional project emissions PE [t CO2e]."
    ),
    cumulative: float | None = typer.Option(
        None,
        "--cumulative-project-t-co2e",
        help="VM0042: cumulative project stock change since the start [t CO2e] (default: this period's).",
    ),
    area_ha: float | None = typer.Option(
        None, "--area-ha", help="Project area [ha] when the change has none (it was not stratified by area)."
    ),
    output: Path = typer.Option(..., "-o", "--output", help="Result as JSON."),
) -> None:
    """Credits by a crediting standard's rules, every step kept (C to CO2e, uncertainty, buffer, leakage)."""
    from fourpermille import mrv
    from fourpermille.io import mrv as mrv_io

    report = mrv_io.read_change(change)
    result = mrv.credits_for_change(
        report,
        method,
        buffer=buffer,
        leakage_t_co2e=leakage,
        project_emissions_t_co2e=project_emissions,
        cumulative_project_t_co2e=cumulative,
        area_ha=area_ha,
        change_file=str(change),
    )
    out = mrv_io.json_ready(result.to_dict())
    mrv_io.write_json(out, output)
    _print_credits(out)


@mrv_app.command("report")
def report_command(
    change: Path = typer.Argument(..., help="CHANGE.json written by `fourpermille mrv change`."),
    credits: Path | None = typer.Option(
        None, "--credits", help="CREDITS.json from `fourpermille mrv credits`."
    ),
    area: Path | None = typer.Option(None, "--area", help="Project area GeoJSON (for the map)."),
    points: Path | None = typer.Option(None, "--points", help="Sampling points GeoJSON (for the map)."),
    strata_field: str | None = typer.Option(None, "--strata-field", help="Area property naming the stratum."),
    ex_ante: float | None = typer.Option(
        None, "--ex-ante-t-ha", help="Ex-ante (modelled) estimate of the change [t C/ha]."
    ),
    ex_ante_file: Path | None = typer.Option(
        None,
        "--ex-ante",
        help="Ex-ante estimate JSON from `fourpermille estimate` (net change over --years).",
    ),
    area_ha: float | None = typer.Option(
        None, "--area-ha", help="Project area [ha], shown when the change has none."
    ),
    project: str = typer.Option("SOC project", "--project", help="Project name."),
    period: str = typer.Option("", "--period", help="Monitoring period, e.g. 2020-2025."),
    output: list[Path] = typer.Option(..., "-o", "--output", help="REPORT.pdf and/or REPORT.html."),
) -> None:
    """Verification report (HTML and/or PDF): map, stocks, change, target, credits step by step."""
    from rich.progress import Progress

    from fourpermille import mrv
    from fourpermille.io import mrv as mrv_io
    from fourpermille.mrv import limits
    from fourpermille.reports.mrv import build_report_context, write_html, write_pdf

    bad = [str(o) for o in output if o.suffix.lower() not in REPORT_SUFFIXES]
    if bad:
        raise ParameterError(f"report outputs must end in .pdf or .html: {', '.join(bad)}")
    if ex_ante is not None and ex_ante_file is not None:
        raise ParameterError("give --ex-ante-t-ha or --ex-ante, not both")
    limits.check_number("--ex-ante-t-ha", ex_ante, limits.CHANGE_T_HA, allow_none=True)
    limits.check_number("--area-ha", area_ha, limits.AREA_HA, allow_none=True)
    report = mrv_io.read_change(change)
    credit_result = mrv_io.read_credits(credits) if credits is not None else None
    ex_ante_info = None
    if ex_ante is not None:
        ex_ante_info = {"change_t_ha": ex_ante, "low_t_ha": None, "high_t_ha": None, "model": "given"}
    elif ex_ante_file is not None:
        if report.years is None:
            raise InputError(
                "the change has no period length: run `mrv change` with --years", file=str(change)
            )
        ex_ante_info = mrv_io.read_ex_ante(ex_ante_file, report.years)
    features = mrv_io.read_area(area, strata_field) if area is not None else None
    pts = mrv_io.read_points(points) if points is not None else None
    if pts is not None and features is not None:
        outside = mrv.points_outside(pts, features, by_stratum=strata_field is not None)
        if not outside.empty:
            raise InputError(
                f"{len(outside)} point(s) outside the project area: "
                f"{', '.join(outside.point_id.astype(str))}",
                file=str(points),
            )
    with Progress(transient=True) as progress:
        progress.add_task("drawing figures and writing the report", total=None)
        context = build_report_context(
            report, credit_result, features, pts, ex_ante_info, project, period, area_ha=area_ha
        )
        for out in output:
            (write_pdf if out.suffix.lower() == ".pdf" else write_html)(context, out)
    typer.echo(f"wrote {', '.join(map(str, output))}")


# --- helpers --------------------------------------------------------------------------------------------
def _check_inside(path: Path, table, features, by_stratum: bool) -> None:
    from fourpermille import mrv

    if not all(c in table for c in ("lon", "lat")):
        raise InputError("--area needs the columns lon, lat in the campaign", file=str(path), row=1)
    located = table.dropna(subset=["lon", "lat"]).groupby("point_id", sort=False).first().reset_index()
    outside = mrv.points_outside(located, features, by_stratum=by_stratum)
    if not outside.empty:
        raise InputError(
            f"{len(outside)} point(s) outside the project area: {', '.join(outside.point_id.astype(str))}",
            file=str(path),
            column="lon",
        )


def _print_change(data: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    conf = int(round(100 * data["confidence"]))
    table = Table(title=f"SOC stock change ({data['design']}, {conf} % intervals)")
    for col in ("stratum", "n", "SOC start t C/ha", "SOC end t C/ha", "change t C/ha", f"{conf} % CI"):
        table.add_column(col, justify="right")
    for s in data["project"]["strata"]:
        table.add_row(
            str(s["stratum"]),
            str(s["n_baseline"]),
            f"{s['soc_baseline_t_ha']:.2f}",
            f"{s['soc_repeat_t_ha']:.2f}",
            f"{s['change_t_ha']:+.2f}",
            f"{s['ci_low_t_ha']:+.2f} .. {s['ci_high_t_ha']:+.2f}",
        )
    p = data["project"]
    table.add_row(
        "project",
        str(sum(s["n_baseline"] for s in p["strata"])),
        f"{p['initial_stock']['mean_t_ha']:.2f}",
        f"{p['final_stock']['mean_t_ha']:.2f}",
        f"{p['change']['mean_t_ha']:+.2f}",
        f"{p['change']['ci_low_t_ha']:+.2f} .. {p['change']['ci_high_t_ha']:+.2f}",
    )
    console = Console()
    console.print(table)
    net = data["net_change"]
    if data.get("baseline"):
        console.print(
            f"baseline ({data['baseline']['source']}): {data['baseline']['change']['mean_t_ha']:+.2f}"
            f" t C/ha; net change {net['mean_t_ha']:+.2f} t C/ha "
            f"({net['ci_low_t_ha']:+.2f} .. {net['ci_high_t_ha']:+.2f})"
        )
    if data.get("target"):
        t = data["target"]
        console.print(
            f"4 per 1000 target over {t['years']:g} years: {t['target_change_t_ha']:+.2f} t C/ha; "
            f"achieved {100 * t['achieved_fraction']:.0f} % (annual rate {1000 * t['annual_rate']:.2f}"
            f" per 1000)"
        )


def _print_credits(data: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Credits: {data['standard']} ({data['method']})")
    for col in ("step", "equation", "value", "unit"):
        table.add_column(col, justify="left" if col == "step" else "right")
    for s in data["steps"]:
        table.add_row(s["step"], s["equation"], f"{s['value']:.4g}", s["unit"])
    console = Console()
    console.print(table)
    unit = "t CO2e/ha" if data["per_hectare"] else "t CO2e"
    console.print(f"credits: {data['credits_t_co2e']:.2f} {unit}")
