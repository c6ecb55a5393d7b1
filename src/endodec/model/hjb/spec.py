r"""Specifications of the game beyond the paper's: demand, production cost, firms, learning shocks.

The paper (seed 000 §3.1-3.5; seed 001 §3.1-3.5) fixes linear inverse demand :math:`P = a - bQ`,
cost-free output, symmetric firms and deterministic learning :math:`\dot x = -Q` (eq. 3). An
:class:`HJBSpec` relaxes each assumption; every field is validated on construction (a
:class:`~endodec.errors.ParameterError` naming the field, its value and the allowed range).

Demand (``demand``)
    :class:`LinearDemand` ``P = a - bQ`` (the paper's eq. 4); :class:`IsoelasticDemand`
    ``P = (a/2) (Q/Q_r)^{-1/e}`` with ``Q_r = a/(2b)`` (constant elasticity ``e``, through the
    midpoint of the linear demand); :class:`ExponentialDemand` ``P = a exp(-bQ/a)`` (same
    intercept and slope at ``Q = 0`` as the linear demand).
Cost (``cost``)
    :class:`NoCost` (the paper); :class:`WrightCost` ``c = c0 (E/Q0)^{-alpha}`` with cumulative
    experience ``E = Q0 + x0 - x`` (Wright's law; Spence 1981, Fudenberg-Tirole 1983; industry-wide
    learning: the cost falls with everyone's output), floored at ``E >= Q0/10`` for states above
    ``x0 + 0.9 Q0`` that only learning shocks reach.
Firms (``advantages``, ``S_firms``)
    ``None``: symmetric. A vector of length ``N``: firm ``i``'s marginal cost is ``c - eps_i`` and
    its post-crossing value ``S_i`` (the coupled HJB system of :mod:`endodec.model.hjb.solver`,
    generalising the one-deviant :mod:`endodec.model.asymmetric`).
Learning shocks (``sigma``)
    :math:`dx = -Q\,dt + \sigma\,dW` (``sigma = 0``: the paper).

The continuation value ``S`` (eq. 5) is given, or ``None`` for the author's-code convention of
:mod:`endodec.model.continuation`: :math:`S = \bar\pi/(r+\delta)` with :math:`\bar\pi` the static
per-firm Cournot profit of *this* specification at the crossing-point cost :math:`c(0)`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

from endodec._validate import as_scalar
from endodec.errors import DomainError, ParameterError
from endodec.model.params import GAME_PARAMS

__all__ = ["LinearDemand", "IsoelasticDemand", "ExponentialDemand", "NoCost", "WrightCost",
           "HJBSpec", "DEMANDS", "COSTS", "N_MAX_HJB"]

#: Largest N the grid solvers accept (the asymmetric Jacobian has N^2 blocks).
N_MAX_HJB = 64


def _num(name: str, v, *, lo=None, lo_open=False, hi=None, hi_open=False, allowed: str) -> float:
    f = as_scalar(name, v, allowed)
    bad = not math.isfinite(f)
    if lo is not None:
        bad |= (f <= lo) if lo_open else (f < lo)
    if hi is not None:
        bad |= (f >= hi) if hi_open else (f > hi)
    if bad:
        raise ParameterError(name, v, allowed)
    return f


def _solve_w_log(y: np.ndarray, w_max: float) -> np.ndarray:
    """``w > 0`` with ``w + ln w = y`` (vectorised Newton in ``s = ln w``), capped at ``w_max``."""
    s = np.where(y < 1.0, y - np.exp(np.minimum(y, 1.0)) * 0.5, np.log(np.maximum(y, 1.0)))
    for _ in range(60):
        es = np.exp(s)
        step = (es + s - y) / (es + 1.0)
        s = s - step
        if np.all(np.abs(step) < 1e-15 * np.maximum(1.0, np.abs(s))):
            break
    return np.minimum(np.exp(s), w_max)


# ---------------------------------------------------------------------------------------------
# inverse demand
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _InterceptSlope:
    """A demand with intercept ``a > 0`` and slope ``-b < 0`` at zero output (validated)."""

    a: float = GAME_PARAMS["a"].default
    b: float = GAME_PARAMS["b"].default

    def __post_init__(self):
        object.__setattr__(self, "a", _num("a", self.a, lo=0, lo_open=True, allowed="> 0, finite"))
        object.__setattr__(self, "b", _num("b", self.b, lo=0, lo_open=True, allowed="> 0, finite"))

    @property
    def choke(self) -> float:
        """Price at zero output."""
        return self.a


@dataclass(frozen=True)
class LinearDemand(_InterceptSlope):
    """Linear inverse demand :math:`P = a - bQ` (eq. 4), ``a > 0``, ``b > 0``."""

    kind = "linear"

    def P(self, Q):
        return self.a - self.b * Q

    def dP(self, Q):
        return -self.b + 0.0 * Q

    def d2P(self, Q):
        return 0.0 * Q

    def monopoly_Q(self, M):
        """Output with marginal revenue ``P + P'Q = M`` (0 where ``M >= a``)."""
        return np.maximum((self.a - M) / (2.0 * self.b), 0.0)

    def cournot_Q(self, N, msum):
        """Aggregate output with ``N P + P'Q = msum`` (summed Cournot FOCs)."""
        return np.maximum((N * self.a - msum) / (self.b * (N + 1.0)), 0.0)


