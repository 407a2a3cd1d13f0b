// An illustrative stock-and-flow model of prevention versus rescue (lessons 4, 5, 8).
//
// JavaScript mirror of src/upstream/models/population.py (before the layout refactor:
// src/upstream/model.py). Same names, same fields, same defaults, same formulas in the
// same order of operations, so results agree with Python to rounding (the parity test
// tests/test_js_parity.py checks 1e-9 relative). Plain ES module, no dependencies.
//
// This is a *teaching* model (DESIGN.md section 3), not a measurement: read every output
// as a comparison between scenarios, never as a count of real children.
//
// States (people): S not at elevated risk, R at elevated risk, E being exploited,
// X exited exploitation, T active traffickers.
//
//     lambda = beta * T
//     S' = a*N - (v + a)*S + s*R + h*X
//     R' = v*S - (s + a + lambda)*R
//     E' = lambda*R + gamma*X - (rho + e0 + a)*E
//     X' = (rho + e0)*E - (gamma + h + a)*X
//     T' = mu*(1 - D) - (pi + delta)*T,   D = d_max * pi / (pi + k_d)
//
// Arrays: where Python takes a NumPy array, this module takes a plain Array or a
// Float64Array and returns Float64Arrays. Budget rows are arrays of four numbers in
// LEVERS order; a Python (n, 4) array is an Array of n such rows.

import { ValueError, check_in_range, fmt_g, isArrayLike, py_round } from "./_validate.js";

export const LEVERS = Object.freeze(["prevention", "identification", "aftercare", "prosecution"]);
export const STATES = Object.freeze(["S", "R", "E", "X", "T"]);
export const OUTCOMES = Object.freeze([
  "first_time_exploitations",
  "reexploitations",
  "identifications",
  "convictions",
  "child_years_exploited",
]);

/** Longest integration step allowed, in years (population.py: MAX_DT). */
export const MAX_DT = 0.25;
/** Longest horizon allowed, in years (population.py: MAX_YEARS). */
export const MAX_YEARS = 100.0;

/** Default field values of Parameters (population.py: Parameters). All illustrative. */
export const PARAMETER_DEFAULTS = Object.freeze({
  N: 100_000.0,
  a: 1.0 / 6.0,
  v: 0.012,
  s: 0.4,
  beta: 0.0005,
  rho: 0.25,
  e0: 0.15,
  gamma: 0.5,
  h: 0.5,
  mu: 4.0,
  pi: 0.1,
  delta: 0.1,
  d_max: 0.5,
  k_d: 0.3,
  c: 1.0,
  prevention_v_cut: 0.5,
  prevention_beta_cut: 0.3,
  identification_rho_gain: 0.6,
  aftercare_gamma_cut: 0.7,
  aftercare_h_gain: 0.5,
  prosecution_pi_gain: 0.3,
});
const PARAMETER_FIELDS = Object.freeze(Object.keys(PARAMETER_DEFAULTS));
const POSITIVE = new Set(["N", "a", "k_d", "c"]);
const FRACTIONS = new Set(["d_max", "prevention_v_cut", "prevention_beta_cut", "aftercare_gamma_cut"]);

const PARAMETERS_PROTO = {
  /** population.py: Parameters.as_dict */
  as_dict() {
    return Object.fromEntries(PARAMETER_FIELDS.map((k) => [k, this[k]]));
  },
  /** population.py: Parameters.replace (validated again) */
  replace(changes = {}) {
    return Parameters({ ...this.as_dict(), ...changes });
  },
};

/**
 * Rates and effect sizes of the model (population.py: Parameters, a frozen dataclass).
 * `fields` overrides any of PARAMETER_DEFAULTS; each field is a number or a 1-D array
 * (one value per scenario, for simulate_many). Throws ValueError on bad input.
 */
