"""Critical values of the Bai-Perron tests and the decisions built on them.

Seeded Monte Carlo of the asymptotic distributions of sup-F(1), sup-F(l+1|l) (Brownian bridges)
and sup-F(k), UDmax, WDmax (a stationary design on a grid), the finite-sample Monte Carlo
conditional on the observed regressors, the WDmax weighting and the sequential choice.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from endodec.empirics.breaks.partition import _dp, segment_ssr
from endodec.empirics.breaks.supf import _supf_lplus1
from endodec.errors import ParameterError

__all__ = ["LEVELS", "sequential_choice", "supf_critical_values", "supfk_critical_values",
           "wdmax"]

#: the levels of the critical-value tables
LEVELS = (0.90, 0.95, 0.975, 0.99)


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
    20,000 draws. The argument sets the report uses are read from a packaged table of these
    simulated quantiles (:mod:`endodec.empirics.breaks.tables`; equal to the simulation to the
    last bit); any other call simulates.

    Returns
    -------
    DataFrame
        index ``l`` (0..max_l: the test of l+1 vs l breaks), columns the levels.
    """
    if isinstance(q, bool) or not isinstance(q, (int, np.integer)) or q < 1:
        raise ParameterError("q", q, "an integer >= 1")
    if not 0 < eps < 0.5:
        raise ParameterError("eps", eps, "in (0, 0.5)")
    from endodec.empirics.breaks import tables

    key = (int(q), round(float(eps), 6), int(n_sim), int(seed), tables.GRID)
    rows = tables.lookup(*key, max_l, levels)  # the packaged table: the same numbers, exactly
    if rows is None:
        rows = _bridge_quantiles(*key, max_l, levels)
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("l")


def _bridge_quantiles(q, eps, n_sim, seed, grid, max_l, levels) -> dict[int, dict[float, float]]:
    """``{l: {level: quantile}}`` of the simulated sup-F(l+1|l) draws (no table)."""
    d = _simulate_bridge_supf(int(q), float(eps), int(n_sim), int(seed), int(grid))
    return {ell: {lv: float(np.quantile(d, lv ** (1.0 / (ell + 1)))) for lv in levels}
            for ell in range(int(max_l) + 1)}


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
    return _k_frame(_k_values(supk, levels))


def _k_frame(ck) -> pd.DataFrame:
    return pd.DataFrame(ck).T.rename_axis("k")


def _k_values(supk, levels) -> dict:
    """``{k: {level: quantile}}`` for k = 1.., ``"UDmax"``, ``"WDmax"`` (:func:`_k_table`)."""
    ks = sorted(supk)
    ck = {k: {lv: float(np.quantile(supk[k], lv)) for lv in levels} for k in ks}
    F = np.stack([supk[k] for k in ks])
    ck["UDmax"] = {lv: float(np.quantile(F[:5].max(0), lv)) for lv in levels}
    wd = {}
    for lv in levels:
        w = np.array([ck[1][lv] / ck[k][lv] for k in ks])[:, None]
        wd[lv] = float(np.quantile((w * F).max(0), lv))
    ck["WDmax"] = wd
    return ck


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
    UDmax is the maximum over k <= 5 (as ``mbreaks``). The argument sets the report uses are read
    from a packaged table of these simulated quantiles (:mod:`endodec.empirics.breaks.tables`;
    equal to the simulation to the last bit); any other call simulates.

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
    from endodec.empirics.breaks import tables

    key = (int(q), round(float(eps), 6), int(max_k), int(n_sim), int(seed), int(grid))
    ck = tables.lookup_k(*key, levels)  # the packaged table: the same numbers, exactly
    if ck is None:
        ck = _k_values(_supfk_cached(*key), levels)
    return _k_frame(ck)


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


def _finite_crit(X, h, M, levels, n_sim, seed, max_l):
    supk, supl = _mc_draws(X, h, M, n_sim, seed, max_l)
    ck = _k_table(supk, levels) if supk else None
    cl = pd.DataFrame({ell: {lv: float(np.nanquantile(v, lv)) if np.isfinite(v).any() else np.nan
                             for lv in levels}
                       for ell, v in supl.items()}).T.rename_axis("l")
    return ck, cl
