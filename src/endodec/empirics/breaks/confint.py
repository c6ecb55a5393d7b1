"""Break-date confidence intervals of Bai (1997): the argmax distribution and its quantiles.

:func:`_pargmaxV` is a port of ``strucchange:::pargmaxV`` (heterogeneous regressors and error
variances); :func:`_argmax_quantiles` inverts it on either side of 0.
"""

from __future__ import annotations

import numpy as np

__all__ = ["BAI97_ARGMAX_QUANTILES"]

#: two-sided quantiles of argmax_s (W(s) - |s|/2) (Bai 1997, Table 1): level -> c
#: (homogeneous-case quantiles, for reference only)
BAI97_ARGMAX_QUANTILES = {0.90: 7.687, 0.95: 11.033, 0.99: 20.996}


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
