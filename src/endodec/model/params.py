r"""The game's parameter table: every fact about a parameter, in one place.

Each parameter of the N-firm game (seed 000 §3.1, §3.7; seed 001 §3.1, §3.8) is one
:class:`Param` row: its name, its baseline per paper version, the vectorised validity rule and
its text, a label, a unit, the help text, the paper reference and the explorer's slider range.
:class:`~endodec.model.game.GameParams` (defaults and validation), the sweep engine (per-point
rule and defaults of unvaried axes), the CLI options, the explorer's widgets and the docs all
read :data:`GAME_PARAMS`; no baseline value is written anywhere else.

>>> from endodec.model.params import GAME_PARAMS, baseline
>>> GAME_PARAMS["delta"].allowed
'> 0 and finite'
>>> baseline("000")["N"]
5

The two versions share the baseline (seed 000 §3.7 and seed 001 §3.1: N = 5, r = 0.05,
δ ≈ 0.30, S_T = 0; a = 10, b = 0.5, x0 = 10 is the normalisation of the author's script), so
``defaults`` holds the same value for both; a version-specific value goes there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["GAME_PARAMS", "N_MAX", "PAPER_VERSIONS", "Param", "baseline", "describe",
           "markdown_table"]

#: The paper's versions (seed 000 = earlier, seed 001 = later and extended).
PAPER_VERSIONS = ("000", "001")

#: Largest admissible N: every integer up to 2**53 is exact in float64 (so N+1, N^2-1 are
#: computed from the true N); in natural units the kernel's largest intermediate is O(N^4)
#: (1e64 at N_MAX), far inside the float64 range.
N_MAX = 2.0**53

_RULES = ("integer>=2", "positive", "nonnegative")


@dataclass(frozen=True)
class Param:
    """One parameter of the game.

    Parameters
    ----------
    name : str
        Field name of :class:`~endodec.model.game.GameParams` (and sweep column).
    default : float or None
        The paper's baseline (``None``: computed from the others, or unused by default).
    rule : {"integer>=2", "positive", "nonnegative"}
        The validity rule (:meth:`invalid`); NaN and infinities are always invalid.
    label : str
        Short label with the paper's symbol (explorer widgets, figure axes).
    unit : str
        Unit (the model's normalised units unless stated).
    help : str
        One-sentence meaning (CLI ``--help``, docs).
    ref : str
        Where the paper defines it.
    option : str
        The CLI option.
    widget : tuple of float
        ``(min, max, step)`` of the explorer's slider (None: a number input).
    defaults : mapping
        Baseline per paper version; missing versions use ``default``.
    printed : str, optional
        The baseline as the paper prints it, when that differs from ``f"{default:g}"``
        (delta: "0.30").
    """

    name: str
    default: Any
    rule: str
    label: str
    unit: str
    help: str
    ref: str
    option: str
    widget: tuple | None = None
    defaults: Mapping[str, Any] = field(default_factory=dict)
    printed: str | None = None

    def __post_init__(self):
        if self.rule not in _RULES:
            raise ValueError(f"unknown rule {self.rule!r} of parameter {self.name}")

    @property
    def allowed(self) -> str:
        """The allowed range as printed in messages (``"> 0 and finite"``)."""
        return {"integer>=2": "an integer >= 2", "positive": "> 0 and finite",
                "nonnegative": ">= 0 and finite"}[self.rule]

    @property
    def integer(self) -> bool:
        """Whether the parameter takes integer values."""
        return self.rule == "integer>=2"

    @property
    def lower(self) -> float:
        """The lower bound of the rule (open for "positive")."""
        return {"integer>=2": 2.0, "positive": 0.0, "nonnegative": 0.0}[self.rule]

    def baseline(self, version: str = "000"):
        """The paper's baseline in ``version`` ("000" or "001")."""
        return self.defaults.get(version, self.default)

    def invalid(self, v, xp=np) -> np.ndarray:
        """Vectorised rule: True where ``v`` is invalid (NaN and infinities always are).

        ``xp``: the array namespace (``numpy``; ``jax.numpy`` inside the fused JAX sweep).
        """
        if xp is not np:
            return self._invalid(xp.asarray(v, dtype=xp.float64), xp)
        with np.errstate(invalid="ignore"):
            return self._invalid(np.asarray(v, dtype=float), np)

    def _invalid(self, v, xp):
        if self.rule == "integer>=2":
            return ~xp.isfinite(v) | ~(v >= 2) | ~(v <= N_MAX) | (v != xp.round(v))
        if self.rule == "positive":
            return ~(v > 0) | ~xp.isfinite(v)
        return ~(v >= 0) | ~xp.isfinite(v)


_P = [
    Param("N", 5, "integer>=2", "N (number of centralized firms)", "firms",
          "Number of symmetric centralized firms.",
          "seed 000 §3.1, §3.7 (N = 5 matches the hyperscaler set); seed 001 §3.1", "--N",
          (2, 50, 1)),
    Param("a", 10.0, "positive", "a (demand intercept)", "normalised price",
          "Demand intercept a of the linear inverse demand P = a - bQ.",
          "eq. (4), seed 000 §3.1; seed 001 §3.1", "--a", (1.0, 50.0, 0.5)),
    Param("b", 0.5, "positive", "b (demand slope)", "price per unit output",
          "Demand slope b of the linear inverse demand P = a - bQ.",
          "eq. (4), seed 000 §3.1; seed 001 §3.1", "--b", (0.05, 5.0, 0.05)),
    Param("r", 0.05, "positive", "r (discount rate)", "per unit time",
          "Discount rate r.", "seed 000 §3.7 (r = 0.05); seed 001 §3.1", "--r",
          (0.005, 0.3, 0.005)),
    Param("delta", 0.30, "positive", "δ (post-crossing displacement rate)", "per unit time",
          "Post-crossing inference displacement rate delta (enters S).",
          "eq. (5); seed 000 §3.7 and App. A (IBM: delta ≈ 0.30); seed 001 §5.5", "--delta",
          (0.01, 2.0, 0.01), printed="0.30"),
    Param("x0", 10.0, "nonnegative", "x0 (distance to the crossing threshold)",
          "cumulative output", "Initial distance to the crossing threshold, x0 = Qbar - Q(0).",
          "eq. (3), seed 000 §3.1; seed 001 §3.1", "--x0", (0.5, 100.0, 0.5)),
    Param("S_T", 0.0, "nonnegative", "S_T (persistent training value)", "value",
          "Persistent training value S_T of eq. (5) ('paper' convention).",
          "eq. (5), seed 000 §3.7 (baseline S_T = 0); seed 001 §3.1", "--S-T",
          (0.0, 50.0, 0.5)),
    Param("S_I", None, "nonnegative", "S_I (inference profit level)", "value per unit time",
          "Inference profit level S_I of eq. (5) ('paper' convention); default: the industry "
          "Cournot profit N (a/(N+1))^2/b.", "eq. (5), seed 000 §3.7; seed 001 §3.1", "--S-I"),
    Param("S", None, "nonnegative", "S (continuation value at crossing)", "value",
          "Continuation value at the crossing, given directly ('direct' convention).",
          "eq. (5), seed 000 §3.1; seed 001 §3.1", "--S"),
]

#: The table, in the order parameters are validated (the first violation is reported).
GAME_PARAMS: dict[str, Param] = {p.name: p for p in _P}


def baseline(version: str = "000") -> dict[str, Any]:
    """The paper's baseline ``{name: value}`` in ``version`` (``None``: computed/unused).

    Parameters
    ----------
    version : {"000", "001"}
        Paper version.

    Returns
    -------
    dict
        ``{parameter name: baseline value}`` in the order of :data:`GAME_PARAMS`.
    """
    if version not in PAPER_VERSIONS:
        from endodec.errors import ParameterError

        raise ParameterError("version", version, f"one of {PAPER_VERSIONS}")
    return {k: p.baseline(version) for k, p in GAME_PARAMS.items()}


def describe(version: str = "000", names=("N", "a", "b", "r", "delta", "x0"),
             sep: str = ", ", values=None) -> str:
    """The baseline (or other values) as text (for figure captions and table provenance).

    Parameters
    ----------
    version : {"000", "001"}
        Paper version.
    names : sequence of str
        Parameters to include.
    sep : str
        Separator between the parameters.
    values : mapping or GameParams, optional
        Values to describe instead of the baseline (e.g. a run's ``--set``); a value equal to
        the paper's is printed as the paper prints it.

    Returns
    -------
    str
        ``"name=value, ..."`` with the values as the paper prints them (``delta=0.30``).
    """
    b = baseline(version)
    if values is not None:
        get = values.get if hasattr(values, "get") else (lambda k: getattr(values, k))
        b = {k: float(np.asarray(get(k))) if k in names else v for k, v in b.items()}

    def text(k):
        p = GAME_PARAMS[k]
        return p.printed if p.printed is not None and b[k] == p.default else f"{b[k]:g}"

    return sep.join(f"{k}={text(k)}" for k in names)


def markdown_table(version: str = "000") -> str:
    """The parameter table as Markdown (``docs/model.md`` embeds it; a test keeps it current).

    Parameters
    ----------
    version : {"000", "001"}
        Paper version of the baseline column.

    Returns
    -------
    str
        One row per parameter: option, baseline, allowed range, unit, meaning, paper reference.
    """
    rows = ["| parameter | CLI option | baseline | allowed | unit | meaning | paper |",
            "|---|---|---|---|---|---|---|"]
    for k, p in GAME_PARAMS.items():
        b = p.baseline(version)
        shown = "computed" if b is None else (p.printed or f"{b:g}")
        rows.append(f"| `{k}` | `{p.option}` | {shown} | {p.allowed} | {p.unit} | {p.help} | "
                    f"{p.ref} |")
    return "\n".join(rows)
