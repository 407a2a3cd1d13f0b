"""Upstream: the models, plots and widgets behind the lessons.

Data flows one way: model -> plots -> widgets -> notebooks -> book. The model
modules never import matplotlib or ipywidgets.
"""

from .model import Budget, Parameters, simulate, simulate_many

__all__ = ["Budget", "Parameters", "simulate", "simulate_many"]
__version__ = "0.1.0"
