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
 * binomial(n, p); multinomial(n, pvals) (an Array of counts).
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

  return { random, uniform, binomial, multinomial, next_uint32 };
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