export function Parameters(fields = {}) {
  if (fields === null || typeof fields !== "object" || isArrayLike(fields)) {
    throw new ValueError(`Parameters takes an object of fields; got ${typeof fields}`);
  }
  for (const k of Object.keys(fields)) {
    if (!(k in PARAMETER_DEFAULTS)) {
      throw new ValueError(`Parameters has no field ${k}; fields are ${PARAMETER_FIELDS.join(", ")}`);
    }
  }
  const p = Object.create(PARAMETERS_PROTO);
  for (const name of PARAMETER_FIELDS) {
    const value = fields[name] !== undefined ? fields[name] : PARAMETER_DEFAULTS[name];
    let checked;
    if (FRACTIONS.has(name)) checked = check_in_range(name, value, 0.0, 1.0);
    else if (POSITIVE.has(name)) checked = check_in_range(name, value, 0.0, Infinity, { lo_open: true });
    else checked = check_in_range(name, value, 0.0);
    if (isArrayLike(value) && value.length > 0 && isArrayLike(value[0])) {
      throw new ValueError(`${name} must be a number or a 1-D array`);
    }
    p[name] = checked;
  }
  const n = _n_scenarios(p);
  for (let i = 0; i < n; i++) {
    if (!(at(p.pi, i) + at(p.delta, i) > 0)) {
      throw new ValueError(
        "pi + delta must be in the range (0, inf) per year (traffickers must stop at some " +
          `rate, or their number grows without bound); got pi=${at(p.pi, i)}, delta=${at(p.delta, i)}`,
      );
    }
  }
  return Object.freeze(p);
}

/** A Parameters object built without checks (internal: values derived from checked ones). */
function parametersUnchecked(fields) {
  const p = Object.create(PARAMETERS_PROTO);
  for (const name of PARAMETER_FIELDS) p[name] = fields[name];
  return Object.freeze(p);
}

function isParameters(p) {
  return p !== null && typeof p === "object" && Object.getPrototypeOf(p) === PARAMETERS_PROTO;
}

/** Value i of a field that is a number or an array (length-1 arrays broadcast). */
function at(x, i) {
  if (typeof x === "number") return x;
  return x.length === 1 ? x[0] : x[i];
}

const BUDGET_PROTO = {
  /** population.py: Budget.total ($M per year) */
  get total() {
    return LEVERS.reduce((acc, k) => acc + this[k], 0);
  },
  /** population.py: Budget.as_array (LEVERS order) */
  as_array() {
    return LEVERS.map((k) => this[k]);
  },
};

/**
 * New yearly spending on each lever, in $M per year, each in [0, 1e6]
 * (population.py: Budget). `Budget({prevention: 1})`; missing levers are 0.
 */
export function Budget(fields = {}) {
  if (fields === null || typeof fields !== "object" || isArrayLike(fields)) {
    throw new ValueError("Budget takes an object {prevention, identification, aftercare, prosecution}");
  }
  for (const k of Object.keys(fields)) {
    if (!LEVERS.includes(k)) throw new ValueError(`Budget has no lever ${k}; levers are ${LEVERS.join(", ")}`);
  }
  const b = Object.create(BUDGET_PROTO);
  for (const name of LEVERS) {
    const value = fields[name] !== undefined ? fields[name] : 0.0;
    if (isArrayLike(value)) throw new ValueError(`${name} must be a single number; use simulate_many for arrays`);
    b[name] = check_in_range(name, value, 0.0, 1e6, { unit: "$M per year" });
  }
  return Object.freeze(b);
}

/** `total` $M per year split evenly across the four levers (population.py: Budget.even). */
Budget.even = function even(total) {
  total = check_in_range("total", total, 0.0, 1e6, { unit: "$M per year" });
  return Budget(Object.fromEntries(LEVERS.map((k) => [k, total / 4.0])));
};

/** All of `total` $M per year on one lever (population.py: Budget.single). */
Budget.single = function single(lever, total) {
  if (!LEVERS.includes(lever)) throw new ValueError(`lever must be one of ${LEVERS.join(", ")}; got '${lever}'`);
  return Budget({ [lever]: total });
};

function isBudget(b) {
  return b !== null && typeof b === "object" && Object.getPrototypeOf(b) === BUDGET_PROTO;
}

/**
 * Effect of spending x $M/yr with scale c $M/yr: 1 - exp(-x/c), in [0, 1).
 * population.py: diminishing_returns. x (and c) may be numbers or arrays.
 */
