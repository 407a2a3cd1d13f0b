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

import ipywidgets as widgets
from matplotlib.legend_handler import HandlerTuple
import numpy as np

from .base import FigureExplorer, check_start_value
from ..models.deterrence import compare_doublings, expected_cost
from ..figures.style import ILLUSTRATIVE, OKABE_ITO, new_figure

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

    def __init__(self, certainty: float = 10.0, sentence: int = 10, discount: float = 20.0, delay: float = 1.0,
                 cost_fn=compare_doublings):
        # the sliders' own limits and messages; a fractional sentence is refused, not rounded
        check_start_value("certainty", certainty, 1, 100, "%")
        check_start_value("sentence", sentence, 1, MAX_SENTENCE_CONTROL, "years", whole=True)
        check_start_value("discount", discount, 0, 100, "% per year")
        check_start_value("delay", delay, 0, 5, "years")
        self._cost = cost_fn
        style = {"description_width": "16em"}
        layout = widgets.Layout(width="min(38em, 100%)")
        self.certainty = widgets.FloatSlider(value=float(certainty), min=1, max=100, step=1,
                                             description="Chance of conviction (%)", style=style, layout=layout,
                                             continuous_update=False, readout_format=".0f")
        self.sentence = widgets.IntSlider(value=int(sentence), min=1, max=MAX_SENTENCE_CONTROL, step=1,
                                          description="Sentence (years)", style=style, layout=layout,
                                          continuous_update=False)
        self.discount = widgets.FloatSlider(value=float(discount), min=0, max=100, step=1,
                                            description="Discount rate (% per year)", style=style, layout=layout,
                                            continuous_update=False, readout_format=".0f")
        self.delay = widgets.FloatSlider(value=float(delay), min=0, max=5, step=0.5,
                                         description="Delay to sentence (years)", style=style, layout=layout,
                                         continuous_update=False, readout_format=".1f")
        self._build_figure()
        super().__init__(
            [self.certainty, self.sentence, self.discount, self.delay],
            caption=(
                "Deterrence explorer (illustrative model). Left: expected, discounted cost of one offence against "
                "sentence length, at the current chance of conviction (solid) and at double that chance (dashed); "
                "the dotted line is the ceiling no sentence can pass. Right: the cost now, with the sentence "
                "doubled, and with the chance of conviction doubled."
            ),
        )

    units = {"certainty": "%", "sentence": "years", "discount": "% per year", "delay": "years"}

    def named_controls(self) -> dict:
        """certainty, sentence, discount and delay (see :meth:`set`)."""
        return {"certainty": self.certainty, "sentence": self.sentence, "discount": self.discount,
                "delay": self.delay}

    # -- drawing --------------------------------------------------------------
    def _build_figure(self):
        # 7.4 in wide (fits the book's text column without shrinking); legend below.
        self.fig = new_figure(7.4, 4.4, dpi=80)
        self.fig.get_layout_engine().set(w_pad=0.1, h_pad=0.06)
        ax_c, ax_b = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.5, 1]}, sharey=True)
        self.axes = (ax_c, ax_b)
        blue, verm, blk = OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["black"]
        (self.curve,) = ax_c.plot([], [], color=blue, linewidth=2.2, label="current chance of conviction")
        (self.curve2,) = ax_c.plot([], [], color=verm, linewidth=2.2, linestyle="--", label="double the chance")
        (self.ceiling,) = ax_c.plot([], [], color=blk, linewidth=1.2, linestyle=":", label="ceiling (any sentence)")
        (self.pt_now,) = ax_c.plot([], [], linestyle="none", marker="o", markersize=9, color=blue,
                                   markeredgecolor="black", label="now")
        (self.pt_sent,) = ax_c.plot([], [], linestyle="none", marker="s", markersize=9, color=blue,
                                    markeredgecolor="black", label="double the sentence")
        (self.pt_cert,) = ax_c.plot([], [], linestyle="none", marker="^", markersize=10, color=verm,
                                    markeredgecolor="black", label="double the chance")
        ax_c.set_xlim(0, 60)
        ax_c.set_xlabel("Sentence (years)", fontsize=10)
        ax_c.set_ylabel("Expected cost per offence\n(prison-years valued today)", fontsize=10)
        ax_c.set_title("Cost of offending vs sentence", fontsize=11)
        ax_c.tick_params(labelsize=9)
        ax_c.grid(alpha=0.3)
        # One legend entry per scenario: "double the chance" shows its line and its point together.
        self.fig.legend(handles=[self.curve, (self.curve2, self.pt_cert), self.ceiling, self.pt_now, self.pt_sent],
                        labels=["current chance of conviction", "double the chance", "ceiling (any sentence)",
                                "now", "double the sentence"],
                        handler_map={tuple: HandlerTuple(ndivide=None)}, handlelength=3,
                        fontsize=9, loc="outside lower center", ncol=3, frameon=False)
        labels = ["now", "double the\nsentence", "double the\nchance"]
        self.bars = ax_b.bar(range(3), [0, 0, 0], color=[blue, blue, verm], edgecolor="black",
                             hatch=["", "//", ".."], width=0.6)
        self.bar_text = [ax_b.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(3)]
        ax_b.set_xticks(range(3), labels, fontsize=9)
        ax_b.set_title("Side by side", fontsize=11)
        ax_b.grid(axis="y", alpha=0.3)
        ax_c.set_ylim(0, 1)
        self.fig.suptitle(ILLUSTRATIVE, fontsize=9, x=0.99, ha="right", color="#444444")
        self.fig.canvas.draw()
        self.fig.set_layout_engine("none")
        self.animated = [self.curve, self.curve2, self.ceiling, self.pt_now, self.pt_sent, self.pt_cert,
                         *self.bars, *self.bar_text]

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
            txt.set_text(f"{v:.2f}" + ("" if g is None else f"\n(+{g:.0f}%)"))
        capped = " (capped at 100 %)" if res["certainty_capped"] else ""
        ceil_txt = (f"No sentence, however long, can push the cost above {ceiling:.2f}. " if ceiling is not None
                    else "With no discounting the cost grows in proportion to the sentence. ")
        return (
            f"Illustrative deterrence model: chance of conviction {100 * p:.0f}%, sentence {S} years, discount rate "
            f"{100 * r:.0f}% a year, delay {L:g} years. Expected discounted cost of an offence: {res['now']:.2f} "
            f"prison-years valued today. Doubling the sentence to {min(2 * S, 60)} years raises it to "
            f"{res['double_sentence']:.2f} (+{res['gain_sentence_pct']:.0f}%); doubling the chance of conviction to "
            f"{100 * p2:.0f}%{capped} raises it to {res['double_certainty']:.2f} (+{res['gain_certainty_pct']:.0f}%). "
            + ceil_txt
        )

    def status_text(self) -> str:
        res = self.result
        better = "the chance of conviction" if res["double_certainty"] > res["double_sentence"] else "the sentence"
        return (
            f"Doubling the sentence: +{res['gain_sentence_pct']:.0f}%. Doubling the chance of conviction: "
            f"+{res['gain_certainty_pct']:.0f}%. Here doubling {better} raises the expected cost more "
            "(illustrative model of a would-be offender who weighs costs; real deterrence also depends on what "
            "people believe the risks are)."
        )
