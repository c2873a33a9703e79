"""The MRV verification report: one per project and monitoring period, as HTML (jinja2) and PDF (reportlab).

Figures are drawn with matplotlib into PNG and embedded (base64 in the HTML, images in the PDF): the map of
sampling points by stratum, the distribution of point stocks per campaign, the change with its interval per
stratum and for the project, the comparison with the 4 per 1000 target and the ex-ante estimate, and the
credit computation as a waterfall. The credit steps are listed one by one with their equations.
"""

from __future__ import annotations

import base64
import datetime as _dt
import io
import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from jinja2 import Environment, PackageLoader, select_autoescape  # noqa: E402

from fourpermille import __version__  # noqa: E402
from fourpermille.io.files import atomic_path  # noqa: E402
from fourpermille.io.mrv import json_ready as _json_ready  # noqa: E402
from fourpermille.mrv.credits import Credits  # noqa: E402
from fourpermille.mrv.design import local_crs, to_metric  # noqa: E402
from fourpermille.mrv.pipeline import ChangeReport  # noqa: E402
from fourpermille.units import CO2_PER_C  # noqa: E402

DPI = 130
#: Level of the intervals the platform's pages show [-]; the report names it beside its own level.
PAGE_CONFIDENCE = 0.95
PALETTE = plt.get_cmap("tab10")


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buf, format="png", dpi=DPI)
    plt.close(fig)
    return buf.getvalue()


def _colors(strata) -> dict:
    return {s: PALETTE(i % 10) for i, s in enumerate(sorted(set(map(str, strata))))}


# --- figures ----------------------------------------------------------------------------------------------
def sample_size_png(cv: float, years: float, options: dict) -> bytes:
    """Points per campaign against the years between campaigns, paired and independent designs."""
    from fourpermille.mrv.power import sample_size

    span = np.arange(1, max(20, int(np.ceil(years)) + 5) + 1)
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    for design, color in (("paired", "tab:green"), ("independent", "tab:blue")):
        ns = [sample_size(cv, y, design=design, **options).n for y in span]
        ax.plot(span, ns, "o-", ms=3, color=color, label=design)
    ax.axvline(years, color="0.4", ls="--", lw=0.8)
    ax.set_yscale("log")
    ax.set_xlabel("years between campaigns")
    ax.set_ylabel("points per campaign")
    ax.set_title(f"Points to detect +{1000 * options.get('rate', 0.004):g} per 1000 a year (CV {cv:g})")
    ax.grid(alpha=0.3, which="both")
    ax.legend(frameon=False)
    return _png(fig)


def points_map_png(points: pd.DataFrame | None, features: pd.DataFrame | None) -> bytes:
    """Map of the area's polygons and the sampling points, coloured by stratum, in metres."""
    geoms = list(features["geometry"]) if features is not None else []
    fig, ax = plt.subplots(figsize=(6.5, 5.0))
    if points is not None:
        from shapely.geometry import Point

        point_geoms = [Point(x, y) for x, y in zip(points["lon"], points["lat"], strict=True)]
    else:
        point_geoms = []
    crs = local_crs(geoms + point_geoms)
    strata = list(features["stratum"]) if features is not None else []
    strata += list(points["stratum"]) if points is not None else []
    colors = _colors(strata)
    if features is not None:
        for s, g in zip(features["stratum"], to_metric(geoms, crs), strict=True):
            polys = getattr(g, "geoms", [g])
            for poly in polys:
                x, y = poly.exterior.xy
                ax.fill(x, y, color=colors[str(s)], alpha=0.15, lw=0)
                ax.plot(x, y, color=colors[str(s)], lw=1.2)
    if points is not None:
        pm = to_metric(point_geoms, crs)
        xs, ys = np.array([p.x for p in pm]), np.array([p.y for p in pm])
        for s in sorted(set(points["stratum"].astype(str))):
            m = (points["stratum"].astype(str) == s).to_numpy()
            ax.scatter(
                xs[m], ys[m], s=22, color=colors[s], edgecolor="k", lw=0.4, label=f"{s} ({m.sum()})", zorder=3
            )
        if len(points) <= 60:
            for pid, x, y in zip(points["point_id"], xs, ys, strict=True):
                ax.annotate(str(pid), (x, y), xytext=(3, 3), textcoords="offset points", fontsize=6)
        ax.legend(
            frameon=False,
            fontsize=8,
            title="stratum (points)",
            title_fontsize=8,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
        )
    ax.set_aspect("equal")
    ax.set_xlabel("easting from the area's centre [m]")
    ax.set_ylabel("northing [m]")
    ax.set_title("Sampling points by stratum")
    ax.grid(alpha=0.3)
    return _png(fig)


