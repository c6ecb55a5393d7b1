"""Wright's-law learning curve and the crossing threshold it implies.

The learning curve (seed 000 eq. (1) §2 and §3.7; seed 001 §2 and §3.8) is

    c(Q) = c0 * Q**(-alpha),

with ``Q`` cumulative output and ``alpha`` the learning elasticity. Calibrating the curve through
the current point ``(Q_now, c_now)`` (``c0 = c_now * Q_now**alpha``), the cumulative output at
which cost reaches a target ``c*`` is

    Q̄ = Q_now * (c_now / c*)**(1/alpha)                                     (seed 000 §3.7)

and, if cumulative output grows at a constant rate ``g`` per year, the years until the
threshold are

    T = ln(Q̄ / Q_now) / ln(1 + g) = ln(c_now / c*) / (alpha * ln(1 + g)).

The latter is how the author computed the later version's Table 2 (seed 001 §3.8, "crossing
time vs alpha"): the author's ``alpha_sensitivity_analysis.csv`` has
``doublings_to_threshold = log2(12)/alpha``, ``cumulative_eb_needed = 3200 * 12**(1/alpha)`` and
``t_star_years = log(cumulative_eb_needed / 3200) / log(1.25)``, i.e. a cost reduction factor
of 12 from 3,200 EB (DRAM cumulative output through 2024) with 25%/yr growth of cumulative output.

All functions are vectorised (NumPy broadcasting) and raise :class:`~endodec.errors.ParameterError`
for invalid inputs and :class:`~endodec.errors.DomainError` when the target is never reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from endodec._validate import in_range
from endodec.errors import DomainError, ParameterError
from endodec.results import ResultBase

__all__ = [
    "wright_cost",
    "calibrate_c0",
    "threshold_Q",
    "years_to_threshold",
    "crossing_time_vs_alpha",
    "alpha_sensitivity_table",
    "TABLE2_ALPHAS",
    "ThresholdTable",
    "AlphaSensitivity",
]

#: alphas of seed 001 Table 2 (values only; labels are the paper's row names)
TABLE2_ALPHAS = {
    0.12: "Goldberg et al. [12] w/ spillovers",
    0.15: "Conservative lower bound",
    0.20: "Irwin & Klenow [15] canonical IV",
    0.23: "HBM packaging curve (baseline)",
    0.25: "Upper Irwin & Klenow range",
    0.32: "Irwin & Klenow OLS (likely biased up)",
}


def _pos(name, v, allowed="> 0"):
    return in_range(name, v, lo=0.0, lo_open=True, allowed=allowed,
                    type_allowed=f"a number {allowed}")


def _finite_out(quantity: str, v):
    """Return ``v``; :class:`NumericalError` if any element over/underflowed to inf/NaN."""
    if not np.all(np.isfinite(v)):
        from endodec.errors import NumericalError

        raise NumericalError(quantity, "the result overflows float64 for these inputs")
    return v


def wright_cost(Q, c0, alpha):
    """Unit cost ``c(Q) = c0 * Q**-alpha`` (seed 000 eq. (1)).

    Parameters
    ----------
    Q : array_like
        Cumulative output (> 0).
    c0 : array_like
        Cost at unit cumulative output (> 0).
    alpha : array_like
        Learning elasticity (> 0).
    """
    Q, c0, alpha = _pos("Q", Q), _pos("c0", c0), _pos("alpha", alpha)
    with np.errstate(over="ignore"):
        return _finite_out("c(Q)", c0 * Q ** (-alpha))


def calibrate_c0(c_now, Q_now, alpha):
    """``c0 = c_now * Q_now**alpha``: the curve through the current point."""
    c_now, Q_now, alpha = _pos("c_now", c_now), _pos("Q_now", Q_now), _pos("alpha", alpha)
    with np.errstate(over="ignore"):
        return _finite_out("c0", c_now * Q_now ** alpha)


def threshold_Q(c_now, Q_now, c_target, alpha):
    """Cumulative output at which cost falls to ``c_target``: ``Q_now*(c_now/c_target)**(1/alpha)``.

    Implements the crossing threshold of seed 000 §3.7 (``$12/GB`` now, ~2.5 EB cumulative,
    ``$5-7/GB`` target, alpha = 0.23 -> Q̄ ≈ 26-112 EB).

    Raises
    ------
    DomainError
        If ``c_target >= c_now`` (the threshold is already passed: no future crossing).
    """
    c_now, Q_now = _pos("c_now", c_now), _pos("Q_now", Q_now)
    c_target, alpha = _pos("c_target", c_target), _pos("alpha", alpha)
    if np.any(c_target >= c_now):
        raise DomainError(f"target cost c_target={np.asarray(c_target).ravel()[0]!r} is not below "
                          f"the current cost c_now={np.asarray(c_now).ravel()[0]!r}: no crossing ahead")
    with np.errstate(over="ignore"):
        return _finite_out("Q_bar", Q_now * (c_now / c_target) ** (1.0 / alpha))


def years_to_threshold(Q_bar, Q_now, growth):
    """Years until cumulative output growing at rate ``growth``/yr reaches ``Q_bar``:
    ``ln(Q_bar/Q_now) / ln(1 + growth)``."""
    Q_bar, Q_now = _pos("Q_bar", Q_bar), _pos("Q_now", Q_now)
    g = _pos("growth", growth, "> 0 (annual growth rate of cumulative output)")
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return _finite_out("years to threshold", np.log(Q_bar / Q_now) / np.log1p(g))


def crossing_time_vs_alpha(alpha, *, cost_ratio=12.0, growth=0.25):
    """Hardware-only crossing time ``ln(cost_ratio) / (alpha ln(1+growth))`` (seed 001 Table 2).

    Defaults are the author's (``alpha_sensitivity_analysis.csv``): a cost reduction factor of 12
    and 25%/yr growth of cumulative output. The time does not depend on ``Q_now``.
    """
    alpha = _pos("alpha", alpha)
    r = _pos("cost_ratio", cost_ratio, "> 1 (current cost / target cost)")
    if np.any(r <= 1):
        raise ParameterError("cost_ratio", float(np.min(r)), "> 1 (current cost / target cost)")
    g = _pos("growth", growth)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        return _finite_out("T*", np.log(r) / (alpha * np.log1p(g)))


def alpha_sensitivity_table(alphas=None, *, cost_ratio=12.0, Q_now=3200.0, growth=0.25,
                            base_year=2024) -> pd.DataFrame:
    """Seed 001 Table 2: crossing time T* across learning elasticities.

    Parameters
    ----------
    alphas : sequence of float, optional
        Defaults to the paper's Table 2 rows (0.12, 0.15, 0.20, 0.23, 0.25, 0.32).
    cost_ratio, Q_now, growth : float
        Current/target cost, cumulative output now (EB) and its growth rate (author: 12, 3200,
        0.25).
    base_year : int
        Year of ``Q_now`` (T* is counted from it).

    Returns
    -------
    DataFrame
        ``alpha, label, learning_rate_pct, doublings_to_threshold, cumulative_eb_needed,
        t_star_years, calendar_year`` (unrounded; the paper rounds T* to whole years).
    """
    if alphas is None:
        alphas = list(TABLE2_ALPHAS)
    a = _pos("alpha", alphas)
    a = np.atleast_1d(a)
    if a.ndim != 1:
        raise ParameterError("alphas", a.shape, "a 1-d sequence of learning elasticities")
    if not (isinstance(base_year, (int, float, np.integer, np.floating))
            and np.isfinite(base_year)) or isinstance(base_year, bool):
        raise ParameterError("base_year", base_year, "a finite year")
    t = crossing_time_vs_alpha(a, cost_ratio=cost_ratio, growth=growth)
    return pd.DataFrame({
        "alpha": a,
        "label": [TABLE2_ALPHAS.get(round(float(x), 4), "") for x in a],
        "learning_rate_pct": 100 * (1 - 2.0 ** (-a)),
        "doublings_to_threshold": np.log2(cost_ratio) / a,
        "cumulative_eb_needed": threshold_Q(cost_ratio, Q_now, 1.0, a),
        "t_star_years": t,
        "calendar_year": base_year + t,
    })


@dataclass(repr=False)
class ThresholdTable(ResultBase):
    """Crossing thresholds :math:`\\bar Q` for one or more target costs
    (``endodec learning threshold``).

    Attributes
    ----------
    c_now, Q_now, alpha : float
        Current cost ($/GB), cumulative production (EB) and learning elasticity.
    c_target, Q_bar : ndarray
        Target costs and their thresholds :func:`threshold_Q`.
    """

    c_now: float
    Q_now: float
    alpha: float
    c_target: np.ndarray
    Q_bar: np.ndarray

    _summary_title = "Crossing threshold Q_bar (seed 000 §3.7)"

    def _dict_fields(self) -> dict[str, Any]:
        return {**super()._dict_fields(), "multiple_of_current": self.Q_bar / self.Q_now}

    def _summary_text(self) -> str:
        return "\n".join(f"c* = {t:g} $/GB: Q̄ = {q:.2f} EB ({q / self.Q_now:.1f}x current)"
                         for t, q in zip(self.c_target, self.Q_bar, strict=True))


@dataclass(repr=False)
class AlphaSensitivity(ResultBase):
    """Seed 001 Table 2 (:func:`alpha_sensitivity_table`) with its inputs
    (``endodec learning table2``).

    Attributes
    ----------
    table : DataFrame
        The rows of :func:`alpha_sensitivity_table`.
    cost_ratio, Q_now, growth : float
        Its inputs.
    """

    table: pd.DataFrame
    cost_ratio: float
    Q_now: float
    growth: float

    _summary_title = "Crossing time vs alpha (seed 001 Table 2)"

    def _frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _summary_tables(self) -> list:
        return [("", self.table)]

    def _summary_text(self) -> str:
        return self.table.to_string(index=False, float_format=lambda v: f"{v:.4g}")
