"""Bai-Perron multiple structural breaks in a linear regression.

Pure structural change model (every coefficient shifts at each break; Bai and Perron 1998, 2003):

    y_t = x_t' beta_j + u_t,    t = T_{j-1}+1, ..., T_j,   j = 1, ..., m+1.

Used by seed 001 Appendix D (Table 14) on the DRAM die learning curve
``ln(price) = ln c0 - alpha ln(Q)``.

Date convention
---------------
A break date ``T_j`` is the **last observation of the old regime** (regime j ends at ``T_j``,
regime j+1 starts at ``T_j + 1``), as printed by Bai and Perron (1998, 2003), R ``strucchange``
and R ``mbreaks`` (Nile: 1898). :attr:`BreakResult.breaks` holds these 0-based indices,
:meth:`BreakResult.break_labels` and the ``breaks`` column of the table their labels;
:meth:`BreakResult.regime_starts` gives the first label of each new regime.

Layout
------
:mod:`~endodec.empirics.breaks.partition` (segment SSRs, the dynamic programme, trimming),
:mod:`~endodec.empirics.breaks.covariance` (HAC long-run covariance),
:mod:`~endodec.empirics.breaks.supf` (the F statistics, sequential estimation),
:mod:`~endodec.empirics.breaks.critical` (critical values, WDmax, sequential choice),
:mod:`~endodec.empirics.breaks.confint` (Bai 1997 argmax distribution),
:mod:`~endodec.empirics.breaks.api` (:func:`bai_perron`, :class:`BreakResult`).

What this package computes
--------------------------
- **Global minimisation of the sum of squared residuals** for every number of breaks m = 0..M by
  dynamic programming over the triangular matrix of segment SSRs (Bai-Perron 2003 §3), with a
  minimum segment length ``h`` (trimming ``eps = h/T``). The segment SSRs come from prefix sums of
  ``x x'``, ``x y`` and ``y²`` (one batched solve for all segments), so the DP is O(T²).
- **sup-F(k)** (BP 1998 §5.1; BP 2003 §4.1): the Wald statistic of H0 "no break" against k breaks
  at the SSR-minimising k-break dates,
  ``F(k) = (T - (k+1)q)/(T k) * δ'R'(R V(δ) R')⁻¹ R δ`` (the scale of the BP 2003 tables, of
  ``strucchange::sctest(Fstats(...))`` and of ``mbreaks::dotest``; *not* divided by q, which is
  reported as ``supF_over_q``). With classical errors ``F(k) = (T-(k+1)q)/k (SSR_0-SSR_k)/SSR_k``.
- **sup-F(l+1|l)** (BP 1998 §5.3 Eq. (4.2); BP 2003 §4.3): for the global l-break partition, in each
  of its l+1 regimes that is at least 2h long, the one-break test computed *within* that regime
  (the break at the regime's SSR-minimising date, trimmed by ``h``, the F statistic above with k=1
  on the regime's observations only); ``F(l+1|l)`` is the largest of these l+1 statistics.
  ``F(1|0) = F(1)``. NaN when no regime is 2h long (``mbreaks`` prints 0 then).
- **UDmax** = max_{k<=M} F(k) and **WDmax** = max_k (c(q,α,1)/c(q,α,k)) F(k) at the level α of
  ``level`` (BP 1998 §5.2; ``mbreaks`` caps UDmax at k <= 5).
- **Error structures** (BP 2003 §4.1, §5 and the options of the GAUSS code / ``mbreaks``):
  ``robust`` (HAC covariance: quadratic spectral kernel, Andrews 1991 automatic AR(1) bandwidth,
  optional AR(1) ``prewhit``ening, Andrews and Monahan 1992), ``hetvar`` (regime-specific error
  variances), ``hetdat`` (regime-specific regressor moments ``Z_j'Z_j``; ``hetdat=False`` uses
  ``(n_j/T) Z'Z``). Defaults are the classical case (``robust=False, hetdat=True, hetvar=False``),
  kept for the claims ledger; ``mbreaks``' defaults are ``robust=True, prewhit=True, hetdat=True,
  hetvar=True``.
- **Critical values**: (a) ``"asymptotic"``: seeded Monte Carlo of the limiting distributions.
  sup-F(1) and sup-F(l+1|l): ``sup_{eps<=s<=1-eps} ||B_q(s)||²/(s(1-s))`` with B_q a
  q-dimensional Brownian bridge on a 1,000-point grid, and for F(l+1|l) the quantile of the
  maximum of l+1 independent copies (BP 1998 Prop. 9; the tables of BP 2003 use the same eps in
  each regime). sup-F(k), UDmax and WDmax: the sup-F(k) statistics of a stationary design
  (``[1, N(0,1)...]``) with iid normal errors on a grid of ``grid`` points (BP 1998 §5.1 limit),
  so ratios c(1)/c(k) share the discretisation. Published tables (BP 2003, as in ``mbreaks``) are
  not transcribed: the tests compare the simulated values with them (about ±5%).
  (b) ``"finite"``: a parametric Monte Carlo of the classical statistics under H0 *conditional on
  the observed regressors* (normal errors), for small T and trending regressors such as
  ln(cumulative output). Not available with the robust options.
- **Selection**: sequential (BP 2003 §4.3: starting at l = 0, add a break while
  sup-F(l+1|l) at the global l-break dates rejects at ``level``), BIC (strucchange's definition,
  ``df = (k+1)(m+1)``), Bai-Perron's BIC (Yao 1988), LWZ (Liu, Wu and Zidek 1997) and KT
  (Kurozumi and Tuvaandorj 2011, ``mbreaks``' default), and ``sequential_estimated``: breaks
  estimated one at a time (Bai 1997b; BP 1998 §6; ``mbreaks::dosequa``,
  :func:`sequential_estimation`), dates in ``extra["sequential_estimated_breaks"]``.
- **Break-date confidence intervals** (Bai 1997) with regime-specific regressor moments and error
  variances, a port of R ``strucchange::confint.breakpointsfull`` (defaults het.reg, het.err),
  or ``method="bai-perron"``: the intervals of Bai-Perron's code / ``mbreaks::interval``
  (``hetq``/``hetomega`` = ``het_reg``/``het_err``, HAC with ``robust``, ``prewhit``).

References
----------
Andrews, D. W. K. (1991). Heteroskedasticity and autocorrelation consistent covariance matrix
estimation. *Econometrica* 59, 817-858.
Andrews, D. W. K. and J. C. Monahan (1992). An improved heteroskedasticity and autocorrelation
consistent covariance matrix estimator. *Econometrica* 60, 953-966.
Bai, J. (1997). Estimation of a change point in multiple regression models. *Review of Economics
and Statistics* 79, 551-563.
Bai, J. (1997b). Estimating multiple breaks one at a time. *Econometric Theory* 13, 315-352.
Bai, J. and P. Perron (1998). Estimating and testing linear models with multiple structural
changes. *Econometrica* 66, 47-78.
Bai, J. and P. Perron (2003). Computation and analysis of multiple structural change models.
*Journal of Applied Econometrics* 18, 1-22.
Kurozumi, E. and P. Tuvaandorj (2011). Model selection criteria in multivariate models with
multiple structural changes. *Journal of Econometrics* 164, 218-238.
Liu, J., S. Wu and J. V. Zidek (1997). On segmented multivariate regression. *Statistica Sinica*
7, 497-525.

Tested against R ``strucchange::breakpoints`` (tests/fixtures/strucchange), R ``mbreaks`` 1.0.1
(tests/fixtures/mbreaks: SSRs, dates, sup-F(k), sup-F(l+1|l), UDmax, WDmax, selections, every
error-structure option) and, for the break dates of piecewise-constant means, ``ruptures.Dynp``.
"""

from __future__ import annotations

from endodec.empirics.breaks.api import BreakResult, bai_perron
from endodec.empirics.breaks.confint import BAI97_ARGMAX_QUANTILES
from endodec.empirics.breaks.covariance import long_run_covariance
from endodec.empirics.breaks.critical import (
    sequential_choice,
    supf_critical_values,
    supfk_critical_values,
    wdmax,
)
from endodec.empirics.breaks.partition import segment_ssr
from endodec.empirics.breaks.supf import sequential_estimation

__all__ = [
    "segment_ssr",
    "BreakResult",
    "bai_perron",
    "supf_critical_values",
    "supfk_critical_values",
    "wdmax",
    "sequential_choice",
    "sequential_estimation",
    "long_run_covariance",
    "BAI97_ARGMAX_QUANTILES",
]
