"""The interactive pieces of the lessons (ipywidgets).

Each widget is thin: it wires controls to a tested model function and a plot,
and carries a static figure for the book (see :mod:`upstream._widget_base`).
"""

from ._widget_base import FigureExplorer
from ._widget_budget_allocator import BudgetAllocator
from ._widget_capture import CaptureRecaptureExplorer
from ._widget_deterrence_explorer import DeterrenceExplorer
from ._widget_model_explorer import ModelExplorer
from ._widget_quiz import Quiz
from ._widget_screening_explorer import ScreeningExplorer
from ._widget_sorter import Sorter

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
