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
from collections.abc import Mapping

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

#: Every English text of the report (template, tables, summary and figures), by key. ``build_report_context``
#: takes a ``labels`` mapping of the same keys (a translation, e.g. the web's gettext strings); missing keys
#: keep the English text. Texts with ``{name}`` fields are filled with ``str.format`` (numbers keep their
#: format whatever the language).
LABELS: dict[str, str] = {
    # page
    "demo_prefix": "DEMO (invented data): ",
    "title": "Verification report: ",
    "meta": "Monitoring period {period}; generated {generated} by fourpermille {version}",
    "period_not_given": "(not given)",
    "summary_heading": "Summary",
    "strata_heading": "SOC stock change by stratum",
    "credits_heading": "Credits: ",
    "references_heading": "References",
    # summary rows
    "demo": "Demo",
    "design": "Design",
    "stocks": "Stocks",
    "area": "Area",
    "points": "Points",
    "initial_stock": "Initial stock",
    "final_stock": "Final stock",
    "project_change": "Project change",
    "baseline_change": "Baseline change ({source})",
    "net_change": "Net change",
    "intervals": "Intervals",
    "target": "4 per 1000 target",
    "achieved": "Achieved",
    "ex_ante": "Ex-ante estimate",
    # summary values
    "stocks_esm": "equivalent soil mass ({method}), reference mass {mass:.0f} t/ha (~{depth:g} cm)",
    "stocks_fixed": "fixed depth 0-{depth:g} cm",
    "stocks_given": "stocks given per point",
    "area_strata": "{area:,.2f} ha (sum of the stratum areas)",
    "area_project": "{area:,.0f} ha (the project's area; strata weighted by their points)",
    "area_none": "not given (results per hectare)",
    "se": "SE",
    "ci": "{conf} % CI",
    "intervals_text": "{conf} % two-sided t intervals: the level the change was computed at (`mrv change "
    "--confidence`; 90 % by default, the Gold Standard's level). The platform's pages show the "
    "{page:.0f} % interval of the same net change, which is wider: {low:+.2f} .. {high:+.2f} t C/ha.",
    "target_text": "{change:+.2f} t C/ha over {years:g} years ({growth}, rate {rate:g}/yr)",
    "achieved_text": "{fraction:.0f} % of the target; annual rate {rate:.2f} per 1000; target met {met} "
    "(at the {conf} % lower bound: {met_low})",
    "yes": "yes",
    "no": "no",
    "ex_ante_model": ", {model} net of its baseline",
    "ex_ante_ratio": "; measured net / ex-ante = {ratio:.2f}",
    # strata table
    "col_stratum": "stratum",
    "col_area": "area ha",
    "col_n": "n",
    "col_start": "start t C/ha",
    "col_end": "end t C/ha",
    "col_change": "change t C/ha",
    # credits
    "credit_summary": "{credits:.2f} {unit} by {standard} (method '{method}', buffer {buffer:g}, leakage "
    "{leakage:g} t CO2e)",
    "col_step": "step",
    "col_equation": "equation",
    "col_formula": "formula",
    "col_value": "value",
    "col_unit": "unit",
    # figure captions
    "cap_map": "Sampling points by stratum",
    "cap_stocks": "Point SOC stocks per campaign",
    "cap_change": "Change of the mean SOC stock with its interval",
    "cap_target": "Comparison with the 4 per 1000 target and the ex-ante estimate",
    "cap_target_no_ex_ante": "Comparison with the 4 per 1000 target (no ex-ante estimate given)",
    "cap_credits": "From the SOC change to credits",
    # figures
    "map_legend": "stratum (points)",
    "map_x": "easting from the area's centre [m]",
    "map_y": "northing [m]",
    "map_title": "Sampling points by stratum",
    "stocks_baseline": "baseline campaign",
    "stocks_repeat": "repeat campaign",
    "stocks_y": "SOC stock [t C/ha]",
    "stocks_title": "Point SOC stocks by stratum",
    "change_project": "project",
    "change_baseline": "baseline ({source})",
    "change_net": "net (project - baseline)",
    "change_target": "4 per 1000 target",
    "change_x": "change of the mean SOC stock over the period [t C/ha] ({conf:.0f} % interval)",
    "change_title": "Measured change",
    "target_measured": "measured\n(net)",
    "target_target": "4 per 1000\ntarget",
    "target_ex_ante_model": "ex-ante\n({model})",
    "target_ex_ante": "ex-ante estimate",
    "target_y": "SOC change over the period [t C/ha]",
    "target_title": "Measured change, target and ex-ante estimate",
    "credits_start": "net SOC change (CO2e)",
    "credits_uncertainty": "uncertainty",
    "credits_leakage": "leakage and emissions",
    "credits_buffer": "buffer",
    "credits_credits": "credits",
    "credits_title": "From SOC change to credits: {standard}",
}


