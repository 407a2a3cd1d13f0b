"""An illustrative stock-and-flow model of prevention versus rescue.

This is a *teaching* model (DESIGN.md section 3), not a measurement. Its
structure, default rates and budget effects are illustrative assumptions chosen
so that a learner can see trade-offs; none is estimated from data. Read every
output as a comparison between scenarios, never as a count of real children.

States (people), for one community's youth aged 12-17:

``S``  not at elevated risk
``R``  at elevated risk
``E``  being exploited
``X``  exited exploitation (identified or left), at risk of re-exploitation
``T``  active traffickers

Equations (time in years)::

    lambda = beta * T
    S' = a*N - (v + a)*S + s*R + h*X
    R' = v*S - (s + a + lambda)*R
    E' = lambda*R + gamma*X - (rho + e0 + a)*E
    X' = (rho + e0)*E - (gamma + h + a)*X
    T' = mu*(1 - D) - (pi + delta)*T,   D = d_max * pi / (pi + k_d)

Four budget levers, in $M per year, act through diminishing returns
``f(x) = 1 - exp(-x / c)``. A run starts from the zero-budget equilibrium and
is integrated with classical fourth-order Runge-Kutta, sub-stepped so that the
step of each scenario suits that scenario's own fastest rate (see
:func:`substeps`). Many scenarios (budgets and/or parameter sets) are
integrated together as arrays: see :func:`simulate_many`.

Accepted inputs (checked at the boundary, see :class:`Parameters`): every
per-capita rate in [0, 50] per year (``a`` in (0, 50]), rate gains of the levers
in [0, 50] per year, ``aftercare_h_gain`` in [0, 10], budgets in [0, 1e6] $M per
year, horizons up to 100 years, and a recruitment hazard ``beta * T`` of at most
50 per year over the run. Within these bounds every outcome agrees with a
stiff reference solver (``scipy.integrate.solve_ivp``, Radau, rtol 1e-10) to
0.1 % (or 0.1 people for outcomes near zero), and no stock goes negative
(tests/test_integrator.py).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

from .._validate import check_in_range, check_number

__all__ = [
    "CAVEAT",
    "LEVERS",
    "OUTCOMES",
    "STATES",
    "Budget",
    "Parameters",
    "Result",
    "Results",
    "budget_grid",
    "diminishing_returns",
    "effective_parameters",
    "equilibrium",
    "simulate",
    "simulate_many",
    "substeps",
]

#: The label every printed output and figure of this model carries. At the defaults
#: about 45 in 100,000 youths are being exploited, which scaled to the US happens to fall
#: inside the published range of estimates: a coincidence of the chosen numbers, not an
#: estimate. No parameter is fitted to data.
CAVEAT = "Illustrative, not calibrated: do not scale."

LEVERS = ("prevention", "identification", "aftercare", "prosecution")
STATES = ("S", "R", "E", "X", "T")
OUTCOMES = (
    "first_time_exploitations",
    "reexploitations",
    "identifications",
    "convictions",
    "child_years_exploited",
)

#: Longest output step ``dt`` allowed, in years. ``dt`` spaces the trajectories;
#: the RK4 sub-step inside it is set by :func:`substeps` (stability and accuracy).
MAX_DT = 0.25
#: Longest horizon allowed, in years.
MAX_YEARS = 100.0
#: Largest per-capita rate accepted, per year (also the cap on ``beta * T``).
MAX_RATE = 50.0
#: smallest accepted pi + delta (per year): below it the trafficker stock mu / (pi + delta)
#: is too large to compute with (it overflows to infinity as pi + delta nears 0)
MIN_TRAFFICKER_EXIT = 1e-6
#: Sub-step target: each RK4 sub-step ``h`` keeps ``h * stiffness <= STEP_THETA``
#: (RK4 is stable for real ``h*lambda`` down to about -2.79; 0.5 keeps it accurate).
STEP_THETA = 0.5


@dataclass(frozen=True)
class Parameters:
    """Rates and effect sizes of the model. All values are illustrative.

    Each field may be a float or a 1-D array (one value per scenario) so that
    many parameter sets run together in :func:`simulate_many`.

    Attributes
    ----------
    N : youth population (people), in (0, 1e9].
    a : ageing-out rate (per year), in (0, 50]; 1/6 means six years in the age band.
    v : rate at which a youth becomes at elevated risk (per year), in [0, 50].
    s : rate at which an at-risk youth returns to lower risk (per year), in [0, 50].
    beta : recruitment hazard per active trafficker (per trafficker per year), in [0, 50];
        a run also needs ``beta * T`` <= 50 per year (see :func:`simulate_many`).
    rho : identification ("rescue") rate of exploited youth (per year), in [0, 50].
    e0 : exit rate without being identified (per year), in [0, 50].
    gamma : re-exploitation rate after exit (per year), in [0, 50].
    h : recovery rate from exited to not at risk (per year), in [0, 50].
    mu : traffickers starting activity (traffickers per year), in [0, 1e6].
    pi : conviction rate of active traffickers (per year), in [0, 50].
    delta : rate at which traffickers stop for other reasons (per year), in [0, 50];
        ``pi + delta`` must be at least :data:`MIN_TRAFFICKER_EXIT` (1e-6 per year).
    d_max : largest fraction of would-be traffickers deterred, in [0, 1].
    k_d : conviction rate at which deterrence is half of ``d_max`` (per year), in (0, 50].
    c : budget scale of diminishing returns ($M per year), in (0, 1e6].
    prevention_v_cut : fraction by which full prevention cuts ``v``, in [0, 1].
    prevention_beta_cut : fraction by which full prevention cuts ``beta``, in [0, 1].
    identification_rho_gain : rise in ``rho`` at full identification (per year), in [0, 50].
    aftercare_gamma_cut : fraction by which full aftercare cuts ``gamma``, in [0, 1].
    aftercare_h_gain : fractional rise in ``h`` at full aftercare, in [0, 10].
    prosecution_pi_gain : rise in ``pi`` at full prosecution (per year), in [0, 50].
    """

    N: float = 100_000.0
    a: float = 1.0 / 6.0
    v: float = 0.012
    s: float = 0.4
    beta: float = 0.0005
    rho: float = 0.25
    e0: float = 0.15
    gamma: float = 0.5
    h: float = 0.5
    mu: float = 4.0
    pi: float = 0.1
    delta: float = 0.1
    d_max: float = 0.5
    k_d: float = 0.3
    c: float = 1.0
    prevention_v_cut: float = 0.5
    prevention_beta_cut: float = 0.3
    identification_rho_gain: float = 0.6
    aftercare_gamma_cut: float = 0.7
    aftercare_h_gain: float = 0.5
    prosecution_pi_gain: float = 0.3

    #: accepted range of each field: (low, high, low end open, unit)
    _RANGES = {
        "N": (0.0, 1e9, True, "people"),
        "a": (0.0, MAX_RATE, True, "per year"),
        "v": (0.0, MAX_RATE, False, "per year"),
        "s": (0.0, MAX_RATE, False, "per year"),
        "beta": (0.0, MAX_RATE, False, "per trafficker per year"),
        "rho": (0.0, MAX_RATE, False, "per year"),
        "e0": (0.0, MAX_RATE, False, "per year"),
        "gamma": (0.0, MAX_RATE, False, "per year"),
        "h": (0.0, MAX_RATE, False, "per year"),
        "mu": (0.0, 1e6, False, "traffickers per year"),
        "pi": (0.0, MAX_RATE, False, "per year"),
        "delta": (0.0, MAX_RATE, False, "per year"),
        "d_max": (0.0, 1.0, False, ""),
        "k_d": (0.0, MAX_RATE, True, "per year"),
        "c": (0.0, 1e6, True, "$M per year"),
        "prevention_v_cut": (0.0, 1.0, False, ""),
        "prevention_beta_cut": (0.0, 1.0, False, ""),
        "identification_rho_gain": (0.0, MAX_RATE, False, "per year"),
        "aftercare_gamma_cut": (0.0, 1.0, False, ""),
        "aftercare_h_gain": (0.0, 10.0, False, ""),
        "prosecution_pi_gain": (0.0, MAX_RATE, False, "per year"),
    }

    def __post_init__(self):
        for f in fields(self):
            name = f.name
            lo, hi, lo_open, unit = self._RANGES[name]
            checked = check_in_range(name, getattr(self, name), lo, hi, lo_open=lo_open, unit=unit)
            if isinstance(checked, np.ndarray) and checked.ndim != 1:
                raise ValueError(f"{name} must be a number or a 1-D array; got an array of shape {checked.shape}")
            if isinstance(checked, np.ndarray) and checked.shape[0] == 0:
                raise ValueError(f"{name} must be a number or a non-empty 1-D array; got an empty array")
            object.__setattr__(self, name, checked)
        if np.any(np.asarray(self.pi) + np.asarray(self.delta) < MIN_TRAFFICKER_EXIT):
            raise ValueError(
                f"pi + delta must be in the range [{MIN_TRAFFICKER_EXIT:g}, inf) per year (traffickers must stop at some "
                f"rate, or their number grows without bound); got pi={self.pi!r}, delta={self.delta!r}"
            )

    def as_dict(self) -> dict:
        """The parameters as a plain ``{name: value}`` dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def replace(self, **changes) -> Parameters:
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)


