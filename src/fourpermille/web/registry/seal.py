"""The "4 per 1000" label's seal: one design drawn as SVG (text) and PNG (matplotlib's Agg), with a QR code
that holds the absolute URL of the label's public verification page.

The QR code is encoded once by segno (error correction M, the 4-module quiet zone of ISO/IEC 18004 kept
white); both drawings place the same module matrix in the same box, so what a phone reads from either is the
page URL. Layout in px of a 360 x 480 seal; the PNG is drawn at ``PNG_SCALE`` times that size.
"""

from __future__ import annotations

import io
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

import segno

WIDTH, HEIGHT = 360, 480  # [px]
QR_BOX = (70, 196, 220)  # x, y of the top-left corner and side [px], quiet zone included
QUIET_ZONE = 4  # [modules] ISO/IEC 18004 minimum
PNG_SCALE = 2  # the PNG is 720 x 960 px
GREEN, DARK, GREY = "#2e6b30", "#1b1b1b", "#555555"
TITLE_WIDTH = 32  # [characters] per line of the project title; two lines at most


@dataclass(frozen=True)
class SealText:
    """What the seal says, already translated."""

    heading: str  # "4 per 1000"
    subheading: str  # "label"
    title: str  # the project
    period: str  # "Monitoring period 2020-2025"
    granted: str  # "Granted 2026-01-31"
    scan: str  # "Scan to verify"
    url: str  # the label page, absolute


def qr_matrix(url: str) -> list[list[bool]]:
    """The QR code of ``url`` as rows of dark (True) and light modules, quiet zone included."""
    code = segno.make(url, error="m", micro=False)
    size = len(code.matrix)
    blank = [False] * (size + 2 * QUIET_ZONE)
    rows = [list(blank) for _ in range(QUIET_ZONE)]
    rows += [[False] * QUIET_ZONE + [bool(m) for m in row] + [False] * QUIET_ZONE for row in code.matrix]
    rows += [list(blank) for _ in range(QUIET_ZONE)]
    return rows


def _title_lines(title: str) -> list[str]:
    lines = textwrap.wrap(title, TITLE_WIDTH) or [""]
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), TITLE_WIDTH, placeholder=" …")]
    return lines


def _lines(text: SealText) -> list[tuple[float, float, str, str, str]]:
    """(y [px], size [px], weight, colour, text) of every line below the band, top to bottom."""
    out = []
    y = 132.0
    for line in _title_lines(text.title):
        out.append((y, 17.0, "bold", DARK, line))
        y += 21
    out.append((y + 2, 14.0, "normal", DARK, text.period))
    out.append((436.0, 14.0, "bold", GREEN, text.granted))
    out.append((458.0, 12.0, "normal", GREY, text.scan))
    return out


def svg(text: SealText) -> str:
    """The seal as an SVG document."""
    x0, y0, side = QR_BOX
    matrix = qr_matrix(text.url)
    module = side / len(matrix)
    path = []
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                path.append(
                    f"M{x0 + start * module:.3f} {y0 + r * module:.3f}h{(c - start) * module:.3f}"
                    f"v{module:.3f}h-{(c - start) * module:.3f}z"
                )
            else:
                c += 1
    lines = "".join(
        f'<text x="{WIDTH / 2}" y="{y}" font-size="{size}" font-weight="{weight}" fill="{colour}" '
        f'text-anchor="middle">{escape(line)}</text>'
        for y, size, weight, colour, line in _lines(text)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" font-family="DejaVu Sans, Verdana, sans-serif" role="img" '
        f'aria-label="{escape(text.heading)} {escape(text.subheading)}: {escape(text.title)}">'
        f"<title>{escape(text.heading)} {escape(text.subheading)}: {escape(text.title)}</title>"
        f'<rect x="3" y="3" width="{WIDTH - 6}" height="{HEIGHT - 6}" rx="18" fill="#ffffff" '
        f'stroke="{GREEN}" stroke-width="6"/>'
        f'<path d="M3 21a18 18 0 0 1 18-18h{WIDTH - 42}a18 18 0 0 1 18 18v79h-{WIDTH - 6}z" fill="{GREEN}"/>'
        f'<text x="{WIDTH / 2}" y="56" font-size="36" font-weight="bold" fill="#ffffff" '
        f'text-anchor="middle">{escape(text.heading)}</text>'
        f'<text x="{WIDTH / 2}" y="86" font-size="18" fill="#ffffff" text-anchor="middle">'
        f"{escape(text.subheading)}</text>"
        f"{lines}"
        f'<rect x="{x0}" y="{y0}" width="{side}" height="{side}" fill="#ffffff"/>'
        f'<path d="{"".join(path)}" fill="#000000" shape-rendering="crispEdges"/>'
        "</svg>\n"
    )


def png(text: SealText) -> bytes:
    """The seal as a PNG image (``PNG_SCALE`` x 360 x 480 px)."""
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch, Rectangle

    dpi = 100 * PNG_SCALE
    fig = Figure(figsize=(WIDTH / 100, HEIGHT / 100), dpi=dpi, facecolor="white")

    def fx(x: float) -> float:
        return x / WIDTH

    def fy(y: float) -> float:
        return 1 - y / HEIGHT

    frame = dict(transform=fig.transFigure, figure=fig)
    fig.patches.append(
        FancyBboxPatch(
            (fx(6), fy(HEIGHT - 6)),
            fx(WIDTH - 12),
            1 - 12 / HEIGHT,
            boxstyle=f"round,pad=0,rounding_size={18 / WIDTH}",
            facecolor="white",
            edgecolor=GREEN,
            linewidth=6 * 72 / 100,
            **frame,
        )
    )
    # The band: rounded at the top like the frame, square where it meets the white below.
    fig.patches.append(
        FancyBboxPatch(
            (fx(6), fy(100)),
            fx(WIDTH - 12),
            94 / HEIGHT,
            boxstyle=f"round,pad=0,rounding_size={15 / WIDTH}",
            facecolor=GREEN,
            edgecolor="none",
            **frame,
        )
    )
    fig.patches.append(
        Rectangle((fx(6), fy(100)), fx(WIDTH - 12), 40 / HEIGHT, facecolor=GREEN, edgecolor="none", **frame)
    )
    fig.text(
        0.5,
        fy(56),
        text.heading,
        ha="center",
        va="baseline",
        color="white",
        fontsize=36 * 0.72,
        fontweight="bold",
    )
    fig.text(0.5, fy(86), text.subheading, ha="center", va="baseline", color="white", fontsize=18 * 0.72)
    for y, size, weight, colour, line in _lines(text):
        fig.text(
            0.5,
            fy(y),
            line,
            ha="center",
            va="baseline",
            color=colour,
            fontsize=size * 0.72,
            fontweight=weight,
        )
    x0, y0, side = QR_BOX
    axes = fig.add_axes((fx(x0), fy(y0 + side), side / WIDTH, side / HEIGHT))
    axes.imshow(
        [[0 if dark else 1 for dark in row] for row in qr_matrix(text.url)],
        cmap="gray",
        vmin=0,
        vmax=1,
        interpolation="nearest",
    )
    axes.set_axis_off()
    axes.set_zorder(3)  # above the frame's white face
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()