def labels_for(labels: Mapping[str, object] | None = None) -> dict[str, str]:
    """``LABELS`` with ``labels`` (any value with ``str``, e.g. lazy translations) over them."""
    unknown = set(labels or {}) - set(LABELS)
    if unknown:
        raise KeyError(f"unknown report labels: {sorted(unknown)}")
    return {**LABELS, **{key: str(value) for key, value in (labels or {}).items()}}


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
    from fourpermille.mrv.power import sample_size_curve

    curve = sample_size_curve(cv, years, **options)
    span = np.asarray(curve["years"])
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    for design, color in (("paired", "tab:green"), ("independent", "tab:blue")):
        ax.plot(span, curve[design], "o-", ms=3, color=color, label=design)
    ax.axvline(years, color="0.4", ls="--", lw=0.8)
    ax.set_yscale("log")
    ax.set_xlabel("years between campaigns")
    ax.set_ylabel("points per campaign")
    ax.set_title(f"Points to detect +{1000 * options.get('rate', 0.004):g} per 1000 a year (CV {cv:g})")
    ax.grid(alpha=0.3, which="both")
    ax.legend(frameon=False)
    return _png(fig)


def points_map_png(
    points: pd.DataFrame | None, features: pd.DataFrame | None, labels: Mapping[str, str] = LABELS
) -> bytes:
    """Map of the area's polygons and the sampling points, coloured by stratum, in metres."""
    L = labels
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
            title=L["map_legend"],
            title_fontsize=8,
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0),
        )
    ax.set_aspect("equal")
    ax.set_xlabel(L["map_x"])
    ax.set_ylabel(L["map_y"])
    ax.set_title(L["map_title"])
    ax.grid(alpha=0.3)
    return _png(fig)


def plot_points(points: pd.DataFrame, features: pd.DataFrame, path) -> None:
    """Write the sampling map as PNG to ``path``."""
    with open(path, "wb") as fh:
        fh.write(points_map_png(points, features))


def stocks_png(change: dict, labels: Mapping[str, str] = LABELS) -> bytes:
    """Point SOC stocks per stratum, baseline and repeat campaign side by side (box and points)."""
    L = labels
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
    ax.scatter([], [], color="0.55", label=L["stocks_baseline"])
    ax.scatter([], [], color="tab:green", label=L["stocks_repeat"])
    ax.legend(frameon=False, fontsize=8)
    ax.set_ylabel(L["stocks_y"])
    ax.set_title(L["stocks_title"])
    ax.grid(alpha=0.3, axis="y")
    return _png(fig)


