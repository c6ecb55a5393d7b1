r"""Input cannibalization (seed 001 §3.7 Proposition 2, §5.5 Remark 4).

Centralized (HBM) and distributed (consumer) paradigms share a rivalrous input of capacity
:math:`K`; the centralized paradigm uses :math:`\theta > 1` units per unit of output.

- Residual consumer capacity :math:`K_C = K - \theta D_H(N)` (Proposition 2).
- Two-dimensional crossing, eq. (8): :math:`\bar Q^{**} = \bar Q^*(\kappa(K_C))\cdot
  \mathbf 1\{K_C \ge K_{\min}\}`, where :math:`\bar Q^*(\kappa)` is eq. (18) of §3.10.4 and
  :math:`\kappa(K_C)` decreases in :math:`K_C`. **Reading:** the text says that when
  :math:`K_C < K_{\min}` "the threshold is unreachable regardless of learning-curve progress", but
  the printed product with the indicator gives :math:`\bar Q^{**} = 0` there (crossing trivially
  *reached*). The default here is the stated meaning, :math:`\bar Q^{**} = +\infty` when
  :math:`K_C < K_{\min}`; ``literal=True`` gives the printed formula.
- Decomposition of the crossing distance, eq. (9): with :math:`x = \bar Q^{**} - Q`,
  :math:`\dot x = \underbrace{(d\bar Q^{**}/dK_C)\,\dot K_C}_{\text{supply denial}}
  - \underbrace{\textstyle\sum_i q_i}_{\text{learning}}`, valid where :math:`K_C \ne K_{\min}`
  (at :math:`K_C = K_{\min}` the indicator jumps).
- Supply-denial duration, eq. (10): :math:`\Delta_{IC} = \inf\{t \ge 0 : K(t) \ge
  \theta D_H(t) + K_{\min}\}`.
- Remark 4: option-value demand :math:`M_{\rm eff} = M + p\,V_{ASI}`.

Corollary 5 (§8.1, eq. 22), the capability continuum, is :mod:`endodec.model.continuum`.

Coordination friction as a function of consumer capacity is the user's choice; the default
:math:`\kappa(K_C) = \kappa_{lo} + (\kappa_{hi} - \kappa_{lo})\,e^{-\max(K_C,0)/K_{scale}}` is
decreasing and bounded. :math:`\bar Q^*(\kappa)` follows eq. (18),
:math:`\bar Q^* = \bar Q\,(1 - (\kappa+\mu)/(\beta_0\gamma c^*) + \lambda/(\beta_0 c^*))^{-1/\alpha}`,
which exists only while the bracket is positive (otherwise :math:`R_0 < 1` at every ``Q`` and
the threshold is unreachable: ``inf``).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from endodec._validate import as_array
from endodec.errors import DomainError, ParameterError
from endodec.results import ResultBase

__all__ = [
    "CannibalizationParams",
    "residual_capacity",
    "threshold_2d",
    "crossing_2d",
    "Crossing2D",
    "dx_decomposition",
    "DxDecomposition",
    "supply_denial_duration",
    "SupplyDenial",
    "effective_demand",
]

Path = Callable[[np.ndarray], np.ndarray] | np.ndarray | float


@dataclass(frozen=True)
class CannibalizationParams:
    r"""Parameters of Proposition 2 (seed 001 §3.7) and of the threshold eq. (18) (§3.10.4).

    Parameters
    ----------
    theta : float
        Input multiplier :math:`\theta > 1` (HBM uses 3-4x the wafer capacity of standard DRAM
        per GB, seed 001 §3.7).
    K_min : float
        Minimum consumer capacity for viable consumer production, ``>= 0``.
    Qbar : float
        Cost-parity threshold :math:`\bar Q` (> 0).
    alpha : float
        Learning elasticity (> 0).
    beta0, gamma, c_star : float
        Adoption-rate slope, network multiplier, centralized cost benchmark of eq. (13)/(18).
    mu, lam : float
        Churn :math:`\mu \ge 0` and latency advantage :math:`\lambda \ge 0`.
    kappa_lo, kappa_hi, K_scale : float
        Default friction map :math:`\kappa(K_C)` (module docstring): friction when consumer
        capacity is plentiful / exhausted, and the capacity scale of the transition.
    kappa_fn : callable, optional
        Custom :math:`\kappa(K_C)` (vectorized, decreasing); replaces the default map.
    """

    theta: float = 3.5
    K_min: float = 0.0
    Qbar: float = 1.0
    alpha: float = 0.23
    beta0: float = 1.0
    gamma: float = 1.0
    c_star: float = 1.0
    mu: float = 0.1
    lam: float = 0.05
    kappa_lo: float = 0.1
    kappa_hi: float = 0.5
    K_scale: float = 1.0
    kappa_fn: Callable[[np.ndarray], np.ndarray] | None = field(default=None, compare=False)

    def __post_init__(self):
        checks = {
            "theta": (lambda v: v > 1, "> 1 (Proposition 2)"),
            "K_min": (lambda v: v >= 0, ">= 0"),
            "Qbar": (lambda v: v > 0, "> 0"),
            "alpha": (lambda v: v > 0, "> 0"),
            "beta0": (lambda v: v > 0, "> 0"),
            "gamma": (lambda v: v > 0, "> 0"),
            "c_star": (lambda v: v > 0, "> 0"),
            "mu": (lambda v: v >= 0, ">= 0"),
            "lam": (lambda v: v >= 0, ">= 0"),
            "kappa_lo": (lambda v: v >= 0, ">= 0"),
            "K_scale": (lambda v: v > 0, "> 0"),
        }
        for name, (ok, allowed) in checks.items():
            v = getattr(self, name)
            if not (np.isfinite(v) and ok(v)):
                raise ParameterError(name, v, allowed)
        if not (np.isfinite(self.kappa_hi) and self.kappa_hi >= self.kappa_lo):
            raise ParameterError("kappa_hi", self.kappa_hi, f">= kappa_lo = {self.kappa_lo}")
        if not self.kappa_lo + self.mu > 0:
            raise ParameterError("kappa_lo + mu", self.kappa_lo + self.mu,
                                 "> 0 (otherwise R0 is infinite)")

    def replace(self, **kw) -> CannibalizationParams:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d.update(kw)
        return CannibalizationParams(**d)

    # --- friction and threshold ----------------------------------------------------------
    def kappa(self, K_C) -> np.ndarray:
        """Coordination friction :math:`\\kappa(K_C)` (decreasing in consumer capacity)."""
        K_C = np.asarray(K_C, float)
        if self.kappa_fn is not None:
            return np.asarray(self.kappa_fn(K_C), float)
        return self.kappa_lo + (self.kappa_hi - self.kappa_lo) * np.exp(
            -np.maximum(K_C, 0.0) / self.K_scale)

    def dkappa_dKC(self, K_C) -> np.ndarray:
        """Derivative of :meth:`kappa` (analytic for the default map; central difference else)."""
        K_C = np.asarray(K_C, float)
        if self.kappa_fn is not None:
            h = 1e-6 * np.maximum(1.0, np.abs(K_C))
            return (self.kappa(K_C + h) - self.kappa(K_C - h)) / (2 * h)
        return np.where(K_C > 0, -(self.kappa_hi - self.kappa_lo) / self.K_scale
                        * np.exp(-np.maximum(K_C, 0.0) / self.K_scale), 0.0)

    def bracket(self, kappa) -> np.ndarray:
        """The parenthesis of eq. (18); the threshold exists iff it is positive."""
        k = np.asarray(kappa, float)
        bc = self.beta0 * self.c_star
        return 1.0 - (k + self.mu) / (bc * self.gamma) + self.lam / bc

    def qbar_star(self, kappa) -> np.ndarray:
        """Self-sustaining adoption threshold :math:`\\bar Q^*(\\kappa)`, eq. (18) of seed 001
        (``inf`` where the bracket is not positive: :math:`R_0 < 1` at every Q).

        Delegates to :func:`endodec.model.adoption.threshold_Q_star` (linear adoption rate, no
        positive part), the one implementation of eq. (18); ``kappa`` may be an array.
        """
        from endodec.model.adoption import AdoptionParams, threshold_Q_star

        ap = AdoptionParams(gamma=self.gamma, kappa=np.asarray(kappa, float), mu=self.mu,
                            lam=self.lam, beta0=self.beta0, c_star=self.c_star, alpha=self.alpha,
                            Q_bar=self.Qbar, spec="linear", clip=False)
        return np.asarray(threshold_Q_star(ap).formula_Q_star, float)

    def dqbar_star_dkappa(self, kappa) -> np.ndarray:
        """:math:`\\partial\\bar Q^*/\\partial\\kappa > 0` (monotonicity in κ, §3.10.4)."""
        B = self.bracket(kappa)
        Bs = np.where(B > 0, B, 1.0)
        d = self.Qbar / self.alpha * Bs ** (-1.0 / self.alpha - 1.0) / (
            self.beta0 * self.gamma * self.c_star)
        return np.where(B > 0, d, np.inf)


def _float(v) -> float:
    """``float(v)``, with ``+-inf`` for a Python int beyond float64 (instead of OverflowError)."""
    try:
        return float(v)
    except OverflowError:
        return math.inf if v > 0 else -math.inf


def _num(name: str, v) -> np.ndarray:
    """``v`` as a float array, or :class:`ParameterError` naming ``name`` (wrong type)."""
    return as_array(name, v)


def _pos_theta(theta):
    try:
        t = np.asarray(theta, float)
    except (TypeError, ValueError):
        raise ParameterError("theta", theta, "a number > 0") from None
    if np.any(~np.isfinite(t) | (t <= 0)):
        raise ParameterError("theta", theta, "> 0 (the paper assumes > 1)")
    return t


def residual_capacity(K, D_H, theta) -> np.ndarray:
    r"""Residual consumer capacity :math:`K_C = K - \theta D_H(N)` (seed 001 §3.7, Proposition 2).

    Broadcasts over arrays. Negative values mean centralized demand alone exceeds capacity.
    """
    K, D = _num("K", K), _num("D_H", D_H)
    if np.any(~np.isfinite(K)) or np.any(K < 0):
        raise ParameterError("K", K, ">= 0 and finite")
    if np.any(~np.isfinite(D)) or np.any(D < 0):
        raise ParameterError("D_H", D_H, ">= 0 and finite")
    return K - _pos_theta(theta) * D


def threshold_2d(K_C, params: CannibalizationParams | None = None, literal: bool = False):
    r"""Effective two-dimensional threshold :math:`\bar Q^{**}(K_C)`, eq. (8) of seed 001.

    Parameters
    ----------
    K_C : array_like
        Residual consumer capacity.
    params : CannibalizationParams
    literal : bool
        False (default): ``inf`` where :math:`K_C < K_{\min}` (the text's meaning, "unreachable").
        True: the printed product :math:`\bar Q^*\cdot\mathbf 1\{K_C \ge K_{\min}\}`, i.e. 0 there.
    """
    c = params or CannibalizationParams()
    K_C = _num("K_C", K_C)
    q = c.qbar_star(c.kappa(K_C))
    ok = K_C >= c.K_min
    return np.where(ok, q, 0.0 if literal else np.inf)


def _as_path(v, t: np.ndarray, name: str) -> np.ndarray:
    """Evaluate a path given as callable of t, array on the grid t, or a constant."""
    try:
        if callable(v):
            out = np.asarray(v(t), float)
            if out.shape != t.shape:
                out = np.array([float(v(tt)) for tt in t])
        else:
            out = np.broadcast_to(np.asarray(v, float), t.shape).astype(float)
    except (TypeError, ValueError) as e:
        raise ParameterError(name, "path", "numbers on the time grid (a callable of t, an "
                             "array on the grid or a constant)", str(e)) from None
    if not np.all(np.isfinite(out)):
        raise ParameterError(name, "path", "finite values on the time grid")
    return out


def _grid(t) -> np.ndarray:
    t = _num("t", t)
    if t.ndim != 1 or t.size < 2 or np.any(np.diff(t) <= 0) or not np.all(np.isfinite(t)):
        raise ParameterError("t", "grid", "an increasing finite 1-d time grid (>= 2 points)")
    return t


def _first_time(t, cond, f=None):
    """First grid time where ``cond`` holds; refined by linear interpolation of ``f`` (f >= 0
    equivalent to cond) between the last failing and the first passing point."""
    idx = np.flatnonzero(cond)
    if idx.size == 0:
        return None
    i = int(idx[0])
    if i == 0 or f is None:
        return float(t[i])
    f0, f1 = f[i - 1], f[i]
    if not (np.isfinite(f0) and np.isfinite(f1)) or f1 == f0:
        return float(t[i])
    return float(t[i - 1] + (t[i] - t[i - 1]) * (0.0 - f0) / (f1 - f0))


@dataclass(frozen=True, repr=False)
class Crossing2D(ResultBase):
    """Result of :func:`crossing_2d` (two-dimensional crossing, eq. 8).

    ``T_cost``: first time cumulative production reaches :math:`\\bar Q^*(\\kappa(K_C))` (the
    learning-curve dimension alone); ``T_supply_restored``: first grid time at or
    after ``T_cost`` with :math:`K_C \\ge K_{\\min}`; ``T_2d``: first time both hold (eq. 8). ``None``
    means "not within the horizon".
    """

    t: np.ndarray
    Q: np.ndarray
    K_C: np.ndarray
    qbar_star: np.ndarray
    qbar_2d: np.ndarray
    cost_ok: np.ndarray
    supply_ok: np.ndarray
    T_cost: float | None
    T_2d: float | None
    T_supply_restored: float | None
    denied_at_cost_parity: bool
    params: CannibalizationParams = field(repr=False)

    @property
    def delay(self) -> float | None:
        """Extra time the supply dimension adds: ``T_2d - T_cost`` (None if either is never)."""
        if self.T_2d is None or self.T_cost is None:
            return None
        return self.T_2d - self.T_cost

    _dict_exclude = ("params",)

    def _dict_fields(self) -> dict[str, Any]:
        return {**super()._dict_fields(), "delay": self.delay,
                "params": {k: v for k, v in vars(self.params).items() if k != "kappa_fn"}}

    def _frame(self):
        import pandas as pd

        return pd.DataFrame({"t": self.t, "Q": self.Q, "K_C": self.K_C,
                             "qbar_star": self.qbar_star, "qbar_2d": self.qbar_2d,
                             "cost_ok": self.cost_ok, "supply_ok": self.supply_ok})

    def _summary_text(self) -> str:
        def f(v):
            return "never (within horizon)" if v is None else f"{v:.6g}"

        return "\n".join([
            "Two-dimensional crossing (seed 001 eq. 8)",
            f"  theta={self.params.theta}  K_min={self.params.K_min}  horizon "
            f"[{self.t[0]:.6g}, {self.t[-1]:.6g}]",
            f"  cost dimension reached (Q >= Qbar*(kappa(K_C)))  T_cost = {f(self.T_cost)}",
            f"  both dimensions (eq. 8)                           T_2d   = {f(self.T_2d)}",
            f"  supply denied when cost parity is reached: {self.denied_at_cost_parity}",
            f"  delay from the supply dimension: {f(self.delay)}",
        ])

    def __str__(self) -> str:
        return str(self.summary())


def crossing_2d(t, Q: Path, K: Path, D_H: Path,
                params: CannibalizationParams | None = None) -> Crossing2D:
    r"""Two-dimensional crossing along given paths (seed 001 §3.7, Proposition 2(i), eq. 8).

    Parameters
    ----------
    t : array_like
        Increasing time grid.
    Q, K, D_H : callable or array
        Cumulative production :math:`Q(t)`, input capacity :math:`K(t)` and centralized input
        demand :math:`D_H(t)` (callables of ``t``, arrays on ``t`` or constants).
    params : CannibalizationParams

    Returns
    -------
    Crossing2D
        Crossing times on each dimension; ``None`` when a condition is never met on the grid.
    """
    c = params or CannibalizationParams()
    t = _grid(t)
    Qv, Kv, Dv = _as_path(Q, t, "Q"), _as_path(K, t, "K"), _as_path(D_H, t, "D_H")
    K_C = residual_capacity(Kv, Dv, c.theta)
    qs = c.qbar_star(c.kappa(K_C))
    q2 = threshold_2d(K_C, c)
    cost_ok = Qv >= qs
    supply_ok = K_C >= c.K_min
    both = cost_ok & supply_ok
    gap_cost = np.where(np.isfinite(qs), Qv - qs, -np.inf)
    T_cost = _first_time(t, cost_ok, gap_cost)
    # the 2-d event happens when the later of the two conditions switches on
    T_2d = None
    idx = np.flatnonzero(both)
    if idx.size:
        i = int(idx[0])
        if i == 0:
            T_2d = float(t[0])
        else:  # the later of the conditions that switched on in (t[i-1], t[i]]
            sl = slice(i - 1, i + 1)
            cands = []
            if not supply_ok[i - 1]:
                cands.append(_first_time(t[sl], supply_ok[sl], (K_C - c.K_min)[sl]))
            if not cost_ok[i - 1]:
                cands.append(_first_time(t[sl], cost_ok[sl], gap_cost[sl]))
            T_2d = max(cands) if cands else float(t[i])
    T_sup = None
    if T_cost is not None:
        after = t >= T_cost
        sub = np.flatnonzero(after & supply_ok)
        T_sup = float(t[sub[0]]) if sub.size else None
    denied = bool(T_cost is not None and not supply_ok[np.searchsorted(t, T_cost, side="left")
                                                     .clip(0, t.size - 1)])
    return Crossing2D(t, Qv, K_C, qs, q2, cost_ok, supply_ok, T_cost, T_2d, T_sup, denied, c)


@dataclass(frozen=True, repr=False)
class DxDecomposition(ResultBase):
    """Result of :func:`dx_decomposition` (eq. 9 of seed 001).

    Attributes
    ----------
    supply_denial : ndarray
        :math:`(d\\bar Q^{**}/dK_C)\\,\\dot K_C` (anti-crossing when > 0).
    learning : ndarray
        :math:`-\\sum_i q_i` (pro-crossing, <= 0).
    dx_dt : ndarray
        Their sum.
    denied : ndarray of bool
        :math:`K_C < K_{\\min}`: the threshold is unreachable there (eq. 8); the channels are
        those of the smooth part :math:`\\bar Q^*(\\kappa(K_C))`.
    """

    t: np.ndarray
    K_C: np.ndarray
    dKC_dt: np.ndarray
    dQss_dKC: np.ndarray
    supply_denial: np.ndarray
    learning: np.ndarray
    dx_dt: np.ndarray
    denied: np.ndarray
    params: CannibalizationParams = field(repr=False)

    @property
    def anti_dominates(self) -> np.ndarray:
        """Times where the supply-denial channel outweighs learning (dx/dt > 0: moving away)."""
        return self.supply_denial > -self.learning

    _dict_exclude = ("params",)

    def _scalars(self) -> dict[str, Any]:
        return {"points": int(self.t.size), "anti_dominates_share": float(
            np.mean(self.anti_dominates)), "denied_share": float(np.mean(self.denied))}

    def _frame(self):
        import pandas as pd

        return pd.DataFrame({k: getattr(self, k) for k in ("t", "K_C", "dKC_dt", "dQss_dKC",
                                                           "supply_denial", "learning", "dx_dt",
                                                           "denied")})

    def _summary_text(self) -> str:
        ad = self.anti_dominates
        share = float(np.mean(ad))
        first_pro = np.flatnonzero(~ad)
        return "\n".join([
            "Crossing-distance decomposition (seed 001 eq. 9)",
            f"  horizon [{self.t[0]:.6g}, {self.t[-1]:.6g}], {self.t.size} points",
            f"  supply-denial channel: max {self.supply_denial.max():.6g}, "
            f"min {self.supply_denial.min():.6g}",
            f"  learning channel:      max {self.learning.max():.6g}, min {self.learning.min():.6g}",
            f"  anti-crossing channel dominates on {100 * share:.3g}% of the grid"
            + (f"; learning dominates from t={self.t[first_pro[0]]:.6g}" if first_pro.size else ""),
            f"  K_C < K_min on {100 * float(np.mean(self.denied)):.3g}% of the grid",
        ])

    def __str__(self) -> str:
        return str(self.summary())


def _deriv(v, t, path_values):
    """Time derivative of a path: central difference for callables, np.gradient for arrays."""
    if callable(v):
        h = 1e-6 * max(1.0, float(np.max(np.abs(t))))
        return (_as_path(v, t + h, "path") - _as_path(v, t - h, "path")) / (2 * h)
    if np.ndim(v) == 0:
        return np.zeros_like(t)
    return np.gradient(path_values, t, edge_order=2)


def dx_decomposition(t, K: Path, D_H: Path, q_total: Path,
                     params: CannibalizationParams | None = None) -> DxDecomposition:
    r"""Decompose :math:`dx/dt` into supply-denial and learning channels (seed 001 eq. 9).

    Parameters
    ----------
    t : array_like
        Increasing time grid.
    K, D_H : callable or array
        Input capacity and centralized input demand paths.
    q_total : callable or array
        Aggregate centralized output rate :math:`\sum_i q_i(t)` (e.g. from the game).
    params : CannibalizationParams

    Returns
    -------
    DxDecomposition

    Raises
    ------
    DomainError
        If :math:`\bar Q^*(\kappa(K_C))` does not exist somewhere on the path (eq. 18 bracket
        <= 0): the crossing distance is infinite and has no derivative.
    """
    c = params or CannibalizationParams()
    t = _grid(t)
    Kv, Dv, qv = _as_path(K, t, "K"), _as_path(D_H, t, "D_H"), _as_path(q_total, t, "q_total")
    if np.any(qv < 0):
        raise ParameterError("q_total", "path", ">= 0 (output rates)")
    K_C = residual_capacity(Kv, Dv, c.theta)
    kap = c.kappa(K_C)
    bad = c.bracket(kap) <= 0
    if np.any(bad):
        raise DomainError(
            f"Qbar*(kappa(K_C)) does not exist at t={t[bad][0]:.6g} (K_C={K_C[bad][0]:.6g}, "
            f"kappa={kap[bad][0]:.6g}): R0 < 1 for every Q, so x is infinite there; lower "
            "kappa_hi or raise beta0*gamma*c_star")
    dKC = _deriv(K, t, Kv) - c.theta * _deriv(D_H, t, Dv)
    dQ = c.dqbar_star_dkappa(kap) * c.dkappa_dKC(K_C)
    sd = dQ * dKC
    learn = -qv
    return DxDecomposition(t, K_C, dKC, dQ, sd, learn, sd + learn, K_C < c.K_min, c)


@dataclass(frozen=True, repr=False)
class SupplyDenial(ResultBase):
    """Result of :func:`supply_denial_duration` (eq. 10 of seed 001).

    ``Delta_IC`` is None when supply is not restored on the horizon ("never" within it).
    ``rate_condition_at_restoration`` reports :math:`dK/dt > \\theta\\,dD_H/dt` at that time.
    """

    Delta_IC: float | None
    denied_now: bool
    rate_condition_at_restoration: bool | None
    t: np.ndarray
    gap: np.ndarray  # K - theta D_H - K_min
    theta: float
    K_min: float
    onset: float | None = None

    @property
    def never(self) -> bool:
        return self.Delta_IC is None

    def _frame(self):
        import pandas as pd

        return pd.DataFrame({"t": self.t, "gap": self.gap})

    def _summary_text(self) -> str:
        d = ("never within the horizon" if self.Delta_IC is None else f"{self.Delta_IC:.6g}")
        return "\n".join([
            "Supply-denial duration (seed 001 eq. 10)",
            f"  theta={self.theta}  K_min={self.K_min}  horizon [{self.t[0]:.6g}, {self.t[-1]:.6g}]",
            f"  denied at t0: {self.denied_now}",
            f"  Delta_IC = {d}",
            f"  dK/dt > theta dD_H/dt at restoration: {self.rate_condition_at_restoration}",
        ])

    def __str__(self) -> str:
        return str(self.summary())


def supply_denial_duration(K: Path, D_H: Path, theta: float, K_min: float = 0.0,
                           t=None, t_max: float = 50.0, n: int = 2001,
                           from_onset: bool = False, M_eff: Path | None = None) -> SupplyDenial:
    r"""Supply-denial duration :math:`\Delta_{IC} = \inf\{t \ge 0: K(t) \ge \theta D_H(t) + K_{\min}\}`.

    Implements eq. (10), seed 001 §3.7 Proposition 2(iii). For callables the first sign change of
    the gap on the grid is refined by ``scipy.optimize.brentq``; for arrays by linear
    interpolation.

    Parameters
    ----------
    K, D_H : callable or array
        Capacity and centralized demand paths (``D_H`` may embed :math:`M_{\rm eff}(t)`).
    theta, K_min : float
    t : array_like, optional
        Time grid (required when K or D_H are arrays); default ``linspace(0, t_max, n)``.
    from_onset : bool
        Measure from the first time supply is denied on the grid (the onset of the boom) instead
        of from ``t[0]``; ``onset`` in the result. If supply is never denied, ``Delta_IC = 0``.
    M_eff : callable or array, optional
        Path of the effective prize :math:`M_{\rm eff}(t)` (Remark 4). When given, ``D_H`` is
        the demand *function* :math:`D_H(M_{\rm eff})` (vectorized callable), as in eq. (10)
        :math:`\theta D_H(N, M_{\rm eff}(t))`.

    Returns
    -------
    SupplyDenial
    """
    from scipy.optimize import brentq

    th = _pos_theta(theta)
    if th.ndim:
        raise ParameterError("theta", theta, "a scalar > 0")
    th = float(th)
    try:
        K_min = float(K_min)
    except (TypeError, ValueError):
        raise ParameterError("K_min", K_min, "a number >= 0") from None
    if not (np.isfinite(K_min) and K_min >= 0):
        raise ParameterError("K_min", K_min, ">= 0 and finite")
    if M_eff is not None:
        if not callable(D_H):
            raise ParameterError("D_H", "array", "a callable D_H(M_eff) when M_eff is given")
        demand_of_M = D_H
        if callable(M_eff):
            def D_H(s):  # noqa: N802 - the paper's name
                return np.asarray(demand_of_M(_as_path(M_eff, np.atleast_1d(s), "M_eff")), float)
        else:
            if t is None:
                raise ParameterError("t", None, "given when M_eff is an array")
            D_H = np.asarray(demand_of_M(_as_path(M_eff, _grid(t), "M_eff")), float)
    if t is None:
        if not (callable(K) or np.ndim(K) == 0) or not (callable(D_H) or np.ndim(D_H) == 0):
            raise ParameterError("t", None, "given when K or D_H are arrays")
        from endodec._limits import check_size

        if isinstance(t_max, bool) or not isinstance(t_max, (int, float, np.integer, np.floating)) \
                or not (_float(t_max) < math.inf and t_max > 0):
            raise ParameterError("t_max", t_max, "> 0 and finite (horizon)")
        if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
            raise ParameterError("n", n, "an integer >= 2 (grid points)")
        check_size(f"a time grid of {n:,} points", 64.0 * _float(n),
                   "use a shorter horizon or fewer points")
        t = np.linspace(0.0, float(t_max), n)
    t = _grid(t)
    Kv, Dv = _as_path(K, t, "K"), _as_path(D_H, t, "D_H")
    gap = Kv - th * Dv - K_min
    onset = float(t[0])
    if from_onset:
        den = np.flatnonzero(gap < 0)
        if den.size == 0:
            return SupplyDenial(0.0, False, None, t, gap, th, float(K_min), None)
        j0 = int(den[0])
        onset = float(t[j0]) if j0 == 0 else _first_time(t[j0 - 1:j0 + 1], [False, True],
                                                         -gap[j0 - 1:j0 + 1])
        t, Kv, Dv, gap = t[j0:], Kv[j0:], Dv[j0:], gap[j0:]
        if not callable(K) and np.ndim(K):
            K = Kv
        if not callable(D_H) and np.ndim(D_H):
            D_H = Dv
    ok = gap >= 0
    idx = np.flatnonzero(ok)
    if idx.size == 0:
        return SupplyDenial(None, True, None, t, gap, th, float(K_min), onset)
    i = int(idx[0])
    if i == 0:
        T = float(t[0])
    elif callable(K) or callable(D_H):
        def g(s):
            s = np.array([s])
            return float(_as_path(K, s, "K")[0] - th * _as_path(D_H, s, "D_H")[0] - K_min)

        T = float(brentq(g, t[i - 1], t[i], xtol=1e-12, rtol=1e-12))
    else:
        T = _first_time(t, ok, gap)
    # rate condition at restoration
    dK = _deriv(K, np.array([T]) if callable(K) else t, Kv)
    dD = _deriv(D_H, np.array([T]) if callable(D_H) else t, Dv)
    j = min(i, t.size - 1)
    dKv = float(dK[0] if np.size(dK) == 1 else dK[j])
    dDv = float(dD[0] if np.size(dD) == 1 else dD[j])
    rate = None if i == 0 else bool(dKv > th * dDv)
    return SupplyDenial(T - onset, bool(not ok[0]), rate, t, gap, th, float(K_min), onset)


def effective_demand(M, p, V_ASI) -> np.ndarray:
    r"""Option-value prize :math:`M_{\rm eff} = M + p\,V_{ASI}` (seed 001 §5.5, Remark 4).

    Broadcasts; ``M >= 0``, ``0 <= p <= 1``, ``V_ASI >= 0``.
    """
    M, p, V = _num("M", M), _num("p", p), _num("V_ASI", V_ASI)
    if np.any(~np.isfinite(M) | (M < 0)):
        raise ParameterError("M", M, ">= 0")
    if np.any(~np.isfinite(p) | (p < 0) | (p > 1)):
        raise ParameterError("p", p, "in [0, 1] (subjective probability of ASI)")
    if np.any(~np.isfinite(V) | (V < 0)):
        raise ParameterError("V_ASI", V, ">= 0")
    return M + p * V