@dataclass(frozen=True)
class IsoelasticDemand:
    """Constant-elasticity inverse demand :math:`P = (a/2)(Q/Q_r)^{-1/e}`, :math:`Q_r = a/(2b)`.

    ``elasticity`` ``e > 1``: the cooperative (monopoly) problem has a finite output only for
    elastic demand (the N-firm Cournot equilibrium needs ``e > 1/N``, which then holds too).
    """

    a: float = GAME_PARAMS["a"].default
    b: float = GAME_PARAMS["b"].default
    elasticity: float = 2.0
    kind = "isoelastic"

    def __post_init__(self):
        object.__setattr__(self, "a", _num("a", self.a, lo=0, lo_open=True, allowed="> 0, finite"))
        object.__setattr__(self, "b", _num("b", self.b, lo=0, lo_open=True, allowed="> 0, finite"))
        object.__setattr__(self, "elasticity", _num(
            "elasticity", self.elasticity, lo=1.0, lo_open=True, hi=1e6,
            allowed="> 1 and <= 1e6 (demand elasticity: the cooperative/monopoly problem has no "
                    "finite output with inelastic demand, e <= 1)"))

    @property
    def choke(self) -> float:
        return math.inf

    @property
    def _ref(self):
        return self.a / 2.0, self.a / (2.0 * self.b)

    def P(self, Q):
        Pr, Qr = self._ref
        with np.errstate(divide="ignore"):
            return Pr * (np.asarray(Q, float) / Qr) ** (-1.0 / self.elasticity)

    def dP(self, Q):
        return -self.P(Q) / (self.elasticity * Q)

    def d2P(self, Q):
        e = self.elasticity
        return self.P(Q) * (1.0 / e) * (1.0 / e + 1.0) / (Q * Q)

    def _Q_of_P(self, P):
        Pr, Qr = self._ref
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(P > 0, Qr * (np.maximum(P, 1e-300) / Pr) ** (-self.elasticity),
                            np.inf)

    def monopoly_Q(self, M):
        return self._Q_of_P(M / (1.0 - 1.0 / self.elasticity))

    def cournot_Q(self, N, msum):
        return self._Q_of_P(msum / (N - 1.0 / self.elasticity))


@dataclass(frozen=True)
class ExponentialDemand(_InterceptSlope):
    """Exponential inverse demand :math:`P = a\\,e^{-bQ/a}` (intercept ``a``, slope ``-b`` at 0)."""

    kind = "exponential"

    def P(self, Q):
        return self.a * np.exp(-self.b * np.asarray(Q, float) / self.a)

    def dP(self, Q):
        return -(self.b / self.a) * self.P(Q)

    def d2P(self, Q):
        return (self.b / self.a) ** 2 * self.P(Q)

    def _solve(self, level, rhs):
        # a e^{-u}(level - u) = rhs, u = bQ/a in [0, level): w = level - u solves
        # w + ln w = ln(rhs/a) + level
        with np.errstate(divide="ignore", invalid="ignore"):
            y = np.log(np.maximum(rhs, 1e-300) / self.a) + level
        w = _solve_w_log(y, level)
        u = np.where(rhs >= level * self.a, 0.0, level - w)
        u = np.where(rhs == 0, level, u)  # zero marginal cost: u = level exactly
        return np.where(rhs >= 0, u * self.a / self.b, np.inf)

    def monopoly_Q(self, M):
        return self._solve(1.0, np.asarray(M, float))

    def cournot_Q(self, N, msum):
        return self._solve(float(N), np.asarray(msum, float))


DEMANDS = {"linear": LinearDemand, "isoelastic": IsoelasticDemand,
           "exponential": ExponentialDemand}


# ---------------------------------------------------------------------------------------------
# production cost
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NoCost:
    """Cost-free output (the paper)."""

    kind = "none"

    def c(self, x, x0):
        return np.zeros_like(np.asarray(x, float))


