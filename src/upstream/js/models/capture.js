// Two-list capture-recapture on a simulated hidden population (lesson 2).
//
// JavaScript mirror of src/upstream/models/capture.py: simulate_lists, lincoln_petersen,
// chapman, same names, parameters and formulas. Plain ES module, no dependencies.
//
// The simulation uses this package's own seeded generator and exact binomial samplers
// (_random.js), not NumPy's: for the same seed the surveys differ from Python's, but they
// follow the same distribution (tests/test_js_parity.py compares means and spreads over
// 2,000 surveys, and tests the counts against their exact distributions).
//
// Model of one survey: N people; person i is on list 1 with probability p1_i and on list 2
// with p2_i, logit p_k,i = logit p_k + h z_i, where the population is split into 64 equal
// groups whose z are the 64 evenly spaced quantiles of a standard normal. Dependence d: for
// someone on list 1, p2_i becomes p2_i + d (1 - p2_i) if d > 0 and p2_i (1 + d) if d < 0.

import { ValueError, check_in_range, check_positive_int, isArrayLike } from "./_validate.js";
import {
  binomial_cdf, binomial_invert, binomial_mode_probability, guide_table, invert_guided, make_rng,
} from "./_random.js";

/** Largest population the simulator accepts (capture.py: MAX_N). */
export const MAX_N = 100_000;
/** Most surveys per call (capture.py: MAX_SIMS). */
export const MAX_SIMS = 1_000_000;
const _GROUPS = 64;
/** Largest n whose Binomial(n, p) draws simulate_lists makes from a table of their distribution. */
const TABLE_MAX_N = 128;
/** Guide-table buckets per table entry (_random.js: guide_table; its entries must hold TABLE_MAX_N). */
const GUIDE = 4;

/** Standard normal distribution function for |z| <= 7, by its Taylor series (all terms positive). */
function norm_cdf_upper_half(z) {
  // Phi(z) = 1/2 + phi(z) * (z + z^3/3 + z^5/(3*5) + ...), z >= 0
  let term = z, sum = z;
  for (let k = 1; k < 400; k++) {
    term *= (z * z) / (2 * k + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return 0.5 + (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)) * sum;
}

/**
 * Quantile of the standard normal distribution for 0.5 <= p < 1 - 1e-12 (bisection,
 * then Newton steps, on the series above; accurate to a few units in the last place).
 */
function norm_inv_cdf_upper(p) {
  let lo = 0, hi = 7.5;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if (norm_cdf_upper_half(mid) < p) lo = mid;
    else hi = mid;
  }
  let z = 0.5 * (lo + hi);
  for (let i = 0; i < 3; i++) {
    z -= (norm_cdf_upper_half(z) - p) / (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI));
  }
  return z;
}

/**
 * z of each catchability group: the evenly spaced quantiles (k + 0.5) / 64 of a
 * standard normal (capture.py: _Z, there from statistics.NormalDist().inv_cdf).
 */
export const _Z = Object.freeze(Array.from({ length: _GROUPS }, (_, k) => {
  const p = (k + 0.5) / _GROUPS;
  return p >= 0.5 ? norm_inv_cdf_upper(p) : -norm_inv_cdf_upper(1 - p);
}));

function _logit(p) {
  return Math.log(p) - Math.log1p(-p);
}

const SAMPLE_PROTO = {
  /** Distinct people on at least one list, n1 + n2 - m (capture.py: CaptureSample.seen). */
  get seen() {
    return Int32Array.from(this.m, (m, i) => this.n1[i] + this.n2[i] - m);
  },
  /** Number of surveys (capture.py: CaptureSample.__len__). */
  get length() {
    return this.m.length;
  },
};

/**
 * Group sizes and the four cell probabilities of each group (both lists, list 1 only,
 * list 2 only, neither): the deterministic part of capture.py: simulate_lists.
 */
export function _cell_probabilities(N, p1, p2, dependence = 0.0, heterogeneity = 0.0) {
  const h = heterogeneity, d = dependence;
  let sizes, q1, q2;
  if (h > 0) {
    sizes = new Array(_GROUPS).fill(0);
    for (let i = 0; i < N; i++) sizes[Math.floor((i * _GROUPS) / N)] += 1; // as equal as possible
    q1 = _Z.map((z) => 1.0 / (1.0 + Math.exp(-(_logit(p1) + h * z))));
    q2 = _Z.map((z) => 1.0 / (1.0 + Math.exp(-(_logit(p2) + h * z))));
  } else {
    sizes = [N];
    q1 = [p1];
    q2 = [p2];
  }
  const pvals = q1.map((a, g) => {
    const b = q2[g];
    const b1 = d > 0 ? b + d * (1.0 - b) : b * (1.0 + d);
    const cells = [a * b1, a * (1 - b1), (1 - a) * b, (1 - a) * (1 - b)];
    const total = cells[0] + cells[1] + cells[2] + cells[3];
    return cells.map((c) => c / total);
  });
  return { sizes, pvals };
}

