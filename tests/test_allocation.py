"""Lesson 5's pure functions: budget splits, parameter draws, bands, frontier, robustness."""

from __future__ import annotations

import numpy as np
import pytest

from upstream.models.allocation import (
    ASSUMPTION_SETS,
    PARAMETER_RANGES,
    best_split,
    draw_parameters,
    frontier,
    lever_slice,
    relative_bands,
    robustness,
    run_draws,
    split_budget,
)
from upstream.models.population import LEVERS, OUTCOMES, Budget, Parameters, simulate, simulate_many


class Spy:
    def __init__(self):
        self.calls = []

    def __call__(self, budgets, params, years, *args, **kwargs):
        self.calls.append((np.array(budgets, dtype=float), params, years))
        return simulate_many(budgets, params, years, *args, **kwargs)


# -- split_budget ---------------------------------------------------------------
def test_split_budget_gives_the_remainder_to_prosecution_and_keeps_the_total():
    row = split_budget(2.0, 0.25, 0.5, 0.1)
    assert row == pytest.approx([0.5, 1.0, 0.2, 0.3])
    assert row.sum() == pytest.approx(2.0)


def test_split_budget_refuses_shares_over_the_total_and_says_why():
    with pytest.raises(ValueError, match=r"add to 120 %.*at most 100 %"):
        split_budget(2.0, 0.5, 0.5, 0.2)


@pytest.mark.parametrize(
    "args, name",
    [
        ((0.0, 0.1, 0.1, 0.1), "total"),
        ((2.0, -0.1, 0.1, 0.1), "prevention share"),
        ((2.0, 0.1, 1.5, 0.1), "identification share"),
    ],
)
def test_split_budget_names_the_bad_parameter(args, name):
    with pytest.raises(ValueError, match=name):
        split_budget(*args)


def test_split_budget_other_remainder():
    row = split_budget(1.0, 0.2, 0.3, 0.4, remainder="prevention")
    # shares are read for identification, aftercare, prosecution
    assert row == pytest.approx([0.1, 0.2, 0.3, 0.4])
    with pytest.raises(ValueError, match="remainder"):
        split_budget(1.0, 0.2, 0.3, 0.4, remainder="policing")


# -- draws ----------------------------------------------------------------------------
def test_draws_are_seeded_arrays_within_their_ranges():
    a = draw_parameters(300, seed=7)
    b = draw_parameters(300, seed=7)
    c = draw_parameters(300, seed=8)
    base = Parameters()
    for name, (lo, hi) in PARAMETER_RANGES.items():
        v = getattr(a, name)
        assert v.shape == (300,)
        assert np.array_equal(v, getattr(b, name))
        assert not np.array_equal(v, getattr(c, name))
        central = getattr(base, name)
        assert np.all(v >= central * lo - 1e-12) and np.all(v <= min(central * hi, 1e9) + 1e-12)
    assert a.N == base.N and a.a == base.a  # not uncertain


def test_fraction_draws_are_capped_at_one():
    d = draw_parameters(500, central=Parameters(aftercare_gamma_cut=0.95))
    assert d.aftercare_gamma_cut.max() <= 1.0


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"n": 0}, "n must"),
        ({"n": 10, "seed": -1}, "seed"),
        ({"n": 10, "ranges": {"zeta": (1, 2)}}, "unknown parameter"),
        ({"n": 10, "ranges": {"v": (2, 1)}}, "v high factor"),
    ],
)
def test_draws_refuse_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        draw_parameters(**kwargs)


# -- run_draws and bands -----------------------------------------------------------------
def test_run_draws_is_one_vectorised_call_matching_single_runs():
    draws = draw_parameters(5, seed=1)
    spy = Spy()
    budgets = np.array([[0.5, 0.5, 0.5, 0.5], [0.0, 2.0, 0.0, 0.0]])
    out = run_draws(budgets, draws, 10.0, simulate_fn=spy)
    assert len(spy.calls) == 1 and spy.calls[0][0].shape == (10, 4)
    assert out["child_years_exploited"].shape == (2, 5)
    # draw 3 under the second budget equals a single run with those parameters
    single = Parameters(**{k: (v[3] if isinstance(v, np.ndarray) else v) for k, v in draws.as_dict().items()})
    r = simulate(Budget(0.0, 2.0, 0.0, 0.0), single)
    assert out["identifications"][1, 3] == pytest.approx(r.identifications, rel=1e-10)


