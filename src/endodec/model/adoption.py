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
- :func:`share_path`: the share dynamics of seed 001 eq. (11) integrated with cumulative output
  from the differential game; :func:`coordination_lag`: :math:`\Delta T` of seed 000 eq. (15);
- :func:`implied_r0`: seed 001 eq. (20) from an observed share series with an explicit timing
  convention; :func:`kappa_from_r0`, :func:`distributed_r0` (eq. 21);
- :func:`dual_convergence`: :math:`\bar Q_{\rm eff}(t) = \bar Q f(\eta(t))` (seed 001 §2.3).

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

__all__ = [
    "SPECS",
    "TIMINGS",
    "AdoptionParams",
    "beta",
    "beta_inverse",
    "r0",
    "ThresholdResult",
    "threshold_Q_star",
    "dQstar_dkappa",
    "qstar_kappa_fn",
    "RegimeClassification",
    "classify_regime",
    "SharePath",
    "share_path",
    "logistic_share",
    "CoordinationLag",
    "coordination_lag",
    "ImpliedR0",
    "implied_r0",
    "kappa_from_r0",
    "distributed_r0",
    "distributed_r0_full",
    "DualConvergence",
    "dual_convergence",
    "f_exponential",
    "f_power",
]

SPECS = ("linear", "power", "logistic")
TIMINGS = ("end", "mid", "start", "exact")

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


#: Right-hand-side evaluations allowed per ODE solve: far above what valid inputs need (a few
#: thousand), so a stiff or degenerate system (rates near float64 limits, a horizon of 1e-308)
#: ends in a NumericalError instead of running for hours.
MAX_RHS_EVALS = 20_000


def _rhs_budget(quantity: str, limit: int | None = None):
    """A counter to call in an ODE right-hand side; raises NumericalError past ``limit``."""
    from endodec.errors import NumericalError

    n = [0]
    lim = MAX_RHS_EVALS if limit is None else limit

    def tick() -> None:
        n[0] += 1
        if n[0] > lim:
            raise NumericalError(quantity, f"the ODE solver needed more than {lim:,} steps: the "
                                 "system is too stiff or degenerate for these inputs (rates or "
                                 "horizon near float64 limits)")

    return tick


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
    """
    p = params if params is not None else AdoptionParams()
    return _out(p.beta_at(p.cost(Q)) * _arr(p.gamma) / (_arr(p.kappa) + _arr(p.mu)))


def _r0_parity(p: AdoptionParams) -> np.ndarray:
    return p.beta_at(p.c_star) * _arr(p.gamma) / (_arr(p.kappa) + _arr(p.mu))


# ---------------------------------------------------------------------------------------------
# threshold Q*
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ThresholdResult:
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

    def require(self) -> ThresholdResult:
        """Raise :class:`DomainError` unless R0 crosses one everywhere; return self."""
        ok = np.asarray(self.exists)
        if not np.all(ok):
            raise DomainError(f"no R0 = 1 crossing: {self.reason}")
        return self

    def summary(self) -> str:
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
        return self.summary()


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
@dataclass(frozen=True)
class RegimeClassification:
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

    def summary(self) -> str:
        if np.ndim(self.R0_parity):
            r = np.asarray(self.regime)
            return ", ".join(f"{k}: {int((r == k).sum())}" for k in (FRICTION, NETWORK, BOUNDARY))
        return f"{self.regime} (R0 at cost parity = {float(self.R0_parity):.6g})"

    def __str__(self) -> str:
        return self.summary()


def classify_regime(params: AdoptionParams | None = None, rtol: float = 1e-12) -> RegimeClassification:
    r"""Classify the transition by Definition 3 (seed 000 §3.9.1; seed 001 eq. 14).

    ``R0`` at cost parity is :math:`g(\lambda)\gamma/(\kappa+\mu)` for every specification
    (linear: :math:`\lambda\gamma/(\kappa+\mu)`). Values within ``rtol`` of 1 are ``"boundary"``.
    """
    p = params if params is not None else AdoptionParams()
    R = _r0_parity(p)
    reg = np.where(np.abs(R - 1.0) <= rtol, BOUNDARY, np.where(R < 1.0, FRICTION, NETWORK))
    return RegimeClassification(reg.item() if reg.ndim == 0 else reg, _out(R))


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
    """
    t = _finite("t", t)
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