@dataclass(frozen=True)
class Budget:
    """New yearly spending on each lever, in $M per year (each >= 0).

    Attributes
    ----------
    prevention : lowers the rate of becoming at risk (``v``) and recruitment (``beta``).
    identification : raises the identification ("rescue") rate ``rho``.
    aftercare : lowers re-exploitation ``gamma`` and raises recovery ``h``.
    prosecution : raises the conviction rate ``pi`` (and so deterrence ``D``).
    """

    prevention: float = 0.0
    identification: float = 0.0
    aftercare: float = 0.0
    prosecution: float = 0.0

    def __post_init__(self):
        for name in LEVERS:
            object.__setattr__(self, name, check_in_range(name, getattr(self, name), 0.0, 1e6, unit="$M per year"))
            if isinstance(getattr(self, name), np.ndarray):
                raise ValueError(f"{name} must be a single number; use simulate_many for arrays")

    @property
    def total(self) -> float:
        """Total yearly spending ($M per year)."""
        return sum(getattr(self, k) for k in LEVERS)

    def as_array(self) -> np.ndarray:
        """The four levers as an array, in the order of :data:`LEVERS`."""
        return np.array([getattr(self, k) for k in LEVERS], dtype=float)

    @classmethod
    def even(cls, total: float) -> Budget:
        """``total`` $M per year split evenly across the four levers."""
        total = check_in_range("total", total, 0.0, 1e6, unit="$M per year")
        return cls(*([total / 4.0] * 4))

    @classmethod
    def single(cls, lever: str, total: float) -> Budget:
        """All of ``total`` $M per year on one lever."""
        if lever not in LEVERS:
            raise ValueError(f"lever must be one of {', '.join(LEVERS)}; got {lever!r}")
        return cls(**{lever: total})


