// An illustrative stock-and-flow model of prevention versus rescue (lessons 4, 5, 8).
// Integrated with classical RK4, sub-stepped so each scenario's step suits its own fastest
// rate (substeps), from the closed-form zero-budget steady state.
//
// JavaScript mirror of src/upstream/models/population.py. Same names, same fields, same
// defaults, same formulas in the same order of operations, so results agree with Python to
// rounding (the parity test tests/test_js_parity.py checks 1e-9 relative). Plain ES module,
// no dependencies.
//
// This is a *teaching* model (DESIGN.md section 3), not a measurement: read every output as
// a comparison between scenarios, never as a count of real children.
//
// States (people): S not at elevated risk, R at elevated risk, E being exploited, X exited
// exploitation, T active traffickers.
//
//     lambda = beta * T
//     S' = a*N - (v + a)*S + s*R + h*X
//     R' = v*S - (s + a + lambda)*R
//     E' = lambda*R + gamma*X - (rho + e0 + a)*E
//     X' = (rho + e0)*E - (gamma + h + a)*X
//     T' = mu*(1 - D) - (pi + delta)*T,   D = d_max * pi / (pi + k_d)
//
// Arrays: where Python takes a NumPy array, this module takes a plain Array or a
// Float64Array and returns Float64Arrays. Budget rows are arrays of four numbers in LEVERS
// order; a Python (n, 4) array is an Array of n such rows.

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

/** Longest output step dt allowed, in years (population.py: MAX_DT); the RK4 sub-step inside it is set by substeps. */
export const MAX_DT = 0.25;
/** Longest horizon allowed, in years (population.py: MAX_YEARS). */
export const MAX_YEARS = 100.0;
/** Largest per-capita rate accepted, per year, also the cap on beta * T (population.py: MAX_RATE). */
export const MAX_RATE = 50.0;
// MIN_TRAFFICKER_EXIT in models/population.py: smallest accepted pi + delta (per year)
export const MIN_TRAFFICKER_EXIT = 1e-6;
/** Sub-step target: each RK4 sub-step h keeps h * stiffness <= STEP_THETA (population.py: STEP_THETA). */
export const STEP_THETA = 0.5;

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

