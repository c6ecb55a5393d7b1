"""Packaged datasets of the paper, and the paper author's own data files.

Two sources of data:

* **Packaged tables** (``src/endodec/data/``): every data table of both paper versions (seed 000,
  the earlier version, and seed 001, the later extended one) transcribed to CSV exactly as printed,
  each with a YAML sidecar naming the seed file, table number, units, column meanings, transcription
  notes and a small schema. :func:`load` reads one, validates it against its schema and attaches
  provenance (source, version, file, sha256) in ``df.attrs["provenance"]``.
* **Author data** (never copied into the repository): the fuller files the author published in
  ``jonsmirl/thesis`` at commit ``2279b0b``. :func:`load_author` reads them from a user-given
  directory (argument, else the environment variable ``ENDODEC_AUTHOR_DATA``);
  :func:`download_author_data` fetches them into a cache for users with internet.

Examples
--------
>>> from endodec import datasets
>>> df = datasets.load("dram", version="000")          # seed 000 Table 2
>>> df.attrs["provenance"]["table"]
'Table 2'
>>> datasets.load("hbm").attrs["provenance"]["version"]  # later version by default
'001'
"""

from __future__ import annotations

import hashlib
import json
import math
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from endodec._io import atomic_write_bytes
from endodec.errors import AuthorDataMissing, DataError, SchemaError

__all__ = [
    "VERSIONS",
    "ALIASES",
    "list_datasets",
    "load",
    "describe",
    "load_file",
    "validate_frame",
    "read_user_csv",
    "data_dir",
    "AUTHOR_REPO",
    "AUTHOR_COMMIT",
    "AUTHOR_FILES",
    "AuthorFile",
    "author_data_dir",
    "author_path",
    "load_author",
    "validate_author_dir",
    "author_url",
    "default_cache_dir",
    "download_author_data",
    "AUTHOR_COUNTERPARTS",
    "load_either",
]

VERSIONS = ("000", "001")
"""Paper versions: ``"000"`` = seed 000 (earlier), ``"001"`` = seed 001 (later, extended)."""

SEED_FILES = {"000": "000_deb3b41bcd93aae2.txt", "001": "001_e19c307f00e12d5b.txt"}

ALIASES: dict[str, tuple[str, str]] = {
    # alias -> (dataset, version)
    "appendix_b": ("overinvestment_calibration", "000"),
}
"""Alternative names: ``appendix_b`` is seed 000 Table B1 = ``overinvestment_calibration`` v000."""

_DTYPES = ("int", "float", "str", "bool")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


# --------------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------------
# --------------------------------------------------------------------------------------------
# packaged tables
# --------------------------------------------------------------------------------------------
def data_dir() -> Path:
    """Directory of the packaged CSV files and their YAML sidecars."""
    return Path(__file__).resolve().parent / "data"


def _read_yaml(path: Path) -> dict:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            out = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError) as e:
        raise DataError(f"file {path.name}: cannot read sidecar: {e}") from e
    if not isinstance(out, dict) or "columns" not in out:
        raise DataError(f"file {path.name}: sidecar has no 'columns' mapping")
    return out


@lru_cache(maxsize=1)
def _catalog() -> dict[str, dict[str, Path]]:
    """name -> {version: sidecar path}, from the YAML files in :func:`data_dir`."""
    import yaml

    cat: dict[str, dict[str, Path]] = {}
    for p in sorted(data_dir().glob("*.yaml")):
        with open(p, encoding="utf-8") as fh:
            head = yaml.safe_load(fh)
        cat.setdefault(str(head["name"]), {})[str(head["version"])] = p
    return cat


