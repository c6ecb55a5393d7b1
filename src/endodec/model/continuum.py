r"""The capability continuum (seed 001 §8, Corollary 5, eq. 22).

Supply denial (:mod:`endodec.model.cannibalization`, eq. 10) persists until capacity outgrows
the centralized demand for the shared input, :math:`dK/dt > \theta\,dD_H/dt` (eq. 22). For
exponential or linear growth of capacity and demand, :func:`capability_continuum` says whether
and when eq. (22) and the level condition (10) hold, in closed form (``None`` = never).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from endodec.errors import ParameterError
from endodec.model.cannibalization import SupplyDenial, _float, _pos_theta
from endodec.results import ResultBase

__all__ = ["CannibalizationReport", "ContinuumResult", "capability_continuum"]


@dataclass(frozen=True, repr=False)
class ContinuumResult(ResultBase):
    """Result of :func:`capability_continuum` (seed 001 §8, Corollary 5, eq. 22).

    Times are measured from ``t = 0``; ``None`` means never.

    Attributes
    ----------
    eq22_from : float or None
        First time the rate condition :math:`dK/dt > \\theta\\,dD_H/dt` holds.
    eq22_until : float or None
        When it stops holding again (only for linear demand growth faster than capacity... or
        exponential demand growth faster than capacity growth), else None (holds for ever).
    eq22_eventually : bool
        The condition holds for all sufficiently late times (persistent resolution).
    Delta_IC : float or None
        First time the level condition :math:`K \\ge \\theta D_H + K_{\\min}` (eq. 10) holds.
    re_denied : float or None
        When supply denial returns after ``Delta_IC`` (if it does).
    """

    growth: str
    g_K: float
    g_D: float
    K0: float
    D0: float
    theta: float
    K_min: float
    eq22_from: float | None
    eq22_until: float | None
    eq22_eventually: bool
    Delta_IC: float | None
    re_denied: float | None

    @property
    def denied_now(self) -> bool:
        return self.K0 < self.theta * self.D0 + self.K_min

    def _dict_fields(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)} | {
            "denied_now": self.denied_now}

    def _summary_text(self) -> str:
        def f(v):
            return "never" if v is None else f"{v:.6g}"

        unit = "/yr (exponential rates)" if self.growth == "exponential" else " per unit time"
        return "\n".join([
            "Capability continuum (seed 001 §8, Corollary 5)",
            f"  capacity growth g_K={self.g_K:g}, demand growth g_D={self.g_D:g}{unit}; "
            f"K0={self.K0:g}, D0={self.D0:g}, theta={self.theta:g}, K_min={self.K_min:g}",
            f"  eq. (22) dK/dt > theta dD_H/dt: from t={f(self.eq22_from)}"
            + (f" until t={self.eq22_until:.6g}" if self.eq22_until is not None else "")
            + f"; holds eventually: {self.eq22_eventually}",
            f"  supply denied now: {self.denied_now}; restored (eq. 10) at "
            f"Delta_IC = {f(self.Delta_IC)}"
            + (f"; denied again from t={self.re_denied:.6g}" if self.re_denied is not None else ""),
        ])

    def __str__(self) -> str:
        return str(self.summary())


def capability_continuum(g_K: float, g_D: float, K0: float = 1.0, D0: float = 1.0,
                         theta: float = 3.5, K_min: float = 0.0,
                         growth: str = "exponential") -> ContinuumResult:
    r"""Whether and when eq. (22) of seed 001 (Corollary 5) holds, in closed form.

    Capacity and centralized demand grow as :math:`K = K_0 e^{g_K t}`, :math:`D_H = D_0 e^{g_D t}`
    (``growth="exponential"``, rates per unit time) or :math:`K = K_0 + g_K t`,
    :math:`D_H = D_0 + g_D t` (``"linear"``).

    Eq. (22) :math:`dK/dt > \theta\,dD_H/dt` (with :math:`dD_H/dt = \partial D_H/\partial M_{\rm eff}
    \cdot dM_{\rm eff}/dt`). Exponential: :math:`g_K K_0 e^{g_K t} > \theta g_D D_0 e^{g_D t}`, so
    for :math:`g_K > g_D` it holds from
    :math:`t = \ln(\theta g_D D_0/(g_K K_0))/(g_K - g_D)` on; for :math:`g_K < g_D` only until that
    time; for :math:`g_K = g_D` always or never. Linear: time-invariant.

    Level condition eq. (10) :math:`f(t) = K(t) - \theta D_H(t) - K_{\min} \ge 0`: ``f`` has at
    most one stationary point (closed form), so its roots are bracketed exactly and found by
    ``brentq`` (closed form when :math:`K_{\min} = 0` or growth is linear).

    Returns
    -------
    ContinuumResult
        ``None`` for "never".
    """
    from scipy.optimize import brentq

    if growth not in ("exponential", "linear"):
        raise ParameterError("growth", growth, "'exponential' or 'linear'")
    for name, v, lo, allowed in (("K0", K0, ">", "> 0 and finite"),
                                 ("D0", D0, ">=", ">= 0 and finite"),
                                 ("K_min", K_min, ">=", ">= 0 and finite"),
                                 ("g_K", g_K, "", "finite"),
                                 ("g_D", g_D, "", "finite")):
        if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
            raise ParameterError(name, v, f"a number, {allowed}")
        fin = math.isfinite(_float(v))
        ok = fin and (v > 0 if lo == ">" else (v >= 0 if lo == ">=" else True))
        if not ok:
            raise ParameterError(name, v, allowed)
    th = float(_pos_theta(theta))
    gK, gD, K0, D0, Km = float(g_K), float(g_D), float(K0), float(D0), float(K_min)

    if growth == "linear":
        holds = gK > th * gD
        f0 = K0 - th * D0 - Km
        slope = gK - th * gD
        if f0 >= 0:
            dic = 0.0
            re = (-f0 / slope) if slope < 0 else None
        else:
            dic = (-f0 / slope) if slope > 0 else None
            re = None
        return ContinuumResult(growth, gK, gD, K0, D0, th, Km, 0.0 if holds else None, None,
                               bool(holds), dic, re)

    # exponential: rate condition  A e^{gK t} > B e^{gD t}, A = gK K0, B = th gD D0
    A, B = gK * K0, th * gD * D0

    # h(t) = A e^{gK t} - B e^{gD t} has at most one root (the ratio of the terms is monotone)
    h0 = A - B
    if gK > gD:
        far = np.sign(A) if A != 0 else -np.sign(B)
    elif gK < gD:
        far = -np.sign(B) if B != 0 else np.sign(A)
    else:
        far = np.sign(A - B)
    tc = (float(np.log(B / A) / (gK - gD)) if (A * B > 0 and gK != gD) else None)
    ev = bool(far > 0)
    if h0 > 0:
        e_from = 0.0
        e_until = tc if (not ev and tc is not None and tc > 0) else None
    else:
        e_from = (tc if tc is not None and tc > 0 else 0.0) if ev else None
        e_until = None

    # level condition f(t) = K0 e^{gK t} - th D0 e^{gD t} - Km
    def f(t):
        return K0 * np.exp(gK * t) - th * D0 * np.exp(gD * t) - Km

    roots = []
    if th * D0 == 0:
        # f = K0 e^{gK t} - Km: monotone
        if gK != 0 and Km > 0:
            tr = np.log(Km / K0) / gK
            if tr > 0:
                roots.append(float(tr))
    else:
        # stationary point: gK K0 e^{gK t} = gD th D0 e^{gD t}
        cands = [0.0]
        if gK != gD and gK * K0 > 0 and gD * th * D0 > 0:
            ts = np.log(gD * th * D0 / (gK * K0)) / (gK - gD)
            if ts > 0:
                cands.append(float(ts))
        # far end: where f has its asymptotic sign
        # after the last stationary point f is monotone: double until its sign changes
        lo_last = cands[-1]
        cap = min(1e6, 700.0 / max(abs(gK), abs(gD), 1e-300))
        big = min(1.0, cap)
        while big < cap and np.sign(f(lo_last + big)) == np.sign(f(lo_last)):
            big = min(2 * big, cap)
        cands.append(lo_last + big)
        for lo, hi in zip(cands[:-1], cands[1:], strict=False):
            flo, fhi = f(lo), f(hi)
            if flo == 0 and lo > 0:
                roots.append(lo)
            elif np.sign(flo) * np.sign(fhi) < 0:
                if Km == 0 and gK != gD:  # closed form
                    roots.append(float(np.log(th * D0 / K0) / (gK - gD)))
                else:
                    roots.append(float(brentq(f, lo, hi, xtol=1e-13, rtol=1e-13)))
    roots = sorted(set(r for r in roots if r > 0))
    if f(0.0) >= 0:
        dic = 0.0
        re = roots[0] if roots else None
    else:
        dic = roots[0] if roots else None
        re = roots[1] if len(roots) > 1 else None
    return ContinuumResult(growth, gK, gD, K0, D0, th, Km, e_from, e_until, ev, dic, re)


@dataclass(frozen=True, repr=False)
class CannibalizationReport(ResultBase):
    """Supply denial, the capability continuum and Remark 4 (``endodec game cannibalization``).

    Attributes
    ----------
    supply_denial : SupplyDenial
        Eq. (10) from the onset of supply denial.
    continuum : ContinuumResult
        Corollary 5 (eq. 22) for uninterrupted growth.
    episode : float or None
        Length of the ASI investment episode (None: growth never stops).
    M, M_eff : float or None
        Inference market and :math:`M_{\rm eff} = M + p V_{ASI}` (Remark 4; None if not given).
    """

    supply_denial: SupplyDenial
    continuum: ContinuumResult
    episode: float | None = None
    M: float | None = None
    M_eff: float | None = None

    def _dict_fields(self) -> dict[str, Any]:
        sd = self.supply_denial
        out = {"Delta_IC": sd.Delta_IC, "onset": sd.onset, "denied_now": sd.denied_now,
               "rate_condition_at_restoration": sd.rate_condition_at_restoration,
               "continuum": self.continuum}
        if self.M_eff is not None:
            out["M_eff"] = self.M_eff
            out["M_eff_over_M"] = self.M_eff / self.M if self.M else None
        return out

    def _summary_text(self) -> str:
        sd, meff, M = self.supply_denial, self.M_eff, self.M
        ep = "never stops" if self.episode is None else f"lasts {self.episode:g} years"
        lines = [f"Supply denial (ASI episode {ep}):"]
        if sd.onset is None:
            lines.append("  consumer supply is never denied on the horizon")
        else:
            d = ("never restored within the horizon" if sd.Delta_IC is None
                 else f"restored after Delta_IC = {sd.Delta_IC:.4g} years")
            lines.append(f"  denied from t = {sd.onset:.4g}; {d}")
        lines.append(str(self.continuum.summary()))
        if meff is not None:
            lines.append(f"Remark 4: M_eff = M + p V_ASI = {meff:.6g}"
                         + (f" ({meff / M:.4g} x M)" if M else ""))
        return "\n".join(lines)
