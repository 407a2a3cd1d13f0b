"""Plots for the lessons: each function takes results and returns a Figure.

No pyplot: figures are plain :class:`matplotlib.figure.Figure` objects drawn
with the Agg canvas, so they never duplicate as inline images and can be
reused by the widgets (update the artists, redraw, re-encode).

Colours are the Okabe-Ito palette (safe for the common colour-vision
deficiencies), and every line also differs in style or marker, so no meaning
rests on colour alone. Backgrounds are opaque white so the figures stay
readable in a dark theme.
"""

from __future__ import annotations

import base64
import html
import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .model import LEVERS, OUTCOMES, Result, Results

__all__ = [
    "LEVER_COLORS",
    "OKABE_ITO",
    "OUTCOME_LABELS",
    "FigureOutput",
    "figure_html",
    "figure_to_png",
    "new_figure",
    "plot_compartment_diagram",
    "plot_outcomes",
    "plot_trajectories",
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
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1))]
OUTCOME_LABELS = {
    "first_time_exploitations": "First-time exploitations",
    "reexploitations": "Re-exploitations",
    "identifications": "Identifications (\u201crescues\u201d)",
    "convictions": "Convictions",
    "child_years_exploited": "Child-years of exploitation",
}
ILLUSTRATIVE = "Illustrative model, not data"


