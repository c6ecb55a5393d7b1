r"""The R0 adoption framework (seed 000 §3.9; seed 001 §2.3, §3.10, §5.4).

Cost parity is necessary but not sufficient for self-sustaining distributed adoption: the
distributed ecosystem's basic reproduction number must exceed one (seed 000 eq. 12; seed 001
eq. 12),

.. math:: R_0 = \beta(c, \lambda)\,\gamma / (\kappa + \mu) > 1 .

This module gives

- :func:`beta`: the adoption rate in the three specifications of seed 000 Table 8 (linear, power
  law, logistic) written around the *effective advantage*
  :math:`u = \beta_0 (c^* - c) + \lambda` of seed 001 eq. (13) (``beta0 = 1`` and ``clip=False``
  give seed 000's forms; ``clip=True`` applies seed 001's positive part :math:`(c^*-c)^+`);
- :class:`AdoptionParams` (frozen, validated, broadcastable) and :func:`r0` as a function of
  cumulative production through Wright's law :math:`c(Q) = c_0 Q^{-\alpha}`,
  :math:`c_0 = c^* \bar Q^{\alpha}`;
- :func:`threshold_Q_star`: the modified threshold :math:`\bar Q^*` (seed 000 eq. 13; seed 001
  eq. 18) *with its domain*: a :class:`ThresholdResult` says whether R0 crosses one, is above one
  for every Q, or never reaches one (no NaN anywhere);
- :func:`classify_regime`: Definition 3 (friction- vs network-dominated);
- :func:`coordination_lag`: :math:`\Delta T` of seed 000 eq. (15), from the game's exact
  crossing times.

The dynamics (share paths :math:`s(t)` of seed 001 eq. 11, distributed R0 of eq. 21, dual
convergence) are :mod:`endodec.model.adoption_dynamics`; R0 implied by observed shares (seed 001
eq. 20) is an estimator, :mod:`endodec.empirics.implied_r0`.

Units. ``Q_bar`` and ``Q0`` are in the units of the game's state ``x`` (the game is played on
:math:`x = \bar Q^* - Q`, Proposition 1*); rates (``kappa``, ``mu``, ``beta0 * cost``, ``lam``)
are per model time unit. ``beta0`` converts a unit-cost saving into an adoption rate.

Closed form of Table 8. With :math:`y = (\kappa+\mu)/\gamma` and :math:`g` the link
(:math:`g(u)=u`, :math:`u^p`, :math:`1/(1+e^{-k(u-u_0)})`), :math:`R_0 = 1` iff :math:`u = g^{-1}(y)`:
:math:`y`, :math:`y^{1/p}` and :math:`u_0 + \operatorname{logit}(y)/k` respectively, so
:math:`c^{**} = c^* - (g^{-1}(y) - \lambda)/\beta_0` and
:math:`\bar Q^* = \bar Q (c^{**}/c^*)^{-1/\alpha}`. The logistic case is closed form too (Table 8
prints "implicit; numerical"); it needs :math:`0 < y < 1`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
from scipy.special import expit, logit

from endodec._validate import as_array, first_bad, in_range
from endodec.errors import DomainError, ParameterError
from endodec.results import ResultBase

__all__ = [
    "SPECS", "AdoptionParams", "beta", "beta_inverse", "r0", "ThresholdResult",
    "threshold_Q_star", "dQstar_dkappa", "qstar_kappa_fn", "RegimeClassification",
    "classify_regime", "CoordinationLag", "coordination_lag", "ThresholdReport",
]

SPECS = ("linear", "power", "logistic")

FRICTION, NETWORK, BOUNDARY = "friction-dominated", "network-dominated", "boundary"


def _arr(v) -> np.ndarray:
    return np.asarray(v, dtype=float)


def _num(name: str, v) -> np.ndarray:
    """``v`` as a float array, or :class:`ParameterError` naming ``name`` (wrong type)."""
    return as_array(name, v)


def _finite(name: str, v, allowed: str = "finite", lo: float = -np.inf,
            lo_open: bool = False) -> np.ndarray:
    """``v`` as a float array, checked finite and ``>= lo`` (``> lo`` if ``lo_open``)."""
    return in_range(name, v, lo=None if lo == -np.inf else lo, lo_open=lo_open, allowed=allowed,
                    type_allowed="a number or an array of numbers")


def _check(name: str, v, bad, allowed: str) -> None:
    first_bad(name, _num(name, v), bad, allowed)


def _no_overflow(quantity: str, v) -> None:
    """:class:`NumericalError` if the computed ``v`` is not finite (float64 overflow)."""
    if not np.all(np.isfinite(v)):
        from endodec.errors import NumericalError

        raise NumericalError(quantity, "the result overflows float64 for these inputs")


def _out(v):
    """0-d arrays -> Python float, arrays unchanged."""
    v = np.asarray(v)
    return v.item() if v.ndim == 0 else v


# ---------------------------------------------------------------------------------------------
# adoption rate
# ---------------------------------------------------------------------------------------------
def _advantage(c, lam, c_star, beta0, clip):
    gap = _arr(c_star) - _arr(c)
    if clip:
        gap = np.maximum(gap, 0.0)
    return _arr(beta0) * gap + _arr(lam)


def _link(u, spec, p, k, c_mid):
    if spec == "linear":
        return u
    if spec == "power":
        return np.maximum(u, 0.0) ** _arr(p)
    return expit(_arr(k) * (u - _arr(c_mid)))


def beta_inverse(y, spec: str = "linear", *, p=2.0, k=1.0, c_mid=0.0):
    r"""Effective advantage :math:`u = g^{-1}(y)` at which the adoption link equals ``y``.

    Returns ``+inf`` where no finite advantage reaches ``y`` (logistic with ``y >= 1``) and
    ``-inf`` for logistic ``y <= 0``. Inverts seed 000 Table 8 (all three rows in closed form).
    """
    y = _arr(y)
    if spec == "linear":
        return y
    if spec == "power":
        return np.maximum(y, 0.0) ** (1.0 / _arr(p))
    if spec == "logistic":
        with np.errstate(divide="ignore"):
            z = np.where(y >= 1, np.inf, np.where(y <= 0, -np.inf, logit(np.clip(y, 1e-300, 1 - 1e-16))))
        return _arr(c_mid) + z / _arr(k)
    raise ParameterError("spec", spec, f"one of {SPECS}")


def beta(c, lam, spec: str = "linear", *, c_star, beta0=1.0, clip: bool = False, p=2.0, k=1.0,
         c_mid=0.0):
    r"""Adoption rate :math:`\beta(c, \lambda)` (seed 000 Table 8; seed 001 eq. 13).

    With the effective advantage :math:`u = \beta_0 (c^* - c) + \lambda` (``clip=True``:
    :math:`\beta_0 (c^* - c)^+ + \lambda`, seed 001 eq. 13):

    - ``"linear"``: :math:`\beta = u` (seed 000: :math:`(c^*-c)+\lambda`, i.e. ``beta0=1``);
    - ``"power"``: :math:`\beta = (u^+)^p` (seed 000: :math:`((c^*-c)+\lambda)^p`; the positive
      part keeps a real value where the base is negative);
    - ``"logistic"``: :math:`\beta = 1/(1+e^{-k(u - c_{\rm mid})})` (seed 000 writes the location
      as :math:`c_0`, renamed here to avoid a clash with Wright's :math:`c_0`).

    Parameters
    ----------
    c : array_like
        Distributed unit cost :math:`c(Q)`.
    lam : array_like
        Latency advantage :math:`\lambda` (an adoption rate).
    spec : {"linear", "power", "logistic"}
    c_star : array_like
        Centralized cost benchmark :math:`c^*` (keyword).
    beta0 : array_like
        Conversion of unit-cost savings into adoption rate (seed 001 eq. 13); seed 000: 1.
    clip : bool
        Apply the positive part to the cost saving (seed 001) or not (seed 000).
    p, k, c_mid : array_like
        Power-law exponent; logistic slope and location.
    """
    if spec not in SPECS:
        raise ParameterError("spec", spec, f"one of {SPECS}")
    return _link(_advantage(c, lam, c_star, beta0, clip), spec, p, k, c_mid)


# ---------------------------------------------------------------------------------------------
# parameters
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class AdoptionParams:
    r"""Parameters of the R0 framework (seed 000 §3.9; seed 001 §3.10).

    Every numeric field may be a scalar or an array (arrays broadcast).

    Parameters
    ----------
    gamma : float
        Network effect multiplier :math:`\gamma > 0`.
    kappa : float
        Coordination friction :math:`\kappa \ge 0`.
    mu : float
        Churn rate :math:`\mu \ge 0` (``kappa + mu > 0``).
    lam : float
        Latency advantage :math:`\lambda \ge 0` (an adoption rate: it is added to
        :math:`\beta_0 (c^* - c)`).
    beta0 : float
        Cost-saving-to-adoption-rate conversion :math:`\beta_0 > 0` (seed 001 eq. 13; seed 000: 1).
    c_star : float
        Centralized cost benchmark :math:`c^* > 0` (cost parity: :math:`c(\bar Q) = c^*`).
    alpha : float
        Learning elasticity :math:`\alpha > 0` of :math:`c(Q) = c_0 Q^{-\alpha}`.
    Q_bar : float
        Cost-parity (hardware) threshold :math:`\bar Q > 0`.
    Q0 : float
        Cumulative production at time 0 (:math:`0 < Q_0`); the game starts at
        :math:`x_0 = \bar Q^* - Q_0`.
    spec : {"linear", "power", "logistic"}
        Adoption function (seed 000 Table 8).
    clip : bool
        Positive part on the cost saving (seed 001 eq. 13, default) or not (seed 000 Table 8).
    p : float
        Power-law exponent (> 0).
    k, c_mid : float
        Logistic slope (> 0) and location.

    Notes
    -----
    The defaults are illustrative (friction-dominated, ``R0 = 0.5`` at parity) with the paper's
    HBM calibration of the learning curve: :math:`c^* = 5` $/GB, :math:`\bar Q = 112` EB,
    :math:`\alpha = 0.23`, :math:`Q_0 = 2.5` EB (so :math:`c(Q_0) \approx 12` $/GB).
    """

    gamma: Any = 1.0
    kappa: Any = 0.3
    mu: Any = 0.1
    lam: Any = 0.2
    beta0: Any = 0.2
    c_star: Any = 5.0
    alpha: Any = 0.23
    Q_bar: Any = 112.0
    Q0: Any = 2.5
    spec: str = "linear"
    clip: bool = True
    p: Any = 2.0
    k: Any = 1.0
    c_mid: Any = 0.0
    _shape: tuple = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if self.spec not in SPECS:
            raise ParameterError("spec", self.spec, f"one of {SPECS}")
        pos = ("gamma", "beta0", "c_star", "alpha", "Q_bar", "Q0", "p", "k")
        for name in pos:
            v = _num(name, getattr(self, name))
            _check(name, v, ~(v > 0) | ~np.isfinite(v), "> 0 and finite")
        for name in ("kappa", "mu", "lam"):
            v = _num(name, getattr(self, name))
            _check(name, v, ~(v >= 0) | ~np.isfinite(v), ">= 0 and finite")
        km = _arr(self.kappa) + _arr(self.mu)
        _check("kappa + mu", km, ~(km > 0), "> 0 (otherwise R0 is infinite)")
        v = _num("c_mid", self.c_mid)
        _check("c_mid", v, ~np.isfinite(v), "finite")
        try:
            shape = np.broadcast_shapes(*(np.shape(getattr(self, f.name)) for f in fields(self)
                                          if f.init and f.name not in ("spec", "clip")))
        except ValueError as e:
            raise ParameterError("shapes", "mismatch", "broadcastable arrays", str(e)) from None
        object.__setattr__(self, "_shape", shape)

    # derived ---------------------------------------------------------------------------------
    @property
    def shape(self) -> tuple:
        return self._shape

    @property
    def c0(self) -> np.ndarray:
        r"""Wright's-law scale :math:`c_0 = c^* \bar Q^{\alpha}` (so :math:`c(\bar Q) = c^*`)."""
        return _arr(self.c_star) * _arr(self.Q_bar) ** _arr(self.alpha)

    @property
    def y(self) -> np.ndarray:
        r""":math:`(\kappa+\mu)/\gamma`: the adoption rate R0 = 1 requires."""
        return (_arr(self.kappa) + _arr(self.mu)) / _arr(self.gamma)

    def cost(self, Q) -> np.ndarray:
        r"""Distributed unit cost :math:`c(Q) = c_0 Q^{-\alpha}` (eq. 1)."""
        Q = _num("Q", Q)
        _check("Q", Q, ~(Q > 0), "> 0 (cumulative production)")
        return self.c0 * Q ** (-_arr(self.alpha))

    def beta_at(self, c) -> np.ndarray:
        """Adoption rate at unit cost ``c`` under these parameters."""
        return beta(c, self.lam, self.spec, c_star=self.c_star, beta0=self.beta0,
                    clip=self.clip, p=self.p, k=self.k, c_mid=self.c_mid)

    def replace(self, **changes) -> AdoptionParams:
        kw = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        kw.update(changes)
        return AdoptionParams(**kw)

    def to_dict(self) -> dict[str, Any]:
        d = {f.name: getattr(self, f.name) for f in fields(self) if f.init}
        return {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in d.items()}

    @classmethod
    def seed000(cls, **kw) -> AdoptionParams:
        """Seed 000 Table 8 / eq. (13) reading: ``beta0 = 1``, no positive part."""
        kw.setdefault("beta0", 1.0)
        kw.setdefault("clip", False)
        return cls(**kw)


def r0(Q, params: AdoptionParams | None = None):
    r""":math:`R_0(Q) = \beta(c(Q), \lambda)\gamma/(\kappa+\mu)` (seed 000 eq. 12; seed 001 eq. 12).

    Non-decreasing in cumulative production ``Q`` (the cost falls along the learning curve).

    Parameters
    ----------
    Q : float or array_like
        Cumulative production (broadcasts).
    params : AdoptionParams, optional
        Adoption parameters (default: ``AdoptionParams()``).

    Returns
    -------
    numpy.ndarray
        :math:`R_0` at each ``Q``.
    """
    p = params if params is not None else AdoptionParams()
    return _out(p.beta_at(p.cost(Q)) * _arr(p.gamma) / (_arr(p.kappa) + _arr(p.mu)))


def _r0_parity(p: AdoptionParams) -> np.ndarray:
    return p.beta_at(p.c_star) * _arr(p.gamma) / (_arr(p.kappa) + _arr(p.mu))


# ---------------------------------------------------------------------------------------------
# threshold Q*
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class ThresholdResult(ResultBase):
    r"""Modified threshold :math:`\bar Q^*` with its domain (seed 000 eq. 13; seed 001 eq. 18).

    Attributes
    ----------
    Q_star : float or ndarray
        Cumulative production at which :math:`R_0 = 1`. ``0.0`` where R0 >= 1 at every Q
        (status ``"always"``), ``+inf`` where R0 < 1 at every Q (status ``"never"``).
    exists : bool or ndarray
        True where R0 crosses one at a finite, positive Q (status ``"crossing"``).
    status : str or ndarray of str
        ``"crossing"``, ``"always"`` or ``"never"``.
    c_star_star : float or ndarray
        Critical cost :math:`c^{**}` of Table 8 (may be <= 0 or > c*: then no crossing/always).
    formula_Q_star : float or ndarray
        The printed closed form evaluated literally (``+inf`` where its base is <= 0). Differs from
        ``Q_star`` only with the positive part (``clip=True``) in the network-dominated regime,
        where R0 is flat below parity and eq. (18)'s value is not an R0 = 1 point.
    reason : str
        Plain-language explanation.
    """

    params: AdoptionParams
    Q_star: Any
    exists: Any
    status: Any
    c_star_star: Any
    formula_Q_star: Any
    reason: str

    @property
    def gap(self):
        r"""Coordination gap :math:`G^C = \bar Q^* - \bar Q` (Appendix C.1; inf where never)."""
        return _out(_arr(self.Q_star) - _arr(self.params.Q_bar))

    def _dict_fields(self) -> dict[str, Any]:
        return {**super()._dict_fields(), "params": self.params.to_dict()}

    def _frame(self):
        import pandas as pd

        shape = np.broadcast_shapes(self.params.shape, np.shape(self.Q_star))
        cols = {k: v for k, v in self.params.to_dict().items() if k not in ("spec", "clip")}
        cols.update({k: getattr(self, k) for k in ("Q_star", "exists", "status", "c_star_star",
                                                   "formula_Q_star")})
        df = pd.DataFrame({k: np.broadcast_to(np.asarray(v), shape).ravel()
                           for k, v in cols.items()})
        return df.assign(spec=self.params.spec, clip=self.params.clip)

    def require(self) -> ThresholdResult:
        """Raise :class:`DomainError` unless R0 crosses one everywhere; return self."""
        ok = np.asarray(self.exists)
        if not np.all(ok):
            raise DomainError(f"no R0 = 1 crossing: {self.reason}")
        return self

    def _summary_text(self) -> str:
        p = self.params
        if np.ndim(self.Q_star):
            st = np.asarray(self.status)
            return (f"Q* over {st.size} parameter points: " + ", ".join(
                f"{s}: {int((st == s).sum())}" for s in ("crossing", "always", "never")))
        lines = [
            "Modified threshold Q* (R0 = 1; seed 000 eq. 13 / seed 001 eq. 18)",
            f"  spec={p.spec} clip={p.clip} gamma={p.gamma} kappa={p.kappa} mu={p.mu} "
            f"lam={p.lam} beta0={p.beta0} c*={p.c_star} alpha={p.alpha} Q_bar={p.Q_bar}",
            f"  status                {self.status}",
            f"  Q*                    {float(self.Q_star):.6g}",
            f"  Q*/Q_bar              {float(self.Q_star) / float(p.Q_bar):.6g}",
            f"  c**                   {float(self.c_star_star):.6g}",
            f"  formula (eq. 13/18)   {float(self.formula_Q_star):.6g}",
            f"  {self.reason}",
        ]
        return "\n".join(lines)

    def __str__(self) -> str:
        return str(self.summary())


def threshold_Q_star(params: AdoptionParams | None = None) -> ThresholdResult:
    r"""Cumulative production :math:`\bar Q^*` at which :math:`R_0 = 1`, with its domain.

    Implements seed 000 eq. (13) / Table 8 and seed 001 eqs. (15)-(18):
    :math:`\bar Q^* = \bar Q\,(1 - (\kappa+\mu)/(\beta_0\gamma c^*) + \lambda/(\beta_0 c^*))^{-1/\alpha}`
    (linear case), generally :math:`\bar Q^* = \bar Q (c^{**}/c^*)^{-1/\alpha}`.

    Domain. :math:`R_0(Q)` is non-decreasing with
    :math:`\sup_Q R_0 = g(\beta_0 c^* + \lambda)\gamma/(\kappa+\mu)` (zero cost). Hence

    - ``"never"``: :math:`c^{**} \le 0`, i.e. :math:`(\kappa+\mu)/\gamma - \lambda \ge \beta_0 c^*`
      for the linear case (eq. 18's base is :math:`\le 0`): R0 < 1 even at zero cost;
      logistic also when :math:`(\kappa+\mu)/\gamma \ge 1`;
    - ``"always"`` (only with the positive part, seed 001): :math:`\lambda\gamma \ge \kappa+\mu`
      (network-dominated or boundary): R0 >= 1 at every Q, the ecosystem is self-sustaining from
      the start (seed 001: "Coordination lag ΔT ≈ 0");
    - ``"crossing"`` otherwise.

    Parameters
    ----------
    params : AdoptionParams, optional
        Adoption parameters (default: ``AdoptionParams()``).

    Returns
    -------
    ThresholdResult
        :math:`\bar Q^*`, its status (``"crossing"``, ``"never"``, ``"always"``) and the domain.
    """
    p = params if params is not None else AdoptionParams()
    y = p.y
    u_star = beta_inverse(y, p.spec, p=p.p, k=p.k, c_mid=p.c_mid)
    lam, beta0, cst = _arr(p.lam), _arr(p.beta0), _arr(p.c_star)
    with np.errstate(invalid="ignore", over="ignore"):
        css = cst - (u_star - lam) / beta0  # -inf where u_star = inf
        never = ~(css > 0)
        safe = np.where(never, 1.0, css)
        formula = np.where(never, np.inf, _arr(p.Q_bar) * (safe / cst) ** (-1.0 / _arr(p.alpha)))
    if p.clip:
        always = (u_star <= lam) & ~never if p.spec != "logistic" else (u_star <= lam)
        always = np.broadcast_to(always, np.broadcast_shapes(always.shape, never.shape))
        never = never & ~always
    else:
        always = np.zeros(np.broadcast_shapes(np.shape(never), np.shape(u_star)), bool)
    never = np.broadcast_to(never, always.shape)
    status = np.where(always, "always", np.where(never, "never", "crossing"))
    Q_star = np.where(always, 0.0, np.broadcast_to(formula, always.shape))
    Q_star = np.where(never, np.inf, Q_star)
    exists = status == "crossing"
    if status.ndim == 0:
        s = str(status)
        if s == "crossing":
            side = ">" if float(Q_star) > float(p.Q_bar) else ("<" if float(Q_star) < float(p.Q_bar) else "=")
            reason = (f"R0 crosses 1 at Q* = {float(Q_star):.6g} {side} Q_bar = {float(p.Q_bar):.6g} "
                      f"({FRICTION if side == '>' else NETWORK if side == '<' else BOUNDARY})")
        elif s == "always":
            reason = ("R0 >= 1 at every Q: with the positive part (seed 001 eq. 13) beta = lam below "
                      "parity and lam*gamma >= kappa + mu (network-dominated); eq. (18) gives "
                      f"{float(formula):.6g} but R0 is flat there, not equal to 1")
        else:
            reason = ("no crossing: R0 < 1 even at zero cost (sup R0 = "
                      f"{float(_r0_sup(p)):.6g}); eq. (18)'s base 1 - (kappa+mu)/(beta0 gamma c*) "
                      "+ lam/(beta0 c*) is <= 0" + (" or (kappa+mu)/gamma >= 1 (logistic beta < 1)"
                                                   if p.spec == "logistic" else ""))
    else:
        reason = ", ".join(f"{s}: {int((status == s).sum())}" for s in ("crossing", "always", "never"))
    return ThresholdResult(p, _out(Q_star), _out(exists), status.item() if status.ndim == 0 else status,
                           _out(css), _out(formula), reason)


def _r0_sup(p: AdoptionParams):
    u = _arr(p.beta0) * _arr(p.c_star) + _arr(p.lam)
    return _link(u, p.spec, p.p, p.k, p.c_mid) * _arr(p.gamma) / (_arr(p.kappa) + _arr(p.mu))


def qstar_kappa_fn(params: AdoptionParams) -> Callable[[float], float]:
    """Fast scalar map ``kappa -> Q*`` for fixed other (scalar) parameters.

    Same formulas and statuses as :func:`threshold_Q_star` (``0.0`` for "always", ``inf`` for
    "never") without re-validating a parameter object on every call; used inside ODE right-hand
    sides (Appendix C). Tested against :func:`threshold_Q_star`.
    """
    p = params
    _scalar(p, "qstar_kappa_fn")
    mu, gam, lam, b0 = float(p.mu), float(p.gamma), float(p.lam), float(p.beta0)
    cst, c0, ia = float(p.c_star), float(p.c0), 1.0 / float(p.alpha)
    spec, kw = p.spec, {"p": float(p.p), "k": float(p.k), "c_mid": float(p.c_mid)}

    def f(kappa: float) -> float:
        u = float(beta_inverse((kappa + mu) / gam, spec, **kw))
        if p.clip and u <= lam:
            return 0.0
        css = cst - (u - lam) / b0
        if not css > 0:
            return float("inf")
        return (c0 / css) ** ia

    return f


def dQstar_dkappa(params: AdoptionParams | None = None):
    r""":math:`\partial \bar Q^*/\partial\kappa` in closed form (seed 001 §3.10.4, "monotonicity in κ").

    :math:`\bar Q^* = (c_0/c^{**})^{1/\alpha}`, :math:`c^{**} = c^* - (g^{-1}(y) - \lambda)/\beta_0`,
    :math:`y = (\kappa+\mu)/\gamma`, so
    :math:`\partial\bar Q^*/\partial\kappa = \bar Q^* (g^{-1})'(y) / (\alpha\, c^{**} \beta_0 \gamma) > 0`.
    Zero where the status is ``"always"`` (locally), ``+inf`` never occurs: raises
    :class:`DomainError` where no crossing exists.
    """
    p = params if params is not None else AdoptionParams()
    th = threshold_Q_star(p)
    st = np.asarray(th.status)
    if np.any(st == "never"):
        raise DomainError(f"dQ*/dkappa undefined: {th.reason}")
    y = p.y
    if p.spec == "linear":
        dginv = np.ones_like(y)
    elif p.spec == "power":
        dginv = (1.0 / _arr(p.p)) * y ** (1.0 / _arr(p.p) - 1.0)
    else:
        dginv = 1.0 / (_arr(p.k) * y * (1.0 - y))
    d = _arr(th.Q_star) * dginv / (_arr(p.alpha) * _arr(th.c_star_star) * _arr(p.beta0) * _arr(p.gamma))
    return _out(np.where(st == "always", 0.0, d))


# ---------------------------------------------------------------------------------------------
# regimes (Definition 3)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class RegimeClassification(ResultBase):
    r"""Definition 3 (seed 000 §3.9.1): friction-dominated iff :math:`\beta(0,\lambda)\gamma < \kappa+\mu`.

    Attributes
    ----------
    regime : str or ndarray of str
        ``"friction-dominated"``, ``"network-dominated"`` or ``"boundary"``.
    R0_parity : float or ndarray
        :math:`R_0` at cost parity, :math:`\beta(0,\lambda)\gamma/(\kappa+\mu)` (seed 001 eq. 14).
    """

    regime: Any
    R0_parity: Any

    def _summary_text(self) -> str:
        if np.ndim(self.R0_parity):
            r = np.asarray(self.regime)
            return ", ".join(f"{k}: {int((r == k).sum())}" for k in (FRICTION, NETWORK, BOUNDARY))
        return f"{self.regime} (R0 at cost parity = {float(self.R0_parity):.6g})"

    def __str__(self) -> str:
        return str(self.summary())


def classify_regime(params: AdoptionParams | None = None, rtol: float = 1e-12) -> RegimeClassification:
    r"""Classify the transition by Definition 3 (seed 000 §3.9.1; seed 001 eq. 14).

    ``R0`` at cost parity is :math:`g(\lambda)\gamma/(\kappa+\mu)` for every specification
    (linear: :math:`\lambda\gamma/(\kappa+\mu)`). Values within ``rtol`` of 1 are ``"boundary"``.
    """
    p = params if params is not None else AdoptionParams()
    R = _r0_parity(p)
    reg = np.where(np.abs(R - 1.0) <= rtol, BOUNDARY, np.where(R < 1.0, FRICTION, NETWORK))
    return RegimeClassification(reg.item() if reg.ndim == 0 else reg, _out(R))


def _scalar(p: AdoptionParams, what: str) -> None:
    if p.shape:
        raise ParameterError("params", "array", f"scalar parameters for {what}")


# ---------------------------------------------------------------------------------------------
# coordination lag, eq. (15)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class CoordinationLag(ResultBase):
    r"""Coordination lag :math:`\Delta T = T^*_{R_0} - T^*_{\rm hardware}` (seed 000 eq. 15).

    Attributes
    ----------
    T_hw, T_R0, delta_T : float or ndarray
        Crossing times (model units) and their difference; ``inf`` where R0 never crosses.
    status : str or ndarray
        Threshold status (see :class:`ThresholdResult`).
    regime : str or ndarray
        Definition 3 regime.
    target : str or ndarray
        Threshold the game is played towards: ``Q_star`` (friction-dominated, Proposition 1*)
        or ``Q_bar`` (network-dominated / no crossing: Q* is reached inside the cost-parity game).
    """

    T_hw: Any
    T_R0: Any
    delta_T: Any
    status: Any
    regime: Any
    target: Any
    reason: str

    def _summary_text(self) -> str:
        if np.ndim(self.delta_T):
            d = np.asarray(self.delta_T)
            fin = np.isfinite(d)
            return (f"coordination lag over {d.size} points: finite {int(fin.sum())}, "
                    f"range {d[fin].min() if fin.any() else float('nan'):.4g} to "
                    f"{d[fin].max() if fin.any() else float('nan'):.4g}")
        return (f"Coordination lag (seed 000 eq. 15): T_hw = {float(self.T_hw):.6g}, "
                f"T_R0 = {float(self.T_R0):.6g}, dT = {float(self.delta_T):.6g} "
                f"[{self.regime}; Q* {self.status}; game towards {self.target}]. {self.reason}")

    def __str__(self) -> str:
        return str(self.summary())


def coordination_lag(params: AdoptionParams | None = None, game_params=None,
                     regime: str = "nash") -> CoordinationLag:
    r"""Coordination lag :math:`\Delta T` between hardware and R0 crossing (seed 000 eq. 15; 001 §3.10.5).

    Fixed :math:`\kappa` (§3.9.2). The game's crossing time from state :math:`x`,
    :math:`T(x)`, is exact and autonomous, so along one equilibrium path the time between passing
    cumulative levels :math:`L_1 < L_2 \le Q_{\rm target}` is :math:`T(Q_{\rm target}-L_1) -
    T(Q_{\rm target}-L_2)`. Hence

    - friction-dominated (:math:`\bar Q^* > \bar Q`), game towards :math:`\bar Q^*`
      (Proposition 1*): :math:`\Delta T = T(\bar Q^* - \bar Q) > 0` -- the crossing time *from
      the coordination gap* :math:`G^C` (Appendix C.1);
    - network-dominated with :math:`\bar Q^* < \bar Q` (seed 000, no positive part): the R0
      crossing happens first; measured along the cost-parity game towards :math:`\bar Q`,
      :math:`\Delta T = -T(\bar Q - \bar Q^*) < 0`;
    - status ``"always"`` (seed 001's positive part, :math:`\lambda\gamma \ge \kappa+\mu`):
      :math:`T_{R_0} = 0`, :math:`\Delta T = -T_{hw}` (self-sustaining before parity);
    - status ``"never"``: :math:`T_{R_0} = \Delta T = +\infty`.

    Vectorized over array parameters (broadcast with the game's).
    """
    from endodec.model.game import GameParams, cooperative, nash

    p = params if params is not None else AdoptionParams()
    th = threshold_Q_star(p)
    st = np.asarray(th.status)
    Qs = _arr(th.Q_star)
    Qb, Q0 = _arr(p.Q_bar), _arr(p.Q0)
    friction = (st == "crossing") & (Qs > Qb)
    Qt = np.where(friction, Qs, Qb)
    x0 = np.maximum(Qt - Q0, 0.0)
    gp = game_params if game_params is not None else GameParams()
    gp = gp.replace(x0=x0)
    game = (nash if regime == "nash" else cooperative)(gp)
    T0 = _arr(game.crossing_time())

    def time_to(level):
        lev = np.where(np.isfinite(level), level, Qt)
        rem = np.clip(Qt - lev, 0.0, None)
        rem = np.minimum(rem, x0)
        return np.where(lev <= Q0, 0.0, T0 - _arr(game.crossing_time(rem)))

    T_hw = time_to(Qb)
    T_R0 = np.where(st == "always", 0.0, np.where(st == "never", np.inf, time_to(Qs)))
    dT = np.where(st == "never", np.inf, T_R0 - T_hw)
    tgt = np.where(friction, "Q_star", "Q_bar")
    reg = classify_regime(p).regime
    reason = ("dT = T(Q* - Q_bar): crossing time of the game from the coordination gap"
              if np.ndim(dT) == 0 and bool(friction) else th.reason)
    return CoordinationLag(_out(T_hw), _out(T_R0), _out(dT), th.status, reg,
                           tgt.item() if tgt.ndim == 0 else tgt, reason)


@dataclass(frozen=True, repr=False)
class ThresholdReport(ResultBase):
    """Threshold Q*, regime and coordination lag of one parameter set (``adoption threshold``).

    Attributes
    ----------
    threshold : ThresholdResult
    regime : RegimeClassification
    lag : CoordinationLag
    """

    threshold: ThresholdResult
    regime: RegimeClassification
    lag: CoordinationLag

    def _dict_fields(self) -> dict[str, Any]:
        th, reg, lag = self.threshold, self.regime, self.lag
        return {"Q_star": th.Q_star, "exists": th.exists, "status": th.status,
                "c_star_star": th.c_star_star, "formula_Q_star": th.formula_Q_star,
                "reason": th.reason, "regime": reg.regime, "R0_parity": reg.R0_parity,
                "T_hw": lag.T_hw, "T_R0": lag.T_R0, "delta_T": lag.delta_T,
                "params": th.params.to_dict()}

    def _summary_text(self) -> str:
        return "\n".join([str(self.threshold.summary()), f"  regime: {self.regime.summary()}",
                          "  " + self.lag.summary()])
