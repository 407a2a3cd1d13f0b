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

Node 20 must be installed: without it these tests fail with one line saying so. One
Node process serves the whole module (tests/js/runner.mjs --serve, one JSON line per batch).
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from upstream.models import allocation, capture, deterrence, population, screening

#: one xdist worker runs the whole module, so one Node process serves it
pytestmark = pytest.mark.xdist_group("js_parity")

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tests" / "js" / "runner.mjs"
RTOL = 1e-9
ATOL = 1e-12
N_CASES = 200


# --- running the JavaScript side ---------------------------------------------------------


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail(
            "node (Node.js 20) is not on PATH: the JavaScript parity tests need it "
            "(install Node.js 20, e.g. apt-get install nodejs)",
            pytrace=False,
        )
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


_NODE: subprocess.Popen | None = None


@pytest.fixture(scope="module", autouse=True)
def _node_session():
    """One Node process serves every batch of this module's tests; closed at the end."""
    yield
    global _NODE
    if _NODE is not None:
        _NODE.stdin.close()
        try:
            _NODE.wait(timeout=10)
        except subprocess.TimeoutExpired:
            _NODE.kill()
        _NODE = None


def run_js(module: str, calls: list[dict]) -> list:
    """Run ``calls`` ({fn, args, kwargs?, then?} or {const}) of ``module``.js in the Node session."""
    global _NODE
    if _NODE is None or _NODE.poll() is not None:
        _NODE = subprocess.Popen(
            [_node(), str(RUNNER), "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
    payload = json.dumps({"module": module, "calls": _encode(calls)}, allow_nan=False)
    _NODE.stdin.write(payload + "\n")
    _NODE.stdin.flush()
    line = _NODE.stdout.readline()
    if not line:
        err = _NODE.stderr.read()
        pytest.fail(f"node runner failed for {module}.js: {err.strip()[-2000:]}", pytrace=False)
    out = _decode(json.loads(line))
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
        f"{what}: non-finite values differ"
    )
    fa, fb = a[np.isfinite(a)], b[np.isfinite(b)]
    err = np.abs(fa - fb)
    scale = np.maximum(np.abs(fa), np.abs(fb))
    bad = err > rtol * scale + atol
    assert not bad.any(), (
        f"{what}: {bad.sum()} of {bad.size} values differ; worst JS {fa[bad][0]!r} vs Python {fb[bad][0]!r}"
    )
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


#: fields that are per-capita rates, accepted in [0, 50] per year (a in (0, 50])
_RATES = (
    "a",
    "v",
    "s",
    "rho",
    "e0",
    "gamma",
    "h",
    "pi",
    "delta",
    "k_d",
    "identification_rho_gain",
    "prosecution_pi_gain",
)


def random_stiff_fields(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    """n random parameter sets anywhere in the accepted ranges: fast rates need RK4 sub-steps."""
    out = random_parameter_fields(rng, n)
    for name in _RATES:
        out[name] = rng.uniform(0.01 if name in ("a", "k_d") else 0.0, population.MAX_RATE, n)
    out["aftercare_h_gain"] = rng.uniform(0, 10, n)
    out["delta"] = np.maximum(out["delta"], 0.01)
    out["mu"] = rng.uniform(0, 200, n)
    # keep the recruitment hazard beta * T within its bound of 50 per year
    T_max = out["mu"] / out["delta"]
    out["beta"] = rng.uniform(0, 1, n) * np.minimum(population.MAX_RATE, population.MAX_RATE / np.maximum(T_max, 1e-9))
    return out


def random_budgets(rng: np.random.Generator, n: int) -> np.ndarray:
    b = rng.uniform(0.0, 5.0, size=(n, 4))
    b[rng.uniform(size=(n, 4)) < 0.15] = 0.0
    return b


# --- population model (src/upstream/js/models/population.js) -----------------------------------


TIME_SETTINGS = [(10.0, 0.1), (1.0, 0.05), (2.5, 0.25), (30.0, 0.2), (7.0, 0.125), (0.5, 0.1)]
#: horizons of the stiff groups (rates up to 50 per year: many RK4 sub-steps per output step)
STIFF_SETTINGS = [(0.5, 0.1), (0.25, 0.25)]


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
    for years, dt in STIFF_SETTINGS:
        groups.append((random_budgets(rng, 40), population.Parameters(**random_stiff_fields(rng, 40)), years, dt))
    singles = []
    for k in range(24):
        f = {name: float(v[0]) for name, v in random_parameter_fields(rng, 1).items()}
        b = population.Budget(*random_budgets(rng, 1)[0])
        years, dt = TIME_SETTINGS[k % len(TIME_SETTINGS)]
        singles.append((b, population.Parameters(**f), years, dt))
    for _ in range(6):
        f = {name: float(v[0]) for name, v in random_stiff_fields(rng, 1).items()}
        singles.append((population.Budget(*random_budgets(rng, 1)[0]), population.Parameters(**f), 0.5, 0.1))
    eq_params = population.Parameters(**random_parameter_fields(rng, N_CASES))
    eff_budgets = random_budgets(rng, N_CASES)
    grids = [(2.0, 0.1), (1.0, 0.25), (3.0, 0.15), (0.5, 0.5), (6.0, 0.3)]
    calls = [{"fn": "simulate_many", "args": [b, p, y, dt, {"trajectories": False}]} for b, p, y, dt in groups]
    calls += [{"fn": "substeps", "args": [b, p, dt]} for b, p, y, dt in groups]
    calls += [{"fn": "simulate", "args": [b, p, y, dt]} for b, p, y, dt in singles]
    calls += [
        {"fn": "equilibrium", "args": [eq_params]},
        {"fn": "effective_parameters", "args": [eq_params, eff_budgets]},
        {"fn": "diminishing_returns", "args": [eff_budgets[:, 0], eq_params.c]},
    ]
    calls += [{"fn": "budget_grid", "args": [t, s]} for t, s in grids]
    js = run_js("population", calls)
    return {
        "groups": groups,
        "singles": singles,
        "eq_params": eq_params,
        "eff_budgets": eff_budgets,
        "grids": grids,
        "js": js,
    }


N_GROUPS = len(TIME_SETTINGS) + len(STIFF_SETTINGS)


def test_population_simulate_many_matches_python(population_cases):
    js = values(population_cases["js"][: 2 * N_GROUPS])
    n = 0
    worst = 0.0
    many_substeps = 0
    for (budgets, params, years, dt), res, subs in zip(population_cases["groups"], js, js[N_GROUPS:]):
        py = population.simulate_many(budgets, params, years, dt)
        np.testing.assert_array_equal(res["substeps"], py.substeps)
        np.testing.assert_array_equal(subs, population.substeps(budgets, params, dt))
        many_substeps += int(np.sum(py.substeps > 1))
        for o in population.OUTCOMES:
            worst = max(worst, assert_close(res[o], getattr(py, o), f"simulate_many {o} ({years} y, dt {dt})"))
        np.testing.assert_array_equal(res["budgets"], py.budgets)
        assert res["years"] == py.years and res["dt"] == py.dt
        n += len(budgets)
    assert n >= N_CASES
    assert many_substeps >= 60  # the sub-stepped rule is exercised, not only m = 1
    print(f"simulate_many: {n} scenarios ({many_substeps} with RK4 sub-steps), largest relative difference {worst:.2e}")


def test_population_simulate_trajectories_match_python(population_cases):
    k = 2 * N_GROUPS
    js = values(population_cases["js"][k : k + len(population_cases["singles"])])
    worst = 0.0
    for (budget, params, years, dt), res in zip(population_cases["singles"], js):
        py = population.simulate(budget, params, years, dt)
        for name in (*population.OUTCOMES, *population.STATES, "t"):
            worst = max(worst, assert_close(res[name], getattr(py, name), f"simulate {name}"))
        assert res["substeps"] == py.substeps
        assert res["budget"] == {k: getattr(budget, k) for k in population.LEVERS}
    print(f"simulate trajectories: largest relative difference {worst:.2e}")


def test_population_equilibrium_effective_parameters_grid_match_python(population_cases):
    k = 2 * N_GROUPS + len(population_cases["singles"])
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
        (
            "simulate_many",
            [[[0, 0, 0, 0]], population.Parameters(beta=1.0, mu=100.0), 1.0, 0.1],
            "recruitment hazard beta * T",
        ),
    ]
    js = run_js("population", [{"fn": f, "args": a} for f, a, _ in bad])
    for (fn, args, needle), res in zip(bad, js):
        with pytest.raises(ValueError, match=re.escape(needle)):
            getattr(population, fn)(*args)
        assert res.get("error") == "ValueError" and needle in res["message"], (fn, args, res)
    # invalid parameters are refused when the object is built, as in Python
    js = run_js(
        "population",
        [
            {"fn": "Parameters", "args": [{"d_max": 1.5}]},
            {"fn": "Parameters", "args": [{"pi": 0.0, "delta": 0.0}]},
            {"fn": "Budget", "args": [{"aftercare": -0.1}]},
            {"fn": "Parameters", "args": [{"rho": 50.5}]},
            {"fn": "Parameters", "args": [{"aftercare_h_gain": 11.0}]},
            {"fn": "simulate_many", "args": [[[0, 0, 0, 0]], {"rho": 0.3}]},
            {"fn": "equilibrium", "args": [{"rho": 0.3}]},
        ],
    )
    assert [r.get("error") for r in js] == ["ValueError"] * 5 + ["TypeError"] * 2
    for res, needle in zip(
        js,
        (
            "d_max",
            "pi + delta",
            "aftercare",
            "rho must be in the range [0, 50] per year",
            "aftercare_h_gain must be in the range [0, 10]",
            "params",
            "params",
        ),
    ):
        assert needle in res["message"], (needle, res)
    for kw in ({"rho": 50.5}, {"aftercare_h_gain": 11.0}):
        with pytest.raises(ValueError, match=next(iter(kw))):
            population.Parameters(**kw)
    with pytest.raises(TypeError, match="params"):
        population.simulate_many([[0, 0, 0, 0]], {"rho": 0.3})


def test_population_constants_are_pythons():
    """The JS module's constants equal Python's (one source of truth, pinned)."""
    names = (
        "LEVERS",
        "STATES",
        "OUTCOMES",
        "MAX_DT",
        "MAX_YEARS",
        "MAX_RATE",
        "STEP_THETA",
        "PARAMETER_DEFAULTS",
        "PARAMETER_RANGES_ACCEPTED",
    )
    js = dict(zip(names, values(run_js("population", [{"const": k} for k in names]))))
    for k in names[:7]:
        assert js[k] == (
            list(getattr(population, k)) if isinstance(getattr(population, k), tuple) else getattr(population, k)
        ), k
    assert js["PARAMETER_DEFAULTS"] == population.Parameters().as_dict()
    assert list(js["PARAMETER_DEFAULTS"]) == list(population.Parameters().as_dict())
    assert js["PARAMETER_RANGES_ACCEPTED"] == {k: list(v) for k, v in population.Parameters._RANGES.items()}


# --- deterrence (src/upstream/js/models/deterrence.js) ---------------------------------------------


def test_deterrence_matches_python():
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
    calls += [
        {"fn": "present_value", "args": [S, r]},
        {"fn": "expected_cost", "args": [p[0], axis, r[0], L[0]]},
        {"fn": "expected_cost", "args": [p, S, r, 0.5]},
        {"fn": "incapacitation_averted", "args": [axis, q[0], K[0]]},
        {"fn": "compare_doublings", "args": [1.5, 1.0, 0.1]},
        {"fn": "expected_cost", "args": [0.5, 61.0, 0.1]},
        {"fn": "incapacitation_averted", "args": [1.0, 1.0, 0.0]},
    ]
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
        worst = max(
            worst,
            assert_close(out[2 * n + i], deterrence.incapacitation_averted(S[i], q[i], K[i]), "incapacitation_averted"),
        )
    assert_close(out[3 * n], deterrence.present_value(S, r), "present_value (arrays)")
    assert_close(out[3 * n + 1], deterrence.expected_cost(p[0], axis, r[0], L[0]), "expected_cost (sentence axis)")
    assert_close(out[3 * n + 2], deterrence.expected_cost(p, S, r, 0.5), "expected_cost (arrays)")
    assert_close(out[3 * n + 3], deterrence.incapacitation_averted(axis, q[0], K[0]), "incapacitation_averted (axis)")
    for res, needle in zip(js[3 * n + 4 :], ("certainty", "years", "career_years")):
        assert res.get("error") == "ValueError" and needle in res["message"], res
    print(f"deterrence: {3 * n} calls, largest relative difference {worst:.2e}")


# --- screening (src/upstream/js/models/screening.js) ----------------------------------------------


def test_screening_matches_python():
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
    calls += [
        {"fn": "predictive_values", "args": [se, sp, pr]},
        {"fn": "predictive_values", "args": [0.9, 0.7, np.linspace(0, 1, 101)]},
        {"fn": "screen_counts", "args": [0.9, 0.7, 0.1, 0]},
        {"fn": "predictive_values", "args": [1.1, 0.7, 0.1]},
    ]
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


# --- allocation (src/upstream/js/models/allocation.js) --------------------------------------------

MC_DT = 0.2  # the allocator explorer's Monte-Carlo step (upstream.widgets.budget_allocator.MC_DT)


def _moments_agree(js, py, what):
    """Means and standard deviations of two independent samples agree within four standard errors."""
    js, py = np.asarray(js, dtype=float), np.asarray(py, dtype=float)
    worst = 0.0
    for name, stat, se in (("mean", np.mean, _se_mean), ("sd", np.std, _se_sd)):
        a, b = stat(js), stat(py)
        s = math.hypot(se(js), se(py))
        z = abs(a - b) / s if s > 0 else (0.0 if a == b else math.inf)
        assert z <= 4.0, f"{what}: {name} JS {a:.6g} vs Python {b:.6g} is {z:.1f} standard errors apart"
        worst = max(worst, z)
    return worst


def _se_mean(x):
    return np.std(x, ddof=1) / math.sqrt(x.size)


def _se_sd(x):
    # delta method: Var(s^2) ~ (m4 - s^4) / n, d s = d s^2 / (2 s)
    s2 = np.var(x)
    m4 = np.mean((x - x.mean()) ** 4)
    return math.sqrt(max(m4 - s2**2, 0.0) / x.size) / (2 * math.sqrt(s2)) if s2 > 0 else 0.0


def _quantiles_agree(js, py, qs, what):
    """Sample quantiles agree within four standard errors (order-statistic standard errors)."""
    worst = 0.0
    for q in qs:
        a, b = np.quantile(js, q), np.quantile(py, q)
        s = math.hypot(_se_quantile(js, q), _se_quantile(py, q))
        z = abs(a - b) / s if s > 0 else (0.0 if a == b else math.inf)
        assert z <= 4.0, f"{what}: {q:.0%} quantile JS {a:.6g} vs Python {b:.6g} is {z:.1f} standard errors apart"
        worst = max(worst, z)
    return worst


def _se_quantile(x, q):
    x = np.sort(np.asarray(x, dtype=float))
    n = x.size
    s = math.sqrt(n * q * (1 - q))
    lo, hi = int(max(0, math.floor(n * q - s))), int(min(n - 1, math.ceil(n * q + s)))
    return (x[hi] - x[lo]) / 2


@pytest.fixture(scope="module")
def allocation_cases():
    rng = np.random.default_rng(505)
    # split_budget: random totals, shares adding to at most 1, any remainder lever
    splits = []
    for _ in range(N_CASES):
        shares = rng.dirichlet(np.ones(4))[:3] * rng.uniform(0.5, 1.0)
        splits.append((float(rng.uniform(0.01, 100)), *map(float, shares), population.LEVERS[int(rng.integers(4))]))
    splits.append((2.0, 0.5, 0.5, 0.0, "prosecution"))
    # deterministic runs under the same (Python) draws
    draws = allocation.draw_parameters(70, seed=11)
    budgets = np.array([[0.5, 0.5, 0.5, 0.5], [2.0, 0.0, 0.0, 0.0], [0.1, 1.2, 0.3, 0.9]])
    small_draws = allocation.draw_parameters(12, seed=12, central=allocation.ASSUMPTION_SETS["more re-exploitation"])
    calls = [{"fn": "split_budget", "args": list(s)} for s in splits]
    i_runs = len(calls)
    calls += [
        {"fn": "run_draws", "args": [budgets, draws, 10.0, None, MC_DT]},
        {"fn": "run_draws", "args": [np.zeros(4), draws, 10.0, None, MC_DT]},
        {"fn": "run_draws", "args": [budgets[2], draws, 7.0, None, 0.1]},
        {"fn": "frontier", "args": [2.0, 0.1]},
        {
            "fn": "frontier",
            "args": [3.0, 0.5, allocation.ASSUMPTION_SETS["slowly diminishing returns"], 5.0, "identifications"],
        },
        {"fn": "robustness", "args": [1.0, 0.25, small_draws, 10.0]},
        {"fn": "robustness", "args": [1.0, 0.25, small_draws, 10.0], "then": ["share_best", []]},
        {"fn": "robustness", "args": [1.0, 0.25, small_draws, 10.0], "then": ["share_within", [2.0]]},
        {"fn": "robustness", "args": [1.0, 0.25, small_draws, 10.0], "then": ["most_robust", [2.0]]},
        {"const": "PARAMETER_RANGES"},
        {"const": "ASSUMPTION_SETS"},
        {"const": "MAX_DRAWS"},
    ]
    # None for simulate_fn: the JS functions then use their default, simulate_many
    js = run_js("allocation", calls)
    return {
        "splits": splits,
        "draws": draws,
        "budgets": budgets,
        "small_draws": small_draws,
        "js_splits": js[:i_runs],
        "js": js[i_runs:],
    }


def test_allocation_split_budget_matches_python(allocation_cases):
    out = values(allocation_cases["js_splits"])
    for args, res in zip(allocation_cases["splits"], out):
        assert_close(res, allocation.split_budget(*args), f"split_budget{args}")
    bad = run_js(
        "allocation",
        [
            {"fn": "split_budget", "args": [2.0, 0.6, 0.5, 0.0]},
            {"fn": "split_budget", "args": [0.0, 0.1, 0.1, 0.1]},
            {"fn": "split_budget", "args": [2.0, 0.1, 0.1, 0.1, "rescue"]},
        ],
    )
    for res, needle in zip(bad, ("add to 110 %", "total", "remainder")):
        assert res.get("error") == "ValueError" and needle in res["message"], res


def test_allocation_deterministic_parts_match_python(allocation_cases):
    c = allocation_cases
    runs, base, one, fr, fr2, rob, share_best, share_within, most_robust, ranges, sets, max_draws = values(c["js"])
    worst = 0.0
    py_runs = allocation.run_draws(c["budgets"], c["draws"], 10.0, dt=MC_DT)
    py_base = allocation.run_draws(np.zeros(4), c["draws"], 10.0, dt=MC_DT)
    for o in population.OUTCOMES:
        worst = max(worst, assert_close(runs[o], py_runs[o], f"run_draws {o}"))
        worst = max(worst, assert_close(base[o], py_base[o], f"run_draws baseline {o}"))
        worst = max(
            worst,
            assert_close(
                one[o], allocation.run_draws(c["budgets"][2], c["draws"], 7.0, dt=0.1)[o], f"run_draws one row {o}"
            ),
        )
    # relative_bands in JS on Python's values (the band is deterministic given the draws)
    bands = values(
        run_js(
            "allocation",
            [
                {"fn": "relative_bands", "args": [py_runs, py_base]},
                {"fn": "relative_bands", "args": [py_runs, py_base, [0.0, 0.25, 0.9, 1.0]]},
            ],
        )
    )
    for o in population.OUTCOMES:
        worst = max(worst, assert_close(bands[0][o], allocation.relative_bands(py_runs, py_base)[o], f"bands {o}"))
        worst = max(
            worst,
            assert_close(
                bands[1][o],
                allocation.relative_bands(py_runs, py_base, (0.0, 0.25, 0.9, 1.0))[o],
                f"bands (other quantiles) {o}",
            ),
        )
    # the full sweep of 1,771 splits, its best split and its slices
    grid, vals = allocation.frontier(2.0, 0.1)
    assert len(fr[0]) == 1771
    assert_close(fr[0], grid, "frontier grid", rtol=0, atol=0)
    worst = max(worst, assert_close(fr[1], vals, "frontier values"))
    grid2, vals2 = allocation.frontier(
        3.0, 0.5, allocation.ASSUMPTION_SETS["slowly diminishing returns"], 5.0, "identifications"
    )
    assert_close(fr2[0], grid2, "frontier grid (3, 0.5)", rtol=0, atol=0)
    worst = max(worst, assert_close(fr2[1], vals2, "frontier (identifications)"))
    calls = []
    for maximise in (False, True):
        calls.append({"fn": "best_split", "args": [grid, vals, maximise]})
    amounts = [0.0, 0.3, 1.0, 2.0]
    for amount in amounts:
        calls.append({"fn": "lever_slice", "args": [grid, vals, "prosecution", amount, "prevention", "identification"]})
    calls.append({"fn": "lever_slice", "args": [grid, vals, "aftercare", 0.5, "identification", "prosecution"]})
    calls.append({"fn": "lever_slice", "args": [grid, vals, "prosecution", 0.05, "prevention", "identification"]})
    js = run_js("allocation", calls)
    out = values(js[:-1])
    for maximise, (row, value) in zip((False, True), out[:2]):
        py_row, py_value = allocation.best_split(grid, vals, maximise)
        np.testing.assert_array_equal(row, py_row)
        assert_close(value, py_value, "best_split value")
    for (fixed, amount, x, y), (levels, z) in zip(
        [("prosecution", a, "prevention", "identification") for a in amounts]
        + [("aftercare", 0.5, "identification", "prosecution")],
        out[2:],
    ):
        py_levels, py_z = allocation.lever_slice(grid, vals, fixed, amount, x, y)
        assert_close(levels, py_levels, "lever_slice levels")
        assert_close(z, py_z, f"lever_slice z ({fixed} = {amount})")
    assert js[-1].get("error") == "ValueError" and "amount" in js[-1]["message"]
    # robustness under the same (Python) draws
    py_rob = allocation.robustness(1.0, 0.25, c["small_draws"], 10.0)
    assert_close(rob["grid"], py_rob.grid, "robustness grid", rtol=0, atol=0)
    worst = max(worst, assert_close(rob["values"], py_rob.values, "robustness values"))
    np.testing.assert_array_equal(rob["best_index"], py_rob.best_index)
    # regret = 100 (v / best - 1) cancels digits: compare the ratio v / best
    assert_close(1 + np.asarray(rob["regret"]) / 100, 1 + py_rob.regret / 100, "robustness regret")
    assert_close(share_best, py_rob.share_best(), "share_best")
    assert_close(share_within, py_rob.share_within(2.0), "share_within")
    py_mr = py_rob.most_robust(2.0)
    np.testing.assert_array_equal(most_robust[0], py_mr[0])
    assert most_robust[1] == pytest.approx(py_mr[1], rel=1e-12)
    # the constants are Python's
    assert ranges == {k: list(v) for k, v in allocation.PARAMETER_RANGES.items()}
    assert list(ranges) == list(allocation.PARAMETER_RANGES)  # same order: the draws use it
    assert sets == {name: p.as_dict() for name, p in allocation.ASSUMPTION_SETS.items()}
    assert max_draws == allocation.MAX_DRAWS
    print(f"allocation: largest relative difference {worst:.2e}")


N_RUNS = 2000  # seeded runs for the distribution comparisons


def test_allocation_draws_and_uncertainty_band_agree_in_distribution():
    """JS's own generator: parameter draws and the allocator's band match Python's in distribution."""
    central = allocation.ASSUMPTION_SETS["prevention works less"]
    budgets = np.array([[0.5, 0.5, 0.5, 0.5], [0.0, 1.5, 0.0, 0.5]])
    js = values(
        run_js(
            "allocation",
            [
                {"fn": "draw_parameters", "args": [N_RUNS, 7, central]},
                {"fn": "run_draws", "args": [budgets, {"__ref__": 0}, 10.0, None, MC_DT]},
                {"fn": "run_draws", "args": [np.zeros(4), {"__ref__": 0}, 10.0, None, MC_DT]},
                {"fn": "relative_bands", "args": [{"__ref__": 1}, {"__ref__": 2}]},
                {"fn": "draw_parameters", "args": [5, 7, central]},
                {"fn": "draw_parameters", "args": [5, 7, central]},
                {"fn": "draw_parameters", "args": [5, 8, central]},
            ],
        )
    )
    draws_js, runs_js, base_js, bands_js, again_a, again_b, other = js
    py_draws = allocation.draw_parameters(N_RUNS, 7, central)
    worst = 0.0
    for name, (lo, hi) in allocation.PARAMETER_RANGES.items():
        x = np.asarray(draws_js[name])
        base = getattr(central, name)
        cap = 1.0 if name in {"d_max", "prevention_v_cut", "prevention_beta_cut", "aftercare_gamma_cut"} else np.inf
        assert np.all(x >= base * lo - 1e-12) and np.all(x <= min(base * hi, cap) + 1e-12), name
        worst = max(worst, _moments_agree(x, getattr(py_draws, name), f"draw_parameters {name}"))
    # fields without a range keep their central value
    assert draws_js["N"] == central.N and draws_js["a"] == central.a
    # seeded: the same seed gives the same draws, another seed others
    assert again_a == again_b and again_a != other
    py_runs = allocation.run_draws(budgets, py_draws, 10.0, dt=MC_DT)
    py_base = allocation.run_draws(np.zeros(4), py_draws, 10.0, dt=MC_DT)
    py_bands = allocation.relative_bands(py_runs, py_base)
    for o in population.OUTCOMES:
        for k in range(len(budgets)):
            rel_js = 100 * np.asarray(runs_js[o][k]) / np.asarray(base_js[o][0])
            rel_py = 100 * py_runs[o][k] / py_base[o][0]
            worst = max(worst, _moments_agree(rel_js, rel_py, f"band {o}, budget {k}"))
            worst = max(worst, _quantiles_agree(rel_js, rel_py, (0.05, 0.5, 0.95), f"band {o}, budget {k}"))
            assert_close(
                bands_js[o][k],
                allocation.relative_bands(
                    {o2: np.asarray(runs_js[o2]) for o2 in population.OUTCOMES},
                    {o2: np.asarray(base_js[o2]) for o2 in population.OUTCOMES},
                )[o][k],
                f"JS band of JS runs {o}",
            )
            assert py_bands[o].shape == (len(budgets), 3)
    print(f"allocation draws and band: largest distance {worst:.2f} standard errors")


# --- capture-recapture (src/upstream/js/models/capture.js) -----------------------------------------


def test_capture_estimators_match_python():
    rng = np.random.default_rng(202)
    n = N_CASES
    n1 = rng.integers(0, 5000, n)
    n2 = rng.integers(0, 5000, n)
    m = np.array([rng.integers(0, min(a, b) + 1) for a, b in zip(n1, n2)])
    m[:10] = 0  # Lincoln-Petersen is infinite there; Chapman is defined
    z = rng.uniform(0.5, 5.0, n)
    calls = [{"fn": "chapman", "args": [int(n1[i]), int(n2[i]), int(m[i]), z[i]]} for i in range(n)]
    calls += [{"fn": "lincoln_petersen", "args": [int(n1[i]), int(n2[i]), int(m[i])]} for i in range(n)]
    calls += [
        {"fn": "chapman", "args": [n1, n2, m]},
        {"fn": "lincoln_petersen", "args": [n1, n2, m]},
        {"const": "_Z"},
        {"const": "MAX_N"},
        {"const": "MAX_SIMS"},
        {"fn": "chapman", "args": [10, 5, 6]},
        {"fn": "lincoln_petersen", "args": [10.5, 5, 2]},
        {"fn": "simulate_lists", "args": [0, 0.3, 0.3]},
        {"fn": "simulate_lists", "args": [100, 0.995, 0.3]},
        {"fn": "chapman", "args": [10, 5, 2, 0.0]},
    ]
    js = run_js("capture", calls)
    out = values(js[: 2 * n + 5])
    worst = 0.0
    for i in range(n):
        py = capture.chapman(n1[i], n2[i], m[i], z[i])
        for k in ("N_hat", "lower", "upper"):
            worst = max(worst, assert_close(out[i][k], getattr(py, k), f"chapman {k}"))
        worst = max(worst, assert_close(out[n + i], capture.lincoln_petersen(n1[i], n2[i], m[i]), "lincoln_petersen"))
    py = capture.chapman(n1, n2, m)
    for k in ("N_hat", "lower", "upper"):
        assert_close(out[2 * n][k], getattr(py, k), f"chapman arrays {k}")
    assert_close(out[2 * n + 1], capture.lincoln_petersen(n1, n2, m), "lincoln_petersen arrays")
    worst = max(worst, assert_close(out[2 * n + 2], capture._Z, "the 64 catchability quantiles _Z", rtol=1e-13))
    assert out[2 * n + 3] == capture.MAX_N and out[2 * n + 4] == capture.MAX_SIMS
    for res, needle in zip(js[2 * n + 5 :], ("m (people on both lists)", "n1", "N", "p1", "z")):
        assert res.get("error") == "ValueError" and needle in res["message"], res
    print(f"capture estimators: largest relative difference {worst:.2e}")


#: (N, p1, p2, dependence, heterogeneity): independent, dependent both ways, heterogeneous, extremes
CAPTURE_SETTINGS = [
    (1000, 0.3, 0.3, 0.0, 0.0),
    (5000, 0.05, 0.9, 0.4, 0.0),
    (200, 0.5, 0.2, -0.6, 0.0),
    (1000, 0.3, 0.3, 0.0, 1.0),
    (700, 0.2, 0.6, 0.3, 2.0),
    (150, 0.9, 0.1, -0.8, 0.5),
    (100_000, 0.01, 0.99, 0.0, 0.0),
    (37, 0.3, 0.4, 1.0, 5.0),
]


def test_capture_simulation_agrees_in_distribution():
    """2,000 seeded surveys per setting: counts and Chapman estimates match Python's in distribution."""
    calls = [{"fn": "simulate_lists", "args": [N, p1, p2, d, h, N_RUNS, 3]} for N, p1, p2, d, h in CAPTURE_SETTINGS]
    calls += [
        {"fn": "simulate_lists", "args": [1000, 0.3, 0.3, 0.0, 1.0, 5, 9]},
        {"fn": "simulate_lists", "args": [1000, 0.3, 0.3, 0.0, 1.0, 5, 9]},
        {"fn": "simulate_lists", "args": [1000, 0.3, 0.3, 0.0, 1.0, 5, 10]},
    ]
    js = values(run_js("capture", calls))
    worst = 0.0
    for setting, res in zip(CAPTURE_SETTINGS, js):
        N = setting[0]
        py = capture.simulate_lists(*setting, n_sims=N_RUNS, seed=3)
        n1, n2, m = (np.asarray(res[k]) for k in ("n1", "n2", "m"))
        assert res["N"] == N and n1.shape == (N_RUNS,)
        assert np.all((0 <= m) & (m <= np.minimum(n1, n2)) & (n1 <= N) & (n2 <= N) & (n1 + n2 - m <= N))
        for name, a, b in (
            ("n1", n1, py.n1),
            ("n2", n2, py.n2),
            ("m", m, py.m),
            ("seen", n1 + n2 - m, py.seen),
            ("Chapman estimate", capture.chapman(n1, n2, m).N_hat, capture.chapman(py.n1, py.n2, py.m).N_hat),
        ):
            worst = max(worst, _moments_agree(a, b, f"simulate_lists{setting} {name}"))
    assert js[-3] == js[-2] and js[-3] != js[-1]  # seeded
    print(f"capture simulation: largest distance {worst:.2f} standard errors")


def _binom_pmf(N: int, p: float, k: np.ndarray) -> np.ndarray:
    lg = np.vectorize(math.lgamma)
    return np.exp(lg(N + 1.0) - lg(k + 1.0) - lg(N - k + 1.0) + k * math.log(p) + (N - k) * math.log1p(-p))


def _chi2_sf(x: float, dof: int) -> float:
    """Upper tail of a chi-square distribution (Wilson-Hilferty; ample for a 1e-4 threshold)."""
    z = ((x / dof) ** (1 / 3) - (1 - 2 / (9 * dof))) / math.sqrt(2 / (9 * dof))
    return 0.5 * math.erfc(z / math.sqrt(2))


def _chi2_p_value(x: np.ndarray, pmf: np.ndarray) -> float | None:
    """p-value of a chi-square test of the counts ``x`` against the probabilities ``pmf`` of 0, 1, ...,
    over bins of at least 5 expected counts each (None if that leaves fewer than 3 bins)."""
    x = np.asarray(x)
    observed, expected, acc_o, acc_e = [], [], 0, 0.0
    counts = np.bincount(x, minlength=pmf.size)
    assert counts.size == pmf.size, f"a count above {pmf.size - 1}"
    tail = (1 - np.cumsum(pmf)) * x.size  # expected counts above k
    for k in range(pmf.size):
        acc_o += counts[k]
        acc_e += pmf[k] * x.size
        if acc_e >= 5 and tail[k] >= 5:
            observed.append(acc_o)
            expected.append(acc_e)
            acc_o, acc_e = 0, 0.0
    observed.append(acc_o)
    expected.append(acc_e)
    if len(observed) < 3:
        return None
    o, e = np.asarray(observed, dtype=float), np.asarray(expected)
    e *= o.sum() / e.sum()
    return _chi2_sf(float(np.sum((o - e) ** 2 / e)), len(o) - 1)


def test_capture_binomial_sampler_is_exact():
    """With independent, homogeneous lists n1 ~ Binomial(N, p1) and m ~ Binomial(N, p1 p2) exactly:
    a chi-square test of 2,000 JS surveys against those distributions does not reject (p > 1e-4)."""
    settings = [(20_000, 0.5, 0.5), (5000, 0.03, 0.9), (1000, 0.3, 0.3), (37, 0.9, 0.05)]
    js = values(
        run_js(
            "capture", [{"fn": "simulate_lists", "args": [N, p1, p2, 0.0, 0.0, N_RUNS, 17]} for N, p1, p2 in settings]
        )
    )
    tested = 0
    for (N, p1, p2), res in zip(settings, js):
        for name, x, p in (("n1", res["n1"], p1), ("n2", res["n2"], p2), ("m", res["m"], p1 * p2)):
            p_value = _chi2_p_value(x, _binom_pmf(N, p, np.arange(N + 1, dtype=float)))
            if p_value is None:
                continue
            assert p_value > 1e-4, f"simulate_lists(N={N}, p1={p1}, p2={p2}) {name}: chi-square p = {p_value:.2g}"
            tested += 1
    assert tested >= 10


def test_capture_heterogeneous_sampler_is_exact():
    """With heterogeneity the catchability groups are independent, so m, n1, n2 and the people seen are
    sums of one binomial per group, e.g. m ~ sum over groups g of Binomial(size_g, P(both lists | g)).
    Their exact distributions (the groups' binomials convolved, cell probabilities as in capture.py)
    against 2,000 JS surveys: a chi-square test does not reject (p > 1e-4). The settings cover the
    explorer's range (groups of 8 to 47, drawn from tables) and groups above capture.js's
    TABLE_MAX_N = 128 (drawn by rng.binomial)."""
    settings = [
        (2000, 0.8, 0.45, -0.4, 1.0),
        (500, 0.3, 0.3, 0.0, 2.0),
        (3000, 0.1, 0.9, 0.7, 0.5),
        (5000, 0.3, 0.3, 0.5, 5.0),
        (9000, 0.5, 0.1, 0.0, 0.5),
    ]
    js = values(run_js("capture", [{"fn": "simulate_lists", "args": [*setting, N_RUNS, 23]} for setting in settings]))
    tested = 0
    for (N, p1, p2, d, h), res in zip(settings, js):
        sizes = np.bincount(np.arange(N) * capture._GROUPS // N, minlength=capture._GROUPS)
        q1 = 1.0 / (1.0 + np.exp(-(capture._logit(p1) + h * capture._Z)))
        q2 = 1.0 / (1.0 + np.exp(-(capture._logit(p2) + h * capture._Z)))
        q2_given_1 = q2 + d * (1.0 - q2) if d > 0 else q2 * (1.0 + d)
        cells = np.stack([q1 * q2_given_1, q1 * (1 - q2_given_1), (1 - q1) * q2, (1 - q1) * (1 - q2)], axis=-1)
        cells /= cells.sum(axis=-1, keepdims=True)
        n1, n2, m = (np.asarray(res[k]) for k in ("n1", "n2", "m"))
        for name, x, p_group in (
            ("m", m, cells[:, 0]),
            ("n1", n1, cells[:, 0] + cells[:, 1]),
            ("n2", n2, cells[:, 0] + cells[:, 2]),
            ("seen", n1 + n2 - m, 1 - cells[:, 3]),
        ):
            pmf = np.ones(1)
            for size, p in zip(sizes, p_group):
                pmf = np.convolve(pmf, _binom_pmf(int(size), float(p), np.arange(size + 1, dtype=float)))
            p_value = _chi2_p_value(x, pmf)
            assert p_value is not None, f"simulate_lists{(N, p1, p2, d, h)} {name}: too few bins"
            assert p_value > 1e-4, f"simulate_lists{(N, p1, p2, d, h)} {name}: chi-square p = {p_value:.2g}"
            tested += 1
    assert tested == 4 * len(settings)
