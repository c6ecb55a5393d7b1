"""Load and validate the claims data (``endodec/claims/data/*.csv``); paper numbers as inputs.

The columns of the claims files are described in :mod:`endodec.claims`.
"""

from __future__ import annotations

import warnings
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import pandas as pd

from endodec.claims.expected import parse_expected
from endodec.errors import DataWarning, SchemaError

__all__ = ["CLAIM_COLUMNS", "claim_files", "load_claims", "paper_input"]

CLAIM_COLUMNS = ["id", "version", "section", "table", "claim", "paper_value", "unit", "tolerance",
                 "analysis", "key", "note"]


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


def load_claims(directory: str | Path | None = None) -> pd.DataFrame:
    """Load and concatenate every claims CSV (default: those shipped in ``endodec.claims``).

    Parameters
    ----------
    directory : path, optional
        Directory of claims files; default: the packaged ``endodec/claims/data``.

    Returns
    -------
    DataFrame
        The columns :data:`CLAIM_COLUMNS` plus ``source_file`` (the file's name), all strings.

    Raises
    ------
    SchemaError
        A file lacks one of :data:`CLAIM_COLUMNS`, or a claim id appears twice.

    Warns
    -----
    DataWarning
        The directory holds no claims file (an empty ledger is returned).
    """
    frames = []
    for entry in claim_files(directory):
        with entry.open("r", encoding="utf-8") as f:
            df = pd.read_csv(f, dtype=str, keep_default_na=False)
        missing = [c for c in CLAIM_COLUMNS if c not in df.columns]
        if missing:
            raise SchemaError(entry.name, f"claims file lacks the columns {missing}",
                              allowed=", ".join(CLAIM_COLUMNS))
        df["source_file"] = entry.name
        frames.append(df[CLAIM_COLUMNS + ["source_file"]])
    if not frames:
        where = "the packaged claims data" if directory is None else str(directory)
        warnings.warn(f"no claims files (*.csv) in {where}: the ledger is empty; add a claims "
                      "file or point load_claims at the directory that holds them",
                      DataWarning, stacklevel=2)
        return pd.DataFrame(columns=CLAIM_COLUMNS + ["source_file"])
    out = pd.concat(frames, ignore_index=True)
    dup = out["id"][out["id"].duplicated()].tolist()
    if dup:
        files = sorted(set(out.loc[out["id"].isin(dup), "source_file"]))
        raise SchemaError(", ".join(files), f"duplicate claim ids: {dup}", column="id")
    return out


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
    claims = load_claims().set_index("id")
    if claim_id not in claims.index:
        raise KeyError(f"paper_input: no claim {claim_id!r} in the claims ledger")
    exp = parse_expected(claims.at[claim_id, "paper_value"])
    if exp.kind != "number":
        raise ValueError(f"paper_input: claim {claim_id!r} has paper value "
                         f"{claims.at[claim_id, 'paper_value']!r}, not a single number")
    return exp.lo
