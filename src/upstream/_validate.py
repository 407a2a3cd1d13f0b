"""Input checks shared by every public function.

Each check raises :class:`ValueError` naming the parameter, the value it got and
the valid range, so a learner (or a widget) can say exactly what to change.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["check_in_range", "check_positive_int"]


def _fmt(value) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0:
        return repr(arr.item())
    return f"array of shape {arr.shape}"


def check_in_range(
    name: str,
    value,
    lo: float = 0.0,
    hi: float = math.inf,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
    unit: str = "",
) -> np.ndarray | float:
    """Check that ``value`` (a number or array) is finite and inside [lo, hi].

    Returns the value as a float (scalars) or a float array (arrays).

    Raises
    ------
    ValueError
        If any element is not a finite real number or lies outside the range.
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number; got {value!r}") from None
    left = "(" if lo_open else "["
    right = ")" if hi_open or math.isinf(hi) else "]"
    hi_txt = "inf" if math.isinf(hi) else f"{hi:g}"
    rng = f"{left}{lo:g}, {hi_txt}{right}"
    unit_txt = f" {unit}" if unit else ""
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite, in the range {rng}{unit_txt}; got {_fmt(value)}")
    bad = (arr < lo) | (arr > hi)
    if lo_open:
        bad |= arr == lo
    if hi_open:
        bad |= arr == hi
    if np.any(bad):
        shown = arr[bad].flat[0] if arr.ndim else arr.item()
        raise ValueError(f"{name} must be in the range {rng}{unit_txt}; got {shown:g}")
    return float(arr) if arr.ndim == 0 else arr


def check_positive_int(name: str, value, hi: int | None = None) -> int:
    """Check that ``value`` is an integer >= 1 (and <= ``hi`` if given)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be a whole number >= 1; got {value!r}")
    if value < 1 or (hi is not None and value > hi):
        top = "" if hi is None else f" and <= {hi}"
        raise ValueError(f"{name} must be a whole number >= 1{top}; got {value}")
    return int(value)
