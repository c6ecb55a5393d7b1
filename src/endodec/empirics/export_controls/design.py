"""Design of the export-control experiment (seed 001 §5.1.1-5.1.5): the treatment date and
rounds, the treatment and control authors, and the rules that classify a Hub model (parameter
count parsed from its name, edge-compatible, mixture-of-experts).

:class:`Rules` bundles every choice that turns Hub records into the model table and panel
(:mod:`endodec.empirics.export_controls.panel`); the conventions are the author's (package
docstring of :mod:`endodec.empirics.export_controls`).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from endodec.errors import ParameterError

__all__ = [
    "TREATMENT_DATE", "TIGHTENING_DATES", "CONSTRAINED_AUTHORS", "CONTROL_AUTHORS", "AUTHORS",
    "PAPER_TREATMENT_AUTHORS", "EDGE_KEYWORDS", "EDGE_KEYWORDS_NO_MICRO", "Rules",
    "parse_params", "parse_params_extended", "is_moe", "is_edge",
]

TREATMENT_DATE = "2022-10-07"
"""BIS semiconductor export-control rule (seed 001 §5.1.1: October 2022)."""
TIGHTENING_DATES = ("2022-10-07", "2023-10-17", "2025-01-15")
"""Rounds of the controls named in seed 001 §5.1.4 (Oct 2022, Oct 2023, Jan 2025)."""

CONSTRAINED_AUTHORS = ("Qwen", "deepseek-ai", "BAAI", "01-ai", "internlm", "openbmb", "THUDM",
                       "shibing624", "uer")
"""Treatment group of the author's script (log: ``[CN]``)."""
CONTROL_AUTHORS = ("meta-llama", "google", "microsoft", "mistralai", "bigscience", "EleutherAI",
                   "stabilityai", "huggingface")
"""Control group of the author's script (log: ``[US]``)."""
AUTHORS = CONSTRAINED_AUTHORS + CONTROL_AUTHORS
PAPER_TREATMENT_AUTHORS = ("Qwen", "deepseek-ai", "BAAI", "01-ai", "internlm", "openbmb")
"""The six treatment authors seed 001 §5.1.5 names (without shibing624, uer, THUDM)."""

EDGE_KEYWORDS = ("mini", "small", "tiny", "lite", "mobile", "micro", "phi-2", "phi-3")
"""Name keywords that make a model edge-compatible under the author's rule (package docstring)."""
EDGE_KEYWORDS_NO_MICRO = ("mini", "small", "tiny", "lite", "mobile", "phi-2", "phi-3")

_SIZE_RE = re.compile(r"(\d+\.?\d*)[bB](?![a-zA-Z0-9])")
_MOE_WORDS = ("moe", "mixtral", "mixture")


# ----------------------------------------------------------------------------- rules
@dataclass(frozen=True)
class Rules:
    """Choices that turn Hub records into the model table and panel.

    Parameters
    ----------
    treatment_date : str
        ISO date of the treatment (default 2022-10-07).
    edge_threshold_b : float
        Edge-compatible size threshold in billions of parameters (paper §5.1.5: 7; Table 5's
        size row uses 3).
    parser : {"author", "extended"}
        Size parser: the author's name rule, or :func:`parse_params_extended` (also
        ``1b7``-style and million-parameter names, MoE totals).
    edge_rule : {"author", "no_micro", "size_only"}
        ``author``: size <= threshold or a keyword of :data:`EDGE_KEYWORDS`; ``no_micro``: the same
        without ``micro`` (does not classify all of Microsoft as edge); ``size_only``: parsed
        size only, unknown size -> unknown.
    unknown : {"not_edge", "drop"}
        Models whose edge status is unknown (only with ``edge_rule="size_only"``): count them as
        not edge-compatible (in the denominator) or drop them from the shares.
    constrained_authors : tuple of str
        Treatment group.
    moe_rule : {"author", "extended"}
        ``author``: name contains moe/mixtral/mixture; ``extended``: also ``-A<k>B`` active-size
        names, ``<n>x<k>B`` names and ``moe`` in the Hub tags (architecture).
    exclude_authors : tuple of str
        Authors dropped entirely (robustness).
    start : str or None
        Drop models created before this date (robustness: the Hub's ``createdAt`` is 2022-03-02
        for every repository created before that date).
    """

    treatment_date: str = TREATMENT_DATE
    edge_threshold_b: float = 7.0
    parser: str = "author"
    edge_rule: str = "author"
    unknown: str = "not_edge"
    constrained_authors: tuple[str, ...] = CONSTRAINED_AUTHORS
    moe_rule: str = "author"
    exclude_authors: tuple[str, ...] = ()
    start: str | None = None

    def __post_init__(self):
        try:
            ts = pd.Timestamp(self.treatment_date)
        except (ValueError, TypeError, OverflowError) as e:
            raise ParameterError("treatment_date", self.treatment_date,
                                 "an ISO date (YYYY-MM-DD)") from e
        if pd.isna(ts):
            raise ParameterError("treatment_date", self.treatment_date, "an ISO date (YYYY-MM-DD)")
        if self.start is not None:
            try:
                st = pd.Timestamp(self.start)
            except (ValueError, TypeError, OverflowError):
                st = pd.NaT
            if pd.isna(st):
                raise ParameterError("start", self.start, "an ISO date (YYYY-MM-DD) or None")
        try:
            thr = float(self.edge_threshold_b)
        except (TypeError, ValueError):
            thr = float("nan")
        if isinstance(self.edge_threshold_b, bool) or not (np.isfinite(thr) and thr > 0):
            raise ParameterError("edge_threshold_b", self.edge_threshold_b,
                                 "> 0 and finite (billions of parameters)")
        for name, allowed in (("parser", ("author", "extended")),
                              ("edge_rule", ("author", "no_micro", "size_only")),
                              ("unknown", ("not_edge", "drop")),
                              ("moe_rule", ("author", "extended"))):
            if getattr(self, name) not in allowed:
                raise ParameterError(name, getattr(self, name), " | ".join(allowed))
        object.__setattr__(self, "constrained_authors", tuple(self.constrained_authors))
        object.__setattr__(self, "exclude_authors", tuple(self.exclude_authors))

    def replace(self, **kw) -> Rules:
        """A copy with the fields in ``kw`` changed (validated again)."""
        return dataclasses.replace(self, **kw)


