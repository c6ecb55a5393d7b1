"""Load and validate the claims data (``endodec/claims/data/*.csv``); paper numbers as inputs.

The columns of the claims files are described in :mod:`endodec.claims`.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np
import pandas as pd

from endodec.claims.conditions import CONDITION_KEYS, parse_conditions
from endodec.claims.expected import parse_expected
from endodec.errors import DataWarning, SchemaError

__all__ = ["CLAIM_COLUMNS", "check_one_row_per_statement", "check_row", "claim", "claim_files",
           "load_claims", "paper_input"]

CLAIM_COLUMNS = ["id", "version", "section", "table", "claim", "paper_value", "unit", "tolerance",
                 "analysis", "key", "note", "conditions", "needs", "also_at", "tolerance_note"]


def claim_files(directory: str | Path | None = None) -> list[Traversable]:
    """The claims CSV files, sorted by name.

    Parameters
    ----------
    directory : path, optional
        Directory of claims files; default: the packaged ``endodec/claims/data``.

    Returns
    -------
    list of Traversable
        One entry per ``*.csv`` file (``.name``, ``.open()``, ``.read_bytes()``).
    """
    root = (resources.files("endodec.claims") / "data" if directory is None
            else Path(directory))
    return [e for e in sorted(root.iterdir(), key=lambda p: p.name) if e.name.endswith(".csv")]


def load_claims(directory: str | Path | None = None,
                analyses: set[str] | None = None) -> pd.DataFrame:
    """Load and concatenate every claims CSV (default: those shipped in ``endodec.claims``).

    Parameters
    ----------
    directory : path, optional
        Directory of claims files; default: the packaged ``endodec/claims/data``.
    analyses : set of str, optional
        The registered analysis ids; when given, a claim naming another analysis is refused.

    Returns
    -------
    DataFrame
        The columns :data:`CLAIM_COLUMNS` plus ``source_file`` (the file's name) and
        ``source_row`` (1-based data row of that file), all strings.

    Raises
    ------
    SchemaError
        A file lacks one of :data:`CLAIM_COLUMNS`; a claim id appears twice; a row has an
        unknown version, an empty paper value, an unknown analysis, a malformed tolerance, a
        tolerance other than ``digits`` without its justification (``tolerance_note``), or a
        condition the ledger cannot check; two rows state one statement (same version and
        analysis key, or same version and wording). The error names the file, row and column.

    Warns
    -----
    DataWarning
        The directory holds no claims file (an empty ledger is returned).
    """
    files = claim_files(directory)
    if not files:
        return _load_claims(files, directory, analyses)  # warns every time
    key = (None if directory is None else str(Path(directory).resolve()),
           None if analyses is None else frozenset(analyses),
           tuple((e.name, hashlib.blake2b(e.read_bytes(), digest_size=16).digest())
                 for e in files))
    if key in _LOADED:  # the same files' bytes and analyses: the same checked frame
        return _LOADED[key].copy()
    out = _load_claims(files, directory, analyses)
    if len(_LOADED) >= 32:
        _LOADED.clear()
    _LOADED[key] = out.copy()
    return out


#: Checked claims frames by (directory, analyses, the files' names and content hashes): the
#: analyses, the ledger and ``paper_input`` read the claims many times per run.
_LOADED: dict[tuple, pd.DataFrame] = {}


def _load_claims(files, directory, analyses) -> pd.DataFrame:
    """:func:`load_claims` without the cache."""
    frames = []
    for entry in files:
        with entry.open("r", encoding="utf-8") as f:
            df = pd.read_csv(f, dtype=str, keep_default_na=False)
        missing = [c for c in CLAIM_COLUMNS if c not in df.columns]
        if missing:
            raise SchemaError(entry.name, f"claims file lacks the columns {missing}",
                              allowed=", ".join(CLAIM_COLUMNS))
        df["source_file"] = entry.name
        df["source_row"] = [str(i) for i in range(1, len(df) + 1)]
        for i, r in enumerate(df.to_dict("records"), start=1):
            check_row(entry.name, i, r, analyses)
        frames.append(df[CLAIM_COLUMNS + ["source_file", "source_row"]])
    if not frames:
        where = "the packaged claims data" if directory is None else str(directory)
        warnings.warn(f"no claims files (*.csv) in {where}: the ledger is empty; add a claims "
                      "file or point load_claims at the directory that holds them",
                      DataWarning, stacklevel=2)
        return pd.DataFrame(columns=CLAIM_COLUMNS + ["source_file", "source_row"])
    out = pd.concat(frames, ignore_index=True)
    dup = out["id"][out["id"].duplicated()].tolist()
    if dup:
        files = sorted(set(out.loc[out["id"].isin(dup), "source_file"]))
        raise SchemaError(", ".join(files), f"duplicate claim ids: {dup}", column="id")
    check_one_row_per_statement(out)
    return out


def check_row(file: str, row: int, r: dict, analyses: set[str] | None = None) -> None:
    """Refuse a claims row the ledger cannot evaluate as data (see :func:`load_claims`)."""
    def bad(column: str, problem: str, allowed: str = "") -> SchemaError:
        return SchemaError(file, problem, row=row, column=column, value=r.get(column),
                           allowed=allowed)

    if r["version"] not in ("000", "001"):
        raise bad("version", "unknown paper version", "000 or 001")
    if not str(r["paper_value"]).strip():
        raise bad("paper_value", "a claim needs the paper's value as written")
    if analyses is not None and r["analysis"] not in analyses:
        raise bad("analysis", "no registered analysis has this id",
                  "a registered analysis id (endodec.analyses.REGISTRY)")
    if not str(r["key"]).strip():
        raise bad("key", "a claim needs the key of the value its analysis returns")
    tol = (r["tolerance"] or "digits").strip()
    m = re.fullmatch(r"(abs|rel):([0-9.eE+-]+)", tol)
    if tol != "digits" and not (m and _is_nonneg_float(m.group(2))):
        raise bad("tolerance", "malformed tolerance", "digits, abs:X or rel:X with X >= 0")
    if tol != "digits" and len(str(r["tolerance_note"]).strip()) < 10:
        raise bad("tolerance_note", f"tolerance {tol} is wider than the printed digits and "
                  "needs its justification", "a sentence saying why this tolerance")
    try:
        parse_conditions(r["conditions"])
    except ValueError as e:
        raise bad("conditions", str(e), "key: value; ... with keys " + ", ".join(CONDITION_KEYS)) \
            from None


def _is_nonneg_float(s: str) -> bool:
    try:
        return float(s) >= 0
    except ValueError:
        return False


def _statement(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().lower()


def check_one_row_per_statement(claims: pd.DataFrame) -> None:
    """One statement of the paper, one row per version.

    Raises
    ------
    SchemaError
        Two rows of one version check the same analysis key, or quote the same wording; the
        message names both rows (list the other places in ``also_at`` instead).
    """
    df = claims.assign(_statement=claims["claim"].map(_statement))
    for cols, what in ((["version", "analysis", "key"], "check the same analysis key"),
                       (["version", "_statement"], "quote the same statement")):
        dup = df[df.duplicated(cols, keep=False)]
        if not dup.empty:
            first = dup.iloc[0]
            same = dup[(dup[cols] == first[cols]).all(axis=1)]
            where = "; ".join(f"{r.source_file} row {r.source_row} ({r.id})"
                              for r in same.itertuples())
            raise SchemaError(str(first["source_file"]), f"two rows for one statement: {where} "
                              f"{what} in version {first['version']}; keep one row and list the "
                              "other places in its also_at column",
                              row=int(first["source_row"]), column="key" if "key" in cols
                              else "claim", value=first["key"] if "key" in cols
                              else first["claim"])


def claim(claim_id: str) -> dict[str, str]:
    """One claim of the packaged claims ledger: its row (column -> string), found by id.

    The one lookup by id for the analyses (the paper values they compare or use as inputs:
    :func:`paper_input`, the descriptive and learning checks); it reads the
    :func:`load_claims` frame (cached by the files' contents) and converts only that row.

    Raises
    ------
    KeyError
        Unknown claim id.
    """
    cl = load_claims()
    hit = np.flatnonzero(cl["id"].to_numpy() == claim_id)
    if hit.size == 0:
        raise KeyError(f"no claim {claim_id!r} in the claims ledger")
    return cl.iloc[int(hit[0])].to_dict()


def paper_input(claim_id: str) -> float:
    """A number the paper prints, used as an *input* of a reading (e.g. a calibration target).

    Some readings need one of the paper's numbers as an assumption -- the calendar scale implied
    by the printed Nash crossing in years is the only way to turn model time into years. Such
    numbers are read here from the claims ledger (the paper value of ``claim_id``), so the paper's
    values stay in one place and every use of one as an input is traceable to its claim.

    Parameters
    ----------
    claim_id : str
        Id of a claim whose paper value is a single number.

    Returns
    -------
    float
        The paper value.

    Raises
    ------
    KeyError
        Unknown claim id.
    ValueError
        The claim's paper value is not a single number.
    """
    value = claim(claim_id)["paper_value"]
    exp = parse_expected(value)
    if exp.kind != "number":
        raise ValueError(f"paper_input: claim {claim_id!r} has paper value {value!r}, not a "
                         "single number")
    return exp.lo
