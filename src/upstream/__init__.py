"""Upstream: the models, figures and widgets behind the lessons.

Data flows one way: models -> figures -> widgets -> notebooks -> book. The
models never import matplotlib or ipywidgets; see CONTRIBUTING.md for the map.
"""

from importlib.metadata import PackageNotFoundError, version

from .models.population import Budget, Parameters, simulate, simulate_many

__all__ = ["Budget", "Parameters", "simulate", "simulate_many"]

try:
    __version__ = version("upstream")
except PackageNotFoundError:  # a source tree that was never installed (pip install -e .)
    __version__ = "0+unknown"
