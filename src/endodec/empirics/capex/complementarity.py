"""Strategic complementarity regressions (seed 001 §5.5): own capex on lagged rival capex
(levels) or own growth on rival growth, pooled or with firm effects, with unadjusted, robust or
firm-clustered standard errors; and the Herfindahl index of the regression sample."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from endodec.empirics.capex.table11 import AUTHOR_REGRESSION_FIRMS, firm_panel
from endodec.errors import DataError, ParameterError
from endodec.results import EstimatesMixin, ResultBase

__all__ = ["COVS", "EFFECTS", "ComplementarityResult", "complementarity",
           "complementarity_sample", "hhi_by_year"]


# ----------------------------------------------------------------------------- regressions

@dataclass(repr=False)
class ComplementarityResult(EstimatesMixin, ResultBase):
    """Own capex on lagged rival capex (levels) or own growth on rival growth.

    Attributes
    ----------
    spec, effects, cov : str
    beta, se, tstat, pvalue, r2 : float
    nobs, n_firms : int
    data : DataFrame
        The regression sample (firm, year, own, rival, ...).
    backend : str
        "statsmodels" or "linearmodels".
    fit : object
        The underlying fitted result.
    df_inference : float
        Degrees of freedom of the t distribution of ``pvalue`` and :meth:`conf_int` (``inf``:
        normal). Clustered: G - 1 (Stata, fixest; Cameron, Gelbach and Miller 2008).
    cov_correction : str
        Small-sample correction of the covariance, named (clustered: ``CR1:
        G/(G-1)*(N-1)/(N-K)``, K counting the firm effects).
    n_clusters : int or None
    df_resid : float
        N - K of the dummy-variable regression.

    Notes
    -----
    statsmodels names are available as properties: ``params``, ``bse``, ``tvalues``,
    ``pvalues`` (Series indexed by the regressor), ``conf_int(alpha)``, ``nobs``,
    ``df_resid``, ``cov_type``.
    """

    spec: str
    effects: str
    cov: str
    beta: float
    se: float
    tstat: float
    pvalue: float
    r2: float
    nobs: int
    n_firms: int
    data: pd.DataFrame
    backend: str
    fit: object = None
    df_inference: float = float("inf")
    cov_correction: str = ""
    n_clusters: int | None = None
    df_resid: float = float("nan")

    _summary_title: ClassVar[str] = "Strategic complementarity"

    @property
    def regressor(self) -> str:
        return "rival_lag" if self.spec == "level" else "rival_growth"

    @property
    def params(self) -> pd.Series:
        return pd.Series({self.regressor: self.beta})

    @property
    def bse(self) -> pd.Series:
        return pd.Series({self.regressor: self.se})

    @property
    def tvalues(self) -> pd.Series:
        return pd.Series({self.regressor: self.tstat})

    @property
    def pvalues(self) -> pd.Series:
        return pd.Series({self.regressor: self.pvalue})

    @property
    def cov_type(self) -> str:
        return self.cov

    def conf_int(self, alpha: float = 0.05) -> pd.DataFrame:
        """``1 - alpha`` interval for beta from t(df_inference) (normal if infinite)."""
        from scipy import stats

        if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating)) \
                or not 0 < alpha < 1:
            raise ParameterError("alpha", alpha, "in (0, 1)")
        q = (stats.norm.ppf(1 - alpha / 2) if not np.isfinite(self.df_inference)
             else stats.t.ppf(1 - alpha / 2, self.df_inference))
        return pd.DataFrame({0: [self.beta - q * self.se], 1: [self.beta + q * self.se]},
                            index=[self.regressor])

    def _coef_table(self) -> pd.DataFrame:
        ci = self.conf_int()
        return pd.DataFrame({"coef": self.params, "std err": self.bse, "t": self.tvalues,
                             "P>|t|": self.pvalues, "[0.025": ci.iloc[:, 0],
                             "0.975]": ci.iloc[:, 1]})

    def _summary_tables(self) -> list[tuple[str, pd.DataFrame]]:
        return [(f"{self.spec}, effects={self.effects}, cov={self.cov}", self._coef_table())]

    def _dict_fields(self) -> dict:
        return self.record()

    def record(self) -> dict:
        """The result as one table row of raw values (``spec`` ... ``df_inference``; NaN and
        ``inf`` kept as floats), for building tables; :meth:`to_dict` is its strict-JSON form."""
        return {k: getattr(self, k) for k in ("spec", "effects", "cov", "beta", "se", "tstat",
                                              "pvalue", "r2", "nobs", "n_firms", "backend",
                                              "cov_correction", "n_clusters", "df_inference")}

    def _summary_text(self) -> str:
        y, xv = (("own capex", "rival capex (t-1)") if self.spec == "level"
                 else ("own capex growth", "rival capex growth"))
        return (f"Strategic complementarity ({self.spec}): {y} ~ {xv}; effects={self.effects}, "
                f"cov={self.cov} [{self.backend}]\n"
                f"  beta = {self.beta:.4f}  SE = {self.se:.4f}  t = {self.tstat:.3f}  "
                f"p = {self.pvalue:.4g}  R2 = {self.r2:.4f}  n = {self.nobs} ({self.n_firms} firms)"
                + (f"\n  SE correction {self.cov_correction}" if self.cov_correction else "")
                + ("" if not np.isfinite(self.df_inference)
                   else f"; p-value from t({self.df_inference:g})"))


def complementarity_sample(panel: pd.DataFrame, firms=AUTHOR_REGRESSION_FIRMS) -> pd.DataFrame:
    """Firm-year sample of the author's regressions: own capex, rival capex (sum of the other
    firms in ``firms`` the same year), their lags and growth rates; rows with a lag only."""
    if "capex" not in panel.columns:
        panel = firm_panel(panel)
    d = panel[panel["company"].isin(firms)].copy()
    tot = d.groupby("year")["capex"].transform("sum")
    d["own"] = d["capex"]
    d["rival"] = tot - d["capex"]
    d = d.sort_values(["company", "year"])
    d["own_lag"] = d.groupby("company")["own"].shift(1)
    d["rival_lag"] = d.groupby("company")["rival"].shift(1)
    # consecutive years only
    d["gap"] = d.groupby("company")["year"].diff()
    d = d.dropna(subset=["own_lag", "rival_lag"])
    if (d["gap"] != 1).any():
        raise DataError("complementarity regressions need consecutive annual data per firm "
                        "(the printed tables have only every other year; use the author's "
                        "hyperscaler_capex.csv)")
    d["own_growth"] = d["own"] / d["own_lag"] - 1
    d["rival_growth"] = d["rival"] / d["rival_lag"] - 1
    return d.rename(columns={"company": "firm"}).reset_index(drop=True)[
        ["firm", "year", "own", "rival", "own_lag", "rival_lag", "own_growth", "rival_growth"]]


COVS = ("unadjusted", "robust", "clustered")
EFFECTS = ("none", "firm")


def complementarity(panel: pd.DataFrame, spec: str = "level", effects: str = "none",
                    cov: str = "unadjusted", firms=AUTHOR_REGRESSION_FIRMS,
                    backend: str = "auto") -> ComplementarityResult:
    r"""Strategic-complementarity regression (seed 001 §5.5.1).

    ``spec="level"``: :math:`I_{it} = c + \beta R_{i,t-1} + \varepsilon_{it}` (own capex on lagged
    rival capex; paper: :math:`\hat\beta = 0.40`, t = 4.48, R² = 0.44);
    ``spec="growth"``: :math:`g^{I}_{it} = c + \beta g^{R}_{it} + \varepsilon_{it}`.
    The author's specification is pooled OLS with classical SEs, ``effects="none"``,
    ``cov="unadjusted"`` over Microsoft, Alphabet, Amazon, Meta.

    Parameters
    ----------
    panel : DataFrame
        Firm-year capex (consecutive years needed).
    spec : {"level", "growth"}
    effects : {"none", "firm"}
        Firm fixed effects (within estimator, linearmodels ``PanelOLS(entity_effects=True)``).
    cov : {"unadjusted", "robust", "clustered"}
        Classical, heteroskedasticity-robust (HC1 in statsmodels), or clustered by firm (few
        clusters: 4): CR1 = G/(G-1)·(N-1)/(N-K) with K counting the firm effects and t(G-1)
        p-values, as Stata, fixest and ``sandwich::vcovCL(type="HC1")`` with
        ``lmtest::coeftest(df=G-1)`` (both backends; tested against R to 1e-8). With 4 clusters
        the t(3) reference is what keeps the test near its size (Cameron, Gelbach and Miller
        2008); treat it as approximate.
    backend : {"auto", "statsmodels", "linearmodels"}
        "auto": statsmodels for pooled, linearmodels for firm effects.

    Returns
    -------
    ComplementarityResult
    """
    if spec not in ("level", "growth"):
        raise ParameterError("spec", spec, "'level' or 'growth'")
    if effects not in EFFECTS:
        raise ParameterError("effects", effects, f"one of {EFFECTS}")
    if cov not in COVS:
        raise ParameterError("cov", cov, f"one of {COVS}")
    if backend not in ("auto", "statsmodels", "linearmodels"):
        raise ParameterError("backend", backend, "'auto', 'statsmodels' or 'linearmodels'")
    d = complementarity_sample(panel, firms)
    y, x = ("own", "rival_lag") if spec == "level" else ("own_growth", "rival_growth")
    if backend == "auto":
        backend = "statsmodels" if effects == "none" else "linearmodels"
    from endodec.errors import DomainError

    if cov == "clustered" and d["firm"].nunique() < 2:
        raise DataError(f"clustered SE: {d['firm'].nunique()} firm(s); a cluster-robust "
                        "covariance needs at least 2 clusters (G/(G-1) is undefined) -- use "
                        "cov='robust' or more firms")
    full = np.column_stack([np.ones(len(d)), d[x].to_numpy(float)]
                           + ([pd.get_dummies(d["firm"], drop_first=True, dtype=float).to_numpy()]
                              if effects == "firm" else []))
    if len(d) <= full.shape[1] or np.linalg.matrix_rank(full) < full.shape[1]:
        raise DomainError(f"complementarity ({spec}, effects={effects}): the design "
                          f"({len(d)} firm-years, {full.shape[1]} columns) is singular or has no "
                          f"residual degrees of freedom: {x} is constant or collinear with the "
                          "firm effects; use more firms/years or effects='none'")
    if backend == "statsmodels":
        import statsmodels.api as sm

        X = sm.add_constant(d[[x]])
        if effects == "firm":
            X = pd.concat([X, pd.get_dummies(d["firm"], drop_first=True, dtype=float)], axis=1)
        model = sm.OLS(d[y], X)
        if cov == "unadjusted":
            fit = model.fit()
        elif cov == "robust":
            fit = model.fit(cov_type="HC1")
        else:
            codes = pd.factorize(d["firm"])[0]
            if codes.max() + 1 < 2:
                raise DataError(f"clustered SE: {codes.max() + 1} firm(s); a cluster-robust "
                                "covariance needs at least 2 clusters -- use cov='robust' or "
                                "more firms")
            # CR1 and t(G-1) inference (df_resid_inference = G - 1)
            fit = model.fit(cov_type="cluster", cov_kwds={"groups": codes}, use_t=True)
        beta, se, t, p, r2 = (float(fit.params[x]), float(fit.bse[x]), float(fit.tvalues[x]),
                              float(fit.pvalues[x]), float(fit.rsquared))
        dfi = (float(fit.df_resid_inference) if cov == "clustered"
               else float(fit.df_resid) if fit.use_t else float("inf"))
        df_resid = float(fit.df_resid)
    else:
        from linearmodels.panel import PanelOLS

        pdf = d.set_index(["firm", "year"])
        exog = pdf[[x]].assign(const=1.0)
        model = PanelOLS(pdf[y], exog, entity_effects=(effects == "firm"))
        kw = {"cov_type": cov}
        if cov == "clustered":
            kw["cluster_entity"] = True
        fit = model.fit(**kw)
        beta, se, t, p = (float(fit.params[x]), float(fit.std_errors[x]), float(fit.tstats[x]),
                          float(fit.pvalues[x]))
        r2 = float(fit.rsquared_within if effects == "firm" else fit.rsquared)
        Xm = np.asarray(model.exog.values2d, dtype=float)
        firm = pdf.index.get_level_values(0).astype(str)
        if effects == "firm":
            D = pd.get_dummies(firm, dtype=float).to_numpy()
            Xt = Xm - D @ np.linalg.lstsq(D, Xm, rcond=None)[0]
            k_full = Xm.shape[1] + np.linalg.matrix_rank(D) - 1  # const absorbed by the effects
            Xt = Xt[:, [i for i, c in enumerate(model.exog.vars) if c != "const"]]
            cols = [c for c in model.exog.vars if c != "const"]
        else:
            Xt, k_full, cols = Xm, Xm.shape[1], list(model.exog.vars)
        df_resid = float(len(d) - k_full)
        dfi = float("inf")  # PanelOLS (debiased=False): normal p-values
        if cov == "clustered":
            from scipy import stats

            from endodec.empirics.export_controls import cluster_cr1

            # PanelOLS's clustered covariance omits G/(G-1): CR1 from its residuals instead
            V, G = cluster_cr1(Xt, np.asarray(fit.resids, dtype=float), firm, k_full)
            se = float(np.sqrt(V[cols.index(x), cols.index(x)]))
            t = beta / se
            dfi = float(G - 1)
            p = float(2 * stats.t.sf(abs(t), dfi))
    if not se > 0:
        raise DomainError(f"complementarity ({spec}, effects={effects}, cov={cov}): the "
                          "residuals are all zero (an exact fit), so the SE is 0 and t is "
                          "undefined; inference needs data with residual variation")
    n_firms = int(d["firm"].nunique())
    corr = {"unadjusted": "classical: s² (X'X)^-1, s² = SSR/(N-K)",
            "robust": "HC1: N/(N-K)" if backend == "statsmodels" else
            "linearmodels 'robust' (HC0-type)",
            "clustered": "CR1: G/(G-1)*(N-1)/(N-K)"}[cov]
    return ComplementarityResult(spec, effects, cov, beta, se, t, p, r2, int(len(d)),
                                 n_firms, d, backend, fit, df_inference=dfi,
                                 cov_correction=corr,
                                 n_clusters=n_firms if cov == "clustered" else None,
                                 df_resid=df_resid)


def hhi_by_year(panel: pd.DataFrame, firms=AUTHOR_REGRESSION_FIRMS) -> pd.DataFrame:
    """Herfindahl index of capex shares among ``firms`` by year (author's concentration table)."""
    if "capex" not in panel.columns:
        panel = firm_panel(panel)
    d = panel[panel["company"].isin(firms)]
    g = d.groupby("year")["capex"]
    tot = g.transform("sum")
    hhi = (d["capex"] / tot) ** 2
    out = pd.DataFrame({"hhi": hhi.groupby(d["year"]).sum(), "n_firms": g.size(),
                        "total": g.sum()}).reset_index()
    return out
