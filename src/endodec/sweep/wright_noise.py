r"""Wright's law with noise: fit, distributional forecast and hindcast of the experience curve.

The paper's crossing dates rest on Wright's law (seed 000 §3.7, seed 001 §3.8 and Table 2:
alpha = 0.23); this module gives the law a noise model, so a cost forecast has a distribution
(:func:`wright_noise_forecast`), and tests the noise model out of sample on DRAM
(:func:`hindcast`). :mod:`endodec.sweep.forecast` draws crossing years with it.

Wright's law with noise (Farmer & Lafond 2016, Research Policy 45; Lafond et al. 2018,
Technological Forecasting & Social Change 128)
-------------------------------------------------------------------------------------------------
With :math:`y_t = \ln c_t` and :math:`x_t = \ln Q_t` (cumulative production),

.. math:: y_t - y_{t-1} = -\omega (x_t - x_{t-1}) + \eta_t,\qquad \eta_t = u_t + \rho u_{t-1},
          \quad u_t \sim N(0, \sigma_u^2),

(:math:`\omega` is the paper's :math:`\alpha`). :math:`\omega` is estimated by OLS through the origin
on the last :math:`m` differences, :math:`\hat\omega = -\sum \Delta x_i \Delta y_i / \sum \Delta x_i^2`,
:math:`\hat\sigma^2 = \sum e_i^2/(m-1)`. The forecast from origin :math:`t` with (known or assumed)
future cumulative production is :math:`\hat y_{t+\tau} = y_t - \hat\omega (x_{t+\tau} - x_t)`. Its
error is a linear form in the noise,

.. math:: E_\tau = \sum_{i=t+1}^{t+\tau} \eta_i
          - \frac{X_\tau}{\sum_{past} \Delta x_i^2} \sum_{past} \Delta x_i \eta_i,
          \qquad X_\tau = x_{t+\tau} - x_t,

so :math:`\mathrm{Var}(E_\tau) = \sigma_\eta^2 A_\tau` exactly. For :math:`\rho = 0`,
:math:`A_\tau = \tau + X_\tau^2/\sum \Delta x_i^2` (Lafond et al. 2018 eq. 9), which for constant
:math:`\Delta x` is Farmer & Lafond's :math:`\tau + \tau^2/m`. For :math:`\rho \ne 0` the MA(1)
covariance is summed exactly (:func:`error_variance_factor`). Normalised errors
:math:`\varepsilon = E_\tau/(\hat\sigma\sqrt{A_\tau})` follow Student's t with :math:`m-1` degrees
of freedom when :math:`\rho = 0` (OLS slope and residuals are independent under Gaussian noise);
:func:`hindcast` compares the empirical distribution of :math:`\varepsilon` on DRAM with it.

"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from endodec.errors import DataError, ParameterError
from endodec.results import EstimatesMixin, ResultBase

__all__ = [
    "MIN_M_RHO",
    "HindcastResult",
    "WrightNoiseFit",
    "WrightNoiseForecast",
    "dram_series",
    "error_variance_factor",
    "estimate_rho",
    "fit_wright_noise",
    "hindcast",
    "wright_noise_forecast",
]


# ---------------------------------------------------------------------------------------------
# Wright's law with noise
# ---------------------------------------------------------------------------------------------
def _series(price=None, cum=None, *, y=None, x=None):
    if y is None:
        if price is None or cum is None:
            raise ParameterError("price/cum", None, "both given (or y=ln price, x=ln cum)")
        price, cum = np.asarray(price, float), np.asarray(cum, float)
        if np.any(~(price > 0)) or np.any(~(cum > 0)):
            raise ParameterError("price/cum", "non-positive", "> 0 (logs are taken)")
        y, x = np.log(price), np.log(cum)
    y, x = np.asarray(y, float), np.asarray(x, float)
    if y.shape != x.shape or y.ndim != 1:
        raise ParameterError("y/x", (y.shape, x.shape), "1-D arrays of equal length")
    if not (np.isfinite(y).all() and np.isfinite(x).all()):
        raise DataError("log price / log cumulative production contain non-finite values")
    return y, x


@dataclass(frozen=True, repr=False)
class WrightNoiseFit(EstimatesMixin, ResultBase):
    """OLS on first differences: :math:`\\Delta y = -\\omega\\Delta x + \\eta` (Lafond et al. 2018 §2).

    Attributes
    ----------
    omega : float
        Learning elasticity estimate (the paper's alpha), from the last ``m`` differences.
    sigma : float
        Residual standard deviation :math:`\\hat\\sigma_\\eta` (``m - 1`` degrees of freedom).
    m : int
        Number of differences used.
    rho : float
        MA(1) coefficient of the noise (Farmer and Lafond's theta): the value set by the user,
        or, with ``rho="estimate"``, the Gaussian maximum-likelihood estimate from the
        residuals of the difference regression (statsmodels ``ARIMA(order=(0, 0, 1))``).
    dx : ndarray
        The differences of log cumulative production used.
    rho_se : float
        Standard error of the estimated rho (NaN when rho was set).
    rho_ci : tuple of float
        Its 95% Wald interval, clipped to (-1, 1) (NaN when set).
    rho_estimated : bool

    Notes
    -----
    statsmodels names (:class:`~endodec.results.EstimatesMixin`): ``params`` and ``bse`` hold
    ``omega`` and :attr:`se_omega` (the rho = 0 standard error), ``nobs`` is ``m`` and
    ``df_resid`` ``m - 1`` (t intervals and p-values).
    """

    omega: float
    sigma: float
    m: int
    rho: float
    dx: np.ndarray
    dy: np.ndarray
    rho_se: float = float("nan")
    rho_ci: tuple = (float("nan"), float("nan"))
    rho_estimated: bool = False

    @property
    def se_omega(self) -> float:
        """Standard error of omega for rho = 0: :math:`\\hat\\sigma/\\sqrt{\\sum\\Delta x^2}`."""
        return float(self.sigma / np.sqrt(np.sum(self.dx**2)))

    _summary_title = "Wright's law with noise"

    @property
    def params(self) -> pd.Series:
        """The estimate, ``omega`` (statsmodels name)."""
        return pd.Series({"omega": self.omega})

    @property
    def bse(self) -> pd.Series:
        """Its standard error :attr:`se_omega` (statsmodels name)."""
        return pd.Series({"omega": self.se_omega})

    @property
    def nobs(self) -> int:
        """Differences used, ``m``."""
        return self.m

    @property
    def df_resid(self) -> int:
        """Residual degrees of freedom, ``m - 1``."""
        return self.m - 1

    def _dict_fields(self) -> dict:
        return {**super()._dict_fields(), "se_omega": self.se_omega}

    def _frame(self) -> pd.DataFrame:
        return pd.DataFrame([{**self._scalars(), "rho_ci_low": self.rho_ci[0],
                              "rho_ci_high": self.rho_ci[1]}])

    def _summary_tables(self) -> list:
        noise = pd.DataFrame({"value": [self.sigma, self.m, self.rho, self.rho_se]},
                             index=["sigma", "m", "rho", "rho se"])
        return [("Learning elasticity", self._coef_table()), ("Noise", noise)]

    def _summary_text(self) -> str:
        how = (f" (estimated, se {self.rho_se:.3f}, 95% CI [{self.rho_ci[0]:.3f}, "
               f"{self.rho_ci[1]:.3f}])" if self.rho_estimated else " (set)")
        return (f"Wright's law with noise (differences): omega = {self.omega:.4f} "
                f"(se {self.se_omega:.4f}), sigma = {self.sigma:.4f} per step, m = {self.m}, "
                f"rho = {self.rho:g}{how}")


MIN_M_RHO = 8
"""Fewest differences from which rho (theta) is estimated."""


def estimate_rho(e) -> tuple[float, float, tuple[float, float]]:
    """MA(1) coefficient of the Wright's-law noise from residuals ``e`` of the difference
    regression: Gaussian MLE of ``e_t = u_t + rho u_{t-1}`` (no constant; statsmodels
    ``ARIMA(order=(0, 0, 1), trend="n")``, invertibility enforced so ``|rho| < 1``).

    Returns ``(rho, se, (lo, hi))`` with the 95% Wald interval clipped to [-1, 1].

    Raises
    ------
    DomainError
        Fewer than :data:`MIN_M_RHO` residuals, or residuals that are all zero.

    Warns
    -----
    NumericalWarning
        The likelihood maximisation did not converge (statsmodels' ``ConvergenceWarning``).

    References
    ----------
    Farmer, J. D. and Lafond, F. (2016), "How predictable is technological progress?",
    *Research Policy* 45(3), 647-665 (theta estimated per technology and pooled);
    Lafond, F. et al. (2018), *Technological Forecasting and Social Change* 128, 104-117.
    """
    import warnings

    from statsmodels.tsa.arima.model import ARIMA

    from endodec.errors import DomainError

    e = np.asarray(e, dtype=float)
    if e.size < MIN_M_RHO:
        raise DomainError(f"estimating rho (MA(1) theta): {e.size} residual differences; at "
                          f"least {MIN_M_RHO} are needed (use a larger m, or set rho to a number)")
    if not np.any(np.abs(e) > 1e-12):
        raise DomainError("estimating rho (MA(1) theta): the residuals are all zero (an exact "
                          "power law); set rho to a number")
    from statsmodels.tools.sm_exceptions import ConvergenceWarning

    from endodec.errors import NumericalWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # statsmodels' other warnings (start values) stay quiet
        r = ARIMA(e, order=(0, 0, 1), trend="n").fit()
    th, se = float(r.params[0]), float(r.bse[0])
    if any(issubclass(w.category, ConvergenceWarning) for w in caught):
        warnings.warn(f"estimating rho (MA(1) theta) from {e.size} residual differences: the "
                      f"ARIMA(0, 0, 1) likelihood maximisation did not converge; rho = {th:.4g} "
                      f"(se {se:.3g}) may be inaccurate; use a larger m or set rho to a number",
                      NumericalWarning, stacklevel=2)
    lo, hi = th - 1.959963984540054 * se, th + 1.959963984540054 * se
    return th, se, (max(lo, -1.0), min(hi, 1.0))


def fit_wright_noise(price=None, cum=None, *, y=None, x=None, m: int | None = None,
                     rho: float | str = 0.0) -> WrightNoiseFit:
    """Estimate omega and sigma from the last ``m`` differences (all if None).

    ``rho`` (Farmer and Lafond's theta, the MA(1) coefficient of the noise) is a number set
    by the user (default 0, the original API's choice) or ``"estimate"``: the MLE from the
    residuals with its standard error (:func:`estimate_rho`; needs ``m >= 8``). The DRAM
    residuals are autocorrelated, so ``rho = 0`` understates the forecast variance when the
    estimate is positive (``endodec report``: table ``forecast_rho_estimate``).

    Implements the estimator of Lafond et al. (2018, eq. 6-7): least squares through the origin of
    :math:`\\Delta y` on :math:`-\\Delta x`, residual variance with ``m - 1`` degrees of freedom.
    """
    y, x = _series(price, cum, y=y, x=x)
    dy, dx = np.diff(y), np.diff(x)
    if m is None:
        m = dx.size
    if not 2 <= int(m) <= dx.size:
        raise ParameterError("m", m, f"an integer in [2, {dx.size}] (number of differences)")
    m = int(m)
    dy, dx = dy[-m:], dx[-m:]
    if not np.sum(dx**2) > 0:
        raise DataError("cumulative production does not change over the estimation window")
    est = isinstance(rho, str)
    if est and rho != "estimate":
        raise ParameterError("rho", rho, "a number in (-1, 1) or 'estimate'")
    if not est and (isinstance(rho, bool) or not -1 < rho < 1):
        raise ParameterError("rho", rho, "in (-1, 1) or 'estimate'")
    coef = np.linalg.lstsq(-dx[:, None], dy, rcond=None)[0][0]
    e = dy + coef * dx
    sigma = float(np.sqrt(np.sum(e**2) / (m - 1)))
    if est:
        r, se, ci = estimate_rho(e)
        return WrightNoiseFit(float(coef), sigma, m, r, dx, dy, se, ci, True)
    return WrightNoiseFit(float(coef), sigma, m, float(rho), dx, dy)


def error_variance_factor(dx_past, X_future, tau, rho: float = 0.0):
    r""":math:`A_\tau = \mathrm{Var}(E_\tau)/\sigma_\eta^2` of the Wright's-law forecast error.

    Parameters
    ----------
    dx_past : array_like
        The ``m`` differences of log cumulative production used to estimate omega.
    X_future : array_like
        :math:`X_\tau = x_{t+\tau} - x_t` (broadcast with ``tau``).
    tau : array_like of int
        Horizons (steps).
    rho : float
        MA(1) coefficient of the noise.

    Notes
    -----
    For ``rho = 0``: :math:`A = \tau + X_\tau^2/\sum\Delta x^2` (Lafond et al. 2018 eq. 9). For
    ``rho != 0`` the error is written as :math:`\sum_k c_k u_k` over the innovations and
    :math:`A = \sum_k c_k^2 / (1 + \rho^2)` (exact MA(1) algebra; independent numerics in the tests).
    """
    dx = np.asarray(dx_past, float)
    S = float(np.sum(dx**2))
    X = np.asarray(X_future, float)
    tau = np.asarray(tau)
    X, tau = np.broadcast_arrays(X, tau)
    if rho == 0:
        return tau + X**2 / S
    out = np.empty(X.shape, dtype=float)
    m = dx.size
    for idx in np.ndindex(X.shape):
        t = int(tau[idx])
        # weights on eta_1..eta_m (past) and eta_{m+1}..eta_{m+t} (future)
        w = np.concatenate([-X[idx] * dx / S, np.ones(t)])
        # eta_i = u_i + rho u_{i-1}: coefficient of u_k is w_k + rho w_{k+1}, k = 0..m+t
        c = np.concatenate([[0.0], w]) + rho * np.concatenate([w, [0.0]])
        out[idx] = np.sum(c**2) / (1 + rho**2)
    del m
    return out


@dataclass(frozen=True, repr=False)
class WrightNoiseForecast(ResultBase):
    """Distributional forecast of log cost (Lafond et al. 2018 §3).

    Attributes
    ----------
    fit : WrightNoiseFit
    tau : ndarray
        Horizons (steps after the last observation).
    X : ndarray
        Assumed growth of log cumulative production to each horizon.
    y_hat : ndarray
        Point forecast of log cost.
    A : ndarray
        Variance factor, :math:`\\mathrm{Var}(E) = \\sigma^2 A`.
    """

    fit: WrightNoiseFit
    tau: np.ndarray
    X: np.ndarray
    y_hat: np.ndarray
    A: np.ndarray
    labels: np.ndarray | None = None

    @property
    def scale(self) -> np.ndarray:
        return self.fit.sigma * np.sqrt(self.A)

    def _dist(self):
        return stats.t(df=self.fit.m - 1)

    def quantiles(self, q=(0.05, 0.25, 0.5, 0.75, 0.95)) -> pd.DataFrame:
        """Quantiles of the cost (price units) at each horizon (Student t(m-1) errors)."""
        q = np.atleast_1d(np.asarray(q, float))
        z = self._dist().ppf(q)
        d = {f"q{100 * p:g}": np.exp(self.y_hat + zi * self.scale) for p, zi in zip(q, z, strict=True)}
        return pd.DataFrame({"tau": self.tau, **d}, index=self.labels)

    def prob_below(self, target) -> np.ndarray:
        """P(cost at horizon tau <= target) for each horizon."""
        return self._dist().cdf((np.log(target) - self.y_hat) / self.scale)

    _summary_title = "Wright's-law cost forecast with noise"

    def _frame(self) -> pd.DataFrame:
        """One row per horizon: ``tau, X, y_hat, cost_hat, A, sd_log_cost`` (index: labels)."""
        return pd.DataFrame({"tau": self.tau, "X": self.X, "y_hat": self.y_hat,
                             "cost_hat": np.exp(self.y_hat), "A": self.A,
                             "sd_log_cost": self.scale}, index=self.labels)

    def _scalars(self) -> dict:
        f = self.fit
        return {"omega": f.omega, "sigma": f.sigma, "m": f.m, "rho": f.rho,
                "n_horizons": int(np.size(self.tau))}

    def _summary_tables(self) -> list:
        return [("Learning elasticity", self.fit._coef_table()), ("Forecast", self._frame())]

    def _summary_text(self) -> str:
        return self.fit.summary() + "\n" + self._frame().to_string(float_format=lambda v: f"{v:.4g}")


def wright_noise_forecast(price=None, cum=None, *, y=None, x=None, horizons=10, growth=None,
                          future_log_cum=None, m: int | None = None, rho: float = 0.0,
                          last_label=None) -> WrightNoiseForecast:
    """Forecast log cost with Wright's law and noise, with its analytic error variance.

    Parameters
    ----------
    price, cum : array_like
        Observed cost and cumulative production (or ``y``, ``x`` logs), one row per step.
    horizons : int or array_like
        Horizons (steps) to forecast: ``1..horizons`` or the given values.
    growth : float, optional
        Constant growth rate of cumulative production per step: ``X_tau = tau ln(1+growth)``.
    future_log_cum : array_like, optional
        Or the assumed future log cumulative production at each horizon.
    m : int, optional
        Estimation window (differences); default all.
    rho : float or "estimate"
        MA(1) noise coefficient (Farmer and Lafond's theta; Lafond et al. 2018): a number
        (default 0), or ``"estimate"`` to estimate it from the residuals (:func:`estimate_rho`;
        ``fit.rho``, ``fit.rho_se`` and ``fit.rho_ci`` report it).
    last_label : optional
        Label of the last observation (e.g. its year); horizons are labelled from it.
    """
    y, x = _series(price, cum, y=y, x=x)
    fit = fit_wright_noise(y=y, x=x, m=m, rho=rho)
    tau = np.arange(1, int(horizons) + 1) if np.ndim(horizons) == 0 else np.asarray(horizons, int)
    if np.any(tau < 1):
        raise ParameterError("horizons", horizons, "positive integers")
    if future_log_cum is not None:
        X = np.asarray(future_log_cum, float) - x[-1]
        if X.shape != tau.shape:
            raise ParameterError("future_log_cum", X.shape, f"one value per horizon {tau.shape}")
    elif growth is not None:
        if not growth > -1:
            raise ParameterError("growth", growth, "> -1")
        X = tau * np.log1p(growth)
    else:
        X = tau * float(np.mean(np.diff(x)))  # continue the average historical growth
    A = error_variance_factor(fit.dx, X, tau, fit.rho)
    labels = None if last_label is None else np.asarray(last_label) + tau
    return WrightNoiseForecast(fit, tau, X, y[-1] - fit.omega * X, A, labels)


# ---------------------------------------------------------------------------------------------
# Hindcast
# ---------------------------------------------------------------------------------------------
@dataclass(repr=False)
class HindcastResult(ResultBase):
    """Hindcast of the Wright's-law forecast: normalised errors at every origin and horizon.

    Attributes
    ----------
    errors : DataFrame
        ``origin, target, tau, E, A, sigma, eps`` (``eps = E / (sigma sqrt(A))``).
    m, rho : estimation window and MA(1) coefficient.
    data : provenance string.
    """

    errors: pd.DataFrame
    m: int
    rho: float
    data: str = ""

    @property
    def theory(self):
        """Theoretical distribution of eps: Student t(m - 1) (exact for rho = 0)."""
        return stats.t(df=self.m - 1)

    def table(self) -> pd.DataFrame:
        """By horizon: n, mean eps, mean eps^2 (theory: (m-1)/(m-3)), and coverage of the
        theoretical 90% interval (nominal 0.90)."""
        e = self.errors
        lo, hi = self.theory.ppf([0.05, 0.95])
        var_t = (self.m - 1) / (self.m - 3) if self.m > 3 else np.inf
        rows = []
        for tau, g in list(e.groupby("tau")) + [("all", e)]:
            rows.append({"tau": tau, "n": len(g), "mean_eps": g["eps"].mean(),
                         "mean_eps2": (g["eps"] ** 2).mean(), "theory_eps2": var_t,
                         "coverage_90": ((g["eps"] > lo) & (g["eps"] < hi)).mean()})
        return pd.DataFrame(rows)

    def ks(self) -> tuple[float, float]:
        """Kolmogorov-Smirnov statistic and p-value of pooled eps vs t(m-1). The errors overlap
        (shared origins and noise), so the p-value is only indicative (Lafond et al. 2018 §4)."""
        r = stats.kstest(self.errors["eps"].to_numpy(), self.theory.cdf)
        return float(r.statistic), float(r.pvalue)

    _summary_title = "Hindcast of Wright's law with noise"

    def _frame(self) -> pd.DataFrame:
        return self.errors.copy()

    def _dict_fields(self) -> dict:
        ks = self.ks() if len(self.errors) else (np.nan, np.nan)
        return {**super()._dict_fields(), "ks_statistic": ks[0], "ks_pvalue": ks[1]}

    def _summary_tables(self) -> list:
        return [("Normalised errors by horizon", self.table())]

    def _summary_text(self) -> str:
        ks = self.ks() if len(self.errors) else (np.nan, np.nan)
        return (f"Hindcast of Wright's law with noise ({self.data}; m = {self.m}, rho = {self.rho:g}): "
                f"{len(self.errors)} forecast errors; KS vs t({self.m - 1}) = {ks[0]:.3f} "
                f"(p = {ks[1]:.3g}, indicative)\n"
                + self.table().to_string(index=False, float_format=lambda v: f"{v:.3g}"))


def hindcast(price=None, cum=None, *, y=None, x=None, labels=None, m: int = 5,
             max_horizon: int | None = None, rho: float = 0.0, data: str = "") -> HindcastResult:
    """Hindcast: forecast from every origin with ``m`` past differences, at every horizon.

    As in Lafond et al. (2018 §4), the realised cumulative production is used for the future
    (the test is of the cost-production relation, not of production forecasts), omega and sigma
    are re-estimated at each origin on the last ``m`` differences, and errors are normalised by
    :math:`\\hat\\sigma\\sqrt{A_\\tau}`.
    """
    y, x = _series(price, cum, y=y, x=x)
    n = y.size
    if m < 2 or m > n - 2:
        raise ParameterError("m", m, f"in [2, {n - 2}] for {n} observations")
    labels = np.arange(n) if labels is None else np.asarray(labels)
    H = n - 1 - m if max_horizon is None else int(max_horizon)
    rows = []
    for t in range(m, n - 1):  # origin index: observations 0..t known
        fit = fit_wright_noise(y=y[: t + 1], x=x[: t + 1], m=m, rho=rho)
        taus = np.arange(1, min(H, n - 1 - t) + 1)
        X = x[t + taus] - x[t]
        A = error_variance_factor(fit.dx, X, taus, fit.rho)
        E = y[t + taus] - (y[t] - fit.omega * X)
        for k, tau in enumerate(taus):
            rows.append({"origin": labels[t], "target": labels[t + tau], "tau": int(tau),
                         "E": E[k], "A": A[k], "sigma": fit.sigma, "omega": fit.omega,
                         "eps": E[k] / (fit.sigma * np.sqrt(A[k]))})
    return HindcastResult(pd.DataFrame(rows), m, rho, data)


def dram_series(author_dir=None, version: str = "001") -> tuple[pd.DataFrame, str]:
    """DRAM (year, ln_price, ln_cum): the author's 41-year series if ``author_dir`` is given,
    else the packaged table of the paper (9 rows, 4-6 years apart)."""
    from endodec import datasets

    if author_dir is not None:
        a = datasets.load_author("dram_learning_curve", directory=author_dir)
        df = pd.DataFrame({"year": a["year"], "ln_price": a["ln_price"],
                           "ln_cum": a["ln_cumulative"]})
        return df.dropna().reset_index(drop=True), "author dram_learning_curve (annual, 1984-2024)"
    d = datasets.load("dram", version=version)
    df = d[["year", "ln_price", "ln_cum"]].dropna().reset_index(drop=True)
    return df, f"packaged dram (seed {version}; {len(df)} rows, 4-6 years apart)"
