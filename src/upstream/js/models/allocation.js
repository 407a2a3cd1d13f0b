// Splitting a fixed budget across the four levers, with uncertainty (lesson 5).
//
// JavaScript mirror of src/upstream/models/allocation.py: split_budget, draw_parameters,
// run_draws, relative_bands, frontier, best_split, lever_slice, robustness, with the same
// names, parameters and defaults. Plain ES module, no dependencies.
//
// Arrays: a Python (k, n) array is an Array of k Float64Arrays of length n; a (m, 4) budget
// array is an Array of m rows [prevention, identification, aftercare, prosecution].
//
// draw_parameters uses this package's own seeded generator (_random.js), not NumPy's: the
// draws (and so the uncertainty band) agree with Python's in distribution, not draw for
// draw. Everything else is deterministic and agrees with Python to rounding.

import { ValueError, check_in_range, check_positive_int, fmt_g, isArrayLike } from "./_validate.js";
import { make_rng } from "./_random.js";
import { LEVERS, OUTCOMES, PARAMETER_DEFAULTS, Parameters, budget_grid, simulate_many } from "./population.js";

/**
 * Uncertain parameters: [low factor, high factor] applied to the central value, drawn
 * uniformly. Illustrative assumptions (allocation.py: PARAMETER_RANGES; the parity test
 * checks these equal Python's).
 */
export const PARAMETER_RANGES = Object.freeze({
  v: [0.67, 1.5],
  s: [0.75, 1.25],
  beta: [0.6, 1.6],
  rho: [0.6, 1.4],
  e0: [0.67, 1.33],
  gamma: [0.6, 1.4],
  h: [0.6, 1.4],
  mu: [0.75, 1.25],
  pi: [0.5, 1.5],
  delta: [0.5, 1.5],
  d_max: [0.4, 1.2],
  k_d: [0.67, 1.67],
  c: [0.5, 2.0],
  prevention_v_cut: [0.4, 1.2],
  prevention_beta_cut: [0.33, 1.33],
  identification_rho_gain: [0.5, 1.5],
  aftercare_gamma_cut: [0.57, 1.21],
  aftercare_h_gain: [0.5, 1.5],
  prosecution_pi_gain: [0.5, 1.5],
});

/** Named sets of central assumptions (allocation.py: ASSUMPTION_SETS; pinned to Python's by the parity test). */
export const ASSUMPTION_SETS = Object.freeze({
  "central (model defaults)": Parameters(),
  "prevention works less": Parameters({ prevention_v_cut: 0.15, prevention_beta_cut: 0.1 }),
  "more re-exploitation": Parameters({ gamma: 1.0, aftercare_gamma_cut: 0.8 }),
  "slowly diminishing returns": Parameters({ c: 3.0 }),
});

const _FRACTION_FIELDS = new Set(["d_max", "prevention_v_cut", "prevention_beta_cut", "aftercare_gamma_cut"]);
/** Most parameter draws at once (allocation.py: MAX_DRAWS). */
export const MAX_DRAWS = 5000;

/**
 * A budget row from a total and three shares; the `remainder` lever gets the rest.
 * total in (0, 100] $M per year; shares in [0, 1] adding to at most 1.
 * Returns [prevention, identification, aftercare, prosecution] in $M per year.
 * allocation.py: split_budget(total, prevention, identification, aftercare, remainder="prosecution").
 */
export function split_budget(total, prevention, identification, aftercare, remainder = "prosecution") {
  total = check_in_range("total", total, 0.0, 100.0, { lo_open: true, unit: "$M per year" });
  if (!LEVERS.includes(remainder)) {
    throw new ValueError(`remainder must be one of ${LEVERS.join(", ")}; got '${remainder}'`);
  }
  const named = LEVERS.filter((k) => k !== remainder);
  const shares = [prevention, identification, aftercare];
  named.forEach((name, i) => check_in_range(`${name} share`, shares[i], 0.0, 1.0));
  const used = 0 + shares[0] + shares[1] + shares[2];
  if (used > 1.0 + 1e-9) {
    throw new ValueError(
      `the ${named.join(", ")} shares add to ${(100 * used).toFixed(0)} % of the budget; they must add to at ` +
        `most 100 % (the budget is fixed at ${fmt_g(total)} $M per year, and ${remainder} gets the rest)`,
    );
  }
  const row = {};
  named.forEach((k, i) => { row[k] = shares[i] * total; });
  row[remainder] = Math.max(0.0, 1.0 - used) * total;
  return LEVERS.map((k) => row[k]);
}

