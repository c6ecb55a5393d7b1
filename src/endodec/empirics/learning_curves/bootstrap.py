"""Bootstrap inference on the learning elasticity alpha: pairs / residual bootstrap with
percentile, basic, BCa and studentized intervals, and the moving-block / stationary bootstrap
(``arch.bootstrap``) for autocorrelated series."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from endodec.empirics.learning_curves.hac import _exact_fit
from endodec.empirics.learning_curves.ols import WrightFit, _ci_alpha, _seed, _SlopeEstimates
from endodec.errors import NumericalWarning, ParameterError
from endodec.results import ResultBase

__all__ = ["BootstrapResult", "block_bootstrap_alpha", "bootstrap_alpha"]


@dataclass(repr=False)
class BootstrapResult(_SlopeEstimates, ResultBase):
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

    _summary_title: ClassVar[str] = "Bootstrap of alpha"

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

    def _frame(self) -> pd.DataFrame:
        return pd.DataFrame([{"estimate": self.estimate, "boot_mean": float(np.mean(self.alphas)),
                              "boot_se": self.se, "ci_lo": self.ci[0], "ci_hi": self.ci[1],
                              "bca_lo": self.ci_bca[0], "bca_hi": self.ci_bca[1],
                              "stud_lo": self.ci_studentized[0],
                              "stud_hi": self.ci_studentized[1],
                              "level": 1 - self.ci_alpha, "n_resamples": self.n_resamples,
                              "n_degenerate": self.n_degenerate, "seed": self.seed,
                              "method": self.method, "block_length": self.block_length}])

    def _summary_tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [("alpha", self._coef_table()), ("intervals", self.intervals())]

    def _summary_text(self) -> str:
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


#: fewer resamples than this draw a NumericalWarning (the 2.5% / 97.5% quantiles then rest on
#: fewer than 25 replicates in each tail)
MIN_RESAMPLES = 1000


def _n_resamples(n_resamples) -> int:
    if (isinstance(n_resamples, bool)
            or not isinstance(n_resamples, (int, np.integer, float, np.floating))
            or (isinstance(n_resamples, (float, np.floating)) and not math.isfinite(n_resamples))
            or n_resamples != int(n_resamples) or int(n_resamples) < 10):
        raise ParameterError("n_resamples", n_resamples, "integer >= 10")
    if int(n_resamples) < MIN_RESAMPLES:
        warnings.warn(f"bootstrap of alpha: n_resamples = {int(n_resamples)} is small; the "
                      "interval endpoints carry Monte Carlo error of the order of their spread "
                      f"(use n_resamples >= {MIN_RESAMPLES}; the paper uses 10,000)",
                      NumericalWarning, stacklevel=3)
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
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = stats.bootstrap((fit.x, fit.y), _slope_stat, paired=True, vectorized=True,
                            n_resamples=0, bootstrap_result=prev, method="BCa",
                            confidence_level=1 - ci_alpha)
    return (float(r.confidence_interval.low), float(r.confidence_interval.high))



def _checked_args(fit, option: str, value, allowed: tuple[str, ...], n_resamples, ci_alpha,
                  seed) -> tuple[int, int, int]:
    """The argument checks both bootstraps share: ``fit`` a :class:`WrightFit`, ``option`` one
    of ``allowed``, the resample count, interval level and seed; returns ``(B, seed, n)``."""
    if not isinstance(fit, WrightFit):
        raise ParameterError("fit", type(fit).__name__, "a WrightFit (from fit_wright)")
    if value not in allowed:
        raise ParameterError(option, value, " or ".join(repr(a) for a in allowed))
    B = _n_resamples(n_resamples)
    _ci_alpha(ci_alpha)
    return B, _seed(seed), fit.n


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

    B, seed, n = _checked_args(fit, "method", method, ("pairs", "residual"), n_resamples,
                               ci_alpha, seed)
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

    B, seed, n = _checked_args(fit, "kind", kind, ("moving", "stationary"), n_resamples,
                               ci_alpha, seed)
    if n < 8:
        raise DomainError(f"block bootstrap: n = {n} observations; it needs at least 8 (several "
                          "blocks longer than one year) -- use bootstrap_alpha (iid pairs) and "
                          "read its intervals with care, or a longer series")
    if block_length is None:
        if _exact_fit(fit.resid, fit.y):
            raise DomainError("block bootstrap: all residuals are zero (an exact fit): no "
                              "dependence to choose a block length from; pass block_length")
        col = "circular" if kind == "moving" else "stationary"
        with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)  # short series: zero variances
            bl = float(optimal_block_length(fit.resid)[col].iloc[0])
        if not math.isfinite(bl):  # fall back on the n^(1/3) rate (Künsch 1989; Hall et al. 1995)
            bl = n ** (1.0 / 3.0)
            warnings.warn(f"block bootstrap: the Politis-White block length of the residuals is "
                          f"undefined (n = {n}); using the n^(1/3) rate, block_length = "
                          f"{min(max(math.ceil(bl), 1), n // 2)} (pass block_length to choose)",
                          NumericalWarning, stacklevel=2)
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
