"""Lesson 4's model explorer: a slider per budget lever and the horizon."""

from __future__ import annotations

from ..figures.population import RATIO_MAX, model_explorer_figure, set_outcome_ratios
from ..figures.style import ILLUSTRATIVE, LEVER_COLORS, OUTCOME_LABELS
from ..models.population import LEVERS, OUTCOMES, Budget, Parameters, equilibrium, simulate
from .base import FigureExplorer, check_start_value, slider

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

    caption = (
        f"Model explorer. {ILLUSTRATIVE} Top: youth being exploited (E) and active "
        "traffickers (T) over the chosen horizon, with the zero-budget baseline dashed. Bottom: each outcome "
        "over the horizon as a percentage of the baseline (100 % = no change). Prosecution's effect rests "
        "on the model's choice that recruitment grows with the number of traffickers and nobody replaces "
        "those convicted; the revolving door on the choice that identified children are exploited again "
        "at the same rate as others."
    )

    def __init__(
        self, budget: Budget | None = None, years: int = 10, params: Parameters | None = None, simulate_fn=simulate
    ):
        budget = Budget() if budget is None else budget
        if not isinstance(budget, Budget):
            raise TypeError(
                f"budget must be a Budget, e.g. Budget(prevention=1.0); got {budget!r} ({type(budget).__name__})"
            )
        if params is not None and not isinstance(params, Parameters):
            raise TypeError(f"params must be a Parameters instance; got {type(params).__name__}")
        # the sliders' own limits and messages (as for a change made later)
        for k in LEVERS:
            check_start_value(k, getattr(budget, k), 0.0, MAX_LEVER, "$M per year")
        years = check_start_value("years", years, 1, MAX_HORIZON, "years", whole=True)
        self.params = params or Parameters()
        self._simulate = simulate_fn
        self.sliders = {
            k: slider(
                f"{k.capitalize()} ($M/yr)", getattr(budget, k), 0.0, MAX_LEVER, 0.1, fmt=".1f", label_width="11em"
            )
            for k in LEVERS
        }
        self.horizon = slider("Horizon (years)", years, 1, MAX_HORIZON, 1, label_width="11em")
        self._baseline_cache: dict[int, object] = {}
        self._build_figure()
        super().__init__([*self.sliders.values(), self.horizon])

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
        # Every lever lowers E and T from the zero-budget equilibrium where a run
        # starts, so the equilibrium bounds both curves and the y-axes never change.
        eq = equilibrium(self.params)
        self.fig, self.lines, self.bars, self.bar_text = model_explorer_figure(
            1.15 * float(eq["E"][0]), 1.15 * float(eq["T"][0]), self.horizon.value
        )
        self.axes = (self.lines["E"].axes, self.lines["T"].axes, self.bars[0].axes)
        # Fix the layout once: later frames only move lines, bars and labels. The time
        # axes span the chosen horizon; backgrounds are cached per horizon
        # (background_key), so moving a lever never forces a full redraw.
        self.fig.canvas.draw()
        self.fig.set_layout_engine("none")
        self.animated = [self.lines[k] for k in ("E0", "E", "T0", "T")]
        self.animated += list(self.bars) + self.bar_text

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
        pct = set_outcome_ratios(self.bars, self.bar_text, base, run)
        spent = budget.total
        e_end, e0 = float(run.E[-1]), float(base.E[-1])
        T = self.TEXT
        levers = T["lever_sep"].join(T["lever_item"].format(name=k, value=getattr(budget, k)) for k in LEVERS)
        outcomes = T["outcome_sep"].join(
            T["outcome_item"].format(label=OUTCOME_LABELS[k].lower(), pct=pct[k]) for k in OUTCOMES
        )
        return T["alt"].format(years=years, spent=spent, levers=levers, e_end=e_end, e0=e0, outcomes=outcomes)

    def status_text(self) -> str:
        r = self.result
        return self.TEXT["status"].format(spent=self.budget.total, years=self.horizon.value, **r.outcomes())

    explorer_name = "model"
    #: the explorer's sentences and labels (``str.format``), shared with the book's in-page explorer
    TEXT = {
        "alt": (
            "Illustrative model over {years} years with {spent:.1f} $M per year ({levers}). "
            "Youth being exploited at the end: {e_end:.0f} against {e0:.0f} with no budget. "
            "Outcomes as a percentage of the no-budget baseline: {outcomes}. " + ILLUSTRATIVE
        ),
        "lever_item": "{name} {value:.1f}",
        "lever_sep": ", ",
        "outcome_item": "{label} {pct:.0f}%",
        "outcome_sep": "; ",
        "status": (
            "Spending {spent:.1f} $M per year. Over {years} years: "
            "{first_time_exploitations:.0f} first-time exploitations, {identifications:.0f} identifications, "
            "{child_years_exploited:.0f} child-years of exploitation. " + ILLUSTRATIVE
        ),
        "bar_value": " {pct:.0f}%",
        "titles": {"E": "Being exploited (E)", "T": "Active traffickers (T)"},
        "x_label": "Years",
        "y_label": "People (illustrative)",
        "legend": ["no budget", "your budget"],
        "outcomes_title": "Outcomes over the horizon vs baseline",
        "outcomes_x_label": "% of no-budget baseline (dashed line: 100 %, no change)",
        "chart": "Model explorer chart",
    }

    def js_config(self) -> dict:
        """Controls and texts (see the base class), the model's parameters, levers and outcomes."""
        return {
            **super().js_config(),
            "params": {k: float(v) for k, v in self.params.as_dict().items()},
            "levers": list(LEVERS),
            "outcomes": list(OUTCOMES),
            "outcome_labels": [OUTCOME_LABELS[k] for k in OUTCOMES],
            "outcome_labels_lower": [OUTCOME_LABELS[k].lower() for k in OUTCOMES],
            "colors": dict(LEVER_COLORS),
            "dt": 0.1,
            "x_max": RATIO_MAX,
        }