/**
 * Draw n parameter sets at once, as array fields of one Parameters: each field in
 * `ranges` is central value * U(low, high) (fractions capped at 1); the others keep
 * their central value. n in [1, 5000]; seed a whole number >= 0 (this package's own
 * generator: same seed, same draws, in Node and every browser).
 * allocation.py: draw_parameters(n, seed=2024, central=None, ranges=None).
 */
export function draw_parameters(n, seed = 2024, central = null, ranges = null) {
  n = check_positive_int("n", n, MAX_DRAWS);
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0) {
    throw new ValueError(`seed must be a whole number >= 0; got ${seed}`);
  }
  central = central === null ? Parameters() : central;
  if (central === null || typeof central !== "object" || typeof central.as_dict !== "function") {
    throw new ValueError("central must be a Parameters object");
  }
  ranges = ranges === null ? PARAMETER_RANGES : ranges;
  const rng = make_rng(seed);
  const changes = {};
  for (const [name, [lo, hi]] of Object.entries(ranges)) {
    if (!(name in PARAMETER_DEFAULTS)) throw new ValueError(`ranges names an unknown parameter '${name}'`);
    check_in_range(`${name} low factor`, lo, 0.0, 100.0);
    check_in_range(`${name} high factor`, hi, lo, 100.0);
    const base = central[name];
    if (isArrayLike(base)) throw new ValueError(`central.${name} must be a single number; got an array`);
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) values[i] = base * rng.uniform(lo, hi);
    if (_FRACTION_FIELDS.has(name)) for (let i = 0; i < n; i++) values[i] = Math.min(values[i], 1.0);
    changes[name] = values;
  }
  return central.replace(changes);
}

/** allocation.py: _n_draws. */
function _n_draws(draws) {
  let n = 1;
  for (const v of Object.values(draws.as_dict())) if (isArrayLike(v)) n = Math.max(n, v.length);
  return n;
}

/**
 * Outcomes of every budget under every parameter draw, in one model call.
 * budgets: rows of 4 (or one row); draws: Parameters with array fields of length n.
 * Returns {outcome: Array of k Float64Arrays of length n}.
 * allocation.py: run_draws(budgets, draws, years=10.0, simulate_fn=simulate_many, dt=0.1).
 */
export function run_draws(budgets, draws, years = 10.0, simulate_fn = simulate_many, dt = 0.1) {
  simulate_fn = simulate_fn ?? simulate_many; // null: the default, as undefined
  let b = isArrayLike(budgets) && budgets.length > 0 && typeof budgets[0] === "number" ? [budgets] : budgets;
  if (!isArrayLike(b) || b.length === 0 || b.some((r) => !isArrayLike(r) || r.length !== 4)) {
    throw new ValueError("budgets must have shape (k, 4) with k >= 1");
  }
  if (draws === null || typeof draws !== "object" || typeof draws.as_dict !== "function") {
    throw new ValueError("draws must be a Parameters object");
  }
  check_in_range("years", years, 0.0, 100.0, { lo_open: true, unit: "years" });
  const k = b.length, n = _n_draws(draws);
  const tiled = {};
  // one budget row: the draws are the parameters as they are (tiling once copies them, and
  // replace() would check every value again: a third of an allocator update)
  for (const [name, v] of k === 1 ? [] : Object.entries(draws.as_dict())) {
    if (isArrayLike(v) && v.length > 1) {
      const t = new Float64Array(k * v.length);
      for (let j = 0; j < k; j++) t.set(v, j * v.length);
      tiled[name] = t;
    }
  }
  const params = Object.keys(tiled).length ? draws.replace(tiled) : draws;
  const rows = [];
  for (const row of b) for (let i = 0; i < n; i++) rows.push(Array.from(row, Number));
  const res = simulate_fn(rows, params, years, dt);
  const out = {};
  for (const o of OUTCOMES) {
    const flat = res[o];
    out[o] = Array.from({ length: k }, (_, j) => Float64Array.from(flat.subarray ? flat.subarray(j * n, (j + 1) * n) : flat.slice(j * n, (j + 1) * n)));
  }
  return out;
}

/** Quantile q of sorted values, NumPy's default ("linear") method. */
function quantile_sorted(x, q) {
  const n = x.length;
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, n - 1);
  const t = pos - lo;
  const a = x[lo], b = x[hi];
  const diff = b - a;
  // NumPy's _lerp: the same formula from whichever end is nearer
  return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
}

