"""Appendix A of seed 000: the two-period pedagogical model.

Period 1: N symmetric firms choose investment :math:`I_i \\ge 0` with Cournot profits
:math:`(a - b\\sum_j I_j) I_i - c I_i`. If cumulative investment exceeds the threshold
:math:`\\bar Q`, the technology crosses and each incumbent gets :math:`S` instead of
:math:`\\bar\\pi > S` in period 2.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from endodec.errors import ParameterError
from endodec.model.params import GAME_PARAMS

__all__ = ["TwoPeriod", "nash_investment", "cooperative_investment", "asymmetric_nash",
           "capacity_delay_bound"]


def _is_finite_real(v) -> bool:
    """A real number (not bool) whose float64 value is finite."""
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        return False
    try:
        return math.isfinite(float(v))
    except OverflowError:  # an int beyond float64
        return False


@dataclass(frozen=True)
class TwoPeriod:
    """Parameters of the two-period model (Appendix A).

    Parameters
    ----------
    N : int >= 2; a, b > 0 demand; c >= 0 unit cost (< a); Qbar > 0 crossing threshold;
    pi_bar > S >= 0 period-2 values without / with crossing; beta in (0, 1] discount factor.
    """

    N: int = GAME_PARAMS["N"].default
    a: float = GAME_PARAMS["a"].default
    b: float = GAME_PARAMS["b"].default
    c: float = 1.0
    Qbar: float = 10.0
    pi_bar: float = 10.0
    S: float = 2.0
    beta: float = 0.95

    def __post_init__(self):
        for k in ("N", "a", "b", "c", "Qbar", "pi_bar", "S", "beta"):
            v = getattr(self, k)
            if not _is_finite_real(v):
                raise ParameterError(k, v, "a finite number")
        if int(self.N) != self.N or self.N < 2:
            raise ParameterError("N", self.N, "an integer >= 2")
        for k in ("a", "b", "Qbar"):
            if not getattr(self, k) > 0:
                raise ParameterError(k, getattr(self, k), "> 0")
        if not 0 <= self.c < self.a:
            raise ParameterError("c", self.c, f"in [0, a={self.a})")
        if not 0 <= self.S < self.pi_bar:
            raise ParameterError("S", self.S, f"in [0, pi_bar={self.pi_bar})")
        if not 0 < self.beta <= 1:
            raise ParameterError("beta", self.beta, "in (0, 1]")


def nash_investment(m: TwoPeriod) -> dict[str, float]:
    """Interior Nash investment :math:`I^* = (a-c)/(b(N+1))` and whether :math:`NI^* > \\bar Q`."""
    I = (m.a - m.c) / (m.b * (m.N + 1))
    return {"I_firm": I, "I_total": m.N * I, "crosses": m.N * I > m.Qbar}


def cooperative_investment(m: TwoPeriod) -> dict[str, float]:
    """Cooperative investment. The unconstrained optimum is :math:`(a-c)/(2b)`; the planner
    internalizes the value drop at :math:`\\bar Q` and stops just short of it when that pays:
    compare total surplus at :math:`\\min(I^C, \\bar Q)` with crossing."""
    Ic = (m.a - m.c) / (2 * m.b)

    def total(I):
        crossed = I >= m.Qbar
        return (m.a - m.b * I - m.c) * I + m.beta * m.N * (m.S if crossed else m.pi_bar)

    cand = [Ic] + ([np.nextafter(m.Qbar, 0)] if Ic >= m.Qbar else [])
    best = max(cand, key=total)
    return {"I_unconstrained": Ic, "I_total": best, "crosses": best >= m.Qbar,
            "restrains": best < Ic}


def asymmetric_nash(m: TwoPeriod, eps: float) -> dict[str, float]:
    """Corollary A1: firm 1 has cost c - eps. Returns firm-1, rival and total investment."""
    if not (isinstance(eps, (int, float, np.integer, np.floating)) and 0 <= eps <= m.c):
        raise ParameterError("eps", eps, f"in [0, c={m.c}]")
    N = m.N
    # FOCs: a - b(I1 + Q) - (c - eps) - b I1 = 0 ; a - b(Q) - c - b Ir = 0, Q = I1 + (N-1) Ir
    I1 = (m.a - m.c + N * eps) / (m.b * (N + 1))
    Ir = (m.a - m.c - eps) / (m.b * (N + 1))
    return {"I1": I1, "I_rival": Ir, "I_total": I1 + (N - 1) * Ir}


def capacity_delay_bound(Qbar: float, N: int, kappa: float) -> int:
    """Corollary A3: with per-period cap kappa per firm, crossing takes at most
    :math:`\\lceil \\bar Q/(N\\kappa) \\rceil` periods."""
    for k, v in (("Qbar", Qbar), ("N", N), ("kappa", kappa)):
        if not (_is_finite_real(v) and v > 0):
            raise ParameterError(k, v, "> 0 and finite")
    if int(N) != N or N < 1:
        raise ParameterError("N", N, "a positive integer")
    periods = Qbar / (N * kappa)
    if not np.isfinite(periods):
        from endodec.errors import NumericalError

        raise NumericalError("Qbar/(N kappa)", f"Qbar={Qbar!r}, N={N!r}, kappa={kappa!r}")
    return math.ceil(periods)