@dataclass(frozen=True)
class WrightCost:
    """Unit cost falling with cumulative output (Wright's law), :math:`c_0 (E/Q_0)^{-\\alpha}`.

    ``E = Q0 + x0 - x`` is cumulative experience (``Q0`` at the start, ``x0`` ahead of the
    crossing), floored at ``Q0/10``. ``c0 >= 0``, ``0 <= alpha <= 2``, ``Q0 > 0``.
    """

    c0: float = 2.0
    alpha: float = 0.3
    Q0: float = 10.0
    kind = "wright"

    def __post_init__(self):
        object.__setattr__(self, "c0", _num("c0", self.c0, lo=0, allowed=">= 0, finite"))
        object.__setattr__(self, "alpha", _num("alpha", self.alpha, lo=0, hi=2,
                                               allowed="in [0, 2] (Wright's learning elasticity)"))
        object.__setattr__(self, "Q0", _num("Q0", self.Q0, lo=0, lo_open=True,
                                            allowed="> 0, finite (initial cumulative output)"))

    def c(self, x, x0):
        E = np.maximum(self.Q0 + x0 - np.asarray(x, float), 0.1 * self.Q0)
        return self.c0 * (E / self.Q0) ** (-self.alpha)


COSTS = {"none": NoCost, "wright": WrightCost}


# ---------------------------------------------------------------------------------------------
# the specification
# ---------------------------------------------------------------------------------------------
def _vector(name: str, v, N: int, lo: float | None, allowed: str) -> tuple[float, ...] | None:
    if v is None:
        return None
    if isinstance(v, (str, bytes)) or np.ndim(v) != 1:
        raise ParameterError(name, v, f"a sequence of {N} numbers ({allowed})")
    vals = tuple(as_scalar(name, e, allowed) for e in v)
    if len(vals) != N:
        raise ParameterError(name, f"{len(vals)} values", f"exactly N={N} values")
    for e in vals:
        if not math.isfinite(e) or (lo is not None and e < lo):
            raise ParameterError(name, e, allowed)
    return vals