def change_png(change: dict, labels: Mapping[str, str] = LABELS) -> bytes:
    """Change of the mean stock with its interval: strata, project, baseline and net change."""
    L = labels
    conf = change["confidence"]
    rows = [
        (f"{s['stratum']}", s["change_t_ha"], s["ci_low_t_ha"], s["ci_high_t_ha"], "tab:blue")
        for s in change["project"]["strata"]
    ]
    p = change["project"]["change"]
    rows.append((L["change_project"], p["mean_t_ha"], p["ci_low_t_ha"], p["ci_high_t_ha"], "tab:green"))
    if change.get("baseline"):
        b = change["baseline"]["change"]
        rows.append(
            (
                L["change_baseline"].format(source=change["baseline"]["source"]),
                b["mean_t_ha"],
                b["ci_low_t_ha"],
                b["ci_high_t_ha"],
                "0.45",
            )
        )
        n = change["net_change"]
        rows.append((L["change_net"], n["mean_t_ha"], n["ci_low_t_ha"], n["ci_high_t_ha"], "k"))
    fig, ax = plt.subplots(figsize=(7, 0.55 * len(rows) + 1.4))
    for i, (_label, m, lo, hi, color) in enumerate(rows[::-1]):
        ax.errorbar(m, i, xerr=[[m - lo], [hi - m]], fmt="o", color=color, capsize=4)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows[::-1]])
    ax.axvline(0, color="0.3", lw=0.8)
    if change.get("target"):
        ax.axvline(
            change["target"]["target_change_t_ha"], color="tab:orange", ls="--", label=L["change_target"]
        )
        ax.legend(frameon=False, fontsize=8, loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.set_xlabel(L["change_x"].format(conf=100 * conf))
    ax.set_title(L["change_title"])
    ax.grid(alpha=0.3, axis="x")
    return _png(fig)


def target_png(change: dict, ex_ante: dict | None, labels: Mapping[str, str] = LABELS) -> bytes:
    """Net measured change against the 4 per 1000 target and the ex-ante estimate (with its bounds)."""
    L = labels
    n = change["net_change"]
    names, values, colors = [L["target_measured"]], [n["mean_t_ha"]], ["k"]
    if change.get("target"):
        names.append(L["target_target"])
        values.append(change["target"]["target_change_t_ha"])
        colors.append("tab:orange")
    if ex_ante is not None:
        names.append(
            L["target_ex_ante_model"].format(model=ex_ante["model"])
            if ex_ante["model"] != "given"
            else L["target_ex_ante"]
        )
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
    ax.set_xticks(range(len(values)), names)
    ax.axhline(0, color="0.3", lw=0.8)
    ax.set_ylabel(L["target_y"])
    ax.set_title(L["target_title"])
    ax.grid(alpha=0.3, axis="y")
    return _png(fig)


def credits_png(credits: dict, labels: Mapping[str, str] = LABELS) -> bytes:
    """Waterfall from the SOC change (as CO2e) to the credits, with the main deductions."""
    L = labels
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
        (L["credits_start"], start, True),
        (L["credits_uncertainty"], after_unc - start, False),
        (L["credits_leakage"], -leak, False),
        (L["credits_buffer"], -buffer, False),
        (L["credits_credits"], credits["credits_t_co2e"], True),
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
    ax.set_title(L["credits_title"].format(standard=credits["standard"]))
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
    labels: Mapping[str, object] | None = None,
    generated: str | None = None,
    lang: str = "en",
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
    labels : mapping, optional
        The report's texts by ``LABELS`` key in another language (values are turned into ``str``); the
        English ``LABELS`` by default. Numbers are formatted the same in every language.
    generated : str, optional
        The date the report names as its making (ISO); today by default. A report rendered again later from
        the same data gives the original date to read the same.
    lang : str
        The language code the HTML page declares.
    """
    L = labels_for(labels)
    report = change
    change = _json_ready(report.to_dict())
    credit_data = _json_ready(credits.to_dict()) if credits is not None else None
    figures = []
    if features is not None or points is not None:
        figures.append(("map", L["cap_map"], points_map_png(points, features, L)))
    if change.get("points"):
        figures.append(("stocks", L["cap_stocks"], stocks_png(change, L)))
    figures.append(("change", L["cap_change"], change_png(change, L)))
    figures.append(
        (
            "target",
            L["cap_target"] if ex_ante is not None else L["cap_target_no_ex_ante"],
            target_png(change, ex_ante, L),
        )
    )
    if credit_data is not None:
        figures.append(("credits", L["cap_credits"], credits_png(credit_data, L)))
    conf = int(round(100 * change["confidence"]))
    stocks_info = change.get("stocks", {})
    method = stocks_info.get("method", "")
    if method == "esm":
        stock_text = L["stocks_esm"].format(
            method=stocks_info.get("esm_method"),
            mass=stocks_info.get("ref_mass_t_ha", float("nan")),
            depth=stocks_info.get("depth_cm", 30),
        )
    elif method == "fixed":
        stock_text = L["stocks_fixed"].format(depth=stocks_info.get("depth_cm", 30))
    else:
        stock_text = L["stocks_given"]
    if change.get("area_ha") is not None:
        area_text = L["area_strata"].format(area=change["area_ha"])
    elif area_ha is not None:
        area_text = L["area_project"].format(area=area_ha)
    else:
        area_text = L["area_none"]
    p = change["project"]
    unit = "t C/ha"
    summary = []
    if demo_note:
        summary.append((L["demo"], demo_note))
    summary += [
        (L["design"], f"{change['design']} ({change['weights_from']})"),
        (L["stocks"], stock_text),
        (L["area"], area_text),
        (L["points"], str(sum(s["n_baseline"] for s in p["strata"]))),
        (L["initial_stock"], _fmt_est(p["initial_stock"], unit, signed=False, labels=L)),
        (L["final_stock"], _fmt_est(p["final_stock"], unit, signed=False, labels=L)),
        (L["project_change"], _fmt_est(p["change"], unit, conf, labels=L)),
    ]
    if change.get("baseline"):
        summary.append(
            (
                L["baseline_change"].format(source=change["baseline"]["source"]),
                _fmt_est(change["baseline"]["change"], unit, conf, labels=L),
            )
        )
        summary.append((L["net_change"], _fmt_est(change["net_change"], unit, conf, labels=L)))
    low95, high95 = report.interval(PAGE_CONFIDENCE)
    summary.append(
        (
            L["intervals"],
            L["intervals_text"].format(conf=conf, page=100 * PAGE_CONFIDENCE, low=low95, high=high95),
        )
    )
    target = change.get("target")
    if target:
        summary.append(
            (
                L["target"],
                L["target_text"].format(
                    change=target["target_change_t_ha"],
                    years=target["years"],
                    growth=target["growth"],
                    rate=target["rate"],
                ),
            )
        )
        summary.append(
            (
                L["achieved"],
                L["achieved_text"].format(
                    fraction=100 * target["achieved_fraction"],
                    rate=1000 * target["annual_rate"],
                    met=L["yes"] if target["target_met"] else L["no"],
                    conf=conf,
                    met_low=L["yes"] if target["target_met_with_confidence"] else L["no"],
                ),
            )
        )
    if ex_ante is not None:
        value = ex_ante["change_t_ha"]
        text = f"{value:+.2f} t C/ha"
        if ex_ante.get("low_t_ha") is not None and ex_ante.get("high_t_ha") is not None:
            text += f" ({ex_ante['low_t_ha']:+.2f} .. {ex_ante['high_t_ha']:+.2f})"
        if ex_ante["model"] != "given":
            text += L["ex_ante_model"].format(model=ex_ante["model"])
        if ex_ante.get("basis"):
            text += f" ({ex_ante['basis']})"
        if value:
            text += L["ex_ante_ratio"].format(ratio=change["net_change"]["mean_t_ha"] / value)
        summary.append((L["ex_ante"], text))
    strata_cols = [
        L["col_stratum"],
        L["col_area"],
        L["col_n"],
        L["col_start"],
        L["col_end"],
        L["col_change"],
        L["ci"].format(conf=conf),
    ]
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
        credit_summary = L["credit_summary"].format(
            credits=credits["credits_t_co2e"],
            unit="t CO2e/ha" if credits["per_hectare"] else "t CO2e",
            standard=credits["standard"],
            method=credits["method"],
            buffer=credits["buffer"],
            leakage=credits["leakage_t_co2e"],
        )
    return {
        "labels": L,
        "lang": lang,
        "project": project,
        "demo_note": demo_note,
        "period": period,
        "generated": generated or _dt.date.today().isoformat(),
        "version": __version__,
        "summary": summary,
        "strata_columns": strata_cols,
        "strata_rows": strata_rows,
        "credits": credits,
        "credit_columns": [L["col_step"], L["col_equation"], L["col_formula"], L["col_value"], L["col_unit"]],
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


def _fmt_est(
    d: dict, unit: str, conf: int | None = None, signed: bool = True, labels: Mapping[str, str] = LABELS
) -> str:
    text = f"{d['mean_t_ha']:{'+' if signed else ''}.2f} {unit} ({labels['se']} {d['se_t_ha']:.2f}"
    if conf is not None:
        text += f"; {labels['ci'].format(conf=conf)} {d['ci_low_t_ha']:+.2f} .. {d['ci_high_t_ha']:+.2f}"
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
