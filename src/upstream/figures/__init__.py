"""Every matplotlib drawing of the lessons, the book and the explorers.

Each function draws on a Figure it is given (or a new one) and returns it; no
pyplot. :mod:`~upstream.figures.style` holds the shared palette and canvas,
:mod:`~upstream.figures.output` turns a figure into accessible output (PNG,
HTML ``<figure>`` with alt text), and one module per topic draws:
:mod:`~upstream.figures.intro` (lessons 1-3), :mod:`~upstream.figures.population`
(lesson 4) and :mod:`~upstream.figures.budget` (lessons 5-6).
"""

from .budget import LEVER_HATCHES, plot_regret, plot_splits
from .intro import (
    plot_capture_scenarios,
    plot_detected_children,
    plot_estimate_ranges,
    plot_federal_prosecutions,
    plot_law_timeline,
    plot_socio_ecological,
)
from .output import FigureOutput, figure_html, figure_to_png
from .population import plot_compartment_diagram, plot_outcomes, plot_trajectories
from .style import (
    ILLUSTRATIVE,
    LEVER_COLORS,
    MARKERS,
    OKABE_ITO,
    OUTCOME_LABELS,
    POLICY_STYLES,
    diagram_axes,
    new_figure,
)

__all__ = [
    "ILLUSTRATIVE",
    "LEVER_COLORS",
    "LEVER_HATCHES",
    "MARKERS",
    "OKABE_ITO",
    "OUTCOME_LABELS",
    "POLICY_STYLES",
    "FigureOutput",
    "diagram_axes",
    "figure_html",
    "figure_to_png",
    "new_figure",
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
]
