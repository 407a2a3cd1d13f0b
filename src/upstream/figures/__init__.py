"""Every matplotlib drawing of the lessons, the book and the explorers.

Each function draws on a Figure it is given (or a new one) and returns it; no
pyplot. :mod:`~upstream.figures.style` holds the shared palette and canvas
(import it from there),
:mod:`~upstream.figures.output` turns a figure into accessible output (PNG,
HTML ``<figure>`` with alt text), and one module per topic draws:
:mod:`~upstream.figures.intro` (lessons 1-3), :mod:`~upstream.figures.population`
(lesson 4 and the model explorer), :mod:`~upstream.figures.budget` (lessons 5-6 and the
budget allocator), and one module per other explorer: :mod:`~upstream.figures.capture`,
:mod:`~upstream.figures.deterrence`, :mod:`~upstream.figures.screening`. The explorers'
functions build the figure once and return its artists; the widget moves them.
"""

from .budget import LEVER_HATCHES, allocator_figure, plot_regret, plot_splits
from .capture import capture_explorer_figure
from .deterrence import deterrence_explorer_figure
from .intro import (
    plot_capture_scenarios,
    plot_detected_children,
    plot_estimate_ranges,
    plot_federal_prosecutions,
    plot_law_timeline,
    plot_socio_ecological,
)
from .output import FigureOutput, artist_region, canvas_to_png, figure_html, figure_to_png
from .population import (
    RATIO_MAX,
    STATE_TITLES,
    model_explorer_figure,
    outcome_ratio_bars,
    plot_compartment_diagram,
    plot_outcomes,
    plot_trajectories,
    set_outcome_ratios,
    trajectory_lines,
)
from .screening import screening_explorer_figure

__all__ = [
    "LEVER_HATCHES",
    "RATIO_MAX",
    "STATE_TITLES",
    "FigureOutput",
    "allocator_figure",
    "artist_region",
    "canvas_to_png",
    "capture_explorer_figure",
    "deterrence_explorer_figure",
    "figure_html",
    "figure_to_png",
    "model_explorer_figure",
    "outcome_ratio_bars",
    "plot_capture_scenarios",
    "plot_compartment_diagram",
    "plot_detected_children",
    "plot_estimate_ranges",
    "plot_federal_prosecutions",
    "plot_law_timeline",
    "plot_outcomes",
    "plot_regret",
    "plot_socio_ecological",
    "plot_splits",
    "plot_trajectories",
    "screening_explorer_figure",
    "set_outcome_ratios",
    "trajectory_lines",
]
