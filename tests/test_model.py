"""Unit and property tests of upstream.models.population (DESIGN.md section 3)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from upstream.models.population import (
    LEVERS,
    OUTCOMES,
    STATES,
    Budget,
    Parameters,
    budget_grid,
    diminishing_returns,
    effective_parameters,
    equilibrium,
    simulate,
    simulate_many,
)

DEFAULT = Parameters()
TOTAL = 2.0

budgets_st = st.builds(
    Budget,
    prevention=st.floats(0, 5),
    identification=st.floats(0, 5),
    aftercare=st.floats(0, 5),
    prosecution=st.floats(0, 5),
)
params_st = st.builds(
    Parameters,
    v=st.floats(0.0, 0.2),
    s=st.floats(0.0, 2.0),
    beta=st.floats(0.0, 0.01),
    rho=st.floats(0.0, 2.0),
    e0=st.floats(0.0, 1.0),
    gamma=st.floats(0.0, 2.0),
    h=st.floats(0.0, 2.0),
    mu=st.floats(0.0, 20.0),
    pi=st.floats(0.0, 1.0),
    delta=st.floats(0.01, 1.0),
)


# --- conservation and positivity -------------------------------------------


@settings(max_examples=60, deadline=None)
@given(budget=budgets_st, params=params_st)
def test_population_conserved_and_states_non_negative(budget, params):
    r = simulate(budget, params, years=10.0, dt=0.1)
    total = r.S + r.R + r.E + r.X
    np.testing.assert_allclose(total, params.N, rtol=1e-6)
    for name in STATES:
        assert np.all(getattr(r, name) >= -1e-9 * params.N), name
    for name, value in r.outcomes().items():
        assert value >= 0.0, name


@settings(max_examples=40, deadline=None)
@given(params=params_st)
def test_zero_budget_run_stays_at_equilibrium(params):
    r = simulate(Budget(), params, years=10.0)
    eq = equilibrium(params)
    for name in STATES:
        np.testing.assert_allclose(getattr(r, name), eq[name][0], rtol=1e-8, atol=1e-8 * params.N)


def test_equilibrium_is_a_steady_state_of_the_equations():
    p = DEFAULT
    eq = {k: v[0] for k, v in equilibrium(p).items()}
    S, R, E, X, T = (eq[k] for k in STATES)
    lam = p.beta * T
    D = p.d_max * p.pi / (p.pi + p.k_d)
    derivs = [
        p.a * p.N - (p.v + p.a) * S + p.s * R + p.h * X,
        p.v * S - (p.s + p.a + lam) * R,
        lam * R + p.gamma * X - (p.rho + p.e0 + p.a) * E,
        (p.rho + p.e0) * E - (p.gamma + p.h + p.a) * X,
        p.mu * (1 - D) - (p.pi + p.delta) * T,
    ]
    np.testing.assert_allclose(derivs, 0.0, atol=1e-9)
    assert T == pytest.approx(4.0 * (1 - 0.5 * 0.1 / 0.4) / 0.2)


# --- accuracy --------------------------------------------------------------


@pytest.mark.parametrize("budget", [Budget.even(TOTAL), Budget.single("prosecution", 3.0)])
def test_results_converge_as_the_step_shrinks(budget):
    fine = simulate(budget, years=10.0, dt=0.005).outcomes()
    errors = []
    for dt in (0.25, 0.1, 0.05):
        coarse = simulate(budget, years=10.0, dt=dt).outcomes()
        err = max(abs(coarse[k] - fine[k]) / fine[k] for k in OUTCOMES)
        errors.append(err)
    assert errors[1] < 1e-6  # the default step is accurate to 1 part in a million
    assert errors[0] > errors[1] > errors[2] or errors[0] < 1e-9


def test_outcomes_match_an_independent_fine_euler_integration():
    """A crude forward-Euler run with a tiny step lands on the RK4 answer."""
    p = effective_parameters(DEFAULT, Budget.even(TOTAL))
    p = {k: float(np.asarray(v).ravel()[0]) for k, v in p.as_dict().items()}
    eq = {k: v[0] for k, v in equilibrium(DEFAULT).items()}
    S, R, E, X, T = (eq[k] for k in STATES)
    dt, child_years = 1e-4, 0.0
    D = p["d_max"] * p["pi"] / (p["pi"] + p["k_d"])
    for _ in range(int(10 / dt)):
        lam = p["beta"] * T
        dS = p["a"] * p["N"] - (p["v"] + p["a"]) * S + p["s"] * R + p["h"] * X
        dR = p["v"] * S - (p["s"] + p["a"] + lam) * R
        dE = lam * R + p["gamma"] * X - (p["rho"] + p["e0"] + p["a"]) * E
        dX = (p["rho"] + p["e0"]) * E - (p["gamma"] + p["h"] + p["a"]) * X
        dT = p["mu"] * (1 - D) - (p["pi"] + p["delta"]) * T
        child_years += E * dt
        S, R, E, X, T = S + dS * dt, R + dR * dt, E + dE * dt, X + dX * dt, T + dT * dt
    assert simulate(Budget.even(TOTAL)).child_years_exploited == pytest.approx(child_years, rel=1e-3)


# --- levers ------------------------------------------------------------------

LEVER_EFFECTS = {
    # lever: {rate: +1 rises, -1 falls}; every other rate must stay put
    "prevention": {"v": -1, "beta": -1},
    "identification": {"rho": +1},
    "aftercare": {"gamma": -1, "h": +1},
    "prosecution": {"pi": +1},
}


@pytest.mark.parametrize("lever", LEVERS)
def test_each_lever_moves_its_rates_in_the_right_direction_and_no_other(lever):
    base = DEFAULT.as_dict()
    moved = effective_parameters(DEFAULT, Budget.single(lever, 1.0)).as_dict()
    for name, before in base.items():
        after = float(np.asarray(moved[name]).ravel()[0])
        direction = LEVER_EFFECTS[lever].get(name, 0)
        if direction > 0:
            assert after > before, name
        elif direction < 0:
            assert after < before, name
        else:
            assert after == pytest.approx(before), name


def test_diminishing_returns():
    f = diminishing_returns(np.array([0.0, 1.0, 2.0, 30.0]))
    assert f[0] == 0.0
    assert f[1] == pytest.approx(1 - math.exp(-1))
    assert f[2] - f[1] < f[1] - f[0]
    assert f[3] < 1.0


# --- the teaching claims of DESIGN.md section 3 --------------------------------


@pytest.fixture(scope="module")
def claims():
    names = ["none", *LEVERS, "even"]
    budgets = [Budget(), *(Budget.single(k, TOTAL) for k in LEVERS), Budget.even(TOTAL)]
    res = simulate_many(budgets, years=10.0)
    return {n: res[i] for i, n in enumerate(names)}


def test_identification_only_gives_most_identifications(claims):
    ident = claims["identification"].identifications
    for name in ["none", "prevention", "aftercare", "prosecution", "even"]:
        assert ident > claims[name].identifications, name


def test_identification_only_leaves_first_time_exploitations_and_raises_reexploitation(claims):
    none, ident = claims["none"], claims["identification"]
    assert ident.first_time_exploitations >= none.first_time_exploitations * (1 - 1e-9)
    assert ident.reexploitations > none.reexploitations * 1.2


@pytest.mark.parametrize("lever", ["prevention", "prosecution"])
def test_prevention_and_prosecution_cut_first_time_exploitations(claims, lever):
    assert claims[lever].first_time_exploitations < 0.8 * claims["none"].first_time_exploitations


def test_even_split_beats_every_single_lever_on_child_years(claims):
    even = claims["even"].child_years_exploited
    for lever in LEVERS:
        assert even < claims[lever].child_years_exploited, lever


# --- the vectorised path -----------------------------------------------------


def test_simulate_many_matches_one_at_a_time():
    rng = np.random.default_rng(1)
    grid = rng.uniform(0, 3, size=(7, 4))
    many = simulate_many(grid)
    for i, row in enumerate(grid):
        one = simulate(Budget(*row))
        for k in OUTCOMES:
            assert getattr(many, k)[i] == pytest.approx(getattr(one, k), rel=1e-12)


def test_simulate_many_over_parameter_sets():
    betas = np.array([0.0003, 0.0005, 0.0008])
    res = simulate_many(Budget(), Parameters(beta=betas))
    assert len(res) == 3
    assert np.all(np.diff(res.first_time_exploitations) > 0)
    one = simulate(Budget(), Parameters(beta=0.0008))
    assert res.first_time_exploitations[2] == pytest.approx(one.first_time_exploitations, rel=1e-12)


def test_budget_grid_covers_every_split():
    grid = budget_grid(2.0, 0.5)
    assert grid.shape == (35, 4)  # C(4 + 3, 3) splits of 4 parts
    np.testing.assert_allclose(grid.sum(axis=1), 2.0)
    assert len({tuple(r) for r in grid}) == len(grid)


# --- bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs, fragment",
    [
        ({"v": -0.1}, "v must be in the range [0, 50] per year"),
        ({"beta": math.nan}, "beta must be finite"),
        ({"rho": math.inf}, "rho must be finite"),
        ({"N": 0}, "N must be in the range (0, 1e+09]"),
        ({"d_max": 1.5}, "d_max must be in the range [0, 1]"),
        ({"c": -1}, "c must be in the range (0, 1e+06]"),
        ({"pi": 0.0, "delta": 0.0}, "pi + delta must be in the range [1e-06, inf)"),
    ],
)
def test_bad_parameters_raise_naming_the_parameter(kwargs, fragment):
    with pytest.raises(ValueError) as err:
        Parameters(**kwargs)
    assert fragment in str(err.value)


@pytest.mark.parametrize("lever", LEVERS)
def test_negative_budget_raises(lever):
    with pytest.raises(ValueError, match=rf"{lever} must be in the range \[0, 1e\+06\]"):
        Budget(**{lever: -1.0})


@pytest.mark.parametrize(
    "years, dt, fragment",
    [
        (0.0, 0.1, "years must be in the range (0, 100]"),
        (-5, 0.1, "years must be in the range (0, 100]"),
        (10, 0.0, "dt must be in the range (0, 0.25]"),
        (10, 0.3, "dt must be in the range (0, 0.25]"),
        (10, 0.07, "dt must divide years into a whole number of steps"),
        (1, math.nan, "dt must be finite"),
    ],
)
def test_bad_horizon_or_step_raises(years, dt, fragment):
    with pytest.raises(ValueError) as err:
        simulate(Budget(), years=years, dt=dt)
    assert fragment in str(err.value)


def test_bad_budget_arrays_raise():
    with pytest.raises(ValueError, match="shape"):
        simulate_many(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="identification must be in the range"):
        simulate_many(np.array([[0, -1, 0, 0]]))
    with pytest.raises(ValueError, match="equal length"):
        simulate_many(np.zeros((3, 4)), Parameters(beta=np.array([0.1, 0.2])))
    with pytest.raises(ValueError, match="lever must be one of"):
        Budget.single("rescue", 1.0)
