"""Wright's-law learning-curve estimation.

Wright's law (seed 000 §2, eq. (1); seed 001 §2) is ``c(Q) = c0 * Q**(-alpha)``; taking logs,

    ln c_t = ln c0 - alpha * ln Q_t + e_t,

so the learning elasticity ``alpha`` is minus the OLS slope of log price on log cumulative output
(seed 000 §3.8/§4.1, seed 001 §3.9/§5.2). Derived quantities: the *progress ratio* ``2**-alpha``
(cost multiplier per doubling of cumulative output) and the *learning rate* ``1 - 2**-alpha``.

Everything here works on plain arrays or on DataFrames (the packaged tables of both paper
versions, or the author's 41-year series). statsmodels OLS is used for the point fit; the
bootstrap is vectorised with NumPy (one batched least-squares solve for all resamples).

Serial correlation. Annual price series are autocorrelated (the author's 41-year DRAM series
has Durbin-Watson ~0.2), so every fit also reports the Durbin-Watson statistic, a
Breusch-Godfrey LM test (Breusch 1978; Godfrey 1978) and a Newey-West (1987) HAC standard error
with the Newey-West (1994) bandwidth ``floor(4 (n/100)^(2/9))`` beside the conventional OLS SE;
:func:`block_bootstrap_alpha` resamples blocks of consecutive years (moving-block, Künsch 1989;
stationary, Politis and Romano 1994; ``arch.bootstrap``), and :func:`bootstrap_alpha` reports
BCa (Efron 1987) and studentized intervals beside the percentile one. Which interval covers at
which sample size is measured by ``benchmarks/bench_coverage.py`` (``docs/learning.md``).

Examples
--------
>>> import numpy as np
>>> q = np.array([1.0, 2, 4, 8, 16])
>>> fit = fit_wright(100 * q**-0.3, q)
>>> round(fit.alpha, 6)
0.3
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from endodec.errors import DataError, ParameterError

__all__ = [
    "WrightFit",
    "BootstrapResult",
    "fit_wright",
    "fit_frame",
    "subperiod_fits",
    "leave_one_out",
    "recursive_fits",
    "rolling_fits",
    "bootstrap_alpha",
    "progress_ratio",
    "learning_rate",
    "nw_lags",
    "serial_correlation",
    "block_bootstrap_alpha",
]


def progress_ratio(alpha):
    """Progress ratio ``2**-alpha``: cost multiplier per doubling of cumulative output."""
    return 2.0 ** (-np.asarray(alpha, dtype=float))


def learning_rate(alpha):
    """Learning rate ``1 - 2**-alpha``: fractional cost decline per doubling."""
    return 1.0 - progress_ratio(alpha)


class _SlopeResultNames:
    """statsmodels names shared by the Wright's-law results (``params`` / ``bse`` per class)."""

    n: int

    @property
    def tvalues(self) -> pd.Series:
        return self.params / self.bse

    @property
    def nobs(self) -> int:
        return self.n

    @property
    def df_resid(self) -> float:
        """Residual degrees of freedom of the log-log regression (intercept and slope)."""
        return float(self.n - 2)


