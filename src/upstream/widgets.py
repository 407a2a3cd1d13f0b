"""The interactive pieces of the lessons (ipywidgets).

Each widget is thin: it wires controls to a tested model function and a plot,
and carries a static figure for the book (see :mod:`upstream._widget_base`).
"""

from ._widget_base import FigureExplorer
from ._widget_model_explorer import ModelExplorer

__all__ = ["FigureExplorer", "ModelExplorer"]
