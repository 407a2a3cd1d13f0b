"""Lesson 6's deterrence explorer: certainty versus severity of punishment.

Controls: the chance that an offence leads to conviction, the sentence in
years, the would-be offender's yearly discount rate, and the delay from offence
to sentence. Left: the expected, discounted cost of offending against sentence
length, at the current chance of conviction and at double that chance, with the
ceiling p * exp(-r*L) / r that no sentence can exceed. Right: the cost now, with
the sentence doubled, and with the chance of conviction doubled, side by side.
The model is an illustrative simplification (see :mod:`upstream.deterrence`).
"""

from __future__ import annotations

import math

import numpy as np

from ..figures.deterrence import deterrence_explorer_figure
from ..figures.style import ILLUSTRATIVE
from ..models.deterrence import compare_doublings, expected_cost
from .base import FigureExplorer, check_start_value, slider

__all__ = ["DeterrenceExplorer"]

MAX_SENTENCE_CONTROL = 30  # years; doubled it stays within the model's 60
S_AXIS = np.linspace(0.0, 60.0, 241)
_NICE = [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100]


def _nice_ceiling(x: float) -> float:
    for v in _NICE:
        if x <= v:
            return v
    return float(math.ceil(x / 100.0) * 100.0)


class DeterrenceExplorer(FigureExplorer):
    """Expected, discounted cost of offending as certainty and severity change.

    Parameters
    ----------
    certainty : float
        Chance (in %) that an offence leads to conviction, in [1, 100].
    sentence : int
        Sentence in years, in [1, 30].
    discount : float
        Yearly discount rate in %, in [0, 100].
    delay : float
        Years from offence to sentence, in [0, 5].
    cost_fn : callable
        ``compare_doublings(certainty, years, rate, delay)``; tests pass a spy.
    """

    caption = (
        f"Deterrence explorer. {ILLUSTRATIVE} Left: expected, discounted cost of one offence against "
        "sentence length, at the current chance of conviction (solid) and at double that chance (dashed); "
        "the dotted line is the ceiling no sentence can pass. Right: the cost now, with the sentence "
        "doubled, and with the chance of conviction doubled."
    )

    def __init__(
        self,
        certainty: float = 10.0,
        sentence: int = 10,
        discount: float = 20.0,
        delay: float = 1.0,
        cost_fn=compare_doublings,
    ):
        # the sliders' own limits and messages; a fractional sentence is refused, not rounded
        check_start_value("certainty", certainty, 1, 100, "%")
        check_start_value("sentence", sentence, 1, MAX_SENTENCE_CONTROL, "years", whole=True)
        check_start_value("discount", discount, 0, 100, "% per year")
        check_start_value("delay", delay, 0, 5, "years")
        self._cost = cost_fn
        wide = {"label_width": "16em", "width": "38em"}
        self.certainty = slider("Chance of conviction (%)", certainty, 1, 100, 1, fmt=".0f", **wide)
        self.sentence = slider("Sentence (years)", sentence, 1, MAX_SENTENCE_CONTROL, 1, **wide)
        self.discount = slider("Discount rate (% per year)", discount, 0, 100, 1, fmt=".0f", **wide)
        self.delay = slider("Delay to sentence (years)", delay, 0, 5, 0.5, fmt=".1f", **wide)
        self._build_figure()
        super().__init__([self.certainty, self.sentence, self.discount, self.delay])

    units = {"certainty": "%", "sentence": "years", "discount": "% per year", "delay": "years"}

    def named_controls(self) -> dict:
        """certainty, sentence, discount and delay (see :meth:`set`)."""
        return {"certainty": self.certainty, "sentence": self.sentence, "discount": self.discount, "delay": self.delay}

    # -- drawing --------------------------------------------------------------
    def _build_figure(self):
        self.adopt(deterrence_explorer_figure())

    def _ylim(self) -> float:
        p, r, L = self.certainty.value / 100, self.discount.value / 100, self.delay.value
        top = float(expected_cost(min(2 * p, 1.0), 60.0, r, L))
        return _nice_ceiling(1.15 * top)

    def background_key(self):
        return self._ylim()

    def draw(self) -> str:
        p, S = self.certainty.value / 100, int(self.sentence.value)
        r, L = self.discount.value / 100, float(self.delay.value)
        res = self._cost(p, float(S), r, L)
        self.result = res
        p2 = min(2 * p, 1.0)
        self.curve.set_data(S_AXIS, expected_cost(p, S_AXIS, r, L))
        self.curve2.set_data(S_AXIS, expected_cost(p2, S_AXIS, r, L))
        ceiling = p * math.exp(-r * L) / r if r > 0 else None
        self.ceiling.set_data(([0, 60], [ceiling, ceiling]) if ceiling is not None else ([], []))
        self.pt_now.set_data([S], [res["now"]])
        self.pt_sent.set_data([min(2 * S, 60)], [res["double_sentence"]])
        self.pt_cert.set_data([S], [res["double_certainty"]])
        top = self._ylim()
        for ax in self.axes:
            ax.set_ylim(0, top)
        vals = [res["now"], res["double_sentence"], res["double_certainty"]]
        gains = [None, res["gain_sentence_pct"], res["gain_certainty_pct"]]
        for bar, txt, v, g in zip(self.bars, self.bar_text, vals, gains):
            bar.set_height(v)
            txt.set_y(v)
            txt.set_text(
                self.TEXT["bar_value"].format(v=v) + ("" if g is None else "\n" + self.TEXT["bar_gain"].format(g=g))
            )
        T = self.TEXT
        values = {
            "p_pct": 100 * p,
            "S": S,
            "r_pct": 100 * r,
            "L": L,
            "S2": min(2 * S, 60),
            "p2_pct": 100 * p2,
            "capped": T["capped"] if res["certainty_capped"] else "",
            **res,
        }
        values["ceiling_text"] = T["ceiling"].format(ceiling=ceiling) if ceiling is not None else T["no_ceiling"]
        return T["alt"].format(**values)

    def status_text(self) -> str:
        res = self.result
        T = self.TEXT
        better = T["better_certainty"] if res["double_certainty"] > res["double_sentence"] else T["better_sentence"]
        return T["status"].format(better=better, **res)

    explorer_name = "deterrence"
    #: the explorer's sentences (``str.format``), shared with the book's in-page explorer
    TEXT = {
        "alt": (
            "Illustrative deterrence model: chance of conviction {p_pct:.0f}%, sentence {S} years, discount rate "
            "{r_pct:.0f}% a year, delay {L:g} years. Expected discounted cost of an offence: {now:.2f} "
            "prison-years valued today. Doubling the sentence to {S2} years raises it to "
            "{double_sentence:.2f} (+{gain_sentence_pct:.0f}%); doubling the chance of conviction to "
            "{p2_pct:.0f}%{capped} raises it to {double_certainty:.2f} (+{gain_certainty_pct:.0f}%). {ceiling_text}"
        ),
        "capped": " (capped at 100 %)",
        "ceiling": "No sentence, however long, can push the cost above {ceiling:.2f}. ",
        "no_ceiling": "With no discounting the cost grows in proportion to the sentence. ",
        "status": (
            "Doubling the sentence: +{gain_sentence_pct:.0f}%. Doubling the chance of conviction: "
            "+{gain_certainty_pct:.0f}%. Here doubling {better} raises the expected cost more "
            "(illustrative model of a would-be offender who weighs costs; real deterrence also depends on what "
            "people believe the risks are)."
        ),
        "better_certainty": "the chance of conviction",
        "better_sentence": "the sentence",
        "title": "Cost of offending vs sentence",
        "side_title": "Side by side",
        "x_label": "Sentence (years)",
        "y_label": "Expected cost per offence\n(prison-years valued today)",
        "legend": [
            "current chance of conviction",
            "double the chance",
            "ceiling (any sentence)",
            "now",
            "double the sentence",
        ],
        "bars": ["now", "double the\nsentence", "double the\nchance"],
        "bar_value": "{v:.2f}",
        "bar_gain": "(+{g:.0f}%)",
        "chart": "Deterrence explorer chart",
    }

    def js_config(self) -> dict:
        """Controls and texts (see the base class), the sentence axis and the y-axis steps."""
        return {
            **super().js_config(),
            "s_axis": [float(S_AXIS[0]), float(S_AXIS[-1]), len(S_AXIS)],
            "nice": _NICE,
            "max_sentence": 60.0,
        }
