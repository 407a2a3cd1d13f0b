// Screening arithmetic: from sensitivity, specificity and prevalence to PPV (lesson 7).
//
// JavaScript mirror of src/upstream/models/screening.py: predictive_values and
// screen_counts, same names and formulas. Plain ES module, no dependencies. The published
// studies (SCREENING_STUDIES: labels, citations, figures) are content, not model: they
// reach the page from Python's configuration and are not repeated here.
//
//     PPV = sens * prev / (sens * prev + (1 - spec) * (1 - prev))
//     NPV = spec * (1 - prev) / (spec * (1 - prev) + (1 - sens) * prev)

import { ValueError, check_in_range, check_positive_int, isArrayLike, py_round } from "./_validate.js";

function at(x, i) {
  return typeof x === "number" ? x : x.length === 1 ? x[0] : x[i];
}

function pv1(se, sp, pr) {
  const tp = se * pr, fp = (1.0 - sp) * (1.0 - pr);
  const tn = sp * (1.0 - pr), fn = (1.0 - se) * pr;
  return [tp + fp > 0 ? tp / (tp + fp) : NaN, tn + fn > 0 ? tn / (tn + fn) : NaN];
}

/**
 * Positive and negative predictive values of a screen: {ppv, npv}, fractions, NaN where
 * undefined. sensitivity, specificity, prevalence in [0, 1], numbers or arrays (then
 * Float64Arrays are returned).
 * screening.py: predictive_values(sensitivity, specificity, prevalence).
 */
export function predictive_values(sensitivity, specificity, prevalence) {
  const se = check_in_range("sensitivity", sensitivity, 0.0, 1.0);
  const sp = check_in_range("specificity", specificity, 0.0, 1.0);
  const pr = check_in_range("prevalence", prevalence, 0.0, 1.0);
  let n = null;
  for (const [name, v] of [["sensitivity", se], ["specificity", sp], ["prevalence", pr]]) {
    if (isArrayLike(v)) {
      if (v.length !== 1 && n !== null && n !== 1 && n !== v.length) {
        throw new ValueError(`${name} has ${v.length} values but another input has ${n}; arrays must have equal length`);
      }
      n = n === null || n === 1 ? v.length : n;
    }
  }
  if (n === null) {
    const [ppv, npv] = pv1(se, sp, pr);
    return { ppv, npv };
  }
  const ppv = new Float64Array(n), npv = new Float64Array(n);
  for (let i = 0; i < n; i++) [ppv[i], npv[i]] = pv1(at(se, i), at(sp, i), at(pr, i));
  return { ppv, npv };
}

/**
 * Expected true/false positives and negatives among `screened` people, rounded as Python
 * rounds (halves to even): {true_positive, false_positive, false_negative, true_negative,
 * positives, ppv, npv}. screened is a whole number in [1, 10,000,000].
 * screening.py: screen_counts(sensitivity, specificity, prevalence, screened=1000).
 */
export function screen_counts(sensitivity, specificity, prevalence, screened = 1000) {
  screened = check_positive_int("screened", screened, 10_000_000);
  for (const [name, v] of [["sensitivity", sensitivity], ["specificity", specificity], ["prevalence", prevalence]]) {
    if (isArrayLike(v)) throw new ValueError(`${name} must be a single number`);
  }
  const se = check_in_range("sensitivity", sensitivity, 0.0, 1.0);
  const sp = check_in_range("specificity", specificity, 0.0, 1.0);
  const pr = check_in_range("prevalence", prevalence, 0.0, 1.0);
  const have = py_round(screened * pr);
  const tp = py_round(have * se);
  const fn = have - tp;
  const tn = py_round((screened - have) * sp);
  const fp = screened - have - tn;
  const pv = predictive_values(se, sp, pr);
  return {
    true_positive: tp, false_positive: fp, false_negative: fn, true_negative: tn,
    positives: tp + fp, ppv: pv.ppv, npv: pv.npv,
  };
}
