"""Lesson 2's capture-recapture explorer: two lists on a simulated hidden population."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .._validate import check_number
from ..figures.capture import capture_explorer_figure
from ..models.capture import chapman, simulate_lists
from .base import FigureExplorer, check_start_value

__all__ = ["CaptureRecaptureExplorer"]

#: ranges of the controls: name -> (min, max, step)
RANGES = {
    "N": (100, 5000, 100),
    "p1": (0.05, 0.9, 0.05),
    "p2": (0.05, 0.9, 0.05),
    "dependence": (-0.8, 0.8, 0.1),
    "heterogeneity": (0.0, 2.0, 0.25),
    "seed": (0, 99, 1),
}
N_SURVEYS = 200
BINS = np.linspace(0.0, 2.5, 51)
XMAX_PCT = 250.0
#: fixed top of the histogram (so updates stay blitted): half the surveys in one bin of width
#: 0.05. Typical settings peak at 20-70 surveys; a taller bar is cut off and its height is printed.
HIST_YMAX = N_SURVEYS // 2
ROWS = ("On list 1", "On list 2", "On both lists", "Seen at least once", "Chapman estimate")


class CaptureRecaptureExplorer(FigureExplorer):
    """Two lists over a hidden population whose true size you set.

    Top: one simulated survey, its counts and the Chapman estimate with a 95 %
    interval against the true size. Bottom: the estimate divided by the true
    size over 200 repeated surveys, so a learner sees bias (the spread is
    centred away from 1) and not just noise.

    Parameters
    ----------
    N, p1, p2, dependence, heterogeneity, seed :
        Starting values of the sliders (see :func:`upstream.capture.simulate_lists`
        and ``RANGES`` for the allowed ranges).
    simulate_fn : callable, optional
        Called as ``simulate_fn(N=..., p1=..., p2=..., dependence=..., heterogeneity=...,
        n_sims=..., seed=...)``; tests pass a spy.
    """

    caption = (
        "Capture-recapture explorer (simulated population, not data). Top: one survey's two lists, "
        "the Chapman estimate with its 95% interval, and the true size (dashed). Bottom: the estimate "
        f"divided by the true size over {N_SURVEYS} repeated surveys; 1 means right (a bar taller than "
        f"{HIST_YMAX} surveys is cut off and its height printed)."
    )

    def __init__(
        self,
        N: int = 1000,
        p1: float = 0.3,
        p2: float = 0.3,
        dependence: float = 0.0,
        heterogeneity: float = 0.0,
        seed: int = 0,
        simulate_fn=simulate_lists,
    ):
        start = {"N": N, "p1": p1, "p2": p2, "dependence": dependence, "heterogeneity": heterogeneity, "seed": seed}
        for k, v in start.items():
            _check(k, v)
        self._simulate = simulate_fn
        style = {"description_width": "15em"}
        layout = widgets.Layout(width="min(38em, 100%)")
        labels = {
            "N": "True hidden population",
            "p1": "Chance on list 1 (p1)",
            "p2": "Chance on list 2 (p2)",
            "dependence": "Dependence between lists",
            "heterogeneity": "Heterogeneity (some easier to find)",
            "seed": "Random survey number",
        }
        self.controls = {}
        for k, (lo, hi, step) in RANGES.items():
            cls = widgets.IntSlider if k in ("N", "seed") else widgets.FloatSlider
            kw = {} if cls is widgets.IntSlider else {"readout_format": ".2f"}
            self.controls[k] = cls(
                value=start[k],
                min=lo,
                max=hi,
                step=step,
                description=labels[k],
                style=style,
                layout=layout,
                continuous_update=False,
                **kw,
            )
        self._build_figure()
        super().__init__(list(self.controls.values()))

    # -- public API ---------------------------------------------------------
    @property
    def values(self) -> dict:
        """Current control values."""
        return {k: c.value for k, c in self.controls.items()}

    def named_controls(self) -> dict:
        """N, p1, p2, dependence, heterogeneity and seed (see :meth:`set`)."""
        return self.controls

    def check_values(self, values: dict) -> None:
        for k, v in values.items():
            _check(k, v)

    # -- drawing ------------------------------------------------------------
    def _build_figure(self):
        self.adopt(
            capture_explorer_figure(rows=ROWS, bins=BINS, xmax_pct=XMAX_PCT, hist_ymax=HIST_YMAX, n_surveys=N_SURVEYS)
        )

    def background_key(self):
        return None  # fixed axes: only bars, lines and labels move

    def draw(self) -> str:
        v = self.values
        for k, x in v.items():
            _check(k, x)
        N = int(v["N"])
        sample = self._simulate(
            N=N,
            p1=float(v["p1"]),
            p2=float(v["p2"]),
            dependence=float(v["dependence"]),
            heterogeneity=float(v["heterogeneity"]),
            n_sims=N_SURVEYS,
            seed=int(v["seed"]),
        )
        est = chapman(sample.n1, sample.n2, sample.m)
        self.sample, self.estimate = sample, est
        n1, n2, m, seen = (int(a[0]) for a in (sample.n1, sample.n2, sample.m, sample.seen))
        nh, lo, hi = float(est.N_hat[0]), float(est.lower[0]), float(est.upper[0])

        def pct(x):
            return min(100.0 * x / N, XMAX_PCT)

        for bar, txt, val in zip(self.bars, self.bar_text, (n1, n2, m, seen, nh)):
            bar.set_width(pct(val))
            txt.set_x(pct(val))
            txt.set_text(self.TEXT["bar_value"].format(value=val))
        self.ci_line.set_data([pct(lo), pct(hi)], [4, 4])
        self.bar_text[4].set_x(pct(hi))
        ratio = est.N_hat / N
        counts, _ = np.histogram(np.clip(ratio, BINS[0], BINS[-1] - 1e-9), bins=BINS)
        self.hist.set_data(values=counts)  # bars taller than HIST_YMAX are cut off by the axes
        self.counts = counts
        peak = int(counts.max())
        self.peak_text.set_text(self.TEXT["peak"].format(peak=peak, ymax=HIST_YMAX) if peak > HIST_YMAX else "")
        med = float(np.median(ratio))
        x_med = min(med, BINS[-1])
        self.median_line.set_data([x_med, x_med], [0, 1])
        self.median_text.set_x(x_med)
        self.median_text.set_text(self.TEXT["median"].format(med_pct=100 * med))
        covered = float(np.mean((est.lower <= N) & (est.upper >= N)))
        self.median_ratio, self.coverage = med, covered
        return self.TEXT["alt"].format(
            N=N,
            p1=v["p1"],
            p2=v["p2"],
            dependence=v["dependence"],
            heterogeneity=v["heterogeneity"],
            n1=n1,
            n2=n2,
            m=m,
            seen=seen,
            nh=nh,
            lo=lo,
            hi=hi,
            n_surveys=N_SURVEYS,
            med_pct=100 * med,
            covered_pct=100 * covered,
        )

    def status_text(self) -> str:
        med = self.median_ratio
        T = self.TEXT
        if abs(med - 1) <= 0.05:
            verdict = T["verdict_right"]
        elif med < 1:
            verdict = T["verdict_low"].format(under_pct=100 * (1 - med))
        else:
            verdict = T["verdict_high"].format(over_pct=100 * (med - 1))
        return T["status"].format(N=self.sample.N, verdict=verdict, covered_pct=100 * self.coverage)

    explorer_name = "capture"
    #: the explorer's sentences and labels (``str.format``), shared with the book's in-page explorer
    TEXT = {
        "alt": (
            "Simulated hidden population of {N:,} people; chance on list 1 {p1:.2f}, on list 2 "
            "{p2:.2f}, dependence {dependence:+.1f}, heterogeneity {heterogeneity:.2f}. "
            "One survey: {n1:,} on list 1, {n2:,} on list 2, {m:,} on both, {seen:,} seen at least once; "
            "Chapman estimate {nh:,.0f} (95% interval {lo:,.0f} to {hi:,.0f}) against the true {N:,}. "
            "Over {n_surveys} repeated surveys the median estimate is {med_pct:.0f}% of the true size and "
            "the interval contains the true size in {covered_pct:.0f}% of them."
        ),
        "status": (
            "True size {N:,}. Estimates are {verdict}; the 95% interval holds the true size in "
            "{covered_pct:.0f}% of surveys (simulated)."
        ),
        "verdict_right": "about right on average",
        "verdict_low": "too low on average ({under_pct:.0f}% under)",
        "verdict_high": "too high on average ({over_pct:.0f}% over)",
        "bar_value": " {value:,.0f}",
        "rows": list(ROWS),
        "true_size": " true size (100%)",
        "survey_title": "One survey",
        "survey_x_label": "% of the true size (labels: number of people)",
        "hist_title": "{n_surveys} repeated surveys",
        "hist_x_label": "Estimate \u00f7 true size (\u2265 2.5 shown at 2.5)",
        "hist_y_label": "Surveys (of {n_surveys})",
        "hist_true": " true size",
        "median": " median {med_pct:.0f}%",
        "peak": "tallest bar: {peak} surveys (cut off at {ymax})",
        "chart": "Capture-recapture explorer chart",
    }

    def js_config(self) -> dict:
        """Controls and texts (see the base class), the survey count, histogram bins and axis limits."""
        return {
            **super().js_config(),
            "n_surveys": N_SURVEYS,
            "bins": BINS.tolist(),
            "xmax_pct": XMAX_PCT,
            "hist_ymax": HIST_YMAX,
            "grey": "#bbbbbb",
        }


def _check(name: str, value):
    if name not in RANGES:
        raise ValueError(f"control must be one of {', '.join(RANGES)}; got {name!r}")
    lo, hi, _ = RANGES[name]
    if name in ("N", "seed"):
        if isinstance(value, (float, np.floating)) and not isinstance(value, bool) and float(value).is_integer():
            raise ValueError(f"{name} must be a whole number in the range [{lo}, {hi}]; got {value!r}")
        check_start_value(name, value, lo, hi, whole=True)  # TypeError for str/bool, ValueError out of range
    else:
        x = float(check_number(name, value, f"a number in the range [{lo:g}, {hi:g}]"))
        if not (np.isfinite(x) and lo - 1e-9 <= x <= hi + 1e-9):
            raise ValueError(f"{name} must be in the range [{lo:g}, {hi:g}]; got {value!r}")
