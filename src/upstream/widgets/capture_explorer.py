"""Lesson 2's capture-recapture explorer: two lists on a simulated hidden population."""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np

from .._validate import check_number
from .base import FigureExplorer, check_start_value
from ..models.capture import chapman, simulate_lists
from ..figures.style import OKABE_ITO, new_figure

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

    def __init__(self, N: int = 1000, p1: float = 0.3, p2: float = 0.3, dependence: float = 0.0,
                 heterogeneity: float = 0.0, seed: int = 0, simulate_fn=simulate_lists):
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
            self.controls[k] = cls(value=start[k], min=lo, max=hi, step=step, description=labels[k],
                                   style=style, layout=layout, continuous_update=False, **kw)
        self._build_figure()
        super().__init__(
            list(self.controls.values()),
            caption=(
                "Capture-recapture explorer (simulated population, not data). Top: one survey's two lists, "
                "the Chapman estimate with its 95% interval, and the true size (dashed). Bottom: the estimate "
                f"divided by the true size over {N_SURVEYS} repeated surveys; 1 means right (a bar taller than "
                f"{HIST_YMAX} surveys is cut off and its height printed)."
            ),
        )

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
        # panels stacked so the static figure fits the book's text column (<= 7.5 in at 110 dpi)
        self.fig = new_figure(7.0, 5.8, dpi=80)
        self.fig.set_layout_engine("none")  # fixed margins: the row labels never get clipped
        ax_s, ax_h = self.fig.subplots(2, 1, gridspec_kw=dict(height_ratios=[1, 1.05], left=0.2, right=0.97,
                                                              top=0.92, bottom=0.08, hspace=0.42))
        self.axes = (ax_s, ax_h)
        y = np.arange(len(ROWS))
        colors = [OKABE_ITO["sky_blue"], OKABE_ITO["orange"], OKABE_ITO["green"], "#bbbbbb", OKABE_ITO["blue"]]
        hatches = [None, "//", "xx", None, None]
        self.bars = ax_s.barh(y, np.ones(len(ROWS)), color=colors, edgecolor="black", linewidth=0.6)
        # x is a percentage of the true size, so the axes never change (the counts are in the labels)
        for b, h in zip(self.bars, hatches):
            b.set_hatch(h)
        (self.ci_line,) = ax_s.plot([0, 0], [4, 4], color="black", linewidth=2, marker="|", markersize=14)
        self.true_line = ax_s.axvline(100, color="black", linestyle="--", linewidth=1.4)
        self.true_text = ax_s.text(100, -0.75, " true size (100%)", fontsize=9, va="center")
        ax_s.set_xlim(0, XMAX_PCT)
        self.bar_text = [ax_s.text(0, yi, "", va="center", fontsize=9) for yi in y]
        ax_s.set_yticks(y, ROWS, fontsize=9)
        ax_s.tick_params(axis="x", labelsize=9)
        ax_s.invert_yaxis()
        ax_s.set_ylim(len(ROWS) - 0.5, -1.1)
        ax_s.set_xlabel("% of the true size (labels: number of people)", fontsize=9)
        ax_s.set_title("One survey", fontsize=10, loc="left")
        # one step-patch artist for the whole histogram (cheap to redraw)
        self.hist = ax_h.stairs(np.zeros(len(BINS) - 1), BINS, fill=True, color=OKABE_ITO["blue"],
                                alpha=0.85, edgecolor="black", linewidth=0.5)
        ax_h.axvline(1.0, color="black", linestyle="--", linewidth=1.4)
        ax_h.text(1.0, 0.97, " true size", transform=ax_h.get_xaxis_transform(), fontsize=9, va="top")
        (self.median_line,) = ax_h.plot([1, 1], [0, 1], color=OKABE_ITO["vermillion"], linewidth=2.4,
                                        linestyle="-.", transform=ax_h.get_xaxis_transform())
        self.median_text = ax_h.text(1, 0.86, "", transform=ax_h.get_xaxis_transform(), fontsize=9,
                                     color="#7a2e00")
        # printed only when a bar is taller than the fixed y-axis
        self.peak_text = ax_h.text(0.99, 0.97, "", transform=ax_h.transAxes, fontsize=9, ha="right", va="top")
        ax_h.set_xlim(BINS[0], BINS[-1])
        ax_h.set_ylim(0, HIST_YMAX)
        ax_h.tick_params(labelsize=9)
        ax_h.set_xlabel("Estimate \u00f7 true size (\u2265 2.5 shown at 2.5)", fontsize=9)
        ax_h.set_ylabel(f"Surveys (of {N_SURVEYS})", fontsize=9)
        ax_h.set_title(f"{N_SURVEYS} repeated surveys", fontsize=10, loc="left")
        self.fig.suptitle("Simulated population, not data", fontsize=9, x=0.99, ha="right", color="#444444")
        self.fig.canvas.draw()
        self.animated = [*self.bars, self.ci_line, *self.bar_text, self.hist, self.median_line, self.median_text,
                         self.peak_text]

    def background_key(self):
        return None  # fixed axes: only bars, lines and labels move

    def draw(self) -> str:
        v = self.values
        for k, x in v.items():
            _check(k, x)
        N = int(v["N"])
        sample = self._simulate(N=N, p1=float(v["p1"]), p2=float(v["p2"]), dependence=float(v["dependence"]),
                                heterogeneity=float(v["heterogeneity"]), n_sims=N_SURVEYS, seed=int(v["seed"]))
        est = chapman(sample.n1, sample.n2, sample.m)
        self.sample, self.estimate = sample, est
        n1, n2, m, seen = (int(a[0]) for a in (sample.n1, sample.n2, sample.m, sample.seen))
        nh, lo, hi = float(est.N_hat[0]), float(est.lower[0]), float(est.upper[0])
        def pct(x):
            return min(100.0 * x / N, XMAX_PCT)

        for bar, txt, val in zip(self.bars, self.bar_text, (n1, n2, m, seen, nh)):
            bar.set_width(pct(val))
            txt.set_x(pct(val))
            txt.set_text(f" {val:,.0f}")
        self.ci_line.set_data([pct(lo), pct(hi)], [4, 4])
        self.bar_text[4].set_x(pct(hi))
        ratio = est.N_hat / N
        counts, _ = np.histogram(np.clip(ratio, BINS[0], BINS[-1] - 1e-9), bins=BINS)
        self.hist.set_data(values=counts)  # bars taller than HIST_YMAX are cut off by the axes
        self.counts = counts
        peak = int(counts.max())
        self.peak_text.set_text(f"tallest bar: {peak} surveys (cut off at {HIST_YMAX})" if peak > HIST_YMAX else "")
        med = float(np.median(ratio))
        x_med = min(med, BINS[-1])
        self.median_line.set_data([x_med, x_med], [0, 1])
        self.median_text.set_x(x_med)
        self.median_text.set_text(f" median {100 * med:.0f}%")
        covered = float(np.mean((est.lower <= N) & (est.upper >= N)))
        self.median_ratio, self.coverage = med, covered
        return (
            f"Simulated hidden population of {N:,} people; chance on list 1 {v['p1']:.2f}, on list 2 "
            f"{v['p2']:.2f}, dependence {v['dependence']:+.1f}, heterogeneity {v['heterogeneity']:.2f}. "
            f"One survey: {n1:,} on list 1, {n2:,} on list 2, {m:,} on both, {seen:,} seen at least once; "
            f"Chapman estimate {nh:,.0f} (95% interval {lo:,.0f} to {hi:,.0f}) against the true {N:,}. "
            f"Over {N_SURVEYS} repeated surveys the median estimate is {100 * med:.0f}% of the true size and "
            f"the interval contains the true size in {100 * covered:.0f}% of them."
        )

    def status_text(self) -> str:
        med = self.median_ratio
        if abs(med - 1) <= 0.05:
            verdict = "about right on average"
        elif med < 1:
            verdict = f"too low on average ({100 * (1 - med):.0f}% under)"
        else:
            verdict = f"too high on average ({100 * (med - 1):.0f}% over)"
        return (f"True size {self.sample.N:,}. Estimates are {verdict}; the 95% interval holds the true size in "
                f"{100 * self.coverage:.0f}% of surveys (simulated).")


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
