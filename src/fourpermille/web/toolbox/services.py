"""The online toolbox's calculators: each runs the same io reader and science-core function as its command
(``fourpermille stocks``, ``target``, ``tier1``, ``rothc batch``, ``mrv sample-size``) and returns what the
page shows: a summary, a table, a chart, the CSV the command writes (same bytes) and the command itself.

Uploaded files are written to a temporary directory under their own (cleaned) name, read by the command's
reader and deleted with the directory: nothing is stored. An error names the file as the user knows it.
"""

from __future__ import annotations

import json
import os
import shlex
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from fourpermille.errors import InputError
from fourpermille.web.toolbox import countries
from fourpermille.web.toolbox.models import SHORT_LABELS, Calculator, ToolboxUsage

DATA = Path(__file__).parent / "data"
#: Example inputs: the command line's sample profiles, land units and Hoosfield's climate (data/README.md).
EXAMPLE_PROFILES = Path(__file__).parents[2] / "data" / "sample_profiles.csv"
EXAMPLE_UNITS = DATA / "tier1_units.csv"
EXAMPLE_CLIMATE = DATA / "rothc_climate.csv"
#: Largest uploaded table [bytes]: a profile or land-unit table of thousands of rows fits.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
#: Monte Carlo draws the toolbox runs at most (the command line takes more; a page must answer fast).
MAX_DRAWS = 10_000
#: Rows shown in a result table (the download holds them all).
SHOWN_ROWS = 200


@dataclass
class Outcome:
    """What a calculator returns to its page."""

    summary: list[tuple[str, str]]  #: (label, formatted value)
    columns: list[str]  #: table headers
    rows: list[list[str]]  #: table cells, formatted
    csv_text: str  #: the file the command writes (same bytes)
    csv_name: str
    command: str  #: the command line giving the same result from the same input files
    chart: dict  #: x, x_name, y_name, series [{name, data, dashed}] for toolbox.js
    values: dict = field(default_factory=dict)  #: the numbers behind the summary, unformatted
    inputs: list[tuple[str, str]] = field(default_factory=list)  #: (file name, text) the command also reads
    extra_download: tuple[str, str, str] | None = None  #: (file name, mime type, text)
    total_rows: int = 0


# --- files ------------------------------------------------------------------------------------------------
def upload_name(upload) -> str:
    """The uploaded file's own name, cleaned to a safe file name (what the command line is shown with)."""
    name = get_valid_filename(os.path.basename(getattr(upload, "name", "") or "input.csv")) or "input.csv"
    return name


@contextmanager
def workspace() -> Iterator[Path]:
    """A temporary directory for one calculation; errors located in it name files relative to it."""
    with tempfile.TemporaryDirectory(prefix="fourpermille-toolbox-") as directory:
        try:
            yield Path(directory)
        except InputError as exc:
            if exc.file and str(exc.file).startswith(directory):
                raise replace(exc, file=os.path.relpath(exc.file, directory)) from None
            raise


def save(directory: Path, upload, name: str | None = None) -> Path:
    """Write an uploaded file (or text) into ``directory`` under ``name`` (its own cleaned name)."""
    path = directory / (name or upload_name(upload))
    if isinstance(upload, str):
        path.write_text(upload, encoding="utf-8")
    else:
        with open(path, "wb") as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
    return path


