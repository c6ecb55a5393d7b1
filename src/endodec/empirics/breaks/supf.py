"""The F statistics of Bai-Perron: sup-F(k), sup-F(l+1|l) and breaks estimated one at a time.

The Wald statistic of no break against k breaks (Bai and Perron 1998 §5, 2003 §4.1) under every
error structure, the per-regime one-break tests of sup-F(l+1|l) (one series, and vectorised over
a Monte Carlo stack) and the sequential estimation of Bai (1997b).
"""

from __future__ import annotations

import numpy as np

from endodec.empirics.breaks.covariance import long_run_covariance
from endodec.empirics.breaks.partition import _best_split, _bool, _design, _h_from, segment_ssr
from endodec.errors import DataError, ParameterError

__all__ = ["sequential_estimation"]


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
