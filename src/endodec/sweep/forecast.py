r"""Distributional crossing forecasts: Wright's law with noise and Monte Carlo over parameters.

The paper gives point predictions of the crossing year (seed 000 §3.7: a Nash crossing year and a
much later cooperative one; seed 001 §3.8 and Table 2: a hardware-only crossing year at
alpha = 0.23; the printed values are claims in the ledger, ``claims/data/forecast.csv`` and
``game.csv``). This module asks how uncertain such a date is.

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

Crossing-year Monte Carlo (:func:`crossing_year_distribution`)
--------------------------------------------------------------
Each draw takes the learning elasticity (from a bootstrap sample such as
:func:`endodec.empirics.learning_curves.bootstrap_alpha`, or normal with a standard error), the
target cost, the annual growth of cumulative production :math:`g`, and the game parameters
:math:`N, \delta, S_T`; simulates the annual log-cost path
:math:`y_\tau = y_0 - \alpha\,\tau\ln(1+g) + \sum_{i\le\tau}\eta_i` (noise as above); and records

``hardware``
    the first time the cost path reaches the target (linear interpolation within the year);
    without noise this is exactly :math:`\ln(c_0/c^*)/(\alpha\ln(1+g))`, the formula of seed 001
    Table 2 (:func:`endodec.model.learning.crossing_time_vs_alpha`);
``nash``
    the hardware time multiplied by :math:`T^*_{Nash}/T^*_{Coop}` of the game at the draw's
    :math:`(N, \delta, S_T)`, computed by the sweep engine (:func:`endodec.sweep.engine.sweep`,
    i.e. the closed-form kernel). This is a *reading*: the paper does not state the model's time
    unit; it treats the learning-curve time as the cooperative crossing time (under seed 000's
    inputs, $12 -> $5/GB, alpha = 0.23, 25%/yr, the hardware time is 17.1 years against the
    printed cooperative 18.3, and 17.1 x T_N/T_C = 3.5 against the printed Nash 3.8).

Draws whose game has no interior solution keep NaN with a reason (never dropped); draws that do
not cross within ``horizon`` years (or have alpha <= 0) get ``inf`` and count in ``P(no crossing)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from endodec._validate import scalar_in_range
from endodec.errors import DataError, ParameterError

__all__ = [
    "ForecastParams",
    "CrossingForecast",
    "crossing_year_distribution",
    "fit_wright_noise",
    "estimate_rho",
    "MIN_M_RHO",
    "WrightNoiseFit",
    "error_variance_factor",
    "wright_noise_forecast",
    "WrightNoiseForecast",
    "hindcast",
    "HindcastResult",
    "dram_series",
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


@dataclass(frozen=True)
class WrightNoiseFit:
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

    def summary(self) -> str:
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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = ARIMA(e, order=(0, 0, 1), trend="n").fit()
    th, se = float(r.params[0]), float(r.bse[0])
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


@dataclass(frozen=True)
class WrightNoiseForecast:
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

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame({"tau": self.tau, "X": self.X, "y_hat": self.y_hat,
                             "cost_hat": np.exp(self.y_hat), "A": self.A,
                             "sd_log_cost": self.scale}, index=self.labels)

    def summary(self) -> str:
        return self.fit.summary() + "\n" + self.to_frame().to_string(float_format=lambda v: f"{v:.4g}")


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
@dataclass
class HindcastResult:
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

    def summary(self) -> str:
        ks = self.ks() if len(self.errors) else (np.nan, np.nan)
        return (f"Hindcast of Wright's law with noise ({self.data}; m = {self.m}, rho = {self.rho:g}): "
                f"{len(self.errors)} forecast errors; KS vs t({self.m - 1}) = {ks[0]:.3f} "
                f"(p = {ks[1]:.3g}, indicative)\n"
                + self.table().to_string(index=False, float_format=lambda v: f"{v:.3g}"))

    def figure(self):
        """Empirical CDF of the normalised errors vs t(m-1), and mean eps^2 by horizon."""
        import matplotlib.pyplot as plt

        fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 4))
        eps = np.sort(self.errors["eps"].to_numpy())
        if eps.size:
            a1.step(eps, np.arange(1, eps.size + 1) / eps.size, where="post", label="hindcast errors")
            g = np.linspace(min(eps.min(), -4), max(eps.max(), 4), 400)
            a1.plot(g, self.theory.cdf(g), "k--", label=f"t({self.m - 1}) (theory)")
            a1.plot(g, stats.norm.cdf(g), ":", color="grey", label="N(0,1)")
        a1.set_xlabel("normalised forecast error ε")
        a1.set_ylabel("cumulative probability")
        a1.legend(fontsize=8)
        t = self.table()
        t = t[t["tau"] != "all"]
        a2.plot(t["tau"].astype(int), t["mean_eps2"], "o-", label="empirical mean ε²")
        a2.axhline(t["theory_eps2"].iloc[0] if len(t) else np.nan, color="k", ls="--",
                   label="theory (m-1)/(m-3)")
        a2.set_xlabel("horizon τ (steps)")
        a2.set_ylabel("mean ε²")
        a2.legend(fontsize=8)
        fig.suptitle(f"Hindcast: Wright's law with noise, {self.data}", fontsize=10)
        fig.tight_layout()
        return fig


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


# ---------------------------------------------------------------------------------------------
# Crossing-year Monte Carlo
# ---------------------------------------------------------------------------------------------
def _range(name: str, v, lo_ok: float, allowed: str) -> tuple[float, float]:
    try:
        if np.ndim(v) == 0:
            lo = hi = float(v)
        elif np.ndim(v) == 1 and len(v) == 2:
            lo, hi = float(v[0]), float(v[1])
        else:
            raise ParameterError(name, v, allowed)
    except (TypeError, ValueError, OverflowError) as e:
        if isinstance(e, ParameterError):
            raise
        raise ParameterError(name, v, allowed) from None
    if not (lo <= hi) or not lo > lo_ok or not np.isfinite(hi):
        raise ParameterError(name, v, allowed)
    return lo, hi


def _real(name: str, v, allowed: str = "finite", lo: float | None = None,
          lo_open: bool = False, hi: float | None = None) -> float:
    """``v`` as a finite float within the bounds, else :class:`ParameterError`."""
    return scalar_in_range(name, v, lo=lo, lo_open=lo_open, hi=hi, allowed=allowed)


#: Largest number of firms accepted (the game is solved in float64 per draw).
N_MAX = 1e6

#: Calendar years accepted for ``base_year`` (beyond them float64 years lose the fraction).
YEAR_RANGE = (-1e6, 1e6)


@dataclass(frozen=True)
class ForecastParams:
    """Inputs of :func:`crossing_year_distribution` (a value or a ``(low, high)`` uniform range).

    Defaults follow seed 000 §3.7 / seed 001 §3.8 for the centre (current HBM cost $12/GB,
    target $5-7/GB, alpha = 0.23, 25%/yr growth of cumulative production, N = 5,
    delta = 0.30, S_T = 0, base year 2024); the *spreads* are choices of this module, not the
    paper's: alpha standard error 0.03 (so alpha +- 2 se spans the paper's band [0.18, 0.28] of
    Prediction 5), growth 20-30%, delta 0.2-0.4, N 5-12 (the paper's baseline and "expanded set"),
    S_T 0-0.4 of the inference continuation value (the paper's "0.2-0.4" training persistence).

    Parameters
    ----------
    base_year : float
    c_now : float
        Current cost ($/GB).
    c_target : float or (low, high)
        Cost at which the crossing occurs ($/GB).
    alpha : float
        Centre of the learning elasticity.
    alpha_se : float
        Its standard error (normal draws), used unless ``alpha_samples`` is given.
    alpha_samples : array, optional
        Draws of alpha (e.g. ``bootstrap_alpha(fit).alphas``); resampled with replacement.
    growth : float or (low, high)
        Annual growth rate of cumulative production.
    N : int or (low, high)
        Number of firms (integers drawn uniformly).
    delta : float or (low, high)
        Post-crossing displacement rate.
    S_T_frac : float or (low, high)
        Training persistence S_T as a fraction of the inference continuation value
        :math:`\\bar\\pi/(r+\\delta)` (game convention "paper" with S_I the industry profit).
    noise_sigma : float or None
        Per-year standard deviation of the Wright's-law noise :math:`\\eta`; None: estimated from
        the packaged DRAM table (per step, divided by the square root of the mean step length).
    rho : float
        MA(1) coefficient of the noise.
    horizon : int
        Years simulated; later crossings count as "not by horizon" (inf).
    game : dict
        Other game parameters (a, b, r, x0) for the Nash/cooperative ratio.
    """

    base_year: float = 2024.0
    c_now: float = 12.0
    c_target: Any = (5.0, 7.0)
    alpha: float = 0.23
    alpha_se: float = 0.03
    alpha_samples: Any = None
    growth: Any = (0.20, 0.30)
    N: Any = (5, 12)
    delta: Any = (0.2, 0.4)
    S_T_frac: Any = (0.0, 0.4)
    noise_sigma: float | None = None
    rho: float = 0.0
    horizon: int = 300
    game: dict = field(default_factory=dict)

    def __post_init__(self):
        _real("base_year", self.base_year,
              f"a finite year in [{YEAR_RANGE[0]:g}, {YEAR_RANGE[1]:g}]", YEAR_RANGE[0],
              hi=YEAR_RANGE[1])
        _real("c_now", self.c_now, "> 0 and finite", 0.0, lo_open=True)
        lo, hi = _range("c_target", self.c_target, 0.0, "> 0, or (low, high) with 0 < low <= high")
        if hi >= self.c_now:
            raise ParameterError("c_target", self.c_target, f"below c_now = {self.c_now}")
        _real("alpha", self.alpha, "> 0 and finite (learning elasticity)", 0.0, lo_open=True)
        _real("alpha_se", self.alpha_se, ">= 0 and finite", 0.0)
        if self.alpha_samples is not None:
            try:
                a = np.asarray(self.alpha_samples, float)
            except (TypeError, ValueError):
                raise ParameterError("alpha_samples", "array",
                                     "a 1-D array of >= 2 finite draws") from None
            if a.ndim != 1 or a.size < 2 or not np.isfinite(a).all():
                raise ParameterError("alpha_samples", "array", "a 1-D array of >= 2 finite draws")
        _range("growth", self.growth, 0.0, "> 0, or (low, high)")
        n_lo, n_hi = _range("N", self.N, 1.0, "an integer >= 2, or (low, high)")
        if n_lo != int(n_lo) or n_hi != int(n_hi) or n_hi > N_MAX:
            raise ParameterError("N", self.N, f"integers in [2, {N_MAX:g}]")
        _range("delta", self.delta, 0.0, "> 0, or (low, high)")
        _range("S_T_frac", self.S_T_frac, -1e-300, ">= 0, or (low, high)")
        if self.noise_sigma is not None:
            _real("noise_sigma", self.noise_sigma, ">= 0 and finite, or None", 0.0)
        r = _real("rho", self.rho, "in (-1, 1)")
        if not -1 < r < 1:
            raise ParameterError("rho", self.rho, "in (-1, 1)")
        h = _real("horizon", self.horizon, "an integer >= 1 (years)", 1.0)
        if h != int(h):
            raise ParameterError("horizon", self.horizon, "an integer >= 1 (years)")
        if not isinstance(self.game, dict):
            raise ParameterError("game", self.game, "a dict with keys among a, b, r, x0")
        bad = set(self.game) - {"a", "b", "r", "x0"}
        if bad:
            raise ParameterError("game", sorted(bad), "keys among a, b, r, x0")
        for k, v in self.game.items():
            _real(f"game[{k!r}]", v, "> 0 and finite", 0.0, lo_open=True)

    def replace(self, **kw) -> ForecastParams:
        from dataclasses import replace

        return replace(self, **kw)


def _default_noise_sigma() -> float:
    df, _ = dram_series(None, "001")
    fit = fit_wright_noise(y=df["ln_price"].to_numpy(), x=df["ln_cum"].to_numpy())
    step = float(np.mean(np.diff(df["year"].to_numpy())))
    return fit.sigma / np.sqrt(step)


def _draw(rng, v, n, integer=False):
    lo, hi = (float(v), float(v)) if np.ndim(v) == 0 else (float(v[0]), float(v[1]))
    if integer:
        return rng.integers(int(lo), int(hi) + 1, n).astype(float)
    return rng.uniform(lo, hi, n) if hi > lo else np.full(n, lo)


@dataclass
class CrossingForecast:
    """Result of :func:`crossing_year_distribution`.

    Attributes
    ----------
    samples : DataFrame
        One row per draw: the inputs (alpha, growth, c_target, N, delta, S_T), ``T_hardware``
        (years), ``ratio_TN_TC`` (game), ``year_hardware``, ``year_nash``, ``code``/``reason``
        of the game (invalid draws keep NaN years).
    mode : {"nash", "hardware"}
        Which year ``years`` returns.
    cost_quantiles : DataFrame
        Per simulated year, quantiles of the cost path (for the fan chart).
    params : ForecastParams
    noise_sigma : float
        Per-year noise s.d. actually used.
    """

    samples: pd.DataFrame
    mode: str
    cost_quantiles: pd.DataFrame
    params: ForecastParams
    noise_sigma: float
    seed: int

    @property
    def years(self) -> np.ndarray:
        """Crossing year of each draw (inf: not within the horizon; NaN: invalid game draw)."""
        return self.samples[f"year_{self.mode}"].to_numpy()

    def _valid(self, mode=None) -> np.ndarray:
        y = self.samples[f"year_{mode or self.mode}"].to_numpy()
        return y[~np.isnan(y)]

    def quantiles(self, q=(0.05, 0.25, 0.5, 0.75, 0.95), mode: str | None = None) -> pd.Series:
        """Quantiles of the crossing year over valid draws (``inf`` if beyond the horizon)."""
        y = self._valid(mode)
        q = np.atleast_1d(np.asarray(q, float))
        if y.size == 0:
            return pd.Series(np.nan, index=[f"q{100 * p:g}" for p in q])
        return pd.Series(np.quantile(y, q, method="inverted_cdf"), index=[f"q{100 * p:g}" for p in q])

    def prob_by(self, year, mode: str | None = None):
        """P(crossing by ``year``) (vectorised over ``year``), over valid draws."""
        y = np.sort(self._valid(mode))
        yr = np.asarray(year, float)
        p = np.searchsorted(y, yr, side="right") / max(y.size, 1)
        return float(p) if p.ndim == 0 else p

    def prob_table(self, years=None) -> pd.DataFrame:
        """P(crossing by year) for hardware-only and Nash readings."""
        if years is None:
            years = np.arange(int(self.params.base_year) + 2, int(self.params.base_year) + 52, 2)
        years = np.asarray(years)
        return pd.DataFrame({"year": years, "P_nash": self.prob_by(years, "nash"),
                             "P_hardware": self.prob_by(years, "hardware")})

    @property
    def n_invalid(self) -> int:
        return int((self.samples["code"] != 0).sum())

    def summary(self) -> str:
        lines = [f"Crossing-year forecast: {len(self.samples):,} draws (seed {self.seed}), "
                 f"noise sigma {self.noise_sigma:.3g}/yr, rho {self.params.rho:g}; "
                 f"{self.n_invalid} draws with no interior game solution (no Nash year)."]
        def yr(v) -> str:  # inf: beyond the horizon; NaN: no valid draw
            return f"{v:.1f}" if np.isfinite(v) else ("beyond horizon" if v > 0 else "n/a")

        for mode in ("nash", "hardware"):
            q = self.quantiles(mode=mode)
            y = self._valid(mode)
            if y.size == 0:
                lines.append(f"  {mode:<9} no valid draw (every draw lacks an interior game "
                             "solution)")
                continue
            lines.append(f"  {mode:<9} median {yr(q['q50'])}; 50% interval [{yr(q['q25'])}, "
                         f"{yr(q['q75'])}]; 90% interval [{yr(q['q5'])}, {yr(q['q95'])}]; "
                         f"P(no crossing within {self.params.horizon} yr) = "
                         f"{np.mean(np.isinf(y)):.3f}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    def fan_chart(self, points: dict | None = None, ax=None):
        """Fan chart: cost-path quantile bands with the target range (left) and
        P(crossing by year) for the Nash and hardware readings (right), with optional point
        predictions ``{"label": year}`` marked.

        Returns
        -------
        matplotlib.figure.Figure
        """
        import matplotlib.pyplot as plt

        fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2))
        window = min(self.params.horizon, 100)
        cq = self.cost_quantiles
        cq = cq[cq["year"] <= self.params.base_year + window]
        yrs = cq["year"].to_numpy()
        a1.fill_between(yrs, cq["q5"], cq["q95"], color="C0", alpha=0.15, label="5-95%")
        a1.fill_between(yrs, cq["q25"], cq["q75"], color="C0", alpha=0.35, label="25-75%")
        a1.plot(yrs, cq["q50"], color="C0", label="median")
        lo, hi = _range("c_target", self.params.c_target, 0.0, "")
        a1.axhspan(lo, hi if hi > lo else lo * 1.001, color="C3", alpha=0.2, label="target cost")
        a1.set_yscale("log")
        a1.set_xlabel("year")
        a1.set_ylabel("cost ($/GB)")
        a1.set_title("Hardware cost path (Wright's law with noise)", fontsize=10)
        a1.legend(fontsize=8)
        grid = np.linspace(self.params.base_year, self.params.base_year + window, 500)
        for mode, c in (("nash", "C1"), ("hardware", "C0")):
            a2.plot(grid, self.prob_by(grid, mode), color=c, label=f"{mode} reading")
        for i, (lab, yr) in enumerate((points or {}).items()):
            a2.axvline(yr, color=f"C{i + 2}", ls="--", lw=1, label=lab)
        a2.set_ylim(0, 1)
        a2.set_xlabel("year")
        a2.set_ylabel("P(crossing by year)")
        a2.set_title("Distribution of the crossing year", fontsize=10)
        a2.legend(fontsize=8)
        fig.tight_layout()
        if ax is not None:  # pragma: no cover - convenience
            pass
        return fig


def crossing_year_distribution(params: ForecastParams | None = None, n_draws: int = 10_000,
                               seed: int = 0, mode: str = "nash", **kw) -> CrossingForecast:
    """Monte Carlo distribution of the crossing year (module docstring).

    Parameters
    ----------
    params : ForecastParams, optional
        Inputs (``**kw`` builds one when None).
    n_draws : int
        Number of draws.
    seed : int
        Seed of ``numpy.random.default_rng``.
    mode : {"nash", "hardware"}
        Which reading ``result.years`` returns (both are always computed).

    Returns
    -------
    CrossingForecast
    """
    from endodec._limits import check_size
    from endodec.model.game import GameParams
    from endodec.sweep.engine import REASONS, sweep

    p = params if params is not None else ForecastParams(**kw)
    if mode not in ("nash", "hardware"):
        raise ParameterError("mode", mode, "'nash' or 'hardware'")
    if isinstance(n_draws, bool) or not isinstance(n_draws, (int, np.integer)) or n_draws < 1:
        raise ParameterError("n_draws", n_draws, "an integer >= 1")
    n = int(n_draws)
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ParameterError("seed", seed, "an integer in [0, 2**32)")
    # the cost paths (draws x years): y, noise, gap, mask and quantile copies ~ 6 float64 arrays,
    # plus the game sweep (~60 columns per draw)
    check_size(f"a forecast of {n:,} draws over {int(p.horizon):,} years",
               8.0 * min(n, 2**900) * (6.0 * (int(p.horizon) + 1) + 60.0),
               "use fewer --n-draws or a shorter --horizon")
    rng = np.random.default_rng(seed)
    if p.alpha_samples is not None:
        alpha = rng.choice(np.asarray(p.alpha_samples, float), n, replace=True)
    else:
        alpha = p.alpha + p.alpha_se * rng.standard_normal(n)
    growth = _draw(rng, p.growth, n)
    c_target = _draw(rng, p.c_target, n)
    N = _draw(rng, p.N, n, integer=True)
    delta = _draw(rng, p.delta, n)
    frac = _draw(rng, p.S_T_frac, n)
    sigma = _default_noise_sigma() if p.noise_sigma is None else float(p.noise_sigma)

    # --- hardware path: y_k = y0 - alpha k ln(1+g) + sum eta, k = 0..H --------------------
    H = int(p.horizon)
    k = np.arange(H + 1, dtype=float)
    drift = (alpha * np.log1p(growth))[:, None] * k[None, :]
    y = np.log(p.c_now) - drift
    if sigma > 0:
        u = sigma / np.sqrt(1 + p.rho**2) * rng.standard_normal((n, H + 1))
        eta = u[:, 1:] + p.rho * u[:, :-1]
        y[:, 1:] += np.cumsum(eta, axis=1)
    gap = y - np.log(c_target)[:, None]
    below = gap <= 0
    hit = below.any(axis=1)
    j = np.argmax(below, axis=1)  # first index at/below target
    jm = np.maximum(j - 1, 0)
    g0, g1 = gap[np.arange(n), jm], gap[np.arange(n), j]
    frac_step = np.where(j > 0, g0 / np.where(g0 - g1 > 0, g0 - g1, 1.0), 0.0)
    T_hw = np.where(hit, np.where(j == 0, 0.0, jm + frac_step), np.inf)

    # --- game ratio T_N/T_C at (N, delta, S_T) through the sweep engine -------------------
    game = {"a": 10.0, "b": 0.5, "r": 0.05, "x0": 10.0, **p.game}
    S_inf = GameParams(N=N, delta=delta, convention="code",
                       **{k_: game[k_] for k_ in ("a", "b", "r")}).S_value
    pts = pd.DataFrame({"N": N, "delta": delta, "S_T": frac * S_inf, **game})
    g = sweep(pts, convention="paper", progress=False).frame
    ratio = 1.0 - g["acceleration"].to_numpy()
    code = g["code"].to_numpy()
    year_hw = p.base_year + T_hw
    year_nash = np.where(code == 0, p.base_year + T_hw * ratio, np.nan)
    samples = pd.DataFrame({
        "alpha": alpha, "growth": growth, "c_target": c_target, "N": N, "delta": delta,
        "S_T": pts["S_T"].to_numpy(), "T_hardware": T_hw, "ratio_TN_TC": ratio,
        "year_hardware": year_hw, "year_nash": year_nash, "code": code,
        "reason": pd.Categorical.from_codes(g["reason"].cat.codes, categories=list(REASONS)),
    })
    qs = (0.05, 0.25, 0.5, 0.75, 0.95)
    cq = np.quantile(np.exp(y), qs, axis=0)
    cost_q = pd.DataFrame({"year": p.base_year + k, **{f"q{100 * q:g}": cq[i] for i, q in enumerate(qs)}})
    return CrossingForecast(samples, mode, cost_q, p, sigma, seed)
