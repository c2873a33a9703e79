"""Plots of RothC runs (matplotlib, Agg backend)."""

from __future__ import annotations

import os

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from fourpermille.io.files import atomic_path  # noqa: E402

POOL_COLOURS = {"dpm": "tab:olive", "rpm": "tab:green", "bio": "tab:red", "hum": "tab:brown", "iom": "0.5"}


def plot_monthly(table, path: str | os.PathLike) -> None:
    """SOC and its pools month by month (a month_results table); the equilibrium year shaded. PNG."""
    t = table["year"].to_numpy() + (table["month"].to_numpy() - 0.5) / 12.0
    t = t.astype(float)
    # the equilibrium year's own year number may be far from the run's: draw it just before the run
    if len(t) > 12:
        t[:12] = t[12] - 1.0 + (np.arange(12) + 0.5) / 12.0 - 0.5 / 12.0
    fig, (top, bottom) = plt.subplots(
        2, 1, figsize=(8, 6), dpi=120, sharex=True, gridspec_kw={"height_ratios": [2, 1]}
    )
    top.plot(t, table["soc"], color="black", lw=1.5, label="SOC")
    bottom_total = np.zeros(len(t))
    for pool, colour in POOL_COLOURS.items():
        values = table[pool].to_numpy(dtype=float)
        bottom.fill_between(
            t, bottom_total, bottom_total + values, color=colour, alpha=0.7, lw=0, label=pool.upper()
        )
        bottom_total = bottom_total + values
    for ax in (top, bottom):
        ax.axvspan(t[0] - 0.5 / 12.0, t[min(11, len(t) - 1)] + 0.5 / 12.0, color="0.9", zorder=0)
        ax.grid(alpha=0.3)
    top.set_ylabel("SOC [t C/ha]")
    top.set_title("RothC-26.3: SOC stock (equilibrium year shaded, then the run)")
    bottom.set_ylabel("pools [t C/ha]")
    bottom.set_xlabel("year")
    bottom.legend(ncol=5, frameon=False, fontsize=8, loc="lower left")
    fig.tight_layout()
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format="png")
    plt.close(fig)
