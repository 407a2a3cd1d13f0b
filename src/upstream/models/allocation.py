"""Splitting a fixed budget across the four levers, with uncertainty (lesson 5).

Pure NumPy on top of :mod:`upstream.model`; no plotting. Everything here is
illustrative: the parameter ranges are teaching assumptions, not estimates, and
their purpose is to show how much a conclusion depends on them.

Main pieces
-----------
:func:`split_budget`
    Turn a total and three lever shares into a budget row (the fourth lever
    gets the remainder); refuses shares that add to more than the total.
:func:`draw_parameters`
    Draw many parameter sets at once (arrays in one :class:`Parameters`),
    each uncertain field uniform between a low and a high factor of its
    central value (:data:`PARAMETER_RANGES`). Seeded.
:func:`run_draws`
    Outcomes of some budgets under every draw, in one vectorised
    :func:`upstream.model.simulate_many` call.
:func:`relative_bands`
    Quantiles of each outcome as a percentage of the paired zero-budget baseline.
:func:`frontier`, :func:`best_split`, :func:`lever_slice`
    Every split of the total on a grid, in one vectorised sweep.
:func:`robustness`
    How often each split is (close to) the best across parameter draws.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .._validate import check_in_range, check_positive_int
from .population import LEVERS, OUTCOMES, Parameters, budget_grid, simulate_many

__all__ = [
    "ASSUMPTION_SETS",
    "PARAMETER_RANGES",
    "Robustness",
    "best_split",
    "draw_parameters",
    "frontier",
    "lever_slice",
    "relative_bands",
    "robustness",
    "run_draws",
    "split_budget",
]

#: Uncertain parameters: (low factor, high factor) applied to the central value,
#: drawn uniformly. Every range is an illustrative assumption (no study gives
#: these values for US child trafficking; see book/about-models.md).
PARAMETER_RANGES: dict[str, tuple[float, float]] = {
    "v": (0.67, 1.5),
    "s": (0.75, 1.25),
    "beta": (0.6, 1.6),
    "rho": (0.6, 1.4),
    "e0": (0.67, 1.33),
    "gamma": (0.6, 1.4),
    "h": (0.6, 1.4),
    "mu": (0.75, 1.25),
    "pi": (0.5, 1.5),
    "delta": (0.5, 1.5),
    "d_max": (0.4, 1.2),
    "k_d": (0.67, 1.67),
    "c": (0.5, 2.0),
    "prevention_v_cut": (0.4, 1.2),
    "prevention_beta_cut": (0.33, 1.33),
    "identification_rho_gain": (0.5, 1.5),
    "aftercare_gamma_cut": (0.57, 1.21),
    "aftercare_h_gain": (0.5, 1.5),
    "prosecution_pi_gain": (0.5, 1.5),
}

#: Named sets of central assumptions for comparing best splits (all illustrative).
ASSUMPTION_SETS: dict[str, Parameters] = {
    "central (model defaults)": Parameters(),
    "prevention works less": Parameters(prevention_v_cut=0.15, prevention_beta_cut=0.1),
    "more re-exploitation": Parameters(gamma=1.0, aftercare_gamma_cut=0.8),
    "slowly diminishing returns": Parameters(c=3.0),
}

_FRACTION_FIELDS = ("d_max", "prevention_v_cut", "prevention_beta_cut", "aftercare_gamma_cut")
MAX_DRAWS = 5000


def split_budget(
    total: float, prevention: float, identification: float, aftercare: float, remainder: str = "prosecution"
) -> np.ndarray:
    """A budget row from a total and three shares; the ``remainder`` lever gets the rest.

    Parameters
    ----------
    total : float
        Total new spending, in $M per year, in (0, 100].
    prevention, identification, aftercare : float
        Shares of the total, each in [0, 1]; together at most 1.
    remainder : str
        The lever that receives ``1 - (sum of the three shares)``. The three
        named shares are then read in :data:`LEVERS` order skipping it.

    Returns
    -------
    ndarray of shape (4,), $M per year in :data:`LEVERS` order.

    Raises
    ------
    ValueError
        If a share is outside [0, 1] or the three add to more than 1 (more
        than the total budget).
    """
    total = check_in_range("total", total, 0.0, 100.0, lo_open=True, unit="$M per year")
    if remainder not in LEVERS:
        raise ValueError(f"remainder must be one of {', '.join(LEVERS)}; got {remainder!r}")
    named = [k for k in LEVERS if k != remainder]
    shares = [prevention, identification, aftercare]
    for name, s in zip(named, shares):
        check_in_range(f"{name} share", s, 0.0, 1.0)
    used = float(sum(shares))
    if used > 1.0 + 1e-9:
        raise ValueError(
            f"the {', '.join(named)} shares add to {100 * used:.0f} % of the budget; they must add to at "
            f"most 100 % (the budget is fixed at {total:g} $M per year, and {remainder} gets the rest)"
        )
    row = {k: float(s) * total for k, s in zip(named, shares)}
    row[remainder] = max(0.0, 1.0 - used) * total
    return np.array([row[k] for k in LEVERS])


def draw_parameters(
    n: int, seed: int = 2024, central: Parameters | None = None, ranges: dict[str, tuple[float, float]] | None = None
) -> Parameters:
    """Draw ``n`` parameter sets at once, as array fields of one :class:`Parameters`.

    Each field in ``ranges`` is ``central value * U(low, high)``, independently
    (fractions are capped at 1); the other fields keep their central value.

    Parameters
    ----------
    n : int
        Number of draws, in [1, 5000].
    seed : int
        Seed of the random generator (the same seed gives the same draws).
    central : Parameters, optional
        Central values (scalars); the model defaults if omitted.
    ranges : dict, optional
        ``{field: (low factor, high factor)}`` with 0 <= low <= high; default
        :data:`PARAMETER_RANGES`.
    """
    n = check_positive_int("n", n, MAX_DRAWS)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0; got {seed!r}")
    central = central if central is not None else Parameters()
    if not isinstance(central, Parameters):
        raise TypeError(f"central must be a Parameters instance; got {type(central).__name__}")
    ranges = PARAMETER_RANGES if ranges is None else ranges
    names = {f.name for f in fields(central)}
    rng = np.random.default_rng(seed)
    changes = {}
    for name, (lo, hi) in ranges.items():
        if name not in names:
            raise ValueError(f"ranges names an unknown parameter {name!r}")
        check_in_range(f"{name} low factor", lo, 0.0, 100.0)
        check_in_range(f"{name} high factor", hi, lo, 100.0)
        base = np.asarray(getattr(central, name), dtype=float)
        if base.ndim:
            raise ValueError(f"central.{name} must be a single number; got an array")
        values = float(base) * rng.uniform(lo, hi, size=n)
        if name in _FRACTION_FIELDS:
            values = np.minimum(values, 1.0)
        changes[name] = values
    return central.replace(**changes)


def _n_draws(draws: Parameters) -> int:
    n = 1
    for f in fields(draws):
        v = getattr(draws, f.name)
        if isinstance(v, np.ndarray):
            n = max(n, v.shape[0])
    return n


def run_draws(
    budgets, draws: Parameters, years: float = 10.0, simulate_fn=simulate_many, dt: float = 0.1
) -> dict[str, np.ndarray]:
    """Outcomes of every budget under every parameter draw, in one model call.

    Parameters
    ----------
    budgets : array of shape (k, 4) or (4,)
        Budget rows in $M per year (:data:`LEVERS` order).
    draws : Parameters
        Parameter sets with array fields of length n (see :func:`draw_parameters`).
    years : float
        Horizon in years, in (0, 100].
    simulate_fn : callable
        ``simulate_many(budgets, params, years, dt)``; tests pass a spy.
    dt : float
        RK4 step in years (see :func:`upstream.model.simulate_many`); compare
        only runs made with the same step.

    Returns
    -------
    dict outcome -> array of shape (k, n).
    """
    b = np.atleast_2d(np.asarray(budgets, dtype=float))
    if b.ndim != 2 or b.shape[1] != 4 or b.shape[0] == 0:
        raise ValueError(f"budgets must have shape (k, 4) with k >= 1; got shape {b.shape}")
    if not isinstance(draws, Parameters):
        raise TypeError(f"draws must be a Parameters instance; got {type(draws).__name__}")
    check_in_range("years", years, 0.0, 100.0, lo_open=True, unit="years")
    k, n = b.shape[0], _n_draws(draws)
    tiled = {}
    for f in fields(draws):
        v = getattr(draws, f.name)
        if isinstance(v, np.ndarray) and v.shape[0] > 1:
            tiled[f.name] = np.tile(v, k)
    params = draws.replace(**tiled) if tiled else draws
    rows = np.repeat(b, n, axis=0)
    res = simulate_fn(rows, params, float(years), float(dt))
    return {o: np.asarray(getattr(res, o)).reshape(k, n) for o in OUTCOMES}


def relative_bands(
    values: dict[str, np.ndarray], baseline: dict[str, np.ndarray], quantiles=(0.05, 0.5, 0.95)
) -> dict[str, np.ndarray]:
    """Quantiles across draws of each outcome as a percentage of its paired baseline.

    Parameters
    ----------
    values : dict outcome -> array (k, n)
        From :func:`run_draws` for k budgets.
    baseline : dict outcome -> array (1, n) or (n,)
        The zero-budget outcomes under the same n draws (paired).
    quantiles : sequence of float in [0, 1]

    Returns
    -------
    dict outcome -> array (k, len(quantiles)), in % of the baseline (100 = no change).
    """
    q = np.asarray(quantiles, dtype=float)
    check_in_range("quantiles", q, 0.0, 1.0)
    out = {}
    for o in OUTCOMES:
        if o not in values or o not in baseline:
            raise ValueError(f"values and baseline must both hold outcome {o!r}")
        v = np.atleast_2d(values[o])
        b = np.asarray(baseline[o]).reshape(1, -1)
        if b.shape[1] != v.shape[1]:
            raise ValueError(f"baseline must hold one value per draw ({v.shape[1]}); got {b.shape[1]} for {o}")
        safe = np.where(b > 0, b, np.nan)
        rel = 100.0 * v / safe
        rel = np.where(np.isnan(rel), 100.0, rel)
        out[o] = np.quantile(rel, q, axis=1).T
    return out


def frontier(
    total: float,
    step: float,
    params: Parameters | None = None,
    years: float = 10.0,
    outcome: str = "child_years_exploited",
    simulate_fn=simulate_many,
):
    """Every split of ``total`` in multiples of ``step`` and its outcome, in one sweep.

    Returns
    -------
    grid : ndarray (m, 4)
        Budget rows, $M per year (:func:`upstream.model.budget_grid`).
    values : ndarray (m,)
        The outcome of each row under ``params`` (scalars) over ``years``.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}; got {outcome!r}")
    params = params if params is not None else Parameters()
    grid = budget_grid(total, step)
    res = simulate_fn(grid, params, float(years))
    return grid, np.asarray(getattr(res, outcome), dtype=float)


