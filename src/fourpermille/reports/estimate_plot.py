"""PNG plot of an ex-ante estimate: baseline, 4 per 1000 target, Tier 1 (with its 95 % interval), RothC."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def plot_estimate(table, path, title: str | None = None) -> None:
    """Trajectories [t C/ha] against years from ``table`` (:func:`fourpermille.estimate.estimate`); PNG."""
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    year = table["year"]
    ax.plot(year, table["baseline_soc_t_ha"], color="0.4", ls="--", label="baseline (current management)")
    ax.plot(year, table["target_soc_t_ha"], color="tab:green", lw=2, label="4 per 1000 target")
    ax.plot(year, table["tier1_soc_t_ha"], color="tab:blue", lw=2, label="IPCC Tier 1 with the plan")
    if "tier1_soc_t_ha_lower" in table:
        ax.fill_between(
            year,
            table["tier1_soc_t_ha_lower"],
            table["tier1_soc_t_ha_upper"],
            color="tab:blue",
            alpha=0.15,
            label="Tier 1 change, 95 % interval",
        )
    if "rothc_soc_t_ha" in table:
        ax.plot(year, table["rothc_soc_t_ha"], color="tab:brown", lw=2, label="RothC with the plan")
        if "rothc_soc_t_ha_lower" in table:
            ax.fill_between(
                year,
                table["rothc_soc_t_ha_lower"],
                table["rothc_soc_t_ha_upper"],
                color="tab:brown",
                alpha=0.15,
                label="RothC, extra-input range",
            )
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("year")
    ax.set_ylabel("SOC stock 0-30 cm [t C/ha]")
    ax.set_title(title or "Ex-ante SOC estimate")
    ax.grid(alpha=0.3)
    ax.legend(frameon=False, fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
