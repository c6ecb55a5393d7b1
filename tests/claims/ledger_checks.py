"""Checks of a full run's ledger shared by the ledger tests (rules, explanations)."""

from __future__ import annotations

import math
import re

import pandas as pd

from endodec.claims import claim_files, load_claims

CLAIM_FILES = [e.name for e in claim_files()]

#: A number in running text, not glued to a letter, digit or underscore before it (so the 0 of
#: ``x0``, ``R0`` or ``S_T0`` is not one), with optional thousands separators and exponent.
_NUMBER = re.compile(r"(?<![A-Za-z_\d.])[-+]?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?")
#: References, not quantities: "Table 11", "§3.5", "seed 000", "eq. (5)", a claim id.
_REFERENCE = re.compile(
    r"(?:Tables?|Figures?|Fig\.|§|[Ss]ections?|[Ss]eeds?|[Ee]q\.?|[Ee]quations?|Appendix|"
    r"Proposition|Corollary|Remark|Lemma|Assumption|[Rr]ows?|[Cc]olumns?|[Vv]ersions?|"
    r"[Ff]ootnotes?|[Pp]anel)\s*\(?[A-Z]?\d[\d.,\-–]*\)?"
    r"|\b[a-z]+\d{3}-[\w.\-]+")


def numbers_in(text: str) -> list[str]:
    """The quantities in ``text`` (references such as "Table 11" or claim ids removed)."""
    return _NUMBER.findall(_REFERENCE.sub(" ", str(text)))


def _value(tok: str) -> float:
    return float(tok.replace(",", ""))


def _decimals(tok: str) -> int:
    m = re.search(r"\.(\d+)", tok.split("e")[0].split("E")[0])
    return len(m.group(1)) if m else 0


def traces(tok: str, sources: list[str]) -> bool:
    """Does the number ``tok`` equal, to its printed digits, a number of ``sources``?"""
    t = _value(tok)
    half = 0.5 * 10.0 ** (-_decimals(tok)) * (1 + 1e-9)
    for s in sources:
        for cand in numbers_in(s):
            c = _value(cand)
            for x in (c, 100 * c, abs(c)):
                if abs(abs(t) - abs(x)) <= max(half, 1e-9 * abs(x)):
                    return True
    return False


def untraced_numbers(row: dict) -> list[str]:
    """Numbers of a ledger row's explanation that trace to nothing computed in the run or
    printed in the claim (rule 6 of the ledger: explanations computed, never typed)."""
    sources = [row.get(k, "") for k in ("computed", "readings", "paper_value", "claim", "facts",
                                         "data", "conditions", "also_at", "unit", "reading")]
    return [t for t in numbers_in(row.get("explanation", "")) if not traces(t, sources)]


def rows_of_file(ledger: pd.DataFrame, name: str) -> pd.DataFrame:
    return ledger[ledger["source_file"] == name]


def problems_of_file(result, name: str) -> list[str]:
    """The rule violations of a run that concern the claims (or readings) of file ``name``."""
    claims = load_claims()
    ids = set(claims.loc[claims["source_file"] == name, "id"])
    stem = name.removesuffix(".csv")
    out = []
    for p in result.ledger.attrs.get("problems", []):
        m = re.match(r"claim (\S+) ", p)
        if (m and m.group(1) in ids) or (not m and f"{stem}" in p):
            out.append(p)
    return out


def is_nan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)
