"""The deterrence explorer's figure (lesson 6): cost of offending against certainty and severity."""

from __future__ import annotations

from types import SimpleNamespace

from matplotlib.legend_handler import HandlerTuple

from .style import ILLUSTRATIVE, OKABE_ITO, marker_point, new_figure

__all__ = ["deterrence_explorer_figure"]


def deterrence_explorer_figure() -> SimpleNamespace:
    """The deterrence explorer's figure: expected cost against sentence length, and the three
    scenarios side by side (lesson 6). Returns the figure and the artists the explorer updates."""
    art = SimpleNamespace()
    # 7.4 in wide (fits the book's text column without shrinking); legend below.
    art.fig = new_figure(7.4, 4.4, dpi=80)
    art.fig.get_layout_engine().set(w_pad=0.1, h_pad=0.06)
    ax_c, ax_b = art.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.5, 1]}, sharey=True)
    art.axes = (ax_c, ax_b)
    blue, verm, blk = OKABE_ITO["blue"], OKABE_ITO["vermillion"], OKABE_ITO["black"]
    (art.curve,) = ax_c.plot([], [], color=blue, linewidth=2.2, label="current chance of conviction")
    (art.curve2,) = ax_c.plot([], [], color=verm, linewidth=2.2, linestyle="--", label="double the chance")
    (art.ceiling,) = ax_c.plot([], [], color=blk, linewidth=1.2, linestyle=":", label="ceiling (any sentence)")
    art.pt_now = marker_point(ax_c, "o", 9, color=blue, label="now")
    art.pt_sent = marker_point(ax_c, "s", 9, color=blue, label="double the sentence")
    art.pt_cert = marker_point(ax_c, "^", 10, color=verm, label="double the chance")
    ax_c.set_xlim(0, 60)
    ax_c.set_xlabel("Sentence (years)", fontsize=10)
    ax_c.set_ylabel("Expected cost per offence\n(prison-years valued today)", fontsize=10)
    ax_c.set_title("Cost of offending vs sentence", fontsize=11)
    ax_c.tick_params(labelsize=9)
    ax_c.grid(alpha=0.3)
    # One legend entry per scenario: "double the chance" shows its line and its point together.
    art.fig.legend(
        handles=[art.curve, (art.curve2, art.pt_cert), art.ceiling, art.pt_now, art.pt_sent],
        labels=[
            "current chance of conviction",
            "double the chance",
            "ceiling (any sentence)",
            "now",
            "double the sentence",
        ],
        handler_map={tuple: HandlerTuple(ndivide=None)},
        handlelength=3,
        fontsize=9,
        loc="outside lower center",
        ncol=3,
        frameon=False,
    )
    labels = ["now", "double the\nsentence", "double the\nchance"]
    art.bars = ax_b.bar(
        range(3), [0, 0, 0], color=[blue, blue, verm], edgecolor="black", hatch=["", "//", ".."], width=0.6
    )
    art.bar_text = [ax_b.text(i, 0, "", ha="center", va="bottom", fontsize=9) for i in range(3)]
    ax_b.set_xticks(range(3), labels, fontsize=9)
    ax_b.set_title("Side by side", fontsize=11)
    ax_b.grid(axis="y", alpha=0.3)
    ax_c.set_ylim(0, 1)
    art.fig.suptitle(ILLUSTRATIVE, fontsize=9, x=0.99, ha="right", color="#444444")
    art.fig.canvas.draw()
    art.fig.set_layout_engine("none")
    art.animated = [art.curve, art.curve2, art.ceiling, art.pt_now, art.pt_sent, art.pt_cert, *art.bars, *art.bar_text]
    return art
