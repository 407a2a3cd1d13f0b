"""Static figures for lesson 5 (budget splits) and lesson 6 (incapacitation).

Each function takes computed results and returns a matplotlib Figure (no
pyplot). Colours are Okabe-Ito and every lever also has its own hatch, so no
meaning rests on colour alone.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from ..models.population import LEVERS
from .style import ILLUSTRATIVE, LEVER_COLORS, OKABE_ITO, new_figure

__all__ = ["LEVER_HATCHES", "plot_regret", "plot_splits"]

LEVER_HATCHES = {"prevention": "", "identification": "//", "aftercare": "..", "prosecution": "xx"}


def plot_splits(names: list[str], splits, title: str = "Best split of the budget",
                fig: Figure | None = None) -> Figure:
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
        ax.barh(y, shares[:, j], left=left, color=LEVER_COLORS[lever], hatch=LEVER_HATCHES[lever],
                edgecolor="black", linewidth=0.6, label=lever)
        for yi, l, w in zip(y, left, shares[:, j]):
            if w >= 8:
                ax.text(l + w / 2, yi, f"{w:.0f}%", ha="center", va="center", fontsize=9,
                        bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
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
    ax.boxplot(list(r), orientation="horizontal", widths=0.5, patch_artist=True,
               boxprops={"facecolor": OKABE_ITO["sky_blue"], "edgecolor": "black"},
               medianprops={"color": "black", "linewidth": 2}, whis=(5, 95), showfliers=False)
    ax.axvline(tolerance_pct, color="black", linestyle=":", linewidth=1.2)
    ax.text(tolerance_pct, 0.02, f" {tolerance_pct:g}% worse", fontsize=9, va="bottom",
            transform=ax.get_xaxis_transform())
    ax.set_yticks(np.arange(1, len(names) + 1), names, fontsize=10)
    ax.tick_params(axis="x", labelsize=9)
    ax.invert_yaxis()
    ax.set_xlim(left=0)
    ax.set_xlabel("Child-years above the best split in the same draw (%)", fontsize=10)
    ax.set_title("How far from the best, across uncertain assumptions\n(box: middle half; whiskers: 5-95% of draws)",
                 fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    fig.suptitle(ILLUSTRATIVE, fontsize=9, x=0.99, ha="right", color="#444444")
    return fig