def test_relative_bands_are_ordered_and_paired_with_the_baseline():
    draws = draw_parameters(200, seed=3)
    base = run_draws(np.zeros(4), draws)
    vals = run_draws([[2.0, 0, 0, 0], [0, 2.0, 0, 0]], draws)
    bands = relative_bands(vals, base)
    for o in OUTCOMES:
        assert bands[o].shape == (2, 3)
        assert np.all(np.diff(bands[o], axis=1) >= 0)
    # identification alone barely changes first-time exploitations (in every draw)
    assert bands["first_time_exploitations"][1] == pytest.approx([100, 100, 100], abs=0.1)
    # ...but always raises re-exploitations: the revolving door survives uncertainty
    assert bands["reexploitations"][1, 0] > 100
    # prevention lowers first-time exploitations in every draw
    assert bands["first_time_exploitations"][0, 2] < 100
    baseline_bands = relative_bands(base, base)
    assert baseline_bands["child_years_exploited"] == pytest.approx(np.full((1, 3), 100.0))


def test_relative_bands_refuse_unpaired_input():
    draws = draw_parameters(10)
    with pytest.raises(ValueError, match="one value per draw"):
        relative_bands(run_draws(np.ones(4), draws), {o: np.ones(3) for o in OUTCOMES})
    with pytest.raises(ValueError, match="quantiles"):
        relative_bands(run_draws(np.ones(4), draws), run_draws(np.zeros(4), draws), quantiles=(0.5, 1.5))


# -- frontier --------------------------------------------------------------------------------
def test_frontier_is_one_sweep_and_the_best_split_is_mixed():
    spy = Spy()
    grid, values = frontier(2.0, 0.1, simulate_fn=spy)
    assert len(spy.calls) == 1 and grid.shape == (1771, 4) and values.shape == (1771,)
    assert np.allclose(grid.sum(axis=1), 2.0)
    best, val = best_split(grid, values)
    assert np.count_nonzero(best) >= 3  # diminishing returns: a portfolio wins
    singles = [values[np.argmin(np.abs(grid - Budget.single(k, 2.0).as_array()).sum(1))] for k in LEVERS]
    assert val < min(singles)


def test_best_split_differs_between_assumption_sets():
    g1, v1 = frontier(2.0, 0.1, ASSUMPTION_SETS["central (model defaults)"])
    g2, v2 = frontier(2.0, 0.1, ASSUMPTION_SETS["prevention works less"])
    b1, _ = best_split(g1, v1)
    b2, _ = best_split(g2, v2)
    assert b2[0] < b1[0]  # less on prevention when prevention works less


def test_best_split_can_maximise_and_refuses_bad_shapes():
    grid = np.eye(4)
    assert best_split(grid, np.array([1.0, 3.0, 2.0, 0.0]), maximise=True)[1] == 3.0
    with pytest.raises(ValueError, match="grid must have shape"):
        best_split(grid, np.ones(3))
    with pytest.raises(ValueError, match="outcome"):
        frontier(2.0, 0.5, outcome="happiness")


def test_lever_slice_places_values_and_masks_impossible_cells():
    grid, values = frontier(1.0, 0.25)
    levels, z = lever_slice(grid, values, "prosecution", 0.25, "prevention", "identification")
    assert levels == pytest.approx([0, 0.25, 0.5, 0.75, 1.0])
    row = np.argmin(np.abs(grid - [0.25, 0.5, 0.0, 0.25]).sum(1))
    assert z[2, 1] == values[row]
    assert np.isnan(z[4, 4]) and np.isnan(z[3, 1])  # more than what is left
    with pytest.raises(ValueError, match="amount must be one of"):
        lever_slice(grid, values, "prosecution", 0.3, "prevention", "identification")
    with pytest.raises(ValueError, match="three different levers"):
        lever_slice(grid, values, "prosecution", 0.25, "prevention", "prevention")


# -- robustness ----------------------------------------------------------------------------------
def test_robustness_finds_a_best_split_per_draw():
    draws = draw_parameters(30, seed=11)
    spy = Spy()
    rob = robustness(2.0, 0.5, draws, simulate_fn=spy)
    assert len(spy.calls) == 1
    m = rob.grid.shape[0]
    assert rob.values.shape == (m, 30) and rob.regret.shape == (m, 30)
    assert np.all(rob.regret >= -1e-9)
    assert np.allclose(rob.regret[rob.best_index, np.arange(30)], 0.0)
    assert rob.share_best().sum() == pytest.approx(1.0)
    split, share = rob.most_robust(5.0)
    assert 0 < share <= 1 and split.sum() == pytest.approx(2.0)
    assert np.all(rob.share_within(100.0) >= rob.share_within(1.0))
    with pytest.raises(ValueError, match="at most 200000"):
        robustness(2.0, 0.01, draw_parameters(200))
