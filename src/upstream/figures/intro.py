"""Plots for lessons 1-3: the law timeline, the data sources, capture-recapture.

Each function takes plain records or arrays and returns a Figure (no pyplot),
in the Okabe-Ito palette with markers or line styles so nothing rests on
colour alone.
"""

from __future__ import annotations

import textwrap

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from .style import OKABE_ITO, diagram_axes, new_figure

__all__ = [
    "plot_capture_scenarios",
    "plot_detected_children",
    "plot_estimate_ranges",
    "plot_federal_prosecutions",
    "plot_law_timeline",
    "plot_socio_ecological",
]

_STAGE_STYLE = {
    "referred": (OKABE_ITO["blue"], "o", "-"),
    "prosecuted": (OKABE_ITO["orange"], "s", "--"),
    "convicted": (OKABE_ITO["green"], "^", "-."),
}


def plot_law_timeline(laws: list[dict], fig: Figure | None = None) -> Figure:
    """Timeline of laws: one labelled marker per law, filled if checked against
    the official text (``status == "verified"``), open if reported by a secondary source.

    Parameters
    ----------
    laws : list of dict
        Records with ``year``, ``law``, ``public_law`` and ``status`` (``upstream.data.load("us_laws")``).
    """
    if not laws:
        raise ValueError("laws must hold at least one record; got none")
    laws = sorted(laws, key=lambda r: r["year"])
    fig = fig or new_figure(7.0, 0.55 * len(laws) + 1.3)
    ax = fig.add_subplot()
    y = np.arange(len(laws))[::-1]
    years = [r["year"] for r in laws]
    first = min(years) - 1
    ax.hlines(y, first, years, color="#bbbbbb", linewidth=0.8)
    for yi, r in zip(y, laws):
        filled = r["status"] == "verified"
        ax.plot(
            r["year"],
            yi,
            marker="o",
            markersize=9,
            linestyle="none",
            color=OKABE_ITO["blue"],
            markerfacecolor=OKABE_ITO["blue"] if filled else "white",
            markeredgewidth=2,
        )
        # the year is written in each label, so crowded years never need their own ticks
        label = "\n".join(textwrap.wrap(f"{r['year']}: {r['law']} (P.L. {r['public_law']})", 50))
        ax.text(r["year"] + 0.6, yi, label, va="center", fontsize=9, linespacing=1.1)
    ax.set_yticks([])
    last = max(years)
    ax.set_xlim(first, last + 21)
    ax.set_ylim(-0.6, len(laws) - 0.4)
    lo5, hi5 = 5 * (first // 5 + 1), 5 * (last // 5 + 1)
    ax.set_xticks(np.arange(lo5, hi5 + 1, 5))
    ax.spines["bottom"].set_bounds(first, hi5)
    ax.tick_params(axis="x", labelsize=9)
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.plot([], [], "o", color=OKABE_ITO["blue"], label="checked against the official record")
    ax.plot(
        [],
        [],
        "o",
        color=OKABE_ITO["blue"],
        markerfacecolor="white",
        markeredgewidth=2,
        label="as reported by a secondary summary",
    )
    fig.legend(loc="outside lower center", ncol=2, fontsize=9, frameon=False)
    ax.set_xlabel("Year enacted", fontsize=9, loc="left")
    return fig


def plot_federal_prosecutions(records: list[dict], fig: Figure | None = None) -> Figure:
    """Persons referred, prosecuted and convicted in federal human-trafficking cases, by fiscal year.

    Parameters
    ----------
    records : list of dict
        ``upstream.data.load("federal_prosecutions")``: ``fiscal_year``, ``stage``, ``persons``.
    """
    fig = fig or new_figure(7.0, 3.4)
    ax = fig.add_subplot()
    for stage, (color, marker, ls) in _STAGE_STYLE.items():
        rows = sorted((r for r in records if r["stage"] == stage), key=lambda r: r["fiscal_year"])
        if not rows:
            continue
        x = [r["fiscal_year"] for r in rows]
        v = [r["persons"] for r in rows]
        ax.plot(x, v, color=color, marker=marker, linestyle=ls, linewidth=1.8, markersize=7, label=stage)
        for xi, vi in zip(x, v):
            ax.annotate(f"{vi:,}", (xi, vi), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=9)
    unknown = {r["stage"] for r in records} - set(_STAGE_STYLE)
    if unknown:
        raise ValueError(f"stage must be one of {', '.join(_STAGE_STYLE)}; got {sorted(unknown)}")
    ax.set_xlabel("Federal fiscal year")
    ax.set_ylabel("Persons")
    ax.set_ylim(0, max(r["persons"] for r in records) * 1.2)
    ax.set_xticks(sorted({r["fiscal_year"] for r in records}))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9, title="Persons", title_fontsize=9)
    ax.set_title("Lines join only the years reported; gaps are years not shown", fontsize=9)
    return fig


