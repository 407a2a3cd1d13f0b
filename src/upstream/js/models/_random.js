// A small seeded random generator for the JavaScript models (no Python counterpart).
//
// Python's models use NumPy's default generator (PCG64). The JavaScript side does not
// reproduce NumPy's stream: it has its own documented generator, and the parity tests
// check that its stochastic outputs agree with Python's *in distribution* (means and
// spreads over 2,000 seeded runs within four standard errors).
//
// Generator: xoshiro128** 1.1 (D. Blackman and S. Vigna, "Scrambled linear pseudorandom
// number generators", ACM TOMS 47(4), 2021; https://prng.di.unimi.it/), 128 bits of
// state, period 2^128 - 1, passes BigCrush. Its state is filled from the seed by
// splitmix32 (a Weyl sequence finished by MurmurHash3's 32-bit mixer), so nearby seeds
// give unrelated streams. Doubles have 53 random bits, uniform in [0, 1).
//
// The same seed gives the same numbers in Node and in every browser (only 32-bit
// integer arithmetic and exact double operations are used).

import { ValueError } from "./_validate.js";

const TWO32 = 4294967296;

function splitmix32(seed) {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * One step of xoshiro128** on its state (four 32-bit words in an Int32Array, updated in
 * place); returns the 32 output bits as a signed 32-bit integer. The state is kept in a
 * typed array rather than in closure variables because engines may box closure variables
 * whose values leave the small-integer range, i.e. allocate on every step.
 */
function xoshiro128ss(st) {
  const s0 = st[0], s1 = st[1], s2 = st[2] ^ s0, s3 = st[3] ^ s1;
  const r = Math.imul(s1, 5);
  st[0] = s0 ^ s3;
  st[1] = s1 ^ s2;
  st[2] = s2 ^ (s1 << 9);
  st[3] = (s3 << 11) | (s3 >>> 21);
  return Math.imul((r << 7) | (r >>> 25), 9);
}

/**
 * A seeded generator: `const rng = make_rng(42); rng.random()`.
 * seed: a whole number in [0, 2^53), or null for a seed from the platform's
 * cryptographic generator (like NumPy's seed=None).
 * Methods: random() a double in [0, 1); uniform(lo, hi) lo + (hi - lo) * random();
 * fill_random(out) (a Float64Array filled with successive random() values); binomial(n, p);
 * multinomial(n, pvals) (an Array of counts). Callers drawing often from the same n and p
 * can table the distribution (binomial_cdf) and invert it (binomial_invert, or guide_table
 * and invert_guided).
 */
export function make_rng(seed = null) {
  if (seed === null || seed === undefined) {
    const w = new Uint32Array(2);
    globalThis.crypto.getRandomValues(w);
    seed = (w[0] & 0x1fffff) * TWO32 + w[1];
  }
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > Number.MAX_SAFE_INTEGER) {
    throw new ValueError(`seed must be a whole number >= 0; got ${seed}`);
  }
  const lo = splitmix32(seed % TWO32);
  const hi = splitmix32(Math.floor(seed / TWO32) ^ 0x5851f42d);
  let s0 = (lo() ^ hi()) >>> 0, s1 = (lo() ^ hi()) >>> 0, s2 = (lo() ^ hi()) >>> 0, s3 = (lo() ^ hi()) >>> 0;
  if ((s0 | s1 | s2 | s3) === 0) s0 = 1; // the all-zero state is the one state to avoid
  const state = Int32Array.of(s0, s1, s2, s3);

  /** Next 32 random bits (xoshiro128**). */
  function next_uint32() {
    return xoshiro128ss(state) >>> 0;
  }

  /** A double in [0, 1) with 53 random bits. */
  function random() {
    const a = xoshiro128ss(state) >>> 5, b = xoshiro128ss(state) >>> 6; // 27 + 26 bits
    return (a * 67108864 + b) / 9007199254740992;
  }

  function uniform(lo_, hi_) {
    return lo_ + (hi_ - lo_) * random();
  }

  /**
   * One Binomial(n, p) draw, exact: inversion of the distribution function, searching
   * outwards from the mode (mode, mode + 1, mode - 1, ...), so the expected work grows
   * like sqrt(n p (1 - p)) rather than n p. The probabilities come from the mode's
   * probability (log-factorials) and the ratio recurrence between neighbours.
   * `fmode`, if given, is binomial_mode_probability(n, p) (callers drawing often
   * from the same n and p cache it).
   */
  function binomial(n, p, fmode = null) {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    const q = 1 - p;
    const mode = binomial_mode(n, p);
    if (fmode === null) fmode = binomial_mode_probability(n, p);
    const r = p / q;
    for (;;) {
      let u = random();
      u -= fmode;
      if (u < 0) return mode;
      let up = mode, fu = fmode, down = mode, fd = fmode;
      // alternate: above, below, above ... until both tails are exhausted
      for (;;) {
        let moved = false;
        if (up < n) {
          fu *= ((n - up) / (up + 1)) * r;
          up += 1;
          u -= fu;
          if (u < 0) return up;
          moved = true;
        }
        if (down > 0) {
          fd *= (down / (n - down + 1)) / r;
          down -= 1;
          u -= fd;
          if (u < 0) return down;
          moved = true;
        }
        if (!moved || (fu < 1e-300 && fd < 1e-300)) break; // rounding left u > 0: draw again
      }
    }
  }

  /** Fill `out` (a Float64Array) with the next out.length values of random(), in order. */
  function fill_random(out) {
    for (let i = 0; i < out.length; i++) out[i] = random();
    return out;
  }

  /** Counts of n draws over categories with probabilities pvals (adding to 1), by conditional binomials. */
  function multinomial(n, pvals) {
    const out = new Array(pvals.length).fill(0);
    let left = n, rest = 1.0;
    for (let j = 0; j < pvals.length - 1 && left > 0; j++) {
      const pj = rest > 0 ? Math.min(1, Math.max(0, pvals[j] / rest)) : 0;
      out[j] = binomial(left, pj);
      left -= out[j];
      rest -= pvals[j];
    }
    out[pvals.length - 1] += left;
    return out;
  }

  return { random, fill_random, uniform, binomial, multinomial, next_uint32 };
}