def number(value: float) -> str:
    """A number as the command line reads it back exactly: 30 not 30.0, else Python's shortest repr."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _command(*words: str) -> str:
    return " ".join(shlex.quote(w) for w in words)


def _fmt(value, pattern: str = "{:.2f}") -> str:
    if value is None or value != value:  # NaN
        return "-"
    return pattern.format(value)


# --- a) SOC stocks ----------------------------------------------------------------------------------------
def run_stocks(
    upload,
    *,
    depth_cm: list[float],
    method: str,
    esm_method: str,
    ref_mass_t_ha: list[float] | None,
    cumulative: bool,
    max_extrapolation: float,
) -> Outcome:
    """``fourpermille stocks``: :func:`fourpermille.io.profiles.stocks_of_file` on the uploaded profiles."""
    from fourpermille.io.profiles import stocks_of_file
    from fourpermille.io.results import csv_text

    name = upload_name(upload)
    depth = depth_cm if len(depth_cm) > 1 else depth_cm[0]
    with workspace() as directory:
        result = stocks_of_file(
            save(directory, upload),
            depth_cm=depth,
            method=method,
            esm_method=esm_method,
            ref_mass_t_ha=ref_mass_t_ha,
            cumulative=cumulative,
            max_extrapolation=max_extrapolation,
        )
    esm = method == "esm"
    words = [
        "fourpermille",
        "stocks",
        name,
        "--depth-cm",
        ",".join(number(d) for d in depth_cm),
        "--method",
        method,
    ]
    if esm:
        words += ["--esm-method", esm_method, "--max-extrapolation", number(max_extrapolation)]
        if ref_mass_t_ha:
            words += ["--ref-mass-t-ha", ",".join(number(m) for m in ref_mass_t_ha)]
    if cumulative:
        words.append("--cumulative")
    words += ["-o", "stocks.csv"]
    if esm:
        columns = [
            _("profile"),
            _("reference mass [t/ha]"),
            _("soil mass [t/ha]"),
            _("SOC [t C/ha]"),
            _("equivalent depth [cm]"),
        ]
        keys = [
            ("profile_id", "{}"),
            ("ref_mass_t_ha", "{:.1f}"),
            ("soil_mass_t_ha", "{:.1f}"),
            ("soc_stock_t_ha", "{:.3f}"),
            ("equivalent_depth_cm", "{:.2f}"),
        ]
        layer = result["ref_mass_t_ha"].map(lambda m: _("%(mass)s t/ha") % {"mass": f"{m:.0f}"})
    else:
        columns = [_("profile"), _("top [cm]"), _("bottom [cm]"), _("soil mass [t/ha]"), _("SOC [t C/ha]")]
        keys = [
            ("profile_id", "{}"),
            ("depth_top_cm", "{:g}"),
            ("depth_bottom_cm", "{:g}"),
            ("soil_mass_t_ha", "{:.1f}"),
            ("soc_stock_t_ha", "{:.3f}"),
        ]
        layer = (
            result["depth_top_cm"].map("{:g}".format) + "-" + result["depth_bottom_cm"].map("{:g} cm".format)
        )
    rows = [[_fmt(row[k], f) for k, f in keys] for _i, row in result.head(SHOWN_ROWS).iterrows()]
    profiles = list(dict.fromkeys(result["profile_id"].astype(str)))
    series = []
    for label in dict.fromkeys(layer):
        part = result[layer == label].set_index(result["profile_id"].astype(str)[layer == label])
        series.append({"name": label, "data": [_round(part["soc_stock_t_ha"].get(p)) for p in profiles]})
    total = result.groupby("profile_id")["soc_stock_t_ha"].sum()
    summary = [
        (_("profiles"), str(len(profiles))),
        (
            _("mean SOC stock per profile [t C/ha]") if not cumulative else _("rows"),
            f"{total.mean():.2f}" if not cumulative else str(len(result)),
        ),
    ]
    return Outcome(
        summary=summary,
        columns=columns,
        rows=rows,
        csv_text=csv_text(result, "stocks"),
        csv_name="stocks.csv",
        command=_command(*words),
        chart={
            "kind": "bar",
            "x": profiles,
            "x_name": _("profile"),
            "y_name": _("SOC [t C/ha]"),
            "series": series,
        },
        values={"soc_stock_t_ha": result["soc_stock_t_ha"].tolist()},
        total_rows=len(result),
    )


def _round(value, digits: int = 4):
    if value is None or value != value:
        return None
    return round(float(value), digits)


# --- b) the 4 per 1000 target -----------------------------------------------------------------------------
def run_target(*, soc0: float, years: int, rate: float, growth: str, baseline_rate: float) -> Outcome:
    """``fourpermille target``: :func:`fourpermille.target.trajectory`."""
    from fourpermille import target as target_mod
    from fourpermille.io.results import csv_text

    table = target_mod.trajectory(soc0, years, rate=rate, growth=growth, baseline_rate=baseline_rate)
    attrs = table.attrs
    last = table.iloc[-1]
    baseline_type = attrs["baseline_type"]
    kinds = {"A": _("increasing"), "B": _("constant"), "C": _("declining")}
    summary = [
        (_("baseline type"), f"{baseline_type} ({kinds.get(baseline_type, baseline_type)})"),
        (_("target SOC after %(years)s years [t C/ha]") % {"years": years}, f"{last.target_soc_t_ha:.2f}"),
        (
            _("baseline SOC after %(years)s years [t C/ha]") % {"years": years},
            f"{last.baseline_soc_t_ha:.2f}",
        ),
        (_("additional SOC [t C/ha]"), f"{last.additional_soc_t_ha:.2f}"),
        (_("additional CO2e [t CO2e/ha]"), f"{last.additional_co2e_t_ha:.2f}"),
    ]
    rows = [
        [
            f"{int(r.year)}",
            f"{r.baseline_soc_t_ha:.2f}",
            f"{r.target_soc_t_ha:.2f}",
            f"{r.additional_soc_t_ha:.2f}",
            f"{r.additional_co2e_t_ha:.2f}",
        ]
        for r in table.itertuples()
    ]
    words = [
        "fourpermille",
        "target",
        "--soc0",
        number(soc0),
        "--years",
        str(years),
        "--rate",
        number(rate),
        "--growth",
        growth,
        "--baseline-rate",
        number(baseline_rate),
        "-o",
        "target.csv",
    ]
    return Outcome(
        summary=summary,
        columns=[
            _("year"),
            _("baseline [t C/ha]"),
            _("target [t C/ha]"),
            _("additional [t C/ha]"),
            _("additional [t CO2e/ha]"),
        ],
        rows=rows[:SHOWN_ROWS],
        csv_text=csv_text(table, "target"),
        csv_name="target.csv",
        command=_command(*words),
        chart={
            "kind": "line",
            "x": [int(y) for y in table.year],
            "x_name": _("year"),
            "y_name": _("SOC [t C/ha]"),
            "series": [
                {"name": _("baseline"), "data": [_round(v) for v in table.baseline_soc_t_ha], "dashed": True},
                {"name": _("+4 per 1000 target"), "data": [_round(v) for v in table.target_soc_t_ha]},
            ],
        },
        values={
            "target_soc_t_ha": float(last.target_soc_t_ha),
            "baseline_soc_t_ha": float(last.baseline_soc_t_ha),
            "additional_soc_t_ha": float(last.additional_soc_t_ha),
        },
        total_rows=len(table),
    )


# --- c) IPCC Tier 1 ---------------------------------------------------------------------------------------
#: Columns of the Tier 1 table shown on the page (the CSV has every column), as the command prints them.
TIER1_SHOWN = (
    "unit_id",
    "year",
    "soc_t",
    "soc_t_minus_d",
    "soc_t_previous",
    "delta_soc_t_per_yr",
    "delta_soc_t_per_yr_lower",
    "delta_soc_t_per_yr_upper",
)


def run_tier1(
    upload, *, approach: str, d_years: int, factors: str, uncertainty: int, seed: int | None, per_unit: bool
) -> Outcome:
    """``fourpermille tier1``: :func:`fourpermille.io.land_units.read_units` then
    :func:`fourpermille.ipcc.inventory.stock_change`."""
    from fourpermille.io.land_units import read_units
    from fourpermille.io.results import csv_text
    from fourpermille.ipcc.inventory import stock_change

    name = upload_name(upload)
    with workspace() as directory:
        path = save(directory, upload)
        table = read_units(path)
        try:
            result = stock_change(
                table,
                approach=approach,
                d_years=d_years,
                factors=factors,
                n_draws=uncertainty,
                seed=seed,
                per_unit=per_unit,
            )
        except InputError as exc:
            raise exc.in_file(str(path)) from None
    words = [
        "fourpermille",
        "tier1",
        name,
        "--approach",
        approach,
        "--d-years",
        str(d_years),
        "--factors",
        factors,
    ]
    if uncertainty:
        words += ["--uncertainty", str(uncertainty)]
        if seed is not None:
            words += ["--seed", str(seed)]
    if per_unit:
        words.append("--per-unit")
    words += ["-o", "tier1.csv"]
    shown = [c for c in TIER1_SHOWN if c in result.columns]
    labels = {
        "unit_id": _("land unit"),
        "year": _("year"),
        "soc_t": _("SOC stock [t C]"),
        "soc_t_minus_d": _("SOC stock D years before [t C]"),
        "soc_t_previous": _("SOC stock previous inventory [t C]"),
        "delta_soc_t_per_yr": _("annual change [t C/yr]"),
        "delta_soc_t_per_yr_lower": _("lower 95 % [t C/yr]"),
        "delta_soc_t_per_yr_upper": _("upper 95 % [t C/yr]"),
    }
    rows = []
    for _i, row in result.head(SHOWN_ROWS).iterrows():
        rows.append(
            [
                str(row[c])
                if c == "unit_id"
                else f"{int(row[c])}"
                if c == "year"
                else _fmt(row[c], "{:,.1f}")
                for c in shown
            ]
        )
    if "unit_id" in result.columns:
        years = sorted({int(y) for y in result["year"]})
        series = []
        for unit, part in result.groupby("unit_id", sort=False):
            by_year = dict(zip(part["year"].astype(int), part["soc_t"], strict=True))
            series.append({"name": str(unit), "data": [_round(by_year.get(y), 2) for y in years]})
    else:
        years = [int(y) for y in result["year"]]
        series = [{"name": _("SOC stock [t C]"), "data": [_round(v, 2) for v in result["soc_t"]]}]
    last = result[result["year"] == result["year"].max()]
    summary = [
        (_("inventory years"), ", ".join(str(int(y)) for y in sorted(set(result["year"])))),
        (
            _("SOC stock in %(year)s [t C]") % {"year": int(result["year"].max())},
            f"{last['soc_t'].sum():,.1f}",
        ),
        (
            _("annual change in %(year)s [t C/yr]") % {"year": int(result["year"].max())},
            f"{last['delta_soc_t_per_yr'].sum():,.1f}",
        ),
    ]
    return Outcome(
        summary=summary,
        columns=[labels[c] for c in shown],
        rows=rows,
        csv_text=csv_text(result, "tier1"),
        csv_name="tier1.csv",
        command=_command(*words),
        chart={
            "kind": "line",
            "x": years,
            "x_name": _("year"),
            "y_name": _("SOC stock [t C]"),
            "series": series,
        },
        values={
            "soc_t": result["soc_t"].tolist(),
            "delta_soc_t_per_yr": result["delta_soc_t_per_yr"].tolist(),
        },
        total_rows=len(result),
    )


# --- d) RothC: the extra input for +4 per 1000 ------------------------------------------------------------
#: The months, 1 to 12.
MONTHS = tuple(range(1, 13))


def rothc_site_tables(
    *,
    site_id: str,
    clay: float,
    depth_cm: float,
    soc_t_ha: float | None,
    iom: float | None,
    plant_input_t_ha_yr: float,
    input_months: list[int],
    fym_t_ha_yr: float,
    covered_months: list[int],
    dpm_rpm: float,
) -> tuple[str, str]:
    """The ``sites`` and ``management`` tables of ``fourpermille rothc batch`` for one site, as CSV text.

    The annual plant input and manure are split evenly over ``input_months``; the soil is covered (PC = 1)
    in ``covered_months``.
    """
    columns = ["site_id", "clay", "depth_cm", "climate_id"]
    values = [site_id, number(clay), number(depth_cm), site_id]
    if iom is not None:
        columns.append("iom")
        values.append(number(iom))
    if soc_t_ha is not None:
        columns.append("soc_t_ha")
        values.append(number(soc_t_ha))
    sites = ",".join(columns) + "\n" + ",".join(values) + "\n"
    lines = ["site_id,month,c_inp,fym,pc,dpm_rpm"]
    share = 1 / len(input_months)
    for month in MONTHS:
        c_inp = plant_input_t_ha_yr * share if month in input_months else 0.0
        fym = fym_t_ha_yr * share if month in input_months else 0.0
        pc = 1 if month in covered_months else 0
        lines.append(f"{site_id},{month},{number(c_inp)},{number(fym)},{pc},{number(dpm_rpm)}")
    return sites, "\n".join(lines) + "\n"


def run_rothc(climate_upload, *, years: int, rate: float, growth: str, **site) -> Outcome:
    """``fourpermille rothc batch`` for one site: :func:`fourpermille.io.rothc_dat.read_batch_tables`,
    :func:`fourpermille.rothc.batch.four_per_1000_sites` and the command's CSV writer."""
    from fourpermille import target as target_mod
    from fourpermille.io import rothc_dat

    climate_name = upload_name(climate_upload)
    if climate_name in ("sites.csv", "management.csv", "rothc.csv"):
        climate_name = f"climate_{climate_name}"
    sites_text, management_text = rothc_site_tables(**site)
    with workspace() as directory:
        sites = save(directory, sites_text, "sites.csv")
        management = save(directory, management_text, "management.csv")
        climate = save(directory, climate_upload, climate_name)
        batch, result = rothc_dat.four_per_1000_of_tables(
            sites, climate, management, years, rate=rate, growth=growth
        )
        output = directory / "rothc.csv"
        rothc_dat.write_columns(rothc_dat.batch_columns(batch, result), output)
        text = output.read_text(encoding="utf-8")
    words = [
        "fourpermille",
        "rothc",
        "batch",
        "--sites",
        "sites.csv",
        "--climate",
        climate_name,
        "--management",
        "management.csv",
        "--years",
        str(years),
        "--rate",
        number(rate),
        "--growth",
        growth,
        "-o",
        "rothc.csv",
    ]
    one = {key: float(values[0]) for key, values in result.items() if getattr(values, "ndim", 0) == 1}
    yearly = [float(v) for v in result["soc_yearly_t_ha"][0]]
    trajectory = target_mod.trajectory(one["soc0_t_ha"], years, rate=rate, growth=growth)
    summary = [
        (_("IOM [t C/ha]"), f"{one['iom_t_ha']:.4f}"),
        (_("current plant input [t C/ha/yr]"), f"{one['c_inp_t_ha_yr']:.4f}"),
        (_("SOC0 (exact equilibrium) [t C/ha]"), f"{one['soc0_t_ha']:.4f}"),
        (_("target SOC after %(years)s years [t C/ha]") % {"years": years}, f"{one['target_soc_t_ha']:.4f}"),
        (
            _("required extra plant input [% of current]"),
            f"{100 * one['required_input_increase_fraction']:.2f}",
        ),
        (_("required extra plant input [t C/ha/yr]"), f"{one['required_additional_input_t_ha_yr']:.4f}"),
    ]
    rows = [
        [str(year), f"{soc:.4f}", f"{target:.4f}"]
        for year, soc, target in zip(
            range(0, years + 1), [one["soc0_t_ha"], *yearly], trajectory["target_soc_t_ha"], strict=True
        )
    ]
    return Outcome(
        summary=summary,
        columns=[_("year"), _("SOC with the extra input [t C/ha]"), _("target [t C/ha]")],
        rows=rows[:SHOWN_ROWS],
        csv_text=text,
        csv_name="rothc.csv",
        command=_command(*words),
        chart={
            "kind": "line",
            "x": list(range(0, years + 1)),
            "x_name": _("year"),
            "y_name": _("SOC [t C/ha]"),
            "series": [
                {
                    "name": _("RothC with the extra input"),
                    "data": [_round(v) for v in [one["soc0_t_ha"], *yearly]],
                },
                {
                    "name": _("+4 per 1000 target"),
                    "data": [_round(v) for v in trajectory["target_soc_t_ha"]],
                    "dashed": True,
                },
            ],
        },
        values=one,
        inputs=[("sites.csv", sites_text), ("management.csv", management_text)],
        total_rows=years + 1,
    )