def diminishing_returns(x, c=1.0):
    """Effect of spending ``x`` $M/yr with scale ``c`` $M/yr: ``1 - exp(-x/c)``, in [0, 1).

    ``x`` (a number or an array) in [0, 1e6] $M per year and ``c`` in (0, 1e6]
    $M per year, as for :class:`Budget` and :class:`Parameters`; anything else is
    refused (TypeError for non-numbers, ValueError out of range).
    """
    x = check_in_range("x", x, 0.0, 1e6, unit="$M per year")
    c = check_in_range("c", c, 0.0, 1e6, lo_open=True, unit="$M per year")
    return -np.expm1(-np.asarray(x, dtype=float) / c)


def _as_budget_array(budgets) -> np.ndarray:
    if isinstance(budgets, Budget):
        arr = budgets.as_array()[None, :]
    elif isinstance(budgets, (list, tuple)) and budgets and isinstance(budgets[0], Budget):
        arr = np.stack([b.as_array() for b in budgets])
    else:
        arr = check_number("budgets", budgets, f"numbers, an array of shape (n, 4) in $M per year, columns {LEVERS}")
        if arr.ndim == 1:
            arr = arr[None, :]
    if arr.ndim != 2 or arr.shape[1] != 4:
        raise ValueError(
            "budgets must be a Budget, a list of Budgets or an array of shape (n, 4) "
            f"in the order {LEVERS}; got shape {arr.shape}"
        )
    if arr.shape[0] == 0:
        raise ValueError("budgets must hold at least one scenario; got 0")
    for j, name in enumerate(LEVERS):
        check_in_range(name, arr[:, j], 0.0, 1e6, unit="$M per year")
    return arr


def effective_parameters(params: Parameters, budgets) -> Parameters:
    """The rates after the budget levers act (arrays with one value per scenario).

    The levers act through ``f = 1 - exp(-budget / c)`` (see :func:`diminishing_returns`).

    Parameters
    ----------
    params : Parameters
        Baseline rates (floats or 1-D arrays).
    budgets : Budget, list of Budget, or array of shape (n, 4)
        Spending per lever in $M per year, columns in the order of :data:`LEVERS`.
    """
    if not isinstance(params, Parameters):
        raise TypeError(f"params must be a Parameters instance; got {type(params).__name__}")
    b = _as_budget_array(budgets)
    p = params
    c = np.asarray(p.c, dtype=float)
    f = -np.expm1(-b / (c if c.ndim == 0 else c[:, None]))
    fp, fi, fa, fr = f[:, 0], f[:, 1], f[:, 2], f[:, 3]
    values = p.as_dict()
    values.update(
        v=p.v * (1.0 - p.prevention_v_cut * fp),
        beta=p.beta * (1.0 - p.prevention_beta_cut * fp),
        rho=p.rho + p.identification_rho_gain * fi,
        gamma=p.gamma * (1.0 - p.aftercare_gamma_cut * fa),
        h=p.h * (1.0 + p.aftercare_h_gain * fa),
        pi=p.pi + p.prosecution_pi_gain * fr,
    )
    # Effective rates may exceed the input ranges (rho up to rho + identification_rho_gain,
    # h up to h * (1 + aftercare_h_gain), pi up to pi + prosecution_pi_gain): they are
    # derived, not entered, so they are not checked again.
    eff = object.__new__(Parameters)
    for name, value in values.items():
        object.__setattr__(eff, name, value)
    return eff