def _resolve(name: str, version: str | None) -> tuple[str, str, bool, Path]:
    """Return (dataset, version, defaulted, sidecar path) or raise DataError."""
    if not isinstance(name, str):
        raise DataError(f"dataset name must be a string, got {name!r}")
    if version is not None:
        version = str(version).zfill(3) if str(version).isdigit() else str(version)
    cat = _catalog()
    if name in ALIASES:
        alias_name, alias_version = ALIASES[name]
        if version is not None and version != alias_version:
            raise DataError(f"dataset {name!r} is an alias of {alias_name!r} version {alias_version!r}; "
                            f"version={version!r} not available; allowed: {alias_version!r}")
        name, version = alias_name, alias_version
    if name not in cat:
        known = ", ".join(sorted(list(cat) + list(ALIASES)))
        raise DataError(f"unknown dataset {name!r}; allowed: {known}")
    versions = cat[name]
    if version is None:
        v = max(versions)  # the later version that has it
        return name, v, True, versions[v]
    if version not in versions:
        raise DataError(f"dataset {name!r} has no version {version!r}; allowed: {', '.join(sorted(versions))}")
    return name, version, False, versions[version]


def describe(name: str, version: str | None = None) -> dict:
    """Sidecar of a packaged dataset as a dict.

    Parameters
    ----------
    name : str
        Dataset name (see :func:`list_datasets`).
    version : {"000", "001"}, optional
        Paper version; default the later version that has the dataset.

    Returns
    -------
    dict
        ``name, version, title, source {seed, table, section, caption}, file, columns
        {col: {dtype, unit, description, checks...}}, notes``, and ``printed_statistics`` where the
        paper prints statistics with the table. A key ``default_version`` says whether the version
        was chosen by default.
    """
    name, v, defaulted, path = _resolve(name, version)
    out = _read_yaml(path)
    out["default_version"] = defaulted
    return out


def list_datasets() -> pd.DataFrame:
    """All packaged datasets.

    Returns
    -------
    pandas.DataFrame
        One row per dataset name with columns ``name``, ``versions`` (comma-separated),
        ``default_version``, ``title`` (of the default version), ``source`` (seed and table of each
        version) and ``alias_of`` (empty unless the name is an alias).
    """
    rows = []
    for name, versions in sorted(_catalog().items()):
        metas = {v: _read_yaml(p) for v, p in sorted(versions.items())}
        dv = max(metas)
        rows.append({
            "name": name,
            "versions": ",".join(sorted(metas)),
            "default_version": dv,
            "title": metas[dv]["title"],
            "source": "; ".join(f"seed {v} {m['source']['table']}" for v, m in sorted(metas.items())),
            "alias_of": "",
        })
    for alias, (target, v) in sorted(ALIASES.items()):
        m = _read_yaml(_catalog()[target][v])
        rows.append({"name": alias, "versions": v, "default_version": v, "title": m["title"],
                     "source": f"seed {v} {m['source']['table']}", "alias_of": target})
    return pd.DataFrame(rows, columns=["name", "versions", "default_version", "title", "source", "alias_of"])


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def load(name: str, version: str | None = None) -> pd.DataFrame:
    """Load a packaged table of the paper, validated against its schema.

    Parameters
    ----------
    name : str
        Dataset name, e.g. ``"dram"`` (seed 000 Table 2 / seed 001 Table 6), ``"hbm"``,
        ``"hyperscaler_capex"``, ``"capex_test"`` ...; see :func:`list_datasets`.
    version : {"000", "001"}, optional
        Paper version. Default: the later version that has this dataset; ``attrs["provenance"]``
        then says so (``default_version=True`` and a ``note``).

    Returns
    -------
    pandas.DataFrame
        Typed columns as declared in the sidecar (ranges as ``*_lo``/``*_hi`` columns, printed
        qualifiers such as ``~`` or ``+`` as flags). ``df.attrs["provenance"]`` is a dict with
        ``dataset, version, source, seed, table, section, file, sha256, kind="packaged",
        default_version, note``.

    Raises
    ------
    endodec.errors.DataError
        Unknown name or version, or the file violates its schema (the message names file, row and
        column; see :class:`SchemaError`).
    """
    dname, v, defaulted, side = _resolve(name, version)
    meta = _read_yaml(side)
    csv_path = side.with_name(meta.get("file", side.with_suffix(".csv").name))
    df = load_file(csv_path, meta)
    prov = dict(df.attrs["provenance"])
    prov.update(dataset=dname, version=v, default_version=defaulted)
    if defaulted:
        prov["note"] = f"version not given: using the later version {v!r} that has {dname!r}"
    if name != dname:
        prov["alias"] = name
    df.attrs["provenance"] = prov
    df.attrs["version"] = v
    return df