def best_split(grid: np.ndarray, values: np.ndarray, maximise: bool = False) -> tuple[np.ndarray, float]:
    """The row of ``grid`` with the lowest (or highest) value, and that value."""
    grid, values = np.asarray(grid, dtype=float), np.asarray(values, dtype=float)
    if grid.ndim != 2 or grid.shape[1] != 4 or values.shape != (grid.shape[0],) or grid.shape[0] == 0:
        raise ValueError(
            f"grid must have shape (m, 4) and values shape (m,), m >= 1; got {grid.shape} and {values.shape}"
        )
    i = int(np.argmax(values) if maximise else np.argmin(values))
    return grid[i], float(values[i])


def lever_slice(
    grid: np.ndarray, values: np.ndarray, fixed: str, amount: float, x: str, y: str
) -> tuple[np.ndarray, np.ndarray]:
    """A 2-D map of ``values`` with one lever fixed: ``x`` across, ``y`` up.

    The fourth lever is the remainder. Cells where ``x + y`` exceed what is
    left are NaN.

    Returns
    -------
    levels : ndarray (L,)
        The grid's spending levels in $M per year.
    z : ndarray (L, L)
        ``z[i, j]`` is the value at ``y = levels[i]``, ``x = levels[j]``.
    """
    for name, lever in (("fixed", fixed), ("x", x), ("y", y)):
        if lever not in LEVERS:
            raise ValueError(f"{name} must be one of {', '.join(LEVERS)}; got {lever!r}")
    if len({fixed, x, y}) != 3:
        raise ValueError(f"fixed, x and y must be three different levers; got {fixed}, {x}, {y}")
    grid, values = np.asarray(grid, dtype=float), np.asarray(values, dtype=float)
    levels = np.unique(np.round(grid[:, 0], 9))
    step = levels[1] - levels[0] if levels.size > 1 else 1.0
    jf, jx, jy = LEVERS.index(fixed), LEVERS.index(x), LEVERS.index(y)
    rows = np.isclose(grid[:, jf], amount, atol=1e-6 * max(1.0, step))
    if not rows.any():
        raise ValueError(
            f"amount must be one of the grid's levels for {fixed} (multiples of {step:g} $M per year up to "
            f"{levels[-1]:g}); got {amount:g}"
        )
    z = np.full((levels.size, levels.size), np.nan)
    ix = np.rint(grid[rows, jx] / step).astype(int)
    iy = np.rint(grid[rows, jy] / step).astype(int)
    z[iy, ix] = values[rows]
    return levels, z