def plot_points(points: pd.DataFrame, features: pd.DataFrame, path) -> None:
    """Write the sampling map as PNG to ``path``."""
    with open(path, "wb") as fh:
        fh.write(points_map_png(points, features))


def stocks_png(change: dict) -> bytes:
    """Point SOC stocks per stratum, baseline and repeat campaign side by side (box and points)."""
    pts = pd.DataFrame(change["points"])
    strata = sorted(pts["stratum"].astype(str).unique())
    fig, ax = plt.subplots(figsize=(7, 3.8))
    rng = np.random.default_rng(0)  # horizontal jitter only, for legibility
    for i, s in enumerate(strata):
        for j, (campaign, color) in enumerate((("baseline", "0.55"), ("repeat", "tab:green"))):
            v = pts.loc[(pts.stratum.astype(str) == s) & (pts.campaign == campaign), "soc_stock_t_ha"]
            pos = i * 3 + j
            ax.boxplot(
                v,
                positions=[pos],
                widths=0.7,
                patch_artist=True,
                showfliers=False,
                boxprops={"facecolor": color, "alpha": 0.35},
                medianprops={"color": "k"},
            )
            ax.scatter(pos + rng.uniform(-0.18, 0.18, len(v)), v, s=9, color=color, zorder=3)
    ax.set_xticks([i * 3 + 0.5 for i in range(len(strata))], strata)
    ax.scatter([], [], color="0.55", label="baseline campaign")
    ax.scatter([], [], color="tab:green", label="repeat campaign")
    ax.legend(frameon=False, fontsize=8)
    ax.set_ylabel("SOC stock [t C/ha]")
    ax.set_title("Point SOC stocks by stratum")
    ax.grid(alpha=0.3, axis="y")
    return _png(fig)


