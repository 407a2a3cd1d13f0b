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

from ..figures.screening import SCREENING_TEXT, screening_explorer_figure
from ..models.screening import SCREENING_STUDIES, predictive_values, screen_counts
from .base import FigureExplorer, check_start_value, slider

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

    def __init__(
        self, sensitivity: float = 84.6, specificity: float = 53.2, prevalence: float = 12.3, counts_fn=screen_counts
    ):
        for name, v, lo, hi in (
            ("sensitivity", sensitivity, 1, 100),
            ("specificity", specificity, 1, 100),
            ("prevalence", prevalence, 0.1, 50),
        ):
            check_start_value(name, v, lo, hi, "%")
        self._counts = counts_fn
        self.sensitivity = slider("Sensitivity (%)", sensitivity, 1, 100, 0.1, fmt=".1f")
        self.specificity = slider("Specificity (%)", specificity, 1, 100, 0.1, fmt=".1f")
        self.prevalence = slider("Prevalence (%)", prevalence, 0.1, 50, 0.1, fmt=".1f")
        self.study = widgets.Dropdown(
            options=[CUSTOM, *(s.label for s in SCREENING_STUDIES)],
            value=CUSTOM,
            description="Published study",
            style={"description_width": "10em"},
            layout=widgets.Layout(width="min(36em, 100%)"),
        )
        self._build_figure()
        super().__init__([self.study, self.sensitivity, self.specificity, self.prevalence])

    def _on_change(self, change):
        if change.get("owner") is self.study and change["new"] != CUSTOM:
            s = next(s for s in SCREENING_STUDIES if s.label == change["new"])
            with self.batch():
                self.sensitivity.value = round(100 * s.sensitivity, 1)
                self.specificity.value = round(100 * s.specificity, 1)
                # A case-control study has no prevalence (its share of cases is set by its
                # design), so the prevalence stays where the learner put it.
                if s.prevalence is not None:
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
        T = self.TEXT
        self.seg_text[0].set_text(T["row_positive"].format(tp=tp, fp=fp))
        self.seg_text[1].set_text(T["row_negative"].format(fn=fn, tn=tn))
        ppv = predictive_values(se, sp, PREV_AXIS)["ppv"]
        self.ppv_curve.set_data(PREV_AXIS * 100, 100 * np.nan_to_num(ppv))
        self.ppv_point.set_data([pr * 100], [100 * np.nan_to_num(c["ppv"])])
        ppv_txt = T["ppv_undefined"] if np.isnan(c["ppv"]) else T["ppv_pct"].format(ppv_pct=100 * c["ppv"])
        return T["alt"].format(
            se_pct=100 * se,
            sp_pct=100 * sp,
            pr_pct=100 * pr,
            screened=SCREENED,
            positives=tp + fp,
            tp=tp,
            fp=fp,
            fn=fn,
            tn=tn,
            negatives=fn + tn,
            ppv_text=ppv_txt,
        )

    def study_note(self) -> str:
        """Why the prevalence did not move, when the chosen study is a case-control study."""
        s = next((s for s in SCREENING_STUDIES if s.label == self.study.value), None)
        if s is None or s.prevalence is not None:
            return ""
        return self.TEXT["case_control_note"].format(label=s.label, share_pct=100 * (s.sample_share or 0.0))

    def status_text(self) -> str:
        c = self.result
        if np.isnan(c["ppv"]):
            return self.TEXT["status_none"] + self.study_note()
        return (
            self.TEXT["status"].format(
                ppv_pct=100 * c["ppv"],
                npv_pct=100 * c["npv"],
                screened=SCREENED,
                positives=c["positives"],
                false_positive=c["false_positive"],
            )
            + self.study_note()
        )

    explorer_name = "screening"
    #: the explorer's sentences and labels (``str.format``), shared with the book's in-page explorer
    TEXT = {
        "alt": (
            "Screen with sensitivity {se_pct:.1f}% and specificity {sp_pct:.1f}% in a group where "
            "{pr_pct:.1f}% have experienced trafficking. Of {screened:,} young people, {positives} screen positive: "
            "{tp} true positives and {fp} false positives, so a positive screen is right {ppv_text} of the time. "
            "Of the {negatives} who screen negative, {fn} are missed and {tn} correctly cleared. The curve shows the "
            "positive predictive value falling steeply as prevalence falls."
        ),
        "ppv_pct": "{ppv_pct:.0f}%",
        "ppv_undefined": "undefined (no positive screens)",
        "status": (
            "PPV {ppv_pct:.0f}%: of {positives} positive screens per {screened:,}, {false_positive} "
            "are false positives. NPV {npv_pct:.1f}%. A positive screen calls for careful follow-up, not a label."
        ),
        "status_none": "No one screens positive with these values.",
        "case_control_note": (
            " {label}: a case-control study (its {share_pct:.0f}% of cases is set by the design), so it gives no "
            "prevalence and its PPV does not carry over to a real setting; the prevalence stays at your value."
        ),
        "row_positive": "{tp} true + {fp} false",
        "row_negative": "{fn} missed + {tn} cleared",
        **SCREENING_TEXT,
        "chart": "Screening explorer chart",
    }

    def js_config(self) -> dict:
        """Controls and texts (see the base class), the published studies and the prevalence axis."""

        def pct(x):
            return None if x is None else round(100 * x, 1)

        studies = [
            {
                "label": st.label,
                "sensitivity": pct(st.sensitivity),
                "specificity": pct(st.specificity),
                "prevalence": pct(st.prevalence),
                "sample_share": pct(st.sample_share),
            }
            for st in SCREENING_STUDIES
        ]
        return {
            **super().js_config(),
            "study": {"label": self.study.description, "custom": CUSTOM, "studies": studies},
            "screened": SCREENED,
            "prev_axis": PREV_AXIS.tolist(),
            "grey": "#BBBBBB",
        }
