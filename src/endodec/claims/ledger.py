"""The claims ledger: the status of every claim, from what the analyses compute.

The claims are data (:mod:`endodec.claims`); the paper's numbers appear only there.
:func:`evaluate` computes each claim's status:

- ``reproduced``: the computed value (or one of the analysis' alternative *readings*, named in the
  ``reading`` column) matches the paper's value within tolerance;
- ``not reproduced``: none matches; the explanation comes from the analysis;
- ``inconsistent`` / ``underdetermined``: determined by the analysis (e.g. the paper contradicts its
  other version or its author's data; the paper lacks an input) with an explanation;
- ``needs author data``: the analysis needs ``--author-data`` and it was not given;
- ``error``: the analysis failed or did not return the key (a bug; tests forbid it).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from endodec.claims.expected import format_value, matches, parse_expected
from endodec.claims.load import CLAIM_COLUMNS

__all__ = ["STATUSES", "evaluate", "status_counts"]

STATUSES = ["reproduced", "not reproduced", "inconsistent", "underdetermined",
            "needs author data", "error"]


def evaluate(claims: pd.DataFrame, values: dict[str, dict[str, Any]],
             errors: dict[str, str] | None = None, skipped_author: set[str] | None = None,
             ) -> pd.DataFrame:
    """Compute the status of every claim.

    Parameters
    ----------
    claims : DataFrame
        From :func:`~endodec.claims.load.load_claims`.
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
    """Number of claims per status, in the order of :data:`STATUSES` (zeros included)."""
    return ledger["status"].value_counts().reindex(STATUSES, fill_value=0)
