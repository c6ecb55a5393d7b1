"""The claims ledger: every checkable claim of both paper versions, compared with what endodec computes.

The claims are *data*: CSV files in ``endodec/report/claims/`` (one per part of the paper), one row
per claim, with the columns

=============  ==================================================================================
id             unique claim id, e.g. ``c000-3.5-vn``
version        ``000`` (earlier paper) or ``001`` (later, extended paper)
section        section / appendix of that version, e.g. ``3.5``
table          table or figure number in that version ("" if in the text)
claim          the claim as written in the paper (short quote)
paper_value    the paper's value as written: ``19.22``, ``26-112`` (range), ``<1e-12``, ``>0``,
               ``true``/``false`` (checkable statements), or text
unit           unit of the value (``%``, ``years``, ``EB`` ...)
tolerance      ``digits`` (default: half a unit in the last printed digit), ``abs:X``, ``rel:X``
analysis       id of the registered analysis that computes it
key            key in the analysis' returned values
note           context for readers (not a status; statuses are computed)
=============  ==================================================================================

The paper's numbers appear *only* in these files. :func:`evaluate` computes each claim's status:

- ``reproduced``: the computed value (or one of the analysis' alternative *readings*, named in the
  ``reading`` column) matches the paper's value within tolerance;
- ``not reproduced``: none matches; the explanation comes from the analysis;
- ``inconsistent`` / ``underdetermined``: determined by the analysis (e.g. the paper contradicts its
  other version or its author's data; the paper lacks an input) with an explanation;
- ``needs author data``: the analysis needs ``--author-data`` and it was not given;
- ``error``: the analysis failed or did not return the key (a bug; tests forbid it).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import pandas as pd

CLAIM_COLUMNS = ["id", "version", "section", "table", "claim", "paper_value", "unit", "tolerance",
                 "analysis", "key", "note"]
STATUSES = ["reproduced", "not reproduced", "inconsistent", "underdetermined",
            "needs author data", "error"]

_NUM = r"[-+]?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?"


def load_claims() -> pd.DataFrame:
    """Load and concatenate every claims CSV shipped in ``endodec.report.claims``."""
    frames = []
    root = resources.files("endodec.report") / "claims"
    for entry in sorted(root.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".csv"):
            with entry.open("r", encoding="utf-8") as f:
                df = pd.read_csv(f, dtype=str, keep_default_na=False)
            missing = [c for c in CLAIM_COLUMNS if c not in df.columns]
            if missing:
                raise ValueError(f"claims file {entry.name}: missing columns {missing}")
            df["source_file"] = entry.name
            frames.append(df[CLAIM_COLUMNS + ["source_file"]])
    if not frames:
        return pd.DataFrame(columns=CLAIM_COLUMNS + ["source_file"])
    out = pd.concat(frames, ignore_index=True)
    dup = out["id"][out["id"].duplicated()].tolist()
    if dup:
        raise ValueError(f"duplicate claim ids: {dup}")
    return out


@dataclass(frozen=True)
class Expected:
    kind: str  # "number" | "range" | "lt" | "gt" | "le" | "ge" | "bool" | "text"
    lo: float = math.nan
    hi: float = math.nan
    text: str = ""
    decimals: int = 0


def _decimals(s: str) -> int:
    s = s.replace(",", "")
    m = re.search(r"\.(\d+)", s.split("e")[0].split("E")[0])
    return len(m.group(1)) if m else 0


def parse_expected(raw: str) -> Expected:
    """Parse a paper value as written (``19.22``, ``26-112``, ``<1e-12``, ``true``, ``~2028``)."""
    s = str(raw).strip().replace("−", "-").replace("–", "-").replace("—", "-").lstrip("~≈")
    s = s.strip()
    low = s.lower()
    if low in ("true", "false", "yes", "no"):
        return Expected("bool", text=str(low in ("true", "yes")))
    m = re.fullmatch(r"(<=|>=|<|>)\s*(" + _NUM + ")", s)
    if m:
        kind = {"<": "lt", ">": "gt", "<=": "le", ">=": "ge"}[m.group(1)]
        v = float(m.group(2).replace(",", ""))
        return Expected(kind, lo=v, hi=v)
    m = re.fullmatch(r"(" + _NUM + r")\s*-\s*(" + _NUM + ")", s)
    if m:
        a, b = (float(g.replace(",", "")) for g in m.groups())
        return Expected("range", lo=min(a, b), hi=max(a, b),
                        decimals=max(_decimals(m.group(1)), _decimals(m.group(2))))
    m = re.fullmatch(_NUM, s)
    if m:
        v = float(s.replace(",", ""))
        return Expected("number", lo=v, hi=v, decimals=_decimals(s))
    return Expected("text", text=s)


def _tol(tolerance: str, exp: Expected, ref: float) -> float:
    t = (tolerance or "digits").strip()
    if t.startswith("abs:"):
        return float(t[4:])
    if t.startswith("rel:"):
        return float(t[4:]) * abs(ref)
    return 0.5 * 10.0 ** (-exp.decimals) * (1 + 1e-9)


def matches(computed: Any, exp: Expected, tolerance: str = "digits") -> bool:
    """Does ``computed`` match the expected paper value within ``tolerance``?"""
    if computed is None:
        return False
    if exp.kind == "bool":
        if isinstance(computed, str):
            computed = computed.strip().lower() in ("true", "yes")
        return bool(computed) == (exp.text == "True")
    if exp.kind == "text":
        return str(computed).strip().lower() == exp.text.lower()
    if isinstance(computed, (tuple, list)) and len(computed) == 2:
        if exp.kind != "range":
            return False
        lo, hi = float(computed[0]), float(computed[1])
        return (abs(lo - exp.lo) <= _tol(tolerance, exp, exp.lo)
                and abs(hi - exp.hi) <= _tol(tolerance, exp, exp.hi))
    try:
        c = float(computed)
    except (TypeError, ValueError):
        return False
    if math.isnan(c):
        return False
    if exp.kind == "number":
        return abs(c - exp.lo) <= _tol(tolerance, exp, exp.lo)
    if exp.kind == "range":
        return exp.lo - _tol(tolerance, exp, exp.lo) <= c <= exp.hi + _tol(tolerance, exp, exp.hi)
    return {"lt": c < exp.lo, "gt": c > exp.lo, "le": c <= exp.lo, "ge": c >= exp.lo}[exp.kind]


def format_value(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, (bool,)):
        return str(v).lower()
    if isinstance(v, (tuple, list)) and len(v) == 2:
        return f"{format_value(v[0])}-{format_value(v[1])}"
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        return f"{v:.6g}" if abs(v) < 1e6 else f"{v:.4e}"
    try:
        import numpy as np

        if isinstance(v, np.generic):
            return format_value(v.item())
    except ImportError:  # pragma: no cover
        pass
    return str(v)


def evaluate(claims: pd.DataFrame, values: dict[str, dict[str, Any]],
             errors: dict[str, str] | None = None, skipped_author: set[str] | None = None,
             ) -> pd.DataFrame:
    """Compute the status of every claim.

    Parameters
    ----------
    claims : DataFrame
        From :func:`load_claims`.
    values : dict
        ``{analysis_id: {key: Value}}`` as returned by the analyses.
    errors : dict, optional
        ``{analysis_id: error message}`` for analyses that raised.
    skipped_author : set, optional
        Analyses that were not run because they need author data.

    Returns
    -------
    DataFrame
        One row per claim with ``computed``, ``reading``, ``status``, ``explanation``, ``data``.
    """
    errors = errors or {}
    skipped_author = skipped_author or set()
    rows = []
    for c in claims.to_dict("records"):
        aid, key = c["analysis"], c["key"]
        row = dict(c)
        row.update(computed="", reading="", readings="", status="error", explanation="", data="")
        exp = parse_expected(c["paper_value"])
        if aid in skipped_author:
            row["status"] = "needs author data"
            row["explanation"] = "run with --author-data DIR (the author's thesis_data files)"
        elif aid in errors:
            row["explanation"] = f"analysis {aid} failed: {errors[aid]}"
        elif aid not in values or key not in values[aid]:
            row["explanation"] = f"analysis {aid!r} did not return key {key!r}"
        else:
            v = values[aid][key]
            row["computed"] = format_value(v.value)
            row["data"] = v.data
            row["readings"] = "; ".join(f"{k}={format_value(x)}" for k, x in v.readings.items())
            row["explanation"] = v.note
            if v.status:
                if v.status not in STATUSES:
                    raise ValueError(f"analysis {aid} key {key}: unknown status {v.status!r}")
                row["status"] = v.status
            elif v.value is not None and matches(v.value, exp, c["tolerance"]):
                row["status"] = "reproduced"
            else:
                hit = [k for k, x in v.readings.items() if matches(x, exp, c["tolerance"])]
                if hit:
                    row["status"] = "reproduced"
                    row["reading"] = hit[0]
                else:
                    row["status"] = "not reproduced"
                    if not row["explanation"]:
                        row["explanation"] = "computed value differs; no explanation found yet"
        rows.append(row)
    cols = CLAIM_COLUMNS + ["computed", "reading", "readings", "status", "explanation", "data",
                            "source_file"]
    return pd.DataFrame(rows, columns=cols)


def status_counts(ledger: pd.DataFrame) -> pd.Series:
    return ledger["status"].value_counts().reindex(STATUSES, fill_value=0)