/** Rows of a (k, n) value: an Array of arrays (a single 1-D array is one row). */
function as2d(v) {
  return isArrayLike(v) && v.length > 0 && typeof v[0] === "number" ? [v] : Array.from(v);
}

/**
 * Quantiles across draws of each outcome as a percentage of its paired baseline.
 * values: {outcome: k rows of n}; baseline: {outcome: one row of n (or n numbers)}.
 * Returns {outcome: Array of k Float64Arrays, one value per quantile} in % (100 = no change).
 * allocation.py: relative_bands(values, baseline, quantiles=(0.05, 0.5, 0.95)).
 */
export function relative_bands(values, baseline, quantiles = [0.05, 0.5, 0.95]) {
  const q = check_in_range("quantiles", quantiles, 0.0, 1.0);
  const out = {};
  for (const o of OUTCOMES) {
    if (!(o in values) || !(o in baseline)) throw new ValueError(`values and baseline must both hold outcome '${o}'`);
    const v = as2d(values[o]);
    const b = as2d(baseline[o]).flatMap((r) => Array.from(r));
    out[o] = v.map((row) => {
      if (b.length !== row.length) {
        throw new ValueError(`baseline must hold one value per draw (${row.length}); got ${b.length} for ${o}`);
      }
      const rel = new Float64Array(row.length);
      for (let i = 0; i < row.length; i++) {
        const r = b[i] > 0 ? (100.0 * row[i]) / b[i] : NaN;
        rel[i] = Number.isNaN(r) ? 100.0 : r;
      }
      rel.sort();
      return Float64Array.from(q, (qq) => quantile_sorted(rel, qq));
    });
  }
  return out;
}

/**
 * Every split of `total` in multiples of `step` and its outcome, in one sweep.
 * Returns [grid (Array of rows of 4), values (Float64Array)].
 * allocation.py: frontier(total, step, params=None, years=10.0, outcome="child_years_exploited", simulate_fn=simulate_many).
 */
export function frontier(total, step, params = null, years = 10.0, outcome = "child_years_exploited",
  simulate_fn = simulate_many) {
  if (!OUTCOMES.includes(outcome)) throw new ValueError(`outcome must be one of ${OUTCOMES.join(", ")}; got '${outcome}'`);
  params = params ?? Parameters();
  simulate_fn = simulate_fn ?? simulate_many;
  const grid = budget_grid(total, step);
  const res = simulate_fn(grid, params, years);
  return [grid, Float64Array.from(res[outcome])];
}

/** Index of the smallest (or largest) value; the first NaN wins, as in NumPy's argmin/argmax. */
function argbest(values, maximise) {
  let best = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) return i;
    if (maximise ? values[i] > values[best] : values[i] < values[best]) best = i;
  }
  return best;
}

/**
 * The row of `grid` with the lowest (or highest) value, and that value: [row, value].
 * allocation.py: best_split(grid, values, maximise=False).
 */
export function best_split(grid, values, maximise = false) {
  if (!isArrayLike(grid) || !isArrayLike(values) || grid.length === 0 || grid.length !== values.length ||
    grid.some((r) => !isArrayLike(r) || r.length !== 4)) {
    throw new ValueError(
      `grid must have shape (m, 4) and values shape (m,), m >= 1; got ${grid?.length} rows and ${values?.length} values`);
  }
  const i = argbest(values, maximise);
  return [Array.from(grid[i], Number), Number(values[i])];
}

/** NumPy's rint (round half to even) of x * 10^9, divided back: np.round(x, 9). */
function round9(x) {
  const y = x * 1e9;
  let r = Math.round(y);
  if (r - y === 0.5 && r % 2 !== 0) r -= 1; // halves to even
  return r / 1e9;
}

function rint(x) {
  let r = Math.round(x);
  if (r - x === 0.5 && r % 2 !== 0) r -= 1;
  return r;
}

/**
 * A 2-D map of `values` with one lever fixed: `x` across, `y` up; the fourth lever is the
 * remainder and cells where x + y exceed what is left are NaN.
 * Returns [levels (Float64Array of L), z (Array of L Float64Arrays: z[i][j] at y = levels[i], x = levels[j])].
 * allocation.py: lever_slice(grid, values, fixed, amount, x, y).
 */