/** Accepted range of each field: [low, high, low end open, unit] (population.py: Parameters._RANGES). */
export const PARAMETER_RANGES_ACCEPTED = Object.freeze({
  N: [0.0, 1e9, true, "people"],
  a: [0.0, MAX_RATE, true, "per year"],
  v: [0.0, MAX_RATE, false, "per year"],
  s: [0.0, MAX_RATE, false, "per year"],
  beta: [0.0, MAX_RATE, false, "per trafficker per year"],
  rho: [0.0, MAX_RATE, false, "per year"],
  e0: [0.0, MAX_RATE, false, "per year"],
  gamma: [0.0, MAX_RATE, false, "per year"],
  h: [0.0, MAX_RATE, false, "per year"],
  mu: [0.0, 1e6, false, "traffickers per year"],
  pi: [0.0, MAX_RATE, false, "per year"],
  delta: [0.0, MAX_RATE, false, "per year"],
  d_max: [0.0, 1.0, false, ""],
  k_d: [0.0, MAX_RATE, true, "per year"],
  c: [0.0, 1e6, true, "$M per year"],
  prevention_v_cut: [0.0, 1.0, false, ""],
  prevention_beta_cut: [0.0, 1.0, false, ""],
  identification_rho_gain: [0.0, MAX_RATE, false, "per year"],
  aftercare_gamma_cut: [0.0, 1.0, false, ""],
  aftercare_h_gain: [0.0, 10.0, false, ""],
  prosecution_pi_gain: [0.0, MAX_RATE, false, "per year"],
});

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
    if (isArrayLike(value) && value.length > 0 && isArrayLike(value[0])) {
      throw new ValueError(`${name} must be a number or a 1-D array`);
    }
    const [lo, hi, lo_open, unit] = PARAMETER_RANGES_ACCEPTED[name];
    const checked = check_in_range(name, value, lo, hi, { lo_open, unit });
    if (isArrayLike(checked) && checked.length === 0) {
      throw new ValueError(`${name} must be a number or a non-empty 1-D array; got an empty array`);
    }
    p[name] = checked;
  }
  const n = _n_scenarios(p);
  for (let i = 0; i < n; i++) {
    if (!(at(p.pi, i) + at(p.delta, i) >= MIN_TRAFFICKER_EXIT)) {
      throw new ValueError(
        `pi + delta must be in the range [${MIN_TRAFFICKER_EXIT.toExponential(0).replace("e-", "e-0")}, inf) per year (traffickers must stop at some ` +
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

/** Every field of p as a Float64Array of length n (numbers and length-1 arrays repeated). */
function _vectors(p, n) {
  const out = {};
  for (const name of PARAMETER_FIELDS) {
    const x = p[name];
    if (typeof x !== "number" && x.length === n && x instanceof Float64Array) out[name] = x;
    else out[name] = new Float64Array(n).fill(typeof x === "number" ? x : x[0]);
  }
  return out;
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
  if (!isParameters(params)) throw new TypeError(`params must be a Parameters object; got ${describe(params)}`);
  const p = params;
  const b = _as_budget_array(budgets);
  const n = _n_scenarios(p, b.length);
  const nb = b.length;
  const out = p.as_dict();
  const v = new Float64Array(n), beta = new Float64Array(n), rho = new Float64Array(n);
  const gamma = new Float64Array(n), h = new Float64Array(n), pi = new Float64Array(n);
  const P = _vectors(p, n);
  for (let i = 0; i < n; i++) {
    const row = b[nb === 1 ? 0 : i];
    const c = P.c[i];
    const fp = -Math.expm1(-row[0] / c), fi = -Math.expm1(-row[1] / c);
    const fa = -Math.expm1(-row[2] / c), fr = -Math.expm1(-row[3] / c);
    v[i] = P.v[i] * (1.0 - P.prevention_v_cut[i] * fp);
    beta[i] = P.beta[i] * (1.0 - P.prevention_beta_cut[i] * fp);
    rho[i] = P.rho[i] + P.identification_rho_gain[i] * fi;
    gamma[i] = P.gamma[i] * (1.0 - P.aftercare_gamma_cut[i] * fa);
    h[i] = P.h[i] * (1.0 + P.aftercare_h_gain[i] * fa);
    pi[i] = P.pi[i] + P.prosecution_pi_gain[i] * fr;
  }
  Object.assign(out, { v, beta, rho, gamma, h, pi });
  return parametersUnchecked(out);
}

function describe(x) {
  return x === null ? "null" : isArrayLike(x) ? "an array" : typeof x;
}


/**
 * Closed-form steady state (population.py: _steady_state): with T at its steady state the
 * other four equations are linear; with r = R/S, e = E/S, x = X/S and S + R + E + X = N:
 *     T = mu (1 - D) / (pi + delta),  D = d_max pi / (pi + k_d),  lam = beta T
 *     r = v / (s + a + lam)
 *     e = lam r / kE,  kE = ((rho + e0)(h + a) + a (gamma + h + a)) / (gamma + h + a)
 *     x = (rho + e0) e / (gamma + h + a)
 *     S = N / (1 + r + e + x)
 * Returns [S, R, E, X, T].
 */
function _steady_state(N, a, v, s, beta, rho, e0, gamma, h, mu, pi, delta, d_max, k_d) {
  const D = (d_max * pi) / (pi + k_d);
  const T = (mu * (1.0 - D)) / (pi + delta);
  const lam = beta * T;
  const out_X = gamma + h + a;
  const r = v / (s + a + lam);
  const kE = ((rho + e0) * (h + a) + a * out_X) / out_X;
  const e = (lam * r) / kE;
  const x = ((rho + e0) * e) / out_X;
  const S = N / (1.0 + r + e + x);
  return [S, r * S, e * S, x * S, T];
}

/**
 * Steady state of the model for the given rates (no budget applied).
 * Returns {S, R, E, X, T}: Float64Arrays with one entry per parameter set.
 * population.py: equilibrium(params=None).
 */
export function equilibrium(params = null) {
  const p = params === null ? Parameters() : params;
  if (!isParameters(p)) throw new TypeError(`params must be a Parameters object; got ${describe(p)}`);
  const n = _n_scenarios(p);
  const out = { S: new Float64Array(n), R: new Float64Array(n), E: new Float64Array(n), X: new Float64Array(n), T: new Float64Array(n) };
  const P = _vectors(p, n);
  for (let i = 0; i < n; i++) {
    const st = _steady_state(P.N[i], P.a[i], P.v[i], P.s[i], P.beta[i], P.rho[i],
      P.e0[i], P.gamma[i], P.h[i], P.mu[i], P.pi[i], P.delta[i], P.d_max[i], P.k_d[i]);
    STATES.forEach((k, j) => { out[k][i] = st[j]; });
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
    r.substeps = this.substeps === null ? null : this.substeps[i];
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
 * Validate inputs (population.py: _prepare). Returns {b, p0, p, n, steps, T0, T1}: budget
 * rows (one per scenario), zero-budget and effective parameters, the number of output
 * steps, and the trafficker stock before (T0, zero-budget rates) and long after (T1)
 * the budget acts. Throws if the recruitment hazard beta * T could exceed MAX_RATE.
 */
function _prepare(budgets, params, years, dt) {
  const p0 = params === null || params === undefined ? Parameters() : params;
  if (!isParameters(p0)) throw new TypeError(`params must be a Parameters object; got ${describe(p0)}`);
  const steps = _check_time(years, dt);
  let b = _as_budget_array(budgets);
  const n = _n_scenarios(p0, b.length);
  if (b.length === 1 && n > 1) b = Array.from({ length: n }, () => b[0].slice());
  const p = effective_parameters(p0, b);
  const P0 = _vectors(p0, n), P = _vectors(p, n);
  const T0 = new Float64Array(n), T1 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const pi0 = P0.pi[i], pi = P.pi[i];
    T0[i] = (P0.mu[i] * (1.0 - (P0.d_max[i] * pi0) / (pi0 + P0.k_d[i]))) / (pi0 + P0.delta[i]);
    T1[i] = (P.mu[i] * (1.0 - (P.d_max[i] * pi) / (pi + P.k_d[i]))) / (pi + P.delta[i]);
    const lam_max = P0.beta[i] * Math.max(T0[i], T1[i]);
    if (lam_max > MAX_RATE) {
      throw new ValueError(
        `the recruitment hazard beta * T must stay in the range [0, ${fmt_g(MAX_RATE)}] per year; ` +
          `got ${fmt_g(lam_max)} per year (scenario ${i}: beta=${fmt_g(P0.beta[i])}, traffickers T up ` +
          `to ${fmt_g(Math.max(T0[i], T1[i]))}); lower beta or mu, or raise pi + delta`,
      );
    }
  }
  return { b, p0, p, n, steps, T0, T1, P0, P };
}

/**
 * The step rule (population.py: _step_counts): RK4 sub-steps per output step dt of
 * scenario i, from its own rates after its budget acts (p effective):
 *     lam_max = beta * max(T0, T1)
 *     fastest = max(v + a, s + a + lam_max, rho + e0 + a, gamma + h + a, pi + delta)
 *     m = max(1, ceil(dt * 2 * fastest / STEP_THETA))
 */
function _step_count(P, i, T0, T1, dt) {
  const a = P.a[i];
  const lam_max = P.beta[i] * Math.max(T0, T1);
  const fastest = Math.max(
    P.v[i] + a,
    P.s[i] + a + lam_max,
    P.rho[i] + P.e0[i] + a,
    P.gamma[i] + P.h[i] + a,
    P.pi[i] + P.delta[i],
  );
  const stiffness = 2.0 * fastest;
  return Math.max(1.0, Math.ceil((dt * stiffness) / STEP_THETA));
}

/**
 * RK4 sub-steps per output step dt for each scenario (the step rule), an Int32Array.
 * population.py: substeps(budgets, params=None, dt=0.1).
 */
export function substeps(budgets, params = null, dt = 0.1) {
  dt = check_in_range("dt", dt, 0.0, MAX_DT, { lo_open: true, unit: "years" });
  const { P, n, T0, T1 } = _prepare(budgets, params, dt, dt);
  return Int32Array.from({ length: n }, (_, i) => _step_count(P, i, T0[i], T1[i], dt));
}

/**
 * Integrate one scenario from y0 = [S, R, E, X, T]: `steps` output steps of `dt` years,
 * each covered by `m` classical RK4 sub-steps of hstep = dt / m. Returns the five
 * cumulative outcomes and fills `tr` (five Float64Arrays of steps + 1 values, kept every
 * dt) if given. Scalar code with the same arithmetic, in the same order, as
 * population.py: _rhs and _rk4 (k1 = f(y); k2 = f(y + half k1); k3 = f(y + half k2);
 * k4 = f(y + hstep k3); y += sixth (k1 + 2 (k2 + k3) + k4)).
 */
function _integrate(r, y0, steps, dt, m, tr) {
  const { N, a, v, s, beta, rho, e0, gamma, h, mu, pi, delta, D } = r;
  const source_T = mu * (1.0 - D);
  const loss_T = pi + delta;
  const aN = a * N;
  const va = v + a, sal = s + a;
  const exit_E = rho + e0;
  const loss_E = exit_E + a;
  const loss_X = gamma + h + a;
  const hstep = dt / m;
  const half = 0.5 * hstep;
  const sixth = hstep / 6.0;
  let S = y0[0], R = y0[1], E = y0[2], X = y0[3], T = y0[4];
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0; // cumulative outcomes
  if (tr) { tr[0][0] = S; tr[1][0] = R; tr[2][0] = E; tr[3][0] = X; tr[4][0] = T; }
  for (let step = 0; step < steps; step++) {
    for (let sub = 0; sub < m; sub++) {
      // k1 = f(y)
      let lamR = beta * T * R, gX = gamma * X;
      const a0 = aN - va * S + s * R + h * X, a1 = v * S - sal * R - lamR, a2 = lamR + gX - loss_E * E;
      const a3 = exit_E * E - loss_X * X, a4 = source_T - loss_T * T;
      const a5 = lamR, a6 = gX, a7 = rho * E, a8 = pi * T, a9 = E;
      // k2 = f(y + half * k1)
      let S_ = S + half * a0, R_ = R + half * a1, E_ = E + half * a2, X_ = X + half * a3, T_ = T + half * a4;
      lamR = beta * T_ * R_; gX = gamma * X_;
      const b0 = aN - va * S_ + s * R_ + h * X_, b1 = v * S_ - sal * R_ - lamR, b2 = lamR + gX - loss_E * E_;
      const b3 = exit_E * E_ - loss_X * X_, b4 = source_T - loss_T * T_;
      const b5 = lamR, b6 = gX, b7 = rho * E_, b8 = pi * T_, b9 = E_;
      // k3 = f(y + half * k2)
      S_ = S + half * b0; R_ = R + half * b1; E_ = E + half * b2; X_ = X + half * b3; T_ = T + half * b4;
      lamR = beta * T_ * R_; gX = gamma * X_;
      const d0 = aN - va * S_ + s * R_ + h * X_, d1 = v * S_ - sal * R_ - lamR, d2 = lamR + gX - loss_E * E_;
      const d3 = exit_E * E_ - loss_X * X_, d4 = source_T - loss_T * T_;
      const d5 = lamR, d6 = gX, d7 = rho * E_, d8 = pi * T_, d9 = E_;
      // k4 = f(y + hstep * k3)
      S_ = S + hstep * d0; R_ = R + hstep * d1; E_ = E + hstep * d2; X_ = X + hstep * d3; T_ = T + hstep * d4;
      lamR = beta * T_ * R_; gX = gamma * X_;
      const e0_ = aN - va * S_ + s * R_ + h * X_, e1 = v * S_ - sal * R_ - lamR, e2 = lamR + gX - loss_E * E_;
      const e3 = exit_E * E_ - loss_X * X_, e4 = source_T - loss_T * T_;
      const e5 = lamR, e6 = gX, e7 = rho * E_, e8 = pi * T_, e9 = E_;
      // y = y + sixth * (k1 + 2 (k2 + k3) + k4)
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
    }
    if (tr) { const k = step + 1; tr[0][k] = S; tr[1][k] = R; tr[2][k] = E; tr[3][k] = X; tr[4][k] = T; }
  }
  return [c0, c1, c2, c3, c4];
}

/**
 * Run many scenarios at once (population.py: simulate_many).
 *
 * budgets: a Budget, an Array of Budgets, or an Array of rows [prevention, identification,
 *   aftercare, prosecution] in $M per year, each in [0, 1e6].
 * params: Parameters (fields numbers or arrays of length n or 1); default Parameters().
 * years: horizon in (0, 100]; dt: output step in (0, 0.25], dividing years exactly (the
 *   trajectories are kept every dt; inside each, a scenario takes m RK4 sub-steps of
 *   dt / m, m from its own rates: see substeps).
 * options.trajectories: keep the state trajectories.
 *
 * Returns a Results object: {budgets, years, dt, first_time_exploitations, reexploitations,
 * identifications, convictions, child_years_exploited (Float64Array(n) each), substeps
 * (Int32Array(n)), t, S, R, E, X, T (null unless trajectories: t a Float64Array(steps + 1),
 * S... Arrays of n Float64Arrays)}, with methods outcomes() and getitem(i), and `length`.
 * Each scenario starts from the equilibrium of its own zero-budget rates. Throws
 * ValueError for bad input, including a recruitment hazard beta * T above 50 per year.
 */
export function simulate_many(budgets, params = null, years = 10.0, dt = 0.1, { trajectories = false } = {}) {
  const { b, p0, n, steps, T0, T1, P } = _prepare(budgets, params, years, dt);
  const start = equilibrium(p0);
  const out = {};
  for (const k of OUTCOMES) out[k] = new Float64Array(n);
  const m = new Int32Array(n);
  const traj = trajectories ? Object.fromEntries(STATES.map((k) => [k, new Array(n)])) : null;
  for (let i = 0; i < n; i++) {
    m[i] = _step_count(P, i, T0[i], T1[i], dt);
    const rates = {
      N: P.N[i], a: P.a[i], v: P.v[i], s: P.s[i], beta: P.beta[i],
      rho: P.rho[i], e0: P.e0[i], gamma: P.gamma[i], h: P.h[i],
      mu: P.mu[i], pi: P.pi[i], delta: P.delta[i], D: (P.d_max[i] * P.pi[i]) / (P.pi[i] + P.k_d[i]),
    };
    const y0 = [at(start.S, i), at(start.R, i), at(start.E, i), at(start.X, i), at(start.T, i)];
    const tr = trajectories ? STATES.map(() => new Float64Array(steps + 1)) : null;
    const o = _integrate(rates, y0, steps, dt, m[i], tr);
    for (let j = 0; j < 5; j++) out[OUTCOMES[j]][i] = o[j];
    if (tr) STATES.forEach((k, j) => { traj[k][i] = tr[j]; });
  }
  const res = Object.create(RESULTS_PROTO);
  res.budgets = b;
  res.years = years;
  res.dt = dt;
  Object.assign(res, out);
  res.substeps = m;
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
