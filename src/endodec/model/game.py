r"""The N-firm differential game of *Endogenous Decentralization* (seed 000 §3.1-3.6; seed 001 §3.1-3.6).

Symmetric firms deplete the distance to the crossing threshold, :math:`\dot x = -\sum_i q_i`
(eq. 3), earn Cournot flow profits :math:`(a - bQ)q_i` (eq. 4) and receive the continuation value
:math:`S` when :math:`x` reaches 0 (eq. 5). This module gives

- :class:`GameParams`: frozen, validated parameters (scalars or broadcastable arrays) with the three
  continuation-value conventions;
- :func:`nash` / :func:`cooperative`: the Markov perfect equilibrium and the cooperative (cartel)
  benchmark, evaluated exactly from the closed forms of :mod:`endodec.model.kernel`;
- :func:`solve`: the headline quantities (values at :math:`x_0`, crossing times, welfare loss,
  acceleration, overinvestment ratio) as a :class:`GameSolution` (the result protocol of
  :mod:`endodec.results`).

Proposition 1 as a checker is :mod:`endodec.model.proposition1`; the comparative statics
(crossing time vs a parameter, Cournot/dynamic decomposition) are :mod:`endodec.model.statics`.

The continuation value :math:`S` of eq. (5) in its three conventions (``"code"`` default,
``"paper"``, ``"direct"``) is :mod:`endodec.model.continuation`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import numpy as np

from endodec.errors import DomainError, NumericalError, ParameterError
from endodec.model import kernel
from endodec.model.continuation import CONVENTIONS, S_breakdown, continuation_value
from endodec.model.params import GAME_PARAMS, N_MAX
from endodec.results import ResultBase

if TYPE_CHECKING:
    from endodec.model.proposition1 import Proposition1Check

__all__ = [
    "N_MAX", "NUMERICAL", "PARAM_ALLOWED", "PARAM_ORDER", "as_real", "invalid_mask",
    "numerical_reason", "param_reason", "param_violations", "GameParams", "Regime", "nash",
    "cooperative", "solve", "GameSolution",
]

def _arr(v) -> np.ndarray:
    return np.asarray(v, dtype=float)


# ---------------------------------------------------------------------------------------------
# The validity rule: one place for GameParams, solve() and the sweep engine
# ---------------------------------------------------------------------------------------------
#: Order in which parameters are checked (the first violation is the one reported): the order of
#: the parameter table :data:`endodec.model.params.GAME_PARAMS`.
PARAM_ORDER = tuple(GAME_PARAMS)

#: Allowed range of every numeric parameter, as printed in messages and sweep reasons (N is also
#: at most :data:`N_MAX`; :func:`param_reason` adds that bound).
PARAM_ALLOWED = {k: p.allowed for k, p in GAME_PARAMS.items()}

#: Quantities whose float64 breakdown is reported (``NumericalError.quantity`` and the sweep's
#: ``"numerical: <quantity> not representable in float64"`` reasons): the continuation value S
#: (computed from the parameters), then :data:`endodec.model.kernel.BREAKDOWN` under the names
#: of the sweep's columns (``xi`` as ``x0*b*r/a``, the distance in natural units).
_KERNEL_LABEL = {"T_N": "T_nash", "T_C": "T_coop", "xi": "x0*b*r/a"}
NUMERICAL = ("S",) + tuple(_KERNEL_LABEL.get(k, k) for k in kernel.BREAKDOWN)


def param_reason(name: str) -> str:
    """Sweep ``reason`` text of an invalid parameter (the rule of :func:`invalid_mask`)."""
    extra = " and <= 2**53" if name == "N" else ""
    return f"invalid parameter {name}: must be {PARAM_ALLOWED[name]}{extra}"


def numerical_reason(quantity: str) -> str:
    """Sweep ``reason`` text of a float64 breakdown of ``quantity`` (one of :data:`NUMERICAL`)."""
    return f"numerical: {quantity} not representable in float64"


def _short(v) -> object:
    r = repr(v)
    return v if len(r) <= 60 else r[:57] + "..."


def as_real(name: str, v) -> np.ndarray:
    """``v`` as a float64 array, or :class:`ParameterError` if it is not real-valued.

    Accepts Python / NumPy integers and floats and (nested) sequences or arrays of them; rejects
    strings, booleans, complex numbers, None, objects and ragged or mixed-type sequences.
    """
    if v is None or isinstance(v, (str, bytes, bool, np.bool_)):
        raise ParameterError(name, _short(v), "a real number or an array of real numbers")
    if isinstance(v, int):  # Python ints of any size: to float64 (inf beyond its range: invalid)
        try:
            return np.asarray(float(v))
        except OverflowError:
            return np.asarray(np.inf if v > 0 else -np.inf)
    try:
        arr = np.asarray(v)
    except (TypeError, ValueError, OverflowError):
        arr = None
    if arr is None or arr.dtype.kind not in "iuf":
        raise ParameterError(name, _short(v), "a real number or an array of real numbers")
    with np.errstate(over="ignore"):  # float128 / huge ints beyond float64 become inf: invalid
        return arr.astype(float)


def invalid_mask(name: str, v) -> np.ndarray:
    """Vectorised validity rule of parameter ``name``: True where ``v`` violates
    :data:`PARAM_ALLOWED` (NaN and infinities always do); :meth:`Param.invalid` of the table."""
    if name not in GAME_PARAMS:
        raise ParameterError("parameter name", name, f"one of {PARAM_ORDER}")
    return GAME_PARAMS[name].invalid(v)


def param_violations(values) -> np.ndarray:
    """Per point, which parameter is invalid first (vectorised; the sweep's per-point rule).

    Parameters
    ----------
    values : mapping of str to array_like
        Parameter arrays (any subset of :data:`PARAM_ORDER`), broadcast together.

    Returns
    -------
    array of int8
        0 where every given parameter is valid, else ``1 + PARAM_ORDER.index(name)`` of the first
        invalid one.
    """
    arrs = {k: np.asarray(values[k], dtype=float) for k in PARAM_ORDER if k in values}
    shape = np.broadcast_shapes(*(v.shape for v in arrs.values())) if arrs else ()
    out = np.zeros(shape, dtype=np.int8)
    for i in range(len(PARAM_ORDER) - 1, -1, -1):  # reverse: the first violation wins
        k = PARAM_ORDER[i]
        if k in arrs:
            out = np.where(invalid_mask(k, arrs[k]), np.int8(i + 1), out)
    return out


def _point(values: dict, mask) -> str:
    """``"N=5, a=10, ..."`` at the first point where ``mask`` holds (for messages)."""
    mask = np.asarray(mask)
    idx = np.unravel_index(int(np.argmax(mask)), mask.shape) if mask.ndim else ()
    parts = []
    for k, v in values.items():
        v = np.asarray(v, dtype=float)
        if v.size:
            parts.append(f"{k}={float(np.broadcast_to(v, mask.shape)[idx]):.6g}")
    return ", ".join(parts)


def _first_bad(name: str, v: np.ndarray, bad: np.ndarray, allowed: str) -> None:
    if np.any(bad):
        raise ParameterError(name, np.asarray(v)[bad].flat[0].item() if np.ndim(v) else float(v),
                             allowed)


@dataclass(frozen=True)
class GameParams:
    """Parameters of the game (seed 000 §3.1, §3.7; seed 001 §3.1, §3.8).

    Every numeric field may be a scalar or an array of real numbers; arrays broadcast together.
    Every value must be finite and in its range (:data:`PARAM_ALLOWED`; the same rule the sweep
    applies per point); strings, booleans, complex numbers, None (except for ``S_I`` / ``S``) and
    mixed-type sequences are rejected.

    Parameters
    ----------
    N : int or array
        Number of symmetric centralized firms, integer ``>= 2`` and ``<= 2**53`` (:data:`N_MAX`).
    a, b : float or array
        Linear inverse demand :math:`P = a - bQ` (eq. 4), ``a > 0``, ``b > 0``, finite.
    r : float or array
        Discount rate, ``> 0`` and finite.
    delta : float or array
        Post-crossing inference displacement rate, ``> 0`` and finite (enters S under
        "code"/"paper").
    x0 : float or array
        Initial distance to the crossing threshold, :math:`x_0 = \\bar Q - Q(0) \\ge 0`, finite.
    S_T : float or array
        Persistent training value (eq. 5), ``>= 0`` and finite; used by the "paper" convention.
    S_I : float, array or None
        Inference profit level of eq. (5) ("paper" convention), ``>= 0`` and finite; None means
        the industry Cournot profit :math:`N(a/(N+1))^2/b`.
    S : float, array or None
        Continuation value, ``>= 0`` and finite, only with ``convention="direct"``.
    convention : {"code", "paper", "direct"}
        How the continuation value is built (module docstring).

    Raises
    ------
    ParameterError
        A value of the wrong type or outside its range (names the parameter, the first offending
        value and the allowed range), or shapes that do not broadcast.

    Notes
    -----
    Construction never raises for valid inputs whose continuation value S over- or underflows;
    :meth:`check_domain` (called by :func:`solve`, :func:`nash`, :func:`cooperative`,
    :func:`~endodec.model.proposition1.check_proposition1`) raises :class:`~endodec.errors.NumericalError` then.
    """

    N: Any = GAME_PARAMS["N"].default
    a: Any = GAME_PARAMS["a"].default
    b: Any = GAME_PARAMS["b"].default
    r: Any = GAME_PARAMS["r"].default
    delta: Any = GAME_PARAMS["delta"].default
    x0: Any = GAME_PARAMS["x0"].default
    S_T: Any = GAME_PARAMS["S_T"].default
    S_I: Any = GAME_PARAMS["S_I"].default
    S: Any = GAME_PARAMS["S"].default
    convention: str = "code"
    _S: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if not isinstance(self.convention, str) or self.convention not in CONVENTIONS:
            raise ParameterError("convention", _short(self.convention), f"one of {CONVENTIONS}")
        for name in PARAM_ORDER:
            raw = getattr(self, name)
            if raw is None and name in ("S_I", "S"):
                continue
            v = as_real(name, raw)
            bad = invalid_mask(name, v)
            if name == "N" and np.any(bad & (v > N_MAX)) and not np.any(bad & ~(v > N_MAX)):
                raise ParameterError("N", np.asarray(v)[bad].flat[0].item(),
                                     "an integer >= 2 and <= 2**53",
                                     "larger integers are not exact in float64")
            _first_bad(name, v, bad, PARAM_ALLOWED[name])
        if self.convention == "direct":
            if self.S is None:
                raise ParameterError("S", None, "given (>= 0) when convention='direct'")
        elif self.S is not None:
            raise ParameterError("S", _short(self.S), "None unless convention='direct'",
                                 f"convention={self.convention!r} computes S itself")
        try:
            np.broadcast_shapes(*(np.shape(getattr(self, f)) for f in
                                  ("N", "a", "b", "r", "delta", "x0", "S_T")
                                  + tuple(f for f in ("S_I", "S") if getattr(self, f) is not None)))
            S = self._compute_S()
        except ValueError as e:
            raise ParameterError("shapes", "mismatch", "broadcastable arrays", str(e)) from None
        object.__setattr__(self, "_S", S)

    # -- derived quantities (properties, never state) --------------------------------------
    @property
    def pi_bar(self) -> np.ndarray:
        """Per-firm static Cournot profit :math:`(a/(N+1))^2/b`."""
        with np.errstate(all="ignore"):
            return (_arr(self.a) / (_arr(self.N) + 1.0)) ** 2 / _arr(self.b)

    def _compute_S(self) -> np.ndarray:
        return continuation_value(self.convention, self.N, self.a, self.b, self.r, self.delta,
                                  self.S_T, self.S_I, self.S)

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
        unknown = sorted(set(changes) - set(kw))
        if unknown:
            raise ParameterError("field", unknown[0], f"one of {tuple(kw)}")
        kw.update(changes)
        if "S" in changes and changes["S"] is not None and "convention" not in changes:
            kw["convention"] = "direct"
        if kw["convention"] != "direct":
            kw["S"] = None
        return GameParams(**kw)

    def check_domain(self) -> None:
        """Raise unless both regimes have an interior solution that float64 can represent.

        Raises
        ------
        NumericalError
            If the continuation value S computed from the parameters over- or underflows
            (:func:`S_breakdown`).
        DomainError
            Cooperative: :math:`a > 2\\sqrt{bNrS}`; Nash: :math:`a > (N+1)\\sqrt{brS}`
            (stricter), tested in the overflow-free dimensionless form of
            :func:`endodec.model.kernel.domain_bad`, the rule the kernel's codes use.
        """
        N, a, b, r, S, x0 = np.broadcast_arrays(*self._kernel_args())
        vals = {"N": N, "a": a, "b": b, "r": r, "delta": _arr(self.delta)}
        Sbad = S_breakdown(S, self.convention, self.S_T, self.S_I)
        if Sbad.any():
            raise NumericalError("S", f"the continuation value under convention "
                                      f"{self.convention!r} evaluates to "
                                      f"{float(np.asarray(S)[Sbad].flat[0]):g} at "
                                      f"{_point(vals, Sbad)}")
        with np.errstate(all="ignore"):
            ss = kernel.sqrt_sigma(a, b, r, S)
            coop_bad, nash_bad = kernel.domain_bad(N, ss)
            for bad, kind in ((coop_bad, "coop"), (nash_bad, "nash")):
                if not bad.any():
                    continue
                i = np.argmax(bad) if bad.ndim else ()
                n_, a_, b_, r_, S_, s_ = (float(np.asarray(v)[i] if v.ndim else v)
                                          for v in (N, a, b, r, S, ss))
                # bounds on S in the overflow-safe form a^2/(br) = (a/b)(a/r)
                unit = (a_ / b_) * (a_ / r_)
                pt = f"N={n_:g}, a={a_:g}, b={b_:g}, r={r_:g}, S={S_:.6g}"
                if kind == "coop":
                    raise DomainError(
                        f"a - 2*sqrt(b*N*r*S) = {a_ * (1 - 2 * np.sqrt(n_) * s_):.6g} <= 0: no "
                        f"interior cooperative solution ({pt}); need S < a^2/(4bNr) = "
                        f"{unit / (4 * n_):.6g} (and for Nash S < a^2/(b r (N+1)^2) = "
                        f"{unit / (n_ + 1) ** 2:.6g})")
                raise DomainError(
                    f"a - (N+1)*sqrt(b*r*S) = {a_ * (1 - (n_ + 1) * s_):.6g} <= 0: no interior "
                    f"Nash solution ({pt}); need S < a^2/(b r (N+1)^2) = "
                    f"{unit / (n_ + 1) ** 2:.6g}")

    def _kernel_args(self):
        return (_arr(self.N), _arr(self.a), _arr(self.b), _arr(self.r), self._S, _arr(self.x0))

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        d["S_value"] = self._S
        return {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in d.items()}


def unrepresentable(out: dict, key: str, x, kind: str, S, a, b, r) -> np.ndarray:
    """Where output ``key`` of a regime's closed form (``out``, from
    :func:`endodec.model.kernel.nash_at` / ``coop_at``) is not representable in float64: NaN,
    infinite at a finite state, a value or time at a state whose natural-unit distance
    :math:`xbr/a` is subnormal, or 0 or subnormal where it is positive
    (:func:`endodec.model.kernel.breakdown`'s rules: V > 0 and cooperative Q > 0 unless
    S = x = 0, Nash Q > 0, T > 0 for x > 0). ``kind`` is ``"nash"`` or ``"coop"``; the arguments
    broadcast. The rule of :meth:`Regime.Q` and its siblings, which raise where it holds."""
    v = out[key]
    with np.errstate(invalid="ignore"):
        bad = np.isnan(v) | (np.isinf(v) & np.isfinite(x))
        positive = True
        if key in ("V", "Q"):
            positive = True if (key == "Q" and kind == "nash") else ~((S == 0) & (x == 0))
            bad = bad | ((v < kernel.TINY) & positive)
        elif key == "T":
            bad = bad | ((v < kernel.TINY) & (x > 0))
        if key == "V":  # so must the natural-unit value (breakdown())
            bad = bad | ((out["V_hat"] < kernel.TINY) & positive)
        if key in ("V", "T"):  # the distance in natural units must be normal (breakdown())
            with np.errstate(all="ignore"):
                xi = x * b / a * r
            bad = bad | ((x > 0) & np.isfinite(x) & ~(xi >= kernel.TINY))
    return bad


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
        x = as_real("x", x)
        _first_bad("x", x, ~(x >= 0), ">= 0 (distance to the crossing threshold)")
        N, a, b, r, S, _ = self.params._kernel_args()
        with np.errstate(all="ignore"):
            return self._f(N, a, b, r, S, x, np), x

    def _get(self, x, key: str) -> np.ndarray:
        """Output ``key`` at ``x``; :class:`NumericalError` where it is not representable.

        Not representable: NaN, infinite at a finite state (at :math:`x = \\infty` the value,
        output and shadow cost have finite limits and the time is infinite), a value or time at a
        state whose natural-unit distance :math:`xbr/a` is subnormal, or 0 where its value
        is positive, or subnormal (:func:`endodec.model.kernel.breakdown`'s rules: V > 0 and cooperative Q > 0
        unless S = x = 0, Nash Q > 0, T > 0 for x > 0).
        """
        out, x = self._eval(self._x(x))
        v = out[key]
        S = self.params.S_value
        p = self.params
        bad = unrepresentable(out, key, x, self.kind, S, _arr(p.a), _arr(p.b), _arr(p.r))
        if np.any(bad):
            vals = {"x": x, "N": p.N, "a": p.a, "b": p.b, "r": p.r, "S": S}
            raise NumericalError(f"{key}(x) ({self.kind})",
                                 f"evaluates to {float(np.asarray(v)[bad].flat[0]):g} at "
                                 f"{_point(vals, np.broadcast_to(bad, np.shape(v)))}")
        return v

    def V(self, x=None) -> np.ndarray:
        """Per-firm value :math:`V(x)` (Nash :math:`V^N`, cooperative :math:`V^P`)."""
        return self._get(x, "V")

    def dV(self, x=None) -> np.ndarray:
        """Per-firm shadow cost :math:`V'(x)` (cooperative: per firm; see :meth:`social_dV`)."""
        return self._get(x, "dV")

    def social_dV(self, x=None) -> np.ndarray:
        """Shadow cost the regime's decision maker internalizes: Nash :math:`V^{N\\prime}`,
        cooperative :math:`N V^{P\\prime}`."""
        return self._get(x, "social_dV" if self.kind == "coop" else "dV")

    def Q(self, x=None) -> np.ndarray:
        """Aggregate output rate: Nash :math:`N q^N(x)` (eq. 7), cooperative :math:`Q^C(x)` (eq. 9)."""
        return self._get(x, "Q")

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
        return self._get(x, "T")

    def path(self, t) -> dict[str, np.ndarray]:
        """State path :math:`x(t)` and cumulative output :math:`Q(t) - Q(0) = x_0 - x(t)`.

        Exact: the cooperative path is explicit; the Nash path inverts the exact crossing-time
        formula by Newton's method. After crossing (``t >= T*``) ``x = 0``.

        Returns
        -------
        dict with ``t``, ``x``, ``cumulative`` (output produced since t=0) and ``Q`` (rate).
        """
        t = as_real("t", t)
        _first_bad("t", t, ~(t >= 0), ">= 0")
        N, a, b, r, S, x0 = self.params._kernel_args()
        with np.errstate(all="ignore"):
            return self._path(t, N, a, b, r, S, x0)

    def _path(self, t, N, a, b, r, S, x0):
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
        Qrate = np.where(tau > 0, self._get(x, "Q"), 0.0)
        if not (np.all(np.isfinite(x)) and np.all(np.isfinite(Qrate))):
            raise NumericalError(f"x(t) ({self.kind})", "the state path over/underflows float64")
        return {"t": t, "x": x, "cumulative": x0 - x, "Q": Qrate}

    def _x(self, x):
        return self.params.x0 if x is None else x

    def __repr__(self) -> str:
        return f"Regime({self.kind!r}, {self.params!r})"


def nash(params: GameParams | None = None, **kw) -> Regime:
    """Symmetric Markov perfect equilibrium (seed 000 §3.2, eqs. 5-7, ODE-N, N-exact).

    Parameters
    ----------
    params : GameParams, optional
        The game (default: the baseline of :mod:`endodec.model.params`).
    **kw
        Fields of :class:`GameParams` used instead of ``params`` (``nash(N=8)``).

    Returns
    -------
    Regime
        Value function, policy and aggregate output of the Nash regime as callables of x.

    Raises
    ------
    DomainError
        If ``a <= (N+1) sqrt(b r S)`` (no interior Nash solution) or the cooperative domain
        fails (both regimes are validated together).
    """
    return Regime(params if params is not None else GameParams(**kw), "nash")


def cooperative(params: GameParams | None = None, **kw) -> Regime:
    """Cooperative (cartel) benchmark (seed 000 §3.3, eqs. 8-9, ODE-C, C-exact).

    Parameters
    ----------
    params : GameParams, optional
        The game (default: the baseline of :mod:`endodec.model.params`).
    **kw
        Fields of :class:`GameParams` used instead of ``params``.

    Returns
    -------
    Regime
        Value function, policy and aggregate output of the cooperative regime.
    """
    return Regime(params if params is not None else GameParams(**kw), "coop")


@dataclass(frozen=True, repr=False)
class GameSolution(ResultBase):
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

    Notes
    -----
    ``to_frame()`` has one row per parameter point: the (broadcast) parameters ``N, a, b, r,
    delta, x0, S_T`` (``S_I`` when given), the continuation value ``S`` and the convention, then
    the outputs; ``to_dict()`` the outputs as (nested) lists, ``S``, ``params`` and
    ``proposition1`` when checked.
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

    _summary_title = "Endogenous decentralization game: Nash MPE vs cooperative benchmark"
    _OUTPUTS = ("V_N", "V_P", "T_nash", "T_coop", "welfare_loss", "delta_W", "acceleration",
                "overinvestment_ratio", "Q_N0", "Q_C0")

    def _outputs(self) -> dict[str, np.ndarray]:
        d = {k: np.asarray(getattr(self, k)) for k in self._OUTPUTS}
        d.update({f"shadow_{k}": np.asarray(v) for k, v in self.shadow.items()})
        return d

    def _dict_fields(self) -> dict[str, Any]:
        d: dict[str, Any] = dict(self._outputs())
        d["S"] = np.asarray(self.params.S_value)
        if self.proposition1 is not None:
            d["proposition1"] = self.proposition1
        d["params"] = self.params.to_dict()
        return d

    def _scalars(self) -> dict[str, Any]:
        if np.ndim(self.V_N):
            return {"points": int(np.size(self.V_N)), "convention": self.params.convention}
        return {k: float(v) for k, v in self._outputs().items()}

    def _frame(self):
        import pandas as pd

        p = self.params
        cols = {k: getattr(p, k) for k in PARAM_ORDER if k != "S" and getattr(p, k) is not None}
        cols["S"] = p.S_value
        cols.update(self._outputs())
        shape = np.broadcast_shapes(*(np.shape(v) for v in cols.values()))
        df = pd.DataFrame({k: np.broadcast_to(np.asarray(v, dtype=float), shape).ravel()
                           for k, v in cols.items()})
        df.insert(len(cols) - len(self._outputs()), "convention", p.convention)
        return df

    def _summary_tables(self):
        import pandas as pd

        if np.ndim(self.V_N):
            out = self.to_frame()[[*self._OUTPUTS]]
            return [(f"over {out.shape[0]} parameter points", out.describe().T)]
        return [("", pd.DataFrame({"value": list(self._scalars().values())},
                                  index=list(self._scalars())))]

    def _summary_text(self) -> str:
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
        return str(self.summary())


def solve(params: GameParams | None = None, check: bool = False, **kw) -> GameSolution:
    """Solve the game exactly at :math:`x_0` (vectorized over array parameters).

    Parameters
    ----------
    params : GameParams, optional
        Parameters (defaults: the paper's baseline, convention "code").
    check : bool
        Also run :func:`~endodec.model.proposition1.check_proposition1` (scalar parameters
        only).
    **kw
        Passed to :class:`GameParams` when ``params`` is None.

    Raises
    ------
    ParameterError
        Invalid parameters (when built from ``**kw``).
    DomainError
        If there is no interior solution (see :meth:`GameParams.check_domain`).
    NumericalError
        If S or an output is not representable in float64 (:func:`S_breakdown`,
        :func:`endodec.model.kernel.breakdown`): NaN or infinite, or 0 by underflow where it is
        positive. Never NaN outputs (``overinvestment_ratio`` is exactly ``inf`` at S = x0 = 0).
    """
    p = params if params is not None else GameParams(**kw)
    p.check_domain()
    N, a, b, r, S, x0 = p._kernel_args()
    with np.errstate(all="ignore"):
        out = kernel.game_kernel(N, a, b, r, S, x0, xp=np)
        n0 = kernel.nash_at(N, a, b, r, S, 0.0, np)
        c0 = kernel.coop_at(N, a, b, r, S, 0.0, np)
    _raise_breakdown(p, out)
    shadow = {
        "V_N'(0)": n0["dV"],
        "N V_P'(0)": c0["social_dV"],
        "V_N'(x0)": out["dV_N0"],
        "N V_P'(x0)": out["social_dV_P0"],
    }
    for k, v in shadow.items():  # V'(0) is at most a (finite): guards only a NaN from a bug
        if not np.all(np.isfinite(v)):
            raise NumericalError(k, f"at {_point(_vals(p), ~np.isfinite(v))}")
    prop = None
    if check and not p.shape:
        from endodec.model.proposition1 import check_proposition1

        prop = check_proposition1(p)
    return GameSolution(p, out["V_N"], out["V_P"], out["T_N"], out["T_C"], out["welfare_loss"],
                        out["delta_W"], out["acceleration"], out["ratio"], out["Q_N0"],
                        out["Q_C0"], shadow, prop)


def _vals(p: GameParams) -> dict:
    return {"N": p.N, "a": p.a, "b": p.b, "r": p.r, "delta": p.delta, "x0": p.x0,
            "S": p.S_value}


def _raise_breakdown(p: GameParams, out: dict) -> None:
    """:class:`NumericalError` for the first point with kernel code 4 (float64 breakdown)."""
    code = np.asarray(out["code"])
    if np.any(code == 4):
        num = np.asarray(out["num"])
        bad = code == 4
        q = NUMERICAL[int(num[bad].flat[0])]  # num = 1 + BREAKDOWN index; NUMERICAL[0] is S
        raise NumericalError(q, f"over/underflow at {_point(_vals(p), bad)}")
    if np.any(code != 0):  # pragma: no cover - check_domain has excluded codes 1-3
        raise DomainError(f"game kernel: {kernel.CODES[int(code[code != 0].flat[0])]}")