export function diminishing_returns(x, c = 1.0) {
  if (typeof x === "number" && typeof c === "number") return -Math.expm1(-x / c);
  const n = Math.max(isArrayLike(x) ? x.length : 1, isArrayLike(c) ? c.length : 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = -Math.expm1(-at(x, i) / at(c, i));
  return out;
}

/** population.py: _as_budget_array. Returns an Array of rows [p, i, a, r]. */
function _as_budget_array(budgets) {
  let rows;
  if (isBudget(budgets)) rows = [budgets.as_array()];
  else if (isArrayLike(budgets) && budgets.length > 0 && isBudget(budgets[0])) rows = budgets.map((b) => b.as_array());
  else if (isArrayLike(budgets) && budgets.length > 0 && typeof budgets[0] === "number") rows = [Array.from(budgets)];
  else if (isArrayLike(budgets)) rows = Array.from(budgets, (r) => (isArrayLike(r) ? Array.from(r) : r));
  else if (budgets !== null && typeof budgets === "object") rows = [Budget(budgets).as_array()];
  else throw new ValueError(`budgets must be a Budget, a list of Budgets or an array of rows of 4; got ${typeof budgets}`);
  if (rows.length === 0) throw new ValueError("budgets must hold at least one scenario; got 0");
  for (const r of rows) {
    if (!isArrayLike(r) || r.length !== 4) {
      throw new ValueError(`budgets must be a Budget, a list of Budgets or an array of rows of 4 in the order ${LEVERS.join(", ")}`);
    }
  }
  for (let j = 0; j < 4; j++) {
    check_in_range(LEVERS[j], rows.map((r) => r[j]), 0.0, 1e6, { unit: "$M per year" });
  }
  return rows;
}

/**
 * The rates after the budget levers act (arrays with one value per scenario).
 * population.py: effective_parameters(params, budgets).
 */
export function effective_parameters(params, budgets) {
  const p = isParameters(params) ? params : Parameters(params);
  const b = _as_budget_array(budgets);
  const n = _n_scenarios(p, b.length);
  const nb = b.length;
  const out = p.as_dict();
  const v = new Float64Array(n), beta = new Float64Array(n), rho = new Float64Array(n);
  const gamma = new Float64Array(n), h = new Float64Array(n), pi = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = b[nb === 1 ? 0 : i];
    const c = at(p.c, i);
    const fp = -Math.expm1(-row[0] / c), fi = -Math.expm1(-row[1] / c);
    const fa = -Math.expm1(-row[2] / c), fr = -Math.expm1(-row[3] / c);
    v[i] = at(p.v, i) * (1.0 - at(p.prevention_v_cut, i) * fp);
    beta[i] = at(p.beta, i) * (1.0 - at(p.prevention_beta_cut, i) * fp);
    rho[i] = at(p.rho, i) + at(p.identification_rho_gain, i) * fi;
    gamma[i] = at(p.gamma, i) * (1.0 - at(p.aftercare_gamma_cut, i) * fa);
    h[i] = at(p.h, i) * (1.0 + at(p.aftercare_h_gain, i) * fa);
    pi[i] = at(p.pi, i) + at(p.prosecution_pi_gain, i) * fr;
  }
  Object.assign(out, { v, beta, rho, gamma, h, pi });
  return parametersUnchecked(out);
}

/** population.py: _deterrence, for scenario i. */
function _deterrence(p, i) {
  return (at(p.d_max, i) * at(p.pi, i)) / (at(p.pi, i) + at(p.k_d, i));
}

/** Solve the 4x4 system A x = r by Gaussian elimination with partial pivoting (LAPACK dgesv's method). */
function solve4(A, r) {
  const M = A.map((row, i) => [...row, r[i]]);
  for (let k = 0; k < 4; k++) {
    let piv = k;
    for (let i = k + 1; i < 4; i++) if (Math.abs(M[i][k]) > Math.abs(M[piv][k])) piv = i;
    if (piv !== k) [M[k], M[piv]] = [M[piv], M[k]];
    for (let i = k + 1; i < 4; i++) {
      const l = M[i][k] / M[k][k];
      for (let j = k + 1; j < 5; j++) M[i][j] -= l * M[k][j];
    }
  }
  const x = [0, 0, 0, 0];
  for (let i = 3; i >= 0; i--) {
    let s = M[i][4];
    for (let j = i + 1; j < 4; j++) s -= M[i][j] * x[j];
    x[i] = s / M[i][i];
  }
  return x;
}

/**
 * Steady state of the model for the given rates (no budget applied).
 * Returns {S, R, E, X, T}: Float64Arrays with one entry per parameter set.
 * population.py: equilibrium(params=None).
 */