def _deterrence(p: Parameters):
    return p.d_max * p.pi / (p.pi + p.k_d)


def _steady_state(N, a, v, s, beta, rho, e0, gamma, h, mu, pi, delta, d_max, k_d):
    """Closed-form steady state (floats or arrays, elementwise; a JS mirror repeats it).

    With ``T`` at its steady state the other four equations are linear; with
    ``r = R/S``, ``e = E/S``, ``x = X/S`` and ``S + R + E + X = N``::

        T = mu * (1 - D) / (pi + delta),  D = d_max * pi / (pi + k_d),  lam = beta * T
        r = v / (s + a + lam)
        e = lam * r / kE,  kE = ((rho + e0) * (h + a) + a * (gamma + h + a)) / (gamma + h + a)
        x = (rho + e0) * e / (gamma + h + a)
        S = N / (1 + r + e + x)

    Every denominator is positive because ``a > 0``; nothing is subtracted, so the
    result is accurate to rounding for every accepted input.
    """
    D = d_max * pi / (pi + k_d)
    T = mu * (1.0 - D) / (pi + delta)
    lam = beta * T
    out_X = gamma + h + a
    r = v / (s + a + lam)
    kE = ((rho + e0) * (h + a) + a * out_X) / out_X
    e = lam * r / kE
    x = (rho + e0) * e / out_X
    S = N / (1.0 + r + e + x)
    return S, r * S, e * S, x * S, T


def equilibrium(params: Parameters | None = None) -> dict[str, np.ndarray]:
    """Steady state of the model for the given rates (no budget applied).

    Returns a dict of the five states; each value is an array with one entry
    per parameter set (length 1 for scalar parameters).
    """
    p = params if params is not None else Parameters()
    if not isinstance(p, Parameters):
        raise TypeError(f"params must be a Parameters instance; got {type(p).__name__}")
    n = _n_scenarios(p)

    def col(name):
        return np.broadcast_to(np.asarray(getattr(p, name), dtype=float), (n,))

    names = ("N", "a", "v", "s", "beta", "rho", "e0", "gamma", "h", "mu", "pi", "delta", "d_max", "k_d")
    states = _steady_state(*(col(k) for k in names))
    return {k: np.array(x, dtype=float) for k, x in zip(STATES, states)}


def _n_scenarios(p: Parameters, n: int = 1) -> int:
    """Number of scenarios implied by array-valued parameters and ``n`` budgets."""
    for f in fields(p):
        v = getattr(p, f.name)
        if isinstance(v, np.ndarray) and v.shape[0] != 1:
            if n not in (1, v.shape[0]):
                raise ValueError(
                    f"{f.name} has {v.shape[0]} values but other inputs have {n}; "
                    "arrays of parameters and budgets must have equal length (or length 1)"
                )
            n = v.shape[0]
    return n


@dataclass(frozen=True)
class Results:
    """Outcomes (and optionally trajectories) of many scenarios.

    Every outcome is an array of shape ``(n,)``, one value per scenario,
    integrated over the horizon. Trajectories, when kept, have shape
    ``(n, steps + 1)``; ``t`` has shape ``(steps + 1,)`` in years.

    Attributes
    ----------
    first_time_exploitations : youth exploited for the first time (people), integral of lambda*R.
    reexploitations : returns from exited to exploited (people), integral of gamma*X.
    identifications : exploited youth identified (people), integral of rho*E.
    convictions : traffickers convicted (people), integral of pi*T.
    child_years_exploited : integral of E (person-years).
    substeps : RK4 sub-steps per output step ``dt`` of each scenario (see :func:`substeps`).
    """

    budgets: np.ndarray
    years: float
    dt: float
    first_time_exploitations: np.ndarray
    reexploitations: np.ndarray
    identifications: np.ndarray
    convictions: np.ndarray
    child_years_exploited: np.ndarray
    substeps: np.ndarray | None = None
    t: np.ndarray | None = None
    S: np.ndarray | None = None
    R: np.ndarray | None = None
    E: np.ndarray | None = None
    X: np.ndarray | None = None
    T: np.ndarray | None = None

    def outcomes(self) -> dict[str, np.ndarray]:
        """The five outcomes as a dict of arrays."""
        return {k: getattr(self, k) for k in OUTCOMES}

    def __len__(self) -> int:
        return self.budgets.shape[0]

    def __getitem__(self, i: int) -> Result:
        traj = {k: None if getattr(self, k) is None else getattr(self, k)[i] for k in STATES}
        return Result(
            budget=Budget(*self.budgets[i]),
            years=self.years,
            dt=self.dt,
            t=self.t,
            substeps=None if self.substeps is None else int(self.substeps[i]),
            **{k: float(getattr(self, k)[i]) for k in OUTCOMES},
            **traj,
        )


