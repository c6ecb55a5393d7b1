"""Diagnostics of a Wright's-law fit: serial correlation (as a table) and sub-sample fits
(sub-periods, leave-one-out, expanding and rolling windows; seed 001 §5.2.2)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from endodec.empirics.learning_curves.hac import _exact_fit, _serial, nw_lags
from endodec.empirics.learning_curves.ols import WrightFit, fit_wright
from endodec.errors import ParameterError

__all__ = ["leave_one_out", "recursive_fits", "rolling_fits", "serial_correlation",
           "subperiod_fits"]


def serial_correlation(fit: WrightFit, *, bg_lags: int | None = None) -> pd.DataFrame:
    """Serial-correlation diagnostics and HAC inference of a Wright's-law fit, as a table.

    One row: n, alpha, OLS SE, Newey-West SE (Newey and West 1987; bandwidth
    :func:`nw_lags`, the Newey-West 1994 rule), their ratio, OLS and NW p-values and
    intervals, Durbin-Watson, rho1 and the Breusch-Godfrey LM test (Breusch 1978; Godfrey
    1978) of order ``bg_lags`` (default: the NW bandwidth).

    Raises
    ------
    ParameterError
        ``fit`` is not a WrightFit, or ``bg_lags`` is not an integer >= 1.
    DomainError
        Fewer than ``max(5, bg_lags + 4)`` observations (the HAC covariance and the
        auxiliary BG regression need residual degrees of freedom), or all residuals are zero
        (an exact fit: DW is 0/0 and the HAC SE is 0).

    References
    ----------
    Breusch, T. S. (1978), "Testing for autocorrelation in dynamic linear models", *Australian
    Economic Papers* 17, 334-355. Godfrey, L. G. (1978), "Testing against general
    autoregressive and moving average error models when the regressors include lagged
    dependent variables", *Econometrica* 46, 1293-1301.
    """
    from endodec.errors import DomainError

    if not isinstance(fit, WrightFit):
        raise ParameterError("fit", type(fit).__name__, "a WrightFit (from fit_wright)")
    L = nw_lags(fit.n)
    bg = L if bg_lags is None else bg_lags
    if isinstance(bg, bool) or not isinstance(bg, (int, np.integer)) or bg < 1:
        raise ParameterError("bg_lags", bg_lags, "an integer >= 1")
    need = max(5, int(bg) + 4)
    if fit.n < need:
        raise DomainError(f"serial-correlation diagnostics: n = {fit.n} observations; the "
                          f"Newey-West SE and a Breusch-Godfrey test of order {bg} need at least "
                          f"{need} (use a longer series or fewer BG lags)")
    if _exact_fit(fit.resid, fit.y):
        raise DomainError("serial-correlation diagnostics: all residuals are zero (an exact "
                          "power law): Durbin-Watson is 0/0 and the HAC SE is 0; they need "
                          "data with residual variation")
    d = _serial(fit.results, fit.y, fit.ci_alpha, int(bg))
    return pd.DataFrame([{
        "name": fit.name, "n": fit.n, "alpha": fit.alpha, "se_ols": fit.se,
        "se_nw": d["se_nw"], "nw_over_ols": d["se_nw"] / fit.se, "nw_lags": d["nw_lags"],
        "nw_rule": "floor(4(n/100)^(2/9)) (Newey-West 1994), Bartlett, n/(n-2)",
        "p_ols": fit.pvalue, "p_nw": d["pvalue_nw"], "ci_lo_ols": fit.ci[0],
        "ci_hi_ols": fit.ci[1], "ci_lo_nw": d["ci_nw"][0], "ci_hi_nw": d["ci_nw"][1],
        "dw": d["dw"], "rho1": d["rho1"], "bg_lags": int(bg), "bg_stat": d["bg_stat"],
        "bg_pvalue": d["bg_pvalue"]}])


def _frame(fits: list[WrightFit], extra: list[dict]) -> pd.DataFrame:
    rows = []
    for f, e in zip(fits, extra, strict=True):
        r = f.to_frame().iloc[0].to_dict()
        r.update(e)
        rows.append(r)
    return pd.DataFrame(rows)


def subperiod_fits(x, y, labels, periods: Sequence[tuple[Any, Any]], *, ci_alpha=0.05,
                   min_obs: int = 3) -> pd.DataFrame:
    """Fit Wright's law separately on label ranges ``[(start, end), ...]`` (inclusive).

    ``x``, ``y`` are ``ln Q`` and ``ln c``. With ``min_obs=2`` a two-observation period gets the
    exact two-point slope (SE NaN). Periods with fewer than ``min_obs`` observations get
    NaN estimates (and ``n`` = their size) instead of an error, so tables stay rectangular.
    Used for seed 000 §4.1 (1984-2000 vs 2000-2024) and seed 001 Table 14 regimes.
    """
    x, y, lab = np.asarray(x, float), np.asarray(y, float), np.asarray(labels)
    rows = []
    for a, b in periods:
        m = (lab >= a) & (lab <= b)
        if m.sum() == 2 and min_obs <= 2:
            xs, ys = x[m], y[m]
            r = {"name": f"{a}-{b}", "alpha": -(ys[1] - ys[0]) / (xs[1] - xs[0]), "se": np.nan,
                 "r2": 1.0, "n": 2, "first": lab[m][0], "last": lab[m][-1]}
        elif m.sum() >= max(min_obs, 3):
            f = fit_wright(y[m], x[m], labels=lab[m], logs=True, ci_alpha=ci_alpha,
                           name=f"{a}-{b}")
            r = f.to_frame().iloc[0].to_dict()
        else:
            r = {"name": f"{a}-{b}", "alpha": np.nan, "se": np.nan, "n": int(m.sum())}
        r.update(start=a, end=b)
        rows.append(r)
    return pd.DataFrame(rows)


def leave_one_out(fit: WrightFit) -> pd.DataFrame:
    """Re-estimate alpha dropping each observation in turn (seed 001 §5.2.2, first diagnostic).

    Returns a DataFrame with the dropped label, alpha, se, r2 (one row per observation).
    """
    if fit.n < 4:
        raise ParameterError("n", fit.n, ">= 4 observations for leave-one-out (3 remain)")
    rows = []
    for i in range(fit.n):
        keep = np.arange(fit.n) != i
        f = fit_wright(fit.y[keep], fit.x[keep], labels=fit.labels[keep], logs=True,
                       ci_alpha=fit.ci_alpha)
        rows.append({"dropped": fit.labels[i], "alpha": f.alpha, "se": f.se, "r2": f.r2,
                     "n": f.n})
    return pd.DataFrame(rows)


def recursive_fits(fit: WrightFit, *, min_obs: int = 2) -> pd.DataFrame:
    """Expanding-window estimates: alpha from the first k observations, k = min_obs..n
    (seed 001 §5.2.2, second diagnostic: "{HBM1-HBM2}, {HBM1-HBM3}, ...").

    With ``k = 2`` the slope is exact and its SE undefined (NaN).
    """
    if min_obs < 2:
        raise ParameterError("min_obs", min_obs, ">= 2")
    rows = []
    for k in range(min_obs, fit.n + 1):
        x, y = fit.x[:k], fit.y[:k]
        if k >= 3:
            f = fit_wright(y, x, labels=fit.labels[:k], logs=True, ci_alpha=fit.ci_alpha)
            a, se, r2 = f.alpha, f.se, f.r2
        else:
            a, se, r2 = -(y[1] - y[0]) / (x[1] - x[0]), np.nan, 1.0
        rows.append({"last": fit.labels[k - 1], "n": k, "alpha": a, "se": se, "r2": r2})
    return pd.DataFrame(rows)


def rolling_fits(fit: WrightFit, window: int = 10) -> pd.DataFrame:
    """Fixed-width rolling-window alphas (the author's ``alpha_resolution_rolling``: 10 years)."""
    if not 3 <= window <= fit.n:
        raise ParameterError("window", window, f"in [3, n={fit.n}]")
    rows = []
    for s in range(fit.n - window + 1):
        sl = slice(s, s + window)
        f = fit_wright(fit.y[sl], fit.x[sl], labels=fit.labels[sl], logs=True)
        rows.append({"start": fit.labels[s], "end": fit.labels[s + window - 1],
                     "alpha": f.alpha, "se": f.se, "r2": f.r2})
    return pd.DataFrame(rows)