def plot_estimate_ranges(records: list[dict], fig: Figure | None = None) -> Figure:
    """Published national estimates on a log scale: ranges as bars, single figures as diamonds.

    Parameters
    ----------
    records : list of dict
        ``upstream.data.load("prevalence_estimates")``: ``label``, ``low``, ``high``, ``point``.
    """
    fig = fig or new_figure(7.0, 0.8 * len(records) + 1.3)
    ax = fig.add_subplot()
    y = np.arange(len(records))[::-1]
    for yi, r in zip(y, records):
        if np.isfinite(r["low"]) and np.isfinite(r["high"]):
            ax.plot([r["low"], r["high"]], [yi, yi], color=OKABE_ITO["blue"], linewidth=5, solid_capstyle="butt")
            ax.plot([r["low"], r["high"]], [yi, yi], "|", color="black", markersize=14)
            txt = f"{r['low']:,.0f} to {r['high']:,.0f}"
            x_txt = r["high"]
        else:
            txt = ""
            x_txt = r["point"]
        if np.isfinite(r["point"]):
            ax.plot(r["point"], yi, "D", color=OKABE_ITO["vermillion"], markersize=8, markeredgecolor="black")
            txt = f"{r['point']:,.0f}" + (f" ({txt})" if txt else "")
        ax.text(x_txt * 1.3, yi, txt, va="center", fontsize=9)
    ax.set_xscale("log")
    ax.set_xlim(500, 6e7)
    ticks = [1e3, 1e4, 1e5, 1e6, 1e7]
    ax.set_xticks(ticks, ["1,000", "10,000", "100,000", "1 million", "10 million"], fontsize=9)
    ax.minorticks_off()
    ax.set_yticks(y, ["\n".join(textwrap.wrap(r["label"], 24)) for r in records], fontsize=9)
    ax.set_ylim(-0.7, len(records) - 0.3)
    ax.grid(axis="x", alpha=0.3)
    ax.set_xlabel("Number of young people (log scale: each step is ten times the last)", fontsize=9)
    return fig


def plot_detected_children(records: list[dict], fig: Figure | None = None) -> Figure:
    """Children as a percentage of detected trafficking victims worldwide (UNODC), by data
    year, split into girls and boys.

    Each bar stacks girls (bottom, orange) on boys (top, blue, hatched), every
    segment labelled with its share and the children's total written above the
    bar, so nothing rests on colour alone. A record without a girl/boy split is
    drawn as an outlined total. The tick label says where the total comes from:
    UNODC's own release (``status == "verified"``) or a secondary summary.

    Parameters
    ----------
    records : list of dict
        Rows of ``upstream.data.load("detected_child_victims")``: ``data_year``,
        ``report_edition``, ``percent_children``, ``status`` and, where known,
        ``percent_girls`` and ``percent_boys`` (per cent of all detected victims).
    """
    if not records:
        raise ValueError("records must hold at least one row; got none")
    fig = fig or new_figure(6.4, 3.6)
    ax = fig.add_subplot()
    records = sorted(records, key=lambda r: r["data_year"])
    x = np.arange(len(records))
    girls_colour, boys_colour = OKABE_ITO["orange"], OKABE_ITO["sky_blue"]
    for xi, r in zip(x, records):
        total = r["percent_children"]
        girls, boys = r.get("percent_girls", np.nan), r.get("percent_boys", np.nan)
        if girls is not None and boys is not None and np.isfinite(girls) and np.isfinite(boys):
            ax.bar(xi, girls, width=0.6, color=girls_colour, edgecolor="black", linewidth=1)
            ax.bar(xi, boys, width=0.6, bottom=girls, color=boys_colour, edgecolor="black", linewidth=1, hatch="//")
            ax.text(xi, girls / 2, f"girls {girls:.0f}%", ha="center", va="center", fontsize=9)
            ax.text(
                xi,
                girls + boys / 2,
                f"boys {boys:.0f}%",
                ha="center",
                va="center",
                fontsize=9,
                bbox=dict(facecolor="white", edgecolor="none", pad=1.0),
            )
        else:
            ax.bar(xi, total, width=0.6, color="white", edgecolor="black", linewidth=1)
        ax.text(xi, total + 1.2, f"{total:.0f}%", ha="center", fontsize=9, fontweight="bold")
    labels = [
        f"{r['data_year']} data ({r['report_edition']} report)\n"
        + ("total: UNODC release" if r["status"] == "verified" else "total: a summary")
        for r in records
    ]
    ax.set_xticks(x, labels, fontsize=9)
    ax.set_ylim(0, 50)
    ax.set_ylabel("% of detected victims", fontsize=9)
    ax.tick_params(axis="y", labelsize=9)
    ax.legend(
        handles=[
            Patch(facecolor=girls_colour, edgecolor="black", label="girls"),
            Patch(facecolor=boys_colour, edgecolor="black", hatch="//", label="boys"),
        ],
        fontsize=9,
        loc="upper left",
        frameon=False,
    )
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    return fig