# --- e) MRV sample size -----------------------------------------------------------------------------------
def run_mrv(
    *,
    cv: float,
    years: float,
    rate: float,
    growth: str,
    alpha: float,
    power: float,
    design: str,
    correlation: float,
) -> Outcome:
    """``fourpermille mrv sample-size``: :func:`fourpermille.mrv.sample_size` and, for the chart,
    :func:`fourpermille.mrv.sample_size_curve`."""
    from fourpermille import mrv

    options = {"rate": rate, "growth": growth, "alpha": alpha, "power": power, "correlation": correlation}
    result = mrv.sample_size(cv, years, design=design, **options)
    curve = mrv.sample_size_curve(cv, years, **options)
    data = result.as_dict()
    words = [
        "fourpermille",
        "mrv",
        "sample-size",
        "--cv",
        number(cv),
        "--years",
        number(years),
        "--rate",
        number(rate),
        "--growth",
        growth,
        "--alpha",
        number(alpha),
        "--power",
        number(power),
        "--design",
        design,
        "--correlation",
        number(correlation),
        "--json",
    ]
    csv_lines = [",".join(data), ",".join("" if v is None else str(v) for v in data.values())]
    summary = [
        (_("points per campaign"), str(result.n)),
        (_("design"), {"paired": _("paired"), "independent": _("independent")}[design]),
        (_("gain to detect [% of the initial stock]"), f"{100 * result.mdd_relative:.2f}"),
        (_("degrees of freedom"), str(result.degrees_of_freedom)),
    ]
    rows = [[key, "" if value is None else str(value)] for key, value in data.items()]
    return Outcome(
        summary=summary,
        columns=[_("quantity"), _("value")],
        rows=rows,
        csv_text="\n".join(csv_lines) + "\n",
        csv_name="sample_size.csv",
        command=_command(*words),
        chart={
            "kind": "line",
            "log": True,
            "x": curve["years"],
            "x_name": _("years between campaigns"),
            "y_name": _("points per campaign"),
            "series": [
                {"name": _("paired"), "data": curve["paired"]},
                {"name": _("independent"), "data": curve["independent"], "dashed": True},
            ],
        },
        values=data,
        extra_download=("sample_size.json", "application/json", json.dumps(data, indent=1) + "\n"),
        total_rows=len(rows),
    )