@dataclass(frozen=True)
class Robustness:
    """Outcome of every split under every draw (see :func:`robustness`).

    Attributes
    ----------
    grid : (m, 4) budget rows, $M per year.
    values : (m, n) outcome of each split under each draw.
    best_index : (n,) index of the best split in each draw.
    regret : (m, n) how much worse each split is than that draw's best, in % (0 = best).
    """

    grid: np.ndarray
    values: np.ndarray
    best_index: np.ndarray
    regret: np.ndarray

    def share_best(self) -> np.ndarray:
        """Fraction of draws in which each split is the best, shape (m,)."""
        return np.bincount(self.best_index, minlength=self.grid.shape[0]) / self.best_index.size

    def share_within(self, tolerance_pct: float = 5.0) -> np.ndarray:
        """Fraction of draws in which each split is within ``tolerance_pct`` % of the best."""
        check_in_range("tolerance_pct", tolerance_pct, 0.0, 100.0)
        return np.mean(self.regret <= tolerance_pct, axis=1)

    def most_robust(self, tolerance_pct: float = 5.0) -> tuple[np.ndarray, float]:
        """The split most often within ``tolerance_pct`` % of the best, and that fraction."""
        share = self.share_within(tolerance_pct)
        i = int(np.argmax(share))
        return self.grid[i], float(share[i])


def robustness(
    total: float,
    step: float,
    draws: Parameters,
    years: float = 10.0,
    outcome: str = "child_years_exploited",
    simulate_fn=simulate_many,
) -> Robustness:
    """Evaluate every split of ``total`` (multiples of ``step``) under every draw.

    One vectorised model call of ``m * n`` scenarios; keep ``m * n`` modest
    (for example step = total/10 gives m = 286; with n = 100 draws that is
    28,600 scenarios, about a second). At most 200,000 scenarios.
    """
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}; got {outcome!r}")
    grid = budget_grid(total, step)
    n = _n_draws(draws) if isinstance(draws, Parameters) else 0
    if grid.shape[0] * n > 200_000:
        raise ValueError(
            f"splits x draws must be at most 200000 scenarios; got {grid.shape[0]} x {n}; "
            "use a larger step or fewer draws"
        )
    values = run_draws(grid, draws, years, simulate_fn)[outcome]
    best = np.argmin(values, axis=0)
    best_vals = values[best, np.arange(values.shape[1])]
    regret = 100.0 * (values / best_vals[None, :] - 1.0)
    return Robustness(grid=grid, values=values, best_index=best, regret=regret)
