"""Shared look of every figure: the palette, line styles, labels and a blank canvas.

No pyplot: figures are plain :class:`matplotlib.figure.Figure` objects drawn
with the Agg canvas, so they never duplicate as inline images and can be
reused by the widgets (update the artists, redraw, re-encode).

Colours are the Okabe-Ito palette (safe for the common colour-vision
deficiencies), and every line also differs in style or marker, so no meaning
rests on colour alone. Backgrounds are opaque white so the figures stay
readable in a dark theme.
"""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..models.population import CAVEAT

__all__ = [
    "ILLUSTRATIVE",
    "LEVER_COLORS",
    "MARKERS",
    "OKABE_ITO",
    "OUTCOME_LABELS",
    "POLICY_STYLES",
    "colormap_hex",
    "diagram_axes",
    "marker_handle",
    "marker_point",
    "new_figure",
]

#: Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
LEVER_COLORS = {
    "none": OKABE_ITO["black"],
    "prevention": OKABE_ITO["green"],
    "identification": OKABE_ITO["orange"],
    "aftercare": OKABE_ITO["sky_blue"],
    "prosecution": OKABE_ITO["purple"],
    "mixed": OKABE_ITO["blue"],
}
#: a fixed line style and marker per policy, so no two policies look alike
POLICY_STYLES = {
    "none": ("--", None),
    "prevention": ("-", "o"),
    "identification": ("-.", "s"),
    "aftercare": (":", "^"),
    "prosecution": ((0, (5, 1)), "D"),
    "mixed": ("-", None),
}
MARKERS = ["o", "s", "^", "D", "v", "P"]
OUTCOME_LABELS = {
    "first_time_exploitations": "First-time exploitations",
    "reexploitations": "Re-exploitations",
    "identifications": "Identifications (\u201crescues\u201d)",
    "convictions": "Convictions",
    "child_years_exploited": "Child-years of exploitation",
}
#: The label on every model figure: the model's own caveat, defined once in the model.
ILLUSTRATIVE = CAVEAT


def new_figure(width: float = 7.0, height: float = 3.6, dpi: int = 100) -> Figure:
    """A new opaque-white Figure with an Agg canvas (no pyplot)."""
    fig = Figure(figsize=(width, height), dpi=dpi, facecolor="white", layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def diagram_axes(width: float, height: float, ylim: float, fig: Figure | None = None):
    """A figure with one frameless axes spanning it, x in [0, 10] and y in [0, ylim], for diagrams."""
    fig = fig or new_figure(width, height)
    fig.set_layout_engine("none")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, ylim)
    ax.axis("off")
    return fig, ax


def marker_point(ax, marker: str, size: float, markeredgecolor: str = "black", **style) -> Line2D:
    """An empty marker-only line on ``ax`` (no line joins its points), outlined in black unless
    ``markeredgecolor`` says otherwise: a point an explorer places later with ``set_data``."""
    (line,) = ax.plot(
        [], [], linestyle="none", marker=marker, markersize=size, markeredgecolor=markeredgecolor, **style
    )
    return line


def marker_handle(marker: str, size: float, markeredgecolor: str = "black", **style) -> Line2D:
    """A marker-only legend handle drawn on no axes, outlined as :func:`marker_point` outlines."""
    return Line2D([], [], linestyle="none", marker=marker, markersize=size, markeredgecolor=markeredgecolor, **style)


def colormap_hex(name: str) -> list[str]:
    """Every colour of matplotlib's colormap ``name`` as ``#rrggbb``, in order (for the page's charts)."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    cmap = colormaps[name]
    return [to_hex(cmap(i / (cmap.N - 1))) for i in range(cmap.N)]