# --- usage counts -----------------------------------------------------------------------------------------
def country_of(user, chosen: str | None) -> str:
    """The country a calculation is counted for: the one chosen on the form, else the user's organisation's,
    else :data:`countries.UNKNOWN`. Nothing about the user is kept, only this code."""
    if chosen and chosen in countries.countries():
        return chosen
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    organisation = getattr(person, "organisation", None)
    return countries.iso_code(organisation.country) if organisation else countries.UNKNOWN


def count_use(calculator: str, country: str) -> None:
    """Add one run of ``calculator`` in ``country`` to this month's count."""
    month = timezone.localdate().replace(day=1)
    key = {"calculator": Calculator(calculator).value, "country": country, "month": month, "is_demo": False}
    for _attempt in range(2):  # a concurrent first run of the month may create the row between the two
        updated = ToolboxUsage.objects.filter(**key).update(count=F("count") + 1)
        if updated:
            return
        try:
            with transaction.atomic():
                ToolboxUsage.objects.create(**key, count=1)
            return
        except IntegrityError:
            continue


def usage_rows(year: int | None = None) -> dict:
    """Runs per country and calculator (``year`` or all), for the usage page: ``rows`` (country code, name,
    counts per calculator in :class:`Calculator` order, total, demo), ``countries`` (distinct known
    countries), ``total`` and ``demo`` (any demo count among them)."""
    usage = ToolboxUsage.objects.all()
    if year is not None:
        usage = usage.filter(month__year=year)
    table: dict[str, dict] = {}
    for row in usage.values("country", "calculator", "is_demo").annotate(runs=Sum("count")):
        entry = table.setdefault(
            row["country"], {"counts": dict.fromkeys(Calculator.values, 0), "demo": False}
        )
        entry["counts"][row["calculator"]] += row["runs"]
        entry["demo"] |= row["is_demo"]
    rows = [
        {
            "code": code,
            "name": countries.country_name(code) if code != countries.UNKNOWN else _("unknown"),
            "counts": [entry["counts"][c] for c in Calculator.values],
            "total": sum(entry["counts"].values()),
            "demo": entry["demo"],
        }
        for code, entry in table.items()
    ]
    rows.sort(key=lambda r: (-r["total"], r["name"]))
    return {
        "rows": rows,
        "countries": sum(1 for r in rows if r["code"] != countries.UNKNOWN),
        "total": sum(r["total"] for r in rows),
        "demo": any(r["demo"] for r in rows),
        "chart": {
            "kind": "bar",
            "horizontal": True,
            "stack": True,
            "x": [r["name"] + (" " + _("(demo)") if r["demo"] else "") for r in rows],
            "x_name": _("country"),
            "y_name": _("runs"),
            "series": [
                {"name": str(SHORT_LABELS[value]), "data": [r["counts"][i] for r in rows]}
                for i, value in enumerate(Calculator.values)
            ],
        },
    }
