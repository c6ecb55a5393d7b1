"""Parameter grids and samples for sweeps over the game (seed 000 §3.1-3.6; seed 001 §3.1-3.6).

A :class:`Grid` is the Cartesian product of one axis per varied parameter; parameters that are not
varied keep the defaults of :class:`endodec.model.game.GameParams` (N=5, a=10, b=0.5, r=0.05,
delta=0.30, x0=10, S_T=0). Points are generated chunk by chunk from their flat index, so a
:math:`10^8`-point grid never exists in memory.

Axis syntax (``Grid.from_specs``)
---------------------------------
``name=start:stop:num``
    ``num`` points from ``start`` to ``stop`` inclusive (``numpy.linspace``).
``name=start:stop``
    For ``N``: every integer from ``start`` to ``stop`` inclusive. For other parameters: 50 points.
``name=v1,v2,...``
    Explicit values. ``name=v`` fixes a parameter at ``v``.
For ``N`` a ``start:stop:num`` axis is rounded to integers (duplicates dropped).
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from pathlib import Path

import numpy as np
import pandas as pd

from endodec.errors import DataError, ParameterError

__all__ = ["PARAMS", "DEFAULTS", "Grid", "parse_spec", "load_samples"]

#: Parameters a sweep may vary (the fields of :class:`~endodec.model.game.GameParams`).
PARAMS = ("N", "a", "b", "r", "delta", "x0", "S_T", "S_I", "S")

#: Values of parameters that are not varied (GameParams defaults; S_I/S None = not used).
DEFAULTS = {"N": 5.0, "a": 10.0, "b": 0.5, "r": 0.05, "delta": 0.30, "x0": 10.0, "S_T": 0.0}

_DEFAULT_NUM = 50


def _float(name: str, text: str, spec: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ParameterError(name, spec, "name=start:stop[:num] or name=v1,v2,... with numbers") from None


def parse_spec(spec: str) -> tuple[str, np.ndarray]:
    """Parse one axis ``name=start:stop[:num]`` / ``name=v1,v2`` into ``(name, values)``.

    Raises
    ------
    ParameterError
        Unknown parameter name, malformed numbers, ``num < 1`` or an empty axis.
    """
    if "=" not in spec:
        raise ParameterError("spec", spec, "of the form name=start:stop[:num] or name=v1,v2,...")
    name, _, rhs = (s.strip() for s in spec.partition("="))
    if name not in PARAMS:
        raise ParameterError("spec", spec, f"a parameter name among {PARAMS}")
    if ":" in rhs:
        parts = rhs.split(":")
        if len(parts) not in (2, 3):
            raise ParameterError(name, rhs, "start:stop or start:stop:num")
        start, stop = _float(name, parts[0], spec), _float(name, parts[1], spec)
        if len(parts) == 3:
            num = _float(name, parts[2], spec)
            if num < 1 or num != int(num):
                raise ParameterError(name, parts[2], "an integer number of points >= 1")
            vals = np.linspace(start, stop, int(num))
            if name == "N":
                vals = np.unique(np.round(vals))
        elif name == "N":
            if start != int(start) or stop != int(stop) or stop < start:
                raise ParameterError("N", rhs, "integers start <= stop (e.g. N=2:50)")
            vals = np.arange(int(start), int(stop) + 1, dtype=float)
        else:
            vals = np.linspace(start, stop, _DEFAULT_NUM)
    else:
        vals = np.array([_float(name, v, spec) for v in rhs.split(",") if v.strip()], dtype=float)
    if vals.size == 0:
        raise ParameterError(name, rhs, "at least one value")
    return name, np.asarray(vals, dtype=float)


@dataclass(frozen=True)
class Grid:
    """Cartesian grid over game parameters (see module docstring).

    Parameters
    ----------
    axes : dict[str, ndarray]
        One 1-D array per varied parameter (insertion order = C order of the flat index: the
        last axis varies fastest).
    fixed : dict[str, float]
        Values of non-varied parameters; defaults to :data:`DEFAULTS` for those not given.
    """

    axes: dict
    fixed: dict | None = None

    def __post_init__(self):
        axes = {}
        for k, v in dict(self.axes).items():
            if k not in PARAMS:
                raise ParameterError("axis", k, f"a parameter name among {PARAMS}")
            arr = np.atleast_1d(np.asarray(v, dtype=float))
            if arr.ndim != 1 or arr.size == 0:
                raise ParameterError(k, v, "a non-empty 1-D sequence of values")
            axes[k] = arr
        fixed = dict(DEFAULTS)
        for k, v in dict(self.fixed or {}).items():
            if k not in PARAMS:
                raise ParameterError("fixed", k, f"a parameter name among {PARAMS}")
            fixed[k] = float(v)
        for k in axes:
            fixed.pop(k, None)
        object.__setattr__(self, "axes", axes)
        object.__setattr__(self, "fixed", fixed)

    @classmethod
    def from_specs(cls, specs, fixed: dict | None = None) -> Grid:
        """Build a grid from axis strings, e.g. ``["N=2:50", "delta=0.05:0.8:100"]``."""
        if isinstance(specs, str):
            specs = [specs]
        axes: dict[str, np.ndarray] = {}
        for s in specs:
            name, vals = parse_spec(s)
            if name in axes:
                raise ParameterError(name, s, "varied at most once")
            axes[name] = vals
        return cls(axes, fixed)

    @property
    def shape(self) -> tuple[int, ...]:
        return tuple(v.size for v in self.axes.values())

    @property
    def size(self) -> int:
        return int(prod(self.shape)) if self.axes else 1

    def __len__(self) -> int:
        return self.size

    @property
    def columns(self) -> list[str]:
        """Parameter columns of every chunk (varied first, then fixed)."""
        return list(self.axes) + list(self.fixed)

    def chunk(self, start: int, stop: int) -> dict[str, np.ndarray]:
        """Parameters of the points with flat indices ``start <= i < stop`` (C order).

        Memory is O(stop - start): the grid itself is never expanded.
        """
        start, stop = max(0, int(start)), min(self.size, int(stop))
        n = max(stop - start, 0)
        out: dict[str, np.ndarray] = {}
        if self.axes:
            idx = np.unravel_index(np.arange(start, stop, dtype=np.int64), self.shape)
            for (k, vals), ix in zip(self.axes.items(), idx, strict=True):
                out[k] = vals[ix]
        for k, v in self.fixed.items():
            out[k] = np.full(n, v)
        return out

    def describe(self) -> str:
        parts = [f"{k}: {v.size} values in [{v.min():g}, {v.max():g}]" for k, v in self.axes.items()]
        return f"Grid of {self.size:,} points ({'; '.join(parts) or 'no varied axis'})"


def load_samples(samples) -> pd.DataFrame:
    """Read a sample of parameter points (DataFrame, or a CSV / Parquet path).

    Columns named like :data:`PARAMS` are parameters; missing ones take :data:`DEFAULTS`; other
    columns are carried through to the result unchanged (e.g. a draw id).

    Raises
    ------
    DataError
        Unreadable file, no parameter column, or a non-numeric parameter column.
    """
    if isinstance(samples, pd.DataFrame):
        df = samples
    else:
        p = Path(samples)
        if not p.is_file():
            raise DataError(f"samples file {str(p)!r} not found")
        try:
            if p.suffix.lower() in (".parquet", ".pq"):
                df = pd.read_parquet(p)
            else:
                df = pd.read_csv(p)
        except Exception as e:  # pragma: no cover - parser specific
            raise DataError(f"cannot read samples file {str(p)!r}: {e}") from None
    cols = [c for c in df.columns if c in PARAMS]
    if not cols:
        raise DataError(f"samples have no parameter column; expected some of {PARAMS}, "
                        f"got {list(df.columns)}")
    for c in cols:
        if not pd.api.types.is_numeric_dtype(df[c]):
            raise DataError(f"samples column {c!r} is not numeric (dtype {df[c].dtype})")
    return df.reset_index(drop=True)
