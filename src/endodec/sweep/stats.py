"""Streaming summary statistics of sweep chunks (Chan et al. parallel mean / variance).

:func:`chunk_stats` reduces one evaluated chunk to counts (per code, reason and Proposition 1
status) and ``[n, mean, M2, min, max]`` of :data:`~endodec.sweep.points.SUMMARY_COLS` over its valid
points; :func:`merge_stats` combines two such reductions exactly, so a sweep of any size keeps
O(1) statistics (``reduce="summary"``, or alongside a Parquet stream).

References
----------
Chan, T. F., Golub, G. H. and LeVeque, R. J. (1979), "Updating formulae and a pairwise algorithm
for computing sample variances", Stanford CS report STAN-CS-79-773.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from endodec.sweep.points import REASONS, SUMMARY_COLS

__all__ = ["chunk_stats", "merge_stats", "stats_frame"]


def chunk_stats(cols: dict[str, np.ndarray]) -> dict[str, Any]:
    """Summary statistics of one evaluated chunk (counts, and n/mean/M2/min/max of outputs)."""
    code, prop = cols["code"], cols["prop1"]
    valid = code == 0
    st: dict[str, Any] = {
        "n": int(code.size),
        "codes": np.bincount(code, minlength=5)[:5].astype(np.int64),
        "reasons": np.bincount(cols["reason"], minlength=len(REASONS)).astype(np.int64),
        "prop1": np.bincount(prop, minlength=4).astype(np.int64),
        "cols": {},
    }
    all_valid = bool(st["codes"][0] == code.size)
    for c in SUMMARY_COLS:
        if c not in cols:  # not requested (sweep(..., outputs=...))
            continue
        v = cols[c] if all_valid else cols[c][valid]
        if v.size == 0:
            continue
        with np.errstate(over="ignore", invalid="ignore"):
            m = float(v.mean())
            if not np.isfinite(m):  # rare: drop non-finite values (ratio = inf at S = x0 = 0)
                v = v[np.isfinite(v)]
                if v.size == 0:
                    continue
                m = float(v.mean())
                if not np.isfinite(m):  # the sum of huge finite values overflowed: rescale
                    sc = float(np.abs(v).max())
                    m = sc * float((v / sc).mean())
            d = v - m
            # M2 is inf when the variance itself exceeds the float64 range (std then prints inf)
            st["cols"][c] = [v.size, m, float(np.dot(d, d)), float(v.min()), float(v.max())]
    return st


def merge_stats(a: dict | None, b: dict) -> dict:
    """Combine two :func:`chunk_stats` results exactly (parallel mean / M2 update)."""
    if a is None:
        return {**b, "cols": {k: list(v) for k, v in b["cols"].items()}}
    out = {"n": a["n"] + b["n"], "codes": a["codes"] + b["codes"],
           "reasons": a["reasons"] + b["reasons"], "prop1": a["prop1"] + b["prop1"], "cols": {}}
    for c in SUMMARY_COLS:
        x, y = a["cols"].get(c), b["cols"].get(c)
        if x is None or y is None:
            z = x or y
            if z is not None:
                out["cols"][c] = list(z)
            continue
        n = x[0] + y[0]
        d = y[1] - x[1]
        out["cols"][c] = [n, x[1] + d * y[0] / n, x[2] + y[2] + d * d * x[0] * y[0] / n,
                          min(x[3], y[3]), max(x[4], y[4])]
    return out


def stats_frame(st: dict, columns=SUMMARY_COLS) -> pd.DataFrame:
    """Per-output n / mean / std / min / max of merged statistics (one row per column of
    ``columns``, default all of :data:`~endodec.sweep.points.SUMMARY_COLS`)."""
    rows = []
    for c in columns:
        v = st["cols"].get(c)
        if v is None:
            rows.append({"column": c, "n": 0})
            continue
        n, m, M2, lo, hi = v
        rows.append({"column": c, "n": int(n), "mean": m,
                     "std": float(np.sqrt(M2 / (n - 1))) if n > 1 else 0.0, "min": lo, "max": hi})
    return pd.DataFrame(rows, columns=None if rows else ["column", "n", "mean", "std", "min",
                                                          "max"])