@dataclass(frozen=True)
class SharePath:
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

    @property
    def s_inf(self) -> float:
        """Long-run share at the final R0: :math:`\\max(0, 1 - 1/R_0)`."""
        R = float(self.R0[-1])
        return max(0.0, 1.0 - 1.0 / R) if R > 0 else 0.0

    def to_frame(self):
        import pandas as pd

        return pd.DataFrame({"t": self.t, "s": self.s, "Q": self.Q, "R0": self.R0, "x": self.x})

    def summary(self) -> str:
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
        return self.summary()


def _scalar(p: AdoptionParams, what: str) -> None:
    if p.shape:
        raise ParameterError("params", "array", f"scalar parameters for {what}")


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


# ---------------------------------------------------------------------------------------------
# coordination lag, eq. (15)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class CoordinationLag:
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

    def summary(self) -> str:
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
        return self.summary()


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


# ---------------------------------------------------------------------------------------------
# implied R0 from shares, eqs. (19)-(20)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImpliedR0:
    r"""Implied :math:`R_0` per interval (seed 001 eq. 20).

    Attributes
    ----------
    r0 : ndarray
        Implied R0 for each interval (length n - 1 for n shares).
    ds_dt : ndarray
        Growth per unit time used (observed or given).
    s_used : ndarray
        Share entering :math:`s(1-s)` (per ``timing``).
    dt : ndarray
        Interval lengths.
    timing : str
        ``"end"`` (share at period end), ``"mid"`` (mean of the endpoints), ``"start"``, or
        ``"exact"`` (inverts eq. 19's logistic solution: :math:`R_0 = 1 + \Delta\,\mathrm{logit}(s)/(\delta\Delta t)`).
    delta : float
        The rate :math:`\delta` of eq. (19).
    labels : list or None
    """

    r0: np.ndarray
    ds_dt: np.ndarray
    s_used: np.ndarray
    dt: np.ndarray
    shares: np.ndarray
    timing: str
    delta: float
    labels: list | None = None

    @property
    def growth(self) -> np.ndarray:
        """Implied logistic growth rate :math:`r = (R_0 - 1)\\delta` (eq. 19)."""
        return (self.r0 - 1.0) * self.delta

    def mean(self, exclude=()) -> float:
        """Mean implied R0, optionally excluding interval indices (or labels)."""
        idx = [i for i in range(self.r0.size)
               if i not in exclude and (self.labels is None or self.labels[i] not in exclude)]
        return float(np.mean(self.r0[idx]))

    def to_frame(self):
        import pandas as pd

        df = pd.DataFrame({"s_used": self.s_used, "dt": self.dt, "ds_dt": self.ds_dt,
                           "r0": self.r0, "growth": self.growth})
        if self.labels is not None:
            df.insert(0, "period", self.labels)
        return df

    def summary(self) -> str:
        lines = [f"Implied R0 (seed 001 eq. 20), timing={self.timing!r}, delta={self.delta:g}"]
        for i, r in enumerate(self.r0):
            lab = self.labels[i] if self.labels is not None else f"interval {i}"
            lines.append(f"  {lab:<20} s={self.s_used[i]:.4f}  ds/dt={self.ds_dt[i]:+.4f}  R0={r:.4f}")
        lines.append(f"  mean R0 = {float(np.mean(self.r0)):.4f}; R0 > 1 in "
                     f"{int((self.r0 > 1).sum())} of {self.r0.size} intervals")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()