/**
 * Simulate `n_sims` independent two-list surveys of a population of N.
 * N in [1, 100000]; p1, p2 in [0.01, 0.99]; dependence in [-1, 1]; heterogeneity in [0, 5];
 * n_sims in [1, 1000000]; seed a whole number >= 0 (or null for a random seed).
 * Returns a CaptureSample: {N, n1, n2, m} (Int32Arrays of length n_sims), with getters
 * `seen` (n1 + n2 - m) and `length`.
 * capture.py: simulate_lists(N, p1, p2, dependence=0.0, heterogeneity=0.0, n_sims=1, seed=0).
 */
export function simulate_lists(N, p1, p2, dependence = 0.0, heterogeneity = 0.0, n_sims = 1, seed = 0) {
  N = check_positive_int("N", N, MAX_N);
  p1 = check_in_range("p1", p1, 0.01, 0.99);
  p2 = check_in_range("p2", p2, 0.01, 0.99);
  const d = check_in_range("dependence", dependence, -1.0, 1.0);
  const h = check_in_range("heterogeneity", heterogeneity, 0.0, 5.0);
  n_sims = check_positive_int("n_sims", n_sims, MAX_SIMS);
  for (const [name, v] of [["p1", p1], ["p2", p2], ["dependence", d], ["heterogeneity", h]]) {
    if (isArrayLike(v)) throw new ValueError(`${name} must be a single number`);
  }
  const rng = make_rng(seed);
  // Each person lands in one of four cells; people in one catchability group share the
  // cell probabilities, so a survey is one multinomial draw per group, done as three
  // conditional binomials (cell 1, then 2 among the rest, then 3 among the rest).
  const { sizes, pvals } = _cell_probabilities(N, p1, p2, d, h);
  const G = sizes.length;
  // conditional probability of each stage
  const cond = pvals.map((pv) => {
    const out = [];
    let rest = 1.0;
    for (let j = 0; j < 3; j++) {
      out.push(rest > 0 ? Math.min(1, Math.max(0, pv[j] / rest)) : 0);
      rest -= pv[j];
    }
    return out;
  });
  // Group by group and stage by stage, all surveys at once. Within one stage of one group
  // the same n recurs across surveys (in stage 0 it is always the group's size), so for
  // n <= TABLE_MAX_N each n gets its distribution function once (_random.js: binomial_cdf)
  // and the draws are exact inversions of it, of uniforms made in blocks (rng.fill_random):
  // stage 0's by a guide table (guide_table, invert_guided), stages 1 and 2's by stepping
  // from the mode (binomial_invert), as their many tables are used less often each. Larger
  // n (heterogeneity 0, or N > 64 TABLE_MAX_N) use rng.binomial, whose work grows like
  // sqrt(n) where a table's grows like n.
  const tab_n = Math.min(TABLE_MAX_N, Math.max(...sizes));
  const cdfs = new Float64Array(((tab_n + 1) * (tab_n + 2)) / 2); // F for n at n (n + 1) / 2
  const mode_of = new Int32Array(tab_n + 1); // F's mode for n, -1 if not written in this stage
  const guide = new Uint8Array(GUIDE * (tab_n + 1));
  const u = new Float64Array(Math.min(4096, 3 * G * n_sims));
  let next = u.length;
  const uniform = () => {
    if (next === u.length) {
      rng.fill_random(u);
      next = 0;
    }
    return u[next++];
  };
  // rng.binomial's fmode argument (0 where it returns without one: n = 0, p = 0 or p = 1)
  const mode_probability = (n, p) => (n > 0 && p > 0 && p < 1 ? binomial_mode_probability(n, p) : 0);
  const n1 = new Int32Array(n_sims), n2 = new Int32Array(n_sims), m = new Int32Array(n_sims);
  const left = new Int32Array(n_sims); // people not yet placed in a cell, per survey
  for (let g = 0; g < G; g++) {
    const size = sizes[g], p0 = cond[g][0];
    if (size === 0) continue; // N < 64: an empty group adds nothing
    if (size <= tab_n) {
      const at = (size * (size + 1)) / 2, buckets = GUIDE * (size + 1) - 1;
      binomial_cdf(size, p0, cdfs, at);
      guide_table(cdfs, at, size, guide, 0, buckets);
      for (let i = 0; i < n_sims; i++) {
        const c = invert_guided(cdfs, at, guide, 0, buckets, uniform());
        m[i] += c;
        left[i] = size - c;
      }
    } else {
      const fmode = mode_probability(size, p0);
      for (let i = 0; i < n_sims; i++) {
        const c = rng.binomial(size, p0, fmode);
        m[i] += c;
        left[i] = size - c;
      }
    }
    for (let j = 1; j < 3; j++) {
      const p = cond[g][j], out = j === 1 ? n1 : n2; // list 1 only, list 2 only
      mode_of.fill(-1);
      // n > tab_n -> rng.binomial's mode probability (NaN: not computed yet)
      const fmodes = size > tab_n ? new Float64Array(size + 1).fill(NaN) : null;
      for (let i = 0; i < n_sims; i++) {
        const n = left[i];
        let c;
        if (n <= tab_n) {
          const at = (n * (n + 1)) / 2;
          let mode = mode_of[n];
          if (mode < 0) mode = mode_of[n] = binomial_cdf(n, p, cdfs, at);
          c = binomial_invert(cdfs, at, n, mode, uniform());
        } else {
          let fmode = fmodes[n];
          if (Number.isNaN(fmode)) fmode = fmodes[n] = mode_probability(n, p);
          c = rng.binomial(n, p, fmode);
        }
        out[i] += c;
        left[i] = n - c;
      }
    }
  }
  for (let i = 0; i < n_sims; i++) {
    n1[i] += m[i];
    n2[i] += m[i];
  }
  const sample = Object.create(SAMPLE_PROTO);
  Object.assign(sample, { N, n1, n2, m });
  return Object.freeze(sample);
}

