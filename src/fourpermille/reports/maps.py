"""PNG previews of maps (matplotlib, Agg backend)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

#: Percentiles that bound the colour scale (robust to a few extreme cells).
COLOUR_PERCENTILES = (2, 98)


def plot_map(data, extent, path, title: str, units: str = "", cmap: str = "YlGnBu") -> None:
    """Draw a 2-D array (NaN = nodata, shown blank) over ``extent`` (left, right, bottom, top); PNG."""
    data = np.asarray(data, dtype=float)
    finite = data[np.isfinite(data)]
    vmin, vmax = np.percentile(finite, COLOUR_PERCENTILES) if finite.size else (0.0, 1.0)
    fig, ax = plt.subplots(figsize=(7, 5.5), dpi=110)
    im = ax.imshow(
        np.ma.masked_invalid(data), extent=extent, cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest"
    )
    cbar = fig.colorbar(im, ax=ax, shrink=0.85)
    cbar.set_label(units)
    ax.set_title(title, fontsize=10)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.ticklabel_format(style="plain", useOffset=False)
    ax.tick_params(labelsize=7)
    fig.tight_layout()
    fig.savefig(path, format="png")
    plt.close(fig)
