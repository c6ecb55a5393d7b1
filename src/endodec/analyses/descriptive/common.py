"""Shared parts of the descriptive analyses: the text inputs, constants, loaders and the pure
arithmetic helpers (lags, doubling times)."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

__all__ = ["BYTES_PER_PARAM", "EURUSD", "GW_FACILITIES", "PRIOR_CYCLES_001", "doubling_time_months",
           "inconsistent_unless", "paired_lag", "range_lag", "stated", "text_inputs",
           "union_range"]


@functools.lru_cache(maxsize=1)
def text_inputs() -> dict[str, tuple[float, str]]:
    """Numbers the paper quotes only in its running text, used as *inputs* of its arithmetic.

    Read from the packaged table ``text_inputs`` (:func:`endodec.datasets.load`; seed, section,
    unit and the quoted words per row).

    Returns
    -------
    dict
        name -> (value, citation), the citation being the text of the ledger's ``data`` column
        (e.g. ``"seed 001 §1: 'growing at 3.3× per year'"``).
    """
    from endodec import datasets

    d = datasets.load("text_inputs", "001")
    return {str(n): (float(v), str(c)) for n, v, c in zip(d["name"], d["value"], d["cited_as"],
                                                          strict=True)}


def _t(name: str) -> float:
    return text_inputs()[name][0]


def _cite(name: str) -> str:
    return text_inputs()[name][1]


#: Names of the gigawatt-scale facilities listed in seed 001 §5.2.5.
GW_FACILITIES = ("Amazon/Anthropic New Carlisle", "xAI Colossus 2", "Microsoft Fayetteville",
                 "OpenAI Stargate Abilene", "Meta Prometheus")

#: DRAM/memory cycles the later version names as historical precedent (seed 001 §5.5 and §8.2).
PRIOR_CYCLES_001 = ("1995–96 DRAM cycle", "2006–07 NAND expansion", "2017–18 server DRAM cycle")

#: Bytes per parameter by numeric format (for the quantization claims of seed 001 §2.3/§5.3.3).
BYTES_PER_PARAM = {"FP32": 4.0, "FP16": 2.0, "INT8": 1.0, "INT4": 0.5, "INT2": 0.25}

#: EUR/USD rates used to put the EU Chips Act (printed in euros) on the dollar scale: the ECB
#: reference-rate annual averages 2022, 2023-2024 (≈1.08) and a 2025 level; parity as a bound.
EURUSD = {"parity 1.00": 1.00, "2022 average 1.05": 1.053, "2023-24 average 1.08": 1.08,
          "2025 level 1.13": 1.13}


def stated(claim_id: str):
    """What the paper states in claim ``claim_id``: ``(Expected, tolerance)``.

    The paper's numbers live only in the claims ledger; an analysis that must say whether *two
    statements of the paper* agree (one of them a table or text input it computes with, the other
    the claim's own paper value) reads the claim's value here instead of typing it.

    Raises
    ------
    KeyError
        Unknown claim id.
    """
    from endodec.claims import claim, parse_expected

    row = claim(claim_id)
    return parse_expected(row["paper_value"]), row["tolerance"] or "digits"


def inconsistent_unless(value, claim_id: str) -> str | None:
    """``"inconsistent"`` when ``value`` -- a number the paper prints elsewhere, or computes
    from its own printed inputs for the same quantity -- does not match what claim ``claim_id``
    states (within the claim's tolerance); ``None`` (let the ledger compare) when it does.

    The status is therefore determined by the data: perturb the other statement until it agrees
    and the status flips (tests/claims/mutations/desc.py).
    """
    from endodec.claims import matches

    exp, tol = stated(claim_id)
    return None if matches(value, exp, tol) else "inconsistent"


def _load(name: str, version: str) -> pd.DataFrame:
    from endodec import datasets

    return datasets.load(name, version=version)


def _prov(df: pd.DataFrame) -> str:
    p = df.attrs.get("provenance", {})
    return f"packaged {p.get('dataset', '')} v{p.get('version', '')} ({p.get('source', '')})"


# ----------------------------------------------------------------------------- pure helpers
def doubling_time_months(growth_per_year):
    """Doubling time in months of a quantity growing by the factor ``growth_per_year`` per year.

    ``12 ln 2 / ln g``; broadcasts over arrays. Raises :class:`DomainError` for ``g <= 1``.
    """
    from endodec.errors import DomainError

    g = np.asarray(growth_per_year, dtype=float)
    if np.any(g <= 1):
        raise DomainError("doubling time needs a growth factor > 1")
    return 12.0 * np.log(2.0) / np.log(g)


def range_lag(start_lo, start_hi, end_lo, end_hi) -> tuple[int, int]:
    """Lag between two dated events given as year ranges, paired endpoints.

    Returns ``(end_lo - start_hi, end_hi - start_lo)`` sorted, i.e. the shortest and longest
    lags compatible with both ranges (for a point start date this is ``(end_lo - s, end_hi - s)``).
    """
    a, b = end_lo - start_hi, end_hi - start_lo
    return (int(min(a, b)), int(max(a, b)))


def paired_lag(start_lo, start_hi, end_lo, end_hi) -> tuple[int, int]:
    """Lag pairing early with early and late with late: ``(end_lo - start_lo, end_hi - start_hi)``."""
    a, b = end_lo - start_lo, end_hi - start_hi
    return (int(min(a, b)), int(max(a, b)))


def union_range(ranges) -> tuple[int, int]:
    """Smallest interval containing every ``(lo, hi)`` in ``ranges``."""
    ranges = list(ranges)
    return (min(r[0] for r in ranges), max(r[1] for r in ranges))
