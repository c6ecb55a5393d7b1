"""Registered analyses: one small function per table / figure / claim group of the paper.

An analysis is a function ``f(ctx: Context) -> dict[str, Value | float | str | bool]`` registered
with :func:`analysis`. It

- computes what a part of the paper reports, using the model/empirics layers only;
- saves its figures and tables through ``ctx.save_figure`` / ``ctx.save_table`` (never writing
  anywhere else);
- returns *claim values*: a mapping from a key to the value endodec computes. The claims ledger
  (``endodec/report/claims/*.csv``) refers to those keys; the paper's own numbers live only there.

Example
-------
>>> @analysis("s3.5-welfare", title="Welfare loss", section="3.5", version="000")
... def welfare(ctx):
...     sol = solve(GameParams())
...     return {"welfare_loss_pct": Value(100 * sol.welfare_loss, data="model defaults")}
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Value", "Artifact", "Context", "Analysis", "analysis", "REGISTRY", "paper_input"]


def paper_input(claim_id: str) -> float:
    """A number the paper prints, used as an *input* of a reading (e.g. a calibration target).

    Some readings need one of the paper's numbers as an assumption -- the calendar scale implied
    by the printed Nash crossing in years is the only way to turn model time into years. Such
    numbers are read here from the claims ledger (the paper value of ``claim_id``), so the paper's
    values stay in one place and every use of one as an input is traceable to its claim.

    Raises
    ------
    KeyError
        Unknown claim id.
    ValueError
        The claim's paper value is not a single number.
    """
    from endodec.report.ledger import load_claims, parse_expected

    claims = load_claims().set_index("id")
    if claim_id not in claims.index:
        raise KeyError(f"paper_input: no claim {claim_id!r} in the claims ledger")
    exp = parse_expected(claims.at[claim_id, "paper_value"])
    if exp.kind != "number":
        raise ValueError(f"paper_input: claim {claim_id!r} has paper value "
                         f"{claims.at[claim_id, 'paper_value']!r}, not a single number")
    return exp.lo


@dataclass
class Value:
    """A value computed for the claims ledger.

    Parameters
    ----------
    value : float, str, bool or None
        The primary computed value (None when it cannot be computed; then give ``status``).
    readings : dict, optional
        Alternative computations for alternative readings of the claim, ``{name: value}``
        (e.g. two continuation-value conventions). The ledger reports which reading reproduces.
    note : str
        Explanation shown in the ledger (why a value differs, which convention was used ...).
    data : str
        Provenance: datasets and parameters used.
    status : str, optional
        A status the analysis *determined* (not a paper value): ``"inconsistent"``,
        ``"underdetermined"`` or ``"needs author data"``. Leave None to let the ledger compare.
    """

    value: Any
    readings: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    data: str = ""
    status: str | None = None


@dataclass
class Artifact:
    kind: str  # "figure" | "table"
    name: str
    caption: str
    files: list[str]
    analysis: str = ""
    section: str = ""
    version: str = ""
    provenance: str = ""


_SAFE = re.compile(r"^[A-Za-z0-9_.-]+$")


@dataclass
class Context:
    """What an analysis may use: an output directory and the optional author data directory.

    Parameters
    ----------
    out : Path
        Output root (a temporary directory during ``reproduce``); figures go to ``out/figures``,
        tables to ``out/tables``.
    author_data : Path or None
        Directory with the author's data files (layout of ``jonsmirl/thesis/thesis_data``), or None.
    seed : int
        Seed for every random draw (bootstrap, Monte Carlo) so runs are deterministic.
    fast : bool
        Use smaller resample counts (tests); the report states it.
    """

    out: Path
    author_data: Path | None = None
    seed: int = 20260221
    fast: bool = False
    artifacts: list[Artifact] = field(default_factory=list)
    current: Analysis | None = None

    def _check(self, name: str) -> None:
        if not _SAFE.match(name):
            raise ValueError(f"artifact name {name!r} must match {_SAFE.pattern}")

    def save_figure(self, fig, name: str, caption: str, provenance: str = "") -> Artifact:
        """Save a matplotlib figure as PNG and SVG under ``out/figures`` and close it."""
        import matplotlib.pyplot as plt

        self._check(name)
        d = Path(self.out) / "figures"
        d.mkdir(parents=True, exist_ok=True)
        files = []
        for ext in ("png", "svg"):
            p = d / f"{name}.{ext}"
            # svg.hashsalt: deterministic element ids, so two runs write identical SVGs
            with plt.rc_context({"svg.hashsalt": f"endodec-{name}"}):
                fig.savefig(p, dpi=130 if ext == "png" else None, bbox_inches="tight",
                            metadata={"Date": None} if ext == "svg" else None)
            files.append(f"figures/{name}.{ext}")
        plt.close(fig)
        return self._add("figure", name, caption, files, provenance)

    def save_table(self, df, name: str, caption: str, provenance: str = "",
                   index: bool = False, float_format: str = "{:.4g}") -> Artifact:
        """Save a DataFrame as CSV, Markdown and LaTeX (booktabs) under ``out/tables``."""
        from endodec.report.tables import write_table

        self._check(name)
        files = write_table(df, Path(self.out) / "tables", name, caption, index=index,
                            float_format=float_format)
        return self._add("table", name, caption, [f"tables/{f}" for f in files], provenance)

    def _add(self, kind, name, caption, files, provenance) -> Artifact:
        a = self.current
        art = Artifact(kind, name, caption, files, analysis=a.id if a else "",
                       section=a.section if a else "", version=a.version if a else "",
                       provenance=provenance)
        self.artifacts.append(art)
        return art


@dataclass(frozen=True)
class Analysis:
    """A registered analysis (see module docstring)."""

    id: str
    title: str
    section: str
    version: str  # "000", "001" or "both"
    func: Callable[[Context], dict[str, Any]]
    needs_author_data: bool = False
    order: float = 0.0

    def run(self, ctx: Context) -> dict[str, Value]:
        ctx.current = self
        try:
            raw = self.func(ctx) or {}
        finally:
            ctx.current = None
        return {k: (v if isinstance(v, Value) else Value(v)) for k, v in raw.items()}


REGISTRY: dict[str, Analysis] = {}


def analysis(id: str, *, title: str, section: str, version: str = "both",
             needs_author_data: bool = False, order: float | None = None):
    """Decorator registering an analysis under ``id`` (e.g. ``"s3.5-welfare"``)."""

    def deco(func):
        if id in REGISTRY and REGISTRY[id].func.__qualname__ != func.__qualname__:
            raise ValueError(f"analysis id {id!r} registered twice")
        REGISTRY[id] = Analysis(id, title, section, version, func, needs_author_data,
                                order if order is not None else _section_key(section))
        return func

    return deco


def _section_key(section: str) -> float:
    m = re.match(r"(\d+)(?:\.(\d+))?", section)
    if m:
        return int(m.group(1)) + (int(m.group(2) or 0) / 100)
    return 50.0 + (ord(section[:1].upper()) - 64 if section else 0)  # appendices after sections


def replace(a: Analysis, **kw) -> Analysis:
    return dataclasses.replace(a, **kw)