def load_file(csv_path: str | os.PathLike, sidecar: str | os.PathLike | Mapping | None = None) -> pd.DataFrame:
    """Read and validate any CSV against a sidecar (used by :func:`load`; handy for edited copies).

    Parameters
    ----------
    csv_path : path
        The CSV file (UTF-8, header row, empty cell = missing).
    sidecar : path or dict, optional
        The sidecar; default: the ``.yaml`` file beside ``csv_path`` with the same stem.

    Returns
    -------
    pandas.DataFrame
        Validated, typed frame with ``attrs["provenance"]``.
    """
    csv_path = Path(csv_path)
    if sidecar is None:
        sidecar = csv_path.with_suffix(".yaml")
    meta = dict(sidecar) if isinstance(sidecar, Mapping) else _read_yaml(Path(sidecar))
    if not csv_path.is_file():
        raise DataError(f"file {csv_path}: not found")
    try:
        raw = pd.read_csv(csv_path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as e:
        raise SchemaError(csv_path.name, f"cannot parse CSV: {e}") from e
    except OSError as e:
        raise DataError(f"file {csv_path}: cannot read: {e.strerror or e}") from e
    df = validate_frame(raw, meta, file=csv_path.name)
    src = meta.get("source", {}) or {}
    df.attrs["provenance"] = {
        "dataset": meta.get("name"),
        "version": meta.get("version"),
        "source": f"paper seed {meta.get('version')} {src.get('table', '')} ({src.get('section', '')})".strip(),
        "seed": src.get("seed"),
        "table": src.get("table"),
        "section": src.get("section"),
        "title": meta.get("title"),
        "file": csv_path.name,
        "path": str(csv_path),
        "sha256": _sha256(csv_path),
        "kind": "packaged",
    }
    return df


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


# --------------------------------------------------------------------------------------------
# author data
# --------------------------------------------------------------------------------------------
AUTHOR_REPO = "jonsmirl/thesis"
AUTHOR_COMMIT = "2279b0b96f14449a9c67d88d76c83fec596dad9c"
AUTHOR_FOLDER = "thesis_data"
AUTHOR_ENV = "ENDODEC_AUTHOR_DATA"


@dataclass(frozen=True)
class AuthorFile:
    """One file the author published (``repo_path`` inside ``jonsmirl/thesis``)."""

    stem: str
    filename: str
    kind: str  # "csv" | "text" | "json"
    description: str
    required_columns: tuple[str, ...] = ()
    positive_columns: tuple[str, ...] = ()
    increasing_columns: tuple[str, ...] = ()
    repo_dir: str = AUTHOR_FOLDER

    @property
    def repo_path(self) -> str:
        return f"{self.repo_dir}/{self.filename}"


def _af(stem, kind, desc, req=(), pos=(), inc=(), repo_dir=AUTHOR_FOLDER):
    ext = {"csv": ".csv", "text": ".txt", "json": ".json"}[kind]
    return AuthorFile(stem, stem + ext, kind, desc, tuple(req), tuple(pos), tuple(inc), repo_dir)


AUTHOR_FILES: dict[str, AuthorFile] = {f.stem: f for f in [
    _af("dram_learning_curve", "csv", "41-year annual DRAM series 1984-2024: price $/GB, cumulative production EB, logs",
        ["year", "price_per_gb_usd", "cumulative_production_exabytes", "ln_price", "ln_cumulative"],
        ["price_per_gb_usd"], ["year", "cumulative_production_exabytes"]),
    _af("dram_hbm_pricing", "csv", "the DRAM rows plus 9 HBM rows, with sources",
        ["year", "product", "generation", "price_per_gb_usd"], ["price_per_gb_usd"]),
    _af("hbm_pricing", "csv", "HBM generations 2015-2026: $/GB, capacity per stack",
        ["year", "generation", "price_per_gb_usd", "capacity_per_stack_gb"],
        ["price_per_gb_usd", "capacity_per_stack_gb"], ["year"]),
    _af("dram_diagnostics", "csv", "the author's OLS diagnostics on the DRAM series",
        ["year", "ln_price", "ln_cumulative", "fitted", "residual"], (), ["year"]),
    _af("dram_subsample_tests", "csv", "the author's Chow tests on the DRAM series",
        ["breakpoint", "early_alpha", "late_alpha", "chow_f"]),
    _af("alpha_resolution_piecewise", "csv", "the author's regime alphas",
        ["regime", "start_year", "end_year", "alpha", "alpha_se", "n_obs"]),
    _af("alpha_resolution_rolling", "csv", "the author's rolling-window alphas",
        ["center_year", "start_year", "end_year", "alpha", "alpha_se"], (), ["center_year"]),
    _af("alpha_sensitivity_analysis", "csv", "the author's T*-vs-alpha table (basis of seed 001 Table 2)",
        ["alpha", "label", "t_star_years_from_2024", "t_star_calendar_year"], ["alpha"], ["alpha"]),
    _af("learning_curve_literature", "csv", "literature learning rates (basis of the cross-domain table)",
        ["industry", "product", "alpha", "alpha_se", "period", "source"]),
    _af("hyperscaler_capex", "csv", "firm-year capex 2018-2028",
        ["company", "year", "capex_bn_usd"], ["capex_bn_usd"]),
    _af("hyperscaler_capex_aggregate", "csv", "industry capex totals by year",
        ["year", "industry_total_capex_bn", "cumulative_capex_bn"], ["industry_total_capex_bn"],
        ["year", "cumulative_capex_bn"]),
    _af("capex_overinvestment_results", "text", "the author's log of the capex test (Table 11 and regressions)"),
    _af("huggingface_ecosystem", "csv", "50 open-weight models with downloads/likes",
        ["model_id", "family", "downloads", "likes"]),
    _af("hf_export_control_cache", "json", "raw Hugging Face Hub list_models records for 17 authors"),
    _af("export_control_model_level", "csv", "the author's model-level table (3,854 models)",
        ["model_id", "author", "created", "downloads", "param_b", "edge_compatible", "constrained", "post", "quarter"]),
    _af("export_control_panel", "csv", "the author's author-quarter panel (170 rows) for the DID",
        ["author", "quarter", "n_models", "n_edge", "edge_share", "constrained", "post", "post_x_constrained"]),
    _af("export_control_did_results", "text", "the author's log of the DID, LPM, event study and download trends"),
    _af("consumer_silicon_trajectory", "csv", "consumer AI devices by year: max model size, tok/s, memory, price",
        ["year", "chipset", "max_model_params_B", "inference_tok_s", "memory_gb", "device_price_usd"],
        ["device_price_usd"]),
    _af("consumer_silicon_trajectory_corrected", "csv", "corrected version of consumer_silicon_trajectory (repo folder data/)",
        ["year", "chipset", "max_model_params_B", "inference_tok_s", "memory_gb", "device_price_usd"],
        ["device_price_usd"], repo_dir="data"),
    _af("fab_capacity", "csv", "DRAM utilisation, capex and cycle phase by quarter",
        ["year", "quarter", "dram_utilization_pct", "dram_industry_capex_bn", "cycle_phase"]),
]}
"""The author's files endodec knows, by stem (see ``../shared/reference-data/README.md``)."""


def author_data_dir(directory: str | os.PathLike | None = None) -> Path | None:
    """Directory of the author's data: ``directory`` if given, else ``$ENDODEC_AUTHOR_DATA``, else None.

    A directory given explicitly (argument or environment variable) must exist, otherwise
    :class:`~endodec.errors.AuthorDataMissing` is raised.
    """
    if directory is None:
        env = os.environ.get(AUTHOR_ENV)
        if not env:
            return None
        directory, origin = env, f"${AUTHOR_ENV}"
    else:
        origin = "the given directory"
    p = Path(directory).expanduser()
    if not p.is_dir():
        raise AuthorDataMissing(f"author data directory {str(p)!r} ({origin}) does not exist; "
                                f"run `endodec data fetch-author` or point to a copy of {AUTHOR_REPO}/{AUTHOR_FOLDER}")
    return p


def _need_dir(directory) -> Path:
    d = author_data_dir(directory)
    if d is None:
        raise AuthorDataMissing(
            "no author data directory: give --author-data DIR (in Python: directory=DIR), or "
            f"set {AUTHOR_ENV}; `endodec data fetch-author` downloads the files from "
            f"github.com/{AUTHOR_REPO} @ {AUTHOR_COMMIT[:7]} into {default_cache_dir()}")
    return d


def _spec(stem: str) -> AuthorFile:
    stem = Path(stem).stem if stem.endswith((".csv", ".txt", ".json")) else stem
    if stem not in AUTHOR_FILES:
        raise DataError(f"unknown author data stem {stem!r}; allowed: {', '.join(sorted(AUTHOR_FILES))}")
    return AUTHOR_FILES[stem]


def author_path(stem: str, directory: str | os.PathLike | None = None) -> Path:
    """Path of one author file (any kind) in the author data directory.

    Raises
    ------
    AuthorDataMissing
        No directory configured, or the file is not in it.
    """
    spec = _spec(stem)
    d = _need_dir(directory)
    for cand in (d / spec.filename, d / spec.repo_path):
        if cand.is_file():
            return cand
    raise AuthorDataMissing(f"author data file {spec.filename!r} not found in {str(d)!r}; "
                            f"expected the files of {AUTHOR_REPO}/{spec.repo_dir} at {AUTHOR_COMMIT[:7]}")


def _validate_author_csv(df: pd.DataFrame, spec: AuthorFile, file: str) -> None:
    for c in spec.required_columns:
        if c not in df.columns:
            raise SchemaError(file, f"missing column {c!r}", column=c,
                              allowed="columns " + ", ".join(spec.required_columns))
    for c in spec.positive_columns:
        s = pd.to_numeric(df[c], errors="coerce")
        for i, (raw, v) in enumerate(zip(df[c].tolist(), s.tolist(), strict=True), start=1):
            if pd.isna(raw):
                continue
            if pd.isna(v) or not (v > 0 and np.isfinite(v)):
                raise SchemaError(file, "non-positive, infinite or non-numeric value", row=i,
                                  column=c, value=raw, allowed="> 0 and finite")
    for c in spec.increasing_columns:
        s = pd.to_numeric(df[c], errors="coerce").tolist()
        prev = None
        for i, v in enumerate(s, start=1):
            if pd.isna(v):
                continue
            if prev is not None and v < prev:
                raise SchemaError(file, f"column must be increasing (previous value {prev!r})", row=i,
                                  column=c, value=v, allowed="non-decreasing down the rows")
            prev = v


def load_author(stem: str, directory: str | os.PathLike | None = None):
    """Load one of the author's data files by stem, lightly validated.

    Parameters
    ----------
    stem : str
        File stem, e.g. ``"dram_learning_curve"``; see :data:`AUTHOR_FILES`.
    directory : path, optional
        Author data directory; default ``$ENDODEC_AUTHOR_DATA``.

    Returns
    -------
    pandas.DataFrame or str or object
        CSV files as a DataFrame (``attrs["provenance"]`` with ``kind="author"``, repository,
        commit, file, sha256); ``.txt`` logs as text; the ``.json`` cache parsed with :mod:`json`.

    Raises
    ------
    AuthorDataMissing
        No directory or no such file in it.
    DataError
        Unknown stem, or the file lacks required columns / has non-positive prices / decreasing
        cumulative series (message names file, row and column).
    """
    spec = _spec(stem)
    path = author_path(stem, directory)
    if spec.kind == "text":
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise DataError(f"file {path}: not UTF-8 text ({e.reason} at byte {e.start})") from e
        except OSError as e:
            raise DataError(f"file {path}: cannot read: {e.strerror or e}") from e
    if spec.kind == "json":
        try:
            with open(path, encoding="utf-8") as fh:
                return json.load(fh)
        except json.JSONDecodeError as e:
            raise DataError(f"file {path.name}: invalid JSON at line {e.lineno}: {e.msg}") from e
        except UnicodeDecodeError as e:
            raise DataError(f"file {path}: not UTF-8 JSON ({e.reason} at byte {e.start})") from e
        except (OSError, RecursionError) as e:
            raise DataError(f"file {path}: cannot read JSON: {e}") from e
    try:
        df = pd.read_csv(path)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as e:
        raise SchemaError(path.name, f"cannot parse CSV: {e}") from e
    except OSError as e:
        raise DataError(f"file {path}: cannot read: {e.strerror or e}") from e
    _validate_author_csv(df, spec, path.name)
    df.attrs["provenance"] = {
        "dataset": spec.stem,
        "kind": "author",
        "source": f"author data github.com/{AUTHOR_REPO}/{spec.repo_path} @ {AUTHOR_COMMIT[:7]}",
        "repository": AUTHOR_REPO,
        "commit": AUTHOR_COMMIT,
        "file": spec.filename,
        "path": str(path),
        "sha256": _sha256(path),
        "version": "author",
    }
    return df


def validate_author_dir(directory: str | os.PathLike | None = None) -> pd.DataFrame:
    """Check every known author file in a directory.

    Returns
    -------
    pandas.DataFrame
        Columns ``stem, file, status`` (``ok`` / ``missing`` / ``invalid``), ``rows`` (CSV rows, or
        characters for text, keys for JSON) and ``message``.
    """
    d = _need_dir(directory)
    rows = []
    for stem, spec in AUTHOR_FILES.items():
        rec = {"stem": stem, "file": spec.filename, "status": "ok", "rows": None, "message": ""}
        try:
            obj = load_author(stem, d)
            rec["rows"] = len(obj)
        except AuthorDataMissing as e:
            rec.update(status="missing", message=str(e))
        except DataError as e:
            rec.update(status="invalid", message=str(e))
        rows.append(rec)
    return pd.DataFrame(rows, columns=["stem", "file", "status", "rows", "message"])


def author_url(stem: str) -> str:
    """raw.githubusercontent.com URL of one author file at the pinned commit."""
    spec = _spec(stem)
    return f"https://raw.githubusercontent.com/{AUTHOR_REPO}/{AUTHOR_COMMIT}/{spec.repo_path}"


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/endodec/author-data`` (default ``~/.cache/endodec/author-data``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "endodec" / "author-data"


def _http_fetch(url: str, timeout: float = 30.0) -> bytes:
    import urllib.request

    req = urllib.request.Request(url, headers={"User-Agent": "endodec"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (https URL built here)
        return resp.read()


def _is_connection_error(e: BaseException) -> bool:
    """True for errors that mean 'no network' (as opposed to one missing file, e.g. HTTP 404)."""
    import urllib.error

    if isinstance(e, urllib.error.HTTPError):
        return False
    return isinstance(e, (OSError, TimeoutError))


def _atomic_write(path: Path, data: bytes) -> None:
    atomic_write_bytes(path, data, fsync=True)


def download_author_data(cache_dir: str | os.PathLike | None = None, *,
                         stems: list[str] | None = None, force: bool = False,
                         fetch: Callable[[str], bytes] | None = None) -> Path:
    """Download the author's files from GitHub (pinned commit) into a cache directory.

    Parameters
    ----------
    cache_dir : path, optional
        Target directory; default :func:`default_cache_dir`.
    stems : list of str, optional
        Subset of :data:`AUTHOR_FILES` (default all).
    force : bool
        Re-download files already present.
    fetch : callable, optional
        ``fetch(url) -> bytes``; default an HTTPS GET (tests pass a fake).

    Returns
    -------
    pathlib.Path
        The cache directory (usable as ``--author-data`` / ``ENDODEC_AUTHOR_DATA``). A
        ``MANIFEST.json`` records repository, commit, URL and sha256 of each file.

    Raises
    ------
    AuthorDataMissing
        A download failed (offline, HTTP error); files already written are kept, each written
        atomically (temporary file + rename), so the cache never holds partial files.
    """
    target = Path(cache_dir).expanduser() if cache_dir is not None else default_cache_dir()
    fetch = fetch or _http_fetch
    todo = [_spec(s) for s in (stems or list(AUTHOR_FILES))]
    manifest_path = target / "MANIFEST.json"
    manifest: dict[str, Any] = {"repository": AUTHOR_REPO, "commit": AUTHOR_COMMIT, "files": {}}
    if manifest_path.is_file():
        try:
            manifest["files"] = json.loads(manifest_path.read_text())["files"]
        except (ValueError, KeyError):
            pass
    failures: list[str] = []
    aborted = 0
    for k, spec in enumerate(todo):
        dest = target / spec.filename
        if dest.is_file() and not force:
            continue
        url = author_url(spec.stem)
        try:
            data = fetch(url)
        except Exception as e:  # network errors of any client
            failures.append(f"{spec.filename}: {type(e).__name__}: {e}")
            if _is_connection_error(e):
                aborted = len(todo) - k - 1  # offline: do not wait for a timeout per file
                break
            continue
        if not data:
            failures.append(f"{spec.filename}: empty response")
            continue
        _atomic_write(dest, data)
        manifest["files"][spec.filename] = {"url": url, "sha256": hashlib.sha256(data).hexdigest(),
                                            "bytes": len(data)}
    if manifest["files"]:
        _atomic_write(manifest_path, json.dumps(manifest, indent=2).encode())
    if failures:
        skipped = f", {aborted} more not attempted after a connection error" if aborted else ""
        raise AuthorDataMissing(
            f"could not download {len(failures)} of {len(todo)} author files{skipped} from "
            f"github.com/{AUTHOR_REPO} @ {AUTHOR_COMMIT[:7]} into {target} (no network?): "
            + "; ".join(failures[:3]) + (" ..." if len(failures) > 3 else ""))
    return target


AUTHOR_COUNTERPARTS: dict[str, str] = {
    "dram": "dram_learning_curve",
    "hbm": "hbm_pricing",
    "hyperscaler_capex": "hyperscaler_capex",
    "learning_rates": "learning_curve_literature",
    "alpha_sensitivity": "alpha_sensitivity_analysis",
    "bai_perron": "alpha_resolution_piecewise",
    "consumer_devices": "consumer_silicon_trajectory_corrected",
}
"""Packaged table -> the author's fuller file on the same subject (different columns!)."""


def load_either(name: str, version: str | None = None,
                author_data: str | os.PathLike | None = None) -> pd.DataFrame:
    """The author's fuller file when an author-data directory is given, else the packaged table.

    Parameters
    ----------
    name : str
        Packaged dataset name with an entry in :data:`AUTHOR_COUNTERPARTS` (others always load
        the packaged table).
    version : {"000", "001"}, optional
        Paper version of the packaged table.
    author_data : path, optional
        Author data directory; only an explicit argument switches to the author's file.

    Returns
    -------
    pandas.DataFrame
        ``attrs["provenance"]["kind"]`` is ``"author"`` or ``"packaged"``, so callers can say
        which data they used. Column names differ between the two (see :func:`describe` and the
        author's header).
    """
    if author_data is not None and name in AUTHOR_COUNTERPARTS:
        return load_author(AUTHOR_COUNTERPARTS[name], author_data)
    return load(name, version)
