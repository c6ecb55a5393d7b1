"""Serial-correlation diagnostics of a Wright's-law fit: Durbin-Watson, Breusch-Godfrey and
the Newey-West (1987) HAC standard error with the Newey-West (1994) bandwidth."""

from __future__ import annotations

import math

import numpy as np

from endodec.errors import ParameterError

__all__ = ["nw_lags"]


def nw_lags(n: int) -> int:
    """Newey-West (1994) plug-in bandwidth ``floor(4 (n/100)^(2/9))`` (Bartlett kernel).

    The rule of thumb of Newey and West (1994, p. 641), also the default of Stata's
    ``newey``-style tutorials and of ``sandwich::NeweyWest(lag = NULL)``'s fixed alternative;
    statsmodels has no default (``maxlags`` must be given). n = 9 -> 2, n = 20 -> 2, n = 41 -> 3.

    References
    ----------
    Newey, W. K. and West, K. D. (1987), "A simple, positive semi-definite, heteroskedasticity
    and autocorrelation consistent covariance matrix", *Econometrica* 55(3), 703-708.
    Newey, W. K. and West, K. D. (1994), "Automatic lag selection in covariance matrix
    estimation", *Review of Economic Studies* 61(4), 631-653.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise ParameterError("n", n, "an integer >= 1 (observations)")
    return max(int(math.floor(4.0 * (n / 100.0) ** (2.0 / 9.0))), 1)


def _exact_fit(resid: np.ndarray, y: np.ndarray) -> bool:
    sst = float(np.sum((y - y.mean()) ** 2))
    return float(resid @ resid) <= 1e-20 * max(sst, 1e-300)


def _serial(res, y: np.ndarray, ci_alpha: float, bg_lags: int) -> dict:
    """DW, rho1, Breusch-Godfrey and Newey-West of a statsmodels OLS fit (NaN where too few
    observations or an exact fit); used by :func:`fit_wright`."""
    from scipy import stats
    from statsmodels.stats.diagnostic import acorr_breusch_godfrey
    from statsmodels.stats.stattools import durbin_watson

    n = len(y)
    e = np.asarray(res.resid, dtype=float)
    nan = float("nan")
    out = {"dw": nan, "rho1": nan, "bg_stat": nan, "bg_pvalue": nan, "bg_lags": int(bg_lags),
           "se_nw": nan, "pvalue_nw": nan, "ci_nw": (nan, nan), "nw_lags": nw_lags(n)}
    if _exact_fit(e, y):
        return out
    out["dw"] = float(durbin_watson(e))
    out["rho1"] = float(e[1:] @ e[:-1] / (e @ e))
    if n >= bg_lags + 4:
        try:
            bgr = acorr_breusch_godfrey(res, nlags=bg_lags, result_object=False)
        except TypeError:  # statsmodels < 0.15 has no result_object
            bgr = acorr_breusch_godfrey(res, nlags=bg_lags)
        lm, lmp = bgr[0], bgr[1]
        out["bg_stat"], out["bg_pvalue"] = float(lm), float(lmp)
    if n >= 5:
        L = out["nw_lags"]
        h = res.model.fit(cov_type="HAC", cov_kwds={"maxlags": L, "use_correction": True},
                          use_t=True)
        se = float(h.bse[1])
        q = stats.t.ppf(1 - ci_alpha / 2, n - 2)
        a = -float(h.params[1])
        out.update(se_nw=se, pvalue_nw=float(h.pvalues[1]), ci_nw=(a - q * se, a + q * se))
    return out
