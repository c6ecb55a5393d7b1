"""Schema validation of data tables: the YAML sidecars and the typed reading of CSV files.

A sidecar's ``columns`` mapping declares, per column, ``dtype`` (int, float, str, bool),
``nullable``, ``positive``, ``nonnegative``, ``min``, ``max``, ``allowed`` and ``monotone``;
:func:`validate_frame` checks a frame of strings against it and types the columns.
:func:`read_user_csv` reads a user-supplied CSV with the same typed errors
(:class:`~endodec.errors.SchemaError` naming file, row and column).
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from endodec._io import load_yaml
from endodec.errors import DataError, SchemaError

__all__ = ["read_user_csv", "validate_frame"]

_DTYPES = ("int", "float", "str", "bool")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


def _read_yaml(path: Path) -> dict:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            out = load_yaml(fh)
    except (OSError, yaml.YAMLError) as e:
        raise DataError(f"file {path.name}: cannot read sidecar: {e}") from e
    if not isinstance(out, dict) or "columns" not in out:
        raise DataError(f"file {path.name}: sidecar has no 'columns' mapping")
    return out


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def read_user_csv(path: str | os.PathLike, *, what: str = "CSV file",
                  required: Sequence[str] = (), numeric: Sequence[str] = (),
                  positive: Sequence[str] = (), unit_interval: Sequence[str] = (),
                  option: str = "") -> pd.DataFrame:
    """Read a user-supplied CSV file with typed errors naming the file, row and column.

    Parameters
    ----------
    path : path-like
        The file (UTF-8, header row).
    what : str
        What the file is, for messages (``"observations file"``).
    required : sequence of str
        Columns that must be present.
    numeric : sequence of str
        Columns (if present) whose every cell must be a finite number.
    positive : sequence of str
        Columns (if present) whose every cell must be a finite number > 0.
    unit_interval : sequence of str
        Columns (if present) whose every cell must be a finite number in [0, 1].
    option : str
        The CLI option that named the file (``"--observations"``), for messages.

    Returns
    -------
    pandas.DataFrame
        As read by ``pandas.read_csv``; the checked columns as float64.

    Raises
    ------
    DataError
        The path is missing or a directory, the file is not UTF-8 or not parseable as CSV, is
        empty, lacks a required column, or a checked cell is missing, not a number or out of
        range (:class:`SchemaError` with file, row and column).
    """
    p = Path(path).expanduser()
    opt = f" (given by {option})" if option else ""
    if not p.exists():
        raise DataError(f"{what} {str(p)!r}{opt} does not exist")
    if p.is_dir():
        raise DataError(f"{what} {str(p)!r}{opt} is a directory; give a CSV file")
    try:
        df = pd.read_csv(p, encoding="utf-8")
    except UnicodeDecodeError as e:
        raise DataError(f"{what} {p}{opt}: not UTF-8 text ({e.reason} at byte {e.start}); "
                        "save it as UTF-8 CSV") from e
    except pd.errors.EmptyDataError as e:
        raise DataError(f"{what} {p}{opt}: the file is empty (needs a header row"
                        + (f" with {', '.join(required)}" if required else "") + ")") from e
    except pd.errors.ParserError as e:
        raise DataError(f"{what} {p}{opt}: cannot parse CSV: {e}") from e
    except (OSError, ValueError) as e:
        raise DataError(f"{what} {p}{opt}: cannot read: {e}") from e
    cols = [str(c) for c in df.columns]
    missing = [c for c in required if c not in cols]
    if missing:
        raise SchemaError(p.name, f"missing column {missing[0]!r}", column=missing[0],
                          allowed="columns " + ", ".join(required) + "; the file has "
                          + (", ".join(cols) or "none"))
    checks = [(c, "finite number", lambda v: True) for c in numeric]
    checks += [(c, "finite number > 0", lambda v: v > 0) for c in positive]
    checks += [(c, "finite number in [0, 1]", lambda v: 0 <= v <= 1) for c in unit_interval]
    for c, allowed, ok in checks:
        if c not in df.columns:
            continue
        vals = pd.to_numeric(df[c], errors="coerce").to_numpy(float)
        for i, (raw, v) in enumerate(zip(df[c].tolist(), vals, strict=True), start=1):
            if pd.isna(raw):
                raise SchemaError(p.name, "missing value", row=i, column=c, value="",
                                  allowed=allowed)
            if not (np.isfinite(v) and ok(v)):
                raise SchemaError(p.name, "not a " + allowed, row=i, column=c, value=raw,
                                  allowed=allowed)
        df[c] = vals
    return df


def _allowed_text(spec: Mapping) -> str:
    parts = []
    if spec.get("positive"):
        parts.append("> 0")
    if spec.get("nonnegative"):
        parts.append(">= 0")
    if "min" in spec:
        parts.append(f">= {spec['min']}")
    if "max" in spec:
        parts.append(f"<= {spec['max']}")
    if "allowed" in spec:
        a = spec["allowed"]
        parts.append("one of " + (", ".join(repr(x) for x in a)
                                  if isinstance(a, (list, tuple, set, frozenset)) else repr(a)))
    if not spec.get("nullable"):
        parts.append("not empty")
    return ", ".join(parts) or spec.get("dtype", "")


def validate_frame(raw: pd.DataFrame, meta: Mapping, file: str = "<frame>") -> pd.DataFrame:
    """Validate and type a frame of strings against a sidecar's ``columns`` schema.

    The schema of each column (in the sidecar) may declare ``dtype`` (int, float, str, bool),
    ``nullable``, ``positive``, ``nonnegative``, ``min``, ``max``, ``allowed`` (list of values)
    and ``monotone`` (``increasing`` = non-decreasing, ``strictly_increasing``, ``decreasing``),
    checked over the non-missing values in row order.

    Raises
    ------
    SchemaError
        Naming file, row (1-based data row and file line) and column.
    """
    if not isinstance(raw, pd.DataFrame):
        raise DataError(f"file {file}: expected a pandas DataFrame of strings, got "
                        f"{type(raw).__name__}")
    if not isinstance(meta, Mapping) or not isinstance(meta.get("columns"), Mapping):
        raise DataError(f"file {file}: the sidecar needs a 'columns' mapping (column -> schema)")
    cols: Mapping[str, Mapping] = {str(c): (spec if spec is not None else {})
                                   for c, spec in meta["columns"].items()}
    for c, spec in cols.items():
        if not isinstance(spec, Mapping):
            raise DataError(f"file {file}: sidecar column {c!r} has a schema of type "
                            f"{type(spec).__name__}; expected a mapping (dtype, nullable, ...)")
    have = [str(c) for c in raw.columns]
    dup = sorted({c for c in have if have.count(c) > 1})
    if dup:
        raise SchemaError(file, f"duplicate column {dup[0]!r}", column=dup[0],
                          allowed="each column once")
    by_name = dict(zip(have, raw.columns, strict=True))
    for c in cols:
        if c not in have:
            raise SchemaError(file, f"missing column {c!r}", column=c, allowed="columns " + ", ".join(cols))
    for c in have:
        if c not in cols:
            raise SchemaError(file, f"unexpected column {c!r}", column=c, allowed="columns " + ", ".join(cols))
    out = {}
    for c, spec in cols.items():
        dtype = spec.get("dtype", "str")
        if not isinstance(dtype, str) or dtype not in _DTYPES:
            raise DataError(f"file {file}: sidecar column {c!r} has unknown dtype {dtype!r}; allowed: {', '.join(_DTYPES)}")
        vals = []
        for i, s in enumerate(raw[by_name[c]].tolist(), start=1):
            s = "" if s is None else str(s).strip()
            if s == "":
                if not spec.get("nullable", False):
                    raise SchemaError(file, "missing value", row=i, column=c, value=s, allowed=_allowed_text(spec))
                vals.append(None)
                continue
            v = _parse(s, dtype, file, i, c, spec)
            _check_value(v, spec, file, i, c)
            vals.append(v)
        out[c] = _to_series(vals, dtype)
        mono = spec.get("monotone")
        if mono:
            _check_monotone(vals, mono, file, c)
    df = pd.DataFrame(out, index=pd.RangeIndex(len(raw)))
    return df


def _parse(s: str, dtype: str, file: str, row: int, col: str, spec: Mapping):
    try:
        if dtype == "int":
            f = float(s.replace(",", ""))
            if not f.is_integer() or abs(f) >= 2**63:  # int64 columns
                raise ValueError
            return int(f)
        if dtype == "float":
            f = float(s.replace(",", ""))
            if not math.isfinite(f):  # NaN, inf and values beyond float64 (1e400)
                raise ValueError
            return f
        if dtype == "bool":
            if s.lower() in _TRUE:
                return True
            if s.lower() in _FALSE:
                return False
            raise ValueError
        return s
    except (ValueError, OverflowError):
        raise SchemaError(file, f"not a valid {'finite ' if dtype == 'float' else ''}"
                          f"{dtype}", row=row, column=col, value=s,
                          allowed=_allowed_text(spec)) from None


def _check_value(v, spec: Mapping, file: str, row: int, col: str) -> None:
    def bad(problem: str):
        raise SchemaError(file, problem, row=row, column=col, value=v, allowed=_allowed_text(spec))

    try:
        if spec.get("positive") and not v > 0:
            bad("non-positive value")
        if spec.get("nonnegative") and not v >= 0:
            bad("negative value")
        if "min" in spec and v < spec["min"]:
            bad(f"below minimum {spec['min']}")
        if "max" in spec and v > spec["max"]:
            bad(f"above maximum {spec['max']}")
        if "allowed" in spec and v not in spec["allowed"]:
            bad("value not allowed")
    except TypeError:
        raise DataError(f"file {file}: sidecar column {col!r}: its range checks (positive, "
                        f"nonnegative, min, max, allowed) do not apply to the "
                        f"{spec.get('dtype', 'str')} value {v!r}") from None


def _check_monotone(vals: list, mode: str, file: str, col: str) -> None:
    prev, prev_row = None, None
    for i, v in enumerate(vals, start=1):
        if v is None:
            continue
        if prev is not None:
            ok = {"increasing": v >= prev, "strictly_increasing": v > prev,
                  "decreasing": v <= prev, "strictly_decreasing": v < prev}.get(mode)
            if ok is None:
                raise DataError(f"file {file}: sidecar column {col!r} has unknown monotone {mode!r}")
            if not ok:
                word = mode.replace("_", " ")
                raise SchemaError(file, f"column must be {word} (row {prev_row} has {prev!r})", row=i,
                                  column=col, value=v, allowed=f"{word} down the rows")
        prev, prev_row = v, i


def _to_series(vals: list, dtype: str) -> pd.Series:
    has_null = any(v is None for v in vals)
    if dtype == "int":
        return pd.Series(vals, dtype="Int64" if has_null else "int64")
    if dtype == "float":
        return pd.Series([float("nan") if v is None else v for v in vals], dtype="float64")
    if dtype == "bool":
        return pd.Series(vals, dtype="boolean" if has_null else "bool")
    return pd.Series(vals, dtype="object")
