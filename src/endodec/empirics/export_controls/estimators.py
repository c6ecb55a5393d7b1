"""Estimators of the export-control study (seed 001 §5.1.5): the difference-in-differences
(baseline, firm FE, two-way FE; statsmodels OLS with dummies or linearmodels ``PanelOLS``), the
event study with its joint pre-trend test, the post-treatment cross-section and trend
specifications (A1, B1, B2, C2 and C3, the paper's download-trend specification), the
model-level linear probability model (C1), the multi-round DID (§5.1.4), the twelve
specifications of the author's log (:func:`run_all`), and the clustered (CR1) covariance.

The DID equation: EdgeShare_{f,t} = α + β1 Post_t + β2 Constrained_f
+ δ(Post_t × Constrained_f) + ε_{f,t}.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from endodec.empirics.export_controls.design import TIGHTENING_DATES, TREATMENT_DATE
from endodec.empirics.export_controls.results import EventStudyResult, RegressionResult
from endodec.errors import DataError, DomainError, NumericalError, ParameterError

__all__ = [
    "CR1", "cluster_cr1", "estimate_did", "event_study", "post_cross_section", "post_trend",
    "model_lpm", "multi_round_did", "not_estimable", "run_all", "results_frame",
]

# ----------------------------------------------------------------------------- covariance
CR1 = "CR1: G/(G-1)*(N-1)/(N-K)"
"""Name of the default cluster-robust small-sample correction (Stata, fixest, sandwich::vcovCL
with ``type = "HC1"``)."""
_CORRECTION = {"nonrobust": "classical: s² (X'X)^-1, s² = SSR/(N-K)", "HC0": "HC0: none",
               "HC1": "HC1: N/(N-K)", "HC2": "HC2: 1/(1-h_ii)", "HC3": "HC3: 1/(1-h_ii)²",
               "cluster": CR1}


def cluster_cr1(Xt: np.ndarray, u: np.ndarray, groups, k_full: int) -> tuple[np.ndarray, int]:
    """CR1 cluster-robust covariance of an OLS fit (Liang and Zeger 1986; Cameron, Gelbach and
    Miller 2008, eq. (2) with the Stata/fixest small-sample factor).

    ``V = c (X'X)^-1 (sum_g X_g' u_g u_g' X_g) (X'X)^-1``, ``c = G/(G-1) * (N-1)/(N-K)``: the
    covariance of ``sandwich::vcovCL(type = "HC1")``, Stata's ``vce(cluster)`` and statsmodels'
    ``cov_type="cluster"``. For a fit with absorbed fixed effects pass the within-transformed
    regressors ``Xt`` (by Frisch-Waugh-Lovell the block of the dummy-variable sandwich for
    these regressors is the within sandwich) and ``k_full`` = the number of columns of the
    dummy-variable regression, as R's ``lm`` with ``factor()`` dummies counts them.

    Parameters
    ----------
    Xt : (N, k) array
        Regressors (within-transformed when effects are absorbed).
    u : (N,) array
        OLS residuals.
    groups : array_like of length N
        Cluster labels.
    k_full : int
        K in ``(N-1)/(N-K)``.

    Returns
    -------
    (V, G) : (k, k) ndarray and the number of clusters.

    Raises
    ------
    DataError
        Fewer than 2 clusters (the CR1 factor ``G/(G-1)`` is undefined and a cluster-robust
        SE needs at least two clusters; more than ~20 for the t(G-1) approximation to be good).
    NumericalError
        Singular ``X'X`` (collinear regressors) or ``N <= K``.

    References
    ----------
    Cameron, A. C., Gelbach, J. B. and Miller, D. L. (2008), "Bootstrap-based improvements for
    inference with clustered errors", *Review of Economics and Statistics* 90(3), 414-427.
    """
    Xt = np.asarray(Xt, dtype=float)
    u = np.asarray(u, dtype=float)
    codes, uniq = pd.factorize(pd.Series(np.asarray(groups)), sort=True)
    G = len(uniq)
    n = len(u)
    if G < 2:
        raise DataError(f"clustered SE: {G} cluster(s); a cluster-robust covariance needs at "
                        "least 2 clusters (G/(G-1) is undefined) -- use cov='robust' (HC1), or "
                        "data with more clusters")
    if n <= k_full:
        raise NumericalError("clustered SE", f"N = {n} <= K = {k_full}: no residual degrees "
                             "of freedom (more observations or fewer regressors)")
    XtX = Xt.T @ Xt
    if np.linalg.matrix_rank(XtX) < XtX.shape[0]:
        raise NumericalError("clustered SE", "X'X is singular: the regressors are collinear "
                             "(drop a regressor that is a combination of the others)")
    Ainv = np.linalg.inv(XtX)
    S = np.zeros((G, Xt.shape[1]))
    np.add.at(S, codes, Xt * u[:, None])
    c = G / (G - 1) * (n - 1) / (n - k_full)
    return c * Ainv @ (S.T @ S) @ Ainv, G


_COV = {"classical": "nonrobust", "nonrobust": "nonrobust", "unadjusted": "nonrobust",
        "robust": "HC1", "HC1": "HC1", "HC0": "HC0", "HC2": "HC2", "HC3": "HC3",
        "cluster": "cluster", "clustered": "cluster"}


def _cov(cov: str) -> str:
    if cov not in _COV:
        raise ParameterError("cov", cov, "classical | robust (HC1) | HC0 | HC2 | HC3 | cluster")
    return _COV[cov]


def _design(formula: str, data: pd.DataFrame) -> tuple[pd.Series, pd.DataFrame]:
    """Response and design matrix for ``"y ~ a + b + C(g)"`` (names and ``C(name)`` only), with
    an intercept and treatment-coded dummies named as patsy names them (``C(g)[T.level]``, first
    sorted level dropped). Faster than patsy for the many small fits of the robustness table."""
    lhs, rhs = (t.strip() for t in formula.split("~"))
    cols = {"Intercept": np.ones(len(data))}
    for term in (t.strip() for t in rhs.split("+")):
        m = re.fullmatch(r"C\((\w+)\)", term)
        if m:
            v = data[m.group(1)].astype(str)
            for lev in sorted(v.unique())[1:]:
                cols[f"{term}[T.{lev}]"] = (v == lev).to_numpy(dtype=float)
        else:
            cols[term] = data[term].to_numpy(dtype=float)
    X = pd.DataFrame(cols, index=data.index)
    y = data[lhs].astype(float)
    ok = y.notna() & X.notna().all(axis=1)
    return y[ok], X[ok]


def _ols(formula: str, data: pd.DataFrame, cov: str, groups: str = "author"):
    import statsmodels.api as sm

    c = _cov(cov)
    y, X = _design(formula, data)
    model = sm.OLS(y, X)
    codes = pd.factorize(data.loc[y.index, groups])[0]
    if c == "cluster":
        G = int(codes.max()) + 1 if codes.size else 0
        if G < 2:
            raise DataError(f"clustered SE: {G} cluster(s) of {groups!r}; a cluster-robust "
                            "covariance needs at least 2 clusters (G/(G-1) is undefined) -- "
                            "use cov='robust' (HC1), or data with more clusters")
        # CR1 (statsmodels' default use_correction=True: G/(G-1)*(N-1)/(N-K)) and, with
        # use_t=True, t(G-1) p-values and intervals (df_resid_inference = G - 1)
        fit = model.fit(cov_type="cluster", cov_kwds={"groups": codes}, use_t=True)
    else:
        fit = model.fit(cov_type=c)
    fit.endodec_groups = codes  # cluster ids for wild_cluster_bootstrap
    return fit, c


def _df_inference(fit, cov: str) -> float:
    """Degrees of freedom of a statsmodels fit's p-values: G - 1 clustered, N - K with
    ``use_t``, else ``inf`` (normal)."""
    if cov == "cluster":
        return float(fit.df_resid_inference)
    return float(fit.df_resid) if fit.use_t else float("inf")


def _wrap(name, outcome, coef, fit, cov, engine="statsmodels", **extra) -> RegressionResult:
    dfi = _df_inference(fit, cov)
    ncl = int(fit.df_resid_inference) + 1 if cov == "cluster" else None
    return RegressionResult(name, outcome, coef, fit.params.copy(), fit.bse.copy(),
                            fit.pvalues.copy(), int(fit.nobs), float(fit.rsquared), cov, engine,
                            extra, fit, df_inference=dfi, cov_correction=_CORRECTION.get(cov, ""),
                            n_clusters=ncl, df_resid=float(fit.df_resid))


# ----------------------------------------------------------------------------- DID
def _check_panel(panel: pd.DataFrame, outcome: str) -> None:
    if not isinstance(panel, pd.DataFrame):
        raise ParameterError("panel", type(panel).__name__, "a DataFrame (build_panel)")
    if not isinstance(outcome, str):
        raise ParameterError("outcome", outcome, "a column name of the panel")
    need = {"author", "quarter", "constrained", "post", "post_x_constrained", outcome}
    miss = need - set(panel.columns)
    if miss:
        raise DataError(f"panel lacks columns {sorted(miss)}")
    if panel.empty:
        raise DataError("panel is empty")


def _check_identified(panel: pd.DataFrame, outcome: str) -> None:
    """:class:`DomainError` unless every (constrained, post) cell has author-quarters and the
    outcome varies: otherwise Post x Constrained is collinear with the other terms (or the
    outcome is constant) and the DID estimate is an artefact of the pseudo-inverse."""
    from endodec.errors import DomainError

    y = pd.to_numeric(panel[outcome], errors="coerce")
    ok = y.notna()
    for c in (0, 1):
        for p in (0, 1):
            n = int(((panel["constrained"] == c) & (panel["post"] == p) & ok).sum())
            if n == 0:
                who = "constrained" if c else "unconstrained"
                when = "after" if p else "before"
                raise DomainError(
                    f"DID not identified: no {who} author-quarters {when} the treatment date "
                    "(Post x Constrained has no variation of its own); choose a treatment date "
                    "inside the panel's quarters and keep both groups")
    if y[ok].nunique() <= 1:
        raise DomainError(f"DID not identified: the outcome {outcome!r} is constant "
                          f"(value {float(y[ok].iloc[0]):g}) over the panel (e.g. an edge threshold that "
                          "makes every model edge-compatible)")


def _check_estimate(res: RegressionResult) -> RegressionResult:
    from endodec.errors import NumericalError

    d, se = res.params[res.coef], res.bse[res.coef]
    if not (np.isfinite(d) and np.isfinite(se) and se > 0 and np.isfinite(res.pvalues[res.coef])):
        raise NumericalError(f"{res.name}: {res.coef}",
                             f"estimate {d!r} with SE {se!r}: the design is degenerate")
    return res


_SPECS = {"baseline": "Baseline DID", "firm_fe": "Firm FE", "twfe": "Two-way FE (firm + quarter)"}


def estimate_did(panel: pd.DataFrame, outcome: str = "edge_share", spec: str = "baseline",
                 cov: str = "robust", engine: str = "statsmodels") -> RegressionResult:
    """Difference-in-differences on the author-quarter panel (seed 001 §5.1.5).

    ``baseline``: y = α + β1 Post + β2 Constrained + δ Post×Constrained + ε;
    ``firm_fe``: author effects replace Constrained; ``twfe``: author and quarter effects.

    Parameters
    ----------
    cov : {"classical", "robust", "cluster", "HC0", "HC2", "HC3"}
        ``robust`` is HC1 (reproduces the author's log; normal p-values, as statsmodels);
        ``cluster`` clusters by author with the CR1 correction G/(G-1)·(N-1)/(N-K) (K counts
        the fixed effects, as R's ``lm`` with dummies) and t(G-1) p-values and intervals, as
        Stata, fixest, pyfixest and ``lmtest::coeftest(vcovCL(type="HC1"), df=G-1)``; the
        correction is named in ``result.cov_correction`` and ``summary()``.
    engine : {"statsmodels", "linearmodels"}
        OLS with dummies, or ``linearmodels.PanelOLS`` with absorbed effects (same δ).
        Classical SEs agree between the engines; clustered SEs agree (both are CR1: for
        PanelOLS the CR1 covariance is computed by :func:`cluster_cr1` from its residuals and
        within-transformed regressors, because PanelOLS's own clustered covariance omits
        G/(G-1) by default); both equal R's ``sandwich::vcovCL(type="HC1")`` to 1e-8
        (``tests/fixtures/sandwich``). PanelOLS's ``robust`` is HC0-type with a
        degrees-of-freedom correction and differs slightly from HC1 with effects.

    Raises
    ------
    DataError
        ``cov="cluster"`` with fewer than 2 authors.

    References
    ----------
    Cameron, A. C., Gelbach, J. B. and Miller, D. L. (2008), *Review of Economics and
    Statistics* 90(3), 414-427; Cameron, A. C. and Miller, D. L. (2015), "A practitioner's guide
    to cluster-robust inference", *Journal of Human Resources* 50(2), 317-372.
    """
    _check_panel(panel, outcome)
    if spec not in _SPECS:
        raise ParameterError("spec", spec, " | ".join(_SPECS))
    if engine not in ("statsmodels", "linearmodels"):
        raise ParameterError("engine", engine, "'statsmodels' | 'linearmodels'")
    _cov(cov)
    _check_identified(panel, outcome)
    if engine == "linearmodels":
        return _check_estimate(_did_panelols(panel, outcome, spec, cov))
    rhs = {"baseline": "post + constrained + post_x_constrained",
           "firm_fe": "post + post_x_constrained + C(author)",
           "twfe": "post_x_constrained + C(author) + C(quarter)"}[spec]
    fit, c = _ols(f"{outcome} ~ {rhs}", panel, cov)
    return _check_estimate(_wrap(_SPECS[spec], outcome, "post_x_constrained", fit, c))


def _did_panelols(panel, outcome, spec, cov) -> RegressionResult:
    from linearmodels.panel import PanelOLS

    d = panel.copy()
    d["_q"] = pd.PeriodIndex(d["quarter"], freq="Q").to_timestamp()
    d = d.set_index(["author", "_q"])
    c = _cov(cov)
    if spec == "baseline":
        exog = d[["post", "constrained", "post_x_constrained"]].assign(const=1.0)
        mod = PanelOLS(d[outcome], exog)
    elif spec == "firm_fe":
        mod = PanelOLS(d[outcome], d[["post", "post_x_constrained"]], entity_effects=True)
    else:
        mod = PanelOLS(d[outcome], d[["post_x_constrained"]], entity_effects=True,
                       time_effects=True)
    if c == "cluster":
        # point estimates and residuals from PanelOLS; the CR1 covariance from them (the
        # library's own clustered covariance omits G/(G-1) by default and, with effects
        # absorbed, counts K differently from lm/Stata/fixest): see cluster_cr1
        res = mod.fit(cov_type="clustered", cluster_entity=True)
    elif c == "nonrobust":
        res = mod.fit(cov_type="unadjusted")
    else:
        res = mod.fit(cov_type="robust")
    # overall R² of the equivalent dummy-variable regression, comparable with the author's
    resid = np.asarray(res.resids)
    y = np.asarray(d[outcome], dtype=float)
    r2 = 1 - (resid @ resid) / np.sum((y - y.mean()) ** 2)
    params, bse, pvals = res.params.copy(), res.std_errors.copy(), res.pvalues.copy()
    X = np.asarray(mod.exog.values2d, dtype=float)
    ent = d.index.get_level_values(0).astype(str)
    dummies = []
    if spec in ("firm_fe", "twfe"):
        dummies.append(pd.get_dummies(ent, dtype=float).to_numpy())
    if spec == "twfe":
        dummies.append(pd.get_dummies(d.index.get_level_values(1).astype(str),
                                      dtype=float).to_numpy()[:, 1:])
    if dummies:
        D = np.column_stack(dummies)
        Xt = X - D @ np.linalg.lstsq(D, X, rcond=None)[0]
        k_full = X.shape[1] + np.linalg.matrix_rank(D)
    else:
        Xt, k_full = X, X.shape[1]
    df_resid = float(len(y) - k_full)
    extra = {"rsquared_within": float(res.rsquared_within)}
    if c == "cluster":
        from scipy import stats

        V, G = cluster_cr1(Xt, resid, ent, k_full)
        bse = pd.Series(np.sqrt(np.diag(V)), index=params.index)
        pvals = pd.Series(2 * stats.t.sf(np.abs(params / bse), G - 1), index=params.index)
        return RegressionResult(_SPECS[spec], outcome, "post_x_constrained", params, bse, pvals,
                                int(res.nobs), float(r2), "cluster", "linearmodels", extra, res,
                                df_inference=float(G - 1), cov_correction=CR1, n_clusters=G,
                                df_resid=df_resid)
    return RegressionResult(_SPECS[spec], outcome, "post_x_constrained", params, bse, pvals,
                            int(res.nobs), float(r2),
                            {"nonrobust": "classical"}.get(c, "robust"), "linearmodels", extra,
                            res, df_inference=float("inf"),  # PanelOLS (debiased=False): normal
                            cov_correction=("classical: s² (X'X)^-1, s² = SSR/(N-K)"
                                            if c == "nonrobust" else
                                            "linearmodels 'robust' (HC0-type with N/(N-K))"),
                            df_resid=df_resid)


# ----------------------------------------------------------------------------- event study
def event_study(panel: pd.DataFrame, outcome: str = "edge_share", ref: str | None = None,
                treatment_date: str = TREATMENT_DATE, cov: str = "robust",
                alpha: float = 0.05) -> EventStudyResult:
    """Event study: y = Σ_q γ_q (Constrained × 1[quarter = q]) + author FE + quarter FE, q ≠ ref.

    ``ref`` defaults to the last pre-treatment quarter (2022Q3 for 2022-10-07). The pre-trend
    test is a joint Wald F test of the pre-treatment γ_q.

    Parameters
    ----------
    panel : pandas.DataFrame
        Author-quarter panel (:func:`build_panel`).
    outcome : str
        Outcome column.
    ref : str, optional
        Reference quarter (omitted), e.g. ``"2022Q3"``.
    treatment_date : str
        Date of the export controls.
    cov : str
        Covariance: ``classical``, ``robust`` (HC1), ``HC0``, ``HC2``, ``HC3`` or ``cluster``
        (CR1 by author).
    alpha : float
        Level of the confidence intervals.

    Returns
    -------
    EventStudyResult
    """
    _check_panel(panel, outcome)
    tq = str(pd.Period(pd.Timestamp(treatment_date), freq="Q"))
    qs = sorted(panel["quarter"].astype(str).unique())
    if ref is None:
        pre = [q for q in qs if q < tq]
        if not pre:
            raise DataError(f"event study: no quarter before the treatment quarter {tq}")
        ref = pre[-1]
    if ref not in qs:
        raise ParameterError("ref", ref, f"a quarter of the panel ({qs[0]}..{qs[-1]})")
    d = panel.copy()
    names = {}
    for q in qs:
        if q == ref:
            continue
        n = "ev_" + q
        d[n] = ((d["quarter"].astype(str) == q) & (d["constrained"] == 1)).astype(int)
        if d[n].sum() > 0:
            names[q] = n
    if not names:
        raise DomainError("event study not identified: no constrained author-quarters outside "
                          f"the reference quarter {ref} (are all constrained authors excluded?)")
    y = pd.to_numeric(d[outcome], errors="coerce").dropna()
    if y.nunique() <= 1:
        raise DomainError(f"event study not identified: the outcome {outcome!r} is constant "
                          f"({'no values' if not len(y) else f'value {float(y.iloc[0]):g}'}) over the panel")
    fit, c = _ols(f"{outcome} ~ " + " + ".join(names.values()) + " + C(author) + C(quarter)",
                  d, cov)
    rows = []
    for q in qs:
        if q == ref:
            rows.append((q, 0.0, 0.0, 1.0, "pre"))
        elif q in names:
            n = names[q]
            rows.append((q, fit.params[n], fit.bse[n], fit.pvalues[n],
                         "pre" if q < tq else "post"))
    tab = pd.DataFrame(rows, columns=["quarter", "coef", "se", "p_value", "period"])
    pre_names = [names[q] for q in names if q < tq]
    if pre_names:
        w = fit.wald_test(", ".join(f"{n} = 0" for n in pre_names), use_f=True, scalar=True)
        stat, p, df_ = float(w.statistic), float(w.pvalue), len(pre_names)
    else:
        stat, p, df_ = float("nan"), float("nan"), 0
    nsig = int(((tab.period == "pre") & (tab.quarter != ref) & (tab.p_value < alpha)).sum())
    return EventStudyResult(tab, stat, p, df_, nsig, ref, c, int(fit.nobs), alpha, fit,
                            df_inference=_df_inference(fit, c))


# ----------------------------------------------------------------------------- alternatives
def _post_panel(panel: pd.DataFrame) -> pd.DataFrame:
    d = panel[panel["post"] == 1].copy()
    if d.empty:
        raise DataError("no post-treatment author-quarters")
    qs = sorted(d["quarter"].astype(str).unique())
    d["time_idx"] = d["quarter"].astype(str).map({q: i for i, q in enumerate(qs)})
    return d


def post_cross_section(panel: pd.DataFrame, outcome: str = "edge_share",
                       cov: str = "robust") -> RegressionResult:
    """Spec A1: y ~ Constrained + quarter FE on the post-treatment author-quarters."""
    d = _post_panel(panel)
    fit, c = _ols(f"{outcome} ~ constrained + C(quarter)", d, cov)
    return _wrap("(A1) Cross-section", outcome, "constrained", fit, c)


def post_trend(panel: pd.DataFrame, outcome: str = "edge_share", firm_fe: bool = False,
               cov: str = "robust") -> RegressionResult:
    """Post-treatment trend interaction: y ~ Constrained + t + Constrained×t (B1, C2, C3) or
    y ~ t + Constrained×t + author FE (B2); t = quarters since the first post quarter.

    With ``outcome="log_downloads"`` this is the paper's "download-trend specification"
    (seed 001 §5.1.5: β = +0.376, p = 0.030).
    """
    d = _post_panel(panel)
    d["constrained_x_time"] = d["constrained"] * d["time_idx"]
    rhs = ("time_idx + constrained_x_time + C(author)" if firm_fe
           else "constrained + time_idx + constrained_x_time")
    fit, c = _ols(f"{outcome} ~ {rhs}", d, cov)
    lab = {("edge_share", False): "(B1) Time trend interaction",
           ("edge_share", True): "(B2) Time trend + firm FE",
           ("n_edge", False): "(C2) Edge count trend",
           ("log_downloads", False): "(C3) Download trend"}.get((outcome, firm_fe),
                                                                 f"trend: {outcome}")
    return _wrap(lab, outcome, "constrained_x_time", fit, c)


def model_lpm(models: pd.DataFrame, cov: str = "robust", days_per_month: float = 30.4375
              ) -> RegressionResult:
    """Spec C1, the paper's cross-sectional linear probability model (seed 001 §5.1.5):
    P(edge) ~ Constrained + months since the author's first post-treatment model + quarter FE,
    on post-treatment models (models with unknown edge status are dropped)."""
    d = models[models["post"] == 1].copy()
    e = d["edge_compatible"].astype("boolean")
    d = d[e.notna().to_numpy()].copy()
    if d.empty:
        raise DataError("no post-treatment models")
    d["edge"] = d["edge_compatible"].astype(int)
    first = d.groupby("author")["created"].transform("min")
    d["months_since_entry"] = (d["created"] - first).dt.total_seconds() / 86400 / days_per_month
    fit, c = _ols("edge ~ constrained + months_since_entry + C(quarter)", d, cov)
    return _wrap("(C1) Model-level LPM", "edge", "constrained", fit, c)


def multi_round_did(panel: pd.DataFrame, dates: Sequence[str] = TIGHTENING_DATES,
                    outcome: str = "edge_share", cov: str = "robust") -> RegressionResult:
    """Two-way FE DID with one Constrained × Post_k term per round of the controls (seed 001
    §5.1.4, "staggered treatment": October 2022, October 2023, January 2025).

    y = Σ_k δ_k (Constrained × 1[quarter >= quarter of round k]) + author FE + quarter FE; δ_k is
    the *additional* effect of round k. All constrained authors are treated at the same dates,
    so this is a multiple-event-date design rather than staggered adoption across units.
    ``coef`` is the first round's term; all are in ``params``.
    """
    _check_panel(panel, outcome)
    if not dates:
        raise ParameterError("dates", dates, "at least one ISO date")
    d = panel.copy()
    q = pd.PeriodIndex(d["quarter"].astype(str), freq="Q")
    names = []
    for i, dt in enumerate(dates, start=1):
        tq = pd.Period(pd.Timestamp(dt), freq="Q")
        n = f"constrained_x_round{i}"
        d[n] = ((q >= tq) & (d["constrained"].to_numpy() == 1)).astype(int)
        if d[n].nunique() < 2:
            raise DataError(f"round {i} ({dt}): Constrained × Post has no variation")
        names.append(n)
    fit, c = _ols(f"{outcome} ~ " + " + ".join(names) + " + C(author) + C(quarter)", d, cov)
    return _wrap("Multi-round TWFE (2022-10, 2023-10, 2025-01)", outcome, names[0], fit, c,
                 rounds=dict(zip(names, dates, strict=True)))


# ----------------------------------------------------------------------------- the author's log
def not_estimable(name: str, outcome: str, coef: str, cov: str, reason: str
                  ) -> RegressionResult:
    """A placeholder :class:`RegressionResult` for a specification that is not identified:
    NaN estimates, ``nobs = 0``, ``fit = None`` and the reason in ``extra["not_estimable"]``."""
    nan = pd.Series({coef: float("nan")})
    return RegressionResult(name, outcome, coef, nan, nan.copy(), nan.copy(), 0, float("nan"),
                            cov, "statsmodels", {"not_estimable": reason}, None)


def run_all(models: pd.DataFrame, panel: pd.DataFrame, cov: str = "robust"
            ) -> list[RegressionResult]:
    """The twelve specifications of the author's log, in its order: (1)-(6) DID, A1, B1, B2, C1,
    C2, C3."""
    out = [estimate_did(panel, "edge_share", s, cov) for s in ("baseline", "firm_fe", "twfe")]
    for y, lab in (("n_edge", "Count (n_edge)"), ("log_downloads", "Log downloads"),
                   ("moe_share", "MoE share")):
        try:
            r = estimate_did(panel, y, "baseline", cov)
        except (DomainError, NumericalError) as e:
            # an alternative outcome without variation (e.g. no MoE model in the dump) is
            # reported as not estimable instead of a 0 estimate with a NaN p-value
            r = not_estimable(lab, y, "post_x_constrained", _cov(cov), str(e))
        r.name = lab
        out.append(r)
    out.append(post_cross_section(panel, cov=cov))
    out.append(post_trend(panel, "edge_share", cov=cov))
    out.append(post_trend(panel, "edge_share", firm_fe=True, cov=cov))
    out.append(model_lpm(models, cov=cov))
    out.append(post_trend(panel, "n_edge", cov=cov))
    out.append(post_trend(panel, "log_downloads", cov=cov))
    return out


def results_frame(results: Sequence[RegressionResult]) -> pd.DataFrame:
    """Results as a table (one row per specification)."""
    return pd.DataFrame([r.row() for r in results])
