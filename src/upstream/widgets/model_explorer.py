"""Lesson 4's model explorer: a slider per budget lever and the horizon."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Rectangle

from .base import FigureExplorer, check_start_value
from ..models.population import LEVERS, OUTCOMES, Budget, Parameters, equilibrium, simulate
from ..figures.style import ILLUSTRATIVE, LEVER_COLORS, OUTCOME_LABELS, new_figure

__all__ = ["ModelExplorer"]

MAX_LEVER = 4.0  # $M per year per lever in the explorer
MAX_HORIZON = 30


class ModelExplorer(FigureExplorer):
    """Push the model: four budget sliders ($M/yr) and a horizon slider (years).

    The figure shows exploited youth (E) and active traffickers (T) over time
    against the zero-budget baseline, and the five outcomes as a percentage of
    the baseline. The model is illustrative: outputs compare scenarios, they
    are not counts of real children.

    Parameters
    ----------
    budget : Budget, optional
        Starting position of the sliders (each lever in [0, 4] $M per year).
    years : int
        Starting horizon in years, in [1, 30].
    params : Parameters, optional
        Baseline rates (the illustrative defaults if omitted).
    simulate_fn : callable, optional
        The model call (``simulate(budget, params, years, dt)``); tests pass a spy.
    """

    def __init__(self, budget: Budget | None = None, years: int = 10, params: Parameters | None = None,
                 simulate_fn=simulate):
        budget = Budget() if budget is None else budget
        if not isinstance(budget, Budget):
            raise TypeError(f"budget must be a Budget, e.g. Budget(prevention=1.0); got {budget!r} "
                            f"({type(budget).__name__})")
        if params is not None and not isinstance(params, Parameters):
            raise TypeError(f"params must be a Parameters instance; got {type(params).__name__}")
        # the sliders' own limits and messages (as for a change made later)
        for k in LEVERS:
            check_start_value(k, getattr(budget, k), 0.0, MAX_LEVER, "$M per year")
        years = check_start_value("years", years, 1, MAX_HORIZON, "years", whole=True)
        self.params = params or Parameters()
        self._simulate = simulate_fn
        style = {"description_width": "11em"}
        layout = widgets.Layout(width="min(36em, 100%)")
        self.sliders = {
            k: widgets.FloatSlider(
                value=getattr(budget, k), min=0.0, max=MAX_LEVER, step=0.1,
                description=f"{k.capitalize()} ($M/yr)", style=style, layout=layout,
                continuous_update=False, readout_format=".1f",
            )
            for k in LEVERS
        }
        self.horizon = widgets.IntSlider(
            value=int(years), min=1, max=MAX_HORIZON, step=1, description="Horizon (years)",
            style=style, layout=layout, continuous_update=False,
        )
        self._baseline_cache: dict[int, object] = {}
        self._build_figure()
        super().__init__(
            [*self.sliders.values(), self.horizon],
            caption=(
                "Model explorer (illustrative). Top: youth being exploited (E) and active "
                "traffickers (T) over the chosen horizon, with the zero-budget baseline dashed. Bottom: each outcome "
                "over the horizon as a percentage of the baseline (100 % = no change)."
            ),
        )

    # -- public API ---------------------------------------------------------
    @property
    def budget(self) -> Budget:
        """The budget the sliders show."""
        return Budget(**{k: s.value for k, s in self.sliders.items()})

    units = {k: "$M per year" for k in LEVERS}

    def named_controls(self) -> dict:
        """Levers by name, and ``years`` for the horizon (see :meth:`set`)."""
        return {**self.sliders, "years": self.horizon}

    # -- drawing ------------------------------------------------------------
    def _build_figure(self):
        # 7.2 in wide (fits the ~672 px text column at the book's 110 dpi without
        # shrinking): the two time panels on top, the outcome bars below.
        self.fig = new_figure(7.2, 5.6, dpi=80)
        # Text is a little wider at the book's 110 dpi than at 80 dpi: leave a margin.
        self.fig.get_layout_engine().set(w_pad=0.1, h_pad=0.06)
        grid = self.fig.add_gridspec(2, 2, height_ratios=[1, 0.9])
        ax_e, ax_t = self.fig.add_subplot(grid[0, 0]), self.fig.add_subplot(grid[0, 1])
        ax_o = self.fig.add_subplot(grid[1, :])
        self.axes = (ax_e, ax_t, ax_o)
        blk, blue = LEVER_COLORS["none"], LEVER_COLORS["mixed"]
        self.lines = {}
        for ax, st, title in ((ax_e, "E", "Being exploited (E)"), (ax_t, "T", "Active traffickers (T)")):
            (self.lines[st + "0"],) = ax.plot([], [], color=blk, linestyle="--", linewidth=1.6, label="no budget")
            (self.lines[st],) = ax.plot([], [], color=blue, linewidth=2.4, label="your budget")
            # The time axis spans the chosen horizon; backgrounds are cached per
            # horizon (background_key), so moving a lever never forces a full redraw.
            ax.set_xlim(0, self.horizon.value)
            ax.set_title(title, fontsize=11)
            ax.set_xlabel("Years", fontsize=10)
            ax.tick_params(labelsize=9)
            ax.grid(alpha=0.3)
        # Every lever lowers E and T from the zero-budget equilibrium where a run
        # starts, so the equilibrium bounds both curves and the y-axes never change.
        eq = equilibrium(self.params)
        ax_e.set_ylim(0, 1.15 * float(eq["E"][0]))
        ax_t.set_ylim(0, 1.15 * float(eq["T"][0]))
        ax_e.set_ylabel("People (illustrative)", fontsize=10)
        ax_e.legend(fontsize=9, loc="lower left")
        y = np.arange(len(OUTCOMES))
        self.bars = ax_o.barh(y, np.full(len(OUTCOMES), 100.0), color=blue, edgecolor="black", linewidth=0.6)
        ax_o.axvline(100, color=blk, linestyle="--", linewidth=1.2)
        ax_o.set_yticks(y, [OUTCOME_LABELS[k] for k in OUTCOMES], fontsize=9)
        ax_o.tick_params(axis="x", labelsize=9)
        ax_o.invert_yaxis()
        ax_o.set_xlim(0, 250)
        ax_o.set_xlabel("% of no-budget baseline (dashed line: 100 %, no change)", fontsize=10)
        ax_o.set_title("Outcomes over the horizon vs baseline", fontsize=11)
        self.bar_text = [ax_o.text(0, yi, "", va="center", fontsize=9) for yi in y]
        # White backing behind each label (so the dashed 100 % line never runs through
        # it): a plain rectangle as wide as the widest label, moved with the label.
        # A text bbox would be measured and drawn on every frame and cost more than
        # everything else in the frame together.
        self.fig.canvas.draw()
        widest = self.bar_text[0]
        widest.set_text(" 250%")
        ext = widest.get_window_extent().transformed(ax_o.transData.inverted())
        widest.set_text("")
        self.bar_backing = [Rectangle((0, yi - 0.22), ext.width, 0.44, facecolor="white", edgecolor="none", zorder=2.5)
                            for yi in y]
        for r in self.bar_backing:
            ax_o.add_patch(r)
        self.fig.suptitle(ILLUSTRATIVE, fontsize=9, x=0.99, ha="right", color="#444444")
        # Fix the layout once: later frames only move lines, bars and labels.
        self.fig.canvas.draw()
        self.fig.set_layout_engine("none")
        self.animated = [self.lines[k] for k in ("E0", "E", "T0", "T")]
        self.animated += list(self.bars) + self.bar_backing + self.bar_text

    def background_key(self):
        """The horizon: the time axes span it, so each horizon has its own background."""
        return int(self.horizon.value)

    def _baseline(self, years: int):
        if years not in self._baseline_cache:
            self._baseline_cache[years] = self._simulate(Budget(), self.params, float(years), 0.1)
        return self._baseline_cache[years]

    def draw(self) -> str:
        years = int(self.horizon.value)
        budget = self.budget
        base = self._baseline(years)
        run = self._simulate(budget, self.params, float(years), 0.1)
        self.result = run
        for st, ax in (("E", self.axes[0]), ("T", self.axes[1])):
            self.lines[st + "0"].set_data(base.t, getattr(base, st))
            self.lines[st].set_data(run.t, getattr(run, st))
            ax.set_xlim(0, years)
        pct = {}
        for bar, txt, backing, k in zip(self.bars, self.bar_text, self.bar_backing, OUTCOMES):
            b = getattr(base, k)
            p = 100.0 * getattr(run, k) / b if b > 0 else 100.0
            pct[k] = p
            bar.set_width(min(p, 250.0))
            txt.set_x(min(p, 250.0))
            backing.set_x(min(p, 250.0))
            txt.set_text(f" {p:.0f}%")
        spent = budget.total
        e_end, e0 = float(run.E[-1]), float(base.E[-1])
        return (
            f"Illustrative model over {years} years with {spent:.1f} $M per year "
            f"({', '.join(f'{k} {getattr(budget, k):.1f}' for k in LEVERS)}). "
            f"Youth being exploited at the end: {e_end:.0f} against {e0:.0f} with no budget. "
            + "Outcomes as a percentage of the no-budget baseline: "
            + "; ".join(f"{OUTCOME_LABELS[k].lower()} {pct[k]:.0f}%" for k in OUTCOMES)
            + "."
        )

    def status_text(self) -> str:
        r = self.result
        return (
            f"Spending {self.budget.total:.1f} $M per year. Over {self.horizon.value} years: "
            f"{r.first_time_exploitations:.0f} first-time exploitations, {r.identifications:.0f} identifications, "
            f"{r.child_years_exploited:.0f} child-years of exploitation (illustrative)."
        )