/**
 * Write the distribution function of Binomial(n, p) (n >= 0 whole, 0 <= p <= 1),
 * F(k) = P(X <= k) for k = 0..n, into out[at .. at + n]; return the mode used by the
 * samplers (binomial_mode). The probabilities, up to a common factor, come from the ratio
 * recurrence outwards from the mode (as in rng.binomial, but starting from 1 rather than
 * the mode's probability, so no logarithms); their running sums are multiplied by the
 * reciprocal of their total (capped at 1), and F(n) is set to exactly 1, so F never
 * decreases and ends at 1. Costs O(n). Draw with binomial_invert (or guide_table and
 * invert_guided).
 */
export function binomial_cdf(n, p, out, at = 0) {
  if (n <= 0 || p <= 0) {
    out.fill(1, at, at + n + 1);
    return 0;
  }
  if (p >= 1) {
    out.fill(0, at, at + n);
    out[at + n] = 1;
    return n;
  }
  const mode = binomial_mode(n, p);
  const r = p / (1 - p), rinv = (1 - p) / p;
  let f = (out[at + mode] = 1);
  for (let k = mode; k < n; k++) out[at + k + 1] = f *= ((n - k) / (k + 1)) * r;
  f = 1;
  for (let k = mode; k > 0; k--) out[at + k - 1] = f *= (k / (n - k + 1)) * rinv;
  let total = 0;
  for (let k = at; k <= at + n; k++) out[k] = total += out[k];
  const scale = 1 / total;
  for (let k = at; k < at + n; k++) out[k] *= scale;
  out[at + n] = 1;
  for (let k = at + n - 1; k >= at && out[k] > 1; k--) out[k] = 1; // rounding may pass 1 where F is 1
  return mode;
}

/**
 * Exact inversion of a distribution function written by binomial_cdf(n, p, cdf, at) (which
 * returned `mode`): for u in [0, 1), the smallest k with u < F(k), found by stepping from
 * the mode (on average about 1 + 0.8 sqrt(n p (1 - p)) comparisons, no arithmetic). With u
 * uniform it is a Binomial(n, p) draw.
 */
export function binomial_invert(cdf, at, n, mode, u) {
  let k = at + mode;
  if (u < cdf[k]) {
    while (k > at && u < cdf[k - 1]) k -= 1;
  } else {
    do k += 1;
    while (u >= cdf[k]); // stops at at + n at the latest, where F(n) = 1 > u
  }
  return k - at;
}

/**
 * Guide table (Chen and Asau) for a distribution function F(0..n) in cdf[at .. at + n]
 * with F(n) = 1 (as binomial_cdf writes it): guide[gat + i], i = 0..buckets, is the
 * smallest k with fl(F(k) * buckets) >= i. Every u in [0, 1) whose fl(u * buckets) rounds
 * down to i has F(k) < u for all k below guide[gat + i], so an inversion may start there.
 * With buckets a few times n + 1, most buckets hold no step of F and a draw needs one
 * comparison (invert_guided). `guide` may be any integer typed array that holds n.
 */
export function guide_table(cdf, at, n, guide, gat, buckets) {
  for (let i = 0, k = 0; i <= buckets; i++) {
    while (cdf[at + k] * buckets < i) k += 1;
    guide[gat + i] = k;
  }
}

/**
 * Exact inversion of F (see guide_table): for u in [0, 1), the smallest k with u < F(k).
 * With u uniform and F from binomial_cdf(n, p, ...) it is a Binomial(n, p) draw.
 */
export function invert_guided(cdf, at, guide, gat, buckets, u) {
  let k = at + guide[gat + Math.floor(u * buckets)];
  while (u >= cdf[k]) k += 1; // stops at at + n at the latest, where F(n) = 1 > u
  return k - at;
}

/** The mode of Binomial(n, p) used by the sampler, floor((n + 1) p) capped at n. */
export function binomial_mode(n, p) {
  return Math.min(n, Math.floor((n + 1) * p));
}

/** The probability of the mode of Binomial(n, p), 0 < p < 1. */
export function binomial_mode_probability(n, p) {
  const mode = binomial_mode(n, p);
  return Math.exp(log_factorial(n) - log_factorial(mode) - log_factorial(n - mode)
    + mode * Math.log(p) + (n - mode) * Math.log1p(-p));
}

const LOG_FACT_TABLE = (() => {
  const t = new Float64Array(1025);
  for (let k = 2; k <= 1024; k++) t[k] = t[k - 1] + Math.log(k);
  return t;
})();

/** log(k!) for a whole number k >= 0: a table up to 1024, Stirling's series above (error < 1e-15 relative). */
export function log_factorial(k) {
  if (k <= 1024) return LOG_FACT_TABLE[k];
  const k2 = k * k;
  return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k)
    + (1 / 12 - (1 / 360 - 1 / (1260 * k2)) / k2) / k;
}
