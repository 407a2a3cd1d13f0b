"""The interactive pieces of the lessons (ipywidgets).

Each widget is thin: it wires controls to a tested model function and a plot,
and carries a static figure for the book (see :mod:`upstream.widgets.base`).
"""

from .base import FigureExplorer
from .budget_allocator import BudgetAllocator
from .capture_explorer import CaptureRecaptureExplorer
from .deterrence_explorer import DeterrenceExplorer
from .model_explorer import ModelExplorer
from .quiz import Quiz
from .screening_explorer import ScreeningExplorer
from .sorter import Sorter

__all__ = [
    "BudgetAllocator",
    "CaptureRecaptureExplorer",
    "DeterrenceExplorer",
    "FigureExplorer",
    "ModelExplorer",
    "Quiz",
    "ScreeningExplorer",
    "Sorter",
]
