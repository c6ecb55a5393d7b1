"""Results of the export-control estimators: one regression (:class:`RegressionResult`), the
wild cluster bootstrap test (:class:`WildBootstrapResult`) and the event study
(:class:`EventStudyResult`), all on the result protocol of :mod:`endodec.results`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from endodec.errors import ParameterError
from endodec.results import ResultBase

__all__ = ["RegressionResult", "WildBootstrapResult", "EventStudyResult"]


def _interval(params: pd.Series, bse: pd.Series, df: float, alpha: float) -> pd.DataFrame:
    """``params ± q * bse`` with ``q`` the t(df) quantile (normal for infinite ``df``); columns
    ``0`` (lower) and ``1`` (upper), as statsmodels."""
    from scipy import stats

    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating)) \
            or not 0 < alpha < 1:
        raise ParameterError("alpha", alpha, "in (0, 1)")
    q = (stats.norm.ppf(1 - alpha / 2) if not np.isfinite(df)
         else stats.t.ppf(1 - alpha / 2, df))
    return pd.DataFrame({0: params - q * bse, 1: params + q * bse})


def _coef_table(params: pd.Series, bse: pd.Series, pvalues: pd.Series,
                ci: pd.DataFrame) -> pd.DataFrame:
    """Coefficient table in statsmodels' layout (the summary's HTML / LaTeX table)."""
    return pd.DataFrame({"coef": params, "std err": bse, "t": params / bse, "P>|t|": pvalues,
                         "[0.025": ci[0], "0.975]": ci[1]})



@dataclass(repr=False)
class RegressionResult(ResultBase):
    """One regression: coefficient tables as Series and the fitted model.

    The attribute names follow statsmodels' ``RegressionResults`` (``params``, ``bse``,
    ``tvalues``, ``pvalues``, ``conf_int``, ``nobs``, ``df_resid``, ``cov_type``); ``delta``,
    ``se`` and ``p`` are the coefficient of interest's entries. On the result protocol of
    :mod:`endodec.results`: ``to_dict()`` leaves out ``fit``; ``to_frame()`` is the one-row
    table of :meth:`row` (the layout of :func:`results_frame`).

    Attributes
    ----------
    name, outcome, coef : str
        Specification label, dependent variable, coefficient of interest.
    params, bse, pvalues : pandas.Series
    nobs : int
    rsquared : float
        R² of the OLS with dummies (the author's convention; PanelOLS: overall R² of the
        dummy-variable fit as well, ``rsquared_within`` in ``extra``).
    cov_type : str
    engine : str
        ``statsmodels`` or ``linearmodels``.
    extra : dict
    fit : object
        The statsmodels / linearmodels result.
    df_inference : float
        Degrees of freedom of the t distribution behind ``pvalues`` and :meth:`conf_int`
        (``inf``: standard normal). Clustered inference uses ``G - 1`` (Stata, fixest,
        pyfixest; Cameron, Gelbach and Miller 2008); HC SEs use the normal as statsmodels does
        (the author's log); classical SEs use ``df_resid``.
    cov_correction : str
        The small-sample correction of the covariance, named (e.g. ``"CR1: G/(G-1)*(N-1)/(N-K)"``
        for clustered SEs, ``"HC1: N/(N-K)"``).
    n_clusters : int or None
        Number of clusters G of a clustered covariance.
    df_resid : float
        N - K of the dummy-variable regression (K counts absorbed effects).
    """

    name: str
    outcome: str
    coef: str
    params: pd.Series
    bse: pd.Series
    pvalues: pd.Series
    nobs: int
    rsquared: float
    cov_type: str
    engine: str = "statsmodels"
    extra: dict = field(default_factory=dict)
    fit: Any = None
    df_inference: float = float("inf")
    cov_correction: str = ""
    n_clusters: int | None = None
    df_resid: float = float("nan")

    _summary_title = "Export-control regression"
    _dict_exclude = ("fit",)

    @property
    def delta(self) -> float:
        """Estimate of the coefficient of interest ``coef``."""
        return float(self.params[self.coef])

    @property
    def se(self) -> float:
        """Standard error of ``coef``."""
        return float(self.bse[self.coef])

    @property
    def p(self) -> float:
        """p-value of ``coef`` (H0: coefficient = 0)."""
        return float(self.pvalues[self.coef])

    @property
    def tvalues(self) -> pd.Series:
        """``params / bse``."""
        return self.params / self.bse

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Two-sided ``1 - alpha`` intervals ``params ± q * bse`` with ``q`` the t(df_inference)
        quantile (normal when ``df_inference`` is infinite), the distribution of ``pvalues``.
        Columns ``0`` (lower) and ``1`` (upper), as statsmodels."""
        return _interval(self.params, self.bse, self.df_inference, alpha)

    def row(self) -> dict:
        """The regression as one row of :func:`results_frame` (estimate, SE, p of ``coef``)."""
        return {"specification": self.name, "outcome": self.outcome, "coef": self.coef,
                "estimate": self.delta, "se": self.se, "p_value": self.p, "n": self.nobs,
                "r2": self.rsquared, "cov_type": self.cov_type, "engine": self.engine,
                "cov_correction": self.cov_correction, "n_clusters": self.n_clusters,
                "df_inference": self.df_inference}

    def _dict_fields(self) -> dict[str, Any]:
        out = {"name": self.name, "outcome": self.outcome, "coef": self.coef,
               "delta": self.delta, "se": self.se, "p": self.p}
        out.update({k: v for k, v in super()._dict_fields().items() if k not in out})
        return out

    def _frame(self) -> pd.DataFrame:
        return pd.DataFrame([self.row()])

    def _shown_terms(self) -> list:
        """The coefficients the summary shows (fixed effects left out)."""
        return [k for k in self.params.index
                if not str(k).startswith(("C(", "author", "quarter"))]

    def _summary_tables(self) -> list[tuple[str, Any]]:
        keep = self._shown_terms()
        coefs = _coef_table(self.params, self.bse, self.pvalues, self.conf_int()).loc[keep]
        stats = pd.DataFrame({"value": [self.nobs, self.rsquared, self.cov_type,
                                        self.cov_correction, self.n_clusters, self.engine]},
                             index=["N", "R²", "SE", "correction", "clusters", "engine"])
        return [(f"{self.name}: {self.outcome}", coefs), ("", stats)]

    def _summary_text(self) -> str:
        keep = self._shown_terms()
        dist = ("normal" if not np.isfinite(self.df_inference)
                else f"t({self.df_inference:g})")
        corr = f"; {self.cov_correction}" if self.cov_correction else ""
        ncl = f", G = {self.n_clusters}" if self.n_clusters else ""
        lines = [f"{self.name}: {self.outcome}  (N = {self.nobs}, R² = {self.rsquared:.4f}, "
                 f"SE: {self.cov_type}{corr}{ncl}; p-values {dist}, {self.engine})"]
        for k in keep:
            star = "*" * sum(self.pvalues[k] < a for a in (0.1, 0.05, 0.01))
            lines.append(f"  {k:<24s} {self.params[k]:+.4f}  (SE {self.bse[k]:.4f})  "
                         f"p = {self.pvalues[k]:.4f} {star}")
        return "\n".join(lines)


@dataclass(repr=False)
class WildBootstrapResult(ResultBase):
    """Wild cluster restricted (WCR) bootstrap-t test of one coefficient.

    Attributes
    ----------
    coef : str
    estimate, t_stat : float
        Estimate and its CR1 cluster-robust t statistic.
    p_value : float
        Symmetric bootstrap p-value P(|t*| >= |t|) under H0: coefficient = 0.
    n_boot, n_clusters : int
    weights : str
    """

    coef: str
    estimate: float
    t_stat: float
    p_value: float
    n_boot: int
    n_clusters: int
    weights: str
    p_value_strict: float = float("nan")
    full_enumeration: bool = False

    _summary_title = "Wild cluster bootstrap"

    def _summary_text(self) -> str:
        how = "all 2^G sign vectors" if self.full_enumeration else f"B = {self.n_boot}"
        return (f"wild cluster bootstrap ({self.weights}, WCR, {how}, G = {self.n_clusters}): "
                f"{self.coef} = {self.estimate:+.4f}, t = {self.t_stat:.3f}, "
                f"p = {self.p_value:.4f} (ties counted; {self.p_value_strict:.4f} without)")


@dataclass(repr=False)
class EventStudyResult(ResultBase):
    """Event-study coefficients (Constrained × quarter, reference quarter omitted) and the joint
    pre-trend test.

    statsmodels' names: ``params``, ``bse``, ``pvalues``, ``tvalues`` (indexed by quarter, the
    reference quarter left out) and ``conf_int(alpha)`` are the event-time coefficients;
    ``to_frame()`` is :attr:`table`.

    Attributes
    ----------
    table : pandas.DataFrame
        ``quarter, coef, se, p_value, period`` (``pre`` / ``post``; reference row has 0, 0, 1).
    pretrend_stat, pretrend_p, pretrend_df : float, float, int
        Wald F test that all pre-treatment coefficients (other than the reference) are zero.
    n_sig_pre : int
        Pre-treatment coefficients significant at ``alpha``.
    df_inference : float
        Degrees of freedom of the t distribution behind the p-values and :meth:`conf_int`
        (``inf``: standard normal), as :attr:`RegressionResult.df_inference`.
    """

    table: pd.DataFrame
    pretrend_stat: float
    pretrend_p: float
    pretrend_df: int
    n_sig_pre: int
    ref: str
    cov_type: str
    nobs: int
    alpha: float = 0.05
    fit: Any = None
    df_inference: float = float("inf")

    _summary_title = "Event study"
    _dict_exclude = ("fit",)

    @property
    def parallel_trends_supported(self) -> bool:
        """The author's criterion: no individually significant pre-treatment coefficient."""
        return self.n_sig_pre == 0

    def _estimated(self) -> pd.DataFrame:
        return self.table[self.table["quarter"] != self.ref].set_index("quarter")

    @property
    def params(self) -> pd.Series:
        """The event-time coefficients γ_q by quarter (reference quarter left out)."""
        return self._estimated()["coef"].astype(float).rename(None)

    @property
    def bse(self) -> pd.Series:
        """Standard errors of :attr:`params`."""
        return self._estimated()["se"].astype(float).rename(None)

    @property
    def pvalues(self) -> pd.Series:
        """p-values of :attr:`params` (H0: γ_q = 0)."""
        return self._estimated()["p_value"].astype(float).rename(None)

    @property
    def tvalues(self) -> pd.Series:
        """``params / bse``."""
        return self.params / self.bse

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """Two-sided ``1 - alpha`` intervals of :attr:`params` (t(df_inference), normal when
        infinite); columns ``0`` (lower) and ``1`` (upper), as statsmodels."""
        return _interval(self.params, self.bse, self.df_inference, alpha)

    def _dict_fields(self) -> dict[str, Any]:
        out = super()._dict_fields()
        out["parallel_trends_supported"] = self.parallel_trends_supported
        return out

    def _frame(self) -> pd.DataFrame:
        return self.table.copy()

    def _summary_tables(self) -> list[tuple[str, Any]]:
        coefs = _coef_table(self.params, self.bse, self.pvalues, self.conf_int())
        test = pd.DataFrame({"value": [self.pretrend_df, self.pretrend_stat, self.pretrend_p,
                                       self.n_sig_pre]},
                            index=["df", "F", "p", "significant pre coefficients"])
        return [(f"event-time coefficients (ref = {self.ref}, SE {self.cov_type}, "
                 f"N = {self.nobs})", coefs), ("joint pre-trend test", test)]

    def _summary_text(self) -> str:
        lines = [f"Event study (ref = {self.ref}, SE {self.cov_type}, N = {self.nobs})",
                 f"{'quarter':>8} {'coef':>9} {'SE':>8} {'p':>7}  period"]
        for r in self.table.itertuples():
            lines.append(f"{r.quarter:>8} {r.coef:+9.4f} {r.se:8.4f} {r.p_value:7.4f}  {r.period}")
        lines.append(f"joint pre-trend test: F({self.pretrend_df}) = {self.pretrend_stat:.3f}, "
                     f"p = {self.pretrend_p:.4f}; significant pre coefficients: {self.n_sig_pre}")
        return "\n".join(lines)
