"""Figures of the lesson-4 population model: trajectories, outcome bars, the compartment diagram.

Each function takes results of :mod:`upstream.models.population` and returns a
Figure (no pyplot), in the shared style of :mod:`upstream.figures.style`.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from ..models.population import OUTCOMES, Result, Results
from .style import (
    ILLUSTRATIVE,
    LEVER_COLORS,
    MARKERS,
    OKABE_ITO,
    OUTCOME_LABELS,
    POLICY_STYLES,
    diagram_axes,
    new_figure,
)

__all__ = [
    "RATIO_MAX",
    "STATE_TITLES",
    "model_explorer_figure",
    "outcome_ratio_bars",
    "plot_compartment_diagram",
    "plot_outcomes",
    "plot_trajectories",
    "set_outcome_ratios",
    "trajectory_lines",
]


#: Panel title of each state of the model
STATE_TITLES = {
    "S": "Not at elevated risk (S)",
    "R": "At elevated risk (R)",
    "E": "Being exploited (E)",
    "X": "Exited, may be exploited again (X)",
    "T": "Active traffickers (T)",
}
#: Widest outcome bar in :func:`outcome_ratio_bars`, in % of the baseline
RATIO_MAX = 250.0


def trajectory_lines(ax, state: str, names, labels: dict[str, str] | None = None) -> dict:
    """Make ``ax`` the panel of one state and add an empty line per named run.

    Each name keeps its colour, line style and marker (:data:`POLICY_STYLES`),
    so no two runs look alike and nothing rests on colour alone. Fill the lines
    with ``set_data(t, values)``: :func:`plot_trajectories` does it once, the
    model explorer on every move of a slider.

    Parameters
    ----------
    ax : matplotlib Axes
    state : one of S, R, E, X, T.
    names : run names in legend order (policy names such as ``"none"`` get their own style).
    labels : optional legend label per name (default: the name).

    Returns
    -------
    dict of name -> Line2D
    """
    if state not in STATE_TITLES:
        raise ValueError(f"states must be drawn from S, R, E, X, T; got {state!r}")
    labels = labels or {}
    lines = {}
    for i, name in enumerate(names):
        # other names: solid first, never the dashed line that marks "none"
        fallback = ("-", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)))
        style, marker = POLICY_STYLES.get(name, (fallback[max(i - 1, 0) % len(fallback)], MARKERS[i % len(MARKERS)]))
        (lines[name],) = ax.plot(
            [],
            [],
            color=LEVER_COLORS.get(name, list(OKABE_ITO.values())[i % 8]),
            linestyle=style,
            marker=marker,
            markevery=(0.1 + 0.03 * i, 0.2),
            markersize=6,
            linewidth=2.6 if name == "mixed" else 2,
            label=labels.get(name, name),
        )
    ax.set_title(STATE_TITLES[state], fontsize=11)
    ax.set_xlabel("Years", fontsize=10)
    ax.tick_params(labelsize=9)
    ax.grid(alpha=0.3)
    return lines


def plot_trajectories(
    runs: dict[str, Result],
    states: tuple[str, ...] = ("E", "T"),
    fig: Figure | None = None,
) -> Figure:
    """Trajectories of some states for several named runs, one panel per state.

    Parameters
    ----------
    runs : dict of name -> Result
        Runs made with :func:`upstream.models.simulate` (trajectories kept).
    states : tuple of str
        Which of S, R, E, X, T to draw.
    """
    if not runs:
        raise ValueError("runs must hold at least one named Result; got none")
    for st in states:
        if st not in STATE_TITLES:
            raise ValueError(f"states must be drawn from S, R, E, X, T; got {st!r}")
    for name, r in runs.items():
        if r.t is None:
            raise ValueError(f"run {name!r} has no trajectories; use simulate()")
    fig = fig or new_figure(7.2, 3.6)
    axes = fig.subplots(1, len(states), squeeze=False)[0]
    for ax, st in zip(axes, states):
        lines = trajectory_lines(ax, st, list(runs))
        for name, r in runs.items():
            lines[name].set_data(r.t, getattr(r, st))
        ax.relim()
        ax.autoscale_view()
        ax.set_ylim(bottom=0)
    axes[0].set_ylabel("People (illustrative)", fontsize=10)
    # The legend sits below the panels, where it covers no line.
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 6), fontsize=9, frameon=False)
    fig.suptitle(ILLUSTRATIVE, fontsize=9, x=0.99, ha="right", color="#444444")
    return fig


def outcome_ratio_bars(
    ax,
    *,
    x_max: float = RATIO_MAX,
    height: float = 0.8,
    label: str | None = None,
    xlabel: str = "% of no-budget baseline (dashed line: 100 %, no change)",
    title: str = "Outcomes over the horizon vs baseline",
    boxed_labels: bool = True,
):
    """Make ``ax`` a panel of the five outcomes as a % of a baseline (bars start at 100 %).

    Returns ``(bars, labels)``: the bars (a BarContainer, labelled ``label`` for a
    legend) and one text label per outcome, in :data:`upstream.models.OUTCOMES`
    order; :func:`set_outcome_ratios` updates them. A dashed line marks 100 %.
    """
    y = np.arange(len(OUTCOMES))
    bars = ax.barh(
        y,
        np.full(len(OUTCOMES), 100.0),
        height=height,
        color=LEVER_COLORS["mixed"],
        edgecolor="black",
        linewidth=0.6,
        label=label,
    )
    ax.axvline(100, color=LEVER_COLORS["none"], linestyle="--", linewidth=1.2)
    ax.set_yticks(y, [OUTCOME_LABELS[k] for k in OUTCOMES], fontsize=9)
    ax.tick_params(axis="x", labelsize=9)
    ax.invert_yaxis()
    ax.set_xlim(0, x_max)
    ax.set_xlabel(xlabel, fontsize=10)
    ax.set_title(title, fontsize=11)
    box = {"bbox": {"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"}} if boxed_labels else {}
    labels = [ax.text(0, yi, "", va="center", fontsize=9, **box) for yi in y]
    return bars, labels


def set_outcome_ratios(bars, labels, base: Result, run: Result) -> dict[str, float]:
    """Set each outcome's bar and label to ``run`` as a % of ``base``; return the percentages.

    Bars longer than :data:`RATIO_MAX` are cut at the edge (their label gives the value).
    """
    pct = {}
    for bar, txt, k in zip(bars, labels, OUTCOMES):
        b = getattr(base, k)
        p = 100.0 * getattr(run, k) / b if b > 0 else 100.0
        pct[k] = p
        bar.set_width(min(p, RATIO_MAX))
        txt.set_x(min(p, RATIO_MAX))
        txt.set_text(f" {p:.0f}%")
    return pct


def model_explorer_figure(e_max: float, t_max: float, years: int, dpi: int = 80):
    """The model explorer's figure: E and T over time on top, the outcome ratios below.

    Parameters
    ----------
    e_max, t_max : upper limits of the E and T axes (people); fixed, so a slider never rescales them.
    years : the horizon the time axes span at first.

    Returns
    -------
    ``(fig, lines, bars, labels)``: lines ``"E0"``, ``"E"``, ``"T0"``, ``"T"`` (baseline
    dashed, your budget solid), and the outcome bars and labels of :func:`outcome_ratio_bars`.
    """
    # 7.2 in wide (fits the ~672 px text column at the book's 110 dpi without
    # shrinking): the two time panels on top, the outcome bars below.
    fig = new_figure(7.2, 5.6, dpi=dpi)
    # Text is a little wider at the book's 110 dpi than at 80 dpi: leave a margin.
    fig.get_layout_engine().set(w_pad=0.1, h_pad=0.06)
    grid = fig.add_gridspec(2, 2, height_ratios=[1, 0.9])
    ax_e, ax_t = fig.add_subplot(grid[0, 0]), fig.add_subplot(grid[0, 1])
    ax_o = fig.add_subplot(grid[1, :])
    lines = {}
    for ax, st, top in ((ax_e, "E", e_max), (ax_t, "T", t_max)):
        drawn = trajectory_lines(ax, st, ["none", "mixed"], {"none": "no budget", "mixed": "your budget"})
        lines[st + "0"], lines[st] = drawn["none"], drawn["mixed"]
        ax.set_xlim(0, years)
        ax.set_ylim(0, top)
    ax_e.set_ylabel("People (illustrative)", fontsize=10)
    ax_e.legend(fontsize=9, loc="lower left")
    bars, labels = outcome_ratio_bars(ax_o)
    fig.suptitle(ILLUSTRATIVE, fontsize=9, x=0.99, ha="right", color="#444444")
    return fig, lines, bars, labels


def plot_outcomes(results: Results, names: list[str], fig: Figure | None = None) -> Figure:
    """Grouped horizontal bars of the five outcomes, one bar per scenario.

    Parameters
    ----------
    results : Results
        Outcomes of ``len(names)`` scenarios from :func:`upstream.models.simulate_many`.
    names : list of str
        A short name per scenario (used for colour and the legend).
    """
    if len(names) != len(results):
        raise ValueError(f"names must have one entry per scenario ({len(results)}); got {len(names)}")
    fig = fig or new_figure(7.4, 4.4)
    axes = fig.subplots(1, len(OUTCOMES), sharey=True)
    y = np.arange(len(names))
    for ax, key in zip(axes, OUTCOMES):
        vals = getattr(results, key)
        colors = [LEVER_COLORS.get(n, OKABE_ITO["blue"]) for n in names]
        ax.barh(y, vals, color=colors, edgecolor="black", linewidth=0.6)
        ax.set_title(OUTCOME_LABELS[key].replace(" ", "\n", 1), fontsize=9)
        ax.tick_params(axis="x", labelsize=9)
        ax.xaxis.set_major_locator(MaxNLocator(2))
        for yi, v in zip(y, vals):
            ax.text(v, yi, f" {v:.0f}", va="center", fontsize=9)
        ax.set_xlim(0, max(float(np.max(vals)), 1e-9) * 1.45)
        ax.grid(axis="x", alpha=0.3)
    axes[0].set_yticks(y, names, fontsize=10)
    axes[0].invert_yaxis()
    fig.suptitle(f"Totals over {results.years:g} years. {ILLUSTRATIVE}", fontsize=9)
    return fig


def plot_compartment_diagram(fig: Figure | None = None) -> Figure:
    """Boxes-and-arrows diagram of the lesson-4 model's compartments and flows.

    Arrows are labelled in words; the rate symbols (explained on the About the
    models page) follow in brackets.
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    fig, ax = diagram_axes(7.4, 4.6, 6.2, fig)
    boxes = {
        "S": (0.1, 2.6, "S\nnot at\nelevated risk", OKABE_ITO["green"]),
        "R": (2.7, 2.6, "R\nat elevated\nrisk", OKABE_ITO["yellow"]),
        "E": (5.3, 2.6, "E\nbeing\nexploited", OKABE_ITO["vermillion"]),
        "X": (7.9, 2.6, "X\nexited, may\nbe exploited\nagain", OKABE_ITO["sky_blue"]),
        "T": (5.3, 0.1, "T\nactive\ntraffickers", OKABE_ITO["purple"]),
    }
    w, h = 1.9, 1.4
    for x, y, text, color in boxes.values():
        ax.add_patch(
            FancyBboxPatch(
                (x, y), w, h, boxstyle="round,pad=0.05", facecolor=color, alpha=0.35, edgecolor="black", linewidth=1.2
            )
        )
        ax.text(x + w / 2, y + h / 2, text, ha="center", va="center", fontsize=10)

    def arrow(x0, y0, x1, y1, label, tx, ty, rad=0.0, va="center", ha="center"):
        ax.add_patch(
            FancyArrowPatch(
                (x0, y0),
                (x1, y1),
                arrowstyle="-|>",
                mutation_scale=14,
                color="black",
                linewidth=1.3,
                connectionstyle=f"arc3,rad={rad}",
            )
        )
        if label:
            ax.text(tx, ty, label, ha=ha, va=va, fontsize=9, linespacing=1.1)

    # S <-> R, R -> E, E <-> X: labels above (forward) and below (backward) the boxes' gap
    arrow(2.05, 3.75, 2.65, 3.75, "becomes\nat risk (v)", 2.35, 4.35, va="bottom")
    arrow(2.65, 2.85, 2.05, 2.85, "returns to\nlower risk (s)", 2.35, 2.4, va="top")
    arrow(4.65, 3.3, 5.25, 3.3, "recruited\n(\u03bb)", 4.95, 4.35, va="bottom")
    arrow(7.25, 3.75, 7.85, 3.75, "identified\nor leaves\n(\u03c1 + e0)", 7.55, 4.35, va="bottom")
    arrow(7.85, 2.85, 7.25, 2.85, "exploited\nagain (\u03b3)", 7.55, 2.4, va="top")
    arrow(8.85, 4.05, 1.05, 4.05, "recovers (h)", 4.95, 5.45, rad=0.35, va="bottom")
    arrow(6.25, 1.55, 6.25, 2.55, "", 0, 0)
    ax.text(6.1, 2.05, "traffickers\ndrive recruitment", fontsize=9, va="center", ha="right")
    ax.text(
        7.35, 0.8, "new traffickers: \u03bc(1\u2212D)\nconvicted or stops:\n\u03c0 + \u03b4", fontsize=9, va="center"
    )
    ax.text(
        0.1,
        0.8,
        "Recruitment grows with the\nnumber of traffickers (\u03bb = \u03b2T).\n"
        "Every group ages out;\nnew 12-year-olds enter S.",
        fontsize=9,
        va="center",
    )
    return fig
