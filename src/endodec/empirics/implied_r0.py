r"""R0 implied by observed adoption shares: an estimator (seed 001 §5.4, eqs. 19-20).

Inverting the share dynamics of the R0 framework (:mod:`endodec.model.adoption_dynamics`, seed 001
eq. 19) at observed shares gives an implied basic reproduction number per interval,

.. math:: R_0(t) \approx 1 + \frac{\Delta s/\Delta t}{\delta\, s(t)(1 - s(t))} ,

with an explicit timing convention (which share enters :math:`s(1-s)`); :func:`kappa_from_r0`
turns it into the implied coordination friction (§5.4.3). The model layer
(:mod:`endodec.model.adoption`) gives R0 from parameters; this module estimates it from data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.special import logit

from endodec.errors import ParameterError
from endodec.model.adoption import _check, _finite, _no_overflow, _num, _out
from endodec.results import ResultBase

__all__ = ["TIMINGS", "ImpliedR0", "ImpliedR0Report", "implied_r0", "kappa_from_r0"]

TIMINGS = ("end", "mid", "start", "exact")


# ---------------------------------------------------------------------------------------------
# implied R0 from shares, eqs. (19)-(20)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class ImpliedR0(ResultBase):
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

    def _dict_fields(self) -> dict[str, Any]:
        return {**super()._dict_fields(), "mean_r0": float(np.mean(self.r0))}

    def _frame(self):
        import pandas as pd

        df = pd.DataFrame({"s_used": self.s_used, "dt": self.dt, "ds_dt": self.ds_dt,
                           "r0": self.r0, "growth": self.growth})
        if self.labels is not None:
            df.insert(0, "period", self.labels)
        return df

    def _summary_text(self) -> str:
        lines = [f"Implied R0 (seed 001 eq. 20), timing={self.timing!r}, delta={self.delta:g}"]
        for i, r in enumerate(self.r0):
            lab = self.labels[i] if self.labels is not None else f"interval {i}"
            lines.append(f"  {lab:<20} s={self.s_used[i]:.4f}  ds/dt={self.ds_dt[i]:+.4f}  R0={r:.4f}")
        lines.append(f"  mean R0 = {float(np.mean(self.r0)):.4f}; R0 > 1 in "
                     f"{int((self.r0 > 1).sum())} of {self.r0.size} intervals")
        return "\n".join(lines)

    def __str__(self) -> str:
        return str(self.summary())


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




@dataclass(frozen=True, repr=False)
class ImpliedR0Report(ResultBase):
    r"""Implied R0 with the implied coordination friction :math:`\kappa = \beta\gamma/R_0 - \mu`
    (``endodec adoption implied-r0``).

    Attributes
    ----------
    result : ImpliedR0
    kappa : ndarray
        :func:`kappa_from_r0` of ``result.r0``.
    beta_gamma, mu : float
        The :math:`\beta\gamma` and :math:`\mu` of ``kappa``.
    """

    result: ImpliedR0
    kappa: np.ndarray
    beta_gamma: float
    mu: float

    def _dict_fields(self) -> dict[str, Any]:
        rows = self.result.to_frame()
        rows["kappa"] = self.kappa
        return {"rows": rows, "mean_r0": float(np.mean(self.result.r0)),
                "timing": self.result.timing, "delta": self.result.delta,
                "beta_gamma": self.beta_gamma, "mu": self.mu}

    def _summary_text(self) -> str:
        return (f"{self.result.summary()}\n  implied kappa = {self.beta_gamma:g}/R0 - {self.mu:g}: "
                + ", ".join(f"{v:.3f}" for v in self.kappa))
