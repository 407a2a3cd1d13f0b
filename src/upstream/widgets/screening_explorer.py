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
import numpy as np

from .._validate import check_in_range
from ..figures.screening import screening_explorer_figure
from ..models.screening import SCREENING_STUDIES, predictive_values, screen_counts
from .base import FigureExplorer, slider

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
    counts_fn : callable, optional
        The model call, ``screen_counts(sensitivity, specificity, prevalence, screened)``; tests pass a spy.
    """

    caption = (
        "Screening explorer. Top: what happens to 1,000 young people screened, split into those who screen positive "
        "(true and false positives) and those who screen negative (missed and correctly cleared). Bottom: the chance "
        "that a positive screen is a true positive (PPV) against how common the condition is in the group screened, "
        "for the current sensitivity and specificity."
    )

    def __init__(self, sensitivity: float = 84.6, specificity: float = 53.2, prevalence: float = 12.3,
                 counts_fn=screen_counts):
        for name, v, lo, hi in (("sensitivity", sensitivity, 1, 100), ("specificity", specificity, 1, 100),
                                ("prevalence", prevalence, 0.1, 50)):
            check_in_range(name, v, lo, hi, unit="%")
        self._counts = counts_fn
        self.sensitivity = slider("Sensitivity (%)", sensitivity, 1, 100, 0.1, fmt=".1f")
        self.specificity = slider("Specificity (%)", specificity, 1, 100, 0.1, fmt=".1f")
        self.prevalence = slider("Prevalence (%)", prevalence, 0.1, 50, 0.1, fmt=".1f")
        self.study = widgets.Dropdown(options=[CUSTOM, *(s.label for s in SCREENING_STUDIES)], value=CUSTOM,
                                      description="Published study", style={"description_width": "10em"},
                                      layout=widgets.Layout(width="min(36em, 100%)"))
        self._build_figure()
        super().__init__([self.study, self.sensitivity, self.specificity, self.prevalence])

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
        self.adopt(screening_explorer_figure(screened=SCREENED, prev_axis=PREV_AXIS))

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
