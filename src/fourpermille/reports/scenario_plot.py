"""PNG plot of a scenario estimate: per scenario, the net balance by gas as stacked bars [t CO2e]."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from fourpermille.estimate_scenarios import GAS_LABELS, GASES  # noqa: E402

GAS_COLOURS = {"soc_co2": "#8c6d31", "n2o": "#d62728", "ch4": "#9467bd", "biomass_co2": "#2ca02c"}


def plot_scenarios(result, path, title: str | None = None) -> None:
    """Stacked bars of each scenario's net balance by gas over the horizon (scenario minus baseline)
    [t CO2e; below zero: mitigation], with the net total and its 95 % interval; PNG at ``path``.

    ``result``: :class:`fourpermille.estimate_scenarios.ScenarioEstimate`.
    """
    scenarios = result.ranked()
    names = [s.name for s in scenarios]
    x = np.arange(len(scenarios))
    fig, ax = plt.subplots(figsize=(max(6.0, 1.6 * len(scenarios) + 2.5), 4.8), dpi=120)
    up = np.zeros(len(scenarios))
    down = np.zeros(len(scenarios))
    for gas in GASES:
        values = np.array([s.gases[gas].net_t_co2e for s in scenarios])
        bottom = np.where(values >= 0, up, down)
        ax.bar(x, values, 0.6, bottom=bottom, color=GAS_COLOURS[gas], label=GAS_LABELS[gas])
        up += np.where(values >= 0, values, 0.0)
        down += np.where(values < 0, values, 0.0)
    totals = np.array([s.gases["total"].net_t_co2e for s in scenarios])
    low = np.array([s.gases["total"].net_t_co2e_lower for s in scenarios], float)
    high = np.array([s.gases["total"].net_t_co2e_upper for s in scenarios], float)
    ax.scatter(x, totals, color="black", zorder=3, label="net total")
    if np.all(np.isfinite(low)):
        ax.errorbar(
            x,
            totals,
            yerr=[totals - low, high - totals],
            fmt="none",
            ecolor="black",
            capsize=4,
            label="net total, 95 % interval",
        )
    ax.axhline(0, color="0.3", lw=0.8)
    ax.set_xticks(x, names, rotation=15, ha="right", fontsize=8)
    ax.set_ylabel(f"t CO2e over {result.horizon_years} years vs baseline ({result.gwp} GWP-100)")
    ax.set_title(title or f"{result.project}: greenhouse-gas balance by scenario", fontsize=10)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(frameon=False, fontsize=8, loc="best")
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
