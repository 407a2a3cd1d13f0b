"""An illustrative model of deterrence and incapacitation (lesson 6).

Pure NumPy; no plotting. The model is a textbook simplification (a would-be
offender weighs the expected, discounted cost of punishment), used to show why
research finds that the *certainty* of punishment deters more than its
*severity* (Nagin 2013). Its parameters are illustrative assumptions.

Formulas (plain text)::

    present value of S years of prison, at yearly discount rate r,
    per unit of yearly cost:           PV(S, r) = (1 - exp(-r*S)) / r     (= S when r = 0)
    expected discounted cost:          C = p * exp(-r*L) * PV(S, r)

where p is the probability of conviction for an offence, S the sentence in
years and L the delay in years between offence and the start of the sentence.
Doubling p doubles C; doubling S adds only ``exp(-r*S) * PV(S, r)`` - less, and
less the longer S already is.

Incapacitation (crimes averted while the offender is in prison), with an
offending rate ``q`` per year and a criminal career that ends at rate ``1/K``
(mean remaining career K years)::

    averted(S) = q * K * (1 - exp(-S/K))

so years served after the career would have ended avert nothing.
"""

from __future__ import annotations

import numpy as np

from .._validate import check_in_range

__all__ = [
    "MAX_DISCOUNT",
    "MAX_SENTENCE",
    "compare_doublings",
    "expected_cost",
    "incapacitation_averted",
    "present_value",
]

#: Longest sentence the functions accept, in years.
MAX_SENTENCE = 60.0
#: Highest yearly discount rate the functions accept (2 = 200 % per year).
MAX_DISCOUNT = 2.0


def present_value(years, rate):
    """Present value of ``years`` of a unit yearly cost at discount ``rate``.

    Parameters
    ----------
    years : float or array
        Length of the sentence S, in years, in [0, 60].
    rate : float or array
        Yearly discount rate r (per year), in [0, 2]; 0 means no discounting.

    Returns
    -------
    (1 - exp(-r*S)) / r, in "years of prison valued today" (S when r = 0).
    """
    S = np.asarray(check_in_range("years", years, 0.0, MAX_SENTENCE, unit="years"), dtype=float)
    r = np.asarray(check_in_range("rate", rate, 0.0, MAX_DISCOUNT, unit="per year"), dtype=float)
    S, r = np.broadcast_arrays(S, r)
    # -expm1(-rS)/r is accurate for small r; the limit at r = 0 is S.
    with np.errstate(invalid="ignore", divide="ignore"):
        pv = np.where(r > 0, -np.expm1(-r * S) / np.where(r > 0, r, 1.0), S)
    return float(pv) if pv.ndim == 0 else pv


def expected_cost(certainty, years, rate, delay: float = 0.0):
    """Expected, discounted cost of offending: ``p * exp(-r*L) * PV(S, r)``.

    Parameters
    ----------
    certainty : float or array
        Probability p that an offence leads to conviction, in [0, 1].
    years : float or array
        Sentence S in years, in [0, 60].
    rate : float or array
        Yearly discount rate r, in [0, 2].
    delay : float
        Years L from offence to the start of the sentence, in [0, 20].

    Returns
    -------
    Cost in "years of prison valued today" per offence.
    """
    p = np.asarray(check_in_range("certainty", certainty, 0.0, 1.0), dtype=float)
    L = check_in_range("delay", delay, 0.0, 20.0, unit="years")
    r = np.asarray(check_in_range("rate", rate, 0.0, MAX_DISCOUNT, unit="per year"), dtype=float)
    c = p * np.exp(-r * L) * present_value(years, r)
    c = np.asarray(c)
    return float(c) if c.ndim == 0 else c


def compare_doublings(certainty: float, years: float, rate: float, delay: float = 0.0) -> dict:
    """Expected cost now, with the sentence doubled, and with the chance of conviction doubled.

    A doubled sentence is capped at 60 years and a doubled certainty at 1; the
    returned ``capped`` entries say whether that happened.

    Returns
    -------
    dict with keys ``now``, ``double_sentence``, ``double_certainty`` (costs),
    ``gain_sentence_pct`` and ``gain_certainty_pct`` (rise over ``now`` in %),
    ``sentence_capped`` and ``certainty_capped`` (bool).
    """
    p = check_in_range("certainty", certainty, 0.0, 1.0)
    S = check_in_range("years", years, 0.0, MAX_SENTENCE, unit="years")
    now = expected_cost(p, S, rate, delay)
    s2, p2 = min(2.0 * S, MAX_SENTENCE), min(2.0 * p, 1.0)
    ds = expected_cost(p, s2, rate, delay)
    dc = expected_cost(p2, S, rate, delay)

    def gain(x):
        return 100.0 * (x / now - 1.0) if now > 0 else 0.0

    return {
        "now": now,
        "double_sentence": ds,
        "double_certainty": dc,
        "gain_sentence_pct": gain(ds),
        "gain_certainty_pct": gain(dc),
        "sentence_capped": 2.0 * S > MAX_SENTENCE,
        "certainty_capped": 2.0 * p > 1.0,
    }


def incapacitation_averted(years, offences_per_year: float, career_years: float):
    """Offences averted while in prison: ``q * K * (1 - exp(-S/K))``.

    Parameters
    ----------
    years : float or array
        Sentence S in years, in [0, 60].
    offences_per_year : float
        Offending rate q while free, in [0, 1000] per year.
    career_years : float
        Mean remaining criminal career K, in (0, 60] years.
    """
    S = np.asarray(check_in_range("years", years, 0.0, MAX_SENTENCE, unit="years"), dtype=float)
    q = check_in_range("offences_per_year", offences_per_year, 0.0, 1000.0, unit="per year")
    K = check_in_range("career_years", career_years, 0.0, MAX_SENTENCE, lo_open=True, unit="years")
    out = q * K * -np.expm1(-S / K)
    return float(out) if np.ndim(out) == 0 else out
