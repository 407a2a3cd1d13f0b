"""The screening explorer's figure (lesson 7): counts of true and false positives, and PPV."""

from __future__ import annotations

from types import SimpleNamespace

from matplotlib.patches import Patch

from .style import OKABE_ITO, marker_point, new_figure

__all__ = ["SCREENING_TEXT", "screening_explorer_figure"]

#: the words of :func:`screening_explorer_figure`, also the page's live chart's (part of ``ScreeningExplorer.TEXT``)
SCREENING_TEXT = {
    "rows": ["Screen\npositive", "Screen\nnegative"],
    "counts_title": "{screened:,} young people screened",
    "counts_x_label": "Young people, out of {screened:,} screened",
    "legend_counts": [
        "has experienced trafficking",
        "false alarm (has not, screened positive)",
        "cleared (has not, screened negative)",
    ],
    "ppv_title": "Positive predictive value (PPV)",
    "ppv_x_label": "Prevalence in the group screened (log scale)",
    "ppv_y_label": "Positive screens that are true (%)",
    "half_line": "half of positives are true",
    "legend_ppv": ["PPV", "your prevalence"],
}


def screening_explorer_figure(screened, prev_axis) -> SimpleNamespace:
    """The screening explorer's figure: what happens to the people screened, and PPV against
    prevalence (lesson 7). Returns the figure and the artists the explorer updates."""
    art, T = SimpleNamespace(), SCREENING_TEXT
    # 7.2 in wide (fits the book's text column without shrinking): counts on top,
    # the PPV curve below.
    art.fig = new_figure(7.2, 6.4, dpi=80)
    art.fig.get_layout_engine().set(w_pad=0.1, h_pad=0.08)
    ax_n, ax_p = art.fig.subplots(2, 1, height_ratios=[0.85, 1])
    art.axes = (ax_n, ax_p)
    verm, sky, grey = OKABE_ITO["vermillion"], OKABE_ITO["sky_blue"], "#BBBBBB"
    y = [0, 1]
    art.seg_have = ax_n.barh(
        y, [0, 0], color=verm, edgecolor="black", hatch="", height=0.6, label=T["legend_counts"][0]
    )
    art.seg_not = ax_n.barh(y, [0, 0], color=[sky, grey], edgecolor="black", hatch="//", height=0.6, label="has not")
    art.seg_text = [ax_n.text(0, yi, "", va="center", ha="left", fontsize=9) for yi in y]
    ax_n.set_yticks(y, T["rows"], fontsize=9)
    ax_n.invert_yaxis()
    ax_n.set_xlim(0, screened)
    ax_n.tick_params(axis="x", labelsize=9)
    ax_n.set_xlabel(T["counts_x_label"].format(screened=screened), fontsize=10)
    ax_n.set_title(T["counts_title"].format(screened=screened), fontsize=11)
    # One legend entry per colour actually drawn: the "has not" part is blue in the
    # positive row (false alarms) and grey in the negative row (correctly cleared).
    ax_n.legend(
        handles=[
            Patch(facecolor=verm, edgecolor="black", label=T["legend_counts"][0]),
            Patch(facecolor=sky, edgecolor="black", hatch="//", label=T["legend_counts"][1]),
            Patch(facecolor=grey, edgecolor="black", hatch="//", label=T["legend_counts"][2]),
        ],
        fontsize=9,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.32),
        ncol=1,
        frameon=False,
    )
    (art.ppv_curve,) = ax_p.plot([], [], color=OKABE_ITO["blue"], linewidth=2.2, label=T["legend_ppv"][0])
    art.ppv_point = marker_point(ax_p, "o", 9, color=OKABE_ITO["blue"], label=T["legend_ppv"][1])
    ax_p.axhline(50, color="black", linestyle=":", linewidth=1)
    ax_p.text(0.12, 52, T["half_line"], fontsize=9)
    ax_p.set_xscale("log")
    ax_p.set_xlim(prev_axis[0] * 100, prev_axis[-1] * 100)
    ax_p.set_ylim(0, 100)
    ax_p.set_xticks([0.1, 1, 10, 50], ["0.1%", "1%", "10%", "50%"])
    ax_p.tick_params(labelsize=9)
    ax_p.set_xlabel(T["ppv_x_label"], fontsize=10)
    ax_p.set_ylabel(T["ppv_y_label"], fontsize=10)
    ax_p.set_title(T["ppv_title"], fontsize=11)
    ax_p.grid(alpha=0.3)
    ax_p.legend(fontsize=9, loc="upper left")
    art.fig.canvas.draw()
    art.fig.set_layout_engine("none")
    art.animated = [*art.seg_have, *art.seg_not, *art.seg_text, art.ppv_curve, art.ppv_point]
    return art
