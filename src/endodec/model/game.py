r"""The N-firm differential game of *Endogenous Decentralization* (seed 000 §3.1-3.6; seed 001 §3.1-3.6).

Symmetric firms deplete the distance to the crossing threshold, :math:`\dot x = -\sum_i q_i`
(eq. 3), earn Cournot flow profits :math:`(a - bQ)q_i` (eq. 4) and receive the continuation value
:math:`S` when :math:`x` reaches 0 (eq. 5). This module gives

- :class:`GameParams`: frozen, validated parameters (scalars or broadcastable arrays) with the three
  continuation-value conventions;
- :func:`nash` / :func:`cooperative`: the Markov perfect equilibrium and the cooperative (cartel)
  benchmark, evaluated exactly from the closed forms of :mod:`endodec.model.kernel`;
- :func:`solve`: the headline quantities (values at :math:`x_0`, crossing times, welfare loss,
  acceleration, overinvestment ratio) as a :class:`GameSolution` with ``summary()``;
- :func:`check_proposition1`: Proposition 1 and the intermediate claims of its proof as a checker;
- comparative statics helpers (crossing time vs N, vs delta, Cournot/dynamic decomposition).

Continuation-value conventions
------------------------------
``"code"`` (default)
    :math:`S = \bar\pi/(r+\delta)` with :math:`\bar\pi = (a/(N+1))^2/b` the per-firm Cournot
    profit -- the convention of the author's published script; with N=5, a=10, b=0.5, r=0.05,
    delta=0.30, x0=10 it yields the paper's headline numbers (see the claims ledger).
``"paper"``
    eq. (5): :math:`S = S_T + S_I/(N(r+\delta))`. The paper calls :math:`S_I = \bar\pi_I` "the
    pre-crossing inference profit level" without fixing it; by default ``S_I`` is the *industry*
    Cournot profit :math:`N\bar\pi`, under which ``"paper"`` with ``S_T = 0`` coincides with
    ``"code"``. Give ``S_I`` explicitly for another reading.
``"direct"``
    :math:`S` given directly (parameter ``S``).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from endodec.errors import DomainError, ParameterError
from endodec.model import kernel

__all__ = [
    "CONVENTIONS",
    "GameParams",
    "Regime",
    "nash",
    "cooperative",
    "solve",
    "GameSolution",
    "check_proposition1",
    "Proposition1Check",
    "crossing_time_vs",
    "cournot_decomposition",
]

CONVENTIONS = ("code", "paper", "direct")


def _arr(v) -> np.ndarray:
    return np.asarray(v, dtype=float)


def _first_bad(name: str, v: np.ndarray, bad: np.ndarray, allowed: str) -> None:
    if np.any(bad):
        raise ParameterError(name, np.asarray(v)[bad].flat[0].item() if np.ndim(v) else float(v),
                             allowed)


@dataclass(frozen=True)
class GameParams:
    """Parameters of the game (seed 000 §3.1, §3.7; seed 001 §3.1, §3.8).

    Every numeric field may be a scalar or an array; arrays broadcast together.

    Parameters
    ----------
    N : int or array
        Number of symmetric centralized firms, integer ``>= 2``.
    a, b : float or array
        Linear inverse demand :math:`P = a - bQ` (eq. 4), ``a > 0``, ``b > 0``.
    r : float or array
        Discount rate, ``> 0``.
    delta : float or array
        Post-crossing inference displacement rate, ``> 0`` (enters S under "code"/"paper").
    x0 : float or array
        Initial distance to the crossing threshold, :math:`x_0 = \\bar Q - Q(0) \\ge 0`.
    S_T : float or array
        Persistent training value (eq. 5), ``>= 0``; used by the "paper" convention.
    S_I : float, array or None
        Inference profit level of eq. (5) ("paper" convention); None means the industry Cournot
        profit :math:`N(a/(N+1))^2/b`.
    S : float, array or None
        Continuation value, only with ``convention="direct"``.
    convention : {"code", "paper", "direct"}
        How the continuation value is built (module docstring).
    """

    N: Any = 5
    a: Any = 10.0
    b: Any = 0.5
    r: Any = 0.05
    delta: Any = 0.30
    x0: Any = 10.0
    S_T: Any = 0.0
    S_I: Any = None
    S: Any = None
    convention: str = "code"
    _S: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.convention not in CONVENTIONS:
            raise ParameterError("convention", self.convention, f"one of {CONVENTIONS}")
        N = _arr(self.N)
        _first_bad("N", N, ~np.isfinite(N) | (N < 2) | (N != np.round(N)), "an integer >= 2")
        for name, allowed, test in (
            ("a", "> 0", lambda v: ~(v > 0)),
            ("b", "> 0", lambda v: ~(v > 0)),
            ("r", "> 0", lambda v: ~(v > 0)),
            ("delta", "> 0", lambda v: ~(v > 0)),
            ("x0", ">= 0 and finite", lambda v: ~(v >= 0) | ~np.isfinite(v)),
            ("S_T", ">= 0", lambda v: ~(v >= 0)),
        ):
            v = _arr(getattr(self, name))
            _first_bad(name, v, test(v) | np.isnan(v), allowed)
        if self.S_I is not None:
            v = _arr(self.S_I)
            _first_bad("S_I", v, ~(v >= 0), ">= 0")
        if self.convention == "direct":
            if self.S is None:
                raise ParameterError("S", None, "given (>= 0) when convention='direct'")
            S = _arr(self.S)
            _first_bad("S", S, ~(S >= 0) | ~np.isfinite(S), ">= 0 and finite")
        elif self.S is not None:
            raise ParameterError("S", self.S, "None unless convention='direct'",
                                 f"convention={self.convention!r} computes S itself")
        try:
            S = self._compute_S()
            np.broadcast_shapes(*(np.shape(getattr(self, f)) for f in
                                  ("N", "a", "b", "r", "delta", "x0", "S_T")))
        except ValueError as e:
            raise ParameterError("shapes", "mismatch", "broadcastable arrays", str(e)) from None
        object.__setattr__(self, "_S", S)

    # -- derived quantities (properties, never state) --------------------------------------
    @property
    def pi_bar(self) -> np.ndarray:
        """Per-firm static Cournot profit :math:`(a/(N+1))^2/b`."""
        return (_arr(self.a) / (_arr(self.N) + 1.0)) ** 2 / _arr(self.b)

    def _compute_S(self) -> np.ndarray:
        r, d = _arr(self.r), _arr(self.delta)
        if self.convention == "code":
            return self.pi_bar / (r + d)
        if self.convention == "paper":
            S_I = _arr(self.N) * self.pi_bar if self.S_I is None else _arr(self.S_I)
            return _arr(self.S_T) + S_I / (_arr(self.N) * (r + d))
        return _arr(self.S)

    @property
    def S_value(self) -> np.ndarray:
        """The continuation value :math:`S` under the chosen convention."""
        return self._S

    @property
    def sigma(self) -> np.ndarray:
        """Dimensionless boundary stake :math:`\\sigma = S b r / a^2`."""
        return self._S * _arr(self.b) * _arr(self.r) / _arr(self.a) ** 2

    @property
    def nash_constants(self) -> dict[str, np.ndarray]:
        """Constants of (N-exact): ``A = a(1+N^2)``, ``D = a^2(N^2-1)^2``, ``E = 4N^2 b(N+1)^2 r``."""
        N, a, b, r = (_arr(v) for v in (self.N, self.a, self.b, self.r))
        return {"A": a * (1 + N**2), "D": (a * (N**2 - 1)) ** 2, "E": 4 * N**2 * b * (N + 1) ** 2 * r}

    @property
    def shape(self) -> tuple[int, ...]:
        return np.broadcast_shapes(*(np.shape(v) for v in
                                     (self.N, self.a, self.b, self.r, self._S, self.x0)))

    def replace(self, **changes) -> GameParams:
        """A copy with some fields changed (validated again)."""
        kw = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        kw.update(changes)
        if "S" in changes and changes["S"] is not None and "convention" not in changes:
            kw["convention"] = "direct"
        if kw["convention"] != "direct":
            kw["S"] = None
        return GameParams(**kw)

    def check_domain(self) -> None:
        """Raise :class:`DomainError` unless both regimes have an interior solution.

        Cooperative: :math:`a > 2\\sqrt{bNrS}`; Nash: :math:`a > (N+1)\\sqrt{brS}` (stricter).
        """
        N, a, b, r, S, _ = np.broadcast_arrays(*self._kernel_args())
        coop_bad = (a - 2 * np.sqrt(b * N * r * S)) <= 0
        nash_bad = (a - (N + 1) * np.sqrt(b * r * S)) <= 0
        if coop_bad.any():
            i = np.argmax(coop_bad) if coop_bad.ndim else ()
            n_, a_, b_, r_, S_ = (float(np.asarray(v)[i] if v.ndim else v) for v in (N, a, b, r, S))
            raise DomainError(
                f"a - 2*sqrt(b*N*r*S) = {a_ - 2 * np.sqrt(b_ * n_ * r_ * S_):.6g} <= 0: no interior "
                f"cooperative solution (N={n_:g}, a={a_:g}, b={b_:g}, r={r_:g}, S={S_:.6g}); "
                f"need S < a^2/(4bNr) = {a_ * a_ / (4 * b_ * n_ * r_):.6g} (and for Nash "
                f"S < a^2/(b r (N+1)^2) = {a_ * a_ / (b_ * r_ * (n_ + 1) ** 2):.6g})")
        if nash_bad.any():
            i = np.argmax(nash_bad) if nash_bad.ndim else ()
            n_, a_, b_, r_, S_ = (float(np.asarray(v)[i] if v.ndim else v) for v in (N, a, b, r, S))
            raise DomainError(
                f"a - (N+1)*sqrt(b*r*S) = {a_ - (n_ + 1) * np.sqrt(b_ * r_ * S_):.6g} <= 0: no "
                f"interior Nash solution (N={n_:g}, a={a_:g}, b={b_:g}, r={r_:g}, S={S_:.6g}); "
                f"need S < a^2/(b r (N+1)^2) = {a_ * a_ / (b_ * r_ * (n_ + 1) ** 2):.6g}")

    def _kernel_args(self):
        return (_arr(self.N), _arr(self.a), _arr(self.b), _arr(self.r), self._S, _arr(self.x0))

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        d["S_value"] = self._S
        return {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in d.items()}


class Regime:
    """One regime (Nash MPE or cooperative benchmark) for given parameters.

    Methods evaluate the exact closed forms at any state(s) ``x`` (broadcast with the
    parameters). Values outside ``[0, inf)`` raise :class:`ParameterError`.
    """

    def __init__(self, params: GameParams, kind: str):
        params.check_domain()
        self.params, self.kind = params, kind
        self._f = kernel.nash_at if kind == "nash" else kernel.coop_at

    def _eval(self, x):
        x = _arr(x)
        _first_bad("x", x, ~(x >= 0), ">= 0 (distance to the crossing threshold)")
        N, a, b, r, S, _ = self.params._kernel_args()
        return self._f(N, a, b, r, S, x, np)

    def V(self, x=None) -> np.ndarray:
        """Per-firm value :math:`V(x)` (Nash :math:`V^N`, cooperative :math:`V^P`)."""
        return self._eval(self._x(x))["V"]

    def dV(self, x=None) -> np.ndarray:
        """Per-firm shadow cost :math:`V'(x)` (cooperative: per firm; see :meth:`social_dV`)."""
        return self._eval(self._x(x))["dV"]

    def social_dV(self, x=None) -> np.ndarray:
        """Shadow cost the regime's decision maker internalizes: Nash :math:`V^{N\\prime}`,
        cooperative :math:`N V^{P\\prime}`."""
        out = self._eval(self._x(x))
        return out["social_dV"] if self.kind == "coop" else out["dV"]

    def Q(self, x=None) -> np.ndarray:
        """Aggregate output rate: Nash :math:`N q^N(x)` (eq. 7), cooperative :math:`Q^C(x)` (eq. 9)."""
        return self._eval(self._x(x))["Q"]

    def q(self, x=None) -> np.ndarray:
        """Per-firm output rate :math:`Q(x)/N`."""
        return self.Q(x) / _arr(self.params.N)

    def price(self, x=None) -> np.ndarray:
        """Market price :math:`P = a - bQ(x)`."""
        return _arr(self.params.a) - _arr(self.params.b) * self.Q(x)

    def flow_profit(self, x=None) -> np.ndarray:
        """Per-firm flow profit :math:`(a - bQ)\\,Q/N` (eq. 4)."""
        return self.price(x) * self.q(x)

    def crossing_time(self, x=None) -> np.ndarray:
        """Time until crossing from state ``x`` (default x0): exact closed form."""
        return self._eval(self._x(x))["T"]

    def path(self, t) -> dict[str, np.ndarray]:
        """State path :math:`x(t)` and cumulative output :math:`Q(t) - Q(0) = x_0 - x(t)`.

        Exact: the cooperative path is explicit; the Nash path inverts the exact crossing-time
        formula by Newton's method. After crossing (``t >= T*``) ``x = 0``.

        Returns
        -------
        dict with ``t``, ``x``, ``cumulative`` (output produced since t=0) and ``Q`` (rate).
        """
        t = _arr(t)
        _first_bad("t", t, ~(t >= 0), ">= 0")
        N, a, b, r, S, x0 = self.params._kernel_args()
        T0 = self.crossing_time()
        tau = np.maximum(T0 - t, 0.0)  # remaining time to crossing
        if self.kind == "coop":
            w0 = np.sqrt(b * N * r * S)
            t0, s0 = 2 * w0 / a, (a - 2 * w0) / a
            L = r * tau  # T = L / r in the cooperative regime (T = ln(s0/s)/r)
        else:
            A, B, E, u0, Az0 = kernel._nash_consts(N, a, b, r, S, np)
            t0, s0 = u0 / A, Az0 / A
            L = kernel.nash_L_from_time(N, a, b, r, S, tau, np)
        K = t0 * L + s0 * kernel._m(L, np)
        if self.kind == "coop":
            x = K * a / (2 * b * r)
        else:
            x = K * 4 * N * N * A / E
        x = np.minimum(np.where(tau > 0, x, 0.0), x0)
        Qrate = np.where(tau > 0, self._eval(x)["Q"], 0.0)
        return {"t": t, "x": x, "cumulative": x0 - x, "Q": Qrate}

    def _x(self, x):
        return self.params.x0 if x is None else x

    def __repr__(self) -> str:
        return f"Regime({self.kind!r}, {self.params!r})"


def nash(params: GameParams | None = None, **kw) -> Regime:
    """Symmetric Markov perfect equilibrium (seed 000 §3.2, eqs. 5-7, ODE-N, N-exact).

    Raises
    ------
    DomainError
        If ``a <= (N+1) sqrt(b r S)`` (no interior Nash solution) or the cooperative domain
        fails (both regimes are validated together).
    """
    return Regime(params if params is not None else GameParams(**kw), "nash")


def cooperative(params: GameParams | None = None, **kw) -> Regime:
    """Cooperative (cartel) benchmark (seed 000 §3.3, eqs. 8-9, ODE-C, C-exact)."""
    return Regime(params if params is not None else GameParams(**kw), "coop")


@dataclass(frozen=True)
class GameSolution:
    """Headline quantities of the game at :math:`x_0` (arrays when parameters are arrays).

    Attributes
    ----------
    V_N, V_P : per-firm Nash and cooperative values at x0.
    T_nash, T_coop : crossing times (model time units).
    welfare_loss : :math:`1 - V_N/V_P` (per-firm; fraction).
    delta_W : :math:`N (V_P - V_N)`.
    acceleration : :math:`1 - T^N/T^C`.
    overinvestment_ratio : :math:`Q^N(x_0)/Q^C(x_0)`.
    shadow : dict of shadow costs at 0 and x0 (Nash private, cooperative social).
    """

    params: GameParams
    V_N: np.ndarray
    V_P: np.ndarray
    T_nash: np.ndarray
    T_coop: np.ndarray
    welfare_loss: np.ndarray
    delta_W: np.ndarray
    acceleration: np.ndarray
    overinvestment_ratio: np.ndarray
    Q_N0: np.ndarray
    Q_C0: np.ndarray
    shadow: dict[str, np.ndarray]
    proposition1: Proposition1Check | None = None

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in ("V_N", "V_P", "T_nash", "T_coop", "welfare_loss",
                                           "delta_W", "acceleration", "overinvestment_ratio",
                                           "Q_N0", "Q_C0")}
        d.update({f"shadow_{k}": v for k, v in self.shadow.items()})
        d = {k: (np.asarray(v).tolist()) for k, v in d.items()}
        d["S"] = np.asarray(self.params.S_value).tolist()
        if self.proposition1 is not None:
            d["proposition1"] = self.proposition1.to_dict()
        d["params"] = self.params.to_dict()
        return d

    def to_frame(self):
        import pandas as pd

        d = {k: np.ravel(v) for k, v in self.to_dict().items() if k not in ("params", "proposition1")}
        return pd.DataFrame(d)

    def summary(self) -> str:
        p = self.params
        if np.ndim(self.V_N):
            return f"GameSolution over {np.size(self.V_N)} parameter points; use to_frame()."
        lines = [
            "Endogenous decentralization game: Nash MPE vs cooperative benchmark",
            f"  N={p.N}  a={p.a}  b={p.b}  r={p.r}  delta={p.delta}  x0={p.x0}  "
            f"S={float(p.S_value):.6g} (convention {p.convention!r})",
            f"  V_N(x0)               {float(self.V_N):12.6g}",
            f"  V_P(x0)               {float(self.V_P):12.6g}",
            f"  welfare loss          {100 * float(self.welfare_loss):11.4g}%",
            f"  Delta W = N(V_P-V_N)  {float(self.delta_W):12.6g}",
            f"  T*_Nash               {float(self.T_nash):12.6g}",
            f"  T*_Coop               {float(self.T_coop):12.6g}",
            f"  acceleration          {100 * float(self.acceleration):11.4g}%",
            f"  Q_N/Q_C at x0         {float(self.overinvestment_ratio):12.6g}",
        ]
        for k, v in self.shadow.items():
            lines.append(f"  {k:<22}{float(v):12.6g}")
        if self.proposition1 is not None:
            lines.append("  Proposition 1: " + self.proposition1.verdict())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def solve(params: GameParams | None = None, check: bool = False, **kw) -> GameSolution:
    """Solve the game exactly at :math:`x_0` (vectorized over array parameters).

    Parameters
    ----------
    params : GameParams, optional
        Parameters (defaults: the paper's baseline, convention "code").
    check : bool
        Also run :func:`check_proposition1` (scalar parameters only).
    **kw
        Passed to :class:`GameParams` when ``params`` is None.

    Raises
    ------
    DomainError
        If there is no interior solution (see :meth:`GameParams.check_domain`).
    """
    p = params if params is not None else GameParams(**kw)
    p.check_domain()
    out = kernel.game_kernel(*p._kernel_args(), xp=np)
    N, a, b, r, S, _ = p._kernel_args()
    n0 = kernel.nash_at(N, a, b, r, S, 0.0, np)
    c0 = kernel.coop_at(N, a, b, r, S, 0.0, np)
    shadow = {
        "V_N'(0)": n0["dV"],
        "N V_P'(0)": c0["social_dV"],
        "V_N'(x0)": out["dV_N0"],
        "N V_P'(x0)": out["social_dV_P0"],
    }
    prop = check_proposition1(p) if check and not p.shape else None
    return GameSolution(p, out["V_N"], out["V_P"], out["T_N"], out["T_C"], out["welfare_loss"],
                        out["delta_W"], out["acceleration"], out["ratio"], out["Q_N0"],
                        out["Q_C0"], shadow, prop)


# ---------------------------------------------------------------------------------------------
# Proposition 1 as a checker
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Proposition1Check:
    """Result of :func:`check_proposition1`.

    Attributes
    ----------
    output_gap_holds : bool
        :math:`Q^N(x) > Q^C(x)` at every checked state (the proposition's statement).
    crossing_order_holds : bool
        :math:`T^N < T^C` (its consequence).
    boundary_holds : bool
        Proof step 1: :math:`N\\mu > \\lambda` at :math:`x = 0`.
    shadow_order_holds : bool
        Proof step 2: :math:`N V^{P\\prime}(x) > V^{N\\prime}(x)` at every checked state.
    shadow_counterexample : float or None
        Smallest checked ``x`` where step 2 fails.
    shadow_crossover : float or None
        The state where :math:`N V^{P\\prime} = V^{N\\prime}` (root), if step 2 fails.
    min_output_gap : float
        :math:`\\min_x (Q^N - Q^C)` over the checked states.
    x_max : float
        Upper end of the checked state range.
    """

    output_gap_holds: bool
    crossing_order_holds: bool
    boundary_holds: bool
    shadow_order_holds: bool
    shadow_counterexample: float | None
    shadow_crossover: float | None
    output_counterexample: float | None
    min_output_gap: float
    lam: float
    Nmu: float
    x_max: float

    @property
    def holds(self) -> bool:
        """Proposition 1 (statement and consequence) holds on the checked range."""
        return self.output_gap_holds and self.crossing_order_holds

    @property
    def proof_holds(self) -> bool:
        return self.boundary_holds and self.shadow_order_holds

    def verdict(self) -> str:
        s = "holds" if self.holds else f"FAILS (Q_N <= Q_C at x={self.output_counterexample})"
        if not self.shadow_order_holds:
            s += (f"; proof step 2 fails: V_N'(x) > N V_P'(x) for x > {self.shadow_crossover:.6g}"
                  f" (checked to x={self.x_max:.6g})")
        elif not self.boundary_holds:
            s += "; proof step 1 fails at x=0"
        else:
            s += "; proof steps 1-2 hold on the checked range"
        return s

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["holds"] = self.holds
        d["verdict"] = self.verdict()
        return {k: (float(v) if isinstance(v, np.floating) else v) for k, v in d.items()}


def check_proposition1(params: GameParams | None = None, x_max: float | None = None,
                       n: int = 2001, **kw) -> Proposition1Check:
    """Check Proposition 1 (seed 000 §3.5) and each step of its proof for scalar parameters.

    Parameters
    ----------
    params : GameParams
        Scalar parameters.
    x_max : float, optional
        Upper end of the state range to check. Default: ``max(x0, 50 * scale)`` where the scale is
        the state distance over which the Nash shadow cost decays by e, so the tail where the
        proof's step 2 can fail is covered.
    n : int
        Number of (log-spaced and linear) check points.

    Returns
    -------
    Proposition1Check
        Never raises on failure of a claim: failures are reported with a counterexample.
    """
    p = params if params is not None else GameParams(**kw)
    if p.shape:
        raise ParameterError("params", "array", "scalar parameters for check_proposition1")
    p.check_domain()
    N, a, b, r, S, x0 = (float(v) for v in p._kernel_args())
    A = a * (1 + N * N)
    E = 4 * N * N * b * (N + 1) ** 2 * r
    k_nash = E / (4 * N * N * A)  # decay rate of V_N' in x (tail)
    if x_max is None:
        x_max = max(x0, 50.0 / k_nash)
    xs = np.unique(np.concatenate([np.linspace(0, x_max, n),
                                   np.geomspace(min(1e-9, x_max), x_max, n), [x0]]))
    nq, cq = kernel.nash_at(N, a, b, r, S, xs, np), kernel.coop_at(N, a, b, r, S, xs, np)
    gap = nq["Q"] - cq["Q"]
    interior = xs > 0
    out_ok = bool(np.all(gap[interior] > 0))
    out_ce = None if out_ok else float(xs[interior][gap[interior] <= 0][0])
    sh = cq["social_dV"] - nq["dV"]
    sh_ok = bool(np.all(sh > 0))
    sh_ce = None if sh_ok else float(xs[sh <= 0][0])
    crossover = None
    if not sh_ok:
        from scipy.optimize import brentq

        i = int(np.argmax(sh <= 0))
        if i > 0:
            f = lambda x: (kernel.coop_at(N, a, b, r, S, x, np)["social_dV"]  # noqa: E731
                           - kernel.nash_at(N, a, b, r, S, x, np)["dV"])
            crossover = float(brentq(f, xs[i - 1], xs[i], xtol=1e-14, rtol=1e-14))
        else:
            crossover = 0.0
    lam, Nmu = float(nq["dV"][0]), float(cq["social_dV"][0])
    T_ok = bool(nq["T"][xs == x0][0] < cq["T"][xs == x0][0]) if x0 > 0 else True
    return Proposition1Check(out_ok, T_ok, Nmu > lam, sh_ok, sh_ce, crossover, out_ce,
                             float(gap[interior].min()) if interior.any() else 0.0, lam, Nmu,
                             float(x_max))


# ---------------------------------------------------------------------------------------------
# Comparative statics (seed 000 §3.6, Figures 4-6)
# ---------------------------------------------------------------------------------------------
def crossing_time_vs(name: str, values, params: GameParams | None = None):
    """Crossing times as one parameter varies, others at ``params`` (Corollary 1, Figs. 4-5).

    Returns a DataFrame with columns ``name, T_nash, T_coop, ratio (T_N/T_C), acceleration``.
    Under the "code"/"paper" conventions S is recomputed for each value (it depends on N, delta).
    """
    import pandas as pd

    p = params if params is not None else GameParams()
    vals = np.asarray(values, dtype=float)
    q = p.replace(**{name: vals})
    sol = solve(q)
    return pd.DataFrame({name: vals, "T_nash": sol.T_nash, "T_coop": sol.T_coop,
                         "ratio": sol.T_nash / sol.T_coop, "acceleration": sol.acceleration,
                         "S": np.broadcast_to(q.S_value, vals.shape)})


def cournot_decomposition(params: GameParams | None = None, x=None):
    """Split Nash aggregate output into static Cournot and dynamic parts (Figure 6 of the set).

    :math:`Q^N(x) = \\underbrace{Na/(b(N+1))}_{\\text{static Cournot}}
    - \\underbrace{N V^{N\\prime}(x)/(b(N+1))}_{\\text{dynamic (shadow-cost) restraint}}`.

    Returns a DataFrame with ``x, Q_nash, static_cournot, dynamic_restraint, Q_coop``.
    """
    import pandas as pd

    p = params if params is not None else GameParams()
    xs = np.linspace(0, float(p.x0), 201) if x is None else np.asarray(x, float)
    nq, cq = nash(p), cooperative(p)
    N, a, b = float(p.N), float(p.a), float(p.b)
    static = np.full_like(xs, N * a / (b * (N + 1)))
    dyn = N * nq.dV(xs) / (b * (N + 1))
    return pd.DataFrame({"x": xs, "Q_nash": nq.Q(xs), "static_cournot": static,
                         "dynamic_restraint": dyn, "Q_coop": cq.Q(xs)})
