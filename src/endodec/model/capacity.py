r"""Capacity constraints in the differential game.

Seed 000 §3.6 Corollary 3; seed 001 §3.6 Corollary 4.

:math:`\sum_i q_i \le \kappa(t)`. The paper's reading ("when the constraint binds, all firms
produce at capacity"; new capacity "arrives with lag Δ") is implemented quasi-statically: firms
follow the unconstrained Markov strategy truncated at capacity, :math:`\dot x = -\min(Q(x),
\kappa(t))`. Default capacity rule: capacity :math:`\kappa_0` until the capacity ordered at
:math:`t = 0` in response to excess demand arrives at :math:`t = \Delta`; because unconstrained
demand :math:`Q(x)` falls as ``x`` falls (:math:`V'` rises toward the crossing), capacity sized to
the demand at order time never binds again, so the constraint binds at most on :math:`[0, \Delta)`.
Then the crossing time is exact in closed form and the delay :math:`T_\kappa - T^*` lies in
:math:`[0, \Delta]` (with equality only for :math:`\kappa_0 = 0`). A user schedule
:math:`\kappa(t)` (callable) is integrated numerically instead, and the bound is reported, not
assumed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from endodec.errors import ParameterError
from endodec.model.asymmetric import _grid_size, _real, _scalar_params
from endodec.model.game import GameParams, cooperative, nash
from endodec.results import ResultBase

__all__ = ["CapacityResult", "capacity_constrained_crossing", "capacity_delay"]


@dataclass(frozen=True, repr=False)
class CapacityResult(ResultBase):
    """Crossing under an aggregate capacity constraint (see :func:`capacity_constrained_crossing`).

    Attributes
    ----------
    T_constrained : float
        Crossing time with the constraint (``inf`` when it does not cross before ``t_max``).
    T_unconstrained : float
        Closed-form crossing time :math:`T^*` of the regime (:mod:`endodec.model.game`).
    delay : float
        ``T_constrained - T_unconstrained``.
    Delta : float
        Construction lag.
    within_bound : bool
        ``0 <= delay <= Delta`` (Corollary 3 of seed 000 / Corollary 4 of seed 001).
    binding_until : float
        Last time the constraint binds (0 if it never binds).
    t, x, Q, kappa : ndarray
        Path: time, state, output rate, capacity (``inf`` once unconstrained).
    rule : str
        ``"lag"`` (capacity ordered at 0 arrives at Delta; closed form) or ``"schedule"``.
    """

    T_constrained: float
    T_unconstrained: float
    delay: float
    Delta: float
    kappa0: float | None
    within_bound: bool
    binding_until: float
    crossed: bool
    regime: str
    rule: str
    t: np.ndarray = field(repr=False)
    x: np.ndarray = field(repr=False)
    Q: np.ndarray = field(repr=False)
    kappa: np.ndarray = field(repr=False)
    params: GameParams = field(repr=False)

    _HEADLINE = ("T_constrained", "T_unconstrained", "delay", "Delta", "kappa0", "within_bound",
                 "binding_until", "crossed", "regime", "rule")

    def _frame(self):
        import pandas as pd

        return pd.DataFrame({"t": self.t, "x": self.x, "Q": self.Q, "kappa": self.kappa})

    def _dict_fields(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self._HEADLINE}

    def _summary_tables(self):
        import pandas as pd

        d = self._dict_fields()
        return [("", pd.DataFrame({"value": [str(v) for v in d.values()]}, index=list(d)))]

    def _summary_text(self) -> str:
        k0 = "schedule" if self.kappa0 is None else f"{self.kappa0:.6g}"
        lines = [
            f"Capacity-constrained crossing ({self.regime}, rule '{self.rule}')",
            f"  kappa0={k0}  construction lag Delta={self.Delta:.6g}",
            f"  T* unconstrained  {self.T_unconstrained:.6g}",
            f"  T* constrained    {self.T_constrained:.6g}" + ("" if self.crossed else
                                                              "  (no crossing before t_max)"),
            f"  delay             {self.delay:.6g}  ({'within' if self.within_bound else 'OUTSIDE'}"
            f" the bound [0, Delta])",
            f"  constraint binds until t={self.binding_until:.6g}",
        ]
        return "\n".join(lines)

    def __str__(self) -> str:
        return str(self.summary())


def _regime(params, regime):
    if regime not in ("nash", "coop"):
        raise ParameterError("regime", regime, "'nash' or 'coop'")
    return nash(params) if regime == "nash" else cooperative(params)


def capacity_constrained_crossing(params: GameParams | None = None, kappa0: float | None = None,
                                  Delta: float = 1.0, kappa: Callable[[float], float] | None = None,
                                  regime: str = "nash", n: int = 401,
                                  t_max: float | None = None) -> CapacityResult:
    r"""Crossing time when aggregate output is capped, :math:`\sum q_i \le \kappa(t)`.

    Implements seed 000 §3.6 Corollary 3 / seed 001 §3.6 Corollary 4 (quasi-static reading:
    module docstring). With the default *lag* rule the result is exact (closed forms of
    :mod:`endodec.model.kernel` plus one root of :math:`Q(x) = \kappa_0`); with a ``kappa``
    schedule the path :math:`\dot x = -\min(Q(x), \kappa(t))` is integrated with ``solve_ivp``.

    Parameters
    ----------
    params : GameParams
        Scalar game parameters.
    kappa0 : float
        Initial capacity (output rate), ``>= 0``; required for the lag rule.
    Delta : float
        Construction lag of new capacity, ``>= 0``.
    kappa : callable, optional
        Capacity schedule :math:`\kappa(t) \ge 0` (replaces the lag rule; ``Delta`` is then only
        the bound the delay is compared with).
    regime : {"nash", "coop"}
        Whose unconstrained strategy is truncated.
    n : int
        Points of the returned path.
    t_max : float, optional
        Horizon for the schedule rule (default ``Delta + 20 * T*``).

    Returns
    -------
    CapacityResult
    """
    from scipy.optimize import brentq

    p = _scalar_params(params)
    reg = _regime(p, regime)
    n = _grid_size("n", n, 2)
    x0 = float(p.x0)
    T0 = float(reg.crossing_time())
    D = _real("Delta", Delta, ">= 0 and finite")
    if not (np.isfinite(D) and D >= 0):
        raise ParameterError("Delta", Delta, ">= 0 and finite")
    if kappa is not None:
        if not callable(kappa):
            raise ParameterError("kappa", kappa, "a callable kappa(t) >= 0")
        if t_max is not None:
            tm = _real("t_max", t_max, "> 0 and finite")
            if not (np.isfinite(tm) and tm > 0):
                raise ParameterError("t_max", t_max, "> 0 and finite")
        return _capacity_schedule(p, reg, kappa, D, T0, n, t_max, regime)
    k0 = (float("nan") if kappa0 is None
          else _real("kappa0", kappa0, ">= 0 and finite (or give a kappa schedule)"))
    if not (np.isfinite(k0) and k0 >= 0):
        raise ParameterError("kappa0", kappa0, ">= 0 and finite (or give a kappa schedule)")
    Qx0 = float(reg.Q(x0))
    if x0 == 0 or k0 >= Qx0:  # never binds (demand only falls along the path)
        t_b, x_b = 0.0, x0
    else:
        Q0 = float(reg.Q(0.0))
        if k0 <= Q0:
            x_b = 0.0  # binds all the way to the crossing
        else:
            x_b = brentq(lambda xx: float(reg.Q(xx)) - k0, 0.0, x0, xtol=1e-14, rtol=1e-14)
        t_b = (x0 - x_b) / k0 if k0 > 0 else np.inf
    if t_b <= D:  # binding ends (or never starts) before new capacity arrives
        if x_b == 0.0 and t_b > 0:
            T_c, t_end, x_sw = t_b, t_b, 0.0
        else:
            T_c, t_end, x_sw = t_b + float(reg.crossing_time(x_b)), t_b, x_b
    else:
        xD = x0 - k0 * D
        t_end, x_sw = D, xD
        T_c = D + float(reg.crossing_time(xD))
    # path: constrained phase at rate kappa0, then the unconstrained closed-form path
    T_plot = T_c if np.isfinite(T_c) else D + T0
    t = np.linspace(0.0, T_plot, n)
    x = np.where(t <= t_end, x0 - k0 * t, 0.0)
    later = t > t_end
    if np.any(later) and x_sw > 0:
        sub = _regime(p.replace(x0=x_sw), regime)
        x = np.where(later, sub.path(np.maximum(t - t_end, 0.0))["x"], x)
    x = np.clip(x, 0.0, x0)
    Qd = reg.Q(x)
    kap = np.where(t < D, k0, np.inf)
    Qt = np.where(x > 0, np.minimum(Qd, kap), 0.0)
    delay = T_c - T0
    tol = 1e-9 * max(1.0, T0)
    return CapacityResult(float(T_c), T0, float(delay), D, k0,
                          bool(-tol <= delay <= D + tol), float(t_end if t_b > 0 else 0.0),
                          bool(np.isfinite(T_c)), regime, "lag", t, x, Qt, kap, p)


def _capacity_schedule(p, reg, kappa, D, T0, n, t_max, regime):
    from scipy.integrate import solve_ivp

    x0 = float(p.x0)
    t_max = float(D + 20 * T0 + 1.0) if t_max is None else float(t_max)

    def kap(t):
        k = float(kappa(t))
        if not (k >= 0):
            raise ParameterError("kappa(t)", k, ">= 0", f"at t={t:g}")
        return k

    def rhs(t, y):
        xx = max(y[0], 0.0)
        return [-min(float(reg.Q(xx)), kap(t))]

    def hit(_t, y):
        return y[0]

    hit.terminal, hit.direction = True, -1
    sol = solve_ivp(rhs, (0.0, t_max), [x0], method="RK45", rtol=1e-10, atol=1e-12,
                    events=hit, dense_output=True, max_step=max(t_max / 2000, 1e-6))
    crossed = len(sol.t_events[0]) > 0
    T_c = float(sol.t_events[0][0]) if crossed else np.inf
    t = np.linspace(0.0, T_c if crossed else t_max, n)
    x = np.clip(sol.sol(t)[0], 0.0, x0)
    Qd = reg.Q(x)
    kv = np.array([kap(tt) for tt in t])
    binding = kv < Qd
    Qt = np.where(x > 0, np.minimum(Qd, kv), 0.0)
    delay = T_c - T0
    tol = 1e-6 * max(1.0, T0)
    return CapacityResult(T_c, T0, float(delay), D, None, bool(-tol <= delay <= D + tol),
                          float(t[binding][-1]) if binding.any() else 0.0, crossed, regime,
                          "schedule", t, x, Qt, kv, p)


def capacity_delay(params: GameParams | None = None, kappa0=1.0, Delta=1.0,
                   regime: str = "nash") -> np.ndarray:
    """Crossing delay ``T_constrained - T*`` under the lag rule, broadcast over ``kappa0`` and
    ``Delta`` (seed 000 Corollary 3 / seed 001 Corollary 4)."""
    k, d = np.broadcast_arrays(np.asarray(kappa0, float), np.asarray(Delta, float))
    out = np.empty(k.shape)
    for idx in np.ndindex(k.shape):
        out[idx] = capacity_constrained_crossing(params, float(k[idx]), float(d[idx]),
                                                 regime=regime, n=2).delay
    return out
