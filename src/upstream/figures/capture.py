"""The capture-recapture explorer's figure (lesson 2): one survey, and many."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from .style import OKABE_ITO, new_figure

__all__ = ["capture_explorer_figure"]


def capture_explorer_figure(rows, bins, xmax_pct, hist_ymax, n_surveys) -> SimpleNamespace:
    """The capture-recapture explorer's figure: one survey's lists and estimate, and the spread of
    estimates over repeated surveys (lesson 2). Returns the figure and the artists the explorer updates."""
    art = SimpleNamespace()
    # panels stacked so the static figure fits the book's text column (<= 7.5 in at 110 dpi)
    art.fig = new_figure(7.0, 5.8, dpi=80)
    art.fig.set_layout_engine("none")  # fixed margins: the row labels never get clipped
    ax_s, ax_h = art.fig.subplots(
        2, 1, gridspec_kw=dict(height_ratios=[1, 1.05], left=0.2, right=0.97, top=0.92, bottom=0.08, hspace=0.42)
    )
    art.axes = (ax_s, ax_h)
    y = np.arange(len(rows))
    colors = [OKABE_ITO["sky_blue"], OKABE_ITO["orange"], OKABE_ITO["green"], "#bbbbbb", OKABE_ITO["blue"]]
    hatches = [None, "//", "xx", None, None]
    art.bars = ax_s.barh(y, np.ones(len(rows)), color=colors, edgecolor="black", linewidth=0.6)
    # x is a percentage of the true size, so the axes never change (the counts are in the labels)
    for b, h in zip(art.bars, hatches):
        b.set_hatch(h)
    (art.ci_line,) = ax_s.plot([0, 0], [4, 4], color="black", linewidth=2, marker="|", markersize=14)
    art.true_line = ax_s.axvline(100, color="black", linestyle="--", linewidth=1.4)
    art.true_text = ax_s.text(100, -0.75, " true size (100%)", fontsize=9, va="center")
    ax_s.set_xlim(0, xmax_pct)
    art.bar_text = [ax_s.text(0, yi, "", va="center", fontsize=9) for yi in y]
    ax_s.set_yticks(y, rows, fontsize=9)
    ax_s.tick_params(axis="x", labelsize=9)
    ax_s.invert_yaxis()
    ax_s.set_ylim(len(rows) - 0.5, -1.1)
    ax_s.set_xlabel("% of the true size (labels: number of people)", fontsize=9)
    ax_s.set_title("One survey", fontsize=10, loc="left")
    # one step-patch artist for the whole histogram (cheap to redraw)
    art.hist = ax_h.stairs(
        np.zeros(len(bins) - 1), bins, fill=True, color=OKABE_ITO["blue"], alpha=0.85, edgecolor="black", linewidth=0.5
    )
    ax_h.axvline(1.0, color="black", linestyle="--", linewidth=1.4)
    ax_h.text(1.0, 0.97, " true size", transform=ax_h.get_xaxis_transform(), fontsize=9, va="top")
    (art.median_line,) = ax_h.plot(
        [1, 1],
        [0, 1],
        color=OKABE_ITO["vermillion"],
        linewidth=2.4,
        linestyle="-.",
        transform=ax_h.get_xaxis_transform(),
    )
    art.median_text = ax_h.text(1, 0.86, "", transform=ax_h.get_xaxis_transform(), fontsize=9, color="#7a2e00")
    # printed only when a bar is taller than the fixed y-axis
    art.peak_text = ax_h.text(0.99, 0.97, "", transform=ax_h.transAxes, fontsize=9, ha="right", va="top")
    ax_h.set_xlim(bins[0], bins[-1])
    ax_h.set_ylim(0, hist_ymax)
    ax_h.tick_params(labelsize=9)
    ax_h.set_xlabel("Estimate \u00f7 true size (\u2265 2.5 shown at 2.5)", fontsize=9)
    ax_h.set_ylabel(f"Surveys (of {n_surveys})", fontsize=9)
    ax_h.set_title(f"{n_surveys} repeated surveys", fontsize=10, loc="left")
    art.fig.suptitle("Simulated population, not data", fontsize=9, x=0.99, ha="right", color="#444444")
    art.fig.canvas.draw()
    art.animated = [*art.bars, art.ci_line, *art.bar_text, art.hist, art.median_line, art.median_text, art.peak_text]
    return art