/** capture.py: _counts. Checks whole counts with 0 <= m <= min(n1, n2); returns Float64Arrays (or numbers). */
function _counts(n1, n2, m) {
  const arrays = [n1, n2, m].some(isArrayLike);
  const as = (x) => (isArrayLike(x) ? Float64Array.from(x, Number) : Float64Array.of(x));
  const a = as(n1), b = as(n2), c = as(m);
  const n = Math.max(a.length, b.length, c.length);
  for (const [name, x] of [["n1", a], ["n2", b], ["m", c]]) {
    if (x.length !== 1 && x.length !== n) throw new ValueError(`${name} has ${x.length} values; expected ${n} (or 1)`);
    for (const v of x) {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v !== Math.floor(v)) {
        throw new ValueError(`${name} must hold whole numbers >= 0; got ${v}`);
      }
    }
  }
  const get = (x, i) => (x.length === 1 ? x[0] : x[i]);
  for (let i = 0; i < n; i++) {
    if (get(c, i) > Math.min(get(a, i), get(b, i))) {
      throw new ValueError("m (people on both lists) must be in the range [0, min(n1, n2)]; " +
        `got m=${get(c, i)}, n1=${get(a, i)}, n2=${get(b, i)}`);
    }
  }
  return { n, arrays, get: (i) => [get(a, i), get(b, i), get(c, i)] };
}

/**
 * Lincoln-Petersen estimate n1 n2 / m (Infinity where the overlap m is 0).
 * Numbers give a number; arrays give a Float64Array.
 * capture.py: lincoln_petersen(n1, n2, m).
 */
export function lincoln_petersen(n1, n2, m) {
  const c = _counts(n1, n2, m);
  const out = new Float64Array(c.n);
  for (let i = 0; i < c.n; i++) {
    const [a, b, k] = c.get(i);
    out[i] = k > 0 ? (a * b) / k : Infinity;
  }
  return c.arrays ? out : out[0];
}

/**
 * Chapman's estimate and a variance-based interval: {N_hat, lower, upper}.
 * N_hat = (n1 + 1)(n2 + 1) / (m + 1) - 1; Var = (n1 + 1)(n2 + 1)(n1 - m)(n2 - m) / ((m + 1)^2 (m + 2));
 * interval N_hat -/+ z sqrt(Var), its lower end raised to n1 + n2 - m. z in (0, 5].
 * Numbers give numbers; arrays give Float64Arrays.
 * capture.py: chapman(n1, n2, m, z=1.959964).
 */
export function chapman(n1, n2, m, z = 1.959964) {
  z = check_in_range("z", z, 0.0, 5.0, { lo_open: true });
  const c = _counts(n1, n2, m);
  const N_hat = new Float64Array(c.n), lower = new Float64Array(c.n), upper = new Float64Array(c.n);
  for (let i = 0; i < c.n; i++) {
    const [a, b, k] = c.get(i);
    const nh = ((a + 1) * (b + 1)) / (k + 1) - 1;
    const v = ((a + 1) * (b + 1) * (a - k) * (b - k)) / ((k + 1) ** 2 * (k + 2));
    const half = z * Math.sqrt(v);
    const seen = a + b - k;
    N_hat[i] = nh;
    lower[i] = Math.max(nh - half, seen);
    upper[i] = nh + half;
  }
  return c.arrays ? { N_hat, lower, upper } : { N_hat: N_hat[0], lower: lower[0], upper: upper[0] };
}
