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

Layout: :mod:`~endodec.empirics.learning_curves.ols` (the fit, :class:`WrightFit`),
:mod:`~endodec.empirics.learning_curves.hac` (Durbin-Watson, Breusch-Godfrey, Newey-West),
:mod:`~endodec.empirics.learning_curves.diagnostics` (serial-correlation table, sub-sample
fits), :mod:`~endodec.empirics.learning_curves.bootstrap` (:class:`BootstrapResult`),
:mod:`~endodec.empirics.learning_curves.report` (:class:`LearningFitReport`, a fit with its
analyses).

Examples
--------
>>> import numpy as np
>>> q = np.array([1.0, 2, 4, 8, 16])
>>> fit = fit_wright(100 * q**-0.3, q)
>>> round(fit.alpha, 6)
0.3
"""

from endodec.empirics.learning_curves.bootstrap import (
    BootstrapResult,
    block_bootstrap_alpha,
    bootstrap_alpha,
)
from endodec.empirics.learning_curves.diagnostics import (
    leave_one_out,
    recursive_fits,
    rolling_fits,
    serial_correlation,
    subperiod_fits,
)
from endodec.empirics.learning_curves.hac import nw_lags
from endodec.empirics.learning_curves.ols import (
    WrightFit,
    fit_frame,
    fit_wright,
    learning_rate,
    progress_ratio,
)
from endodec.empirics.learning_curves.report import LearningFitReport

__all__ = [
    "WrightFit",
    "BootstrapResult",
    "LearningFitReport",
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
