"""Wright's-law OLS fit ``ln c = ln c0 - alpha ln Q`` and its :class:`WrightFit`.

See :mod:`endodec.empirics.learning_curves` for the model and the references.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from endodec.empirics.learning_curves.hac import _serial
from endodec.errors import DataError, ParameterError
from endodec.results import EstimatesMixin, ResultBase

__all__ = ["WrightFit", "fit_frame", "fit_wright", "learning_rate", "progress_ratio"]


def progress_ratio(alpha):
    """Progress ratio ``2**-alpha``: cost multiplier per doubling of cumulative output."""
    return 2.0 ** (-np.asarray(alpha, dtype=float))


def learning_rate(alpha):
    """Learning rate ``1 - 2**-alpha``: fractional cost decline per doubling."""
    return 1.0 - progress_ratio(alpha)


class _SlopeEstimates(EstimatesMixin):
    """statsmodels names shared by the Wright's-law results (``params`` / ``bse`` per class),
    built on :class:`endodec.results.EstimatesMixin`; ``conf_int`` returns statsmodels' columns
    ``0`` (lower) and ``1`` (upper)."""

    n: int

    @property
    def tvalues(self) -> pd.Series:
        """``params / bse``."""
        return self.params / self.bse

    @property
    def nobs(self) -> int:
        """Number of observations."""
        return self.n

    @property
    def df_resid(self) -> float:
        """Residual degrees of freedom of the log-log regression (intercept and slope)."""
        return float(self.n - 2)

    def _coef_table(self) -> pd.DataFrame:
        ci = self.conf_int()
        return pd.DataFrame({"coef": self.params, "std err": self.bse, "t": self.tvalues,
                             "P>|t|": self.pvalues, "[0.025": ci.iloc[:, 0],
                             "0.975]": ci.iloc[:, 1]})


@dataclass(repr=False)
class WrightFit(_SlopeEstimates, ResultBase):
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

    _summary_title: ClassVar[str] = "Wright's-law learning curve"
    _dict_exclude: ClassVar[tuple[str, ...]] = ("results",)

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

    def _frame(self) -> pd.DataFrame:
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

    def _summary_tables(self) -> list[tuple[str, pd.DataFrame]]:
        diag = pd.DataFrame({"value": [self.n, self.r2, self.progress_ratio, self.learning_rate,
                                       self.dw, self.bg_pvalue, self.se_nw]},
                            index=["nobs", "r2", "progress_ratio", "learning_rate", "dw",
                                   "bg_pvalue", "se_nw"])
        return [("coefficients", self._coef_table()), ("fit", diag)]

    def _summary_text(self) -> str:
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
        return str(self.summary())


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

    Parameters
    ----------
    df : pandas.DataFrame
        The series (``endodec.datasets.load("dram", "001")`` or the author's file).
    price, cum, label : str, optional
        Column names of the unit cost, the cumulative output and the observation labels.
    logs : bool
        Use the log columns instead of the levels.
    ci_alpha : float
        Level of the confidence interval, ``1 - ci_alpha``.
    name : str
        Name of the series in the summary.

    Returns
    -------
    WrightFit
    """
    pc, qc, lc = _cols(df, price, cum, label, logs)
    d = df.dropna(subset=[pc, qc])
    return fit_wright(d[pc].to_numpy(float), d[qc].to_numpy(float),
                      labels=None if lc is None else d[lc].to_numpy(), logs=logs,
                      ci_alpha=ci_alpha, name=name)