@dataclass
class WrightFit(_SlopeResultNames):
    """Result of a Wright's-law OLS fit ``ln c = ln c0 - alpha ln Q``.

    Attributes
    ----------
    alpha, se : float
        Learning elasticity (minus the slope) and its conventional OLS standard error.
    intercept, intercept_se : float
        ``ln c0`` and its standard error.
    r2, n : float, int
        R-squared and number of observations.
    ci : tuple of float
        Two-sided t-based confidence interval for alpha at level ``1 - ci_alpha``.
    pvalue : float
        Two-sided p-value of H0: alpha = 0.
    x, y : ndarray
        ``ln Q`` and ``ln c`` used.
    labels : ndarray
        Observation labels (years), for residual plots and leave-one-out.
    results : statsmodels RegressionResults
        The underlying statsmodels fit (``results.summary()`` for the full table).
    dw : float
        Durbin-Watson statistic of the residuals (about 2 without lag-1 autocorrelation,
        ``2 (1 - rho1)``); NaN for an exact fit.
    rho1 : float
        Lag-1 autocorrelation of the residuals (``sum e_t e_{t-1} / sum e_t^2``).
    bg_stat, bg_pvalue : float
        Breusch-Godfrey LM statistic (``n R^2`` of the auxiliary regression) for
        autocorrelation up to order ``bg_lags``, and its chi-squared(bg_lags) p-value
        (``statsmodels.stats.diagnostic.acorr_breusch_godfrey``); NaN when n < bg_lags + 4.
    bg_lags : int
    se_nw, pvalue_nw : float
        Newey-West HAC SE of alpha (Bartlett kernel, ``nw_lags`` lags, small-sample factor
        n/(n-2); statsmodels ``cov_type="HAC"``) and the t(n-2) p-value; NaN when n < 5.
    ci_nw : tuple of float
        t(n-2) interval from ``se_nw`` at level ``1 - ci_alpha``.
    nw_lags : int
        The Newey-West (1994) bandwidth ``floor(4 (n/100)^(2/9))`` (see :func:`nw_lags`).

    Notes
    -----
    statsmodels names: ``params``, ``bse``, ``tvalues``, ``pvalues`` (Series indexed by
    ``ln_c0`` and ``alpha``), ``conf_int(alpha)``, ``nobs``, ``df_resid``, ``cov_type``.
    """

    alpha: float
    se: float
    intercept: float
    intercept_se: float
    r2: float
    n: int
    ci: tuple[float, float]
    ci_alpha: float
    pvalue: float
    x: np.ndarray
    y: np.ndarray
    labels: np.ndarray
    results: Any = field(repr=False)
    name: str = ""
    dw: float = float("nan")
    rho1: float = float("nan")
    bg_stat: float = float("nan")
    bg_pvalue: float = float("nan")
    bg_lags: int = 1
    se_nw: float = float("nan")
    pvalue_nw: float = float("nan")
    ci_nw: tuple[float, float] = (float("nan"), float("nan"))
    nw_lags: int = 0

    # statsmodels-style names (alpha is the elasticity: the negated slope)
    @property
    def params(self) -> pd.Series:
        return pd.Series({"ln_c0": self.intercept, "alpha": self.alpha})

    @property
    def bse(self) -> pd.Series:
        return pd.Series({"ln_c0": self.intercept_se, "alpha": self.se})

    @property
    def pvalues(self) -> pd.Series:
        return pd.Series({"ln_c0": float(self.results.pvalues[0]), "alpha": self.pvalue})

    @property
    def cov_type(self) -> str:
        return str(self.results.cov_type)

    @property
    def nw_ratio(self) -> float:
        """Newey-West SE / conventional SE of alpha."""
        return float(self.se_nw / self.se) if self.se > 0 else float("nan")

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """t(n-2) intervals of ``ln_c0`` and ``alpha`` at level ``1 - alpha`` (rows), columns
        ``0`` (lower) and ``1`` (upper), as statsmodels."""
        _ci_alpha(alpha)
        ci = np.asarray(self.results.conf_int(alpha))
        return pd.DataFrame({0: [ci[0, 0], -ci[1, 1]], 1: [ci[0, 1], -ci[1, 0]]},
                            index=["ln_c0", "alpha"])

    @property
    def progress_ratio(self) -> float:
        """``2**-alpha``."""
        return float(progress_ratio(self.alpha))

    @property
    def learning_rate(self) -> float:
        """``1 - 2**-alpha``."""
        return float(learning_rate(self.alpha))

    @property
    def c0(self) -> float:
        """Cost at unit cumulative output, ``exp(intercept)``."""
        return float(np.exp(self.intercept))

    @property
    def fitted(self) -> np.ndarray:
        return self.intercept - self.alpha * self.x

    @property
    def resid(self) -> np.ndarray:
        return self.y - self.fitted

    @property
    def ssr(self) -> float:
        return float(np.sum(self.resid**2))

    def predict(self, Q, *, interval: bool = False, ci_alpha: float | None = None):
        """Predicted cost ``c0 * Q**-alpha``; with ``interval=True`` also the pointwise
        confidence band of the mean (returns ``(pred, lo, hi)``)."""
        q = np.asarray(Q, dtype=float)
        if np.any(q <= 0):
            raise ParameterError("Q", q[q <= 0].flat[0], "> 0 (cumulative output)")
        lx = np.log(q)
        pred = np.exp(self.intercept - self.alpha * lx)
        if not interval:
            return pred
        sf = self.results.get_prediction(np.column_stack([np.ones_like(lx), lx]))
        fr = sf.summary_frame(alpha=self.ci_alpha if ci_alpha is None else ci_alpha)
        return pred, np.exp(fr["mean_ci_lower"].to_numpy()), np.exp(fr["mean_ci_upper"].to_numpy())

    def to_frame(self) -> pd.DataFrame:
        """One-row DataFrame with alpha, SE, CI, R², n, progress ratio and learning rate."""
        return pd.DataFrame([{
            "name": self.name, "alpha": self.alpha, "se": self.se,
            "ci_lo": self.ci[0], "ci_hi": self.ci[1], "pvalue": self.pvalue, "r2": self.r2,
            "n": self.n, "intercept": self.intercept, "progress_ratio": self.progress_ratio,
            "learning_rate": self.learning_rate,
            "dw": self.dw, "rho1": self.rho1, "bg_pvalue": self.bg_pvalue,
            "se_nw": self.se_nw, "nw_lags": self.nw_lags,
            "first": self.labels[0] if self.n else None,
            "last": self.labels[-1] if self.n else None,
        }])

    def summary(self) -> str:
        """Text summary in the statsmodels style."""
        w = 72
        lines = [
            f"Wright's-law learning curve: ln c = ln c0 - alpha ln Q{'  [' + self.name + ']' if self.name else ''}".center(w),
            "=" * w,
            f"{'No. Observations:':<22}{self.n:>12d}    {'R-squared:':<18}{self.r2:>14.4f}",
            f"{'Sample:':<22}{str(self.labels[0]) + '-' + str(self.labels[-1]):>12}    "
            f"{'SSR:':<18}{self.ssr:>14.4f}",
            "=" * w,
            f"{'':<12}{'coef':>10}{'std err':>10}{'t':>9}{'P>|t|':>9}"
            f"{'[' + format(self.ci_alpha / 2, 'g'):>11}{format(1 - self.ci_alpha / 2, 'g') + ']':>11}",
            "-" * w,
        ]
        ic_lo, ic_hi = self.results.conf_int(self.ci_alpha)[0]
        ti = self.intercept / self.intercept_se if self.intercept_se > 0 else np.inf
        lines.append(f"{'ln c0':<12}{self.intercept:>10.4f}{self.intercept_se:>10.4f}{ti:>9.3f}"
                     f"{float(self.results.pvalues[0]):>9.3f}{ic_lo:>11.4f}{ic_hi:>11.4f}")
        ta = self.alpha / self.se if self.se > 0 else np.inf
        lines.append(f"{'alpha':<12}{self.alpha:>10.4f}{self.se:>10.4f}{ta:>9.3f}"
                     f"{self.pvalue:>9.3f}{self.ci[0]:>11.4f}{self.ci[1]:>11.4f}")
        lines += [
            "-" * w,
            f"Progress ratio 2^-alpha = {self.progress_ratio:.4f}; "
            f"learning rate 1-2^-alpha = {100 * self.learning_rate:.2f}% per doubling",
            f"Durbin-Watson = {self.dw:.3f} (rho1 = {self.rho1:.3f}); Breusch-Godfrey"
            f"({self.bg_lags}) LM = {self.bg_stat:.3f}, p = {self.bg_pvalue:.4f}",
            f"Newey-West SE of alpha = {self.se_nw:.4f} ({self.nw_lags} lags, "
            f"floor(4(n/100)^(2/9)); {self.nw_ratio:.2f}x OLS SE), p = {self.pvalue_nw:.4f}",
            "=" * w,
        ]
        return "\n".join(lines)

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.summary()


