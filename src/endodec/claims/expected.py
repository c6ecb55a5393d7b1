"""Paper values as written, and whether a computed value matches one within tolerance.

A paper value is ``19.22`` (a number), ``26-112`` (a range), ``<1e-12`` / ``>0`` / ``<=x`` /
``>=x`` (a bound), ``true`` / ``false`` (a checkable statement), or text; a leading ``~`` or
``≈`` is dropped. The tolerance is ``digits`` (default: half a unit in the last printed digit),
``abs:X`` or ``rel:X``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

__all__ = ["Expected", "format_value", "matches", "parse_expected"]

_NUM = r"[-+]?\d[\d,]*(?:\.\d+)?(?:[eE][-+]?\d+)?"


@dataclass(frozen=True)
class Expected:
    """A paper value as parsed by :func:`parse_expected`.

    ``kind`` is ``"number"``, ``"range"``, ``"lt"``, ``"gt"``, ``"le"``, ``"ge"``, ``"bool"`` or
    ``"text"``; ``lo`` / ``hi`` the bounds (equal for a number or a bound), ``text`` the
    statement (``"True"`` / ``"False"``) or the text, ``decimals`` the printed decimals.
    """

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
    """A computed value as the ledger prints it (6 significant digits; pairs as ``lo-hi``)."""
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
