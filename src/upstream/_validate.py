"""Input checks shared by every public function.

Each check names the parameter, the value it got and what is accepted, so a
learner (or a widget) can say exactly what to change:

* :class:`TypeError` when the value is not a number at all: a string (even
  ``"0.3"``), a boolean (``True`` is not 1 here), ``None``, a complex number, or
  an array of such;
* :class:`ValueError` when it is a number but not a finite one inside the range.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

__all__ = ["check_in_range", "check_positive_int", "check_number", "check_choice"]


def _fmt(value) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0:
        return repr(arr.item())
    return f"array of shape {arr.shape}"


def _kind(value) -> str:
    """A short name for the type of ``value``, for messages ("a str", "a bool")."""
    if isinstance(value, np.ndarray):
        return f"an array of {value.dtype}"
    name = type(value).__name__
    return f"an {name}" if name[:1].lower() in "aeiou" else f"a {name}"


def check_number(name: str, value, accepted: str = "a number"):
    """Return ``value`` as a float array (any shape) if it holds only real numbers.

    Raises :class:`TypeError` (naming ``name``, the value and ``accepted``) for
    strings, booleans, ``None``, complex numbers and anything else that is not
    a real number, alone or inside a list or array.
    """

    def refuse():
        shown = repr(value) if not isinstance(value, np.ndarray) else f"array of shape {value.shape}"
        return TypeError(f"{name} must be {accepted}; got {shown} ({_kind(value)})")

    if isinstance(value, (bool, np.bool_, str, bytes)) or value is None:
        raise refuse()
    try:
        arr = np.asarray(value)
    except Exception:  # noqa: BLE001 - ragged lists and odd objects: not numbers
        raise refuse() from None
    if arr.dtype.kind == "O":
        # Python numbers numpy keeps as objects (Decimal, Fraction, huge ints) are fine
        flat = arr.ravel()
        if not all(isinstance(x, numbers.Real) and not isinstance(x, (bool, np.bool_)) for x in flat):
            raise refuse()
        return np.array([float(x) for x in flat]).reshape(arr.shape)
    if arr.dtype.kind not in "iuf":
        raise refuse()
    return arr.astype(float)


def check_choice(name: str, value, choices) -> object:
    """``value`` if it is one of ``choices``; else ValueError (TypeError if not hashable text)."""
    choices = tuple(choices)
    if value in choices:
        return value
    raise ValueError(f"{name} must be one of {', '.join(map(str, choices))}; got {value!r}")


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
    TypeError
        If the value is not a real number (or an array of them): strings,
        booleans, None and complex numbers are refused, not converted.
    ValueError
        If any element is not finite or lies outside the range.
    """
    left = "(" if lo_open else "["
    right = ")" if hi_open or math.isinf(hi) else "]"
    hi_txt = "inf" if math.isinf(hi) else f"{hi:g}"
    rng = f"{left}{lo:g}, {hi_txt}{right}"
    unit_txt = f" {unit}" if unit else ""
    arr = check_number(name, value, f"a number in the range {rng}{unit_txt}")
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


def check_positive_int(name: str, value, hi: int | None = None, *, lo: int = 1, unit: str = "") -> int:
    """Check that ``value`` is a whole number in [lo, hi] (``hi`` None: no upper bound).

    An ``int`` (or NumPy integer) is accepted, and so is a float with no
    fractional part (``3.0``); booleans, strings and other types raise
    :class:`TypeError`; a fractional or out-of-range number raises ValueError.
    """
    rng = f"[{lo}, {hi}]" if hi is not None else f">= {lo}"
    what = f"a whole number {'in the range ' if hi is not None else ''}{rng}{' ' + unit if unit else ''}"
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Integral, float, np.floating)):
        raise TypeError(f"{name} must be {what}; got {value!r} ({_kind(value)})")
    if isinstance(value, (float, np.floating)) and not (math.isfinite(value) and float(value).is_integer()):
        raise ValueError(f"{name} must be {what}; got {value!r}")
    if value < lo or (hi is not None and value > hi):
        raise ValueError(f"{name} must be {what}; got {int(value)}")
    return int(value)