def change_png(change: dict) -> bytes:
    """Change of the mean stock with its interval: strata, project, baseline and net change."""
    conf = change["confidence"]
    rows = [
        (f"{s['stratum']}", s["change_t_ha"], s["ci_low_t_ha"], s["ci_high_t_ha"], "tab:blue")
        for s in change["project"]["strata"]
    ]
    p = change["project"]["change"]
    rows.append(("project", p["mean_t_ha"], p["ci_low_t_ha"], p["ci_high_t_ha"], "tab:green"))
    if change.get("baseline"):
        b = change["baseline"]["change"]
        rows.append(
            (
                f"baseline ({change['baseline']['source']})",
                b["mean_t_ha"],
                b["ci_low_t_ha"],
                b["ci_high_t_ha"],
                "0.45",
            )
        )
        n = change["net_change"]
        rows.append(("net (project - baseline)", n["mean_t_ha"], n["ci_low_t_ha"], n["ci_high_t_ha"], "k"))
    fig, ax = plt.subplots(figsize=(7, 0.55 * len(rows) + 1.4))
    for i, (_label, m, lo, hi, color) in enumerate(rows[::-1]):
        ax.errorbar(m, i, xerr=[[m - lo], [hi - m]], fmt="o", color=color, capsize=4)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows[::-1]])
    ax.axvline(0, color="0.3", lw=0.8)
    if change.get("target"):
        ax.axvline(
            change["target"]["target_change_t_ha"], color="tab:orange", ls="--", label="4 per 1000 target"
        )
        ax.legend(frameon=False, fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.set_xlabel(f"change of the mean SOC stock over the period [t C/ha] ({100 * conf:.0f} % interval)")
    ax.set_title("Measured change")
    ax.grid(alpha=0.3, axis="x")
    return _png(fig)


def target_png(change: dict, ex_ante: dict | None) -> bytes:
    """Net measured change against the 4 per 1000 target and the ex-ante estimate (with its bounds)."""
    n = change["net_change"]
    labels, values, colors = ["measured\n(net)"], [n["mean_t_ha"]], ["k"]
    if change.get("target"):
        labels.append("4 per 1000\ntarget")
        values.append(change["target"]["target_change_t_ha"])
        colors.append("tab:orange")
    if ex_ante is not None:
        labels.append(f"ex-ante\n({ex_ante['model']})" if ex_ante["model"] != "given" else "ex-ante estimate")
        values.append(ex_ante["change_t_ha"])
        colors.append("tab:purple")
    fig, ax = plt.subplots(figsize=(6, 3.2))
    ax.bar(range(len(values)), values, color=colors, alpha=0.6)
    ax.errorbar(
        0,
        n["mean_t_ha"],
        yerr=[[n["mean_t_ha"] - n["ci_low_t_ha"]], [n["ci_high_t_ha"] - n["mean_t_ha"]]],
        fmt="none",
        color="k",
        capsize=5,
    )
    if ex_ante is not None and ex_ante.get("low_t_ha") is not None and ex_ante.get("high_t_ha") is not None:
        m = ex_ante["change_t_ha"]
        ax.errorbar(
            len(values) - 1,
            m,
            yerr=[[m - ex_ante["low_t_ha"]], [ex_ante["high_t_ha"] - m]],
            fmt="none",
            color="tab:purple",
            capsize=5,
        )
    ax.set_xticks(range(len(values)), labels)
    ax.axhline(0, color="0.3", lw=0.8)
    ax.set_ylabel("SOC change over the period [t C/ha]")
    ax.set_title("Measured change, target and ex-ante estimate")
    ax.grid(alpha=0.3, axis="y")
    return _png(fig)


def credits_png(credits: dict) -> bytes:
    """Waterfall from the SOC change (as CO2e) to the credits, with the main deductions."""
    st = {s["step"]: s["value"] for s in credits["steps"]}
    if credits["method"] == "vm0042":
        start = st["project SOC stock change"] - st["baseline SOC stock change"]
        after_unc = st["project stock change after deduction"] - st["baseline stock change after deduction"]
        leak = st["leakage allocated to ER"] + st["leakage allocated to CR"]
        buffer = st["buffer on reductions Bu_ER"] + st["buffer on removals Bu_CR"]
    else:
        start = st["SOC stock change vs baseline"] * CO2_PER_C
        after_unc = st["as CO2e"]
        leak = st["leakage LK"] + st["project emissions PE"]
        buffer = st["compliance buffer"]
    steps = [
        ("net SOC change (CO2e)", start, True),
        ("uncertainty", after_unc - start, False),
        ("leakage and emissions", -leak, False),
        ("buffer", -buffer, False),
        ("credits", credits["credits_t_co2e"], True),
    ]
    fig, ax = plt.subplots(figsize=(7, 3.4))
    running = 0.0
    for i, (_label, value, absolute) in enumerate(steps):
        if absolute:
            bottom, height, running = 0.0, value, value
            color = "tab:green" if value >= 0 else "tab:red"
        else:
            bottom, height = running, value
            running += value
            color = "tab:orange"
        ax.bar(i, height, bottom=bottom, color=color, alpha=0.75)
        shown = value + 0.0  # no "-0.0"
        ax.annotate(
            f"{shown:+.1f}" if not absolute else f"{shown:.1f}",
            (i, bottom + height),
            ha="center",
            va="bottom" if height >= 0 else "top",
            fontsize=8,
        )
    ax.set_xticks(range(len(steps)), [s[0] for s in steps], fontsize=8)
    ax.axhline(0, color="0.3", lw=0.8)
    unit = "t CO2e/ha" if credits["per_hectare"] else "t CO2e"
    ax.margins(y=0.15)  # room for the value labels under the title
    ax.set_ylabel(unit)
    ax.set_title(f"From SOC change to credits: {credits['standard']}")
    ax.grid(alpha=0.3, axis="y")
    return _png(fig)


# --- context ----------------------------------------------------------------------------------------------
def build_report_context(
    change: ChangeReport,
    credits: Credits | None,
    features: pd.DataFrame | None,
    points: pd.DataFrame | None,
    ex_ante: dict | None,
    project: str,
    period: str,
    area_ha: float | None = None,
    demo_note: str | None = None,
) -> dict:
    """Everything the HTML and PDF templates show: texts, tables and PNG figures (bytes).

    Parameters
    ----------
    change, credits
        The results (:func:`fourpermille.mrv.measured_change`, :func:`fourpermille.mrv.credits_for_change`
        or read back from their files).
    ex_ante : dict, optional
        ``change_t_ha`` [t C/ha] over the period, ``low_t_ha``, ``high_t_ha`` (or None), ``model``.
    area_ha : float [ha], optional
        The project's area, shown when the change has none (its strata were weighted by point counts).
    demo_note : str, optional
        The result is demo data: the report says so in its title, on top and in the summary.
    """
    report = change
    change = _json_ready(report.to_dict())
    credit_data = _json_ready(credits.to_dict()) if credits is not None else None
    figures = []
    if features is not None or points is not None:
        figures.append(("map", "Sampling points by stratum", points_map_png(points, features)))
    if change.get("points"):
        figures.append(("stocks", "Point SOC stocks per campaign", stocks_png(change)))
    figures.append(("change", "Change of the mean SOC stock with its interval", change_png(change)))
    figures.append(
        (
            "target",
            "Comparison with the 4 per 1000 target and the ex-ante estimate"
            if ex_ante is not None
            else "Comparison with the 4 per 1000 target (no ex-ante estimate given)",
            target_png(change, ex_ante),
        )
    )
    if credit_data is not None:
        figures.append(("credits", "From the SOC change to credits", credits_png(credit_data)))
    conf = int(round(100 * change["confidence"]))
    stocks_info = change.get("stocks", {})
    method = stocks_info.get("method", "")
    if method == "esm":
        stock_text = (
            f"equivalent soil mass ({stocks_info.get('esm_method')}), reference mass "
            f"{stocks_info.get('ref_mass_t_ha', float('nan')):.0f} t/ha "
            f"(~{stocks_info.get('depth_cm', 30):g} cm)"
        )
    elif method == "fixed":
        stock_text = f"fixed depth 0-{stocks_info.get('depth_cm', 30):g} cm"
    else:
        stock_text = "stocks given per point"
    if change.get("area_ha") is not None:
        area_text = f"{change['area_ha']:,.2f} ha (sum of the stratum areas)"
    elif area_ha is not None:
        area_text = f"{area_ha:,.0f} ha (the project's area; strata weighted by their points)"
    else:
        area_text = "not given (results per hectare)"
    p = change["project"]
    summary = []
    if demo_note:
        summary.append(("Demo", demo_note))
    summary += [
        ("Design", f"{change['design']} ({change['weights_from']})"),
        ("Stocks", stock_text),
        ("Area", area_text),
        ("Points", str(sum(s["n_baseline"] for s in p["strata"]))),
        ("Initial stock", _fmt_est(p["initial_stock"], "t C/ha", signed=False)),
        ("Final stock", _fmt_est(p["final_stock"], "t C/ha", signed=False)),
        ("Project change", _fmt_est(p["change"], "t C/ha", conf)),
    ]
    if change.get("baseline"):
        summary.append(
            (
                f"Baseline change ({change['baseline']['source']})",
                _fmt_est(change["baseline"]["change"], "t C/ha", conf),
            )
        )
        summary.append(("Net change", _fmt_est(change["net_change"], "t C/ha", conf)))
    low95, high95 = report.interval(PAGE_CONFIDENCE)
    summary.append(
        (
            "Intervals",
            f"{conf} % two-sided t intervals: the level the change was computed at (`mrv change "
            f"--confidence`; 90 % by default, the Gold Standard's level). The platform's pages show the "
            f"{100 * PAGE_CONFIDENCE:.0f} % interval of the same net change, which is wider: "
            f"{low95:+.2f} .. {high95:+.2f} t C/ha.",
        )
    )
    target = change.get("target")
    if target:
        summary.append(
            (
                "4 per 1000 target",
                f"{target['target_change_t_ha']:+.2f} t C/ha over {target['years']:g} "
                f"years ({target['growth']}, rate {target['rate']:g}/yr)",
            )
        )
        summary.append(
            (
                "Achieved",
                f"{100 * target['achieved_fraction']:.0f} % of the target; annual rate "
                f"{1000 * target['annual_rate']:.2f} per 1000; target met "
                f"{'yes' if target['target_met'] else 'no'} (at the {conf} % lower bound: "
                f"{'yes' if target['target_met_with_confidence'] else 'no'})",
            )
        )
    if ex_ante is not None:
        value = ex_ante["change_t_ha"]
        text = f"{value:+.2f} t C/ha"
        if ex_ante.get("low_t_ha") is not None and ex_ante.get("high_t_ha") is not None:
            text += f" ({ex_ante['low_t_ha']:+.2f} .. {ex_ante['high_t_ha']:+.2f})"
        if ex_ante["model"] != "given":
            text += f", {ex_ante['model']} net of its baseline"
        if ex_ante.get("basis"):
            text += f" ({ex_ante['basis']})"
        if value:
            text += f"; measured net / ex-ante = {change['net_change']['mean_t_ha'] / value:.2f}"
        summary.append(("Ex-ante estimate", text))
    strata_cols = ["stratum", "area ha", "n", "start t C/ha", "end t C/ha", "change t C/ha", f"{conf} % CI"]
    strata_rows = [
        [
            str(s["stratum"]),
            "-" if s.get("area_ha") is None else f"{s['area_ha']:.2f}",
            str(s["n_baseline"]),
            f"{s['soc_baseline_t_ha']:.2f}",
            f"{s['soc_repeat_t_ha']:.2f}",
            f"{s['change_t_ha']:+.2f}",
            f"{s['ci_low_t_ha']:+.2f} .. {s['ci_high_t_ha']:+.2f}",
        ]
        for s in p["strata"]
    ]
    credits = credit_data
    credit_rows, credit_summary = [], None
    if credits is not None:
        credit_rows = [
            [s["step"], s["equation"], s["formula"], f"{s['value']:.4g}", s["unit"]] for s in credits["steps"]
        ]
        unit = "t CO2e/ha" if credits["per_hectare"] else "t CO2e"
        credit_summary = (
            f"{credits['credits_t_co2e']:.2f} {unit} by {credits['standard']} "
            f"(method '{credits['method']}', buffer {credits['buffer']:g}, leakage "
            f"{credits['leakage_t_co2e']:g} t CO2e)"
        )
    return {
        "project": project,
        "demo_note": demo_note,
        "period": period,
        "generated": _dt.date.today().isoformat(),
        "version": __version__,
        "summary": summary,
        "strata_columns": strata_cols,
        "strata_rows": strata_rows,
        "credits": credits,
        "credit_columns": ["step", "equation", "formula", "value", "unit"],
        "credit_rows": credit_rows,
        "credit_summary": credit_summary,
        "credit_notes": credits["notes"] if credits else [],
        "figures": [{"key": k, "caption": c, "png": b} for k, c, b in figures],
        "references": [
            "Verra (2025) VM0042 Methodology for Improved Agricultural Land Management, v2.2.",
            "Gold Standard (2020) Soil Organic Carbon Framework Methodology, v1.0 (402).",
            "Cochran W.G. (1977) Sampling Techniques, 3rd ed. Wiley.",
            "Soussana J.-F. et al. (2019) Soil & Tillage Research 188, 3-15. "
            "https://doi.org/10.1016/j.still.2017.12.002",
        ],
    }


def _fmt_est(d: dict, unit: str, conf: int | None = None, signed: bool = True) -> str:
    text = f"{d['mean_t_ha']:{'+' if signed else ''}.2f} {unit} (SE {d['se_t_ha']:.2f}"
    if conf is not None:
        text += f"; {conf} % CI {d['ci_low_t_ha']:+.2f} .. {d['ci_high_t_ha']:+.2f}"
    return text + ")"


# --- writers ----------------------------------------------------------------------------------------------
def render_html(context: dict) -> str:
    """The report as one self-contained HTML page (figures embedded as base64 PNG)."""
    env = Environment(
        loader=PackageLoader("fourpermille.reports", "templates"), autoescape=select_autoescape(["html"])
    )
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    return env.get_template("mrv_report.html").render(**context)


def write_html(context: dict, path: str | os.PathLike) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(render_html(context), encoding="utf-8")


def write_pdf(context: dict, path: str | os.PathLike) -> None:
    """The report as PDF: the HTML report itself (``render_html``) printed by the platform's one PDF route
    (``fourpermille.reports.pdf.html_to_pdf``, WeasyPrint), so the HTML and the PDF are one layout."""
    from fourpermille.reports.pdf import html_to_pdf

    pdf = html_to_pdf(render_html(context))
    with atomic_path(path) as tmp:
        tmp.write_bytes(pdf)
