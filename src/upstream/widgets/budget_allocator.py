"""Lesson 5's budget allocator: split a fixed total across the four levers.

Controls: the total ($M per year), the shares of prevention, identification and
aftercare (in 5 % steps; prosecution gets the remainder, so the total stays
fixed), and a set of central assumptions. A split whose shares add to more than
100 % is refused with a message, and a slider moved there goes back.

Top: each outcome as a percentage of the zero-budget baseline at the central
assumptions (bars), with the 5-95 % range over Monte-Carlo parameter draws
(whiskers). Bottom: child-years of exploitation over every split with the
prosecution share fixed at its current value (a heat map from one vectorised
sweep of the whole budget simplex), the current split and the best split on
that slice marked.

Caching: the sweep is recomputed only when the total or the assumptions change,
the parameter draws only when the assumptions change, the baseline and even
split draws only when their inputs change; a change of shares costs one model
call of ``n_draws`` scenarios. The heat map of a slice drawn before (the same
values and colour limits) is put back from its pixels instead of drawn again
(:meth:`BudgetAllocator.layer_key`).
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from ..figures.budget import ALLOCATOR_TEXT, allocator_figure
from ..figures.style import ILLUSTRATIVE, LEVER_COLORS, OUTCOME_LABELS, colormap_hex
from ..models.allocation import (
    _FRACTION_FIELDS,
    ASSUMPTION_SETS,
    PARAMETER_RANGES,
    draw_parameters,
    lever_slice,
    relative_bands,
    run_draws,
    split_budget,
)
from ..models.population import LEVERS, OUTCOMES, budget_grid, simulate_many
from .base import FigureExplorer, check_start_value

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

    caption = (
        f"Budget allocator. {ILLUSTRATIVE} Top: each outcome over the horizon as a percentage of "
        "the no-budget baseline for the chosen split; bars at the central assumptions, whiskers the "
        "5-95 % range over random draws of the uncertain parameters. Bottom: child-years of exploitation "
        "for every split with prosecution's share held at its current value and aftercare taking the "
        "remainder (darker is fewer); the "
        "circle is the chosen split, the star the best split on this slice."
    )

    def __init__(
        self,
        total: float = 2.0,
        shares: dict | None = None,
        assumptions: str = "central (model defaults)",
        years: float = 10.0,
        n_draws: int = 200,
        seed: int = 2024,
        simulate_fn=simulate_many,
    ):
        if shares is not None and not isinstance(shares, dict):
            raise TypeError(f"shares must be a dict of percentages such as {{'prevention': 25}}; got {shares!r}")
        shares = dict(shares or {"prevention": 25, "identification": 25, "aftercare": 25})
        unknown = sorted(set(shares) - {"prevention", "identification", "aftercare"})
        if unknown:
            raise ValueError(
                f"shares keys must be among prevention, identification, aftercare (prosecution "
                f"gets the rest); got {unknown[0]!r}"
            )
        # numbers only (TypeError for str, bool, None), before any arithmetic
        check_start_value("total", total, TOTAL_MIN, TOTAL_MAX, "$M per year")
        for k, v in shares.items():
            check_start_value(f"{k} share", v, 0, 100, "%")
        check_start_value("years", years, 0, 30, "years")
        check_start_value("n_draws", n_draws, 20, 2000, whole=True)
        check_start_value("seed", seed, 0, 2**32 - 1, whole=True)
        if not TOTAL_MIN <= float(total) <= TOTAL_MAX or abs(total / TOTAL_STEP - round(total / TOTAL_STEP)) > 1e-9:
            raise ValueError(
                f"total must be in the range [{TOTAL_MIN:g}, {TOTAL_MAX:g}] $M per year in steps of "
                f"{TOTAL_STEP:g}; got {total!r}"
            )
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
            value=float(total),
            min=TOTAL_MIN,
            max=TOTAL_MAX,
            step=TOTAL_STEP,
            description="Total ($M/yr)",
            style=style,
            layout=layout,
            continuous_update=False,
            readout_format=".1f",
        )
        self.shares = {
            k: widgets.IntSlider(
                value=int(shares.get(k, 0)),
                min=0,
                max=100,
                step=SHARE_STEP,
                description=f"{k.capitalize()} (%)",
                style=style,
                layout=layout,
                continuous_update=False,
            )
            for k in ("prevention", "identification", "aftercare")
        }
        self.remainder = widgets.HTML(value="")
        self.assumptions = widgets.Dropdown(
            options=list(ASSUMPTION_SETS),
            value=assumptions,
            description="Assumptions",
            style=style,
            layout=layout,
        )
        self._build_figure()
        super().__init__([self.total, *self.shares.values(), self.remainder, self.assumptions])

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
                raise ValueError(
                    f"{k} share must be a multiple of {SHARE_STEP} in the range [0, 100] %; got {values[k]!r}"
                )
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
        self.adopt(allocator_figure(share_step=SHARE_STEP, x_max=X_MAX))

    def _place_label(self, i: int, bar_end: float, whisker_end: float) -> None:
        """Put bar ``i``'s percentage where it touches no whisker, cap, bar or the 100 % line.

        Measured in pixels: just right of the bar or its whisker, whichever ends
        later (and past the dashed 100 % line if it would straddle it); where
        that runs off the axes, above the whisker, in the gap between the rows.
        """
        ax = self.axes[0]
        text = self.bar_text[i]
        renderer = self.fig.canvas.get_renderer()
        to_px, to_data = ax.transData.transform, ax.transData.inverted().transform
        text.set_position((0, i))
        text.set_horizontalalignment("left")
        width = text.get_window_extent(renderer).width
        gap = 8 * self.fig.dpi / 72  # past the whisker cap (half its width) with room to spare
        x_px = to_px((max(bar_end, whisker_end), i))[0] + gap
        line_px = to_px((100, i))[0]
        if x_px - gap / 2 <= line_px <= x_px + width + gap / 2:
            x_px = line_px + gap
        if x_px + width <= ax.bbox.x1 - 2:
            text.set_position((to_data((x_px, 0))[0], i))
            text.set_verticalalignment("center")
            return
        # no room on the right: above the whisker, right-aligned inside the axes
        right_px = min(to_px((bar_end, i))[0], ax.bbox.x1 - 2)
        text.set_horizontalalignment("right")
        text.set_verticalalignment("center")
        text.set_position((to_data((right_px, 0))[0], i - 0.5))

    def background_key(self):
        return self._key()

    def layer_key(self, artist):
        # the heat map of a slice drawn before (same values, same colour limits) is put back, not redrawn
        return self._heat_look if artist is self.heat else None

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
            self.bar_text[i].set_text(self.TEXT["bar_value"].format(pct=pct[o]))
            self._place_label(i, min(pct[o], X_MAX), min(hi, X_MAX))
        # heat map: prosecution fixed at its current amount
        levels, z = lever_slice(
            grid, central["child_years_exploited"], "prosecution", row[3], "prevention", "identification"
        )
        self.heat.set_data(z)
        cy = central["child_years_exploited"]
        # colour scale fixed per total and assumptions; the worst tenth of splits share the top colour
        clim = (float(cy.min()), float(np.quantile(cy, 0.9)))
        self.heat.set_clim(*clim)
        self._heat_look = (z.tobytes(), clim)  # everything the heat map's pixels depend on
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
        self.result = {
            "percent": pct,
            "bands": {o: bands[o][0] for o in OUTCOMES},
            "best_overall": grid[ib],
            "best_slice_shares": best_slice,
        }
        self._row = row
        lo, _, hi = bands["child_years_exploited"][0]
        T = self.TEXT
        share_text = T["share_sep"].join(T["share_item"].format(name=k, share=sh) for k, sh in zip(LEVERS, shares))
        outcomes = T["outcome_sep"].join(
            T["outcome_item"].format(label=OUTCOME_LABELS[o].lower(), pct=pct[o], lo=bands[o][0][0], hi=bands[o][0][2])
            for o in OUTCOMES
        )
        return T["alt"].format(
            years=self.years,
            total=total,
            shares=share_text,
            name=name,
            outcomes=outcomes,
            pros_share=shares[3],
            best_x=best_slice[0],
            best_y=best_slice[1],
            cy_pct=pct["child_years_exploited"],
            lo=lo,
            hi=hi,
        )

    def status_text(self) -> str:
        total = self.total.value
        shares = 100.0 * self._row / total
        best = 100.0 * self.best_overall / total
        lo, _, hi = self.result["bands"]["child_years_exploited"]
        T = self.TEXT
        even = (
            T["even_tie"]
            if self.ties_even
            else T["even_beats"].format(beats_pct=100 * self.beats_even, n_draws=self.n_draws)
        )
        best_text = T["share_sep"].join(T["share_item"].format(name=k, share=b) for k, b in zip(LEVERS, best))
        return T["status"].format(
            pros_share=shares[3],
            pros_amount=self._row[3],
            cy_pct=self.result["percent"]["child_years_exploited"],
            lo=lo,
            hi=hi,
            even=even,
            best=best_text,
        )

    explorer_name = "allocator"
    #: the explorer's sentences and labels (``str.format``), shared with the book's in-page explorer
    TEXT = {
        "alt": (
            "Illustrative model over {years:g} years, total {total:g} $M per year split {shares}, assumptions: "
            "{name}. Outcomes as a percentage of no new spending (central value, then the 5 to 95 % range over "
            "parameter draws): {outcomes}. Heat map of child-years with prosecution at {pros_share:.0f}%: the best "
            "split on that slice is prevention {best_x:.0f}% and identification {best_y:.0f}%. Child-years for "
            "your split: {cy_pct:.0f}% of baseline ({lo:.0f} to {hi:.0f}). " + ILLUSTRATIVE
        ),
        "share_item": "{name} {share:.0f}%",
        "share_sep": ", ",
        "outcome_item": "{label} {pct:.0f}% ({lo:.0f} to {hi:.0f})",
        "outcome_sep": "; ",
        "status": (
            "Prosecution gets the rest: {pros_share:.0f}% ({pros_amount:.2f} $M/yr). Child-years of exploitation: "
            "{cy_pct:.0f}% of the no-budget level at central assumptions ({lo:.0f}-{hi:.0f}% over draws); {even}. "
            "Best split on the 5% grid at these assumptions: {best}. "
            + ILLUSTRATIVE
            + " Mixed splits do well here because every lever shares one diminishing-returns curve."
        ),
        "share_refused": "Not changed: {err}. The {name} slider went back to {old}%.",
        "even_tie": "this is the even split",
        "even_beats": "it gives fewer child-years than the even split in {beats_pct:.0f}% of {n_draws} draws",
        "remainder": "Prosecution gets the rest: {rest}% of the total.",
        "remainder_over": (
            "The three shares add to {used}%: nothing is left for prosecution and the split exceeds the total."
        ),
        "bar_value": "{pct:.0f}%",
        **ALLOCATOR_TEXT,
        "chart": "Budget allocator chart",
    }

    def js_config(self) -> dict:
        """Controls and texts (see the base class) and everything the page's model runs need.

        The parameter draws are sent as the uniform factors the seeded generator
        gives (the same numbers :func:`upstream.allocation.draw_parameters` multiplies
        by each central value), so the page's uncertainty band is Python's, draw for draw.
        """
        rng = np.random.default_rng(self.seed)
        factors = {name: rng.uniform(lo, hi, size=self.n_draws).tolist() for name, (lo, hi) in PARAMETER_RANGES.items()}
        return {
            **super().js_config(),
            "years": self.years,
            "n_draws": self.n_draws,
            "seed": self.seed,
            "mc_dt": MC_DT,
            "share_step": SHARE_STEP,
            "x_max": X_MAX,
            "levers": list(LEVERS),
            "outcomes": list(OUTCOMES),
            "outcome_labels": [OUTCOME_LABELS[o] for o in OUTCOMES],
            "outcome_labels_lower": [OUTCOME_LABELS[o].lower() for o in OUTCOMES],
            "assumption_sets": {
                k: {f: float(v) for f, v in prm.as_dict().items()} for k, prm in ASSUMPTION_SETS.items()
            },
            "draw_factors": factors,
            "fraction_fields": list(_FRACTION_FIELDS),
            "colors": dict(LEVER_COLORS),
            "viridis": colormap_hex("viridis"),
        }

    def _on_change(self, change):
        """A slider move that makes the shares exceed 100 % is refused: the slider goes
        back to where it was, so the sliders, the figure and the numbers always agree."""
        if self._batching or getattr(self, "_reverting", False):
            return
        if change["owner"] in self.shares.values():
            try:
                split_budget(self.total.value, *(s.value / 100 for s in self.shares.values()))
            except ValueError as err:
                self._reverting = True
                try:
                    change["owner"].value = change["old"]
                finally:
                    self._reverting = False
                name = next(k for k, s in self.shares.items() if s is change["owner"])
                self.show_message(self.TEXT["share_refused"].format(err=err, name=name, old=change["old"]), error=True)
                return
        self.refresh()

    def refresh(self):
        # keep the remainder readout in step with the sliders, valid or not
        used = sum(s.value for s in self.shares.values())
        if used <= 100:
            text = self.TEXT["remainder"].format(rest=100 - used)
        else:
            text = self.TEXT["remainder_over"].format(used=used)
        self.remainder.value = f"<span>{html.escape(text)}</span>"
        super().refresh()
