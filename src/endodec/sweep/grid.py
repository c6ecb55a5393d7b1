"""Parameter grids and samples for sweeps over the game (seed 000 §3.1-3.6; seed 001 §3.1-3.6).

A :class:`Grid` is the Cartesian product of one axis per varied parameter; parameters that are not
varied keep the paper's baseline, read from the parameter table
(:func:`endodec.model.params.baseline`, the defaults of :class:`endodec.model.game.GameParams`).
Points are generated chunk by chunk from their flat index, so a :math:`10^8`-point grid never
exists in memory.

Axis syntax (``Grid.from_specs``)
---------------------------------
``name=start:stop:num``
    ``num`` points from ``start`` to ``stop`` inclusive (``numpy.linspace``).
``name=start:stop``
    For ``N``: every integer from ``start`` to ``stop`` inclusive. For other parameters: 50 points.
``name=v1,v2,...``
    Explicit values. ``name=v`` fixes a parameter at ``v``.
For ``N`` a ``start:stop:num`` axis is rounded to integers (duplicates dropped).

Every number must be finite; ``num`` (and the length of an ``N=start:stop`` axis) is an integer
``>= 1`` whose axis must fit in ``ENDODEC_MAX_BYTES`` (:func:`endodec._limits.check_size`).
Values outside a parameter's range (e.g. ``delta=-1:1:5``) are kept: those points are reported
invalid, with a reason, by the sweep. Fixed values (``--fix``, ``Grid(fixed=...)``) must be valid
(:data:`endodec.model.game.PARAM_ALLOWED`), since otherwise every point would be invalid.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod
from pathlib import Path

import numpy as np
import pandas as pd

from endodec._limits import check_size
from endodec.errors import DataError, ParameterError
from endodec.model.game import PARAM_ALLOWED, as_real, invalid_mask
from endodec.model.params import GAME_PARAMS, baseline

__all__ = ["PARAMS", "DEFAULTS", "Grid", "parse_spec", "load_samples"]

#: Parameters a sweep may vary (the rows of :data:`endodec.model.params.GAME_PARAMS`, the fields
#: of :class:`~endodec.model.game.GameParams`).
PARAMS = tuple(GAME_PARAMS)

#: Values of parameters that are not varied: the paper's baseline
#: (:func:`endodec.model.params.baseline`), as floats; S_I and S (no baseline) are not used.
DEFAULTS = {k: float(v) for k, v in baseline().items() if v is not None}

_DEFAULT_NUM = 50


_SYNTAX = "name=start:stop[:num] or name=v1,v2,... with finite numbers"
#: Largest number of values of one axis (float64 indices; the memory check applies first).
MAX_AXIS = 2**40


def _float(label: str, text: str, what: str) -> float:
    try:
        v = float(text)
    except ValueError:
        v = None
    if v is None or v != v or v in (float("inf"), float("-inf")):
        raise ParameterError(label, text.strip(), f"a finite number ({what} of {_SYNTAX})")
    return v


def _num(label: str, text: str) -> int:
    v = _float(label, text, "num")
    if not (1 <= v <= MAX_AXIS) or v != int(v):
        raise ParameterError(label, text.strip(), "an integer number of points num in [1, 2**40]")
    return int(v)


def _check_axis(label: str, n: int) -> None:
    check_size(f"axis {label} with {n:,} values", 16.0 * n,
               "use fewer values (sweeps stream points, but every axis is held in memory)")


def parse_spec(spec: str, option: str = "--vary") -> tuple[str, np.ndarray]:
    """Parse one axis ``name=start:stop[:num]`` / ``name=v1,v2`` into ``(name, values)``.

    Parameters
    ----------
    spec : str
        The axis text.
    option : str
        The option it came from (``"--vary"``, ``"--fix"``), named in error messages.

    Raises
    ------
    ParameterError
        Unknown parameter name, malformed or non-finite numbers, ``num`` not an integer in
        ``[1, MAX_AXIS]``, an empty axis; it names the option, the value and the allowed form.
    SizeLimitError
        An axis too large to hold in memory (``ENDODEC_MAX_BYTES``).
    """
    if not isinstance(spec, str) or "=" not in spec:
        raise ParameterError(option, spec, f"of the form {_SYNTAX}")
    name, _, rhs = (s.strip() for s in spec.partition("="))
    if name not in PARAMS:
        raise ParameterError(option, spec, f"a parameter name among {PARAMS} before '='")
    label = f"{option} {name}"
    if ":" in rhs:
        parts = rhs.split(":")
        if len(parts) not in (2, 3):
            raise ParameterError(label, rhs, "start:stop or start:stop:num")
        start, stop = _float(label, parts[0], "start"), _float(label, parts[1], "stop")
        if len(parts) == 3:
            num = _num(label, parts[2])
            _check_axis(label, num)
            with np.errstate(all="ignore"):  # overflow of stop - start is caught below
                vals = np.linspace(start, stop, num)
            if name == "N":
                vals = np.unique(np.round(vals))
        elif name == "N":
            if start != int(start) or stop != int(stop) or stop < start:
                raise ParameterError(label, rhs, "integers start <= stop (e.g. N=2:50)")
            n = int(stop) - int(start) + 1
            if n > MAX_AXIS:
                raise ParameterError(label, rhs, "at most 2**40 integers")
            _check_axis(label, n)
            vals = np.arange(int(start), int(stop) + 1, dtype=float)
        else:
            with np.errstate(all="ignore"):
                vals = np.linspace(start, stop, _DEFAULT_NUM)
    else:
        items = [v for v in rhs.split(",") if v.strip()]
        if len(items) > MAX_AXIS:  # pragma: no cover - such a command line cannot exist
            raise ParameterError(label, "...", f"at most {MAX_AXIS} values")
        vals = np.array([_float(label, v, "value") for v in items], dtype=float)
    if vals.size == 0:
        raise ParameterError(label, rhs, "at least one value")
    if not np.all(np.isfinite(vals)):  # e.g. linspace(-1e308, 1e308) overflows in between
        raise ParameterError(label, rhs, "an axis whose values are finite in float64")
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
            arr = np.atleast_1d(as_real(f"axis {k}", v))
            if arr.ndim != 1 or arr.size == 0:
                raise ParameterError(f"axis {k}", v, "a non-empty 1-D sequence of values")
            axes[k] = arr
        fixed = dict(DEFAULTS)
        for k, v in dict(self.fixed or {}).items():
            if k not in PARAMS:
                raise ParameterError("fixed", k, f"a parameter name among {PARAMS}")
            fv = as_real(f"fixed {k}", v)
            if fv.ndim or invalid_mask(k, fv):
                raise ParameterError(f"fixed {k}", v if fv.ndim else float(fv),
                                     f"a single value {PARAM_ALLOWED[k]}")
            fixed[k] = float(fv)
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
        if not isinstance(specs, (list, tuple)):
            raise ParameterError("specs", specs, "a list of axis strings like 'N=2:50'")
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
        Unreadable file, no rows, no parameter column, or a non-numeric parameter column.
    """
    if isinstance(samples, pd.DataFrame):
        df = samples
    else:
        if not isinstance(samples, (str, Path)) and not hasattr(samples, "__fspath__"):
            raise DataError(f"samples must be a DataFrame or a CSV / Parquet path, got "
                            f"{type(samples).__name__}")
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
    if not isinstance(df, pd.DataFrame):  # pragma: no cover - readers return frames
        raise DataError(f"samples {samples!r} did not read as a table")
    if len(df) == 0:
        raise DataError(f"samples {'frame' if isinstance(samples, pd.DataFrame) else repr(str(samples))}"
                        f" has no rows (columns {list(df.columns)}); give at least one point")
    cols = [c for c in df.columns if c in PARAMS]
    if not cols:
        raise DataError(f"samples have no parameter column; expected some of {PARAMS}, "
                        f"got {list(df.columns)}")
    for c in cols:
        if not pd.api.types.is_numeric_dtype(df[c]):
            raise DataError(f"samples column {c!r} is not numeric (dtype {df[c].dtype})")
    return df.reset_index(drop=True)
