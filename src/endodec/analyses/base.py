"""Registered analyses: one small function per table / figure / claim group of the paper.

An analysis is a function ``f(ctx: Context) -> dict[str, Value | float | str | bool]`` registered
with :func:`analysis`. It

- computes what a part of the paper reports, using the model/empirics layers only;
- saves its figures and tables through ``ctx.save_figure`` / ``ctx.save_table`` (never writing
  anywhere else);
- returns *claim values*: a mapping from a key to the value endodec computes. The claims ledger
  (``endodec/claims/data/*.csv``) refers to those keys; the paper's own numbers live only there.
  A paper number an analysis needs as an *input* comes from
  :func:`endodec.claims.paper_input`.

Example
-------
>>> @analysis("s3.5-welfare", title="Welfare loss", section="3.5", version="000")
... def welfare(ctx):
...     sol = solve(ctx.config.game_params("000"))
...     return {"welfare_loss_pct": Value(100 * sol.welfare_loss, data="model defaults")}
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from endodec._writers import DEFAULT_FORMATS, write_figure, write_table

__all__ = ["Value", "Artifact", "Context", "Analysis", "analysis", "REGISTRY"]


@dataclass
class Value:
    """A value computed for the claims ledger.

    Parameters
    ----------
    value : float, str, bool or None
        The primary computed value (None when it cannot be computed; then give ``status``).
    readings : dict, optional
        Alternative computations for alternative readings of the claim, ``{name: value}``
        (e.g. two continuation-value conventions). Each name must be declared, with its licence
        and scope, in ``endodec/claims/data/readings/*.csv`` (:mod:`endodec.claims.readings`);
        a match under a reading is ``reproduced under a reading``, never ``reproduced``.
    note : str
        Explanation shown in the ledger (why a value differs, which convention was used ...).
        Every number in it must be computed in this run or be the claim's paper value: put the
        numbers it uses in ``facts``.
    data : str
        Provenance: datasets and parameters used.
    status : str, optional
        A status the analysis *determined* (not a paper value): ``"inconsistent"``,
        ``"underdetermined"``, ``"not reproduced"`` or ``"needs author data"``. Leave None to
        let the ledger compare.
    conditions : dict, optional
        The conditions the primary ``value`` was computed under (keys of
        :data:`endodec.claims.conditions.CONDITION_KEYS`: ``baseline``, ``estimator``,
        ``sample``, ``unit``, ``data``, ``version``). The ledger checks them against the
        conditions the claim states.
    facts : dict, optional
        The computed numbers the ``note`` quotes, ``{name: value}`` (shown in the ledger).
    """

    value: Any
    readings: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    data: str = ""
    status: str | None = None
    conditions: dict[str, Any] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)


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
    config : RunConfig or ConfigView, optional
        The run configuration (:mod:`endodec.analyses.config`); default: the paper's. Read the
        game's parameters with ``ctx.config.game_params(version)`` and the adoption
        parameters with ``ctx.config.adoption_params()``, never from module constants, so a
        run with ``--set`` and the cache see what the analysis depends on.
    formats : tuple of str
        Figure formats (:data:`endodec._writers.FIGURE_FORMATS`; default PNG, PDF and SVG).
    """

    out: Path
    author_data: Path | None = None
    seed: int = 20260221
    fast: bool = False
    config: Any = None
    formats: tuple = DEFAULT_FORMATS
    artifacts: list[Artifact] = field(default_factory=list)
    current: Analysis | None = None

    def __post_init__(self):
        if self.config is None:
            from endodec.analyses.config import RunConfig

            self.config = RunConfig()

    def _check(self, name: str) -> None:
        if not _SAFE.match(name):
            raise ValueError(f"artifact name {name!r} must match {_SAFE.pattern}")

    def save_figure(self, fig, name: str, caption: str, provenance: str = "") -> Artifact:
        """Save a matplotlib figure under ``out/figures`` in :attr:`formats` (PNG, PDF, SVG by
        default) and close it."""
        import matplotlib.pyplot as plt

        self._check(name)
        files = write_figure(fig, Path(self.out) / "figures", name, self.formats)
        plt.close(fig)
        return self._add("figure", name, caption, [f"figures/{f}" for f in files], provenance)

    def save_table(self, df, name: str, caption: str, provenance: str = "",
                   index: bool = False, float_format: str = "{:.4g}") -> Artifact:
        """Save a DataFrame as CSV, Markdown and LaTeX (booktabs) under ``out/tables``."""
        self._check(name)
        files = write_table(df, Path(self.out) / "tables", name, caption, index=index,
                            float_format=float_format)
        return self._add("table", name, caption, [f"tables/{f}" for f in files], provenance)

    def save_regression_table(self, results, name: str, caption: str, provenance: str = "",
                              **kw) -> Artifact:
        """Save estimates side by side as a publication table (coefficients, SEs in
        parentheses, stars, N, R², FE / cluster rows, notes) under ``out/tables``: CSV, Markdown,
        LaTeX (booktabs, decimal-aligned) and HTML. ``kw`` goes to
        :func:`endodec.tables.regression_table` (``labels``, ``model_names``, ``keep``,
        ``fe_rows``, ``cluster_by``, ``notes`` ...)."""
        from endodec.tables import regression_table

        self._check(name)
        tab = regression_table(results, caption=caption, **kw)
        files = tab.write(Path(self.out) / "tables", name)
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
    #: Expected seconds of a cold run (figures included) on a 2-core machine: only a scheduling
    #: hint (parallel runs start the longest analyses first); a wrong hint costs balance, never
    #: a result.
    cost: float = 0.5

    def run(self, ctx: Context) -> dict[str, Value]:
        ctx.current = self
        try:
            raw = self.func(ctx) or {}
        finally:
            ctx.current = None
        return {k: (v if isinstance(v, Value) else Value(v)) for k, v in raw.items()}


REGISTRY: dict[str, Analysis] = {}


def analysis(id: str, *, title: str, section: str, version: str = "both",
             needs_author_data: bool = False, order: float | None = None, cost: float = 0.5):
    """Decorator registering an analysis under ``id`` (e.g. ``"s3.5-welfare"``); ``cost`` is
    the expected seconds of a cold run, a scheduling hint for parallel runs
    (:attr:`Analysis.cost`)."""

    def deco(func):
        if id in REGISTRY and REGISTRY[id].func.__qualname__ != func.__qualname__:
            raise ValueError(f"analysis id {id!r} registered twice")
        REGISTRY[id] = Analysis(id, title, section, version, func, needs_author_data,
                                order if order is not None else _section_key(section),
                                float(cost))
        return func

    return deco


def _section_key(section: str) -> float:
    m = re.match(r"(\d+)(?:\.(\d+))?", section)
    if m:
        return int(m.group(1)) + (int(m.group(2) or 0) / 100)
    return 50.0 + (ord(section[:1].upper()) - 64 if section else 0)  # appendices after sections


def replace(a: Analysis, **kw) -> Analysis:
    return dataclasses.replace(a, **kw)
