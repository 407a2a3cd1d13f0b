"""Lesson 7's screening explorer: what a positive screen means (PPV).

Controls: sensitivity, specificity and prevalence (in %), and a menu of the
published screening studies that sets all three. Top: what happens to 1,000
young people screened (true and false positives among those who screen
positive; missed and correctly cleared among those who screen negative).
Bottom: the positive predictive value against prevalence for the current
sensitivity and specificity, with the current prevalence marked.
"""

from __future__ import annotations

import ipywidgets as widgets
from matplotlib.patches import Patch
import numpy as np

from .base import FigureExplorer, check_start_value
from ..figures.style import OKABE_ITO, new_figure
from ..models.screening import SCREENING_STUDIES, predictive_values, screen_counts

__all__ = ["ScreeningExplorer"]

PREV_AXIS = np.geomspace(0.001, 0.5, 200)
SCREENED = 1000
CUSTOM = "(your own values)"


class ScreeningExplorer(FigureExplorer):
    """From sensitivity, specificity and prevalence to the meaning of a positive screen.

    Parameters
    ----------
    sensitivity, specificity : float
        In %, each in [1, 100].
    prevalence : float
        In %, in [0.1, 50].
    counts_fn : callable
        ``screen_counts(sensitivity, specificity, prevalence, screened)``; tests pass a spy.
    """

    def __init__(self, sensitivity: float = 84.6, specificity: float = 53.2, prevalence: float = 12.3,
                 counts_fn=screen_counts):
        for name, v, lo, hi in (("sensitivity", sensitivity, 1, 100), ("specificity", specificity, 1, 100),
                                ("prevalence", prevalence, 0.1, 50)):
            check_start_value(name, v, lo, hi, "%")
        self._counts = counts_fn
        style = {"description_width": "10em"}
        layout = widgets.Layout(width="min(36em, 100%)")
        self.sensitivity = widgets.FloatSlider(value=float(sensitivity), min=1, max=100, step=0.1,
                                               description="Sensitivity (%)", style=style, layout=layout,
                                               continuous_update=False, readout_format=".1f")
        self.specificity = widgets.FloatSlider(value=float(specificity), min=1, max=100, step=0.1,
                                               description="Specificity (%)", style=style, layout=layout,
                                               continuous_update=False, readout_format=".1f")
        self.prevalence = widgets.FloatSlider(value=float(prevalence), min=0.1, max=50, step=0.1,
                                              description="Prevalence (%)", style=style, layout=layout,
                                              continuous_update=False, readout_format=".1f")
        self.study = widgets.Dropdown(options=[CUSTOM, *(s.label for s in SCREENING_STUDIES)], value=CUSTOM,
                                      description="Published study", style=style, layout=layout)
        self._build_figure()
        super().__init__(
            [self.study, self.sensitivity, self.specificity, self.prevalence],
            caption=(
                "Screening explorer. Top: what happens to 1,000 young people screened, split into those who "
                "screen positive (true and false positives) and those who screen negative (missed and correctly "
                "cleared). Bottom: the chance that a positive screen is a true positive (PPV) against how common "
                "the condition is in the group screened, for the current sensitivity and specificity."
            ),
        )

    def _on_change(self, change):
        if change.get("owner") is self.study and change["new"] != CUSTOM:
            s = next(s for s in SCREENING_STUDIES if s.label == change["new"])
            with self.batch():
                self.sensitivity.value = round(100 * s.sensitivity, 1)
                self.specificity.value = round(100 * s.specificity, 1)
                self.prevalence.value = round(100 * s.prevalence, 1)
            return
        super()._on_change(change)

    units = {"sensitivity": "%", "specificity": "%", "prevalence": "%"}

    def named_controls(self) -> dict:
        """sensitivity, specificity and prevalence in % (see :meth:`set`)."""
        return {"sensitivity": self.sensitivity, "specificity": self.specificity, "prevalence": self.prevalence}

    # -- drawing --------------------------------------------------------------
    def _build_figure(self):
        # 7.2 in wide (fits the book's text column without shrinking): counts on top,
        # the PPV curve below.
        self.fig = new_figure(7.2, 6.4, dpi=80)
        self.fig.get_layout_engine().set(w_pad=0.1, h_pad=0.08)
        ax_n, ax_p = self.fig.subplots(2, 1, height_ratios=[0.85, 1])
        self.axes = (ax_n, ax_p)
        verm, sky, grey = OKABE_ITO["vermillion"], OKABE_ITO["sky_blue"], "#BBBBBB"
        y = [0, 1]
        self.seg_have = ax_n.barh(y, [0, 0], color=verm, edgecolor="black", hatch="", height=0.6,
                                  label="has experienced trafficking")
        self.seg_not = ax_n.barh(y, [0, 0], color=[sky, grey], edgecolor="black", hatch="//", height=0.6,
                                 label="has not")
        self.seg_text = [ax_n.text(0, yi, "", va="center", ha="left", fontsize=9) for yi in y]
        ax_n.set_yticks(y, ["Screen\npositive", "Screen\nnegative"], fontsize=9)
        ax_n.invert_yaxis()
        ax_n.set_xlim(0, SCREENED)
        ax_n.tick_params(axis="x", labelsize=9)
        ax_n.set_xlabel(f"Young people, out of {SCREENED:,} screened", fontsize=10)
        ax_n.set_title(f"{SCREENED:,} young people screened", fontsize=11)
        # One legend entry per colour actually drawn: the "has not" part is blue in the
        # positive row (false alarms) and grey in the negative row (correctly cleared).
        ax_n.legend(handles=[
            Patch(facecolor=verm, edgecolor="black", label="has experienced trafficking"),
            Patch(facecolor=sky, edgecolor="black", hatch="//", label="false alarm (has not, screened positive)"),
            Patch(facecolor=grey, edgecolor="black", hatch="//", label="cleared (has not, screened negative)"),
        ], fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.32), ncol=1, frameon=False)
        (self.ppv_curve,) = ax_p.plot([], [], color=OKABE_ITO["blue"], linewidth=2.2, label="PPV")
        (self.ppv_point,) = ax_p.plot([], [], linestyle="none", marker="o", markersize=9,
                                      color=OKABE_ITO["blue"], markeredgecolor="black", label="your prevalence")
        ax_p.axhline(50, color="black", linestyle=":", linewidth=1)
        ax_p.text(0.12, 52, "half of positives are true", fontsize=9)
        ax_p.set_xscale("log")
        ax_p.set_xlim(PREV_AXIS[0] * 100, PREV_AXIS[-1] * 100)
        ax_p.set_ylim(0, 100)
        ax_p.set_xticks([0.1, 1, 10, 50], ["0.1%", "1%", "10%", "50%"])
        ax_p.tick_params(labelsize=9)
        ax_p.set_xlabel("Prevalence in the group screened (log scale)", fontsize=10)
        ax_p.set_ylabel("Positive screens that are true (%)", fontsize=10)
        ax_p.set_title("Positive predictive value (PPV)", fontsize=11)
        ax_p.grid(alpha=0.3)
        ax_p.legend(fontsize=9, loc="upper left")
        self.fig.canvas.draw()
        self.fig.set_layout_engine("none")
        self.animated = [*self.seg_have, *self.seg_not, *self.seg_text, self.ppv_curve, self.ppv_point]

    def draw(self) -> str:
        se, sp, pr = self.sensitivity.value / 100, self.specificity.value / 100, self.prevalence.value / 100
        c = self._counts(se, sp, pr, SCREENED)
        self.result = c
        tp, fp, fn, tn = c["true_positive"], c["false_positive"], c["false_negative"], c["true_negative"]
        for i, (have, nothave) in enumerate(((tp, fp), (fn, tn))):
            self.seg_have[i].set_width(have)
            self.seg_not[i].set_width(nothave)
            self.seg_not[i].set_x(have)
            self.seg_text[i].set_x(min(have + nothave, SCREENED - 260) + 8)
        self.seg_text[0].set_text(f"{tp} true + {fp} false")
        self.seg_text[1].set_text(f"{fn} missed + {tn} cleared")
        ppv = predictive_values(se, sp, PREV_AXIS)["ppv"]
        self.ppv_curve.set_data(PREV_AXIS * 100, 100 * np.nan_to_num(ppv))
        self.ppv_point.set_data([pr * 100], [100 * np.nan_to_num(c["ppv"])])
        ppv_txt = "undefined (no positive screens)" if np.isnan(c["ppv"]) else f"{100 * c['ppv']:.0f}%"
        return (
            f"Screen with sensitivity {100 * se:.1f}% and specificity {100 * sp:.1f}% in a group where "
            f"{100 * pr:.1f}% have experienced trafficking. Of {SCREENED:,} young people, {tp + fp} screen positive: "
            f"{tp} true positives and {fp} false positives, so a positive screen is right {ppv_txt} of the time. "
            f"Of the {fn + tn} who screen negative, {fn} are missed and {tn} correctly cleared. The curve shows the "
            "positive predictive value falling steeply as prevalence falls."
        )

    def status_text(self) -> str:
        c = self.result
        if np.isnan(c["ppv"]):
            return "No one screens positive with these values."
        return (
            f"PPV {100 * c['ppv']:.0f}%: of {c['positives']} positive screens per {SCREENED:,}, {c['false_positive']} "
            f"are false positives. NPV {100 * c['npv']:.1f}%. A positive screen calls for careful follow-up, not a label."
        )