@dataclass(frozen=True)
class Result:
    """Outcomes and trajectories of one scenario (see :class:`Results` for units)."""

    budget: Budget
    years: float
    dt: float
    first_time_exploitations: float
    reexploitations: float
    identifications: float
    convictions: float
    child_years_exploited: float
    t: np.ndarray | None
    S: np.ndarray | None
    R: np.ndarray | None
    E: np.ndarray | None
    X: np.ndarray | None
    T: np.ndarray | None
    substeps: int | None = None

    def outcomes(self) -> dict[str, float]:
        """The five outcomes as a dict of floats."""
        return {k: getattr(self, k) for k in OUTCOMES}


def _check_time(years, dt) -> int:
    years = check_in_range("years", years, 0.0, MAX_YEARS, lo_open=True, unit="years")
    dt = check_in_range("dt", dt, 0.0, MAX_DT, lo_open=True, unit="years")
    steps = years / dt
    if abs(steps - round(steps)) > 1e-9 * max(1.0, steps) or round(steps) < 1:
        raise ValueError(
            f"dt must divide years into a whole number of steps; got dt={dt:g} for years={years:g} "
            f"(years/dt = {steps:g}); choose dt in (0, {MAX_DT:g}] such as 0.1 or 0.05 years"
        )
    return int(round(steps))


class _Rates:
    """Per-scenario constants of the right-hand side (floats, or arrays of shape (n,))."""

    NAMES = (
        "aN",
        "va",
        "s",
        "h",
        "v",
        "sal",
        "beta",
        "gamma",
        "loss_E",
        "exit_E",
        "loss_X",
        "source_T",
        "loss_T",
        "rho",
        "pi",
        "half",
        "sixth",
        "hstep",
    )

    def __init__(self, **values):
        self.__dict__.update(values)

    def take(self, sl):
        out = _Rates(**{k: getattr(self, k)[sl] for k in self.NAMES})
        if out.hstep.size and np.all(out.hstep == out.hstep[0]):
            # one step length for all: a scalar gives the same products, faster
            out.half, out.sixth, out.hstep = (float(x[0]) for x in (out.half, out.sixth, out.hstep))
        return out

    def item(self, i):
        return _Rates(**{k: float(getattr(self, k)[i]) for k in self.NAMES})


def _rhs(y, r):
    """Derivatives of the 10 rows (S, R, E, X, T, then the five running outcomes).

    ``y`` holds at least the five stocks; the outcomes never feed back.
    """
    S, R, E, X, T = y[0], y[1], y[2], y[3], y[4]
    lamR = r.beta * T * R
    gX = r.gamma * X
    return (
        r.aN - r.va * S + r.s * R + r.h * X,
        r.v * S - r.sal * R - lamR,
        lamR + gX - r.loss_E * E,
        r.exit_E * E - r.loss_X * X,
        r.source_T - r.loss_T * T,
        lamR,
        gX,
        r.rho * E,
        r.pi * T,
        E,
    )


def _rk4(y, r):
    """One classical RK4 sub-step of length ``r.hstep`` (floats or arrays, elementwise)."""
    # the derivatives read only the five stocks (rows 0-4), so the stage states
    # need only those; the running outcomes (rows 5-9) are updated at the end
    stocks = y[:5]
    k1 = _rhs(stocks, r)
    k2 = _rhs([yi + r.half * ki for yi, ki in zip(stocks, k1)], r)
    k3 = _rhs([yi + r.half * ki for yi, ki in zip(stocks, k2)], r)
    k4 = _rhs([yi + r.hstep * ki for yi, ki in zip(stocks, k3)], r)
    return [yi + r.sixth * (a + 2.0 * (b + c) + d) for yi, a, b, c, d in zip(y, k1, k2, k3, k4)]


