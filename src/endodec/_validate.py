"""One set of input checks for every layer: type, finiteness and range, with typed errors.

Every public function of endodec validates its numeric inputs through these, so the rule "bad
input gets a :class:`~endodec.errors.ParameterError` naming the parameter, the value and the
allowed range, never a traceback or NaN" has one implementation. (The game's parameters have
their own vectorised table in :mod:`endodec.model.game`, shared by ``GameParams`` and the
sweep engine.)

- :func:`as_array` / :func:`as_scalar`: convert, or ``ParameterError`` for a wrong type (a string,
  ``None``, a bool for a scalar, a Python int beyond float64);
- :func:`in_range`: convert and check finite and within bounds (open or closed), array-valued;
- :func:`scalar_in_range`: the same for one number, returned as ``float``;
- :func:`first_bad`: raise for the first element flagged by a custom mask.
"""

from __future__ import annotations

import math

import numpy as np

from endodec.errors import ParameterError

__all__ = ["as_array", "as_scalar", "in_range", "scalar_in_range", "first_bad", "describe_range"]


def as_array(name: str, v, allowed: str = "a number or an array of numbers") -> np.ndarray:
    """``v`` as a float64 array, or :class:`ParameterError` naming ``name``."""
    try:
        return np.asarray(v, dtype=float)
    except (TypeError, ValueError, OverflowError):
        raise ParameterError(name, v, allowed) from None


def as_scalar(name: str, v, allowed: str = "a number") -> float:
    """``v`` as one float (bools refused), or :class:`ParameterError` naming ``name``.

    A Python int beyond float64 becomes ``+-inf`` (the range check then names it) instead of
    raising ``OverflowError``.
    """
    if isinstance(v, (bool, np.bool_)):
        raise ParameterError(name, v, allowed)
    try:
        return float(v)
    except OverflowError:
        if isinstance(v, int):
            return math.inf if v > 0 else -math.inf
        raise ParameterError(name, v, allowed) from None
    except (TypeError, ValueError):
        raise ParameterError(name, v, allowed) from None


def _bad(a: np.ndarray, lo, hi, lo_open: bool, hi_open: bool) -> np.ndarray:
    bad = ~np.isfinite(a)
    if lo is not None:
        bad |= (a <= lo) if lo_open else (a < lo)
    if hi is not None:
        bad |= (a >= hi) if hi_open else (a > hi)
    return bad


def first_bad(name: str, v: np.ndarray, bad, allowed: str) -> None:
    """Raise :class:`ParameterError` for the first element of ``v`` where ``bad`` (or NaN)."""
    v = np.asarray(v, dtype=float)
    bad = np.asarray(bad) | np.isnan(v)
    if np.any(bad):
        raise ParameterError(name, v[bad].flat[0].item() if v.ndim else float(v), allowed)


def in_range(name: str, v, *, lo: float | None = None, hi: float | None = None,
             lo_open: bool = False, hi_open: bool = False, allowed: str | None = None,
             type_allowed: str | None = None) -> np.ndarray:
    """``v`` as a float64 array, every element finite and within the bounds.

    Parameters
    ----------
    name : str
        Parameter name for the message.
    v : array_like
        The input.
    lo, hi : float, optional
        Bounds (None: unbounded); ``lo_open`` / ``hi_open`` exclude the bound itself.
    allowed : str, optional
        The allowed range as the message states it (default: built from the bounds).
    type_allowed : str, optional
        The message for a value of the wrong type (default ``allowed``).
    """
    allowed = allowed or describe_range(lo, hi, lo_open, hi_open)
    a = as_array(name, v, type_allowed or allowed)
    first_bad(name, a, _bad(a, lo, hi, lo_open, hi_open), allowed)
    return a


def scalar_in_range(name: str, v, *, lo: float | None = None, hi: float | None = None,
                    lo_open: bool = False, hi_open: bool = False,
                    allowed: str | None = None) -> float:
    """One finite number within the bounds (bools and arrays refused), as ``float``."""
    allowed = allowed or describe_range(lo, hi, lo_open, hi_open)
    f = as_scalar(name, v, allowed)
    if _bad(np.asarray(f), lo, hi, lo_open, hi_open):
        raise ParameterError(name, v, allowed)
    return f


def describe_range(lo=None, hi=None, lo_open: bool = False, hi_open: bool = False,
                   integer: bool = False) -> str:
    """The allowed range in words (``"a finite number in (0, 1]"``, ``"an integer >= 2"``)."""
    kind = "an integer" if integer else "a finite number"

    def f(v):
        return f"{int(v)}" if integer else f"{v:g}"

    if lo is not None and hi is not None:
        return f"{kind} in {'(' if lo_open else '['}{f(lo)}, {f(hi)}{')' if hi_open else ']'}"
    if lo is not None:
        return f"{kind} {'>' if lo_open else '>='} {f(lo)}"
    if hi is not None:
        return f"{kind} {'<' if hi_open else '<='} {f(hi)}"
    return kind