export function equilibrium(params = null) {
  const p = params === null ? Parameters() : isParameters(params) ? params : Parameters(params);
  const n = _n_scenarios(p);
  const out = { S: new Float64Array(n), R: new Float64Array(n), E: new Float64Array(n), X: new Float64Array(n), T: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const [a, v, s, h] = [at(p.a, i), at(p.v, i), at(p.s, i), at(p.h, i)];
    const [rho, e0, gamma] = [at(p.rho, i), at(p.e0, i), at(p.gamma, i)];
    const T = (at(p.mu, i) * (1.0 - _deterrence(p, i))) / (at(p.pi, i) + at(p.delta, i));
    const lam = at(p.beta, i) * T;
    const A = [
      [-(v + a), s, 0, h],
      [v, -(s + a + lam), 0, 0],
      [0, lam, -(rho + e0 + a), gamma],
      [0, 0, rho + e0, -(gamma + h + a)],
    ];
    const x = solve4(A, [-a * at(p.N, i), 0, 0, 0]);
    out.S[i] = x[0]; out.R[i] = x[1]; out.E[i] = x[2]; out.X[i] = x[3]; out.T[i] = T;
  }
  return out;
}

/** Number of scenarios implied by array-valued parameters and n budgets (population.py: _n_scenarios). */
function _n_scenarios(p, n = 1) {
  for (const name of PARAMETER_FIELDS) {
    const v = p[name];
    if (isArrayLike(v) && v.length !== 1) {
      if (n !== 1 && n !== v.length) {
        throw new ValueError(
          `${name} has ${v.length} values but other inputs have ${n}; ` +
            "arrays of parameters and budgets must have equal length (or length 1)",
        );
      }
      n = v.length;
    }
  }
  return n;
}

/** population.py: _check_time. Returns the number of steps of length dt. */
function _check_time(years, dt) {
  years = check_in_range("years", years, 0.0, MAX_YEARS, { lo_open: true, unit: "years" });
  dt = check_in_range("dt", dt, 0.0, MAX_DT, { lo_open: true, unit: "years" });
  const steps = years / dt;
  if (Math.abs(steps - py_round(steps)) > 1e-9 * Math.max(1.0, steps) || py_round(steps) < 1) {
    throw new ValueError(
      `dt must divide years into a whole number of steps; got dt=${fmt_g(dt)} for years=${fmt_g(years)} ` +
        `(years/dt = ${fmt_g(steps)}); choose dt in (0, ${fmt_g(MAX_DT)}] such as 0.1 or 0.05 years`,
    );
  }
  return py_round(steps);
}

/**
 * Number of RK4 sub-steps per step of length dt for one scenario's rates
 * (the step rule, kept in one place so it mirrors Python's exactly).
 * population.py: simulate_many's fixed-step RK4 (one sub-step per dt).
 */
function _substeps(_rates, _dt) {
  return 1;
}

/** Outcome/trajectory method of Results: population.py: Results.outcomes. */
const RESULTS_PROTO = {
  /** The five outcomes as an object of Float64Arrays (population.py: Results.outcomes). */
  outcomes() {
    return Object.fromEntries(OUTCOMES.map((k) => [k, this[k]]));
  },
  /** Number of scenarios (population.py: Results.__len__). */
  get length() {
    return this.budgets.length;
  },
  /** Scenario i as a Result (population.py: Results.__getitem__). */
  getitem(i) {
    if (!Number.isInteger(i) || i < 0 || i >= this.budgets.length) {
      throw new ValueError(`index must be a whole number in [0, ${this.budgets.length - 1}]; got ${i}`);
    }
    const r = Object.create(RESULT_PROTO);
    r.budget = Budget(Object.fromEntries(LEVERS.map((k, j) => [k, this.budgets[i][j]])));
    r.years = this.years;
    r.dt = this.dt;
    for (const k of OUTCOMES) r[k] = this[k][i];
    r.t = this.t;
    for (const k of STATES) r[k] = this[k] === null ? null : this[k][i];
    return Object.freeze(r);
  },
};

const RESULT_PROTO = {
  /** The five outcomes as an object of numbers (population.py: Result.outcomes). */
  outcomes() {
    return Object.fromEntries(OUTCOMES.map((k) => [k, this[k]]));
  },
};

/**
 * Integrate one scenario with RK4 from y0 = [S, R, E, X, T] over `steps` steps of `dt`
 * years; returns the five cumulative outcomes and fills `tr` (five Float64Arrays of
 * steps + 1 values) if given. Scalar code, the same arithmetic as the vectorised
 * loop of population.py: simulate_many (its rhs and RK4 update, in the same order).
 */