class _BatchRK4:
    """:func:`_rk4` for a batch of scenarios held as one (10, c) array, in a few NumPy calls.

    Every derivative of :func:`_rhs` is a sum of products ``coefficient * row``
    (a constant is ``coefficient * 1``, the recruitment flow ``beta * T * R`` is
    one row ``L``, subtraction is addition of the negated coefficient). One
    gather and one multiply make all 19 products of a stage; three additions
    sum them in the order :func:`_rhs` does. Each number takes the same IEEE
    operations in the same order as in :func:`_rk4` (negation, ``x * 1`` and
    the order of commutative operands are exact), so the results are the same
    bits as the one-scenario path.
    """

    # the stage state W: rows 0-4 the stocks, row 5 ones, row 6 L = beta * T * R
    S, R, E, X, T, ONE, L = range(7)
    #: (W row, coefficient name, sign) of each product; rows 0-9 become the
    #: derivatives: 0-4 the first terms of dS..dT, 5-9 the outcome rates; 10-14
    #: are the second terms of dS..dT, 15-17 the third terms of dS..dE, 18 the fourth of dS
    TERMS = (
        (ONE, "aN", 1.0),
        (S, "v", 1.0),
        (L, None, 1.0),
        (E, "exit_E", 1.0),
        (ONE, "source_T", 1.0),
        (L, None, 1.0),
        (X, "gamma", 1.0),
        (E, "rho", 1.0),
        (T, "pi", 1.0),
        (E, None, 1.0),
        (S, "va", -1.0),
        (R, "sal", -1.0),
        (X, "gamma", 1.0),
        (X, "loss_X", -1.0),
        (T, "loss_T", -1.0),
        (R, "s", 1.0),
        (L, None, -1.0),
        (E, "loss_E", -1.0),
        (X, "h", 1.0),
    )
    ROWS = np.array([t[0] for t in TERMS])

    def __init__(self, r: _Rates, c: int):
        self.r = r
        self.coef = np.empty((len(self.TERMS), c))
        for i, (_, name, sign) in enumerate(self.TERMS):
            self.coef[i] = sign * (1.0 if name is None else getattr(r, name))
        self.w = np.empty((7, c))
        self.w[self.ONE] = 1.0
        self.gathered = np.empty((len(self.TERMS), c))
        # views made once (a slice costs about as much as a small operation): the stage
        # state's rows, and per buffer the derivatives (rows 0-9), their stocks (0-4) and
        # the rows summed into them
        self.w5, self.wT, self.wR, self.wL = self.w[:5], self.w[self.T], self.w[self.R], self.w[self.L]
        buffers = [np.empty((len(self.TERMS), c)) for _ in range(4)]
        self.views = [(k, k[:10], k[0:5], k[10:15], k[0:3], k[15:18], k[0], k[18]) for k in buffers]
        self.acc = np.empty((10, c))

    def _rhs(self, views):
        """The derivatives at the stage state ``self.w`` into the buffer of ``views``."""
        k, _, first, second, first3, third, first1, fourth = views
        L = self.wL
        np.multiply(self.r.beta, self.wT, out=L)
        L *= self.wR
        self.w.take(self.ROWS, axis=0, out=self.gathered)
        np.multiply(self.coef, self.gathered, out=k)
        first += second
        first3 += third
        first1 += fourth

    def step(self, y):
        """Advance ``y`` (rows: the five stocks, then the five outcomes) one sub-step, in place."""
        r, acc, (v1, v2, v3, v4) = self.r, self.acc, self.views
        w5, y5 = self.w5, y[:5]
        w5[...] = y5
        self._rhs(v1)
        for prev, views, h in ((v1, v2, r.half), (v2, v3, r.half), (v3, v4, r.hstep)):
            np.multiply(prev[2], h, out=w5)
            w5 += y5
            self._rhs(views)
        np.add(v2[1], v3[1], out=acc)
        acc *= 2.0
        acc += v1[1]
        acc += v4[1]
        acc *= r.sixth
        y += acc


def _prepare(budgets, params, years, dt):
    """Validate inputs; return (b, p0, p, n, steps, T0, T1)."""
    p0 = params if params is not None else Parameters()
    if not isinstance(p0, Parameters):
        raise TypeError(f"params must be a Parameters instance; got {type(p0).__name__}")
    steps = _check_time(years, dt)
    b = _as_budget_array(budgets)
    n = _n_scenarios(p0, b.shape[0])
    if b.shape[0] == 1 and n > 1:
        b = np.repeat(b, n, axis=0)
    p = effective_parameters(p0, b)

    def vec(x):
        return np.broadcast_to(np.asarray(x, dtype=float), (n,)).copy()

    # trafficker stock before (zero-budget rates) and long after the budget acts;
    # T(t) moves monotonically between the two, so their larger bounds beta * T.
    T0 = vec(p0.mu * (1.0 - p0.d_max * p0.pi / (p0.pi + p0.k_d)) / (p0.pi + p0.delta))
    T1 = vec(p.mu * (1.0 - p.d_max * p.pi / (p.pi + p.k_d)) / (p.pi + p.delta))
    lam_max = vec(p0.beta) * np.maximum(T0, T1)
    bad = lam_max > MAX_RATE
    if np.any(bad):
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"the recruitment hazard beta * T must stay in the range [0, {MAX_RATE:g}] per year; "
            f"got {lam_max[i]:g} per year (scenario {i}: beta={vec(p0.beta)[i]:g}, traffickers T up "
            f"to {max(T0[i], T1[i]):g}); lower beta or mu, or raise pi + delta"
        )
    return b, p0, p, n, steps, vec, T0, T1