def plot_capture_scenarios(ratios: dict[str, np.ndarray], fig: Figure | None = None) -> Figure:
    """Spread of Chapman estimates divided by the true size, one row per scenario.

    Parameters
    ----------
    ratios : dict of name -> array
        For each scenario, ``N_hat / N`` over many simulated surveys.
    """
    if not ratios:
        raise ValueError("ratios must hold at least one scenario; got none")
    fig = fig or new_figure(7.0, 0.8 * len(ratios) + 1.2)
    ax = fig.add_subplot()
    names = list(ratios)
    y = np.arange(len(names))[::-1]
    colors = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky_blue")]
    for i, (yi, name) in enumerate(zip(y, names)):
        r = np.asarray(ratios[name], dtype=float)
        lo, q1, med, q3, hi = np.percentile(r, [5, 25, 50, 75, 95])
        ax.plot([lo, hi], [yi, yi], color="black", linewidth=1)
        ax.plot([q1, q3], [yi, yi], color=colors[i % 6], linewidth=12, solid_capstyle="butt", alpha=0.85)
        # the median marker sits just above the bar and points at it, so the thick bar
        # (middle half) is never hidden, however narrow it is
        ax.plot(med, yi + 0.27, "v", color="black", markersize=7)
        ax.text(max(hi, 1.0) + 0.04, yi, f"median {100 * med:.0f}%", va="center", fontsize=9)
    ax.axvline(1.0, color="black", linestyle="--", linewidth=1.2)
    ax.text(1.0, len(names) - 0.45, " true size", fontsize=9, va="bottom")
    ax.set_yticks(y, ["\n".join(textwrap.wrap(n, 26)) for n in names], fontsize=9)
    ax.set_ylim(-0.7, len(names) - 0.1)
    ax.set_xlim(0, 2.3)
    ax.set_xlabel("Chapman estimate as a share of the true size (1 = right)", fontsize=9)
    ax.grid(axis="x", alpha=0.3)
    return fig


def plot_socio_ecological(levels: dict[str, list[str]], fig: Figure | None = None) -> Figure:
    """The social-ecological model as nested boxes, outermost level first, with examples in each.

    Parameters
    ----------
    levels : dict of level name -> list of short example strings
        From the outermost level (e.g. "Societal") to the innermost ("Individual").
    """
    if not levels:
        raise ValueError("levels must hold at least one level; got none")
    from matplotlib.patches import FancyBboxPatch

    fig, ax = diagram_axes(7.0, 6.0, 6.5, fig)
    fills = ["#f2f2f2", OKABE_ITO["sky_blue"], OKABE_ITO["yellow"], OKABE_ITO["green"], OKABE_ITO["orange"]]
    styles = ["-", "--", "-.", ":", "-"]
    step_x, step_y = 0.55, 1.35
    for i, (name, examples) in enumerate(levels.items()):
        x0, y0 = 0.1 + i * step_x, 0.1 + i * 0.12
        w, h = 9.8 - 2 * i * step_x, 6.3 - i * step_y
        ax.add_patch(
            FancyBboxPatch(
                (x0, y0),
                w,
                h,
                boxstyle="round,pad=0.02,rounding_size=0.25",
                facecolor=fills[i % 5],
                alpha=0.45 if i else 1.0,
                edgecolor="black",
                linewidth=1.3,
                linestyle=styles[i % 5],
            )
        )
        top = y0 + h - 0.08
        ax.text(x0 + 0.15, top - 0.05, name, fontsize=11, fontweight="bold", va="top")
        body = "\n".join(textwrap.wrap("; ".join(examples), int(w * 8.5)))
        ax.text(x0 + 0.15, top - 0.45, body, fontsize=9, va="top")
    return fig
