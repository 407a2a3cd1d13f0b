"""The models behind the lessons: pure NumPy, no plotting, no widgets.

One module per model: :mod:`~upstream.models.population` (lessons 4, 5, 8),
:mod:`~upstream.models.allocation` (lesson 5), :mod:`~upstream.models.capture`
(lesson 2), :mod:`~upstream.models.deterrence` (lesson 6),
:mod:`~upstream.models.screening` (lesson 7) and
:mod:`~upstream.models.local_plan` (the lesson-8 capstone). The public names of
each are re-exported here, so ``from upstream.models import simulate`` works.
"""

from .allocation import (
    ASSUMPTION_SETS,
    PARAMETER_RANGES,
    Robustness,
    best_split,
    draw_parameters,
    frontier,
    lever_slice,
    relative_bands,
    robustness,
    run_draws,
    split_budget,
)
from .capture import MAX_N, CaptureSample, Estimate, chapman, lincoln_petersen, simulate_lists
from .deterrence import (
    MAX_DISCOUNT,
    MAX_SENTENCE,
    compare_doublings,
    expected_cost,
    incapacitation_averted,
    present_value,
)
from .local_plan import EXAMPLE_PLAN, MAX_PLAN_BUDGET, check_plan, plan_summary
from .population import (
    CAVEAT,
    LEVERS,
    OUTCOMES,
    STATES,
    Budget,
    Parameters,
    Result,
    Results,
    budget_grid,
    diminishing_returns,
    effective_parameters,
    equilibrium,
    simulate,
    simulate_many,
)
from .screening import SCREENING_STUDIES, ScreeningStudy, predictive_values, screen_counts

__all__ = [
    "ASSUMPTION_SETS",
    "CAVEAT",
    "EXAMPLE_PLAN",
    "LEVERS",
    "MAX_DISCOUNT",
    "MAX_N",
    "MAX_PLAN_BUDGET",
    "MAX_SENTENCE",
    "OUTCOMES",
    "PARAMETER_RANGES",
    "SCREENING_STUDIES",
    "STATES",
    "Budget",
    "CaptureSample",
    "Estimate",
    "Parameters",
    "Result",
    "Results",
    "Robustness",
    "ScreeningStudy",
    "best_split",
    "budget_grid",
    "chapman",
    "check_plan",
    "compare_doublings",
    "diminishing_returns",
    "draw_parameters",
    "effective_parameters",
    "equilibrium",
    "expected_cost",
    "frontier",
    "incapacitation_averted",
    "lever_slice",
    "lincoln_petersen",
    "plan_summary",
    "predictive_values",
    "present_value",
    "relative_bands",
    "robustness",
    "run_draws",
    "screen_counts",
    "simulate",
    "simulate_lists",
    "simulate_many",
    "split_budget",
]
