"""Plots (matplotlib, Agg backend: no screen needed) of the science core's tables."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def plot_target(table, path, title: str | None = None) -> None:
    """Baseline, 4 per 1000 target and (if present) observed stock against years; PNG to ``path``."""
    fig, ax = plt.subplots(figsize=(7, 4), dpi=120)
    ax.plot(table["year"], table["baseline_soc_t_ha"], color="0.4", ls="--", label="baseline")
    ax.plot(
        table["year"],
        table["target_soc_t_ha"],
        color="tab:green",
        lw=2,
        label=f"4 per 1000 target ({table.attrs.get('growth', 'linear')})",
    )
    if "soc_t_ha" in table:
        ax.plot(table["year"], table["soc_t_ha"], "o-", color="tab:brown", label="observed")
    ax.fill_between(
        table["year"], table["baseline_soc_t_ha"], table["target_soc_t_ha"], color="tab:green", alpha=0.12
    )
    ax.set_xlabel("years from start")
    ax.set_ylabel("SOC stock [t C/ha]")
    ax.set_title(title or "SOC stock: baseline and 4 per 1000 target")
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