function _integrate(r, y0, steps, dt, tr) {
  const { N, a, v, s, beta, rho, e0, gamma, h, mu, pi, delta, D } = r;
  const source_T = mu * (1.0 - D);
  const loss_T = pi + delta;
  const aN = a * N;
  const va = v + a, sal = s + a;
  const exit_E = rho + e0;
  const loss_E = exit_E + a;
  const loss_X = gamma + h + a;
  const sub = _substeps(r, dt);
  if (sub !== 1) throw new Error("sub-stepping is not implemented in this version");
  const half = 0.5 * dt;
  const sixth = dt / 6.0;
  let S = y0[0], R = y0[1], E = y0[2], X = y0[3], T = y0[4];
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0;  // cumulative outcomes
  if (tr) { tr[0][0] = S; tr[1][0] = R; tr[2][0] = E; tr[3][0] = X; tr[4][0] = T; }
  for (let step = 0; step < steps; step++) {
    // k1 = rhs(y)
    let lamR = beta * T * R, gX = gamma * X;
    const a0 = aN - va * S + s * R + h * X, a1 = v * S - sal * R - lamR, a2 = lamR + gX - loss_E * E;
    const a3 = exit_E * E - loss_X * X, a4 = source_T - loss_T * T;
    const a5 = lamR, a6 = gX, a7 = rho * E, a8 = pi * T, a9 = E;
    // k2 = rhs(y + half * k1)
    let S_ = S + half * a0, R_ = R + half * a1, E_ = E + half * a2, X_ = X + half * a3, T_ = T + half * a4;
    lamR = beta * T_ * R_; gX = gamma * X_;
    const b0 = aN - va * S_ + s * R_ + h * X_, b1 = v * S_ - sal * R_ - lamR, b2 = lamR + gX - loss_E * E_;
    const b3 = exit_E * E_ - loss_X * X_, b4 = source_T - loss_T * T_;
    const b5 = lamR, b6 = gX, b7 = rho * E_, b8 = pi * T_, b9 = E_;
    // k3 = rhs(y + half * k2)
    S_ = S + half * b0; R_ = R + half * b1; E_ = E + half * b2; X_ = X + half * b3; T_ = T + half * b4;
    lamR = beta * T_ * R_; gX = gamma * X_;
    const d0 = aN - va * S_ + s * R_ + h * X_, d1 = v * S_ - sal * R_ - lamR, d2 = lamR + gX - loss_E * E_;
    const d3 = exit_E * E_ - loss_X * X_, d4 = source_T - loss_T * T_;
    const d5 = lamR, d6 = gX, d7 = rho * E_, d8 = pi * T_, d9 = E_;
    // k4 = rhs(y + dt * k3)
    S_ = S + dt * d0; R_ = R + dt * d1; E_ = E + dt * d2; X_ = X + dt * d3; T_ = T + dt * d4;
    lamR = beta * T_ * R_; gX = gamma * X_;
    const e0_ = aN - va * S_ + s * R_ + h * X_, e1 = v * S_ - sal * R_ - lamR, e2 = lamR + gX - loss_E * E_;
    const e3 = exit_E * E_ - loss_X * X_, e4 = source_T - loss_T * T_;
    const e5 = lamR, e6 = gX, e7 = rho * E_, e8 = pi * T_, e9 = E_;
    // y = y + dt/6 * (k1 + 2 (k2 + k3) + k4)
    S = S + sixth * (a0 + 2.0 * (b0 + d0) + e0_);
    R = R + sixth * (a1 + 2.0 * (b1 + d1) + e1);
    E = E + sixth * (a2 + 2.0 * (b2 + d2) + e2);
    X = X + sixth * (a3 + 2.0 * (b3 + d3) + e3);
    T = T + sixth * (a4 + 2.0 * (b4 + d4) + e4);
    c0 = c0 + sixth * (a5 + 2.0 * (b5 + d5) + e5);
    c1 = c1 + sixth * (a6 + 2.0 * (b6 + d6) + e6);
    c2 = c2 + sixth * (a7 + 2.0 * (b7 + d7) + e7);
    c3 = c3 + sixth * (a8 + 2.0 * (b8 + d8) + e8);
    c4 = c4 + sixth * (a9 + 2.0 * (b9 + d9) + e9);
    if (tr) { const k = step + 1; tr[0][k] = S; tr[1][k] = R; tr[2][k] = E; tr[3][k] = X; tr[4][k] = T; }
  }
  return [c0, c1, c2, c3, c4];
}

