"""Two-list capture-recapture on a simulated hidden population (pure NumPy).

Lesson 2 uses this to show how a hidden population can be estimated from two
incomplete lists (say, a hotline list and a police list) and when the
estimate goes wrong. Everything here is a simulation: the true size is known,
so a learner can compare the estimate with it.

Model of one survey
-------------------
A population of ``N`` people. Person *i* appears on list 1 with probability
``p1_i`` and on list 2 with probability ``p2_i``:

- **heterogeneity** ``h`` (>= 0): catchability varies between people, the same
  way on both lists, ``logit p_k,i = logit p_k + h z_i``. The population is split
  into 64 equal groups whose ``z`` are the 64 evenly spaced quantiles of a
  standard normal distribution (a fixed, reproducible spread of catchability).
  Then ``p1`` and ``p2`` are the catch probabilities of a typical (median)
  person. People who are easy to find are easy to find for both lists.
- **dependence** ``d`` in [-1, 1]: being on list 1 changes the chance of being
  on list 2 (for example, police refer the people they meet to a service that
  keeps the second list). For someone on list 1, ``p2_i`` becomes
  ``p2_i + d (1 - p2_i)`` if ``d > 0`` and ``p2_i (1 + d)`` if ``d < 0``.

With ``h = 0`` and ``d = 0`` the lists are independent and homogeneous, the
assumptions under which the Lincoln-Petersen and Chapman estimators work.
Positive dependence or heterogeneity inflate the overlap ``m`` and bias the
estimates low; negative dependence biases them high.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

from .._validate import check_in_range, check_number, check_positive_int

__all__ = [
    "MAX_N",
    "CaptureSample",
    "Estimate",
    "chapman",
    "lincoln_petersen",
    "simulate_lists",
]

#: Largest population the simulator accepts (keeps memory and time small).
MAX_N = 100_000
#: Most surveys per call.
MAX_SIMS = 1_000_000
_GROUPS = 64
#: z of each catchability group: evenly spaced quantiles of a standard normal.
_Z = np.array([NormalDist().inv_cdf((k + 0.5) / _GROUPS) for k in range(_GROUPS)])


@dataclass(frozen=True)
class CaptureSample:
    """Counts from one or more simulated two-list surveys.

    Attributes
    ----------
    N : int
        True population size (known only because it is a simulation).
    n1, n2 : ndarray of int, shape (n_sims,)
        Number of people on list 1 and on list 2.
    m : ndarray of int, shape (n_sims,)
        Number of people on both lists (the overlap).
    """

    N: int
    n1: np.ndarray
    n2: np.ndarray
    m: np.ndarray

    @property
    def seen(self) -> np.ndarray:
        """Distinct people on at least one list, ``n1 + n2 - m``."""
        return self.n1 + self.n2 - self.m

    def __len__(self) -> int:
        return len(self.m)


@dataclass(frozen=True)
class Estimate:
    """A population-size estimate with a 95 % interval (arrays, one per survey)."""

    N_hat: np.ndarray
    lower: np.ndarray
    upper: np.ndarray


def _logit(p):
    return np.log(p) - np.log1p(-p)


def simulate_lists(
    N: int,
    p1: float,
    p2: float,
    dependence: float = 0.0,
    heterogeneity: float = 0.0,
    n_sims: int = 1,
    seed: int | None = 0,
) -> CaptureSample:
    """Simulate ``n_sims`` independent two-list surveys of a population of ``N``.

    Parameters
    ----------
    N : int
        True population size, in [1, 100000].
    p1, p2 : float
        Catch probability of a typical person on list 1 and list 2, in [0.01, 0.99].
    dependence : float
        List dependence ``d`` in [-1, 1] (0 = independent lists; see the module notes).
    heterogeneity : float
        Spread ``h`` of catchability between people on the logit scale, in [0, 5]
        (0 = everyone equally catchable).
    n_sims : int
        Number of independent surveys, in [1, 1000000].
    seed : int or None
        Seed of the random generator (the same seed gives the same surveys).

    Returns
    -------
    CaptureSample
    """
    N = check_positive_int("N", N, hi=MAX_N)
    p1 = check_in_range("p1", p1, 0.01, 0.99)
    p2 = check_in_range("p2", p2, 0.01, 0.99)
    d = check_in_range("dependence", dependence, -1.0, 1.0)
    h = check_in_range("heterogeneity", heterogeneity, 0.0, 5.0)
    n_sims = check_positive_int("n_sims", n_sims, hi=MAX_SIMS)
    rng = np.random.default_rng(seed)
    # Each person lands in one of four cells: both lists, list 1 only, list 2 only, neither.
    # People in one catchability group share the cell probabilities, so a survey is one
    # multinomial draw per group (exact for this model, and fast: no per-person loop).
    if h > 0:
        sizes = np.bincount(np.arange(N) * _GROUPS // N, minlength=_GROUPS)  # as equal as possible
        q1 = 1.0 / (1.0 + np.exp(-(_logit(p1) + h * _Z)))
        q2 = 1.0 / (1.0 + np.exp(-(_logit(p2) + h * _Z)))
    else:
        sizes = np.array([N])
        q1, q2 = np.array([p1]), np.array([p2])
    if d > 0:
        q2_given_1 = q2 + d * (1.0 - q2)
    else:
        q2_given_1 = q2 * (1.0 + d)
    pvals = np.stack([q1 * q2_given_1, q1 * (1 - q2_given_1), (1 - q1) * q2, (1 - q1) * (1 - q2)], axis=-1)
    pvals = pvals / pvals.sum(axis=-1, keepdims=True)
    cells = rng.multinomial(sizes, pvals, size=(n_sims, len(sizes))).sum(axis=1)  # (n_sims, 4)
    m = cells[:, 0].astype(np.int64)
    n1 = m + cells[:, 1]
    n2 = m + cells[:, 2]
    return CaptureSample(N=N, n1=n1, n2=n2, m=m)


def _counts(n1, n2, m):
    for name, x in (("n1", n1), ("n2", n2), ("m", m)):
        check_number(name, x, "a whole number >= 0 (or an array of them)")  # TypeError for str, bool, None
    n1, n2, m = (np.asarray(x) for x in (n1, n2, m))
    for name, x in (("n1", n1), ("n2", n2), ("m", m)):
        if np.any(~np.isfinite(x)) or np.any(x < 0) or np.any(x != np.floor(x)):
            raise ValueError(f"{name} must hold whole numbers >= 0; got {x!r}")
    if np.any(m > np.minimum(n1, n2)):
        raise ValueError(
            f"m (people on both lists) must be in the range [0, min(n1, n2)]; got m={m!r}, n1={n1!r}, n2={n2!r}"
        )
    return n1.astype(float), n2.astype(float), m.astype(float)


def lincoln_petersen(n1, n2, m) -> np.ndarray:
    """Lincoln-Petersen estimate ``n1 n2 / m`` (``inf`` where the overlap ``m`` is 0).

    Parameters
    ----------
    n1, n2, m : int or array of int
        Sizes of list 1, list 2 and their overlap (0 <= m <= min(n1, n2)).
    """
    n1, n2, m = _counts(n1, n2, m)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(m > 0, n1 * n2 / np.where(m > 0, m, 1.0), np.inf)
    return out


def chapman(n1, n2, m, z: float = 1.959964) -> Estimate:
    """Chapman's estimate and a variance-based interval (defined even when ``m`` is 0).

    ``N_hat = (n1 + 1)(n2 + 1) / (m + 1) - 1`` and
    ``Var = (n1 + 1)(n2 + 1)(n1 - m)(n2 - m) / ((m + 1)^2 (m + 2))``; the interval is
    ``N_hat +/- z sqrt(Var)``, with its lower end raised to the number of distinct
    people seen, ``n1 + n2 - m`` (the population cannot be smaller than that).

    Parameters
    ----------
    n1, n2, m : int or array of int
        Sizes of list 1, list 2 and their overlap (0 <= m <= min(n1, n2)).
    z : float
        Normal quantile of the interval, in (0, 5]; 1.96 gives a 95 % interval.
    """
    z = check_in_range("z", z, 0.0, 5.0, lo_open=True)
    n1, n2, m = _counts(n1, n2, m)
    N_hat = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    var = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    half = z * np.sqrt(var)
    seen = n1 + n2 - m
    return Estimate(N_hat=N_hat, lower=np.maximum(N_hat - half, seen), upper=N_hat + half)
