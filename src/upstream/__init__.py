"""Upstream: the models, plots and widgets behind the lessons.

Data flows one way: models -> figures -> widgets -> notebooks -> book. The
models never import matplotlib or ipywidgets; see CONTRIBUTING.md for the map.
"""

from .models.population import Budget, Parameters, simulate, simulate_many

__all__ = ["Budget", "Parameters", "simulate", "simulate_many"]
__version__ = "0.1.0"