def implied_r0(shares, dt=1.0, timing: str = "end", delta: float = 1.0, ds_dt=None,
               labels=None) -> ImpliedR0:
    r"""Implied basic reproduction number from a share series (seed 001 eqs. 19-20).

    .. math:: R_0(t) \approx 1 + \frac{\Delta s/\Delta t}{\delta\, s(t)(1 - s(t))}

    Parameters
    ----------
    shares : array_like
        Shares :math:`s_0, \dots, s_n` in (0, 1) at the interval endpoints.
    dt : float or array_like
        Interval lengths (scalar or n values), > 0.
    timing : {"end", "mid", "start", "exact"}
        Which share enters :math:`s(1-s)`: the period-end share (the table's ``s(t)`` column),
        the midpoint (mean of the endpoints), the start, or ``"exact"``: the exact inversion of
        eq. (19)'s logistic solution over each interval
        (:math:`r = [\mathrm{logit}(s_{i+1}) - \mathrm{logit}(s_i)]/\Delta t`).
        Seed 001 Table 10 is reproduced by ``"mid"`` with ``delta = 1``.
    delta : float
        Rate :math:`\delta` of eq. (19) (the paper: "normalized to monthly frequency", i.e. 1 per
        month with monthly ``dt``). Must be > 0.
    ds_dt : array_like, optional
        Use these growth rates instead of the differences of ``shares`` (e.g. the printed
        :math:`\Delta s/\Delta t` column). Not allowed with ``timing="exact"``.
    labels : list of str, optional
        Interval labels.
    """
    if timing not in TIMINGS:
        raise ParameterError("timing", timing, f"one of {TIMINGS}")
    s = _num("shares", shares)
    if s.ndim != 1 or s.size < 2:
        raise ParameterError("shares", s.tolist() if s.ndim else float(s), "a 1-d series of >= 2 shares")
    _check("shares", s, ~((s > 0) & (s < 1)), "in (0, 1) (R0 needs s(1-s) > 0)")
    n = s.size - 1
    d = _num("dt", dt)
    d = np.broadcast_to(d, (n,)).astype(float) if d.ndim == 0 else d
    if d.shape != (n,):
        raise ParameterError("dt", d.tolist(), f"a scalar or {n} interval lengths")
    _check("dt", d, ~(d > 0) | ~np.isfinite(d), "> 0 and finite")
    dl = _finite("delta", delta, "> 0 and finite", 0.0, lo_open=True)
    if dl.ndim:
        raise ParameterError("delta", delta, "a scalar > 0")
    delta = float(dl)
    if labels is not None and len(labels) != n:
        raise ParameterError("labels", len(labels), f"{n} labels (one per interval)")
    if ds_dt is not None:
        if timing == "exact":
            raise ParameterError("ds_dt", "given", "omitted with timing='exact'")
        g = _num("ds_dt", ds_dt)
        if g.shape != (n,):
            raise ParameterError("ds_dt", g.tolist(), f"{n} growth rates")
        _check("ds_dt", g, ~np.isfinite(g), "finite")
    else:
        g = np.diff(s) / d
    if timing == "end":
        su = s[1:]
    elif timing == "start":
        su = s[:-1]
    else:
        su = 0.5 * (s[1:] + s[:-1])
    if timing == "exact":
        r = np.diff(logit(s)) / d
        R = 1.0 + r / delta
    else:
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            R = 1.0 + g / (delta * su * (1.0 - su))
    _no_overflow("R0", R)
    return ImpliedR0(R, np.asarray(g, float), su, d, s, timing, float(delta),
                     list(labels) if labels is not None else None)


def kappa_from_r0(r0_values, beta_gamma=0.24, mu=0.10):
    r"""Coordination friction implied by R0: :math:`\kappa = \beta\gamma/R_0 - \mu` (seed 001 §5.4.3).

    Negative values mean the given :math:`\beta\gamma` and :math:`\mu` cannot produce that R0
    (returned as computed, not clipped, so a caller can see the inconsistency).
    """
    R = _finite("r0", r0_values, "> 0 and finite", 0.0, lo_open=True)
    bg = _finite("beta_gamma", beta_gamma, ">= 0 and finite", 0.0)
    m = _finite("mu", mu, ">= 0 and finite", 0.0)
    with np.errstate(over="ignore"):
        out = bg / R - m
    _no_overflow("kappa = beta gamma/R0 - mu", out)
    return _out(out)


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
def f_exponential(eta, rate=1.0):
    r""":math:`f(\eta) = e^{-\text{rate}\,\eta}` (decreasing, :math:`f(0)=1`)."""
    return np.exp(-_arr(rate) * _arr(eta))


def f_power(eta, elasticity=1.0):
    r""":math:`f(\eta) = (1+\eta)^{-\text{elasticity}}` (decreasing, :math:`f(0)=1`)."""
    return (1.0 + _arr(eta)) ** (-_arr(elasticity))


@dataclass(frozen=True)
class DualConvergence:
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

    def summary(self) -> str:
        return (f"Dual convergence (seed 001 §2.3): T_fixed = {self.T_fixed:.6g}, T_dual = "
                f"{self.T_dual:.6g}, crossing {100 * self.acceleration:.3g}% earlier; max "
                f"|dQeff/dt|/sum q = {float(np.max(self.separation)):.3g}")

    def __str__(self) -> str:
        return self.summary()


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
    return DualConvergence(tt, Q, Qe, x, T_fixed, T_dual, np.where(np.isfinite(sep), sep, 0.0))
