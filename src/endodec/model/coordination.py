r"""Semi-endogenous coordination dynamics (seed 000 Appendix C; seed 001 Appendix C).

Coordination friction declines as the coordination layer matures, :math:`\kappa = \kappa(E)` with
:math:`\kappa'(E) < 0` (C.3), ecosystem investment responds to the cost advantage
:math:`\dot E = \phi \max\{0, c_{\rm central} - c(Q)\}` (C.3), and the threshold
:math:`\bar Q^*(\kappa(E))` drifts toward the firms. The state :math:`x^* = \bar Q^*(\kappa) - Q`
evolves as (C.2)

.. math:: \dot x^* = \frac{d\bar Q^*}{d\kappa}\frac{d\kappa}{dE}\dot E - \sum_i q_i .

Under the quasi-static approximation (timescale separation
:math:`|d\bar Q^*/dt| \ll |\sum q_i|`), firms play the fixed-threshold Markov strategy at the
current gap, :math:`\sum q_i = Q^N(x^*)`; :func:`simulate` integrates the resulting two-state
system :math:`(Q, E)` and reports the two-gap decomposition (C.1)
:math:`x^* = G^H + G^C`, :math:`G^H = \bar Q - Q`, :math:`G^C = \bar Q^*(\kappa) - \bar Q`, the
hardware and R0 crossing times and the separation ratio along the path.

The friction schedules of C.3: exponential :math:`\kappa_0 e^{-\lambda_E E}`, power law
:math:`\kappa_0 (1+E)^{-\eta}` (the paper's :math:`\kappa_0 E^{-\eta}` is infinite at
:math:`E = 0`; the shift by one keeps :math:`\kappa(0) = \kappa_0`), and a threshold/step
function (:math:`\kappa_0` until :math:`E` reaches ``E_threshold``, then :math:`\kappa_1`: a
dominant standard emerges). A step violates the quasi-static assumption at the jump; the result
flags it (``jumps``) as the regime shift of C.2.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from endodec._validate import scalar_in_range
from endodec.errors import DomainError, ParameterError
from endodec.model.adoption import (
    AdoptionParams,
    dQstar_dkappa,
    qstar_kappa_fn,
    threshold_Q_star,
)
from endodec.results import ResultBase

__all__ = [
    "KAPPA_KINDS",
    "KappaSchedule",
    "two_gap",
    "CoordinationPath",
    "simulate",
    "timescale_separation",
    "CoordinationReport",
]

KAPPA_KINDS = ("exponential", "power", "step")


def _scalar_num(name: str, v, allowed: str, lo: float = 0.0, lo_open: bool = True) -> float:
    """``v`` as a finite float ``> lo`` (``>= lo`` unless ``lo_open``), else ParameterError."""
    return scalar_in_range(name, v, lo=lo, lo_open=lo_open, allowed=allowed)


def _arr(v):
    return np.asarray(v, dtype=float)


@dataclass(frozen=True)
class KappaSchedule:
    r"""Coordination friction as a decreasing function of ecosystem investment (Appendix C.3).

    Parameters
    ----------
    kind : {"exponential", "power", "step"}
    kappa0 : float
        Initial friction :math:`\kappa(0) > 0`.
    rate : float
        Exponential decay rate :math:`\lambda_E > 0` (the paper writes λ, not the latency
        advantage).
    eta : float
        Power-law exponent :math:`\eta > 0`.
    E_threshold : float
        Step: investment at which the dominant standard emerges (> 0).
    kappa1 : float
        Step: friction after the standard (``0 <= kappa1 < kappa0``).
    """

    kind: str = "exponential"
    kappa0: float = 0.3
    rate: float = 1.0
    eta: float = 1.0
    E_threshold: float = 1.0
    kappa1: float = 0.05

    def __post_init__(self):
        if self.kind not in KAPPA_KINDS:
            raise ParameterError("kind", self.kind, f"one of {KAPPA_KINDS}")
        for name in ("kappa0", "rate", "eta", "E_threshold"):
            _scalar_num(name, getattr(self, name), "> 0 and finite")
        _scalar_num("kappa1", self.kappa1, f"in [0, kappa0={self.kappa0})", lo_open=False)
        if not 0 <= self.kappa1 < self.kappa0:
            raise ParameterError("kappa1", self.kappa1, f"in [0, kappa0={self.kappa0})")

    def __call__(self, E):
        """:math:`\\kappa(E)` for ``E >= 0`` (vectorized)."""
        E = _arr(E)
        if np.any(~(E >= 0)):
            raise ParameterError("E", E[~(E >= 0)].flat[0] if E.ndim else float(E), ">= 0")
        if self.kind == "exponential":
            out = self.kappa0 * np.exp(-self.rate * E)
        elif self.kind == "power":
            out = self.kappa0 * (1.0 + E) ** (-self.eta)
        else:
            out = np.where(E < self.E_threshold, self.kappa0, self.kappa1)
        return out.item() if out.ndim == 0 else out

    def derivative(self, E):
        """:math:`\\kappa'(E) \\le 0` (step: 0 away from the jump, where it is undefined)."""
        E = _arr(E)
        if self.kind == "exponential":
            out = -self.rate * self.kappa0 * np.exp(-self.rate * E)
        elif self.kind == "power":
            out = -self.eta * self.kappa0 * (1.0 + E) ** (-self.eta - 1.0)
        else:
            out = np.zeros_like(E)
        return out.item() if out.ndim == 0 else out


def two_gap(Q, params: AdoptionParams, kappa=None) -> dict[str, Any]:
    r"""Two-gap decomposition (Appendix C.1): :math:`x^* = G^H + G^C`.

    :math:`G^H = \bar Q - Q` (hardware gap, the original state), :math:`G^C = \bar Q^*(\kappa) -
    \bar Q` (coordination gap: > 0 friction-dominated, < 0 network-dominated),
    :math:`x^* = \bar Q^*(\kappa) - Q`. ``kappa`` (scalar or array broadcasting with ``Q``)
    overrides ``params.kappa``. Where R0 never crosses one, :math:`G^C = +\infty`.
    """
    Q = _arr(Q)
    p = params if kappa is None else params.replace(kappa=kappa)
    th = threshold_Q_star(p)
    Qs = _arr(th.Q_star)
    GH = _arr(p.Q_bar) - Q
    GC = Qs - _arr(p.Q_bar)
    return {"G_H": GH, "G_C": GC, "x_star": GH + GC, "Q_star": Qs, "status": th.status}


@dataclass(frozen=True, repr=False)
class CoordinationPath(ResultBase):
    r"""Quasi-static path of Appendix C (see :func:`simulate`).

    Attributes
    ----------
    t, Q, E, kappa, Q_star, G_H, G_C, x_star : ndarray
        Time, cumulative production, ecosystem investment, friction, moving threshold and the
        two gaps (``G_H + G_C = x_star``).
    sum_q : ndarray
        Aggregate output rate :math:`Q^N(x^*)`.
    dQstar_dt : ndarray
        Threshold drift :math:`(d\bar Q^*/d\kappa)\kappa'(E)\dot E` (C.2).
    separation : ndarray
        :math:`|d\bar Q^*/dt| / \sum q_i` (quasi-static iff << 1).
    T_hw, T_R0 : float
        Hardware crossing (Q = Q_bar) and R0 crossing (x* = 0) times (inf if not reached).
    T_R0_fixed : float
        R0 crossing time with kappa frozen at kappa0 (exact game closed form; inf if none).
    jumps : list of float
        Times of discontinuous drops of Q* (step schedule): quasi-statics fails there.
    """

    t: np.ndarray
    Q: np.ndarray
    E: np.ndarray
    kappa: np.ndarray
    Q_star: np.ndarray
    G_H: np.ndarray
    G_C: np.ndarray
    x_star: np.ndarray
    sum_q: np.ndarray
    dQstar_dt: np.ndarray
    separation: np.ndarray
    T_hw: float
    T_R0: float
    T_R0_fixed: float
    jumps: list
    params: AdoptionParams
    schedule: KappaSchedule
    phi: float

    @property
    def delta_T(self) -> float:
        """Coordination lag ``T_R0 - T_hw`` under declining kappa."""
        return float(self.T_R0 - self.T_hw)

    @property
    def max_separation(self) -> float:
        """Largest separation ratio along the path (before the R0 crossing)."""
        return float(np.max(self.separation)) if self.separation.size else 0.0

    def _dict_fields(self) -> dict[str, Any]:
        return {**super()._dict_fields(), "delta_T": self.delta_T,
                "max_separation": self.max_separation}

    def quasi_static(self, eps: float = 0.1) -> bool:
        """Timescale separation holds along the path: ratio < ``eps`` and no jump."""
        return self.max_separation < eps and not self.jumps

    def _frame(self):
        import pandas as pd

        return pd.DataFrame({k: getattr(self, k) for k in (
            "t", "Q", "E", "kappa", "Q_star", "G_H", "G_C", "x_star", "sum_q", "dQstar_dt",
            "separation")})

    def _summary_text(self) -> str:
        return "\n".join([
            "Semi-endogenous coordination dynamics (Appendix C, quasi-static)",
            f"  kappa(E): {self.schedule.kind}, kappa0 = {self.schedule.kappa0:g}; phi = {self.phi:g}",
            f"  hardware crossing T_hw          {self.T_hw:.6g}",
            f"  R0 crossing (declining kappa)   {self.T_R0:.6g}",
            f"  R0 crossing (fixed kappa0)      {self.T_R0_fixed:.6g}",
            f"  coordination lag dT             {self.delta_T:.6g}",
            f"  max |dQ*/dt| / sum q            {self.max_separation:.4g}"
            + (f"  (jumps at t = {', '.join(f'{j:.4g}' for j in self.jumps)})" if self.jumps else ""),
        ])

    def __str__(self) -> str:
        return str(self.summary())


def _qstar(p: AdoptionParams, kappa) -> np.ndarray:
    return _arr(threshold_Q_star(p.replace(kappa=kappa)).Q_star)


def simulate(params: AdoptionParams | None = None, schedule: KappaSchedule | None = None,
             phi: float = 1.0, game_params=None, *, c_central=None, t_max: float | None = None,
             n: int = 801, x_cap: float | None = None, regime: str = "nash") -> CoordinationPath:
    r"""Integrate the quasi-static two-gap dynamics of Appendix C.

    .. math::
        \dot Q = Q^N(\min(x^*, x_{\rm cap})), \quad x^* = \bar Q^*(\kappa(E)) - Q, \qquad
        \dot E = \phi \max\{0, c_{\rm central} - c(Q)\}

    until the R0 crossing :math:`x^* = 0`.

    Parameters
    ----------
    params : AdoptionParams
        Scalar parameters; ``params.kappa`` is replaced by the schedule. Status ``"always"`` at
        some kappa is fine (Q* = 0).
    schedule : KappaSchedule
        :math:`\kappa(E)`; default exponential with ``kappa0 = params.kappa``.
    phi : float
        Conversion of cost advantage into ecosystem investment (>= 0).
    c_central : float, optional
        Centralized cost :math:`c_{\rm central}` (default :math:`c^*`, so E grows after hardware
        crossing).
    t_max : float, optional
        Horizon (default: 3 x the fixed-kappa R0 crossing time, or 3 x the hardware time).
    x_cap : float, optional
        Where :math:`\bar Q^*` is infinite (no crossing at the current kappa), firms face an
        arbitrarily distant threshold; the game's output rate is evaluated at ``x_cap``
        (default ``100 * Q_bar``; :math:`Q^N(x)` is flat there).
    """
    from scipy.integrate import solve_ivp

    from endodec.model.game import GameParams, cooperative, nash

    p = params if params is not None else AdoptionParams()
    if not isinstance(p, AdoptionParams):
        raise ParameterError("params", type(p).__name__, "an AdoptionParams")
    if p.shape:
        raise ParameterError("params", "array", "scalar parameters for simulate")
    from endodec._limits import check_size

    sch = schedule if schedule is not None else KappaSchedule(kappa0=float(p.kappa))
    if not isinstance(sch, KappaSchedule):
        raise ParameterError("schedule", type(sch).__name__, "a KappaSchedule")
    phi = _scalar_num("phi", phi, ">= 0 and finite", lo_open=False)
    cc = (float(p.c_star) if c_central is None
          else _scalar_num("c_central", c_central, "> 0 and finite"))
    if regime not in ("nash", "coop"):
        raise ParameterError("regime", regime, "'nash' or 'coop'")
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ParameterError("n", n, "an integer >= 2 (output times)")
    check_size(f"a coordination path of {n:,} output times", 200.0 * min(n, 2**1000),
               "use a smaller n")
    Qb, Q0 = float(p.Q_bar), float(p.Q0)
    x_cap = 100.0 * Qb if x_cap is None else _scalar_num("x_cap", x_cap, "> 0 and finite")
    p0 = p.replace(kappa=sch.kappa0)
    th0 = threshold_Q_star(p0)
    gp = game_params if game_params is not None else GameParams()
    # the Markov strategy Q^N(x) does not depend on x0: one game object serves every instant
    game = (nash if regime == "nash" else cooperative)(gp)

    def T_to(level):
        g = (nash if regime == "nash" else cooperative)(gp.replace(x0=max(level - Q0, 0.0)))
        return float(g.crossing_time())

    T_fixed = T_to(float(th0.Q_star)) if th0.status == "crossing" else (
        0.0 if th0.status == "always" else float("inf"))
    if t_max is None:
        base = T_fixed if np.isfinite(T_fixed) and T_fixed > 0 else T_to(Qb)
        t_max = 3.0 * base
    t_max = _scalar_num("t_max", t_max, "> 0 and finite")

    qk = qstar_kappa_fn(p)

    def qs(E):
        return qk(float(sch(E)))

    c0, alpha = float(p.c0), float(p.alpha)

    from endodec.model._ode import _rhs_budget

    tick = _rhs_budget("the coordination path")

    def rhs(t, z):
        tick()
        Q, E = z
        x = qs(max(E, 0.0)) - Q
        q = float(game.Q(min(max(x, 0.0), x_cap))) if x > 0 else 0.0
        Edot = phi * max(0.0, cc - c0 * max(Q, 1e-300) ** (-alpha))
        return [q, Edot]

    def r0_hit(t, z):
        v = qs(max(z[1], 0.0)) - z[0]
        return min(v, 1e300)

    r0_hit.terminal, r0_hit.direction = True, -1

    def hw_hit(t, z):
        return z[0] - Qb

    hw_hit.terminal, hw_hit.direction = False, 1
    tt = np.linspace(0.0, t_max, n)
    events = [r0_hit, hw_hit]
    if sch.kind == "step":
        def step_hit(t, z):
            return z[1] - sch.E_threshold
        step_hit.terminal, step_hit.direction = False, 1
        events.append(step_hit)
    if np.isfinite(qs(0.0)) and qs(0.0) <= Q0:
        T_R0 = 0.0
        sol = None
    else:
        sol = solve_ivp(rhs, (0.0, t_max), [Q0, 0.0], t_eval=tt, events=events, rtol=1e-9,
                        atol=1e-10, max_step=t_max / 400, method="LSODA")
        if not sol.success:
            raise DomainError(f"coordination ODE failed: {sol.message}")
        T_R0 = float(sol.t_events[0][0]) if sol.t_events[0].size else float("inf")
    if sol is None:
        t, Q, E = tt[:1], np.array([Q0]), np.array([0.0])
        T_hw = 0.0 if Q0 >= Qb else float("inf")
        jumps = []
    else:
        t, Q, E = sol.t, sol.y[0], sol.y[1]
        if sol.t_events[0].size:  # append the terminal (R0 crossing) state
            ye = sol.y_events[0][0]
            t, Q, E = np.append(t, T_R0), np.append(Q, ye[0]), np.append(E, ye[1])
        T_hw = 0.0 if Q0 >= Qb else (float(sol.t_events[1][0]) if sol.t_events[1].size
                                      else float("inf"))
        jumps = [float(v) for v in sol.t_events[2]] if sch.kind == "step" else []
        if sch.kind == "step" and not jumps and E[-1] >= sch.E_threshold * (1 - 1e-6):
            jumps = [float(sol.t[-1] if not np.isfinite(T_R0) else T_R0)]
    kap = _arr(sch(E))
    Qs = _qstar(p, kap)
    GH = Qb - Q
    GC = Qs - Qb
    with np.errstate(invalid="ignore"):
        x = np.where(np.isfinite(Qs), Qs - Q, np.inf)
    sumq = np.where(x > 0, _arr(game.Q(np.clip(np.where(np.isfinite(x), x, x_cap), 0.0, x_cap))), 0.0)
    Edot = phi * np.maximum(0.0, cc - _arr(p.cost(Q)))
    fin = np.isfinite(Qs) & (np.asarray(threshold_Q_star(p.replace(kappa=kap)).status) == "crossing")
    dqk = np.zeros_like(Q)
    if fin.any():
        dqk[fin] = _arr(dQstar_dkappa(p.replace(kappa=kap[fin])))
    dQdt = dqk * _arr(sch.derivative(E)) * Edot
    sep = np.where(sumq > 0, np.abs(dQdt) / np.where(sumq > 0, sumq, 1.0), 0.0)
    if any(np.any(np.isnan(v)) for v in (Q, E, kap, sep)) or np.isnan(T_R0) or np.isnan(T_hw):
        from endodec.errors import NumericalError

        raise NumericalError("the coordination path", "Q(t), E(t) or the timescale ratio is "
                             "not representable in float64 for these inputs")
    return CoordinationPath(t, Q, E, kap, Qs, GH, GC, x, sumq, dQdt, sep, T_hw, T_R0, T_fixed,
                            jumps, p, sch, float(phi))


def timescale_separation(path: CoordinationPath, eps: float = 0.1) -> dict[str, Any]:
    r"""Check Appendix C.2's condition :math:`|d\bar Q^*/dt| \ll |\sum q_i|` along a path.

    Returns the maximum ratio, where it occurs, whether it stays below ``eps``, and the jump
    times (step schedules; quasi-statics breaks down there: "a regime shift rather than a
    continuous dynamic"). Remark 4 (seed 000): the approximation error of Proposition 1* is
    bounded by this ratio.
    """
    eps = _scalar_num("eps", eps, "> 0 and finite")
    r = path.separation
    i = int(np.argmax(r)) if r.size else 0
    return {"max_ratio": float(r[i]) if r.size else 0.0,
            "t_at_max": float(path.t[i]) if r.size else 0.0,
            "holds": bool((r.max() if r.size else 0.0) < eps) and not path.jumps,
            "eps": float(eps), "jumps": list(path.jumps)}


@dataclass(frozen=True, repr=False)
class CoordinationReport(ResultBase):
    """A coordination path with its timescale-separation check (``adoption coordination``).

    Attributes
    ----------
    path : CoordinationPath
    timescale : dict
        :func:`timescale_separation` of ``path`` at tolerance ``eps``.
    eps : float
    """

    path: CoordinationPath
    timescale: dict
    eps: float

    def _dict_fields(self) -> dict[str, Any]:
        pa = self.path
        return {"T_hw": pa.T_hw, "T_R0": pa.T_R0, "T_R0_fixed": pa.T_R0_fixed,
                "delta_T": pa.delta_T, "timescale": self.timescale}

    def _summary_text(self) -> str:
        return (f"{self.path.summary()}\n  quasi-static (ratio < {self.eps:g}, no jumps): "
                f"{self.timescale['holds']}")
