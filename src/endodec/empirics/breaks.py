"""Bai-Perron multiple structural breaks in a linear regression.

Pure structural change model (every coefficient shifts at each break; Bai and Perron 1998, 2003):

    y_t = x_t' beta_j + u_t,    t = T_{j-1}+1, ..., T_j,   j = 1, ..., m+1.

Used by seed 001 Appendix D (Table 14) on the DRAM die learning curve
``ln(price) = ln c0 - alpha ln(Q)``.

Date convention
---------------
A break date ``T_j`` is the **last observation of the old regime** (regime j ends at ``T_j``,
regime j+1 starts at ``T_j + 1``), as printed by Bai and Perron (1998, 2003), R ``strucchange``
and R ``mbreaks`` (Nile: 1898). :attr:`BreakResult.breaks` holds these 0-based indices,
:meth:`BreakResult.break_labels` and the ``breaks`` column of the table their labels;
:meth:`BreakResult.regime_starts` gives the first label of each new regime.

What this module computes
-------------------------
- **Global minimisation of the sum of squared residuals** for every number of breaks m = 0..M by
  dynamic programming over the triangular matrix of segment SSRs (Bai-Perron 2003 §3), with a
  minimum segment length ``h`` (trimming ``eps = h/T``). The segment SSRs come from prefix sums of
  ``x x'``, ``x y`` and ``y²`` (one batched solve for all segments), so the DP is O(T²).
- **sup-F(k)** (BP 1998 §5.1; BP 2003 §4.1): the Wald statistic of H0 "no break" against k breaks
  at the SSR-minimising k-break dates,
  ``F(k) = (T - (k+1)q)/(T k) * δ'R'(R V(δ) R')⁻¹ R δ`` (the scale of the BP 2003 tables, of
  ``strucchange::sctest(Fstats(...))`` and of ``mbreaks::dotest``; *not* divided by q, which is
  reported as ``supF_over_q``). With classical errors ``F(k) = (T-(k+1)q)/k (SSR_0-SSR_k)/SSR_k``.
- **sup-F(l+1|l)** (BP 1998 §5.3 Eq. (4.2); BP 2003 §4.3): for the global l-break partition, in each
  of its l+1 regimes that is at least 2h long, the one-break test computed *within* that regime
  (the break at the regime's SSR-minimising date, trimmed by ``h``, the F statistic above with k=1
  on the regime's observations only); ``F(l+1|l)`` is the largest of these l+1 statistics.
  ``F(1|0) = F(1)``. NaN when no regime is 2h long (``mbreaks`` prints 0 then).
- **UDmax** = max_{k<=M} F(k) and **WDmax** = max_k (c(q,α,1)/c(q,α,k)) F(k) at the level α of
  ``level`` (BP 1998 §5.2; ``mbreaks`` caps UDmax at k <= 5).
- **Error structures** (BP 2003 §4.1, §5 and the options of the GAUSS code / ``mbreaks``):
  ``robust`` (HAC covariance: quadratic spectral kernel, Andrews 1991 automatic AR(1) bandwidth,
  optional AR(1) ``prewhit``ening, Andrews and Monahan 1992), ``hetvar`` (regime-specific error
  variances), ``hetdat`` (regime-specific regressor moments ``Z_j'Z_j``; ``hetdat=False`` uses
  ``(n_j/T) Z'Z``). Defaults are the classical case (``robust=False, hetdat=True, hetvar=False``),
  kept for the claims ledger; ``mbreaks``' defaults are ``robust=True, prewhit=True, hetdat=True,
  hetvar=True``.
- **Critical values**: (a) ``"asymptotic"``: seeded Monte Carlo of the limiting distributions.
  sup-F(1) and sup-F(l+1|l): ``sup_{eps<=s<=1-eps} ||B_q(s)||²/(s(1-s))`` with B_q a
  q-dimensional Brownian bridge on a 1,000-point grid, and for F(l+1|l) the quantile of the
  maximum of l+1 independent copies (BP 1998 Prop. 9; the tables of BP 2003 use the same eps in
  each regime). sup-F(k), UDmax and WDmax: the sup-F(k) statistics of a stationary design
  (``[1, N(0,1)...]``) with iid normal errors on a grid of ``grid`` points (BP 1998 §5.1 limit),
  so ratios c(1)/c(k) share the discretisation. Published tables (BP 2003, as in ``mbreaks``) are
  not transcribed: the tests compare the simulated values with them (about ±5%).
  (b) ``"finite"``: a parametric Monte Carlo of the classical statistics under H0 *conditional on
  the observed regressors* (normal errors), for small T and trending regressors such as
  ln(cumulative output). Not available with the robust options.
- **Selection**: sequential (BP 2003 §4.3: starting at l = 0, add a break while
  sup-F(l+1|l) at the global l-break dates rejects at ``level``), BIC (strucchange's definition,
  ``df = (k+1)(m+1)``), Bai-Perron's BIC (Yao 1988), LWZ (Liu, Wu and Zidek 1997) and KT
  (Kurozumi and Tuvaandorj 2011, ``mbreaks``' default), and ``sequential_estimated``: breaks
  estimated one at a time (Bai 1997b; BP 1998 §6; ``mbreaks::dosequa``,
  :func:`sequential_estimation`), dates in ``extra["sequential_estimated_breaks"]``.
- **Break-date confidence intervals** (Bai 1997) with regime-specific regressor moments and error
  variances, a port of R ``strucchange::confint.breakpointsfull`` (defaults het.reg, het.err),
  or ``method="bai-perron"``: the intervals of Bai-Perron's code / ``mbreaks::interval``
  (``hetq``/``hetomega`` = ``het_reg``/``het_err``, HAC with ``robust``, ``prewhit``).

References
----------
Andrews, D. W. K. (1991). Heteroskedasticity and autocorrelation consistent covariance matrix
estimation. *Econometrica* 59, 817-858.
Andrews, D. W. K. and J. C. Monahan (1992). An improved heteroskedasticity and autocorrelation
consistent covariance matrix estimator. *Econometrica* 60, 953-966.
Bai, J. (1997). Estimation of a change point in multiple regression models. *Review of Economics
and Statistics* 79, 551-563.
Bai, J. (1997b). Estimating multiple breaks one at a time. *Econometric Theory* 13, 315-352.
Bai, J. and P. Perron (1998). Estimating and testing linear models with multiple structural
changes. *Econometrica* 66, 47-78.
Bai, J. and P. Perron (2003). Computation and analysis of multiple structural change models.
*Journal of Applied Econometrics* 18, 1-22.
Kurozumi, E. and P. Tuvaandorj (2011). Model selection criteria in multivariate models with
multiple structural changes. *Journal of Econometrics* 164, 218-238.
Liu, J., S. Wu and J. V. Zidek (1997). On segmented multivariate regression. *Statistica Sinica*
7, 497-525.

Tested against R ``strucchange::breakpoints`` (tests/fixtures/strucchange), R ``mbreaks`` 1.0.1
(tests/fixtures/mbreaks: SSRs, dates, sup-F(k), sup-F(l+1|l), UDmax, WDmax, selections, every
error-structure option) and, for the break dates of piecewise-constant means, ``ruptures.Dynp``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from endodec.errors import DataError, ParameterError

__all__ = [
    "segment_ssr",
    "BreakResult",
    "bai_perron",
    "supf_critical_values",
    "supfk_critical_values",
    "wdmax",
    "sequential_choice",
    "sequential_estimation",
    "long_run_covariance",
    "BAI97_ARGMAX_QUANTILES",
]
# (BAI97_ARGMAX_QUANTILES: homogeneous-case quantiles, for reference only)

#: two-sided quantiles of argmax_s (W(s) - |s|/2) (Bai 1997, Table 1): level -> c
BAI97_ARGMAX_QUANTILES = {0.90: 7.687, 0.95: 11.033, 0.99: 20.996}
LEVELS = (0.90, 0.95, 0.975, 0.99)


def _design(y, X):
    try:
        y = np.asarray(y, dtype=float).ravel()
        X = np.ones((y.size, 1)) if X is None else np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise ParameterError("y/X", "non-numeric", "arrays of numbers") from None
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[1] < 1:
        raise ParameterError("X", f"shape {X.shape}", "a (T, q) matrix with q >= 1 columns")
    if X.shape[0] != y.size:
        raise ParameterError("X", f"{X.shape[0]} rows", f"{y.size} rows (length of y)")
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(X))):
        raise ParameterError("y", "non-finite", "finite values")
    return y, X


def segment_ssr(y, X=None, h: int = 2) -> np.ndarray:
    """SSR of OLS on every segment ``[i, j]`` (0-based, inclusive) with ``j - i + 1 >= h``.

    Returns an (T, T) array with NaN for segments shorter than ``h``. ``y`` may also be a
    (S, T) stack of series sharing the regressors ``X`` (used by the Monte Carlo), then the result
    is (S, T, T).
    """
    yy = np.asarray(y, dtype=float)
    stacked = yy.ndim == 2
    Y = yy if stacked else yy[None, :]
    T = Y.shape[1]
    _, Xd = _design(Y[0], X)
    k = Xd.shape[1]
    if h < k:
        raise ParameterError("h", h, f">= number of regressors ({k})")
    # prefix sums
    XX = np.concatenate([np.zeros((1, k, k)), np.cumsum(Xd[:, :, None] * Xd[:, None, :], 0)])
    XY = np.concatenate([np.zeros((Y.shape[0], 1, k)),
                         np.cumsum(Xd[None, :, :] * Y[:, :, None], 1)], 1)
    Y2 = np.concatenate([np.zeros((Y.shape[0], 1)), np.cumsum(Y**2, 1)], 1)
    ii, jj = np.triu_indices(T)
    ok = jj - ii + 1 >= h
    ii, jj = ii[ok], jj[ok]
    A = XX[jj + 1] - XX[ii]  # (P, k, k)
    Ainv = np.linalg.pinv(A)
    b = XY[:, jj + 1] - XY[:, ii]  # (S, P, k)
    yy2 = Y2[:, jj + 1] - Y2[:, ii]
    fit = np.einsum("spk,pkl,spl->sp", b, Ainv, b)
    ssr = np.maximum(yy2 - fit, 0.0)
    # exact zero when the segment is fitted perfectly (avoid -1e-15 noise)
    out = np.full((Y.shape[0], T, T), np.nan)
    out[:, ii, jj] = ssr
    return out if stacked else out[0]


def _dp(S: np.ndarray, h: int, M: int):
    """Dynamic programme on segment SSRs ``S`` ((B, T, T)); returns, for m = 0..M, the minimal SSR
    (B, M+1) and the break indices (list over m of (B, m) arrays, last obs of each regime)."""
    B, T, _ = S.shape
    Sfill = np.where(np.isnan(S), np.inf, S)
    # opt[m][:, j] = min SSR of y[0..j] with m breaks
    opt = [Sfill[:, 0, :]]  # m = 0: one segment [0, j]
    arg = [None]
    for m in range(1, M + 1):
        prev = opt[-1]
        cur = np.full((B, T), np.inf)
        am = np.full((B, T), -1, dtype=int)
        for j in range((m + 1) * h - 1, T):
            # last break b: previous regimes cover [0, b], last regime [b+1, j]
            bs = np.arange(m * h - 1, j - h + 1)
            if bs.size == 0:
                continue
            tot = prev[:, bs] + Sfill[:, bs + 1, j]
            k = np.argmin(tot, axis=1)
            cur[:, j] = tot[np.arange(B), k]
            am[:, j] = bs[k]
        opt.append(cur)
        arg.append(am)
    ssr = np.stack([o[:, T - 1] for o in opt], axis=1)
    breaks = [np.zeros((B, 0), dtype=int)]
    for m in range(1, M + 1):
        bk = np.zeros((B, m), dtype=int)
        j = np.full(B, T - 1)
        for r in range(m, 0, -1):
            b = arg[r][np.arange(B), j]
            bk[:, r - 1] = b
            j = b
        breaks.append(bk)
    return ssr, breaks


def _h_from(h, T, q=1):
    """Minimum segment length in observations from a fraction or an integer (typed errors)."""
    allowed = "a trimming fraction in (0, 0.5) or an integer number of observations >= 1"
    if isinstance(h, bool) or not isinstance(h, (int, float, np.integer, np.floating)) \
            or (isinstance(h, (float, np.floating)) and not math.isfinite(h)):
        raise ParameterError("h", h, allowed)
    if isinstance(h, (float, np.floating)) and h < 1:
        if not 0 < h < 0.5:
            raise ParameterError("h", h, allowed)
        hh = int(np.floor(h * T))
        if hh < q:
            need = int(np.ceil(q / h))
            raise ParameterError(
                "h", h, f"a trimming that leaves at least {q} observation(s) per regime (q = {q} "
                "regressors)",
                f"trimming {h:g} leaves {hh} observation(s) per regime in a {T}-row series: use "
                f"--trim {q} (h = {q} observations) or more, or at least {need} rows of data")
        return hh
    if h != int(h):
        raise ParameterError("h", h, allowed)
    hh = int(h)
    if hh < 1 or hh > T // 2:
        raise ParameterError("h", h, f"an integer in [1, {T // 2}] for a {T}-row series",
                             f"h = {hh} observations per regime cannot hold 2 regimes in {T} rows"
                             if hh > T // 2 else "")
    return hh


# ----------------------------------------------------------------------------- covariances
def _qs_kernel(x):
    """Quadratic spectral kernel (Andrews 1991, Eq. (2.7)), for x > 0."""
    d = 6.0 * np.pi * x / 5.0
    return 3.0 * (np.sin(d) / d - np.cos(d)) / d**2


def _andrews_bandwidth(v):
    """Andrews (1991) automatic bandwidth for the QS kernel from column-wise AR(1) fits (no
    intercept, unit weights): ``1.3221 (a(2) n)^(1/5)``."""
    n = v.shape[0]
    y, lag = v[1:], v[:-1]
    den = np.einsum("ij,ij->j", lag, lag)
    if np.any(den <= 0):
        raise DataError("HAC bandwidth: a column of z_t*u_t is identically zero in a regime "
                        "(all residuals zero or a regressor is zero there); use robust=False")
    rho = np.einsum("ij,ij->j", y, lag) / den
    sig = ((y - lag * rho) ** 2).sum(0) / (n - 1)
    a2n = np.sum(4 * rho**2 * sig**2 / (1 - rho) ** 8)
    a2d = np.sum(sig**2 / (1 - rho) ** 4)
    if not a2d > 0:
        raise DataError("HAC bandwidth undefined: the AR(1) residual variance is zero in a regime "
                        "(all residuals zero?); use robust=False")
    return 1.3221 * (a2n / a2d * n) ** 0.2


def _kernel_sum(v):
    """``(Γ_0 + Σ_{j>=1} k(j/S) (Γ_j + Γ_j')) / (n - d)`` with the QS kernel and Andrews' S."""
    n, d = v.shape
    if n - d < 1:
        raise DataError(f"HAC covariance needs more than {d} observations in a regime, got {n}: "
                        "use a larger trimming h")
    st = _andrews_bandwidth(v)
    j = np.arange(1, n)
    w = _qs_kernel(j / st)
    # Γ_j = Σ_t v_{t+j} v_t' for all lags at once: (n-1, d, d)
    G = np.stack([v[k:].T @ v[:-k] for k in j]) if n > 1 else np.zeros((0, d, d))
    S = np.einsum("j,jab->ab", w, G)
    return (v.T @ v + S + S.T) / (n - d)


def long_run_covariance(Z, u, prewhit: bool = True) -> np.ndarray:
    """Long-run covariance of ``z_t u_t`` (HAC), as in Bai-Perron's (2003) code.

    Quadratic spectral kernel with Andrews' (1991) automatic bandwidth from AR(1) approximations
    (unit weights); with ``prewhit`` the vectors are first filtered by a VAR(1) without intercept
    and the estimate is recoloured (Andrews and Monahan 1992). Small-sample divisor ``n - d``.

    Parameters
    ----------
    Z : (n, d) array_like
        Regressors.
    u : (n,) array_like
        Residuals.
    prewhit : bool
        AR(1) prewhitening.

    Returns
    -------
    ndarray
        (d, d) matrix.
    """
    Z = np.asarray(Z, float)
    v = Z * np.asarray(u, float).reshape(-1, 1)
    if not prewhit:
        return _kernel_sum(v)
    d = v.shape[1]
    B, *_ = np.linalg.lstsq(v[:-1], v[1:], rcond=None)  # v_t ≈ v_{t-1} B
    vstar = v[1:] - v[:-1] @ B
    inv = np.linalg.inv(np.eye(d) - B.T)
    return inv @ _kernel_sum(vstar) @ inv.T


def _wald_f(y, Z, ends, *, robust=False, prewhit=False, hetdat=True, hetvar=False):
    """F statistic of no break against the breaks ``ends`` (0-based last observations of the
    first k regimes), ``(T-(k+1)q)/(T k) δ'R'(R V R')⁻¹Rδ`` (Bai-Perron 1998 §5, 2003 §4.1)."""
    T, q = Z.shape
    ends = [int(e) for e in ends]
    k = len(ends)
    bounds = list(zip([0] + [e + 1 for e in ends], ends + [T - 1], strict=True))
    coefs, covs = [], []
    ZZ_all = Z.T @ Z
    res = np.empty(T)
    blocks = []
    for a, b in bounds:
        Zj, yj = Z[a:b + 1], y[a:b + 1]
        A = Zj.T @ Zj
        if np.linalg.matrix_rank(A) < q:
            raise DataError(f"singular design in regime {a + 1}-{b + 1} (observations, 1-based): "
                            f"the {q} regressors are collinear there; drop a regressor or use a "
                            "larger trimming h")
        Ainv = np.linalg.inv(A)
        dj = Ainv @ (Zj.T @ yj)
        res[a:b + 1] = yj - Zj @ dj
        coefs.append(dj)
        blocks.append((a, b, Ainv))
    sig = res @ res / T
    if not sig > 0:
        raise DataError("all residuals are zero at these break dates (the regimes are fitted "
                        "exactly): the F statistic is undefined; use fewer breaks or more data")
    for a, b, Ainv in blocks:
        n = b - a + 1
        e = res[a:b + 1]
        if robust:
            Om = long_run_covariance(Z[a:b + 1], e, prewhit) if hetvar else None
            covs.append((Ainv, n, Om))
            continue
        s2 = e @ e / n if hetvar else sig
        covs.append(s2 * (Ainv if hetdat else np.linalg.inv(n / T * ZZ_all)))
    if robust:
        Om_all = None if hetvar else long_run_covariance(Z, res, prewhit)
        covs = [Ainv @ (n * (Om if hetvar else Om_all)) @ Ainv for Ainv, n, Om in covs]
    # R δ and R V R' (V block diagonal -> R V R' block tridiagonal)
    rd = np.concatenate([coefs[j + 1] - coefs[j] for j in range(k)])
    RVR = np.zeros((k * q, k * q))
    for j in range(k):
        s = slice(j * q, (j + 1) * q)
        RVR[s, s] = covs[j] + covs[j + 1]
        if j + 1 < k:
            s2_ = slice((j + 1) * q, (j + 2) * q)
            RVR[s, s2_] = -covs[j + 1]
            RVR[s2_, s] = -covs[j + 1]
    stat = float(rd @ np.linalg.solve(RVR, rd))
    return (T - (k + 1) * q) / (T * k) * stat


def _best_split(S, a, e, h):
    """SSR-minimising single break inside ``[a, e]`` with both parts >= h (0-based last obs of
    the first part), or None."""
    if e - a + 1 < 2 * h:
        return None
    taus = np.arange(a + h - 1, e - h + 1)
    tot = S[a, taus] + S[taus + 1, e]
    i = int(np.argmin(tot))
    return int(taus[i]), float(tot[i])


def _supf_next_one(y, X, S, bk, h, opts):
    """sup-F(l+1|l) for one series: per-regime one-break tests at the global l-break dates.

    Returns (statistic, new break index or None, per-regime statistics)."""
    T, q = X.shape
    ends = list(bk) + [T - 1]
    starts = [0] + [int(b) + 1 for b in bk]
    per, best, newb = [], -np.inf, None
    for a, e in zip(starts, ends, strict=True):
        sp = _best_split(S, a, e, h)
        if sp is None:
            per.append(np.nan)
            continue
        tau, ssr2 = sp
        if opts["robust"] or opts["hetvar"] or not opts["hetdat"]:
            f = _wald_f(y[a:e + 1], X[a:e + 1], [tau - a], **opts)
        else:
            n = e - a + 1
            f = (n - 2 * q) * (S[a, e] - ssr2) / ssr2 if ssr2 > 0 else np.inf
        per.append(f)
        if f > best:
            best, newb = f, tau
    return (best if newb is not None else np.nan), newb, per


def _supf_lplus1(S, ssr_l, bk, h, T, q, ell):
    """Vectorised classical sup-F(l+1|l) over a (B, T, T) stack of segment SSRs (Monte Carlo):
    max over the l+1 regimes of ``(n_r - 2q)(SSR_r - SSR*_r)/SSR*_r`` (``ssr_l`` unused, kept
    for the signature)."""
    B = S.shape[0]
    best = np.full(B, -np.inf)
    ends = np.concatenate([bk, np.full((B, 1), T - 1)], axis=1)
    starts = np.concatenate([np.zeros((B, 1), dtype=int), bk + 1], axis=1)
    rb = np.arange(B)[:, None]
    taus = np.arange(T - 1)[None, :]
    for r in range(ell + 1):
        a, e = starts[:, r][:, None], ends[:, r][:, None]
        valid = (taus - a + 1 >= h) & (e - taus >= h)
        tt = np.where(valid, taus, np.minimum(a + h - 1, T - 2))
        split = S[rb, a, tt] + S[rb, np.minimum(tt + 1, T - 1), e]
        split = np.where(valid, split, np.inf)
        ssr2 = split.min(axis=1)
        ok = np.isfinite(ssr2)
        n = (e - a + 1)[:, 0]
        seg = S[rb[:, 0], a[:, 0], e[:, 0]]
        with np.errstate(divide="ignore", invalid="ignore"):
            f = np.where(ok, (n - 2 * q) * (seg - ssr2) / ssr2, -np.inf)
        best = np.maximum(best, f)
    return np.where(np.isfinite(best), best, np.nan)


def _seq_estimate(y, X, S, h, M, cv, opts):
    """Breaks estimated one at a time (see :func:`sequential_estimation`) on segment SSRs S."""
    T, q = X.shape
    classical = not (opts["robust"] or opts["hetvar"] or not opts["hetdat"])

    def test(a, e):
        sp = _best_split(S, a, e, h)
        if sp is None:
            return -np.inf, None
        tau, ssr2 = sp
        if classical:
            n = e - a + 1
            f = (n - 2 * q) * (S[a, e] - ssr2) / ssr2 if ssr2 > 0 else np.inf
        else:
            f = _wald_f(y[a:e + 1], X[a:e + 1], [tau - a], **opts)
        return f, tau

    bks: list[int] = []
    for ell in range(M):
        if ell >= len(cv) or not np.isfinite(cv[ell]):
            break
        ends = bks + [T - 1]
        starts = [0] + [b + 1 for b in bks]
        res = [test(a, e) for a, e in zip(starts, ends, strict=True)]
        f, tau = max(res, key=lambda t: t[0])
        if tau is None or not f >= cv[ell]:
            break
        bks = sorted(bks + [tau])
    return len(bks), np.array(bks, dtype=int)


def sequential_estimation(y, X=None, *, h: float | int = 0.15, cv=None, max_breaks: int = 5,
                          robust: bool = False, prewhit: bool = False, hetdat: bool = True,
                          hetvar: bool = False):
    """Breaks estimated one at a time with sup-F(l+1|l) tests (Bai 1997b; Bai and Perron 1998 §6,
    2003 §4.3; ``mbreaks::dosequa``).

    The first break is the SSR-minimising single break of the whole sample, kept if sup-F(1)
    ``>= cv[0]``; then each current regime at least 2h long is split at its SSR-minimising date
    and tested on its own observations, and the largest statistic adds a break if ``>= cv[l]``
    (l the number of breaks so far). Unlike the sequential choice of :func:`bai_perron`, the
    dates are not re-estimated globally.

    Parameters
    ----------
    y, X, h, robust, prewhit, hetdat, hetvar
        As in :func:`bai_perron`.
    cv : array_like
        Critical values of sup-F(l+1|l) for l = 0, 1, ... at one level.
    max_breaks : int
        Largest number of breaks.

    Returns
    -------
    (int, ndarray)
        Number of breaks and their 0-based indices (last observation of each old regime).
    """
    y, X = _design(y, X)
    T, q = X.shape
    hh = _h_from(h, T, q)
    if cv is None:
        raise ParameterError("cv", cv, "critical values of sup-F(l+1|l), l = 0, 1, ...")
    opts = {"robust": _bool("robust", robust), "prewhit": _bool("prewhit", prewhit),
            "hetdat": _bool("hetdat", hetdat), "hetvar": _bool("hetvar", hetvar)}
    if isinstance(max_breaks, bool) or not isinstance(max_breaks, (int, np.integer)) \
            or max_breaks < 0:
        raise ParameterError("max_breaks", max_breaks, "an integer >= 0")
    S = segment_ssr(y, X, hh)
    return _seq_estimate(y, X, S, hh, int(max_breaks), np.asarray(cv, float).ravel(), opts)


# ----------------------------------------------------------------------------- critical values
@lru_cache(maxsize=64)
def _simulate_bridge_supf(q: int, eps: float, n_sim: int, seed: int, grid: int = 1000):
    """Draws of sup_{eps<=s<=1-eps} ||B_q(s)||² / (s(1-s)) on a grid."""
    rng = np.random.default_rng(seed)
    out = np.empty(n_sim)
    s = np.arange(1, grid + 1) / grid
    lo, hi = int(np.ceil(eps * grid)), int(np.floor((1 - eps) * grid))
    chunk = max(1, 2_000_000 // (grid * q))
    for a in range(0, n_sim, chunk):
        b = min(n_sim, a + chunk)
        W = np.cumsum(rng.standard_normal((b - a, grid, q)), axis=1) / np.sqrt(grid)
        Bq = W - s[None, :, None] * W[:, -1:, :]
        sl = slice(lo - 1, hi)
        st = (Bq[:, sl] ** 2).sum(-1) / (s[sl] * (1 - s[sl]))[None, :]
        out[a:b] = st.max(axis=1)
    return out


def supf_critical_values(q: int, eps: float = 0.15, max_l: int = 4,
                         levels=LEVELS, n_sim: int = 20_000,
                         seed: int = 12345) -> pd.DataFrame:
    """Simulated asymptotic critical values of sup-F(1) = sup-F(1|0) and sup-F(l+1|l).

    Seeded Monte Carlo of the Bai-Perron (1998) limiting distribution (Brownian bridge on a grid
    of 1,000 points, ``n_sim`` draws); ``F(l+1|l)`` uses the max of l+1 independent copies
    (Bai and Perron 1998, Prop. 9; the same trimming ``eps`` in every regime, as the tables of
    Bai and Perron 2003). Simulation error in the 95% quantile is about ±1-2% with the default
    20,000 draws.

    Returns
    -------
    DataFrame
        index ``l`` (0..max_l: the test of l+1 vs l breaks), columns the levels.
    """
    if isinstance(q, bool) or not isinstance(q, (int, np.integer)) or q < 1:
        raise ParameterError("q", q, "an integer >= 1")
    if not 0 < eps < 0.5:
        raise ParameterError("eps", eps, "in (0, 0.5)")
    d = _simulate_bridge_supf(int(q), round(float(eps), 6), int(n_sim), int(seed))
    rows = {}
    for ell in range(max_l + 1):
        rows[ell] = {lv: float(np.quantile(d, lv ** (1.0 / (ell + 1)))) for lv in levels}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("l")


def _mc_draws(X, h, M, n_sim, seed, max_l, chunk=None):
    """Classical sup-F(k) (k=1..M) and sup-F(l+1|l) (l=0..max_l) under H0 (iid N(0,1) errors)
    conditional on the design X; chunked to bound memory."""
    T, q = X.shape
    rng = np.random.default_rng(seed)
    chunk = chunk or max(1, int(4e7 // (T * T * 8)))
    supk = {k: [] for k in range(1, M + 1)}
    supl = {ell: [] for ell in range(0, min(max_l, M - 1) + 1)}
    for a in range(0, n_sim, chunk):
        Y = rng.standard_normal((min(chunk, n_sim - a), T))
        S = segment_ssr(Y, X, h)
        ssr, breaks = _dp(S, h, M)
        for k in supk:
            supk[k].append((T - (k + 1) * q) / k * (ssr[:, 0] - ssr[:, k]) / ssr[:, k])
        for ell in supl:
            supl[ell].append(_supf_lplus1(S, ssr[:, ell], breaks[ell], h, T, q, ell))
    return ({k: np.concatenate(v) for k, v in supk.items()},
            {ell: np.concatenate(v) for ell, v in supl.items()})


def _k_table(supk, levels):
    """Quantiles of sup-F(k), UDmax and WDmax (level-specific weights c(1)/c(k)) from draws."""
    ks = sorted(supk)
    ck = {k: {lv: float(np.quantile(supk[k], lv)) for lv in levels} for k in ks}
    F = np.stack([supk[k] for k in ks])
    ck["UDmax"] = {lv: float(np.quantile(F[:5].max(0), lv)) for lv in levels}
    wd = {}
    for lv in levels:
        w = np.array([ck[1][lv] / ck[k][lv] for k in ks])[:, None]
        wd[lv] = float(np.quantile((w * F).max(0), lv))
    ck["WDmax"] = wd
    return pd.DataFrame(ck).T.rename_axis("k")


@lru_cache(maxsize=32)
def _supfk_cached(q, eps, max_k, n_sim, seed, grid):
    rng = np.random.default_rng(seed + 1)
    X = np.column_stack([np.ones(grid), rng.standard_normal((grid, q - 1))])
    h = max(int(round(eps * grid)), q)
    supk, _ = _mc_draws(X, h, max_k, n_sim, seed, max_l=-1)
    return supk


def supfk_critical_values(q: int, eps: float = 0.15, max_k: int = 5, levels=LEVELS,
                          n_sim: int = 2_000, seed: int = 12345, grid: int = 100) -> pd.DataFrame:
    """Simulated asymptotic critical values of sup-F(k), k = 1..max_k, UDmax and WDmax.

    The sup-F(k) statistics (classical, Bai and Perron 1998 §5.1) of a stationary design
    ``[1, N(0,1), ...]`` with iid normal errors and ``grid`` observations, trimming
    ``round(eps * grid)``; their quantiles approximate the limits tabulated by Bai and Perron
    (2003, Tables 1-2; about ±5% with the defaults, slightly low because the supremum is over a
    grid). WDmax at level α weights F(k) by c(1, α)/c(k, α) from the same draws (BP 1998 §5.2);
    UDmax is the maximum over k <= 5 (as ``mbreaks``).

    Returns
    -------
    DataFrame
        index ``1..max_k, "UDmax", "WDmax"``, columns the levels.
    """
    if isinstance(q, bool) or not isinstance(q, (int, np.integer)) or q < 1:
        raise ParameterError("q", q, "an integer >= 1")
    if not 0 < eps < 0.5:
        raise ParameterError("eps", eps, "in (0, 0.5)")
    if isinstance(grid, bool) or not isinstance(grid, (int, np.integer)) or grid < 20:
        raise ParameterError("grid", grid, "an integer >= 20")
    h = max(int(round(eps * grid)), int(q))
    kmax = grid // h - 1
    if isinstance(max_k, bool) or not isinstance(max_k, (int, np.integer)) or not 1 <= max_k <= kmax:
        raise ParameterError("max_k", max_k, f"an integer in [1, {kmax}] for eps = {eps:g}",
                             f"{max_k} breaks need {max_k + 1} regimes of {h} grid points")
    supk = _supfk_cached(int(q), round(float(eps), 6), int(max_k), int(n_sim), int(seed),
                         int(grid))
    return _k_table(supk, levels)


def wdmax(supf, cv) -> float:
    """Weighted double maximum ``max_k (c_1/c_k) F(k)`` (Bai and Perron 1998 §5.2).

    Parameters
    ----------
    supf : array_like
        sup-F(k) for k = 1..m.
    cv : array_like
        Critical values c(q, α, k) of sup-F(k) at one level α, k = 1..m.
    """
    f = np.asarray(supf, float)
    c = np.asarray(cv, float)[: f.size]
    if f.size == 0:
        return float("nan")
    return float(np.nanmax(c[0] / c * f))


def sequential_choice(supf_next, cv) -> int:
    """Number of breaks chosen by the sequential sup-F(l+1|l) tests (Bai and Perron 2003 §4.3).

    ``supf_next[l]`` is sup-F(l+1|l) (l = 0, 1, ...) and ``cv[l]`` its critical value: starting
    from l = 0, a break is added while ``supf_next[l] > cv[l]``.
    """
    m = 0
    for f, c in zip(np.asarray(supf_next, float), np.asarray(cv, float), strict=False):
        if np.isfinite(f) and np.isfinite(c) and f > c:
            m += 1
        else:
            break
    return m


def _pargmaxV(x, xi=1.0, phi1=1.0, phi2=1.0):
    """CDF of argmax of the two-sided Brownian motion with drift of Bai (1997), as
    ``strucchange:::pargmaxV`` (heterogeneous regressors ``xi`` and error scales ``phi``)."""
    from scipy.stats import norm

    phi = xi * (phi2 / phi1) ** 2
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ax = abs(float(x))
        if x < 0:
            frac = xi / phi
            return float(-np.exp(np.log(ax) / 2 - ax / 8 - np.log(2 * np.pi) / 2)
                         - (phi / xi * (phi + 2 * xi) / (phi + xi))
                         * np.exp(frac * (1 + frac) * ax / 2 + norm.logcdf(-(0.5 + frac) * np.sqrt(ax)))
                         + np.exp(np.log(ax / 2 - 2 + (phi + 2 * xi) ** 2 / ((phi + xi) * xi))
                                  + norm.logcdf(-np.sqrt(ax) / 2)))
        frac = xi**2 / phi
        return float(1 + np.sqrt(frac) * np.exp(np.log(ax) / 2 - frac * ax / 8 - np.log(2 * np.pi) / 2)
                     + (xi / phi * (2 * phi + xi) / (phi + xi))
                     * np.exp((phi + xi) * ax / 2 + norm.logcdf(-(phi + xi / 2) / np.sqrt(phi) * np.sqrt(ax)))
                     - np.exp(np.log((2 * phi + xi) ** 2 / ((phi + xi) * phi) - 2 + frac * ax / 2)
                              + norm.logcdf(-np.sqrt(frac) * np.sqrt(ax) / 2)))


def _argmax_quantiles(xi, phi1, phi2, a2):
    """(a2, 1-a2) quantiles of the argmax distribution of Bai (1997, Prop. 3) (:func:`_pargmaxV`),
    on either side of 0 (a very asymmetric distribution can put both on one side)."""
    from scipy.optimize import brentq

    def cdf(x):
        return _pargmaxV(x, xi, phi1, phi2)

    if not np.isfinite(cdf(0.0)):
        return np.nan, np.nan
    out = []
    for p in (a2, 1 - a2):
        lb = ub = 0.0
        for _ in range(1000):
            if cdf(lb) <= p:
                break
            lb -= 1000.0
        for _ in range(1000):
            if cdf(ub) >= p:
                break
            ub += 1000.0
        if not (cdf(lb) <= p <= cdf(ub)):
            return np.nan, np.nan
        out.append(lb if lb == ub else brentq(lambda x, p=p: cdf(x) - p, lb, ub, xtol=1e-12))
    return out[0], out[1]


@dataclass
class BreakResult:
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

    def summary(self) -> str:
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

    def to_frame(self) -> pd.DataFrame:
        """Per-m table (copy); UDmax/WDmax and their critical values in ``.attrs``."""
        t = self.table.copy()
        t.attrs = {k: self.extra[k] for k in ("UDmax", "UDmax_crit", "WDmax", "WDmax_crit")
                   if k in self.extra}
        return t


def _finite_crit(X, h, M, levels, n_sim, seed, max_l):
    supk, supl = _mc_draws(X, h, M, n_sim, seed, max_l)
    ck = _k_table(supk, levels) if supk else None
    cl = pd.DataFrame({ell: {lv: float(np.nanquantile(v, lv)) if np.isfinite(v).any() else np.nan
                             for lv in levels}
                       for ell, v in supl.items()}).T.rename_axis("l")
    return ck, cl


def _bool(name, v):
    if not isinstance(v, (bool, np.bool_)):
        raise ParameterError(name, v, "True or False")
    return bool(v)


def bai_perron(y, X=None, *, h: float | int = 0.15, max_breaks: int | None = None,
               labels=None, level: float = 0.95, crit: str = "asymptotic", n_sim: int = 20_000,
               seed: int = 12345, robust: bool = False, prewhit: bool = False,
               hetdat: bool = True, hetvar: bool = False, grid: int = 100) -> BreakResult:
    """Bai-Perron multiple structural break estimation and tests (see module docstring).

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