def _step_counts(p, vec, T0, T1, dt):
    """The step rule (see :func:`substeps`): sub-steps per output step, and the stiffness."""
    a = vec(p.a)
    lam_max = vec(p.beta) * np.maximum(T0, T1)
    fastest = np.maximum.reduce(
        [
            vec(p.v) + a,
            vec(p.s) + a + lam_max,
            vec(p.rho) + vec(p.e0) + a,
            vec(p.gamma) + vec(p.h) + a,
            vec(p.pi) + vec(p.delta),
        ]
    )
    stiffness = 2.0 * fastest
    m = np.maximum(1.0, np.ceil(dt * stiffness / STEP_THETA)).astype(np.int64)
    return m, stiffness


def substeps(budgets, params: Parameters | None = None, dt: float = 0.1) -> np.ndarray:
    """RK4 sub-steps per output step ``dt`` for each scenario (the step rule).

    Each scenario's sub-step depends only on that scenario's own rates *after*
    its budget acts (``v, beta, rho, gamma, h, pi`` below are effective rates)::

        T0  = mu * (1 - d_max * pi0 / (pi0 + k_d)) / (pi0 + delta)   # pi0: zero-budget pi
        T1  = mu * (1 - d_max * pi  / (pi  + k_d)) / (pi  + delta)
        lam_max = beta * max(T0, T1)               # largest recruitment hazard in the run
        fastest = max(v + a, s + a + lam_max, rho + e0 + a, gamma + h + a, pi + delta)
        stiffness = 2 * fastest                    # Gershgorin bound on the Jacobian's eigenvalues
        m = max(1, ceil(dt * stiffness / 0.5))     # sub-steps per output step
        h = dt / m                                 # so h * stiffness <= 0.5

    Every output step of length ``dt`` is covered by ``m`` classical RK4 steps of
    length ``h``. At the default rates ``m`` is 1 for ``dt = 0.1``.
    """
    dt = check_in_range("dt", dt, 0.0, MAX_DT, lo_open=True, unit="years")
    b, p0, p, n, steps, vec, T0, T1 = _prepare(budgets, params, dt, dt)
    return _step_counts(p, vec, T0, T1, dt)[0]


def simulate_many(
    budgets,
    params: Parameters | None = None,
    years: float = 10.0,
    dt: float = 0.1,
    *,
    trajectories: bool = False,
) -> Results:
    """Run many scenarios at once, vectorised over scenarios.

    Parameters
    ----------
    budgets : Budget, list of Budget, or array of shape (n, 4)
        Yearly spending per lever in $M per year, each in [0, 1e6] (columns in
        :data:`LEVERS` order).
    params : Parameters, optional
        Baseline rates. Fields may be arrays of length n (one parameter set per
        scenario) or length 1; a single budget row is then broadcast.
    years : float
        Horizon in years, in (0, 100].
    dt : float
        Output step in years, in (0, 0.25], dividing ``years`` exactly: the
        trajectories are kept every ``dt``. Inside each output step a scenario
        takes ``m`` RK4 sub-steps of ``dt / m`` years, ``m`` chosen from its own
        fastest rate by :func:`substeps`, so scenario ``i`` of a batch gives
        exactly (bit for bit) what :func:`simulate` gives for it alone.
    trajectories : bool
        Keep the state trajectories (memory grows with n * steps).

    Each scenario starts from the equilibrium of its own *zero-budget* rates,
    then its budget takes effect at time 0.

    Accepted bounds: the ranges of :class:`Parameters` and :class:`Budget`, and a
    recruitment hazard ``beta * T`` of at most 50 per year over the run (else
    :class:`ValueError`). Within them every outcome agrees with a stiff reference
    solver to 0.1 % (or 0.1 people near zero) and no stock goes negative; the cost
    grows with ``years * stiffness`` (about 10 ms for one default run).
    """
    b, p0, p, n, steps, vec, T0, T1 = _prepare(budgets, params, years, dt)
    dt = float(dt)
    m, _ = _step_counts(p, vec, T0, T1, dt)
    hstep = dt / m
    start = equilibrium(p0)

    N, a, v, s, beta = vec(p.N), vec(p.a), vec(p.v), vec(p.s), vec(p.beta)
    rho, e0, gamma, h = vec(p.rho), vec(p.e0), vec(p.gamma), vec(p.h)
    mu, pi, delta = vec(p.mu), vec(p.pi), vec(p.delta)
    exit_E = rho + e0
    rates = _Rates(
        aN=a * N,
        va=v + a,
        s=s,
        h=h,
        v=v,
        sal=s + a,
        beta=beta,
        gamma=gamma,
        loss_E=exit_E + a,
        exit_E=exit_E,
        loss_X=gamma + h + a,
        source_T=mu * (1.0 - vec(_deterrence(p))),
        loss_T=pi + delta,
        rho=rho,
        pi=pi,
        half=0.5 * hstep,
        sixth=hstep / 6.0,
        hstep=hstep,
    )
    y0 = [np.broadcast_to(start[k], (n,)).astype(float) for k in STATES] + [np.zeros(n)] * 5

    if n == 1:
        # One scenario: plain floats (same operations, same order, same bits; ~8x faster).
        r = rates.item(0)
        y = [float(x[0]) for x in y0]
        mm = int(m[0])
        traj = [y[:5]] if trajectories else None
        for _ in range(steps):
            for _ in range(mm):
                y = _rk4(y, r)
            if trajectories:
                traj.append(y[:5])
        final = np.array(y, dtype=float)[:, None]
        traj = np.array(traj, dtype=float).T[:, None, :] if trajectories else None
    else:
        # Sort scenarios by sub-step count (most first); sub-step j then updates
        # only the leading scenarios that still have one to take.
        order = np.argsort(-m, kind="stable")
        ms = m[order]
        r_sorted = rates.take(order)
        y = np.stack([row[order] for row in y0])
        counts = [int(np.count_nonzero(ms > j)) for j in range(int(ms[0]))]
        steppers = {c: _BatchRK4(r_sorted if c == n else r_sorted.take(slice(0, c)), c) for c in set(counts)}
        traj = np.empty((5, n, steps + 1)) if trajectories else None
        if trajectories:
            traj[:, :, 0] = y[:5]
        for k in range(steps):
            for c in counts:
                steppers[c].step(y if c == n else y[:, :c])
            if trajectories:
                traj[:, :, k + 1] = y[:5]
        inverse = np.empty(n, dtype=np.int64)
        inverse[order] = np.arange(n)
        final = y[:, inverse]
        if trajectories:
            traj = traj[:, inverse, :]

    extra = {}
    if trajectories:
        extra = {k: traj[i] for i, k in enumerate(STATES)}
        extra["t"] = np.linspace(0.0, steps * dt, steps + 1)
    return Results(
        budgets=b,
        years=float(years),
        dt=dt,
        **{k: final[5 + i].copy() for i, k in enumerate(OUTCOMES)},
        substeps=m,
        **extra,
    )


