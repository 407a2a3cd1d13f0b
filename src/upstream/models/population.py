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
is integrated with fixed-step fourth-order Runge-Kutta. Many scenarios (budgets
and/or parameter sets) are integrated together as arrays: see
:func:`simulate_many`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import numpy as np

from .._validate import check_in_range

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

#: Longest integration step allowed, in years (accuracy, not stability, sets it).
MAX_DT = 0.25
#: Longest horizon allowed, in years.
MAX_YEARS = 100.0


@dataclass(frozen=True)
class Parameters:
    """Rates and effect sizes of the model. All values are illustrative.

    Each field may be a float or a 1-D array (one value per scenario) so that
    many parameter sets run together in :func:`simulate_many`.

    Attributes
    ----------
    N : youth population (people), > 0.
    a : ageing-out rate (per year), > 0; 1/6 means six years in the age band.
    v : rate at which a youth becomes at elevated risk (per year).
    s : rate at which an at-risk youth returns to lower risk (per year).
    beta : recruitment hazard per active trafficker (per trafficker per year).
    rho : identification ("rescue") rate of exploited youth (per year).
    e0 : exit rate without being identified (per year).
    gamma : re-exploitation rate after exit (per year).
    h : recovery rate from exited to not at risk (per year).
    mu : traffickers starting activity (traffickers per year).
    pi : conviction rate of active traffickers (per year).
    delta : rate at which traffickers stop for other reasons (per year).
    d_max : largest fraction of would-be traffickers deterred, in [0, 1].
    k_d : conviction rate at which deterrence is half of ``d_max`` (per year), > 0.
    c : budget scale of diminishing returns ($M per year), > 0.
    prevention_v_cut : fraction by which full prevention cuts ``v``, in [0, 1].
    prevention_beta_cut : fraction by which full prevention cuts ``beta``, in [0, 1].
    identification_rho_gain : rise in ``rho`` at full identification (per year).
    aftercare_gamma_cut : fraction by which full aftercare cuts ``gamma``, in [0, 1].
    aftercare_h_gain : fractional rise in ``h`` at full aftercare.
    prosecution_pi_gain : rise in ``pi`` at full prosecution (per year).
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

    #: fields that must be strictly positive
    _POSITIVE = ("N", "a", "k_d", "c")
    #: fields that are fractions in [0, 1]
    _FRACTIONS = ("d_max", "prevention_v_cut", "prevention_beta_cut", "aftercare_gamma_cut")

    def __post_init__(self):
        for f in fields(self):
            name = f.name
            value = getattr(self, name)
            if name in self._FRACTIONS:
                checked = check_in_range(name, value, 0.0, 1.0)
            elif name in self._POSITIVE:
                checked = check_in_range(name, value, 0.0, lo_open=True)
            else:
                checked = check_in_range(name, value, 0.0)
            if isinstance(checked, np.ndarray) and checked.ndim > 1:
                raise ValueError(f"{name} must be a number or a 1-D array; got shape {checked.shape}")
            object.__setattr__(self, name, checked)
        if np.any(np.asarray(self.pi) + np.asarray(self.delta) <= 0):
            raise ValueError(
                "pi + delta must be in the range (0, inf) per year (traffickers must stop at some "
                f"rate, or their number grows without bound); got pi={self.pi!r}, delta={self.delta!r}"
            )

    def as_dict(self) -> dict:
        """The parameters as a plain ``{name: value}`` dict."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def replace(self, **changes) -> "Parameters":
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
            object.__setattr__(
                self, name, check_in_range(name, getattr(self, name), 0.0, 1e6, unit="$M per year")
            )
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
    def even(cls, total: float) -> "Budget":
        """``total`` $M per year split evenly across the four levers."""
        total = check_in_range("total", total, 0.0, 1e6, unit="$M per year")
        return cls(*([total / 4.0] * 4))

    @classmethod
    def single(cls, lever: str, total: float) -> "Budget":
        """All of ``total`` $M per year on one lever."""
        if lever not in LEVERS:
            raise ValueError(f"lever must be one of {', '.join(LEVERS)}; got {lever!r}")
        return cls(**{lever: total})