export function lever_slice(grid, values, fixed, amount, x, y) {
  for (const [name, lever] of [["fixed", fixed], ["x", x], ["y", y]]) {
    if (!LEVERS.includes(lever)) throw new ValueError(`${name} must be one of ${LEVERS.join(", ")}; got '${lever}'`);
  }
  if (new Set([fixed, x, y]).size !== 3) {
    throw new ValueError(`fixed, x and y must be three different levers; got ${fixed}, ${x}, ${y}`);
  }
  const levels = Float64Array.from(new Set(grid.map((r) => round9(r[0])))).sort();
  const step = levels.length > 1 ? levels[1] - levels[0] : 1.0;
  const jf = LEVERS.indexOf(fixed), jx = LEVERS.indexOf(x), jy = LEVERS.indexOf(y);
  const atol = 1e-6 * Math.max(1.0, step);
  const close = (a) => Math.abs(a - amount) <= atol + 1e-5 * Math.abs(amount); // np.isclose
  const rows = [];
  grid.forEach((r, i) => { if (close(r[jf])) rows.push(i); });
  if (rows.length === 0) {
    throw new ValueError(
      `amount must be one of the grid's levels for ${fixed} (multiples of ${fmt_g(step)} $M per year up to ` +
        `${fmt_g(levels[levels.length - 1])}); got ${fmt_g(amount)}`,
    );
  }
  const L = levels.length;
  const z = Array.from({ length: L }, () => new Float64Array(L).fill(NaN));
  for (const i of rows) z[rint(grid[i][jy] / step)][rint(grid[i][jx] / step)] = values[i];
  return [levels, z];
}

const ROBUSTNESS_PROTO = {
  /** Fraction of draws in which each split is the best, Float64Array(m) (allocation.py: Robustness.share_best). */
  share_best() {
    const out = new Float64Array(this.grid.length);
    for (const i of this.best_index) out[i] += 1;
    return out.map((c) => c / this.best_index.length);
  },
  /** Fraction of draws in which each split is within tolerance_pct % of the best (Robustness.share_within). */
  share_within(tolerance_pct = 5.0) {
    check_in_range("tolerance_pct", tolerance_pct, 0.0, 100.0);
    return Float64Array.from(this.regret, (row) => row.reduce((acc, r) => acc + (r <= tolerance_pct ? 1 : 0), 0) / row.length);
  },
  /** The split most often within tolerance_pct % of the best, and that fraction: [row, share] (Robustness.most_robust). */
  most_robust(tolerance_pct = 5.0) {
    const share = this.share_within(tolerance_pct);
    const i = argbest(share, true);
    return [this.grid[i], share[i]];
  },
};

/**
 * Evaluate every split of `total` (multiples of `step`) under every draw (at most 200,000
 * scenarios). Returns a Robustness object {grid, values (m rows of n), best_index
 * (Int32Array n), regret (m rows of n, % worse than that draw's best)} with methods
 * share_best(), share_within(tolerance_pct = 5), most_robust(tolerance_pct = 5).
 * allocation.py: robustness(total, step, draws, years=10.0, outcome="child_years_exploited", simulate_fn=simulate_many).
 */
export function robustness(total, step, draws, years = 10.0, outcome = "child_years_exploited", simulate_fn = simulate_many) {
  if (!OUTCOMES.includes(outcome)) throw new ValueError(`outcome must be one of ${OUTCOMES.join(", ")}; got '${outcome}'`);
  const grid = budget_grid(total, step);
  const n = draws !== null && typeof draws === "object" && typeof draws.as_dict === "function" ? _n_draws(draws) : 0;
  if (grid.length * n > 200_000) {
    throw new ValueError(
      `splits x draws must be at most 200000 scenarios; got ${grid.length} x ${n}; use a larger step or fewer draws`);
  }
  const values = run_draws(grid, draws, years, simulate_fn ?? simulate_many)[outcome];
  const m = grid.length;
  const best_index = new Int32Array(n);
  for (let d = 0; d < n; d++) {
    let b = 0;
    for (let i = 0; i < m; i++) {
      if (Number.isNaN(values[i][d])) { b = i; break; }
      if (values[i][d] < values[b][d]) b = i;
    }
    best_index[d] = b;
  }
  const regret = values.map((row) => Float64Array.from(row, (v, d) => 100.0 * (v / values[best_index[d]][d] - 1.0)));
  const r = Object.create(ROBUSTNESS_PROTO);
  Object.assign(r, { grid, values, best_index, regret });
  return Object.freeze(r);
}
