"""Figures for lesson 5 (budget splits, the budget allocator) and lesson 6 (incapacitation).

Each function takes computed results and returns a matplotlib Figure (no
pyplot). Colours are Okabe-Ito and every lever also has its own hatch, so no
meaning rests on colour alone.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from matplotlib import colormaps
from matplotlib.figure import Figure

from ..models.population import LEVERS, OUTCOMES
from .population import outcome_ratio_bars
from .style import ILLUSTRATIVE, LEVER_COLORS, OKABE_ITO, marker_handle, marker_point, new_figure

__all__ = ["ALLOCATOR_TEXT", "LEVER_HATCHES", "allocator_figure", "plot_regret", "plot_splits"]

LEVER_HATCHES = {"prevention": "", "identification": "//", "aftercare": "..", "prosecution": "xx"}
#: the words of :func:`allocator_figure`, also the page's live chart's (part of ``BudgetAllocator.TEXT``)
ALLOCATOR_TEXT = {
    "outcomes_title": "Outcomes against no new spending",
    "outcomes_x_label": "% of no-budget baseline (100 = no change)",
    "legend_outcomes": ["your split (central)", "5-95 % of draws"],
    "heat_title": "Child-years of exploitation over all splits, prosecution held at your share",
    "heat_x_label": "Prevention share (%)",
    "heat_y_label": "Identification share (%)",
    "heat_note": "with prosecution fixed,\naftercare takes the remainder",
    "colorbar_label": "Child-years of exploitation",
    "legend_heat": ["your split", "best on this slice"],
}


def plot_splits(names: list[str], splits, title: str = "Best split of the budget", fig: Figure | None = None) -> Figure:
    """Stacked horizontal bars: each named split's shares of the total, per lever.

    Parameters
    ----------
    names : list of str
        One label per split.
    splits : array (k, 4)
        Budget rows in $M per year (:data:`upstream.model.LEVERS` order); each row total > 0.
    """
    s = np.atleast_2d(np.asarray(splits, dtype=float))
    if s.shape != (len(names), 4):
        raise ValueError(f"splits must have shape ({len(names)}, 4), one row per name; got {s.shape}")
    totals = s.sum(axis=1)
    if np.any(totals <= 0):
        raise ValueError("every split must have a total greater than 0")
    shares = 100.0 * s / totals[:, None]
    fig = fig or new_figure(7.4, 0.7 * len(names) + 1.9)
    ax = fig.add_subplot()
    left = np.zeros(len(names))
    y = np.arange(len(names))
    for j, lever in enumerate(LEVERS):
        ax.barh(
            y,
            shares[:, j],
            left=left,
            color=LEVER_COLORS[lever],
            hatch=LEVER_HATCHES[lever],
            edgecolor="black",
            linewidth=0.6,
            label=lever,
        )
        for yi, l, w in zip(y, left, shares[:, j]):
            if w >= 8:
                ax.text(
                    l + w / 2,
                    yi,
                    f"{w:.0f}%",
                    ha="center",
                    va="center",
                    fontsize=9,
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"},
                )
        left += shares[:, j]
    ax.set_yticks(y, names, fontsize=10)
    ax.tick_params(axis="x", labelsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of the budget (%)", fontsize=10)
    ax.set_title(title, fontsize=11)
    fig.legend(*ax.get_legend_handles_labels(), ncol=4, fontsize=9, loc="outside lower center", frameon=False)
    fig.suptitle(ILLUSTRATIVE, fontsize=9, x=0.99, ha="right", color="#444444")
    return fig


def plot_regret(names: list[str], regret, tolerance_pct: float = 5.0, fig: Figure | None = None) -> Figure:
    """Box plots of how much worse each named split is than the best, across parameter draws.

    Parameters
    ----------
    names : list of str
        One label per split.
    regret : array (k, n)
        Per-draw regret in % (0 = the best split in that draw).
    tolerance_pct : float
        A dotted reference line at this regret.
    """
    r = np.atleast_2d(np.asarray(regret, dtype=float))
    if r.shape[0] != len(names):
        raise ValueError(f"regret must have one row per name ({len(names)}); got {r.shape[0]}")
    fig = fig or new_figure(7.4, 0.6 * len(names) + 1.9)
    ax = fig.add_subplot()
    ax.boxplot(
        list(r),
        orientation="horizontal",
        widths=0.5,
        patch_artist=True,
        boxprops={"facecolor": OKABE_ITO["sky_blue"], "edgecolor": "black"},
        medianprops={"color": "black", "linewidth": 2},
        whis=(5, 95),
        showfliers=False,
    )
    ax.axvline(tolerance_pct, color="black", linestyle=":", linewidth=1.2)
    ax.text(
        tolerance_pct, 0.02, f" {tolerance_pct:g}% worse", fontsize=9, va="bottom", transform=ax.get_xaxis_transform()
    )
    ax.set_yticks(np.arange(1, len(names) + 1), names, fontsize=10)
    ax.tick_params(axis="x", labelsize=9)
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    ax.set_xlabel("Child-years above the best split in the same draw (%)", fontsize=10)
    ax.set_title(
        "How far from the best, across uncertain assumptions\n(box: middle half; whiskers: 5-95% of draws)", fontsize=10
    )
    ax.grid(axis="x", alpha=0.3)
    fig.suptitle(ILLUSTRATIVE, fontsize=9, x=0.99, ha="right", color="#444444")
    return fig


def allocator_figure(share_step, x_max) -> SimpleNamespace:
    """The budget allocator's figure: outcome ratios with 5-95 % whiskers on top, the heat map of
    every split below (lesson 5). Returns the figure and the artists the explorer updates."""
    art, T = SimpleNamespace(), ALLOCATOR_TEXT
    # 7.2 in wide (fits the book's text column without shrinking): outcomes on
    # top, the heat map of every split below.
    art.fig = new_figure(7.2, 7.4, dpi=80)
    art.fig.get_layout_engine().set(w_pad=0.1, h_pad=0.08)
    ax_o, ax_m = art.fig.subplots(2, 1, height_ratios=[0.8, 1])
    art.axes = (ax_o, ax_m)
    blk = LEVER_COLORS["none"]
    art.bars, art.bar_text = outcome_ratio_bars(
        ax_o,
        x_max=x_max,
        height=0.55,
        label=T["legend_outcomes"][0],
        boxed_labels=False,
        xlabel=T["outcomes_x_label"],
        title=T["outcomes_title"],
    )
    art.whiskers = [
        ax_o.plot(
            [90, 110],
            [yi, yi],
            color=blk,
            linewidth=1.8,
            marker="|",
            markersize=12,
            label=T["legend_outcomes"][1] if yi == 0 else None,
        )[0]
        for yi in range(len(OUTCOMES))
    ]
    ax_o.grid(axis="x", alpha=0.3)
    ax_o.legend(handles=[art.bars, art.whiskers[0]], fontsize=9, loc="lower right")
    levels = np.arange(0, 101, share_step)
    half = share_step / 2
    art.heat = ax_m.imshow(
        np.full((levels.size, levels.size), np.nan),
        origin="lower",
        cmap=colormaps["viridis"].with_extremes(bad="white"),
        aspect="auto",
        extent=(-half, 100 + half, -half, 100 + half),
        interpolation="nearest",
    )
    art.cbar = art.fig.colorbar(art.heat, ax=ax_m, fraction=0.06, pad=0.02, extend="max")
    art.cbar.set_label(T["colorbar_label"], fontsize=10)
    art.cbar.ax.tick_params(labelsize=9)
    art.current_marker = marker_point(
        ax_m, "o", 11, markerfacecolor="none", markeredgecolor="white", markeredgewidth=2.5
    )
    art.current_ring = marker_point(ax_m, "o", 14, markerfacecolor="none", markeredgewidth=1.2)
    art.best_marker = marker_point(ax_m, "*", 15, markerfacecolor=LEVER_COLORS["identification"])
    ax_m.set_title(T["heat_title"], fontsize=11)
    ax_m.set_xlim(-half, 100 + half)
    ax_m.set_ylim(-half, 100 + half)
    ax_m.set_xlabel(T["heat_x_label"], fontsize=10)
    ax_m.set_ylabel(T["heat_y_label"], fontsize=10)
    ax_m.tick_params(labelsize=9)
    ax_m.text(
        0.97,
        0.97,
        T["heat_note"],
        transform=ax_m.transAxes,
        ha="right",
        va="top",
        fontsize=9,
        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"},
    )
    ax_m.legend(
        handles=[
            marker_handle("o", 9, markerfacecolor="none", label=T["legend_heat"][0]),
            marker_handle("*", 11, markerfacecolor=LEVER_COLORS["identification"], label=T["legend_heat"][1]),
        ],
        fontsize=9,
        loc="upper right",
        bbox_to_anchor=(1.0, 0.86),
    )  # the empty corner
    art.fig.suptitle(ILLUSTRATIVE, fontsize=9, x=0.99, ha="right", color="#444444")
    art.fig.canvas.draw()
    art.fig.set_layout_engine("none")
    # the heat map first: it is opaque and overlaps no other moving artist, so the
    # explorer can put back its pixels for a slice it has drawn before (layer_key)
    art.animated = [
        art.heat,
        *art.bars,
        *art.whiskers,
        *art.bar_text,
        art.current_marker,
        art.current_ring,
        art.best_marker,
    ]
    return art
