"""The paper author's own data files (never copied into the repository).

The fuller files the author published in ``jonsmirl/thesis`` at commit ``2279b0b``:
:func:`load_author` reads them from a user-given directory (argument, else the environment
variable ``ENDODEC_AUTHOR_DATA``); :func:`validate_author_dir` checks a directory;
:func:`download_author_data` (``endodec data fetch-author``) fetches them into a cache for
users with internet; :func:`load_either` picks the author's file or the packaged table.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from endodec._io import atomic_write_bytes
from endodec.datasets.packaged import load
from endodec.datasets.schema import _sha256
from endodec.errors import AuthorDataMissing, DataError, SchemaError

__all__ = [
    "AUTHOR_REPO", "AUTHOR_COMMIT", "AUTHOR_FOLDER", "AUTHOR_ENV", "AUTHOR_FILES", "AuthorFile",
    "author_data_dir", "author_path", "load_author", "validate_author_dir", "author_url",
    "default_cache_dir", "download_author_data", "AUTHOR_COUNTERPARTS", "load_either",
    "AUTHOR_DATA_RIGHTS",
]

AUTHOR_REPO = "jonsmirl/thesis"
AUTHOR_COMMIT = "2279b0b96f14449a9c67d88d76c83fec596dad9c"
AUTHOR_FOLDER = "thesis_data"
AUTHOR_ENV = "ENDODEC_AUTHOR_DATA"

#: Availability, rights and citation of the author's data files (the sidecar fields of the
#: packaged tables, for the author's repository as a whole; the replication README reads them).
AUTHOR_DATA_RIGHTS = {
    "repository": f"https://github.com/{AUTHOR_REPO}",
    "commit": AUTHOR_COMMIT,
    "folder": AUTHOR_FOLDER,
    "availability": ("public GitHub repository of the paper's author; endodec never ships or "
                     "redistributes the files: `endodec data fetch-author` downloads them for "
                     "your own use (needs internet), or point `--author-data DIR` at a copy."),
    "licence": "the terms of that repository (endodec states none on its behalf)",
    "statement": ("Not redistributed by endodec; use is governed by the repository's own terms. "
                  "Cite the repository at the commit used."),
    "citation": (f"Smirl, J. thesis_data (the author's data for Endogenous Decentralization), "
                 f"https://github.com/{AUTHOR_REPO}, commit {AUTHOR_COMMIT[:7]}, folder "
                 f"{AUTHOR_FOLDER}/."),
}


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
