"""The integrator of upstream.models.population is right for every accepted input (issue 12, part 1).

A stiff reference solver (scipy.integrate.solve_ivp, Radau, rtol 1e-10) integrates the
same equations independently; the sub-stepped RK4 must land within 0.1 % of it (or
0.1 people for outcomes near zero) for every rate up to 50 per year, budgets up to
the allowed maximum and horizons up to 100 years, with no stock below zero.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

scipy_integrate = pytest.importorskip("scipy.integrate")

from upstream.models.population import (  # noqa: E402
    MAX_RATE,
    MIN_TRAFFICKER_EXIT,
    OUTCOMES,
    STATES,
    STEP_THETA,
    Budget,
    Parameters,
    effective_parameters,
    equilibrium,
    simulate,
    simulate_many,
    substeps,
)

RATES = ("v", "s", "rho", "e0", "gamma", "h", "pi", "delta", "identification_rho_gain", "prosecution_pi_gain")
FRACTIONS = ("d_max", "prevention_v_cut", "prevention_beta_cut", "aftercare_gamma_cut")


def reference(budget: Budget, p0: Parameters, years: float) -> np.ndarray:
    """The five outcomes from solve_ivp (Radau), written out from the equations in DESIGN.md."""
    p = effective_parameters(p0, budget)
    g = {k: float(np.asarray(v).ravel()[0]) for k, v in p.as_dict().items()}
    eq = equilibrium(p0)
    y0 = [float(eq[k][0]) for k in STATES] + [0.0] * 5
    D = g["d_max"] * g["pi"] / (g["pi"] + g["k_d"])

    def f(t, y):
        S, R, E, X, T = y[:5]
        lam = g["beta"] * T
        return [
            g["a"] * g["N"] - (g["v"] + g["a"]) * S + g["s"] * R + g["h"] * X,
            g["v"] * S - (g["s"] + g["a"] + lam) * R,
            lam * R + g["gamma"] * X - (g["rho"] + g["e0"] + g["a"]) * E,
            (g["rho"] + g["e0"]) * E - (g["gamma"] + g["h"] + g["a"]) * X,
            g["mu"] * (1 - D) - (g["pi"] + g["delta"]) * T,
            lam * R,
            g["gamma"] * X,
            g["rho"] * E,
            g["pi"] * T,
            E,
        ]

    sol = scipy_integrate.solve_ivp(
        f, (0.0, years), y0, method="Radau", rtol=1e-10, atol=1e-12 * max(g["N"], g["mu"], 1.0)
    )
    assert sol.success, sol.message
    return sol.y[5:, -1]


def _rate():
    # edge values, small values (log-spread) and large ones, all within [0, 50]
    return st.one_of(
        st.sampled_from([0.0, MAX_RATE]),
        st.floats(-3.0, math.log10(MAX_RATE)).map(lambda x: 10.0**x),
        st.floats(0.0, MAX_RATE),
    )


@st.composite
def scenarios(draw):
    kw = {k: draw(_rate()) for k in RATES}
    kw["a"] = draw(st.one_of(st.just(1.0 / 6.0), st.floats(1e-3, MAX_RATE)))
    kw["k_d"] = draw(st.floats(1e-3, MAX_RATE))
    if kw["pi"] + kw["delta"] < MIN_TRAFFICKER_EXIT:
        kw["delta"] = draw(st.floats(1e-3, MAX_RATE))
    kw["aftercare_h_gain"] = draw(st.floats(0.0, 10.0))
    for k in FRACTIONS:
        kw[k] = draw(st.floats(0.0, 1.0))
    kw["N"] = draw(st.floats(2.0, 9.0).map(lambda x: 10.0**x))
    kw["mu"] = draw(st.one_of(st.just(0.0), st.floats(-2.0, 6.0).map(lambda x: 10.0**x)))
    kw["c"] = draw(st.floats(-2.0, 6.0).map(lambda x: 10.0**x))
    # beta from the recruitment hazard it gives (every accepted hazard, up to 50 per year)
    p = Parameters(**kw)
    T0 = p.mu * (1 - p.d_max * p.pi / (p.pi + p.k_d)) / (p.pi + p.delta)
    pi1 = p.pi + p.prosecution_pi_gain
    T1 = p.mu * (1 - p.d_max * pi1 / (pi1 + p.k_d)) / (pi1 + p.delta)
    lam = draw(st.floats(0.0, MAX_RATE))
    top = max(T0, T1)
    kw["beta"] = min(MAX_RATE, lam / top) if top > 0 else draw(st.floats(0.0, MAX_RATE))
    budget = Budget(
        *(draw(st.one_of(st.just(0.0), st.just(1e6), st.floats(-3.0, 6.0).map(lambda x: 10.0**x))) for _ in range(4))
    )
    years, dt = draw(st.sampled_from([(1.0, 0.25), (10.0, 0.1), (10.0, 0.25), (100.0, 0.25), (3.0, 0.05)]))
    return budget, Parameters(**kw), years, dt


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=scenarios())
def test_outcomes_match_a_stiff_reference_solver_and_stocks_stay_non_negative(case):
    budget, params, years, dt = case
    r = simulate(budget, params, years, dt)
    ref = reference(budget, params, years)
    for k, want in zip(OUTCOMES, ref):
        got = getattr(r, k)
        assert math.isfinite(got), k
        assert abs(got - want) <= max(1e-3 * abs(want), 0.1), (k, got, want, r.substeps)
        assert got >= 0.0, k
    for k in STATES:
        assert np.all(getattr(r, k) >= 0.0), k


@pytest.mark.parametrize(
    "params, outcome",
    [
        # the cases of issue 12 that used to blow up (fixed RK4 at dt 0.1)
        (Parameters(rho=30), "identifications"),
        (Parameters(gamma=50), "child_years_exploited"),
        (Parameters(rho=50, e0=20), "identifications"),
        (Parameters(rho=50, e0=20), "reexploitations"),
    ],
)
def test_cases_that_used_to_blow_up_now_match_the_reference(params, outcome):
    r = simulate(Budget(), params)
    ref = dict(zip(OUTCOMES, reference(Budget(), params, 10.0)))
    assert getattr(r, outcome) == pytest.approx(ref[outcome], rel=1e-3)
    assert 0.0 <= getattr(r, outcome) < params.N * 10


def test_rho_30_gives_about_308_identifications():
    # the independent stiff solver of issue 12 gives "about 308"
    assert simulate(Budget(), Parameters(rho=30)).identifications == pytest.approx(308.19, abs=0.01)


def _step_rule(budget_row, p0: Parameters, dt: float) -> int:
    """The documented step rule, written out again from the docstring of substeps()."""
    p = effective_parameters(p0, np.asarray(budget_row, dtype=float))
    g = {k: float(np.asarray(v).ravel()[0]) for k, v in p.as_dict().items()}
    T0 = p0.mu * (1 - p0.d_max * p0.pi / (p0.pi + p0.k_d)) / (p0.pi + p0.delta)
    T1 = g["mu"] * (1 - g["d_max"] * g["pi"] / (g["pi"] + g["k_d"])) / (g["pi"] + g["delta"])
    a = g["a"]
    fastest = max(
        g["v"] + a,
        g["s"] + a + g["beta"] * max(T0, T1),
        g["rho"] + g["e0"] + a,
        g["gamma"] + g["h"] + a,
        g["pi"] + g["delta"],
    )
    return max(1, math.ceil(dt * (2.0 * fastest) / STEP_THETA))


@pytest.mark.parametrize(
    "budget, params, dt, want",
    [
        (Budget(), Parameters(), 0.1, 1),  # defaults: one RK4 step per 0.1 y
        (Budget.even(2.0), Parameters(), 0.1, 1),
        (Budget(), Parameters(rho=30), 0.1, 13),  # ceil(0.1 * 2 * 30.3167 / 0.5)
        (Budget(), Parameters(gamma=50), 0.25, 51),  # ceil(0.25 * 2 * 50.6667 / 0.5)
    ],
)
def test_step_rule_gives_the_documented_counts(budget, params, dt, want):
    assert int(substeps(budget, params, dt)[0]) == want == _step_rule(budget.as_array(), params, dt)
    assert simulate(budget, params, 10.0, dt).substeps == want


def test_a_batch_equals_single_runs_bit_for_bit():
    rng = np.random.default_rng(12)
    n = 40
    # mixed stiffness: some scenarios need 1 sub-step, some dozens
    rho = np.where(rng.random(n) < 0.5, rng.uniform(0, 1, n), rng.uniform(0, 50, n))
    gamma = rng.uniform(0, 50, n) * (rng.random(n) < 0.3)
    params = Parameters(rho=rho, gamma=gamma, beta=rng.uniform(0, 0.002, n))
    budgets = rng.uniform(0, 5, (n, 4))
    many = simulate_many(budgets, params, 10.0, 0.25, trajectories=True)
    assert len(set(many.substeps.tolist())) > 3
    np.testing.assert_array_equal(many.substeps, substeps(budgets, params, 0.25))
    for i in range(n):
        one = simulate(Budget(*budgets[i]), Parameters(rho=rho[i], gamma=gamma[i], beta=params.beta[i]), 10.0, 0.25)
        for k in OUTCOMES:
            assert getattr(many, k)[i] == getattr(one, k), (i, k)
        for k in STATES:
            np.testing.assert_array_equal(getattr(many, k)[i], getattr(one, k))
        assert many.substeps[i] == one.substeps == _step_rule(budgets[i], one_params(params, i), 0.25)


def one_params(params: Parameters, i: int) -> Parameters:
    return Parameters(**{k: (v[i] if isinstance(v, np.ndarray) else v) for k, v in params.as_dict().items()})


def test_a_recruitment_hazard_above_50_per_year_is_refused():
    with pytest.raises(
        ValueError,
        match=r"recruitment hazard beta \* T must stay in the range "
        r"\[0, 50\] per year; got 1e\+06 per year",
    ):
        simulate(Budget(), Parameters(beta=50, mu=2000, pi=0.0, delta=0.1, d_max=0.0))


def test_default_step_results_are_unchanged_by_sub_stepping():
    # at the defaults one sub-step per 0.1 y: the step is 0.1 y as before, and halving it
    # moves no outcome by more than a millionth
    coarse = simulate(Budget.even(2.0), dt=0.1)
    fine = simulate(Budget.even(2.0), dt=0.05)
    assert coarse.substeps == 1
    for k in OUTCOMES:
        assert getattr(coarse, k) == pytest.approx(getattr(fine, k), rel=1e-6)