/**
 * Run many scenarios at once (population.py: simulate_many).
 *
 * budgets: a Budget, an Array of Budgets, or an Array of rows [prevention, identification,
 *   aftercare, prosecution] in $M per year.
 * params: Parameters (fields numbers or arrays of length n or 1); default Parameters().
 * years: horizon in (0, 100]; dt: RK4 step in (0, 0.25], dividing years exactly.
 * options.trajectories: keep the state trajectories.
 *
 * Returns a Results object: {budgets, years, dt, first_time_exploitations, reexploitations,
 * identifications, convictions, child_years_exploited (Float64Array(n) each), t, S, R, E, X, T
 * (null unless trajectories: t a Float64Array(steps + 1), S... Arrays of n Float64Arrays)}.
 * Each scenario starts from the equilibrium of its own zero-budget rates.
 */
export function simulate_many(budgets, params = null, years = 10.0, dt = 0.1, { trajectories = false } = {}) {
  const p0 = params === null ? Parameters() : params;
  if (!isParameters(p0)) {
    throw new ValueError(`params must be a Parameters object; got ${p0 === null ? "null" : typeof p0}`);
  }
  const steps = _check_time(years, dt);
  let b = _as_budget_array(budgets);
  const n = _n_scenarios(p0, b.length);
  if (b.length === 1 && n > 1) b = Array.from({ length: n }, () => b[0].slice());
  const start = equilibrium(p0);
  const p = effective_parameters(p0, b);
  const out = {};
  for (const k of OUTCOMES) out[k] = new Float64Array(n);
  const traj = trajectories ? Object.fromEntries(STATES.map((k) => [k, new Array(n)])) : null;
  for (let i = 0; i < n; i++) {
    const rates = {
      N: at(p.N, i), a: at(p.a, i), v: at(p.v, i), s: at(p.s, i), beta: at(p.beta, i),
      rho: at(p.rho, i), e0: at(p.e0, i), gamma: at(p.gamma, i), h: at(p.h, i),
      mu: at(p.mu, i), pi: at(p.pi, i), delta: at(p.delta, i), D: _deterrence(p, i),
    };
    const y0 = [at(start.S, i), at(start.R, i), at(start.E, i), at(start.X, i), at(start.T, i)];
    const tr = trajectories ? STATES.map(() => new Float64Array(steps + 1)) : null;
    const o = _integrate(rates, y0, steps, dt, tr);
    for (let j = 0; j < 5; j++) out[OUTCOMES[j]][i] = o[j];
    if (tr) STATES.forEach((k, j) => { traj[k][i] = tr[j]; });
  }
  const res = Object.create(RESULTS_PROTO);
  res.budgets = b;
  res.years = years;
  res.dt = dt;
  Object.assign(res, out);
  res.t = null;
  for (const k of STATES) res[k] = null;
  if (trajectories) {
    Object.assign(res, traj);
    const stop = steps * dt;
    const stepT = stop / steps;
    res.t = new Float64Array(steps + 1);
    for (let k = 0; k <= steps; k++) res.t[k] = k * stepT;
    res.t[steps] = stop;
  }
  return Object.freeze(res);
}

/**
 * Run one scenario and keep its trajectories (population.py: simulate).
 * budget: a Budget (or a plain object of levers); params: Parameters with scalar fields.
 * Returns a Result: {budget, years, dt, the five outcomes (numbers), t, S, R, E, X, T (Float64Arrays)}.
 */
export function simulate(budget = null, params = null, years = 10.0, dt = 0.1) {
  budget = budget === null ? Budget() : isBudget(budget) ? budget : Budget(budget);
  const p = params === null ? Parameters() : isParameters(params) ? params : Parameters(params);
  if (_n_scenarios(p) !== 1) throw new ValueError("params must hold scalars in simulate; use simulate_many for arrays");
  return simulate_many(budget, p, years, dt, { trajectories: true }).getitem(0);
}

/**
 * Every split of `total` $M/yr across the four levers in multiples of `step`
 * (population.py: budget_grid). Returns an Array of rows [p, i, a, r].
 */
export function budget_grid(total, step) {
  total = check_in_range("total", total, 0.0, 1e6, { lo_open: true, unit: "$M per year" });
  step = check_in_range("step", step, 0.0, total, { lo_open: true, unit: "$M per year" });
  let m = total / step;
  if (Math.abs(m - py_round(m)) > 1e-9 * m || py_round(m) > 200) {
    throw new ValueError(`step must divide total into at most 200 whole parts (total/step = ${fmt_g(m)})`);
  }
  m = py_round(m);
  const rows = [];
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j <= m - i; j++) {
      for (let k = 0; k <= m - i - j; k++) rows.push([i * step, j * step, k * step, (m - i - j - k) * step]);
    }
  }
  return rows;
}
