"""A claim's stated conditions, as data: what the paper says a number was computed under.

A claim states its conditions in the ``conditions`` column of the claims files as
``key: value; key: value`` with keys from :data:`CONDITION_KEYS`:

============  ====================================================================================
baseline      the model parameters the text states, e.g. ``N=5, S_T=0``
estimator     the estimator the text names, e.g. ``OLS``
sample        the sample, e.g. ``1984-2024`` or ``models <=3B``
unit          the unit of the number, e.g. ``years``
data          the data the text says it used, e.g. ``Table 2``
version       the paper version whose material must be used (the claim's own ``version`` is
              always implied for the primary value; declare it to forbid other-version readings)
============  ====================================================================================

An analysis states, in :attr:`endodec.analyses.base.Value.conditions`, the conditions under which it
computed its primary value; the ledger checks that every condition a claim declares is met by the
primary value, and that no reading used for the claim changes a declared condition
(:mod:`endodec.claims.readings`). A condition key outside :data:`CONDITION_KEYS` is refused at load.
"""

from __future__ import annotations

import re

__all__ = ["CONDITION_KEYS", "format_conditions", "normalize", "parse_conditions"]

CONDITION_KEYS = ("baseline", "estimator", "sample", "unit", "data", "version")


def parse_conditions(text: str, keys: tuple[str, ...] = CONDITION_KEYS) -> dict[str, str]:
    """Parse ``"key: value; key: value"`` into ``{key: value}``.

    Parameters
    ----------
    text : str
        The ``conditions`` cell (``""`` for none).
    keys : tuple of str
        The keys allowed (default :data:`CONDITION_KEYS`; a reading's ``changes`` also allow
        ``input``).

    Returns
    -------
    dict
        Keys from ``keys``, values stripped.

    Raises
    ------
    ValueError
        A part without ``key:``, a key outside ``keys``, an empty value or a key given twice
        (the message names it; the loader adds file, row and column).
    """
    out: dict[str, str] = {}
    for part in (p.strip() for p in str(text or "").split(";")):
        if not part:
            continue
        m = re.fullmatch(r"([A-Za-z_]+)\s*:\s*(.+)", part)
        if not m:
            raise ValueError(f"condition {part!r} is not 'key: value'")
        key, value = m.group(1).lower(), m.group(2).strip()
        if key not in keys:
            raise ValueError(f"unknown key {key!r} (the ledger cannot check it)")
        if key in out:
            raise ValueError(f"condition {key!r} given twice")
        out[key] = value
    return out


def normalize(value: object) -> str:
    """A condition value in canonical form, for comparison.

    Lower case, blanks removed; comma-separated parts sorted (so ``N=5, S_T=0`` equals
    ``s_t=0,n=5``); ``≤``/``≥`` written ``<=``/``>=``.
    """
    s = str(value).replace("≤", "<=").replace("≥", ">=").lower()
    parts = sorted(re.sub(r"\s+", "", p) for p in s.split(","))
    return ",".join(p for p in parts if p)


def format_conditions(conditions: dict[str, object]) -> str:
    """``{key: value}`` as the ``key: value; key: value`` text of the claims files."""
    return "; ".join(f"{k}: {v}" for k, v in conditions.items())
