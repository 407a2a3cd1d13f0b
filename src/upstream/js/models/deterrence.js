// An illustrative model of deterrence and incapacitation (lesson 6).
//
// JavaScript mirror of src/upstream/models/deterrence.py: same function names, parameters
// and formulas. Plain ES module, no dependencies. Where Python takes a NumPy array this
// takes an Array or Float64Array (arrays of equal length broadcast element-wise; a number
// or a length-1 array broadcasts against them) and returns a Float64Array.
//
//     present value of S years at yearly discount rate r:  PV(S, r) = (1 - exp(-r*S)) / r   (S when r = 0)
//     expected discounted cost:                            C = p * exp(-r*L) * PV(S, r)
//     offences averted while in prison:                    averted(S) = q * K * (1 - exp(-S/K))

import { ValueError, check_in_range, isArrayLike } from "./_validate.js";

/** Longest sentence the functions accept, in years (deterrence.py: MAX_SENTENCE). */
export const MAX_SENTENCE = 60.0;
/** Highest yearly discount rate the functions accept (deterrence.py: MAX_DISCOUNT). */
export const MAX_DISCOUNT = 2.0;

/** Length of the broadcast of several number-or-array inputs, or null if all are numbers. */
function broadcastLength(names, values) {
  let n = null;
  values.forEach((v, i) => {
    if (!isArrayLike(v)) return;
    if (v.length === 1) {
      if (n === null) n = 1;
      return;
    }
    if (n !== null && n !== 1 && n !== v.length) {
      throw new ValueError(`${names[i]} has ${v.length} values but another input has ${n}; arrays must have equal length`);
    }
    n = v.length;
  });
  return n;
}

function at(x, i) {
  return typeof x === "number" ? x : x.length === 1 ? x[0] : x[i];
}

function pv1(S, r) {
  // -expm1(-rS)/r is accurate for small r; the limit at r = 0 is S.
  return r > 0 ? -Math.expm1(-r * S) / r : S;
}

/**
 * Present value of `years` of a unit yearly cost at discount `rate`: (1 - exp(-r*S)) / r.
 * years in [0, 60], rate in [0, 2] per year (numbers or arrays).
 * deterrence.py: present_value(years, rate).
 */
export function present_value(years, rate) {
  const S = check_in_range("years", years, 0.0, MAX_SENTENCE, { unit: "years" });
  const r = check_in_range("rate", rate, 0.0, MAX_DISCOUNT, { unit: "per year" });
  const n = broadcastLength(["years", "rate"], [S, r]);
  if (n === null) return pv1(S, r);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = pv1(at(S, i), at(r, i));
  return out;
}

/**
 * Expected, discounted cost of offending: p * exp(-r*L) * PV(S, r), in "years of prison
 * valued today" per offence. certainty p in [0, 1], years S in [0, 60], rate r in [0, 2]
 * (numbers or arrays), delay L in [0, 20] years (a number).
 * deterrence.py: expected_cost(certainty, years, rate, delay=0.0).
 */
export function expected_cost(certainty, years, rate, delay = 0.0) {
  const p = check_in_range("certainty", certainty, 0.0, 1.0);
  const L = check_in_range("delay", delay, 0.0, 20.0, { unit: "years" });
  const r = check_in_range("rate", rate, 0.0, MAX_DISCOUNT, { unit: "per year" });
  const pv = present_value(years, r);
  const n = broadcastLength(["certainty", "years", "rate"], [p, pv, r]);
  if (n === null) return p * Math.exp(-r * L) * pv;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = at(p, i) * Math.exp(-at(r, i) * L) * at(pv, i);
  return out;
}

/**
 * Expected cost now, with the sentence doubled (capped at 60 years), and with the chance
 * of conviction doubled (capped at 1). Returns {now, double_sentence, double_certainty,
 * gain_sentence_pct, gain_certainty_pct, sentence_capped, certainty_capped}.
 * deterrence.py: compare_doublings(certainty, years, rate, delay=0.0).
 */
export function compare_doublings(certainty, years, rate, delay = 0.0) {
  if (isArrayLike(certainty)) throw new ValueError("certainty must be a single number");
  if (isArrayLike(years)) throw new ValueError("years must be a single number");
  const p = check_in_range("certainty", certainty, 0.0, 1.0);
  const S = check_in_range("years", years, 0.0, MAX_SENTENCE, { unit: "years" });
  const now = expected_cost(p, S, rate, delay);
  const s2 = Math.min(2.0 * S, MAX_SENTENCE), p2 = Math.min(2.0 * p, 1.0);
  const ds = expected_cost(p, s2, rate, delay);
  const dc = expected_cost(p2, S, rate, delay);
  const gain = (x) => (now > 0 ? 100.0 * (x / now - 1.0) : 0.0);
  return {
    now,
    double_sentence: ds,
    double_certainty: dc,
    gain_sentence_pct: gain(ds),
    gain_certainty_pct: gain(dc),
    sentence_capped: 2.0 * S > MAX_SENTENCE,
    certainty_capped: 2.0 * p > 1.0,
  };
}

/**
 * Offences averted while in prison: q * K * (1 - exp(-S/K)).
 * years S in [0, 60] (number or array), offences_per_year q in [0, 1000],
 * career_years K in (0, 60].
 * deterrence.py: incapacitation_averted(years, offences_per_year, career_years).
 */
export function incapacitation_averted(years, offences_per_year, career_years) {
  const S = check_in_range("years", years, 0.0, MAX_SENTENCE, { unit: "years" });
  const q = check_in_range("offences_per_year", offences_per_year, 0.0, 1000.0, { unit: "per year" });
  const K = check_in_range("career_years", career_years, 0.0, MAX_SENTENCE, { lo_open: true, unit: "years" });
  if (isArrayLike(q) || isArrayLike(K)) throw new ValueError("offences_per_year and career_years must be single numbers");
  if (typeof S === "number") return q * K * -Math.expm1(-S / K);
  return Float64Array.from(S, (s) => q * K * -Math.expm1(-s / K));
}
