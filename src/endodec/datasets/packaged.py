"""The packaged tables of the paper (``src/endodec/data/``).

Every data table of both paper versions (seed 000, the earlier version, and seed 001, the later
extended one) transcribed to CSV exactly as printed, each with a YAML sidecar naming the seed
file, table number, units, column meanings, transcription notes and a small schema.
:func:`load` reads one, validates it against its schema (:mod:`endodec.datasets.schema`) and
attaches provenance (source, version, file, sha256) in ``df.attrs["provenance"]``.
"""

from __future__ import annotations

import contextlib
import copy
import os
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

import pandas as pd

from endodec._io import load_yaml
from endodec.datasets.schema import _read_yaml, _sha256, validate_frame
from endodec.errors import DataError, SchemaError

__all__ = ["VERSIONS", "SEED_FILES", "ALIASES", "data_dir", "describe", "list_datasets", "load",
           "load_file", "loaded", "user_note", "using_data"]

#: ``{dataset name: user CSV}`` in place of packaged tables (set by :func:`using_data`).
_OVERRIDES: ContextVar[dict[str, Path] | None] = ContextVar("endodec_data_overrides",
                                                             default=None)
#: The datasets :func:`load` read since :func:`using_data` was entered (a run's data slice).
_LOADED: ContextVar[set[str] | None] = ContextVar("endodec_data_loaded", default=None)


@contextlib.contextmanager
def using_data(overrides: Mapping[str, str | os.PathLike] | None = None) -> Iterator[set[str]]:
    """Within the block, :func:`load` reads the user's files in place of packaged datasets.

    Each user file is validated against the packaged dataset's own schema (errors name the file,
    row and column) and carries its provenance (``kind="user"``, file, sha256 and the note of a
    sidecar beside it, if any: ``endodec data template NAME`` writes both).

    Parameters
    ----------
    overrides : mapping, optional
        ``{dataset name: CSV path}``; the name replaces the dataset in every version.

    Yields
    ------
    set of str
        The names of the datasets loaded inside the block (filled as they are loaded).
    """
    seen: set[str] = set()
    t1 = _OVERRIDES.set({k: Path(v) for k, v in (overrides or {}).items()})
    t2 = _LOADED.set(seen)
    try:
        yield seen
    finally:
        _OVERRIDES.reset(t1)
        _LOADED.reset(t2)


def loaded() -> set[str]:
    """The datasets :func:`load` read inside the current :func:`using_data` block."""
    return set(_LOADED.get() or ())

VERSIONS = ("000", "001")
"""Paper versions: ``"000"`` = seed 000 (earlier), ``"001"`` = seed 001 (later, extended)."""

SEED_FILES = {"000": "000_deb3b41bcd93aae2.txt", "001": "001_e19c307f00e12d5b.txt"}

ALIASES: dict[str, tuple[str, str]] = {
    # alias -> (dataset, version)
    "appendix_b": ("overinvestment_calibration", "000"),
}
"""Alternative names: ``appendix_b`` is seed 000 Table B1 = ``overinvestment_calibration`` v000."""


def data_dir() -> Path:
    """Directory of the packaged CSV files and their YAML sidecars (``src/endodec/data/``)."""
    return Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=1)
def _catalog() -> dict[str, dict[str, Path]]:
    """name -> {version: sidecar path}, from the YAML files in :func:`data_dir`."""
    cat: dict[str, dict[str, Path]] = {}
    for p in sorted(data_dir().glob("*.yaml")):
        with open(p, encoding="utf-8") as fh:
            head = load_yaml(fh)
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
    side_stamp = _stamp(side)
    meta = _sidecar(side, side_stamp)
    seen = _LOADED.get()
    if seen is not None:
        seen.add(dname)
    user = (_OVERRIDES.get() or {}).get(dname) or (_OVERRIDES.get() or {}).get(name)
    if user is not None:
        return _load_user(user, meta, dname, v)
    csv_path = side.with_name(meta.get("file", side.with_suffix(".csv").name))
    df = _fresh(_load_validated(side, side_stamp, csv_path, _stamp(csv_path)))
    prov = dict(df.attrs["provenance"])
    prov.update(dataset=dname, version=v, default_version=defaulted)
    if defaulted:
        prov["note"] = f"version not given: using the later version {v!r} that has {dname!r}"
    if name != dname:
        prov["alias"] = name
    df.attrs["provenance"] = prov
    df.attrs["version"] = v
    return df


def _load_user(path: Path, meta: dict, dname: str, version: str) -> pd.DataFrame:
    """A user's CSV in place of dataset ``dname``, validated against its packaged schema."""
    path = Path(path)
    note = user_note(path)
    if path.is_file() and path.stat().st_size == 0:
        raise SchemaError(path.name, "the file is empty; it needs a header row with the "
                          f"columns of {dname!r} (endodec data template {dname})")
    df = load_file(path, copy.deepcopy(meta))
    prov = dict(df.attrs["provenance"])
    prov.update(dataset=dname, version=version, kind="user", default_version=False,
                source=f"user data {path.name} (in place of {prov.get('source', dname)})",
                note=note)
    df.attrs["provenance"] = prov
    df.attrs["version"] = version
    return df


def user_note(path: str | os.PathLike) -> str:
    """The ``note`` of the sidecar beside a user's CSV (``NAME.yaml``; ``""`` if none or
    unreadable: a broken user sidecar only loses the note, never the run)."""
    import yaml

    side = Path(path).with_suffix(".yaml")
    try:
        with open(side, encoding="utf-8") as fh:
            meta = load_yaml(fh)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return ""
    return str(meta.get("note", "") or "") if isinstance(meta, dict) else ""


def _stamp(path: Path) -> tuple[int, int]:
    try:
        st = path.stat()
    except OSError:
        return (-1, -1)
    return (st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=128)
def _sidecar(side: Path, stamp: tuple[int, int]) -> dict:
    """A sidecar, parsed once per process and file stamp (an edited file is read again);
    callers must not modify it (:func:`_load_validated` passes a deep copy on)."""
    return _read_yaml(side)


@lru_cache(maxsize=128)
def _load_validated(side: Path, side_stamp: tuple[int, int], csv_path: Path,
                    csv_stamp: tuple[int, int]) -> pd.DataFrame:
    """The validated frame of a packaged table, read once per process and pair of file stamps.
    Callers get :func:`_fresh` copies, never this frame."""
    return load_file(csv_path, copy.deepcopy(_sidecar(side, side_stamp)))


def _fresh(df: pd.DataFrame) -> pd.DataFrame:
    """A deep copy of ``df`` with its own ``attrs``, so callers may modify what they load."""
    out = df.copy(deep=True)
    out.attrs = copy.deepcopy(df.attrs)
    return out


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
