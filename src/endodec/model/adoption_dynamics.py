r"""Adoption dynamics: the distributed share along the game's path (seed 001 §2.3, §3.10, §5.4).

- :func:`logistic_share`: closed-form solution of the share dynamics (seed 001 eq. 11) with a
  constant adoption rate;
- :func:`share_path`: eq. (11) integrated with cumulative output :math:`Q(t)` from the
  differential game (:mod:`endodec.model.game`), as a :class:`SharePath`;
- :func:`distributed_r0`, :func:`distributed_r0_full`: R0 of the distributed ecosystem (seed 001
  eq. 21, and eq. 12 itself with churn);
- :func:`dual_convergence`: crossing with a falling threshold
  :math:`\bar Q_{\rm eff}(t) = \bar Q f(\eta(t))` (seed 001 §2.3, Appendix C's quasi-static
  approximation), with :func:`f_exponential`, :func:`f_power`.

Parameters, R0, the threshold :math:`\bar Q^*` and the regimes are :mod:`endodec.model.adoption`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from endodec.errors import DomainError, NumericalWarning, ParameterError
from endodec.model._ode import _rhs_budget
from endodec.model.adoption import (
    AdoptionParams,
    ThresholdResult,
    _arr,
    _check,
    _finite,
    _no_overflow,
    _num,
    _out,
    _scalar,
    classify_regime,
    r0,
    threshold_Q_star,
)
from endodec.results import ResultBase

#: Largest excursion of the integrated share outside [0, 1] accepted silently (ODE tolerance);
#: beyond it :func:`share_path` clips with a :class:`~endodec.errors.NumericalWarning`.
SHARE_TOL = 1e-6

__all__ = [
    "SHARE_TOL",
    "logistic_share", "SharePath", "share_path", "distributed_r0", "distributed_r0_full",
    "DistributedR0Table",
    "DualConvergence", "dual_convergence", "f_exponential", "f_power",
]


# ---------------------------------------------------------------------------------------------
# share dynamics, eq. (11)
# ---------------------------------------------------------------------------------------------
def logistic_share(t, s0, beta_gamma, kappa_mu):
    r"""Closed-form solution of eq. (11) with a constant adoption rate (seed 001 §3.10.2).

    :math:`\dot s = \beta\gamma s(1-s) - (\kappa+\mu)s` is a Bernoulli equation; with
    :math:`\rho = \beta\gamma - (\kappa+\mu) = (\kappa+\mu)(R_0 - 1)`,

    .. math:: 1/s(t) = e^{-\rho t}/s_0 + \beta\gamma\,(1 - e^{-\rho t})/\rho

    (:math:`\rho = 0`: :math:`1/s = 1/s_0 + \beta\gamma t`), so :math:`s \to 1 - 1/R_0` when
    :math:`R_0 > 1` and :math:`s \to 0` otherwise. Vectorized.

    ``t`` is the time since the share was ``s0`` (``t >= 0``): backwards in time the solution
    leaves [0, 1] and can blow up (at :math:`\rho = 0`, :math:`s = 1/(1/s_0 + \beta\gamma t)`
    has a pole at :math:`t = -1/(s_0\beta\gamma)`), so a negative ``t`` is a
    :class:`~endodec.errors.ParameterError`, never a share outside [0, 1].
    """
    t = _finite("t", t, ">= 0 and finite (the time since the share was s0)", 0.0)
    s0 = _num("s0", s0)
    _check("s0", s0, ~((s0 > 0) & (s0 <= 1)), "in (0, 1]")
    bg = _finite("beta_gamma", beta_gamma, ">= 0 and finite", 0.0)
    km = _finite("kappa_mu", kappa_mu, ">= 0 and finite", 0.0)
    rho = bg - km
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        safe = np.where(rho != 0, rho, 1.0)
        small = np.abs(rho) <= 1e-14
        # rho >= 0: 1/s = E/s0 + bg (1 - E)/rho with E = exp(-rho t) in (0, 1];
        # rho < 0: s = G / (1/s0 + bg (G - 1)/rho) with G = exp(rho t) in (0, 1] -- the same
        # formula multiplied through by G, so neither form overflows (a share that decays below
        # the smallest float64 is 0, not NaN)
        inv_pos = np.exp(-rho * t) / s0 + bg * np.where(small, t, -np.expm1(-rho * t) / safe)
        G = np.exp(rho * t)
        s_neg = G / (1.0 / s0 + bg * np.where(small, t, np.expm1(rho * t) / safe))
        s = np.where(rho >= 0, 1.0 / inv_pos, s_neg)
    return _out(s)


@dataclass(frozen=True, repr=False)
class SharePath(ResultBase):
    r"""Share dynamics of seed 001 eq. (11) along the game's cumulative-output path.

    Attributes
    ----------
    t, s, Q, R0, x : ndarray
        Time, distributed share, cumulative production, :math:`R_0(Q(t))`, game state
        :math:`x = Q_{\rm target} - Q`.
    Q_target : float
        Threshold the game is played towards (``Q*`` by Proposition 1*, or ``Q_bar``).
    T_game : float
        Game crossing time (Q reaches Q_target; output stops afterwards).
    T_hw, T_R0 : float
        First times with Q >= Q_bar and R0 >= 1 (``inf`` if not within the horizon; 0 if at start).
    regime : {"nash", "coop"}
        Whose output drives Q(t).
    """

    params: AdoptionParams
    game_params: Any
    t: np.ndarray
    s: np.ndarray
    Q: np.ndarray
    R0: np.ndarray
    x: np.ndarray
    Q_target: float
    target: str
    T_game: float
    T_hw: float
    T_R0: float
    threshold: ThresholdResult
    s0: float
    Q_ode: np.ndarray | None = None
    regime: str = "nash"

    @property
    def delta_T(self) -> float:
        """Coordination lag along the path, ``T_R0 - T_hw`` (``inf``/``-inf`` if one is missing)."""
        if np.isinf(self.T_R0) and np.isinf(self.T_hw):
            return float("inf")
        return float(self.T_R0 - self.T_hw)

    def _dict_fields(self) -> dict[str, Any]:
        d = super()._dict_fields()
        d.update(params=self.params.to_dict(), game_params=self.game_params.to_dict(),
                 delta_T=self.delta_T, s_inf=self.s_inf)
        return d

    @property
    def s_inf(self) -> float:
        """Long-run share at the final R0: :math:`\\max(0, 1 - 1/R_0)`."""
        R = float(self.R0[-1])
        return max(0.0, 1.0 - 1.0 / R) if R > 0 else 0.0

    def _frame(self):
        import pandas as pd

        return pd.DataFrame({"t": self.t, "s": self.s, "Q": self.Q, "R0": self.R0, "x": self.x})

    def _summary_text(self) -> str:
        lines = [
            "Distributed share path, seed 001 eq. (11), Q(t) from the "
            + ("Nash game (MPE)" if self.regime == "nash" else "cooperative benchmark"),
            f"  game                  N={float(np.asarray(self.game_params.N)):g}, "
            f"S={float(np.asarray(self.game_params.S_value)):.6g} "
            f"(convention '{self.game_params.convention}')",
            f"  regime                {classify_regime(self.params).regime}",
            f"  Q* status             {self.threshold.status} (Q* = {float(self.threshold.Q_star):.6g})",
            f"  game played towards   {self.target} = {self.Q_target:.6g}  (T_game = {self.T_game:.6g})",
            f"  hardware crossing     T_hw = {self.T_hw:.6g}",
            f"  R0 crossing           T_R0 = {self.T_R0:.6g}",
            f"  coordination lag      dT = {self.delta_T:.6g}",
            f"  s(0) = {self.s0:.4g}, s(t_end) = {float(self.s[-1]):.6g}, "
            f"long-run share 1 - 1/R0 = {self.s_inf:.6g}",
        ]
        return "\n".join(lines)

    def __str__(self) -> str:
        return str(self.summary())


def _game_target(p: AdoptionParams, th: ThresholdResult, target: str) -> tuple[float, str]:
    if target == "auto":
        target = "Q_star" if th.status == "crossing" else "Q_bar"
    if target == "Q_star":
        if th.status != "crossing":
            raise DomainError(f"cannot play the game towards Q*: {th.reason}")
        return float(th.Q_star), "Q_star"
    if target == "Q_bar":
        return float(p.Q_bar), "Q_bar"
    raise ParameterError("target", target, "'auto', 'Q_star' or 'Q_bar'")


def share_path(t, params: AdoptionParams | None = None, game_params=None, *, s0: float = 0.01,
               target: str = "auto", regime: str = "nash", post_rate="last",
               rtol: float = 1e-9, atol: float = 1e-12) -> SharePath:
    r"""Integrate the share dynamics (seed 001 eq. 11) with Q(t) from the differential game.

    .. math:: \dot s = \beta(c(Q(t)),\lambda)\gamma s(1-s) - (\kappa+\mu)s, \qquad
              \dot Q = Q^{N}(Q_{\rm target} - Q)

    The game (``endodec.model.game``) is played on :math:`x = Q_{\rm target} - Q` from
    :math:`x_0 = Q_{\rm target} - Q_0`; its Markov strategy :math:`Q^N(x)` does not depend on
    :math:`x_0`, so integrating :math:`\dot Q = Q^N(x)` reproduces ``nash(p).path(t)`` (checked in
    the tests). Output stops when the game ends (:math:`x = 0`); R0 then stays constant and
    :math:`s \to \max(0, 1 - 1/R_0)`.

    Parameters
    ----------
    t : array_like
        Increasing output times starting at 0 (model time units of the game).
    params : AdoptionParams
        Scalar parameters.
    game_params : GameParams, optional
        Game parameters (``x0`` is replaced); default the paper's baseline.
    s0 : float
        Initial share in (0, 1].
    target : {"auto", "Q_star", "Q_bar"}
        Threshold of the game. ``"auto"``: ``Q*`` where R0 crosses one (Proposition 1*), else
        ``Q_bar`` (the cost-parity game).
    regime : {"nash", "coop"}
        Nash MPE or cooperative benchmark output.
    post_rate : {"last", "stop"} or float
        Cumulative production after the game ends (outside the paper's model, which stops at
        crossing): ``"last"`` continues at the equilibrium rate at crossing :math:`Q^N(0)` (so
        learning continues and R0 rises above one), ``"stop"`` freezes Q, a float gives the rate.
    """
    from scipy.integrate import solve_ivp

    from endodec._limits import check_size
    from endodec.model.game import GameParams, cooperative, nash

    p = params if params is not None else AdoptionParams()
    if not isinstance(p, AdoptionParams):
        raise ParameterError("params", type(p).__name__, "an AdoptionParams")
    _scalar(p, "share_path")
    t = _num("t", t)
    _check("t", t, ~np.isfinite(t), "finite")
    if t.ndim != 1 or t.size < 2 or t[0] != 0 or np.any(np.diff(t) <= 0):
        raise ParameterError("t", t[:3].tolist(), "an increasing 1-d array starting at 0")
    # the ODE solution, the game path and the output frame hold ~20 float64 arrays of len(t)
    check_size(f"a share path of {t.size:,} output times", 160.0 * t.size,
               "use fewer output times")
    s0v = _num("s0", s0)
    if s0v.ndim or not 0 < s0v <= 1:
        raise ParameterError("s0", s0, "in (0, 1]")
    s0 = float(s0v)
    for name, tol in (("rtol", rtol), ("atol", atol)):
        tv = _num(name, tol)
        if tv.ndim or not (np.isfinite(tv) and tv > 0):
            raise ParameterError(name, tol, "> 0 and finite")
    if regime not in ("nash", "coop"):
        raise ParameterError("regime", regime, "'nash' or 'coop'")
    th = threshold_Q_star(p)
    Qt, tname = _game_target(p, th, target)
    if not (np.isfinite(Qt) and np.isfinite(float(p.c0))):
        from endodec.errors import NumericalError

        raise NumericalError(f"the game threshold {tname}", f"{tname} = {Qt!r}, c0 = "
                             f"{float(p.c0)!r} for these inputs (alpha, Q_bar, c_star)")
    gp = game_params if game_params is not None else GameParams()
    x0 = max(Qt - float(p.Q0), 0.0)
    gp = gp.replace(x0=x0)
    game = (nash if regime == "nash" else cooperative)(gp)
    T_game = float(game.crossing_time())
    gam, km = float(p.gamma), float(p.kappa) + float(p.mu)
    if post_rate == "last":
        prate = float(game.Q(0.0))
    elif post_rate == "stop":
        prate = 0.0
    else:
        try:
            prate = float(post_rate)
        except (TypeError, ValueError):
            raise ParameterError("post_rate", post_rate, "'last', 'stop' or a rate >= 0") from None
        if not (prate >= 0 and np.isfinite(prate)):
            raise ParameterError("post_rate", post_rate, "'last', 'stop' or a rate >= 0")

    tick = _rhs_budget("the share path s(t)")

    def rhs(tt, z):
        tick()
        Q, s = z
        x = max(Qt - Q, 0.0)
        q = float(game.Q(x)) if (x > 0 and tt < T_game) else prate
        b = float(p.beta_at(p.cost(max(Q, 1e-300))))
        return [q, b * gam * s * (1.0 - s) - km * s]

    def integrate(t0, t1, z0, tp):
        sol = solve_ivp(rhs, (t0, t1), z0, t_eval=tp, rtol=rtol, atol=atol, method="LSODA")
        if not sol.success:
            raise DomainError(f"share ODE failed: {sol.message}")
        return sol

    z0 = [float(p.Q0), float(s0)]
    if 0 < T_game < t[-1]:
        t1, t2 = t[t <= T_game], t[t > T_game]
        a = integrate(0.0, T_game, z0, None)
        Y1 = integrate(0.0, T_game, z0, t1).y if t1.size else np.empty((2, 0))
        b = integrate(T_game, float(t[-1]), [Qt, float(a.y[1, -1])], t2)
        Y = np.concatenate([Y1, b.y], axis=1)
    else:
        Y = integrate(0.0, float(t[-1]), z0, t).y
    if not np.all(np.isfinite(Y)):
        from endodec.errors import NumericalError

        raise NumericalError("the share path s(t)", "the ODE solution over/underflows float64 "
                             "for these inputs")
    over = float(np.max(np.maximum(Y[1] - 1.0, -Y[1])))
    if over > SHARE_TOL:
        warnings.warn(f"share path s(t): the ODE solution leaves [0, 1] by {over:.3g} (more than "
                      f"{SHARE_TOL:g}) and is clipped; tighten rtol={rtol:g} / atol={atol:g}",
                      NumericalWarning, stacklevel=2)
    Q_ode, s = Y[0], np.clip(Y[1], 0.0, 1.0)
    Q = float(p.Q0) + game.path(t)["cumulative"] if x0 > 0 else np.full_like(t, float(p.Q0))
    Q = Q + prate * np.maximum(t - T_game, 0.0)
    with np.errstate(over="ignore", invalid="ignore"):
        R = np.asarray(r0(Q, p), float)
    if np.any(np.isnan(R)) or np.any(np.isnan(Q)):
        from endodec.errors import NumericalError

        raise NumericalError("R0(Q(t))", "not representable in float64 along the path for "
                             "these inputs")
    T_hw = _first_time(t, game, Qt, float(p.Q0), float(p.Q_bar), T_game, prate)
    if th.status == "always":
        T_R0 = 0.0
    elif th.status == "never":
        T_R0 = float("inf")
    else:
        T_R0 = _first_time(t, game, Qt, float(p.Q0), float(th.Q_star), T_game, prate)
    return SharePath(p, gp, t, s, Q, R, np.maximum(Qt - Q, 0.0), Qt, tname, T_game, T_hw, T_R0,
                     th, float(s0), Q_ode, regime)


def _first_time(t, game, Qt, Q0, level, T_game, prate) -> float:
    """Exact time the path reaches cumulative level ``level`` (inf if never/after the horizon)."""
    if level <= Q0:
        return 0.0
    if level > Qt:
        T = T_game + (level - Qt) / prate if prate > 0 else float("inf")
    else:
        T = float(game.crossing_time()) - float(game.crossing_time(max(Qt - level, 0.0)))
    return T if T <= t[-1] else float("inf")


def distributed_r0(r0_central, kappa_central, kappa_distributed):
    r"""Seed 001 eq. (21): :math:`R_{0,d} \approx R_{0,c}\,\kappa_c/\kappa_d`.

    Exact only when churn is negligible (:math:`\mu \ll \kappa`); see :func:`distributed_r0_full`.
    """
    r0c = _finite("r0_central", r0_central, ">= 0 and finite", 0.0)
    kc = _finite("kappa_central", kappa_central, "> 0 and finite", 0.0, lo_open=True)
    kd = _finite("kappa_distributed", kappa_distributed, "> 0 and finite", 0.0, lo_open=True)
    with np.errstate(over="ignore"):
        out = r0c * kc / kd
    _no_overflow("R0_d", out)
    return _out(out)


def distributed_r0_full(beta_gamma, kappa_central, mu, ratio):
    r"""Distributed R0 from eq. (12) itself: :math:`\beta\gamma/(m\kappa_c + \mu)`, :math:`m = \kappa_d/\kappa_c`.

    Eq. (21) drops :math:`\mu`; with :math:`\mu` of the same order as :math:`\kappa` (seed 001
    §5.4.3: μ ≈ 0.08–0.17, κ ≈ 0.05–0.11 per month) the two differ materially.
    """
    bg = _finite("beta_gamma", beta_gamma, ">= 0 and finite", 0.0)
    kc = _finite("kappa_central", kappa_central, ">= 0 and finite", 0.0)
    m = _finite("mu", mu, ">= 0 and finite", 0.0)
    ratio = _finite("ratio", ratio, "> 0 and finite", 0.0, lo_open=True)
    with np.errstate(over="ignore"):
        den = ratio * kc + m
    _check("m*kappa_c + mu", den, ~(den > 0), "> 0 (give kappa_central > 0 or mu > 0)")
    with np.errstate(over="ignore"):
        out = bg / den
    _no_overflow("R0_d", out)
    return _out(out)


# ---------------------------------------------------------------------------------------------
# dual convergence (seed 001 §2.3)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class DistributedR0Table(ResultBase):
    """Distributed R0 for several friction ratios, eq. (21) beside eq. (12)
    (``endodec adoption distributed-r0``).

    Attributes
    ----------
    r0_central : float
        Centralized R0.
    kappa_central, mu, beta_gamma : float
        Inputs of the eq. (12) version.
    ratio : ndarray
        :math:`\\kappa_d/\\kappa_c`.
    R0_d_eq21, R0_d_eq12 : ndarray
        :func:`distributed_r0` (``R0_c kappa_c / kappa_d``) and :func:`distributed_r0_full`.
    """

    r0_central: float
    kappa_central: float
    mu: float
    beta_gamma: float
    ratio: np.ndarray
    R0_d_eq21: np.ndarray
    R0_d_eq12: np.ndarray

    _summary_title = "Distributed R0 (seed 001 eqs. 12, 21)"

    def _summary_text(self) -> str:
        return "\n".join(f"  ratio {m:g}: eq. 21 R0_d = {a:.4f}; eq. 12 R0_d = {b:.4f}"
                         for m, a, b in zip(self.ratio, self.R0_d_eq21, self.R0_d_eq12,
                                            strict=True))


def f_exponential(eta, rate=1.0):
    r""":math:`f(\eta) = e^{-\text{rate}\,\eta}` (decreasing, :math:`f(0)=1`)."""
    return np.exp(-_arr(rate) * _arr(eta))


def f_power(eta, elasticity=1.0):
    r""":math:`f(\eta) = (1+\eta)^{-\text{elasticity}}` (decreasing, :math:`f(0)=1`)."""
    return (1.0 + _arr(eta)) ** (-_arr(elasticity))


@dataclass(frozen=True, repr=False)
class DualConvergence(ResultBase):
    r"""Crossing with a falling threshold :math:`\bar Q_{\rm eff}(t) = \bar Q f(\eta(t))` (seed 001 §2.3).

    Attributes
    ----------
    t, Q, Q_eff, x : ndarray
        Time, cumulative production, effective threshold, gap :math:`\bar Q_{\rm eff} - Q`.
    T_fixed : float
        Crossing time with the fixed threshold (exact game closed form).
    T_dual : float
        First time :math:`Q(t) \ge \bar Q_{\rm eff}(t)` (``inf`` if not within ``t_max``).
    separation : ndarray
        Quasi-static ratio :math:`|d\bar Q_{\rm eff}/dt| / \sum q_i` along the path (Appendix C).
    """

    t: np.ndarray
    Q: np.ndarray
    Q_eff: np.ndarray
    x: np.ndarray
    T_fixed: float
    T_dual: float
    separation: np.ndarray

    @property
    def acceleration(self) -> float:
        """``1 - T_dual/T_fixed``: share of the fixed-threshold crossing time saved."""
        return 1.0 - self.T_dual / self.T_fixed if self.T_fixed > 0 else 0.0

    def _dict_fields(self) -> dict[str, Any]:
        return {**super()._dict_fields(), "acceleration": self.acceleration}

    def _summary_text(self) -> str:
        return (f"Dual convergence (seed 001 §2.3): T_fixed = {self.T_fixed:.6g}, T_dual = "
                f"{self.T_dual:.6g}, crossing {100 * self.acceleration:.3g}% earlier; max "
                f"|dQeff/dt|/sum q = {float(np.max(self.separation)):.3g}")

    def __str__(self) -> str:
        return str(self.summary())


def dual_convergence(f: Callable, eta: Callable, params: AdoptionParams | None = None,
                     game_params=None, *, threshold: str = "Q_bar", t_max: float | None = None,
                     n: int = 401, regime: str = "nash") -> DualConvergence:
    r"""Crossing time when the threshold falls from above (seed 001 §2.3, Appendix C).

    :math:`x(t) = \bar Q_{\rm eff}(\eta(t)) - Q(t)`, :math:`\bar Q_{\rm eff} = \bar Q f(\eta)`,
    with the quasi-static approximation of Appendix C: at each instant firms play the fixed-
    threshold Markov strategy at the current gap, :math:`\dot Q = Q^N(\max(x, 0))`.

    Parameters
    ----------
    f : callable
        Decreasing map :math:`\eta \mapsto f(\eta) > 0` (e.g. :func:`f_exponential`); checked
        numerically on the path (:class:`ParameterError` if it increases).
    eta : callable
        :math:`t \mapsto \eta(t)`, cumulative algorithmic efficiency (non-decreasing).
    threshold : {"Q_bar", "Q_star"}
        Which threshold is scaled by f (the paper: :math:`\bar Q`; with R0: :math:`\bar Q^*`).
    t_max : float, optional
        Horizon (default 1.5 x the fixed-threshold crossing time).
    """
    from scipy.integrate import solve_ivp

    from endodec.model.game import GameParams, cooperative, nash

    p = params if params is not None else AdoptionParams()
    _scalar(p, "dual_convergence")
    if threshold == "Q_bar":
        Qb = float(p.Q_bar)
    elif threshold == "Q_star":
        Qb = float(threshold_Q_star(p).require().Q_star)
    else:
        raise ParameterError("threshold", threshold, "'Q_bar' or 'Q_star'")
    Q0 = float(p.Q0)
    gp = (game_params if game_params is not None else GameParams()).replace(x0=max(Qb - Q0, 0.0))
    game = (nash if regime == "nash" else cooperative)(gp)
    T_fixed = float(game.crossing_time())
    t_max = 1.5 * T_fixed if t_max is None else float(t_max)
    if not t_max > 0:
        raise ParameterError("t_max", t_max, "> 0")
    tt = np.linspace(0.0, t_max, n)
    fe = np.asarray(f(np.asarray(eta(tt), float)), float)
    if np.any(~np.isfinite(fe)) or np.any(fe <= 0):
        raise ParameterError("f", "non-positive or non-finite values", "f(eta(t)) > 0")
    if np.any(np.diff(fe) > 1e-12 * np.abs(fe[:-1])):
        raise ParameterError("f", "increasing along eta(t)", "a decreasing f and non-decreasing eta")

    def Qeff(t):
        return Qb * float(np.asarray(f(np.asarray(eta(t), float)), float))

    def rhs(t, z):
        x = Qeff(t) - z[0]
        return [float(game.Q(x)) if x > 0 else 0.0]

    def hit(t, z):
        return Qeff(t) - z[0]

    hit.terminal, hit.direction = True, -1
    sol = solve_ivp(rhs, (0.0, t_max), [Q0], t_eval=tt, events=hit, rtol=1e-10, atol=1e-12,
                    max_step=t_max / 200)
    T_dual = float(sol.t_events[0][0]) if sol.t_events[0].size else float("inf")
    m = sol.t.size
    Q = np.concatenate([sol.y[0], np.full(n - m, np.nan)])
    Qe = Qb * fe
    Q = np.where(np.isnan(Q), np.minimum(Qe, np.nanmax(Q) if m else Q0), Q)
    x = Qe - Q
    dQe = np.gradient(Qe, tt)
    rate = np.where(x > 0, _arr(game.Q(np.maximum(x, 0.0))), np.inf)
    sep = np.abs(dQe) / rate
    sep = np.where(np.isfinite(sep), sep, 0.0)
    if sep.max() >= 1.0:
        warnings.warn(f"dual convergence: the quasi-static approximation (Appendix C) does not "
                      f"hold: max |dQ_eff/dt| / sum q = {sep.max():.3g} >= 1 on the path, so "
                      "T_dual is only indicative; use a slower-falling f or eta",
                      NumericalWarning, stacklevel=2)
    return DualConvergence(tt, Q, Qe, x, T_fixed, T_dual, sep)