# ----------------------------------------------------------------------------- parsing
def _name(model_id: str) -> str:
    return str(model_id).split("/")[-1]


def parse_params(model_id: str) -> float:
    """Parameter count in billions from a repository name, the author's rule.

    The first ``<number>B`` (case-insensitive ``b``) in the name part of ``model_id`` that is not
    followed by a letter or digit. Returns ``nan`` (unknown) when there is none.

    Examples
    --------
    >>> parse_params("Qwen/Qwen2.5-7B-Instruct")
    7.0
    >>> parse_params("mistralai/Mixtral-8x7B-v0.1")   # expert size, as the author parses it
    7.0
    >>> parse_params("bigscience/bloom-1b7")          # unknown under the author's rule
    nan
    """
    m = _SIZE_RE.search(_name(model_id))
    return float(m.group(1)) if m else float("nan")


_EXT_B = re.compile(r"(?<![a-zA-Z0-9.])(\d+(?:\.\d+)?)[bB](?![a-zA-Z0-9])")
_EXT_BLOOM = re.compile(r"(?<![a-zA-Z0-9.])(\d+)[bB](\d)(?![0-9])")
_EXT_M = re.compile(r"(?<![a-zA-Z0-9.])(\d+(?:\.\d+)?)[mM](?![a-zA-Z])")
_EXT_X = re.compile(r"(\d+)x(\d+(?:\.\d+)?)[bB](?![a-zA-Z])")
_EXT_ACTIVE = re.compile(r"-A(\d+(?:\.\d+)?)B(?![a-zA-Z0-9])")
# Published totals of the MoE families whose names give only the expert size (exact counts).
_MOE_TOTALS = {(8, 7.0): 46.7, (8, 22.0): 141.0}


def parse_params_extended(model_id: str) -> tuple[float, float]:
    """Total and active parameter counts (billions) from a name; an extended rule.

    Differences from :func:`parse_params`: ``-A<k>B`` is read as the *active* size
    (``Qwen3-30B-A3B`` -> total 30, active 3); ``<n>x<k>B`` gives the MoE total (Mixtral 8x7B ->
    46.7, 8x22B -> 141 from the published model cards; other ``n x k`` -> ``n*k`` as an upper bound)
    and active ``2*k`` is not guessed (active = nan); ``1b7`` -> 1.7; ``410m`` -> 0.41;
    ``<number>b`` followed by a digit-free suffix as in the author's rule. Unknown -> ``nan``.
    """
    name = _name(model_id)
    active = float("nan")
    m = _EXT_ACTIVE.search(name)
    if m:
        active = float(m.group(1))
        name_wo = name[: m.start()] + name[m.end():]
    else:
        name_wo = name
    m = _EXT_X.search(name_wo)
    if m:
        n, k = int(m.group(1)), float(m.group(2))
        return _MOE_TOTALS.get((n, k), n * k), active
    m = _EXT_B.search(name_wo)
    if m:
        return float(m.group(1)), active
    m = _EXT_BLOOM.search(name_wo)
    if m:
        return float(f"{m.group(1)}.{m.group(2)}"), active
    m = _EXT_M.search(name_wo)
    if m:
        return float(m.group(1)) / 1000.0, active
    return float("nan"), active


def is_moe(model_id: str, tags: Sequence[str] | None = None, rule: str = "author") -> bool:
    """Mixture-of-experts flag: the author's name rule, or ``rule="extended"`` (also
    ``-A<k>B`` and ``<n>x<k>B`` names and a ``moe`` architecture tag)."""
    low = _name(model_id).lower()
    if any(w in low for w in _MOE_WORDS):
        return True
    if rule == "author":
        return False
    if rule != "extended":
        raise ParameterError("rule", rule, "'author' | 'extended'")
    if _EXT_ACTIVE.search(_name(model_id)) or _EXT_X.search(_name(model_id)):
        return True
    return any("moe" in str(t).lower() and ":" not in str(t) for t in (tags or ()))


def is_edge(param_b, model_id, *, threshold_b: float = 7.0, rule: str = "author"):
    """Edge-compatible flag (vectorised over arrays / Series).

    Returns a pandas ``boolean`` array (``<NA>`` = unknown, only with ``rule="size_only"``).
    """
    size = pd.Series(np.asarray(param_b, dtype=float))
    ids = pd.Series(np.atleast_1d(np.asarray(model_id, dtype=object))).astype(str).str.lower()
    by_size = size <= threshold_b
    if rule == "size_only":
        out = by_size.astype("boolean")
        out[size.isna()] = pd.NA
        return out.to_numpy()
    if rule not in ("author", "no_micro"):
        raise ParameterError("rule", rule, "'author' | 'no_micro' | 'size_only'")
    kws = EDGE_KEYWORDS if rule == "author" else EDGE_KEYWORDS_NO_MICRO
    kw = ids.str.contains("|".join(re.escape(k) for k in kws), regex=True)
    return (by_size | kw).astype("boolean").to_numpy()
