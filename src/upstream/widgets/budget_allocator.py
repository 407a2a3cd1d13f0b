"""Lesson 5's budget allocator: split a fixed total across the four levers.

Controls: the total ($M per year), the shares of prevention, identification and
aftercare (in 5 % steps; prosecution gets the remainder, so the total stays
fixed), and a set of central assumptions. A split whose shares add to more than
100 % is refused with a message.

Top: each outcome as a percentage of the zero-budget baseline at the central
assumptions (bars), with the 5-95 % range over Monte-Carlo parameter draws
(whiskers). Bottom: child-years of exploitation over every split with the
prosecution share fixed at its current value (a heat map from one vectorised
sweep of the whole budget simplex), the current split and the best split on
that slice marked.

Caching: the sweep is recomputed only when the total or the assumptions change,
the parameter draws only when the assumptions change, the baseline and even
split draws only when their inputs change; a change of shares costs one model
call of ``n_draws`` scenarios.
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from matplotlib import colormaps
from matplotlib.lines import Line2D

from .base import FigureExplorer, check_start_value
from ..models.allocation import (
    ASSUMPTION_SETS,
    draw_parameters,
    lever_slice,
    relative_bands,
    run_draws,
    split_budget,
)
from ..models.population import LEVERS, OUTCOMES, budget_grid, simulate_many
from ..figures.style import ILLUSTRATIVE, LEVER_COLORS, OUTCOME_LABELS, new_figure

__all__ = ["BudgetAllocator"]

SHARE_STEP = 5  # per cent
TOTAL_MIN, TOTAL_MAX, TOTAL_STEP = 0.5, 6.0, 0.5
X_MAX = 300.0  # % of baseline shown on the outcome axis
#: RK4 step (years) of the Monte-Carlo runs: paired runs share it; outcomes differ
#: from a 0.1-year step by far less than the plotted precision (a test checks it).
MC_DT = 0.2


class BudgetAllocator(FigureExplorer):
    """Split a fixed yearly budget across prevention, identification, aftercare, prosecution.

    Parameters
    ----------
    total : float
        Starting total in $M per year, in [0.5, 6] (steps of 0.5).
    shares : dict, optional
        Starting shares in % for ``prevention``, ``identification``, ``aftercare``
        (multiples of 5, adding to at most 100); prosecution gets the rest.
        Default: 25 % each.
    assumptions : str
        A key of :data:`upstream.allocation.ASSUMPTION_SETS`.
    years : float
        Horizon in years, in (0, 30].
    n_draws : int
        Monte-Carlo parameter draws for the uncertainty whiskers, in [20, 2000].
    seed : int
        Seed of the draws.
    simulate_fn : callable
        ``simulate_many(budgets, params, years)``; tests pass a spy.
    """

    def __init__(self, total: float = 2.0, shares: dict | None = None,
                 assumptions: str = "central (model defaults)", years: float = 10.0,
                 n_draws: int = 200, seed: int = 2024, simulate_fn=simulate_many):
        if shares is not None and not isinstance(shares, dict):
            raise TypeError(f"shares must be a dict of percentages such as {{'prevention': 25}}; got {shares!r}")
        shares = dict(shares or {"prevention": 25, "identification": 25, "aftercare": 25})
        unknown = sorted(set(shares) - {"prevention", "identification", "aftercare"})
        if unknown:
            raise ValueError(f"shares keys must be among prevention, identification, aftercare (prosecution "
                             f"gets the rest); got {unknown[0]!r}")
        # numbers only (TypeError for str, bool, None), before any arithmetic
        check_start_value("total", total, TOTAL_MIN, TOTAL_MAX, "$M per year")
        for k, v in shares.items():
            check_start_value(f"{k} share", v, 0, 100, "%")
        check_start_value("years", years, 0, 30, "years")
        check_start_value("n_draws", n_draws, 20, 2000, whole=True)
        check_start_value("seed", seed, 0, 2**32 - 1, whole=True)
        if not TOTAL_MIN <= float(total) <= TOTAL_MAX or abs(total / TOTAL_STEP - round(total / TOTAL_STEP)) > 1e-9:
            raise ValueError(f"total must be in the range [{TOTAL_MIN:g}, {TOTAL_MAX:g}] $M per year in steps of "
                             f"{TOTAL_STEP:g}; got {total!r}")
        for k in ("prevention", "identification", "aftercare"):
            v = shares.get(k, 0)
            if not 0 <= v <= 100 or v % SHARE_STEP:
                raise ValueError(f"{k} share must be a multiple of {SHARE_STEP} in the range [0, 100] %; got {v!r}")
        split_budget(total, *(shares.get(k, 0) / 100 for k in ("prevention", "identification", "aftercare")))
        if assumptions not in ASSUMPTION_SETS:
            raise ValueError(f"assumptions must be one of {list(ASSUMPTION_SETS)}; got {assumptions!r}")
        if not 0 < float(years) <= 30:
            raise ValueError(f"years must be in the range (0, 30]; got {years!r}")
        if isinstance(n_draws, bool) or not isinstance(n_draws, (int, np.integer)) or not 20 <= n_draws <= 2000:
            raise ValueError(f"n_draws must be a whole number in the range [20, 2000]; got {n_draws!r}")
        self.years = float(years)
        self.n_draws = int(n_draws)
        self.seed = seed
        self._simulate = simulate_fn
        self._sweeps: dict = {}
        self._draws: dict = {}
        self._baseline_draws: dict = {}
        self._even_draws: dict = {}
        style = {"description_width": "13em"}
        layout = widgets.Layout(width="min(36em, 100%)")
        self.total = widgets.FloatSlider(
            value=float(total), min=TOTAL_MIN, max=TOTAL_MAX, step=TOTAL_STEP, description="Total ($M/yr)",
            style=style, layout=layout, continuous_update=False, readout_format=".1f",
        )
        self.shares = {
            k: widgets.IntSlider(
                value=int(shares.get(k, 0)), min=0, max=100, step=SHARE_STEP, description=f"{k.capitalize()} (%)",
                style=style, layout=layout, continuous_update=False,
            )
            for k in ("prevention", "identification", "aftercare")
        }
        self.remainder = widgets.HTML(value="")
        self.assumptions = widgets.Dropdown(
            options=list(ASSUMPTION_SETS), value=assumptions, description="Assumptions",
            style=style, layout=layout,
        )
        self._build_figure()
        super().__init__(
            [self.total, *self.shares.values(), self.remainder, self.assumptions],
            caption=(
                "Budget allocator (illustrative model). Top: each outcome over the horizon as a percentage of "
                "the no-budget baseline for the chosen split; bars at the central assumptions, whiskers the "
                "5-95 % range over random draws of the uncertain parameters. Bottom: child-years of exploitation "
                "for every split with prosecution's share held at its current value and aftercare taking the "
                "remainder (darker is fewer); the "
                "circle is the chosen split, the star the best split on this slice."
            ),
        )

    # -- public API -----------------------------------------------------------
    @property
    def budget(self) -> np.ndarray:
        """The chosen split in $M per year (:data:`LEVERS` order); ValueError if shares exceed 100 %."""
        return split_budget(self.total.value, *(self.shares[k].value / 100 for k in self.shares))

    units = {"total": "$M per year", "prevention": "%", "identification": "%", "aftercare": "%"}

    def named_controls(self) -> dict:
        """total, the three shares in % (prosecution gets the rest) and assumptions (see :meth:`set`)."""
        return {"total": self.total, **self.shares, "assumptions": self.assumptions}

    def check_values(self, values: dict) -> None:
        super().check_values(values)
        for k in self.shares:
            if k in values and values[k] % SHARE_STEP:
                raise ValueError(f"{k} share must be a multiple of {SHARE_STEP} in the range [0, 100] %; "
                                 f"got {values[k]!r}")
        shares = {k: values.get(k, s.value) for k, s in self.shares.items()}
        split_budget(values.get("total", self.total.value), *(shares[k] / 100 for k in self.shares))

    # -- cached computations --------------------------------------------------------
    def _key(self):
        return (round(float(self.total.value), 6), self.assumptions.value)

    def _sweep(self):
        """All splits of the total in 5 % steps, every outcome at the central assumptions."""
        key = self._key()
        if key not in self._sweeps:
            total = key[0]
            grid = budget_grid(total, total * SHARE_STEP / 100)
            rows = np.vstack([np.zeros((1, 4)), grid])
            res = self._simulate(rows, ASSUMPTION_SETS[key[1]], self.years)
            out = {o: np.asarray(getattr(res, o), dtype=float) for o in OUTCOMES}
            self._sweeps[key] = (grid, {o: v[1:] for o, v in out.items()}, {o: v[0] for o, v in out.items()})
        return self._sweeps[key]

    def _draws_for(self, name):
        if name not in self._draws:
            self._draws[name] = draw_parameters(self.n_draws, self.seed, central=ASSUMPTION_SETS[name])
            self._baseline_draws[name] = run_draws(np.zeros(4), self._draws[name], self.years, self._simulate, MC_DT)
        return self._draws[name], self._baseline_draws[name]

    def _even_for(self):
        key = self._key()
        if key not in self._even_draws:
            draws, _ = self._draws_for(key[1])
            self._even_draws[key] = run_draws(np.full(4, key[0] / 4), draws, self.years, self._simulate, MC_DT)
        return self._even_draws[key]

    # -- drawing ----------------------------------------------------------------------
    def _build_figure(self):
        # 7.2 in wide (fits the book's text column without shrinking): outcomes on
        # top, the heat map of every split below.
        self.fig = new_figure(7.2, 7.4, dpi=80)
        self.fig.get_layout_engine().set(w_pad=0.1, h_pad=0.08)
        ax_o, ax_m = self.fig.subplots(2, 1, height_ratios=[0.8, 1])
        self.axes = (ax_o, ax_m)
        blue, blk = LEVER_COLORS["mixed"], LEVER_COLORS["none"]
        y = np.arange(len(OUTCOMES))
        self.bars = ax_o.barh(y, np.full(len(OUTCOMES), 100.0), height=0.55, color=blue, edgecolor="black",
                              linewidth=0.6, label="your split (central)")
        self.whiskers = [
            ax_o.plot([90, 110], [yi, yi], color=blk, linewidth=1.8, marker="|", markersize=12,
                      label="5-95 % of draws" if yi == 0 else None)[0]
            for yi in y
        ]
        self.bar_text = [ax_o.text(0, yi, "", va="center", fontsize=9) for yi in y]
        ax_o.axvline(100, color=blk, linestyle="--", linewidth=1.2)
        ax_o.set_yticks(y, [OUTCOME_LABELS[k] for k in OUTCOMES], fontsize=9)
        ax_o.tick_params(axis="x", labelsize=9)
        ax_o.invert_yaxis()
        ax_o.set_xlim(0, X_MAX)
        ax_o.set_xlabel("% of no-budget baseline (100 = no change)", fontsize=10)
        ax_o.set_title("Outcomes against no new spending", fontsize=11)
        ax_o.grid(axis="x", alpha=0.3)
        ax_o.legend(handles=[self.bars, self.whiskers[0]], fontsize=9, loc="lower right")
        levels = np.arange(0, 101, SHARE_STEP)
        half = SHARE_STEP / 2
        self.heat = ax_m.imshow(
            np.full((levels.size, levels.size), np.nan), origin="lower", cmap=colormaps["viridis"].with_extremes(bad="white"), aspect="auto",
            extent=(-half, 100 + half, -half, 100 + half), interpolation="nearest",
        )
        self.cbar = self.fig.colorbar(self.heat, ax=ax_m, fraction=0.06, pad=0.02, extend="max")
        self.cbar.set_label("Child-years of exploitation", fontsize=10)
        self.cbar.ax.tick_params(labelsize=9)
        (self.current_marker,) = ax_m.plot([], [], linestyle="none", marker="o", markersize=11,
                                           markerfacecolor="none", markeredgecolor="white", markeredgewidth=2.5)
        (self.current_ring,) = ax_m.plot([], [], linestyle="none", marker="o", markersize=14,
                                         markerfacecolor="none", markeredgecolor="black", markeredgewidth=1.2)
        (self.best_marker,) = ax_m.plot([], [], linestyle="none", marker="*", markersize=15,
                                        markerfacecolor=LEVER_COLORS["identification"], markeredgecolor="black")
        ax_m.set_title("Child-years of exploitation over all splits, prosecution held at your share", fontsize=11)
        ax_m.set_xlim(-half, 100 + half)
        ax_m.set_ylim(-half, 100 + half)
        ax_m.set_xlabel("Prevention share (%)", fontsize=10)
        ax_m.set_ylabel("Identification share (%)", fontsize=10)
        ax_m.tick_params(labelsize=9)
        ax_m.text(0.97, 0.97, "with prosecution fixed,\naftercare takes the remainder", transform=ax_m.transAxes,
                  ha="right", va="top", fontsize=9,
                  bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"})
        ax_m.legend(handles=[Line2D([], [], linestyle="none", marker="o", markerfacecolor="none",
                                    markeredgecolor="black", markersize=9, label="your split"),
                             Line2D([], [], linestyle="none", marker="*", markersize=11,
                                    markerfacecolor=LEVER_COLORS["identification"], markeredgecolor="black",
                                    label="best on this slice")],
                    fontsize=9, loc="upper right", bbox_to_anchor=(1.0, 0.86))  # the empty corner
        self.fig.suptitle(ILLUSTRATIVE, fontsize=9, x=0.99, ha="right", color="#444444")
        self.fig.canvas.draw()
        self.fig.set_layout_engine("none")
        self.animated = [*self.bars, *self.whiskers, *self.bar_text, self.heat, self.current_marker,
                         self.current_ring, self.best_marker]

    def background_key(self):
        return self._key()

    def draw(self) -> str:
        row = self.budget  # ValueError (shown to the learner) if the shares exceed 100 %
        total, name = self._key()
        grid, central, base_central = self._sweep()
        draws, base_draws = self._draws_for(name)
        even = self._even_for()
        mine = run_draws(row, draws, self.years, self._simulate, MC_DT)
        bands = relative_bands(mine, base_draws)
        idx = int(np.argmin(np.abs(grid - row).sum(axis=1)))
        pct = {o: (100.0 * central[o][idx] / base_central[o] if base_central[o] > 0 else 100.0) for o in OUTCOMES}
        for i, o in enumerate(OUTCOMES):
            lo, _, hi = bands[o][0]
            self.bars[i].set_width(min(pct[o], X_MAX))
            self.whiskers[i].set_xdata([min(lo, X_MAX), min(hi, X_MAX)])
            self.bar_text[i].set_x(min(max(pct[o], hi), X_MAX - 75) + 4)
            self.bar_text[i].set_text(f"{pct[o]:.0f}%")
        # heat map: prosecution fixed at its current amount
        levels, z = lever_slice(grid, central["child_years_exploited"], "prosecution", row[3],
                                "prevention", "identification")
        self.heat.set_data(z)
        cy = central["child_years_exploited"]
        # colour scale fixed per total and assumptions; the worst tenth of splits share the top colour
        self.heat.set_clim(float(cy.min()), float(np.quantile(cy, 0.9)))
        shares = 100.0 * row / total
        self.current_marker.set_data([shares[0]], [shares[1]])
        self.current_ring.set_data([shares[0]], [shares[1]])
        iy, ix = np.unravel_index(np.nanargmin(z), z.shape)
        best_slice = (100.0 * levels[ix] / total, 100.0 * levels[iy] / total)
        self.best_marker.set_data([best_slice[0]], [best_slice[1]])
        # robustness against the even split, paired by draw
        cy_mine = mine["child_years_exploited"][0]
        cy_even = even["child_years_exploited"][0]
        self.beats_even = float(np.mean(cy_mine < cy_even - 1e-9))
        self.ties_even = bool(np.allclose(row, total / 4))
        ib = int(np.argmin(cy))
        self.best_overall = grid[ib]
        self.result = {"percent": pct, "bands": {o: bands[o][0] for o in OUTCOMES},
                       "best_overall": grid[ib], "best_slice_shares": best_slice}
        self._row = row
        lo, _, hi = bands["child_years_exploited"][0]
        return (
            f"Illustrative model over {self.years:g} years, total {total:g} $M per year split "
            + ", ".join(f"{k} {s:.0f}%" for k, s in zip(LEVERS, shares))
            + f", assumptions: {name}. Outcomes as a percentage of no new spending (central value, then the 5 to 95 % "
            "range over parameter draws): "
            + "; ".join(f"{OUTCOME_LABELS[o].lower()} {pct[o]:.0f}% ({bands[o][0][0]:.0f} to {bands[o][0][2]:.0f})"
                        for o in OUTCOMES)
            + f". Heat map of child-years with prosecution at {shares[3]:.0f}%: the best split on that slice is "
            f"prevention {best_slice[0]:.0f}% and identification {best_slice[1]:.0f}%. "
            f"Child-years for your split: {pct['child_years_exploited']:.0f}% of baseline ({lo:.0f} to {hi:.0f})."
        )

    def status_text(self) -> str:
        total = self.total.value
        shares = 100.0 * self._row / total
        best = 100.0 * self.best_overall / total
        lo, _, hi = self.result["bands"]["child_years_exploited"]
        even = ("this is the even split" if self.ties_even else
                f"it gives fewer child-years than the even split in {100 * self.beats_even:.0f}% of "
                f"{self.n_draws} draws")
        return (
            f"Prosecution gets the rest: {shares[3]:.0f}% ({self._row[3]:.2f} $M/yr). Child-years of exploitation: "
            f"{self.result['percent']['child_years_exploited']:.0f}% of the no-budget level at central assumptions "
            f"({lo:.0f}-{hi:.0f}% over draws); {even}. Best split on the 5% grid at these assumptions: "
            + ", ".join(f"{k} {b:.0f}%" for k, b in zip(LEVERS, best))
            + ". Illustrative model."
        )

    def refresh(self):
        # keep the remainder readout in step with the sliders, valid or not
        used = sum(s.value for s in self.shares.values())
        if used <= 100:
            self.remainder.value = f"<span>Prosecution gets the rest: <b>{100 - used}%</b> of the total.</span>"
        else:
            self.remainder.value = (f"<span>The three shares add to <b>{used}%</b>: nothing is left for "
                                    "prosecution and the split exceeds the total.</span>")
        super().refresh()
