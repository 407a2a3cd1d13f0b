"""Parity of the JavaScript models (src/upstream/js/models/) with the Python reference.

The in-page explorers run JavaScript ports of the Python models (issue 13). Here the
Python side draws random valid inputs (seeded NumPy), computes the Python results,
runs the same calls through Node (tests/js/runner.mjs, one subprocess per model
batch) and compares:

- deterministic outputs: equal within 1e-9 relative (plus an absolute 1e-12 floor for
  values that are zero on one side);
- stochastic parts (capture-recapture surveys, the allocator's parameter draws and
  uncertainty band): means and spreads over 2,000 seeded runs within four standard errors
  of Python's.

Node 20 must be installed: without it these tests fail with one line saying so.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from upstream import model as population

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tests" / "js" / "runner.mjs"
RTOL = 1e-9
ATOL = 1e-12
N_CASES = 200


# --- running the JavaScript side ---------------------------------------------------------


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node (Node.js 20) is not on PATH: the JavaScript parity tests need it "
                    "(install Node.js 20, e.g. apt-get install nodejs)", pytrace=False)
    return node


def _encode(x):
    """NumPy/Python values to JSON (non-finite numbers as strings, as the runner expects)."""
    if isinstance(x, population.Parameters):
        return {"__Parameters__": _encode(x.as_dict())}
    if isinstance(x, population.Budget):
        return {"__Budget__": {k: getattr(x, k) for k in population.LEVERS}}
    if isinstance(x, np.ndarray):
        return _encode(x.tolist())
    if isinstance(x, (list, tuple)):
        return [_encode(v) for v in x]
    if isinstance(x, dict):
        return {k: _encode(v) for k, v in x.items()}
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return "NaN"
        if math.isinf(x):
            return "Infinity" if x > 0 else "-Infinity"
        return x
    if isinstance(x, np.integer):
        return int(x)
    return x


def _decode(x):
    if isinstance(x, str) and x in ("NaN", "Infinity", "-Infinity"):
        return float(x.replace("Infinity", "inf"))
    if isinstance(x, list):
        return [_decode(v) for v in x]
    if isinstance(x, dict):
        return {k: _decode(v) for k, v in x.items()}
    return x


def run_js(module: str, calls: list[dict]) -> list:
    """Run ``calls`` ({fn, args, kwargs?, then?}) of ``module``.js in one Node process."""
    payload = json.dumps({"module": module, "calls": _encode(calls)}, allow_nan=False)
    proc = subprocess.run([_node(), str(RUNNER)], input=payload, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)
    if proc.returncode != 0:
        pytest.fail(f"node runner failed for {module}.js: {proc.stderr.strip()[-2000:]}", pytrace=False)
    out = _decode(json.loads(proc.stdout))
    assert len(out) == len(calls)
    return out


def values(results: list) -> list:
    """The values of runner results; fails on the first JS error."""
    for i, r in enumerate(results):
        if "error" in r:
            pytest.fail(f"call {i} raised {r['error']}: {r['message']}", pytrace=False)
    return [r["value"] for r in results]


def assert_close(js, py, what: str, rtol: float = RTOL, atol: float = ATOL) -> float:
    """Assert ``js`` equals ``py`` within rtol (relative) or atol; return the largest relative error."""
    a = np.asarray(js, dtype=float)
    b = np.asarray(py, dtype=float)
    assert a.shape == b.shape, f"{what}: JS shape {a.shape} != Python shape {b.shape}"
    same_nonfinite = (np.isnan(a) & np.isnan(b)) | (np.isinf(a) & np.isinf(b) & (np.sign(a) == np.sign(b)))
    assert np.array_equal(~np.isfinite(a), ~np.isfinite(b)) and np.all(same_nonfinite | np.isfinite(a)), (
        f"{what}: non-finite values differ")
    fa, fb = a[np.isfinite(a)], b[np.isfinite(b)]
    err = np.abs(fa - fb)
    scale = np.maximum(np.abs(fa), np.abs(fb))
    bad = err > rtol * scale + atol
    assert not bad.any(), (
        f"{what}: {bad.sum()} of {bad.size} values differ; worst JS {fa[bad][0]!r} vs Python {fb[bad][0]!r}")
    big = scale > 1e3 * atol  # below that the absolute floor decides
    rel = err[big] / scale[big]
    return float(rel.max()) if rel.size else 0.0


# --- random valid inputs --------------------------------------------------------------------

_FRACTIONS = {"d_max", "prevention_v_cut", "prevention_beta_cut", "aftercare_gamma_cut"}


def random_parameter_fields(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """n random valid parameter sets: each field its default times U(0.2, 3) (fractions capped at 1)."""
    out = {}
    for name, default in population.Parameters().as_dict().items():
        v = default * rng.uniform(0.2, 3.0, size=n)
        if name in _FRACTIONS:
            v = np.minimum(v, 1.0)
        out[name] = v
    # some zero rates and budgets-free scenarios are valid too
    for name in ("v", "beta", "gamma", "mu", "s"):
        out[name][rng.uniform(size=n) < 0.05] = 0.0
    return out


def random_budgets(rng: np.random.Generator, n: int) -> np.ndarray:
    b = rng.uniform(0.0, 5.0, size=(n, 4))
    b[rng.uniform(size=(n, 4)) < 0.15] = 0.0
    return b


# --- population model (src/upstream/js/models/population.js) -----------------------------------


TIME_SETTINGS = [(10.0, 0.1), (1.0, 0.05), (2.5, 0.25), (30.0, 0.2), (7.0, 0.125), (0.5, 0.1)]


@pytest.fixture(scope="module")
def population_cases():
    """Python inputs and results, and the JS results of the same calls (one Node process)."""
    rng = np.random.default_rng(20261202)
    per = math.ceil(N_CASES / len(TIME_SETTINGS)) + 1
    groups = []
    for years, dt in TIME_SETTINGS:
        fields = random_parameter_fields(rng, per)
        params = population.Parameters(**fields)
        budgets = random_budgets(rng, per)
        groups.append((budgets, params, years, dt))
    singles = []
    for k in range(24):
        f = {name: float(v[0]) for name, v in random_parameter_fields(rng, 1).items()}
        b = population.Budget(*random_budgets(rng, 1)[0])
        years, dt = TIME_SETTINGS[k % len(TIME_SETTINGS)]
        singles.append((b, population.Parameters(**f), years, dt))
    eq_params = population.Parameters(**random_parameter_fields(rng, N_CASES))
    eff_budgets = random_budgets(rng, N_CASES)
    grids = [(2.0, 0.1), (1.0, 0.25), (3.0, 0.15), (0.5, 0.5), (6.0, 0.3)]
    calls = [{"fn": "simulate_many", "args": [b, p, y, dt, {"trajectories": False}]} for b, p, y, dt in groups]
    calls += [{"fn": "simulate", "args": [b, p, y, dt]} for b, p, y, dt in singles]
    calls += [{"fn": "equilibrium", "args": [eq_params]},
              {"fn": "effective_parameters", "args": [eq_params, eff_budgets]},
              {"fn": "diminishing_returns", "args": [eff_budgets[:, 0], eq_params.c]}]
    calls += [{"fn": "budget_grid", "args": [t, s]} for t, s in grids]
    js = run_js("population", calls)
    return {"groups": groups, "singles": singles, "eq_params": eq_params, "eff_budgets": eff_budgets,
            "grids": grids, "js": js}


def test_population_simulate_many_matches_python(population_cases):
    js = values(population_cases["js"][: len(TIME_SETTINGS)])
    n = 0
    worst = 0.0
    for (budgets, params, years, dt), res in zip(population_cases["groups"], js):
        py = population.simulate_many(budgets, params, years, dt)
        for o in population.OUTCOMES:
            worst = max(worst, assert_close(res[o], getattr(py, o), f"simulate_many {o} ({years} y, dt {dt})"))
        np.testing.assert_array_equal(res["budgets"], py.budgets)
        assert res["years"] == py.years and res["dt"] == py.dt
        n += len(budgets)
    assert n >= N_CASES
    print(f"simulate_many: {n} scenarios, largest relative difference {worst:.2e}")


def test_population_simulate_trajectories_match_python(population_cases):
    k = len(TIME_SETTINGS)
    js = values(population_cases["js"][k: k + len(population_cases["singles"])])
    worst = 0.0
    for (budget, params, years, dt), res in zip(population_cases["singles"], js):
        py = population.simulate(budget, params, years, dt)
        for name in (*population.OUTCOMES, *population.STATES, "t"):
            worst = max(worst, assert_close(res[name], getattr(py, name), f"simulate {name}"))
        assert res["budget"] == {k: getattr(budget, k) for k in population.LEVERS}
    print(f"simulate trajectories: largest relative difference {worst:.2e}")


def test_population_equilibrium_effective_parameters_grid_match_python(population_cases):
    k = len(TIME_SETTINGS) + len(population_cases["singles"])
    eq, eff, dim, *grids = values(population_cases["js"][k:])
    p, b = population_cases["eq_params"], population_cases["eff_budgets"]
    py_eq = population.equilibrium(p)
    for s in population.STATES:
        assert_close(eq[s], py_eq[s], f"equilibrium {s}")
    py_eff = population.effective_parameters(p, b)
    for name, value in py_eff.as_dict().items():
        assert_close(eff[name], value, f"effective_parameters {name}")
    assert_close(dim, population.diminishing_returns(b[:, 0], p.c), "diminishing_returns")
    for (total, step), grid in zip(population_cases["grids"], grids):
        py = population.budget_grid(total, step)
        assert_close(grid, py, f"budget_grid({total}, {step})", rtol=0, atol=0)


def test_population_refuses_what_python_refuses():
    """Bad input raises ValueError on both sides, naming the same parameter."""
    bad = [
        ("simulate_many", [[[1, 0, 0, 0]], population.Parameters(), 10.0, 0.3], "dt"),
        ("simulate_many", [[[1, 0, 0, 0]], population.Parameters(), 0.0, 0.1], "years"),
        ("simulate_many", [[[1, 0, 0, 0]], population.Parameters(), 1.0, 0.15], "dt must divide"),
        ("simulate_many", [[[-1, 0, 0, 0]], population.Parameters(), 10.0, 0.1], "prevention"),
        ("budget_grid", [2.0, 0.3], "step must divide"),
        ("budget_grid", [0.0, 0.1], "total"),
    ]
    js = run_js("population", [{"fn": f, "args": a} for f, a, _ in bad])
    for (fn, args, needle), res in zip(bad, js):
        with pytest.raises(ValueError, match=needle):
            getattr(population, fn)(*args)
        assert res.get("error") == "ValueError" and needle in res["message"], (fn, args, res)
    # invalid parameters are refused when the object is built, as in Python
    js = run_js("population", [{"fn": "Parameters", "args": [{"d_max": 1.5}]},
                               {"fn": "Parameters", "args": [{"pi": 0.0, "delta": 0.0}]},
                               {"fn": "Budget", "args": [{"aftercare": -0.1}]}])
    assert [r.get("error") for r in js] == ["ValueError"] * 3
    assert "d_max" in js[0]["message"] and "pi + delta" in js[1]["message"] and "aftercare" in js[2]["message"]


# --- deterrence (src/upstream/js/models/deterrence.js) ---------------------------------------------


def test_deterrence_matches_python():
    from upstream import deterrence

    rng = np.random.default_rng(606)
    n = N_CASES
    p = rng.uniform(0, 1, n)
    S = rng.uniform(0, deterrence.MAX_SENTENCE, n)
    r = rng.uniform(0, deterrence.MAX_DISCOUNT, n)
    L = rng.uniform(0, 20, n)
    q = rng.uniform(0, 1000, n)
    K = rng.uniform(0.01, deterrence.MAX_SENTENCE, n)
    # edges: no discounting, zero certainty, zero sentence, caps reached
    r[:10] = 0.0
    p[10:15] = 0.0
    S[15:20] = 0.0
    S[20:30] = rng.uniform(30, 60, 10)
    p[30:40] = rng.uniform(0.5, 1, 10)
    calls = [{"fn": "compare_doublings", "args": [p[i], S[i], r[i], L[i]]} for i in range(n)]
    calls += [{"fn": "expected_cost", "args": [p[i], S[i], r[i], L[i]]} for i in range(n)]
    calls += [{"fn": "incapacitation_averted", "args": [S[i], q[i], K[i]]} for i in range(n)]
    axis = np.linspace(0, 60, 121)
    calls += [{"fn": "present_value", "args": [S, r]},
              {"fn": "expected_cost", "args": [p[0], axis, r[0], L[0]]},
              {"fn": "expected_cost", "args": [p, S, r, 0.5]},
              {"fn": "incapacitation_averted", "args": [axis, q[0], K[0]]},
              {"fn": "compare_doublings", "args": [1.5, 1.0, 0.1]},
              {"fn": "expected_cost", "args": [0.5, 61.0, 0.1]},
              {"fn": "incapacitation_averted", "args": [1.0, 1.0, 0.0]}]
    js = run_js("deterrence", calls)
    out = values(js[: 3 * n + 4])
    worst = 0.0
    for i in range(n):
        py = deterrence.compare_doublings(p[i], S[i], r[i], L[i])
        for k, v in py.items():
            if isinstance(v, bool):
                assert out[i][k] is v, (k, i)
            elif k.startswith("gain"):
                # a percentage change 100 (x / now - 1) cancels digits: compare the ratio x / now
                worst = max(worst, assert_close(1 + out[i][k] / 100, 1 + v / 100, f"compare_doublings {k}"))
            else:
                worst = max(worst, assert_close(out[i][k], v, f"compare_doublings {k}"))
        worst = max(worst, assert_close(out[n + i], deterrence.expected_cost(p[i], S[i], r[i], L[i]), "expected_cost"))
        worst = max(worst, assert_close(out[2 * n + i], deterrence.incapacitation_averted(S[i], q[i], K[i]),
                                        "incapacitation_averted"))
    assert_close(out[3 * n], deterrence.present_value(S, r), "present_value (arrays)")
    assert_close(out[3 * n + 1], deterrence.expected_cost(p[0], axis, r[0], L[0]), "expected_cost (sentence axis)")
    assert_close(out[3 * n + 2], deterrence.expected_cost(p, S, r, 0.5), "expected_cost (arrays)")
    assert_close(out[3 * n + 3], deterrence.incapacitation_averted(axis, q[0], K[0]), "incapacitation_averted (axis)")
    for res, needle in zip(js[3 * n + 4:], ("certainty", "years", "career_years")):
        assert res.get("error") == "ValueError" and needle in res["message"], res
    print(f"deterrence: {3 * n} calls, largest relative difference {worst:.2e}")


# --- screening (src/upstream/js/models/screening.js) ----------------------------------------------


def test_screening_matches_python():
    from upstream import screening

    rng = np.random.default_rng(707)
    n = N_CASES
    se, sp, pr = rng.uniform(0, 1, n), rng.uniform(0, 1, n), rng.uniform(0, 1, n)
    screened = rng.integers(1, 100_000, n)
    se[:5], sp[5:10], pr[10:15] = 1.0, 1.0, 0.0  # undefined PPV/NPV somewhere
    sp[:3], pr[:3] = 1.0, 0.0
    # exact halves, which Python rounds to even: 1000 * 0.0125 = 12.5, 250 * 0.5 = 125 ...
    halves = [(0.5, 0.5, 0.0125, 1000), (0.5, 0.25, 0.5, 250), (0.3, 0.5, 0.5, 5), (0.5, 0.5, 0.5, 1)]
    calls = [{"fn": "screen_counts", "args": [se[i], sp[i], pr[i], int(screened[i])]} for i in range(n)]
    calls += [{"fn": "screen_counts", "args": list(h)} for h in halves]
    calls += [{"fn": "predictive_values", "args": [se, sp, pr]},
              {"fn": "predictive_values", "args": [0.9, 0.7, np.linspace(0, 1, 101)]},
              {"fn": "screen_counts", "args": [0.9, 0.7, 0.1, 0]},
              {"fn": "predictive_values", "args": [1.1, 0.7, 0.1]}]
    js = run_js("screening", calls)
    out = values(js[:-2])
    cases = [(se[i], sp[i], pr[i], int(screened[i])) for i in range(n)] + halves
    for args, res in zip(cases, out):
        py = screening.screen_counts(*args)
        for k, v in py.items():
            if k in ("ppv", "npv"):
                assert_close(res[k], v, f"screen_counts {k} {args}")
            else:
                assert res[k] == v, (k, args, res[k], v)
    py = screening.predictive_values(se, sp, pr)
    for k in ("ppv", "npv"):
        assert_close(out[-2][k], py[k], f"predictive_values {k}")
        assert_close(out[-1][k], screening.predictive_values(0.9, 0.7, np.linspace(0, 1, 101))[k], k)
    assert js[-2].get("error") == "ValueError" and "screened" in js[-2]["message"]
    assert js[-1].get("error") == "ValueError" and "sensitivity" in js[-1]["message"]
