"""Wright's-law learning-curve estimation.

Wright's law (seed 000 §2, eq. (1); seed 001 §2) is ``c(Q) = c0 * Q**(-alpha)``; taking logs,

    ln c_t = ln c0 - alpha * ln Q_t + e_t,

so the learning elasticity ``alpha`` is minus the OLS slope of log price on log cumulative output
(seed 000 §3.8/§4.1, seed 001 §3.9/§5.2). Derived quantities: the *progress ratio* ``2**-alpha``
(cost multiplier per doubling of cumulative output) and the *learning rate* ``1 - 2**-alpha``.

Everything here works on plain arrays or on DataFrames (the packaged tables of both paper
versions, or the author's 41-year series). statsmodels OLS is used for the point fit; the
bootstrap is vectorised with NumPy (one batched least-squares solve for all resamples).

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
]


def progress_ratio(alpha):
    """Progress ratio ``2**-alpha``: cost multiplier per doubling of cumulative output."""
    return 2.0 ** (-np.asarray(alpha, dtype=float))


def learning_rate(alpha):
    """Learning rate ``1 - 2**-alpha``: fractional cost decline per doubling."""
    return 1.0 - progress_ratio(alpha)


@dataclass
class WrightFit:
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


def fit_wright(price, cum, *, labels: Sequence | None = None, logs: bool = False,
               ci_alpha: float = 0.05, name: str = "", cov_type: str = "nonrobust",
               cov_kwds: dict | None = None) -> WrightFit:
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
                     pvalue=float(res.pvalues[1]), x=x, y=y, labels=lab, results=res, name=name)


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
class BootstrapResult:
    """Nonparametric pairs bootstrap of alpha.

    Attributes
    ----------
    alphas : ndarray
        Bootstrap replicates (degenerate resamples with constant ``ln Q`` are dropped).
    ci : tuple
        Percentile confidence interval at level ``1 - ci_alpha``.
    n_resamples, n_degenerate : int
        Requested resamples and how many were dropped as degenerate.
    seed : int
    """

    estimate: float
    alphas: np.ndarray
    ci: tuple[float, float]
    ci_alpha: float
    n_resamples: int
    n_degenerate: int
    seed: int

    @property
    def se(self) -> float:
        return float(np.std(self.alphas, ddof=1))

    @property
    def bias(self) -> float:
        return float(np.mean(self.alphas) - self.estimate)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"estimate": self.estimate, "boot_mean": float(np.mean(self.alphas)),
                              "boot_se": self.se, "ci_lo": self.ci[0], "ci_hi": self.ci[1],
                              "level": 1 - self.ci_alpha, "n_resamples": self.n_resamples,
                              "n_degenerate": self.n_degenerate, "seed": self.seed}])

    def summary(self) -> str:
        lvl = 100 * (1 - self.ci_alpha)
        return (f"Pairs bootstrap of alpha: {self.n_resamples} resamples (seed {self.seed}, "
                f"{self.n_degenerate} degenerate dropped)\n"
                f"  estimate {self.estimate:.4f}, bootstrap mean {np.mean(self.alphas):.4f}, "
                f"SE {self.se:.4f}\n"
                f"  {lvl:g}% percentile CI [{self.ci[0]:.4f}, {self.ci[1]:.4f}]")


def bootstrap_alpha(fit: WrightFit, *, n_resamples: int = 10_000, seed: int = 0,
                    ci_alpha: float = 0.05, method: str = "pairs") -> BootstrapResult:
    """Nonparametric (pairs) bootstrap with percentile CI (seed 001 §5.2.2, third diagnostic).

    Resamples the n (ln Q, ln c) pairs with replacement ``n_resamples`` times and re-estimates
    the OLS slope of every resample in one batched least-squares solve (normal equations of all
    resamples stacked, ``numpy.linalg.solve`` on a (B, 2, 2) array); resamples whose ``ln Q`` is
    constant (slope unidentified: likely with n = 6) are dropped and counted.

    Parameters
    ----------
    fit : WrightFit
    n_resamples : int
        Number of bootstrap resamples (paper: 10,000).
    seed : int
        Seed of ``numpy.random.default_rng``.
    ci_alpha : float
        1 - level of the percentile interval.
    method : {"pairs", "residual"}
        ``"pairs"`` (default; resample (ln Q, ln c) rows) or ``"residual"`` (keep ln Q fixed and
        resample the OLS residuals: y* = fitted + e*).
    """
    from endodec._limits import check_size

    if not isinstance(fit, WrightFit):
        raise ParameterError("fit", type(fit).__name__, "a WrightFit (from fit_wright)")
    if method not in ("pairs", "residual"):
        raise ParameterError("method", method, "'pairs' or 'residual'")
    if (isinstance(n_resamples, bool)
            or not isinstance(n_resamples, (int, np.integer, float, np.floating))
            or (isinstance(n_resamples, (float, np.floating)) and not math.isfinite(n_resamples))
            or n_resamples != int(n_resamples) or int(n_resamples) < 10):
        raise ParameterError("n_resamples", n_resamples, "integer >= 10")
    _ci_alpha(ci_alpha)
    seed = _seed(seed)
    n = fit.n
    # index, design, response and the (B, n, 2) products: about 7 float64 values per draw
    check_size(f"a bootstrap of {int(n_resamples):,} resamples of {n} observations",
               56.0 * min(int(n_resamples), 2**1000) * n, "use fewer resamples")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(int(n_resamples), n))
    if method == "pairs":
        X = np.stack([np.ones((int(n_resamples), n)), fit.x[idx]], axis=2)  # (B, n, 2)
        Y = fit.y[idx]
    else:
        X = np.broadcast_to(np.stack([np.ones(n), fit.x], axis=1), (int(n_resamples), n, 2))
        Y = fit.fitted[None, :] + fit.resid[idx]
    XtX = np.einsum("bni,bnj->bij", X, X)
    Xty = np.einsum("bni,bn->bi", X, Y)
    det = XtX[:, 0, 0] * XtX[:, 1, 1] - XtX[:, 0, 1] ** 2
    ok = det > 1e-10 * np.maximum(1.0, XtX[:, 1, 1] * XtX[:, 0, 0])
    if ok.sum() < 2:
        from endodec.errors import DomainError

        raise DomainError(f"bootstrap: {int(ok.sum())} of {int(n_resamples)} resamples identify "
                          f"the slope (ln Q constant in the rest; n = {n} observations): no "
                          "bootstrap distribution")
    beta = np.linalg.solve(XtX[ok], Xty[ok][..., None])[..., 0]
    alphas = -beta[:, 1]
    lo, hi = np.quantile(alphas, [ci_alpha / 2, 1 - ci_alpha / 2])
    return BootstrapResult(estimate=fit.alpha, alphas=alphas, ci=(float(lo), float(hi)),
                           ci_alpha=ci_alpha, n_resamples=int(n_resamples),
                           n_degenerate=int((~ok).sum()), seed=seed)