@dataclass(frozen=True)
class HJBSpec:
    """One specification of the game for the grid solvers (module docstring).

    Parameters
    ----------
    N : int
        Number of firms, integer in ``[1, 64]`` (N = 1: Nash and cooperative coincide).
    r, delta : float
        Discount rate and post-crossing displacement rate (``> 0``; delta enters S when S is None).
    x0 : float
        Initial distance to the crossing threshold, ``> 0``.
    sigma : float
        Volatility of learning shocks, ``>= 0`` (0: the paper's deterministic learning).
    S : float or None
        Continuation value at the crossing (``>= 0``), or None for :math:`\\bar\\pi/(r+\\delta)`.
    demand : LinearDemand, IsoelasticDemand or ExponentialDemand
    cost : NoCost or WrightCost
    advantages : sequence of N floats, optional
        Per-firm marginal-cost advantages (finite; asymmetric firms).
    S_firms : sequence of N floats, optional
        Per-firm post-crossing values (``>= 0``; asymmetric firms).
    name : str
        A label for tables.

    Raises
    ------
    ParameterError
        A field of the wrong type or outside its range (names it, its value and the range), or
        S=None where the static Cournot profit is unbounded (isoelastic demand at zero cost).
    """

    N: int = GAME_PARAMS["N"].default
    r: float = GAME_PARAMS["r"].default
    delta: float = GAME_PARAMS["delta"].default
    x0: float = GAME_PARAMS["x0"].default
    sigma: float = 0.0
    S: float | None = None
    demand: Any = field(default_factory=LinearDemand)
    cost: Any = field(default_factory=NoCost)
    advantages: tuple[float, ...] | None = None
    S_firms: tuple[float, ...] | None = None
    name: str = ""
    _S: float = field(init=False, repr=False, compare=False, default=0.0)

    def __post_init__(self):
        n = _num("N", self.N, lo=1, hi=N_MAX_HJB, allowed=f"an integer in [1, {N_MAX_HJB}]")
        if n != round(n):
            raise ParameterError("N", self.N, f"an integer in [1, {N_MAX_HJB}]")
        object.__setattr__(self, "N", int(n))
        for k, lo_open in (("r", True), ("delta", True), ("x0", True), ("sigma", False)):
            object.__setattr__(self, k, _num(k, getattr(self, k), lo=0, lo_open=lo_open,
                                             allowed=("> 0" if lo_open else ">= 0") + ", finite"))
        if not isinstance(self.demand, tuple(DEMANDS.values())):
            raise ParameterError("demand", type(self.demand).__name__,
                                 "LinearDemand, IsoelasticDemand or ExponentialDemand")
        if not isinstance(self.cost, tuple(COSTS.values())):
            raise ParameterError("cost", type(self.cost).__name__, "NoCost or WrightCost")
        if not isinstance(self.name, str):
            raise ParameterError("name", self.name, "a string")
        if self.demand.kind == "isoelastic" and (self.cost.kind == "none" or self.cost.c0 == 0):
            raise ParameterError("cost", type(self.cost).__name__, "a unit cost c0 > 0 with "
                                 "isoelastic demand (e.g. WrightCost(c0=1, alpha=0))",
                                 "with cost-free output the Cournot markup makes every firm's "
                                 "flow payoff net of the depletion cost negative: no interior MPE")
        object.__setattr__(self, "advantages", _vector("advantages", self.advantages, self.N,
                                                       None, "finite numbers"))
        object.__setattr__(self, "S_firms", _vector("S_firms", self.S_firms, self.N, 0.0,
                                                    ">= 0 and finite"))
        if self.S is not None:
            object.__setattr__(self, "S", _num("S", self.S, lo=0, allowed=">= 0, finite"))
            S = self.S
        else:
            S = self._code_S()
        object.__setattr__(self, "_S", float(S))

    # -- derived -----------------------------------------------------------------------------
    def _code_S(self) -> float:
        c0 = float(self.cost.c(0.0, self.x0))
        Q = float(self.demand.cournot_Q(self.N, self.N * c0))
        if not math.isfinite(Q):
            raise ParameterError("S", None, "a number >= 0 for this specification",
                                 f"{self.demand.kind} demand at zero cost: the static Cournot "
                                 "profit (the 'code' convention S = pi/(r+delta)) is unbounded")
        pi = (float(self.demand.P(Q)) - c0) * Q / self.N
        return pi / (self.r + self.delta)

    @property
    def S_value(self) -> float:
        """The continuation value (given, or :math:`\\bar\\pi/(r+\\delta)`)."""
        return self._S

    @property
    def symmetric(self) -> bool:
        return self.advantages is None and self.S_firms is None

    @property
    def eps(self) -> np.ndarray:
        """Per-firm cost advantages (zeros when symmetric)."""
        return np.zeros(self.N) if self.advantages is None else np.asarray(self.advantages)

    @property
    def S_vector(self) -> np.ndarray:
        """Per-firm post-crossing values."""
        return np.full(self.N, self._S) if self.S_firms is None else np.asarray(self.S_firms)

    @property
    def label(self) -> str:
        return self.name or self.describe()

    def describe(self) -> str:
        """One line naming the specification's assumptions."""
        parts = [f"{self.demand.kind} demand"]
        if self.demand.kind == "isoelastic":
            parts[-1] += f" (e={self.demand.elasticity:g})"
        if self.cost.kind == "wright":
            parts.append(f"Wright cost (c0={self.cost.c0:g}, alpha={self.cost.alpha:g}, "
                         f"Q0={self.cost.Q0:g})")
        if not self.symmetric:
            parts.append("asymmetric firms")
        if self.sigma > 0:
            parts.append(f"sigma={self.sigma:g}")
        return ", ".join(parts) + f"; N={self.N}, r={self.r:g}, x0={self.x0:g}, S={self._S:.4g}"

    def cost_at(self, x) -> np.ndarray:
        """Common unit cost :math:`c(x)` on states ``x``."""
        return self.cost.c(x, self.x0)

    def replace(self, **changes) -> HJBSpec:
        """A validated copy with some fields changed (S=None recomputes the convention)."""
        known = {f.name for f in fields(self) if f.init}
        bad = sorted(set(changes) - known)
        if bad:
            raise ParameterError("field", bad[0], f"one of {sorted(known)}")
        return replace(self, **changes)

    def check_boundary(self) -> None:
        """Raise :class:`DomainError` if a firm produces nothing even at zero shadow cost."""
        c0 = float(self.cost_at(0.0))
        if np.any(c0 - self.eps >= self.demand.choke):
            raise DomainError(f"no output at the crossing: unit cost c(0)={c0:g} minus the "
                              f"advantages reaches the choke price {self.demand.choke:g}; "
                              "lower c0 or raise a")

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ("N", "r", "delta", "x0", "sigma", "S", "name")}
        d["S_value"] = self._S
        d["demand"] = {"kind": self.demand.kind, **{f.name: getattr(self.demand, f.name)
                                                    for f in fields(self.demand)}}
        d["cost"] = {"kind": self.cost.kind, **{f.name: getattr(self.cost, f.name)
                                                for f in fields(self.cost)}}
        d["advantages"] = None if self.advantages is None else list(self.advantages)
        d["S_firms"] = None if self.S_firms is None else list(self.S_firms)
        return d

    @classmethod
    def from_game(cls, params, **kw) -> HJBSpec:
        """The paper's specification of a scalar :class:`~endodec.model.game.GameParams`."""
        if params.shape:
            raise ParameterError("params", "array", "scalar GameParams")
        return cls(N=int(params.N), r=float(params.r), delta=float(params.delta),
                   x0=float(params.x0), S=float(params.S_value),
                   demand=LinearDemand(float(params.a), float(params.b)), **kw)