def simulate(
    budget: Budget | None = None,
    params: Parameters | None = None,
    years: float = 10.0,
    dt: float = 0.1,
) -> Result:
    """Run one scenario and keep its trajectories.

    Parameters
    ----------
    budget : Budget, optional
        Yearly spending per lever ($M per year); default: no new spending.
    params : Parameters, optional
        Baseline rates (scalars); default: the illustrative defaults.
    years, dt : float
        Horizon and RK4 step in years (see :func:`simulate_many`).
    """
    budget = budget if budget is not None else Budget()
    if not isinstance(budget, Budget):
        raise TypeError(f"budget must be a Budget; got {type(budget).__name__}")
    p = params if params is not None else Parameters()
    if isinstance(p, Parameters) and _n_scenarios(p) != 1:
        raise ValueError("params must hold scalars in simulate; use simulate_many for arrays")
    return simulate_many(budget, p, years, dt, trajectories=True)[0]


def budget_grid(total: float, step: float) -> np.ndarray:
    """Every split of ``total`` $M/yr across the four levers in multiples of ``step``.

    Returns an array of shape (n, 4). ``total / step`` must be a whole number
    no larger than 200 (so the grid stays under about 1.4 million rows).
    """
    total = check_in_range("total", total, 0.0, 1e6, lo_open=True, unit="$M per year")
    step = check_in_range("step", step, 0.0, total, lo_open=True, unit="$M per year")
    m = total / step
    if abs(m - round(m)) > 1e-9 * m or round(m) > 200:
        raise ValueError(f"step must divide total into at most 200 whole parts (total/step = {m:g})")
    m = int(round(m))
    # Rows in lexicographic order of (i, j, k): i units of prevention, j of
    # identification, k of aftercare, the rest prosecution. The (j, k) pairs with
    # j + k <= m are built once; each i takes, in order, those with j + k <= m - i.
    width = np.arange(m + 1, 0, -1)  # pairs with j = 0, 1, ..., m
    J = np.repeat(np.arange(m + 1), width)
    K = np.arange(J.size) - np.repeat(np.cumsum(width) - width, width)
    JK = J + K
    out = np.empty(((m + 1) * (m + 2) * (m + 3) // 6, 4))
    pos = 0
    for i in range(m + 1):
        sel = JK <= m - i
        count = int(np.count_nonzero(sel))
        block = out[pos : pos + count]
        block[:, 0] = i
        block[:, 1] = J[sel]
        block[:, 2] = K[sel]
        block[:, 3] = (m - i) - JK[sel]
        pos += count
    out *= step
    return out