def diminishing_returns(x, c=1.0):
    """Effect of spending ``x`` $M/yr with scale ``c`` $M/yr: ``1 - exp(-x/c)``, in [0, 1)."""
    return -np.expm1(-np.asarray(x, dtype=float) / c)


def _as_budget_array(budgets) -> np.ndarray:
    if isinstance(budgets, Budget):
        arr = budgets.as_array()[None, :]
    elif isinstance(budgets, (list, tuple)) and budgets and isinstance(budgets[0], Budget):
        arr = np.stack([b.as_array() for b in budgets])
    else:
        arr = np.asarray(budgets, dtype=float)
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

    Parameters
    ----------
    params : Parameters
        Baseline rates (floats or 1-D arrays).
    budgets : Budget, list of Budget, or array of shape (n, 4)
        Spending per lever in $M per year, columns in the order of :data:`LEVERS`.
    """
    b = _as_budget_array(budgets)
    p = params
    c = np.asarray(p.c, dtype=float)
    f = diminishing_returns(b, c if c.ndim == 0 else c[:, None])
    fp, fi, fa, fr = f[:, 0], f[:, 1], f[:, 2], f[:, 3]
    return replace(
        p,
        v=p.v * (1.0 - p.prevention_v_cut * fp),
        beta=p.beta * (1.0 - p.prevention_beta_cut * fp),
        rho=p.rho + p.identification_rho_gain * fi,
        gamma=p.gamma * (1.0 - p.aftercare_gamma_cut * fa),
        h=p.h * (1.0 + p.aftercare_h_gain * fa),
        pi=p.pi + p.prosecution_pi_gain * fr,
    )


def _deterrence(p: Parameters):
    return p.d_max * p.pi / (p.pi + p.k_d)


def equilibrium(params: Parameters | None = None) -> dict[str, np.ndarray]:
    """Steady state of the model for the given rates (no budget applied).

    Returns a dict of the five states; each value is an array with one entry
    per parameter set (length 1 for scalar parameters).
    """
    p = params if params is not None else Parameters()
    n = _n_scenarios(p)
    T = np.broadcast_to(p.mu * (1.0 - _deterrence(p)) / (p.pi + p.delta), (n,)).astype(float)
    lam = p.beta * T
    zero = np.zeros(n)

    def col(x):
        return np.broadcast_to(np.asarray(x, dtype=float), (n,))

    A = np.stack(
        [
            np.stack([col(-(p.v + p.a)), col(p.s), zero, col(p.h)], axis=-1),
            np.stack([col(p.v), col(-(p.s + p.a + lam)), zero, zero], axis=-1),
            np.stack([zero, col(lam), col(-(p.rho + p.e0 + p.a)), col(p.gamma)], axis=-1),
            np.stack([zero, zero, col(p.rho + p.e0), col(-(p.gamma + p.h + p.a))], axis=-1),
        ],
        axis=-2,
    )
    rhs = np.stack([col(-p.a * p.N), zero, zero, zero], axis=-1)
    x = np.linalg.solve(A, rhs[..., None])[..., 0]
    return {"S": x[:, 0], "R": x[:, 1], "E": x[:, 2], "X": x[:, 3], "T": T}


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
    """

    budgets: np.ndarray
    years: float
    dt: float
    first_time_exploitations: np.ndarray
    reexploitations: np.ndarray
    identifications: np.ndarray
    convictions: np.ndarray
    child_years_exploited: np.ndarray
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

    def __getitem__(self, i: int) -> "Result":
        traj = {k: None if getattr(self, k) is None else getattr(self, k)[i] for k in STATES}
        return Result(
            budget=Budget(*self.budgets[i]),
            years=self.years,
            dt=self.dt,
            t=self.t,
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
        Yearly spending per lever in $M per year (columns in :data:`LEVERS` order).
    params : Parameters, optional
        Baseline rates. Fields may be arrays of length n (one parameter set per
        scenario) or length 1; a single budget row is then broadcast.
    years : float
        Horizon in years, in (0, 100].
    dt : float
        Fixed RK4 step in years, in (0, 0.25], dividing ``years`` exactly.
    trajectories : bool
        Keep the state trajectories (memory grows with n * steps).

    Each scenario starts from the equilibrium of its own *zero-budget* rates,
    then its budget takes effect at time 0.
    """
    p0 = params if params is not None else Parameters()
    if not isinstance(p0, Parameters):
        raise ValueError(f"params must be a Parameters instance; got {type(p0).__name__}")
    steps = _check_time(years, dt)
    b = _as_budget_array(budgets)
    n = _n_scenarios(p0, b.shape[0])
    if b.shape[0] == 1 and n > 1:
        b = np.repeat(b, n, axis=0)
    start = equilibrium(p0)
    p = effective_parameters(p0, b)

    def vec(x):
        return np.broadcast_to(np.asarray(x, dtype=float), (n,)).copy()

    N, a, v, s, beta = vec(p.N), vec(p.a), vec(p.v), vec(p.s), vec(p.beta)
    rho, e0, gamma, h = vec(p.rho), vec(p.e0), vec(p.gamma), vec(p.h)
    mu, pi, delta = vec(p.mu), vec(p.pi), vec(p.delta)
    source_T = mu * (1.0 - _deterrence(p))
    loss_T = pi + delta
    aN = a * N
    va, sal = v + a, s + a
    exit_E = rho + e0
    loss_E = exit_E + a
    loss_X = gamma + h + a

    # y rows: S, R, E, X, T, then the five cumulative outcomes.
    y = np.zeros((10, n))
    for i, k in enumerate(STATES):
        y[i] = np.broadcast_to(start[k], (n,))

    def rhs(y):
        S, R, E, X, T = y[0], y[1], y[2], y[3], y[4]
        lamR = beta * T * R
        gX = gamma * X
        d = np.empty_like(y)
        d[0] = aN - va * S + s * R + h * X
        d[1] = v * S - sal * R - lamR
        d[2] = lamR + gX - loss_E * E
        d[3] = exit_E * E - loss_X * X
        d[4] = source_T - loss_T * T
        d[5] = lamR
        d[6] = gX
        d[7] = rho * E
        d[8] = pi * T
        d[9] = E
        return d

    if trajectories:
        traj = np.empty((5, n, steps + 1))
        traj[:, :, 0] = y[:5]
    half = 0.5 * dt
    sixth = dt / 6.0
    for k in range(steps):
        k1 = rhs(y)
        k2 = rhs(y + half * k1)
        k3 = rhs(y + half * k2)
        k4 = rhs(y + dt * k3)
        y = y + sixth * (k1 + 2.0 * (k2 + k3) + k4)
        if trajectories:
            traj[:, :, k + 1] = y[:5]

    extra = {}
    if trajectories:
        extra = {k: traj[i] for i, k in enumerate(STATES)}
        extra["t"] = np.linspace(0.0, steps * dt, steps + 1)
    return Results(
        budgets=b,
        years=float(years),
        dt=float(dt),
        **{k: y[5 + i].copy() for i, k in enumerate(OUTCOMES)},
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
        raise ValueError(f"budget must be a Budget; got {type(budget).__name__}")
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
        raise ValueError(
            f"step must divide total into at most 200 whole parts (total/step = {m:g})"
        )
    m = int(round(m))
    rows = [
        (i, j, k, m - i - j - k)
        for i in range(m + 1)
        for j in range(m + 1 - i)
        for k in range(m + 1 - i - j)
    ]
    return np.asarray(rows, dtype=float) * step
