"""Global SSR-minimising partitions of Bai-Perron's pure structural change model.

The segment SSRs of every admissible segment (prefix sums of ``x x'``, ``x y`` and ``y²``, one
batched solve) and the dynamic programme over them (Bai and Perron 2003 §3), the trimming rule
and the input checks shared by :mod:`endodec.empirics.breaks`.
"""

from __future__ import annotations

import math

import numpy as np

from endodec.errors import ParameterError

__all__ = ["segment_ssr"]


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


def _best_split(S, a, e, h):
    """SSR-minimising single break inside ``[a, e]`` with both parts >= h (0-based last obs of
    the first part), or None."""
    if e - a + 1 < 2 * h:
        return None
    taus = np.arange(a + h - 1, e - h + 1)
    tot = S[a, taus] + S[taus + 1, e]
    i = int(np.argmin(tot))
    return int(taus[i]), float(tot[i])


def _bool(name, v):
    if not isinstance(v, (bool, np.bool_)):
        raise ParameterError(name, v, "True or False")
    return bool(v)
