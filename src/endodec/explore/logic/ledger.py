"""Logic of the ledger page (:mod:`endodec.explore.views.ledger`): reading and filtering the
claims ledger and the artifacts of a ``reproduce`` output directory."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

__all__ = ["artifact_counts", "artifacts_for", "filter_ledger", "read_ledger", "section_sort_key"]


def read_ledger(directory: str | Path) -> tuple[pd.DataFrame, dict]:
    """Read ``ledger.csv`` and ``manifest.json`` written by ``endodec reproduce --out DIR``.

    Raises
    ------
    DataError
        If the directory or its ``ledger.csv`` is missing or unreadable.
    """
    from endodec.errors import DataError

    d = Path(directory).expanduser()
    f = d / "ledger.csv"
    if not d.is_dir():
        raise DataError(f"{str(d)!r} is not a directory; run `endodec reproduce --out {d}` first")
    if not f.is_file():
        raise DataError(f"no ledger.csv in {str(d)!r}; run `endodec reproduce --out {d}` first")
    try:
        led = pd.read_csv(f, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as e:
        raise DataError(f"{f}: cannot read ({e})") from None
    need = {"id", "version", "section", "status", "analysis"}
    if not need <= set(led.columns):
        raise DataError(f"{f}: missing columns {sorted(need - set(led.columns))}")
    manifest: dict = {}
    m = d / "manifest.json"
    if m.is_file():
        try:
            manifest = json.loads(m.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise DataError(f"{m}: cannot read ({e})") from None
    return led, manifest


def filter_ledger(led: pd.DataFrame, statuses: Sequence[str] | None = None,
                  versions: Sequence[str] | None = None, sections: Sequence[str] | None = None,
                  text: str = "") -> pd.DataFrame:
    """Rows with status/version/section in the given lists (empty or None = all) and ``text``
    (case-insensitive) in the id, claim, analysis or explanation."""
    m = pd.Series(True, index=led.index)
    if statuses:
        m &= led["status"].isin(list(statuses))
    if versions:
        m &= led["version"].isin(list(versions))
    if sections:
        m &= led["section"].isin(list(sections))
    if text:
        cols = [c for c in ("id", "claim", "analysis", "explanation", "key") if c in led.columns]
        hit = pd.Series(False, index=led.index)
        for c in cols:
            hit |= led[c].str.contains(text, case=False, regex=False, na=False)
        m &= hit
    return led[m]


def artifact_counts(manifest: Mapping) -> dict[str, int]:
    """Number of figures/tables each analysis wrote (from ``manifest["artifacts"]``)."""
    out: dict[str, int] = {}
    for a in manifest.get("artifacts", []) or []:
        out[a.get("analysis", "")] = out.get(a.get("analysis", ""), 0) + 1
    return out


def artifacts_for(manifest: Mapping, analysis_id: str, root: str | Path) -> list[dict]:
    """The figures/tables an analysis wrote (from ``manifest["artifacts"]``), with absolute paths
    of the files that exist under ``root``."""
    out = []
    root = Path(root).expanduser()
    for a in manifest.get("artifacts", []) or []:
        if a.get("analysis") != analysis_id:
            continue
        files = [str(root / f) for f in a.get("files", []) if (root / f).is_file()]
        out.append({**a, "paths": files})
    return out


def section_sort_key(s: str):
    parts = []
    for tok in str(s).replace("-", ".").split("."):
        parts.append((0, int(tok), "") if tok.isdigit() else (1, 0, tok))
    return parts