def new_figure(width: float = 7.0, height: float = 3.6, dpi: int = 100) -> Figure:
    """A new opaque-white Figure with an Agg canvas (no pyplot)."""
    fig = Figure(figsize=(width, height), dpi=dpi, facecolor="white", layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def figure_to_png(fig: Figure, dpi: int | None = None) -> bytes:
    """Encode a figure as PNG bytes (draws it first)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or fig.dpi, facecolor="white")
    return buf.getvalue()


def figure_html(png: bytes, alt: str, caption: str | None = None) -> str:
    """An accessible ``<figure>``: the PNG inline (data URI), its alt text and a caption."""
    if not alt or not alt.strip():
        raise ValueError("alt must describe the figure; got an empty string")
    src = "data:image/png;base64," + base64.b64encode(png).decode("ascii")
    cap = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return (
        '<figure class="upstream-figure">'
        f'<img src="{src}" alt="{html.escape(alt, quote=True)}" style="max-width:100%;height:auto;background:#fff">'
        f"{cap}</figure>"
    )


class FigureOutput:
    """A figure to display in a notebook with alt text and a caption.

    In Jupyter and in the built book it shows as an HTML ``<figure>`` whose
    ``<img>`` carries the alt text (a bare PNG output cannot).
    """

    def __init__(self, fig: Figure, alt: str, caption: str | None = None):
        self.fig, self.alt, self.caption = fig, alt, caption
        self._html = figure_html(figure_to_png(fig), alt, caption)

    def _repr_html_(self) -> str:
        return self._html

    def __repr__(self) -> str:
        return f"<Figure: {self.alt}>"


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def plot_trajectories(
    runs: dict[str, Result],
    states: tuple[str, ...] = ("E", "T"),
    fig: Figure | None = None,
) -> Figure:
    """Trajectories of some states for several named runs, one panel per state.

    Parameters
    ----------
    runs : dict of name -> Result
        Runs made with :func:`upstream.model.simulate` (trajectories kept).
    states : tuple of str
        Which of S, R, E, X, T to draw.
    """
    if not runs:
        raise ValueError("runs must hold at least one named Result; got none")
    titles = {
        "S": "Not at elevated risk (S)",
        "R": "At elevated risk (R)",
        "E": "Being exploited (E)",
        "X": "Exited, at risk of return (X)",
        "T": "Active traffickers (T)",
    }
    for st in states:
        if st not in titles:
            raise ValueError(f"states must be drawn from S, R, E, X, T; got {st!r}")
    fig = fig or new_figure(7.0, 3.2)
    axes = fig.subplots(1, len(states), squeeze=False)[0]
    for ax, st in zip(axes, states):
        for i, (name, r) in enumerate(runs.items()):
            if r.t is None:
                raise ValueError(f"run {name!r} has no trajectories; use simulate()")
            ax.plot(
                r.t,
                getattr(r, st),
                color=LEVER_COLORS.get(name, list(OKABE_ITO.values())[i % 8]),
                linestyle=LINESTYLES[i % len(LINESTYLES)],
                linewidth=2,
                label=name,
            )
        ax.set_title(titles[st], fontsize=11)
        ax.set_xlabel("Years")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("People (illustrative)")
    axes[-1].legend(fontsize=9, frameon=True)
    fig.suptitle(ILLUSTRATIVE, fontsize=9, x=0.99, ha="right", color="#444444")
    return fig


def plot_outcomes(results: Results, names: list[str], fig: Figure | None = None) -> Figure:
    """Grouped horizontal bars of the five outcomes, one bar per scenario.

    Parameters
    ----------
    results : Results
        Outcomes of ``len(names)`` scenarios from :func:`upstream.model.simulate_many`.
    names : list of str
        A short name per scenario (used for colour and the legend).
    """
    if len(names) != len(results):
        raise ValueError(f"names must have one entry per scenario ({len(results)}); got {len(names)}")
    fig = fig or new_figure(7.0, 4.2)
    axes = fig.subplots(1, len(OUTCOMES), sharey=True)
    y = np.arange(len(names))
    for ax, key in zip(axes, OUTCOMES):
        vals = getattr(results, key)
        colors = [LEVER_COLORS.get(n, OKABE_ITO["blue"]) for n in names]
        ax.barh(y, vals, color=colors, edgecolor="black", linewidth=0.6)
        ax.set_title(OUTCOME_LABELS[key].replace(" ", "\n", 1), fontsize=9)
        ax.tick_params(axis="x", labelsize=8)
        for yi, v in zip(y, vals):
            ax.text(v, yi, f" {v:.0f}", va="center", fontsize=8)
        ax.set_xlim(0, max(float(np.max(vals)), 1e-9) * 1.45)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(y, names)
    axes[0].invert_yaxis()
    fig.suptitle(f"Totals over {results.years:g} years. {ILLUSTRATIVE}", fontsize=9)
    return fig


def describe_levers(budget_array) -> str:
    """Plain-text summary of a budget row, e.g. 'prevention 0.5, identification 0.5, ...'."""
    return ", ".join(f"{k} {v:g}" for k, v in zip(LEVERS, np.asarray(budget_array)))


def plot_compartment_diagram(fig: Figure | None = None) -> Figure:
    """Boxes-and-arrows diagram of the lesson-4 model's compartments and flows."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    fig = fig or new_figure(8.0, 3.6)
    fig.set_layout_engine("none")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 4.6)
    ax.axis("off")
    boxes = {
        "S": (0.3, 2.2, "S\nnot at\nelevated risk", OKABE_ITO["green"]),
        "R": (2.8, 2.2, "R\nat elevated\nrisk", OKABE_ITO["yellow"]),
        "E": (5.3, 2.2, "E\nbeing\nexploited", OKABE_ITO["vermillion"]),
        "X": (7.8, 2.2, "X\nexited,\nmay return", OKABE_ITO["sky_blue"]),
        "T": (5.3, 0.15, "T\nactive\ntraffickers", OKABE_ITO["purple"]),
    }
    w, h = 1.9, 1.5
    for x, y, text, color in boxes.values():
        ax.add_patch(FancyBboxPatch((x, y), w, h, boxstyle="round,pad=0.05", facecolor=color,
                                    alpha=0.35, edgecolor="black", linewidth=1.2))
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=10)

    def arrow(x0, y0, x1, y1, label, dy=0.15, rad=0.0, style="-|>"):
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle=style, mutation_scale=14,
                                     color="black", linewidth=1.3, connectionstyle=f"arc3,rad={rad}"))
        ax.text((x0 + x1) / 2, (y0 + y1) / 2 + dy, label, ha="center", va="bottom", fontsize=9)

    arrow(2.25, 3.25, 2.75, 3.25, "v", 0.05)
    arrow(2.75, 2.6, 2.25, 2.6, "s", -0.35)
    arrow(4.75, 2.95, 5.25, 2.95, "\u03bb", 0.05)
    arrow(7.25, 3.25, 7.75, 3.25, "\u03c1+e0", 0.05)
    arrow(7.75, 2.6, 7.25, 2.6, "\u03b3", -0.35)
    arrow(8.75, 3.75, 1.25, 3.75, "h (recovery)", 0.05, rad=0.12)
    arrow(6.25, 1.7, 6.25, 2.15, "", 0)
    ax.text(6.45, 1.85, "drives \u03bb", fontsize=9, va="center")
    ax.text(7.35, 0.95, "in: \u03bc(1\u2212D)\nout: \u03c0 (conviction) + \u03b4", fontsize=9, va="center")
    ax.text(0.3, 0.95, "Recruitment \u03bb = \u03b2T grows with traffickers.\nEvery group ages out at rate a;\nnew 12-year-olds enter S.", fontsize=9, va="center")
    return fig
