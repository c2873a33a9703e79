"""Plots of SOC stocks (matplotlib, Agg backend): by depth, fixed depth against ESM."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def plot_stock_by_depth(cumulative, path, title: str | None = None) -> None:
    """Cumulative SOC stock [t C/ha] against depth [cm], one line per profile; PNG to ``path``.

    ``cumulative``: the table of ``compute_stocks(..., cumulative=True)`` at fixed depths.
    """
    fig, ax = plt.subplots(figsize=(6, 5), dpi=120)
    for pid, rows in cumulative.groupby("profile_id", sort=False):
        depth = np.r_[0.0, rows["depth_bottom_cm"].to_numpy()]
        stock = np.r_[0.0, rows["soc_stock_t_ha"].to_numpy()]
        ax.plot(stock, depth, "o-", ms=3, label=str(pid))
    ax.invert_yaxis()
    ax.set_xlabel("cumulative SOC stock [t C/ha]")
    ax.set_ylabel("depth [cm]")
    ax.set_title(title or "SOC stock by depth (fixed depth)")
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)


def plot_fixed_vs_esm(comparison, path, title: str | None = None) -> None:
    """Grouped bars per profile: the stock at fixed depth and at equivalent soil mass; PNG to ``path``.

    ``comparison``: one row per profile, column ``profile_id`` and one column per method [t C/ha].
    """
    methods = [c for c in comparison.columns if c != "profile_id"]
    x = np.arange(len(comparison))
    width = 0.8 / len(methods)
    fig, ax = plt.subplots(figsize=(max(6, 1.1 * len(x)), 4), dpi=120)
    for i, method in enumerate(methods):
        ax.bar(x + (i - (len(methods) - 1) / 2) * width, comparison[method], width, label=method)
    ax.set_xticks(x, comparison["profile_id"], rotation=30, ha="right", fontsize=8)
    ax.set_ylabel("SOC stock [t C/ha]")
    low = float(comparison[methods].to_numpy().min())
    ax.set_ylim(bottom=0.9 * low)
    ax.set_title(title or "SOC stock: fixed depth against equivalent soil mass")
    ax.grid(alpha=0.3, axis="y")
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
