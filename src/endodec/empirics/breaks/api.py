"""The Bai-Perron front: :func:`bai_perron` and its :class:`BreakResult`.

See :mod:`endodec.empirics.breaks` for the model, the date convention and the references.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from endodec.empirics.breaks.confint import _argmax_quantiles, _pargmaxV
from endodec.empirics.breaks.covariance import long_run_covariance
from endodec.empirics.breaks.critical import (
    LEVELS,
    _finite_crit,
    sequential_choice,
    supf_critical_values,
    supfk_critical_values,
    wdmax,
)
from endodec.empirics.breaks.partition import _bool, _design, _dp, _h_from, segment_ssr
from endodec.empirics.breaks.supf import _seq_estimate, _supf_next_one, _wald_f
from endodec.errors import DataError, NumericalWarning, ParameterError
from endodec.results import ResultBase

__all__ = ["BreakResult", "bai_perron"]

#: fewer observations per regime than this draw a NumericalWarning for a per-regime HAC estimate
HAC_MIN_OBS = 10


@dataclass(repr=False)
class BreakResult(ResultBase):
    """Result of :func:`bai_perron`.

    Break dates follow Bai-Perron, ``strucchange`` and ``mbreaks``: the **last observation of the
    old regime** (0-based indices in ``breaks``, labels from :meth:`break_labels`).

    Attributes
    ----------
    T, q, h : int
        Sample size (also ``nobs``), number of regressors that break, minimum segment length.
    ssr : ndarray
        Minimal SSR for m = 0..M.
    breaks : list of ndarray
        Break indices (0-based, last observation of each old regime) for m = 0..M.
    labels : ndarray
        Observation labels (years).
    table : DataFrame
        Per m: SSR, strucchange BIC, BP BIC, LWZ, KT, sup-F(m), sup-F(m+1|m), their critical
        values at ``level`` and the break labels.
    crit : DataFrame
        Critical values of sup-F(l+1|l) (index l, columns the levels).
    supf_l : dict
        l -> sup-F(l+1|l).
    selected : dict
        Number of breaks chosen by ``"sequential"`` (global dates), ``"sequential_estimated"``
        (one at a time), ``"bic"``, ``"bic_bp"``, ``"lwz"``, ``"kt"``.
    options : dict
        Error-structure options (``robust``, ``prewhit``, ``hetdat``, ``hetvar``).
    extra : dict
        ``UDmax``, ``WDmax`` (at ``level``), their critical values, ``crit_supF`` (DataFrame of
        sup-F(k)/UDmax/WDmax critical values), ``supF_next_regimes`` (per-regime statistics) and
        ``supF_next_break`` (the added break of each sup-F(l+1|l)).
    """

    y: np.ndarray
    X: np.ndarray
    T: int
    q: int
    h: int
    ssr: np.ndarray
    breaks: list
    labels: np.ndarray
    table: pd.DataFrame
    crit: pd.DataFrame
    crit_method: str
    supf_l: dict
    selected: dict
    level: float
    extra: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)

    _summary_title: ClassVar[str] = "Bai-Perron multiple breaks"

    @property
    def M(self) -> int:
        return len(self.ssr) - 1

    @property
    def nobs(self) -> int:
        """Number of observations (statsmodels name)."""
        return self.T

    @property
    def udmax(self) -> float:
        """UDmax = max_k sup-F(k) (Bai-Perron 1998 §5.2); NaN when M = 0."""
        return float(self.extra.get("UDmax", np.nan))

    @property
    def wdmax(self) -> float:
        """WDmax at ``level`` (Bai-Perron 1998 §5.2); NaN when M = 0."""
        return float(self.extra.get("WDmax", np.nan))

    def break_labels(self, m: int) -> list:
        """Labels of the break dates for m breaks: the **last** observation of each old regime
        (Bai-Perron / strucchange / mbreaks convention; Nile: 1898)."""
        return [self.labels[b] for b in self.breaks[m]]

    def regime_starts(self, m: int) -> list:
        """Labels of the first observation of each new regime for m breaks."""
        return [self.labels[b + 1] for b in self.breaks[m]]

    def regimes(self, m: int) -> list[tuple[int, int]]:
        """(first, last) 0-based indices of each regime for m breaks."""
        ends = list(self.breaks[m]) + [self.T - 1]
        starts = [0] + [b + 1 for b in self.breaks[m]]
        return list(zip(starts, ends, strict=True))

    def coefficients(self, m: int) -> pd.DataFrame:
        """Regime OLS estimates (coefficients and conventional SEs) for m breaks."""
        import statsmodels.api as sm

        rows = []
        for j, (a, b) in enumerate(self.regimes(m), start=1):
            res = sm.OLS(self.y[a:b + 1], self.X[a:b + 1]).fit()
            r = {"regime": j, "first": self.labels[a], "last": self.labels[b], "n": b - a + 1,
                 "ssr": float(res.ssr)}
            for i in range(self.q):
                r[f"b{i}"] = float(res.params[i])
                r[f"se{i}"] = float(res.bse[i]) if b - a + 1 > self.q else np.nan
            rows.append(r)
        return pd.DataFrame(rows)

    def confint(self, m: int, level: float = 0.95, het_reg: bool = True,
                het_err: bool = True, *, method: str = "strucchange", robust: bool | None = None,
                prewhit: bool | None = None) -> pd.DataFrame:
        """Break-date confidence intervals of Bai (1997), as R ``strucchange::confint`` or as
        Bai and Perron (1998, 2003) / ``mbreaks``.

        ``method="bai-perron"``: the intervals of Bai-Perron's code, ``[round(T̂ - c_u/a),
        round(T̂ - c_l/a) + 1]`` with ``a = Δ'Q1Δ/φ1²`` and, with ``robust`` (default: the
        option of :func:`bai_perron`), ``φ_i² = Δ'Ω_iΔ/Δ'Q1Δ``, ``a = (Δ'Q1Δ)²/Δ'Ω1Δ`` where
        Ω_i is the HAC long-run covariance of ``z_t u_t`` in regime i (``prewhit`` as in
        :func:`bai_perron`); ``het_reg``/``het_err`` are ``mbreaks``' ``hetq``/``hetomega``
        (regime-specific Q_i and σ_i²/Ω_i, else full-sample). The quantiles are those of
        Bai (1997, Prop. 3) computed as below. (``mbreaks`` 1.0.1 adds 1 to the upper bounds of
        breaks 1..m-1 once per later break, a bug not reproduced here.)

        For each break, with the adjacent regimes' coefficient shift Δ, regressor moments
        ``Q_i = X_i'X_i/n_i`` and (ML) error variances ``σ_i²``, the interval is
        ``[T̂ - ceil(u σ1²/(Δ'Q1Δ)), T̂ - floor(l σ1²/(Δ'Q1Δ))]`` where ``l < 0 < u`` are the
        ``(1-level)/2`` and ``(1+level)/2`` quantiles of the argmax of the two-sided Brownian
        motion with drift in Bai (1997, Prop. 3) with ``ξ = Δ'Q2Δ/Δ'Q1Δ`` and ``φ_i = σ_i``.
        ``het_reg=False`` / ``het_err=False`` pool Q / σ² over the whole sample (``mbreaks``'
        ``hetq`` / ``hetomega`` with ``robust=0``). ``index``, ``lo``, ``hi`` are 0-based last
        observations of the old regime; ``date``, ``date_lo``, ``date_hi`` their labels (the
        break-date convention of Bai-Perron and strucchange).
        """
        from scipy.optimize import brentq

        if not 0 < level < 1:
            raise ParameterError("level", level, "in (0, 1)")
        if isinstance(m, bool) or not isinstance(m, (int, np.integer)) or not 1 <= m <= self.M:
            raise ParameterError("m", m, f"an integer in [1, {self.M}] (no break, no interval)")
        if method not in ("strucchange", "bai-perron"):
            raise ParameterError("method", method, "'strucchange' or 'bai-perron'")
        if method == "bai-perron":
            rob = self.options.get("robust", False) if robust is None else _bool("robust", robust)
            pw = self.options.get("prewhit", False) if prewhit is None else _bool("prewhit",
                                                                                  prewhit)
            return self._confint_bp(m, level, bool(het_reg), bool(het_err), rob, pw)
        a2 = (1 - level) / 2
        X, y, n = self.X, self.y, self.T
        regs = self.regimes(m)
        coefs, sig, Qs = [], [], []
        for a, b in regs:
            Xs, ys = X[a:b + 1], y[a:b + 1]
            beta = np.linalg.lstsq(Xs, ys, rcond=None)[0]
            e = ys - Xs @ beta
            coefs.append(beta)
            sig.append(float(e @ e) / len(ys))
            Qs.append(Xs.T @ Xs / len(ys))
        sig_all = self.ssr[m] / n
        Q_all = X.T @ X / n
        rows = []
        for i, b in enumerate(self.breaks[m]):
            d = coefs[i + 1] - coefs[i]
            Q1 = Qs[i] if het_reg else Q_all
            Q2 = Qs[i + 1] if het_reg else Q_all
            s1 = sig[i] if het_err else sig_all
            s2 = sig[i + 1] if het_err else sig_all
            q1, q2 = float(d @ Q1 @ d), float(d @ Q2 @ d)
            xi = q2 / q1 if het_reg else 1.0
            phi1, phi2 = np.sqrt(s1), np.sqrt(s2)
            p0 = _pargmaxV(0.0, xi, phi1, phi2)
            if not np.isfinite(p0) or p0 < a2 or p0 > 1 - a2:
                lo_i, hi_i = np.nan, np.nan
            else:
                ub = lb = 0.0
                while _pargmaxV(ub, xi, phi1, phi2) < 1 - a2:
                    ub += 1000
                while _pargmaxV(lb, xi, phi1, phi2) > a2:
                    lb -= 1000
                args = (xi, phi1, phi2)
                up = brentq(lambda x, g=args: _pargmaxV(x, *g) - (1 - a2), 0, ub)
                lw = brentq(lambda x, g=args: _pargmaxV(x, *g) - a2, lb, 0)
                up *= phi1**2 / q1
                lw *= phi1**2 / q1
                bp1 = b + 1  # 1-based, as strucchange
                lo_i, hi_i = bp1 - np.ceil(up) - 1, bp1 - np.floor(lw) - 1
            r = {"break": i + 1, "index": int(b), "lo": lo_i, "hi": hi_i,
                 "date": self.labels[b]}
            if np.isfinite(lo_i):
                r["date_lo"] = self.labels[int(min(max(lo_i, 0), n - 1))]
                r["date_hi"] = self.labels[int(min(max(hi_i, 0), n - 1))]
            rows.append(r)
        return pd.DataFrame(rows)

    def _confint_bp(self, m, level, hetq, hetomega, robust, prewhit):
        X, y, n = self.X, self.y, self.T
        regs = self.regimes(m)
        res = np.empty(n)
        coefs = []
        for a, b in regs:
            beta = np.linalg.lstsq(X[a:b + 1], y[a:b + 1], rcond=None)[0]
            coefs.append(beta)
            res[a:b + 1] = y[a:b + 1] - X[a:b + 1] @ beta
        a2 = (1 - level) / 2
        Om_all = long_run_covariance(X, res, prewhit) if robust and not hetomega else None
        rows = []
        for i, bk in enumerate(self.breaks[m]):
            d = coefs[i + 1] - coefs[i]
            (a1, b1), (a2_, b2) = regs[i], regs[i + 1]
            Q1 = X[a1:b1 + 1].T @ X[a1:b1 + 1] / (b1 - a1 + 1) if hetq else X.T @ X / n
            Q2 = X[a2_:b2 + 1].T @ X[a2_:b2 + 1] / (b2 - a2_ + 1) if hetq else Q1
            q1, q2 = float(d @ Q1 @ d), float(d @ Q2 @ d)
            if robust:
                O1 = long_run_covariance(X[a1:b1 + 1], res[a1:b1 + 1], prewhit) if hetomega \
                    else Om_all
                O2 = long_run_covariance(X[a2_:b2 + 1], res[a2_:b2 + 1], prewhit) if hetomega \
                    else Om_all
                w1 = float(d @ O1 @ d)
                p1, p2, scale = w1 / q1, float(d @ O2 @ d) / q1, q1**2 / w1
            else:
                e1, e2 = res[a1:b1 + 1], res[a2_:b2 + 1]
                p1 = float(e1 @ e1) / e1.size if hetomega else float(res @ res) / n
                p2 = float(e2 @ e2) / e2.size if hetomega else p1
                scale = q1 / p1
            c_lo, c_hi = _argmax_quantiles(q2 / q1, np.sqrt(p1), np.sqrt(p2), a2)
            B = int(bk) + 1  # 1-based last observation of the old regime
            lo = np.round(B - c_hi / scale) - 1 if np.isfinite(c_hi) else np.nan
            hi = np.round(B - c_lo / scale) if np.isfinite(c_lo) else np.nan
            r = {"break": i + 1, "index": int(bk), "lo": lo, "hi": hi, "date": self.labels[bk]}
            if np.isfinite(lo) and np.isfinite(hi):
                r["date_lo"] = self.labels[int(min(max(lo, 0), n - 1))]
                r["date_hi"] = self.labels[int(min(max(hi, 0), n - 1))]
            rows.append(r)
        return pd.DataFrame(rows)

    def _dict_fields(self) -> dict[str, Any]:
        # the inputs y, X stay out; the critical-value tables keep their index as a column
        ck = self.extra.get("crit_supF")
        extra = dict(self.extra)
        if ck is not None:
            extra["crit_supF"] = ck.reset_index().astype({"k": str})
        return {"nobs": self.T, "q": self.q, "h": self.h, "M": self.M, "level": self.level,
                "crit_method": self.crit_method, "selected": self.selected,
                "udmax": self.udmax, "wdmax": self.wdmax, "ssr": self.ssr,
                "breaks": self.breaks, "break_labels": [self.break_labels(m)
                                                        for m in range(self.M + 1)],
                "table": self.table, "crit": self.crit.reset_index(),
                "supf_l": self.supf_l, "options": self.options, "extra": extra}

    def _scalars(self) -> dict[str, Any]:
        return {"nobs": self.T, "q": self.q, "h": self.h, "M": self.M,
                "sequential": self.selected.get("sequential", 0), "udmax": self.udmax}

    def _summary_tables(self) -> list[tuple[str, pd.DataFrame]]:
        sel = pd.DataFrame({"breaks": list(self.selected.values())}, index=list(self.selected))
        return [("per number of breaks m", self.table), ("selected number of breaks", sel)]

    def _summary_text(self) -> str:
        o = self.options
        err = ("HAC (QS kernel, Andrews bandwidth" + (", AR(1) prewhitened" if o.get("prewhit")
                                                     else "") + ")") if o.get("robust") \
            else "classical (no serial correlation)"
        err += ", regime-specific variances" if o.get("hetvar") else ", common variance"
        err += "" if o.get("hetdat", True) else ", common regressor moments"
        lines = [f"Bai-Perron multiple breaks: nobs={self.T}, q={self.q}, h={self.h} "
                 f"(eps={self.h / self.T:.3f}), M={self.M}, critical values: {self.crit_method}",
                 f"errors: {err}; break dates = last observation of the old regime",
                 "=" * 78]
        t = self.table.copy()
        lines.append(t.to_string(index=False, float_format=lambda v: f"{v:.4g}"))
        lines.append("-" * 78)
        lines.append("selected breaks: " + ", ".join(f"{k}={v}" for k, v in self.selected.items())
                     + f" (sequential sup-F(l+1|l) at {100 * (1 - self.level):g}% level)")
        ms = self.selected.get("sequential", 0)
        if ms >= 1:
            lines.append(f"regimes with the sequential m = {ms} (first-last label): " + ", ".join(
                f"{self.labels[a]}-{self.labels[b]}" for a, b in self.regimes(ms)))
        for name in ("UDmax", "WDmax"):
            if name in self.extra:
                cv = self.extra.get(f"{name}_crit")
                lines.append(f"{name} = {self.extra[name]:.4g}"
                             + (f" ({self.crit_method} {100 * (1 - self.level):g}% critical "
                                f"value {cv:.4g})" if cv is not None and np.isfinite(cv) else ""))
        return "\n".join(lines)

    def _frame(self) -> pd.DataFrame:
        """Per-m table (copy); UDmax/WDmax and their critical values in ``.attrs``."""
        t = self.table.copy()
        t.attrs = {k: self.extra[k] for k in ("UDmax", "UDmax_crit", "WDmax", "WDmax_crit")
                   if k in self.extra}
        return t


def _checked_inputs(y, X, h, max_breaks, labels, level, crit, n_sim, seed, robust, prewhit,
                    hetdat, hetvar):
    """The validated inputs of :func:`bai_perron`: ``(y, X, h, M, labels, options)`` (typed
    errors for bad ones, :class:`~endodec.errors.NumericalWarning` for a fragile trimming)."""
    y, X = _design(y, X)
    T, q = X.shape
    robust, prewhit = _bool("robust", robust), _bool("prewhit", prewhit)
    hetdat, hetvar = _bool("hetdat", hetdat), _bool("hetvar", hetvar)
    if robust and not hetdat:
        raise ParameterError("hetdat", hetdat, "True when robust=True",
                             "Bai-Perron's HAC statistics use regime-specific moments")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ParameterError("seed", seed, "an integer in [0, 2**32)")
    if isinstance(n_sim, bool) or not isinstance(n_sim, (int, np.integer)) or n_sim < 10:
        raise ParameterError("n_sim", n_sim, "an integer >= 10")
    from endodec._limits import check_size

    check_size(f"{int(n_sim):,} simulated critical values", 32.0 * min(int(n_sim), 2**1000),
               "use a smaller n_sim")
    if T < 2 * q:
        raise DataError(f"{T} observations cannot hold 2 regimes of {q} regressors "
                        f"(need at least {2 * q} rows)")
    if np.linalg.matrix_rank(X) < q:
        raise DataError(f"singular design: the {q} regressors have rank "
                        f"{np.linalg.matrix_rank(X)} over the sample (collinear columns); drop "
                        "a redundant regressor")
    hh = _h_from(h, T, q)
    if hh < q:
        raise ParameterError("h", h, f"at least {q} observations per segment (q = {q} regressors)",
                             f"h = {hh} cannot identify {q} coefficients per regime: use h >= {q}")
    if robust and hh < q + 2:
        raise ParameterError("h", h, f"at least {q + 2} observations per segment with robust=True",
                             f"h = {hh} leaves too few observations for a HAC estimate with "
                             f"q = {q}: use --trim {q + 2} or more data")
    if hh - q < 2:
        warnings.warn(f"bai_perron: h = {hh} observations per regime leave {hh - q} residual "
                      f"degree(s) of freedom per regime with q = {q} regressors, so regime fits, "
                      "F statistics and break dates rest on very few observations (use a "
                      f"trimming h >= {q + 2} or more data)", NumericalWarning, stacklevel=3)
    if robust and hetvar and hh < HAC_MIN_OBS:
        warnings.warn(f"bai_perron: robust=True, hetvar=True estimates a HAC long-run covariance "
                      f"in each regime from as few as h = {hh} observations (Andrews' bandwidth "
                      f"and the QS kernel need more; use h >= {HAC_MIN_OBS}, hetvar=False or "
                      "more data)", NumericalWarning, stacklevel=3)
    Mmax = T // hh - 1
    if max_breaks is not None and (isinstance(max_breaks, bool) or not isinstance(
            max_breaks, (int, np.integer))):
        raise ParameterError("max_breaks", max_breaks, f"an integer in [0, {Mmax}] for T={T}, "
                             f"h={hh}")
    M = min(Mmax, 5) if max_breaks is None else int(max_breaks)
    if not 0 <= M <= Mmax:
        raise ParameterError("max_breaks", max_breaks, f"an integer in [0, {Mmax}] for T={T}, "
                             f"h={hh}", f"{M} breaks need {M + 1} regimes of h = {hh} "
                             f"observations = {(M + 1) * hh} rows, the series has {T}: use a "
                             "smaller max_breaks or trimming, or more data")
    if crit not in ("asymptotic", "finite"):
        raise ParameterError("crit", crit, "'asymptotic' or 'finite'")
    if crit == "finite" and (robust or hetvar or not hetdat):
        raise ParameterError("crit", crit, "'asymptotic' with robust/hetvar/hetdat options",
                             "the finite-sample Monte Carlo simulates the classical statistics")
    if level not in LEVELS:
        raise ParameterError("level", level, f"one of {LEVELS}")
    if labels is None:
        lab = np.arange(T)
    else:
        lab = np.asarray(labels)
        if lab.shape != (T,):
            raise ParameterError("labels", f"{lab.size} labels", f"{T} labels (one per row)")
    opts = {"robust": robust, "prewhit": prewhit, "hetdat": hetdat, "hetvar": hetvar}
    return y, X, hh, M, lab, opts


def bai_perron(y, X=None, *, h: float | int = 0.15, max_breaks: int | None = None,
               labels=None, level: float = 0.95, crit: str = "asymptotic", n_sim: int = 20_000,
               seed: int = 12345, robust: bool = False, prewhit: bool = False,
               hetdat: bool = True, hetvar: bool = False, grid: int = 100) -> BreakResult:
    """Bai-Perron multiple structural break estimation and tests (see :mod:`endodec.empirics.breaks`).

    Parameters
    ----------
    y : array_like
        Dependent variable (e.g. ln price).
    X : array_like, optional
        Regressors, all subject to change (e.g. ``[1, ln Q]``); default a constant (mean shifts).
    h : float or int
        Minimum segment length: a fraction of T (trimming eps, ``h = floor(eps T)`` as in
        strucchange ``h=0.15`` and ``mbreaks`` ``eps1``) or a number of observations.
    max_breaks : int, optional
        Largest m considered (default: as many as fit, ``floor(T/h) - 1``, at most 5).
    labels : array_like, optional
        Observation labels (years).
    level : {0.90, 0.95, 0.975, 0.99}
        Level of the sequential sup-F(l+1|l) tests (``selected["sequential"]``) and of WDmax.
    crit : {"asymptotic", "finite"}
        Simulated asymptotic critical values or a finite-sample Monte Carlo of the classical
        statistics conditional on X (not with the robust options).
    n_sim, seed : int
        Monte Carlo size and seed for the critical values (the sup-F(k)/UDmax/WDmax limits in
        ``"asymptotic"`` mode use ``min(n_sim, 2000)`` draws).
    robust : bool
        HAC covariance of the coefficients in every F statistic (Bai-Perron 2003 §4.1, §5;
        ``mbreaks`` ``robust``; quadratic spectral kernel, Andrews 1991 bandwidth). Default
        False (classical errors, endodec's historical default; ``mbreaks`` defaults to True).
    prewhit : bool
        AR(1) prewhitening before the HAC estimate (Andrews and Monahan 1992; ``mbreaks``
        ``prewhit``, default there True). Only used with ``robust``.
    hetdat : bool
        Regime-specific regressor moments (``mbreaks`` ``hetdat``, default True); False uses the
        full-sample moments ``(n_j/T) Z'Z`` (classical errors only).
    hetvar : bool
        Regime-specific error variances / long-run variances (``mbreaks`` ``hetvar``, default
        there True; here False).
    grid : int
        Grid size of the asymptotic sup-F(k)/UDmax/WDmax simulation.

    Returns
    -------
    BreakResult

    Raises
    ------
    ParameterError
        Bad options, a trimming that leaves fewer than q observations per regime, an infeasible
        ``max_breaks``.
    DataError
        Collinear regressors, all residuals zero.
    """
    y, X, hh, M, lab, opts = _checked_inputs(y, X, h, max_breaks, labels, level, crit, n_sim,
                                             seed, robust, prewhit, hetdat, hetvar)
    T, q = X.shape
    robust, hetdat, hetvar = opts["robust"], opts["hetdat"], opts["hetvar"]
    classical = not (robust or hetvar or not hetdat)
    S = segment_ssr(y, X, hh)
    ssr, breaks = _dp(S[None], hh, M)
    ssr = ssr[0]
    breaks = [b[0] for b in breaks]
    scale = max(float(y @ y), float(np.sum((y - y.mean()) ** 2)), 1e-300)
    if ssr[0] <= 1e-24 * scale:
        raise DataError("all residuals are zero: y is an exact linear function of the "
                        f"{q} regressors over the whole sample, so no F statistic is defined")
    max_l = max(M - 1, 0)
    if crit == "asymptotic":
        eps = min(hh / T, 0.499)  # eps = 0.5 (one admissible date) is simulated as 0.499
        cl = supf_critical_values(q, eps, max_l=max_l, levels=LEVELS, n_sim=n_sim, seed=seed)
        ck = None
        if M >= 1:
            gh = max(int(round(eps * grid)), q)
            kk = min(M, grid // gh - 1)
            ck = supfk_critical_values(q, eps, max_k=kk, levels=LEVELS,
                                       n_sim=min(int(n_sim), 2000), seed=seed, grid=grid) \
                if kk >= 1 else None
    else:
        ck, cl = _finite_crit(X, hh, M, LEVELS, n_sim, seed, max_l=max_l)
    rows = []
    supl, regs_next, new_next = {}, {}, {}
    for m in range(M + 1):
        npar = (q + 1) * (m + 1)
        logl = -0.5 * T * (np.log(ssr[m]) + 1 - np.log(T) + np.log(2 * np.pi))
        pstar = (m + 1) * q + m
        ends = list(breaks[m]) + [T - 1]
        starts = [0] + [int(b) + 1 for b in breaks[m]]
        nr = np.array([e - a + 1 for a, e in zip(starts, ends, strict=True)], float)
        sr = np.array([S[a, e] for a, e in zip(starts, ends, strict=True)])
        with np.errstate(divide="ignore"):
            kt = float(np.sum(nr * np.log(sr / nr) + q * np.log(nr)) + 2 * (m + 1) * np.log(T))
        r = {"m": m, "ssr": ssr[m], "bic": -2 * logl + np.log(T) * npar,
             "bic_bp": np.log(ssr[m] / T) + pstar * np.log(T) / T,
             "lwz": np.log(ssr[m] / (T - pstar)) + pstar / T * 0.299 * np.log(T) ** 2.1,
             "kt": kt, "supF": np.nan, "supF_over_q": np.nan, "supF_next": np.nan,
             "breaks": " ".join(str(lab[b]) for b in breaks[m])}
        if m >= 1:
            if classical:
                with np.errstate(divide="ignore"):
                    r["supF"] = (T - (m + 1) * q) / m * (ssr[0] - ssr[m]) / ssr[m] \
                        if ssr[m] > 0 else np.inf
            else:
                r["supF"] = _wald_f(y, X, breaks[m], **opts)
            r["supF_over_q"] = r["supF"] / q
        if m < M:
            f, nb, per = _supf_next_one(y, X, S, breaks[m], hh, opts)
            r["supF_next"] = f
            supl[m], regs_next[m], new_next[m] = f, per, nb
        rows.append(r)
    table = pd.DataFrame(rows)
    cvl = [cl.loc[m, level] if m in cl.index else np.nan for m in range(M + 1)]
    m_seq = sequential_choice([supl.get(ell, np.nan) for ell in range(M)], cvl[:M])
    table["crit_next"] = cvl
    if ck is not None:
        table["crit_supF"] = [ck.loc[m, level] if m in ck.index else np.nan for m in range(M + 1)]
    m_1x1, d_1x1 = _seq_estimate(y, X, S, hh, M, np.asarray(cvl[:M], float), opts)
    selected = {"sequential": m_seq, "sequential_estimated": m_1x1,
                "bic": int(np.argmin(table["bic"])),
                "bic_bp": int(np.argmin(table["bic_bp"])), "lwz": int(np.argmin(table["lwz"])),
                "kt": int(np.nanargmin(table["kt"].replace(-np.inf, np.nan)))
                if np.isfinite(table["kt"]).any() else 0}
    extra: dict[str, Any] = {"crit_supF": ck, "supF_next_regimes": regs_next,
                             "supF_next_break": new_next, "sequential_estimated_breaks": d_1x1}
    if M >= 1:
        F = table["supF"].iloc[1:].to_numpy(float)
        extra["UDmax"] = float(np.max(F[:5]))
        if ck is not None:
            extra["UDmax_crit"] = float(ck.loc["UDmax", level])
            cvk = np.array([ck.loc[k, level] if k in ck.index else np.nan
                            for k in range(1, M + 1)])
            extra["WDmax"] = wdmax(F[np.isfinite(cvk)], cvk[np.isfinite(cvk)])
            extra["WDmax_crit"] = float(ck.loc["WDmax", level])
    return BreakResult(y=y, X=X, T=T, q=q, h=hh, ssr=ssr, breaks=breaks, labels=lab, table=table,
                       crit=cl, crit_method=crit, supf_l=supl, selected=selected, level=level,
                       extra=extra, options=opts)