def _as_float(name: str, v) -> np.ndarray:
    try:
        a = np.asarray(v, dtype=float).ravel()
    except (TypeError, ValueError):
        raise DataError(f"{name}: values must be numbers (got {type(v).__name__} that does "
                        "not convert to float)") from None
    if a.size and not np.all(np.isfinite(a)):
        i = int(np.flatnonzero(~np.isfinite(a))[0])
        raise DataError(f"{name}: non-finite value {a[i]!r} at position {i}")
    return a


def _ci_alpha(ci_alpha) -> float:
    if isinstance(ci_alpha, bool) or not isinstance(ci_alpha, (int, float, np.integer,
                                                               np.floating)) \
            or not 0 < ci_alpha < 1:
        raise ParameterError("ci_alpha", ci_alpha, "in (0, 1)")
    return float(ci_alpha)


def _seed(seed) -> int:
    """A NumPy seed: an integer in [0, 2**32)."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) \
            or not 0 <= seed < 2**32:
        raise ParameterError("seed", seed, "an integer in [0, 2**32)")
    return int(seed)


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


def fit_wright(price, cum, *, labels: Sequence | None = None, logs: bool = False,
               ci_alpha: float = 0.05, name: str = "", cov_type: str = "nonrobust",
               cov_kwds: dict | None = None, bg_lags: int = 1) -> WrightFit:
    """OLS fit of Wright's law ``ln c = ln c0 - alpha ln Q``.

    Implements the paper's estimator (seed 000 §4.1 Table 2; seed 001 §5.2.1 Table 6, §5.2.2
    Table 8): ordinary least squares of log price on log cumulative output, with conventional
    (homoskedastic) standard errors, as statsmodels ``OLS``.

    Parameters
    ----------
    price, cum : array_like
        Unit cost / price and cumulative output (levels, > 0), or their logs if ``logs=True``.
    labels : sequence, optional
        Observation labels (years). Defaults to 0..n-1.
    logs : bool
        Inputs are already ``ln price`` and ``ln Q`` (e.g. the paper's printed log columns).
    ci_alpha : float
        1 - confidence level of the t-based interval (default 0.05 -> 95%).
    name : str
        Label shown in ``summary()``.
    cov_type, cov_kwds :
        statsmodels covariance (default ``"nonrobust"``, the paper's conventional SEs; e.g.
        ``"HC1"`` or ``"HAC"`` with ``cov_kwds={"maxlags": 2}`` for robust alternatives).
        Whatever is chosen, the fit also carries the Newey-West SE ``se_nw`` (bandwidth
        :func:`nw_lags`), Durbin-Watson ``dw`` and the Breusch-Godfrey test ``bg_pvalue``.
    bg_lags : int
        Order of the Breusch-Godfrey test stored on the fit (default 1: AR(1) alternative;
        :func:`serial_correlation` defaults to the NW bandwidth).

    Returns
    -------
    WrightFit

    Raises
    ------
    ParameterError
        If a level is not positive, fewer than 3 observations are given or ``ci_alpha``
        is outside (0, 1).
    """
    import statsmodels.api as sm

    if isinstance(bg_lags, bool) or not isinstance(bg_lags, (int, np.integer)) or bg_lags < 1:
        raise ParameterError("bg_lags", bg_lags, "an integer >= 1")
    p = _as_float("price", price)
    q = _as_float("cum", cum)
    if p.shape != q.shape:
        raise ParameterError("cum", f"length {q.size}", f"same length as price ({p.size})")
    if p.size < 3:
        raise ParameterError("n", p.size, ">= 3 observations (slope and its SE)")
    _ci_alpha(ci_alpha)
    if logs:
        y, x = p, q
    else:
        for nm, a in (("price", p), ("cum", q)):
            if np.any(a <= 0):
                i = int(np.flatnonzero(a <= 0)[0])
                raise ParameterError(nm, a[i], f"> 0 (position {i}); pass logs=True for logs")
        y, x = np.log(p), np.log(q)
    if np.ptp(x) == 0:
        raise ParameterError("cum", x[0], "not all equal (slope unidentified)")
    if np.ptp(y) == 0:
        raise DataError(f"price is constant ({'log ' if logs else ''}value {y[0]!r} in all "
                        f"{y.size} observations): alpha = 0 exactly and R² is undefined; "
                        "a learning curve needs a price that changes")
    lab = np.arange(p.size) if labels is None else np.asarray(labels)
    res = sm.OLS(y, sm.add_constant(x, has_constant="add")).fit(cov_type=cov_type,
                                                                  cov_kwds=cov_kwds)
    b0, b1 = (float(v) for v in res.params)
    s0, s1 = (float(v) for v in res.bse)
    lo, hi = res.conf_int(ci_alpha)[1]
    if not all(np.isfinite(v) for v in (b0, b1, s0, s1, res.rsquared)):
        from endodec.errors import NumericalError

        raise NumericalError("the Wright's-law OLS fit",
                             f"alpha={-b1!r}, se={s1!r}, R²={float(res.rsquared)!r}: the data "
                             "are too extreme for float64 (rescale them)")
    return WrightFit(alpha=-b1, se=s1, intercept=b0, intercept_se=s0, r2=float(res.rsquared),
                     n=int(p.size), ci=(float(-hi), float(-lo)), ci_alpha=ci_alpha,
                     pvalue=float(res.pvalues[1]), x=x, y=y, labels=lab, results=res, name=name,
                     **_serial(res, y, ci_alpha, int(bg_lags)))


def _cols(df: pd.DataFrame, price: str | None, cum: str | None, label: str | None,
          logs: bool = False):
    def pick(given, cands, what):
        if given is not None:
            if given not in df.columns:
                raise DataError(f"column {given!r} ({what}) not in {list(df.columns)}")
            return given
        for c in cands:
            if c in df.columns:
                return c
        raise DataError(f"no {what} column among {cands}; columns are {list(df.columns)}")

    if logs:
        pc = pick(price, ["ln_price"], "log price")
        qc = pick(cum, ["ln_cum", "ln_cumulative"], "log cumulative output")
    else:
        pc = pick(price, ["price_usd_per_gb", "price_per_gb_usd", "price", "cost"], "price")
        qc = pick(cum, ["cum_prod_eb", "cumulative_production_exabytes", "cum", "cumulative"],
                  "cumulative output")
    lc = label if label is not None else ("year" if "year" in df.columns else None)
    return pc, qc, lc


def fit_frame(df: pd.DataFrame, *, price: str | None = None, cum: str | None = None,
              label: str | None = None, logs: bool = False, ci_alpha: float = 0.05,
              name: str = "") -> WrightFit:
    """:func:`fit_wright` on a DataFrame (packaged table or author data).

    Column names default to the packaged (``price_usd_per_gb``, ``cum_prod_eb``) or the author's
    (``price_per_gb_usd``, ``cumulative_production_exabytes``) names; rows with a missing price
    or cumulative output (e.g. the supercycle row printed as a range) are dropped.
    With ``logs=True`` the log columns are used (``ln_price`` and ``ln_cum`` / ``ln_cumulative``
    by default): the paper's printed logs, or the author's logs (whose level column rounds the
    early cumulative output to 0.0000 EB).
    """
    pc, qc, lc = _cols(df, price, cum, label, logs)
    d = df.dropna(subset=[pc, qc])
    return fit_wright(d[pc].to_numpy(float), d[qc].to_numpy(float),
                      labels=None if lc is None else d[lc].to_numpy(), logs=logs,
                      ci_alpha=ci_alpha, name=name)


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


@dataclass
class BootstrapResult(_SlopeResultNames):
    """Bootstrap of alpha (pairs, residual or block) with several intervals.

    Attributes
    ----------
    estimate : float
        The OLS alpha of the data.
    alphas : ndarray
        Bootstrap replicates (degenerate resamples with constant ``ln Q`` are dropped).
    ci : tuple
        Percentile confidence interval at level ``1 - ci_alpha`` (the paper's interval).
    n_resamples, n_degenerate : int
        Requested resamples and how many were dropped as degenerate.
    seed : int
    method : str
        ``pairs``, ``residual``, ``moving-block`` or ``stationary``.
    ci_bca : tuple
        Bias-corrected and accelerated interval (Efron 1987): ``scipy.stats.bootstrap`` with
        ``method="BCa"`` applied to these replicates (``bootstrap_result=``, jackknife
        acceleration over the observations); NaN for block bootstraps.
    ci_basic : tuple
        Basic (reverse-percentile) interval ``2 alpha_hat - q``.
    ci_studentized : tuple
        Bootstrap-t interval ``alpha_hat - q*_t se_hat`` from the per-resample OLS SE
        (resamples with a zero SE dropped); NaN for block bootstraps.
    block_length : float or None
        Block length of a block bootstrap.

    Notes
    -----
    statsmodels names: ``params``, ``bse`` (bootstrap SE), ``tvalues``, ``pvalues``
    (two-sided percentile p-value of alpha = 0: ``2 min(P*(a* <= 0), P*(a* >= 0))``),
    ``conf_int(alpha)`` (percentile), ``nobs``, ``df_resid``, ``cov_type``.
    """

    estimate: float
    alphas: np.ndarray
    ci: tuple[float, float]
    ci_alpha: float
    n_resamples: int
    n_degenerate: int
    seed: int
    method: str = "pairs"
    ci_bca: tuple[float, float] = (float("nan"), float("nan"))
    ci_basic: tuple[float, float] = (float("nan"), float("nan"))
    ci_studentized: tuple[float, float] = (float("nan"), float("nan"))
    block_length: float | None = None
    n: int = 0

    @property
    def se(self) -> float:
        return float(np.std(self.alphas, ddof=1))

    @property
    def bias(self) -> float:
        return float(np.mean(self.alphas) - self.estimate)

    @property
    def params(self) -> pd.Series:
        return pd.Series({"alpha": self.estimate})

    @property
    def bse(self) -> pd.Series:
        return pd.Series({"alpha": self.se})

    @property
    def pvalues(self) -> pd.Series:
        a = self.alphas
        return pd.Series({"alpha": float(min(1.0, 2 * min(np.mean(a <= 0), np.mean(a >= 0))))})

    @property
    def cov_type(self) -> str:
        return f"bootstrap ({self.method})"

    def conf_int(self, alpha: float | None = None) -> pd.DataFrame:
        """Percentile interval at level ``1 - alpha`` (default: ``ci_alpha``)."""
        a = self.ci_alpha if alpha is None else _ci_alpha(alpha)
        lo, hi = np.quantile(self.alphas, [a / 2, 1 - a / 2])
        return pd.DataFrame({0: [float(lo)], 1: [float(hi)]}, index=["alpha"])

    def intervals(self) -> pd.DataFrame:
        """All intervals of this bootstrap, one row each (type, lo, hi)."""
        rows = [("percentile", *self.ci), ("basic", *self.ci_basic), ("BCa", *self.ci_bca),
                ("studentized", *self.ci_studentized)]
        return pd.DataFrame(rows, columns=["interval", "lo", "hi"]).assign(
            level=1 - self.ci_alpha, method=self.method)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"estimate": self.estimate, "boot_mean": float(np.mean(self.alphas)),
                              "boot_se": self.se, "ci_lo": self.ci[0], "ci_hi": self.ci[1],
                              "bca_lo": self.ci_bca[0], "bca_hi": self.ci_bca[1],
                              "stud_lo": self.ci_studentized[0],
                              "stud_hi": self.ci_studentized[1],
                              "level": 1 - self.ci_alpha, "n_resamples": self.n_resamples,
                              "n_degenerate": self.n_degenerate, "seed": self.seed,
                              "method": self.method, "block_length": self.block_length}])

    def summary(self) -> str:
        lvl = 100 * (1 - self.ci_alpha)
        what = {"pairs": "Pairs", "residual": "Residual"}.get(self.method, self.method.capitalize())
        blk = f", block length {self.block_length:g}" if self.block_length else ""
        out = (f"{what} bootstrap of alpha: {self.n_resamples} resamples (seed {self.seed}, "
               f"{self.n_degenerate} degenerate dropped{blk})\n"
               f"  estimate {self.estimate:.4f}, bootstrap mean {np.mean(self.alphas):.4f}, "
               f"SE {self.se:.4f}\n"
               f"  {lvl:g}% percentile CI [{self.ci[0]:.4f}, {self.ci[1]:.4f}]")
        if np.isfinite(self.ci_bca[0]):
            out += f"\n  {lvl:g}% BCa CI [{self.ci_bca[0]:.4f}, {self.ci_bca[1]:.4f}]"
        if np.isfinite(self.ci_studentized[0]):
            out += (f"\n  {lvl:g}% studentized CI [{self.ci_studentized[0]:.4f}, "
                    f"{self.ci_studentized[1]:.4f}]")
        return out


def _n_resamples(n_resamples) -> int:
    if (isinstance(n_resamples, bool)
            or not isinstance(n_resamples, (int, np.integer, float, np.floating))
            or (isinstance(n_resamples, (float, np.floating)) and not math.isfinite(n_resamples))
            or n_resamples != int(n_resamples) or int(n_resamples) < 10):
        raise ParameterError("n_resamples", n_resamples, "integer >= 10")
    return int(n_resamples)


def _batched_ols(X: np.ndarray, Y: np.ndarray):
    """Slopes and slope SEs of B simple regressions at once: X (B, n, 2), Y (B, n).
    Returns (ok mask, beta (B_ok, 2), se_slope (B_ok,))."""
    XtX = np.einsum("bni,bnj->bij", X, X)
    Xty = np.einsum("bni,bn->bi", X, Y)
    det = XtX[:, 0, 0] * XtX[:, 1, 1] - XtX[:, 0, 1] ** 2
    ok = det > 1e-10 * np.maximum(1.0, XtX[:, 1, 1] * XtX[:, 0, 0])
    beta = np.linalg.solve(XtX[ok], Xty[ok][..., None])[..., 0]
    n = X.shape[1]
    e = Y[ok] - np.einsum("bni,bi->bn", X[ok], beta)
    s2 = np.einsum("bn,bn->b", e, e) / max(n - 2, 1)
    se = np.sqrt(s2 * XtX[ok, 0, 0] / det[ok])
    return ok, beta, se


def _slope_stat(x, y, axis=-1):
    """Vectorised minus-OLS-slope (alpha) for scipy.stats.bootstrap."""
    xm = x - x.mean(axis=axis, keepdims=True)
    return -(xm * (y - y.mean(axis=axis, keepdims=True))).sum(axis=axis) / (xm * xm).sum(axis=axis)


def _bca(fit: WrightFit, alphas: np.ndarray, ci_alpha: float) -> tuple[float, float]:
    """BCa interval (Efron 1987) of the given replicates via scipy.stats.bootstrap with
    ``bootstrap_result`` (no new resamples; jackknife acceleration over the n pairs)."""
    from types import SimpleNamespace

    from scipy import stats

    if fit.n < 4:
        return (float("nan"), float("nan"))
    prev = SimpleNamespace(bootstrap_distribution=np.asarray(alphas, dtype=float))
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = stats.bootstrap((fit.x, fit.y), _slope_stat, paired=True, vectorized=True,
                            n_resamples=0, bootstrap_result=prev, method="BCa",
                            confidence_level=1 - ci_alpha)
    return (float(r.confidence_interval.low), float(r.confidence_interval.high))


def bootstrap_alpha(fit: WrightFit, *, n_resamples: int = 10_000, seed: int = 0,
                    ci_alpha: float = 0.05, method: str = "pairs") -> BootstrapResult:
    """Nonparametric (pairs) bootstrap with percentile CI (seed 001 §5.2.2, third diagnostic),
    and BCa, basic and studentized intervals from the same resamples.

    Resamples the n (ln Q, ln c) pairs with replacement ``n_resamples`` times and re-estimates
    the OLS slope of every resample in one batched least-squares solve (normal equations of all
    resamples stacked, ``numpy.linalg.solve`` on a (B, 2, 2) array); resamples whose ``ln Q`` is
    constant (slope unidentified: likely with n = 6) are dropped and counted.

    The percentile interval (``ci``; the paper's) under-covers in short series (about 0.90 at
    n = 6-10, ``benchmarks/bench_coverage.py``); ``ci_bca`` (Efron 1987, via
    ``scipy.stats.bootstrap(method="BCa")`` on these replicates) corrects bias and skewness;
    ``ci_studentized`` pivots on the per-resample OLS SE. All resample iid pairs: with
    autocorrelated errors use :func:`block_bootstrap_alpha`.

    Parameters
    ----------
    fit : WrightFit
    n_resamples : int
        Number of bootstrap resamples (paper: 10,000).
    seed : int
        Seed of ``numpy.random.default_rng``.
    ci_alpha : float
        1 - level of the intervals.
    method : {"pairs", "residual"}
        ``"pairs"`` (default; resample (ln Q, ln c) rows) or ``"residual"`` (keep ln Q fixed and
        resample the OLS residuals: y* = fitted + e*).

    References
    ----------
    Efron, B. (1987), "Better bootstrap confidence intervals", *JASA* 82(397), 171-185.
    Davison, A. C. and Hinkley, D. V. (1997), *Bootstrap Methods and their Application*, §5.
    """
    from endodec._limits import check_size

    if not isinstance(fit, WrightFit):
        raise ParameterError("fit", type(fit).__name__, "a WrightFit (from fit_wright)")
    if method not in ("pairs", "residual"):
        raise ParameterError("method", method, "'pairs' or 'residual'")
    B = _n_resamples(n_resamples)
    _ci_alpha(ci_alpha)
    seed = _seed(seed)
    n = fit.n
    # index, design, response and the (B, n, 2) products: about 7 float64 values per draw
    check_size(f"a bootstrap of {B:,} resamples of {n} observations",
               56.0 * min(B, 2**1000) * n, "use fewer resamples")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(B, n))
    if method == "pairs":
        X = np.stack([np.ones((B, n)), fit.x[idx]], axis=2)  # (B, n, 2)
        Y = fit.y[idx]
    else:
        X = np.broadcast_to(np.stack([np.ones(n), fit.x], axis=1), (B, n, 2))
        Y = fit.fitted[None, :] + fit.resid[idx]
    ok, beta, se_b = _batched_ols(X, Y)
    if ok.sum() < 2:
        from endodec.errors import DomainError

        raise DomainError(f"bootstrap: {int(ok.sum())} of {B} resamples identify "
                          f"the slope (ln Q constant in the rest; n = {n} observations): no "
                          "bootstrap distribution")
    alphas = -beta[:, 1]
    lo, hi = np.quantile(alphas, [ci_alpha / 2, 1 - ci_alpha / 2])
    basic = (float(2 * fit.alpha - hi), float(2 * fit.alpha - lo))
    good = se_b > 1e-12 * max(1.0, abs(fit.alpha))
    if good.sum() >= 2 and fit.se > 0:
        t = (alphas[good] - fit.alpha) / se_b[good]
        tlo, thi = np.quantile(t, [ci_alpha / 2, 1 - ci_alpha / 2])
        stud = (float(fit.alpha - thi * fit.se), float(fit.alpha - tlo * fit.se))
    else:
        stud = (float("nan"), float("nan"))
    return BootstrapResult(estimate=fit.alpha, alphas=alphas, ci=(float(lo), float(hi)),
                           ci_alpha=ci_alpha, n_resamples=B,
                           n_degenerate=int((~ok).sum()), seed=seed, method=method,
                           ci_bca=_bca(fit, alphas, ci_alpha), ci_basic=basic,
                           ci_studentized=stud, n=n)


def block_bootstrap_alpha(fit: WrightFit, *, n_resamples: int = 10_000, seed: int = 0,
                          ci_alpha: float = 0.05, kind: str = "moving",
                          block_length: float | None = None) -> BootstrapResult:
    """Block bootstrap of alpha for autocorrelated series: percentile and basic intervals.

    Resamples blocks of consecutive (ln Q, ln c) pairs with ``arch.bootstrap``
    (``MovingBlockBootstrap``, Künsch 1989, or ``StationaryBootstrap``, Politis and Romano 1994,
    geometric block lengths of mean ``block_length``), so that the serial dependence of the
    residuals within a block is kept; the slopes of all resamples are then solved in one
    batched least-squares step. ``block_length=None`` takes the Politis-White (2004) / Patton,
    Politis and White (2009) estimate ``arch.bootstrap.optimal_block_length`` of the OLS
    residuals (its ``circular`` column for the moving block, ``stationary`` for the stationary
    bootstrap), rounded up and clipped to [1, n/2].

    Parameters
    ----------
    fit : WrightFit
    n_resamples, seed, ci_alpha :
        As :func:`bootstrap_alpha` (the seed seeds the ``numpy.random.Generator`` handed to
        ``arch``).
    kind : {"moving", "stationary"}
    block_length : float, optional
        Block length (mean length for ``stationary``), >= 1 and <= n / 2.

    Raises
    ------
    DomainError
        Fewer than 8 observations (a block bootstrap needs several blocks of more than one
        observation), an exact fit (no residual dependence to estimate the block length
        from) or fewer than 2 resamples that identify the slope.
    ParameterError
        Bad ``kind``, ``block_length``, ``n_resamples``, ``seed`` or ``ci_alpha``.

    References
    ----------
    Künsch, H. R. (1989), "The jackknife and the bootstrap for general stationary
    observations", *Annals of Statistics* 17(3), 1217-1241. Politis, D. N. and Romano, J. P.
    (1994), "The stationary bootstrap", *JASA* 89(428), 1303-1313. Politis, D. N. and White,
    H. (2004), "Automatic block-length selection for the dependent bootstrap", *Econometric
    Reviews* 23(1), 53-70.
    """
    from arch.bootstrap import MovingBlockBootstrap, StationaryBootstrap, optimal_block_length

    from endodec._limits import check_size
    from endodec.errors import DomainError

    if not isinstance(fit, WrightFit):
        raise ParameterError("fit", type(fit).__name__, "a WrightFit (from fit_wright)")
    if kind not in ("moving", "stationary"):
        raise ParameterError("kind", kind, "'moving' or 'stationary'")
    B = _n_resamples(n_resamples)
    _ci_alpha(ci_alpha)
    seed = _seed(seed)
    n = fit.n
    if n < 8:
        raise DomainError(f"block bootstrap: n = {n} observations; it needs at least 8 (several "
                          "blocks longer than one year) -- use bootstrap_alpha (iid pairs) and "
                          "read its intervals with care, or a longer series")
    if block_length is None:
        if _exact_fit(fit.resid, fit.y):
            raise DomainError("block bootstrap: all residuals are zero (an exact fit): no "
                              "dependence to choose a block length from; pass block_length")
        col = "circular" if kind == "moving" else "stationary"
        import warnings

        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)  # short series: zero variances
            bl = float(optimal_block_length(fit.resid)[col].iloc[0])
        if not math.isfinite(bl):  # fall back on the n^(1/3) rate (Künsch 1989; Hall et al. 1995)
            bl = n ** (1.0 / 3.0)
        block_length = float(min(max(math.ceil(bl), 1), n // 2))
    else:
        if (isinstance(block_length, bool)
                or not isinstance(block_length, (int, float, np.integer, np.floating))
                or not 1 <= block_length <= n / 2):
            raise ParameterError("block_length", block_length, f"in [1, n/2 = {n / 2:g}]")
        block_length = float(block_length)
    check_size(f"a block bootstrap of {B:,} resamples of {n} observations",
               56.0 * min(B, 2**1000) * n, "use fewer resamples")
    rng = np.random.default_rng(seed)
    if kind == "moving":
        bs = MovingBlockBootstrap(int(round(block_length)), np.arange(n), seed=rng)
    else:
        bs = StationaryBootstrap(block_length, np.arange(n), seed=rng)
    idx = np.stack([pos[0] for pos, _ in bs.bootstrap(B)])
    X = np.stack([np.ones((B, n)), fit.x[idx]], axis=2)
    ok, beta, _ = _batched_ols(X, fit.y[idx])
    if ok.sum() < 2:
        raise DomainError(f"block bootstrap: {int(ok.sum())} of {B} resamples identify the "
                          "slope: no bootstrap distribution (use a shorter block_length)")
    alphas = -beta[:, 1]
    lo, hi = np.quantile(alphas, [ci_alpha / 2, 1 - ci_alpha / 2])
    return BootstrapResult(estimate=fit.alpha, alphas=alphas, ci=(float(lo), float(hi)),
                           ci_alpha=ci_alpha, n_resamples=B, n_degenerate=int((~ok).sum()),
                           seed=seed, method="moving-block" if kind == "moving" else "stationary",
                           ci_basic=(float(2 * fit.alpha - hi), float(2 * fit.alpha - lo)),
                           block_length=block_length, n=n)
