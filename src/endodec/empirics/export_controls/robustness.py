"""Robustness of the export-control DID (seed 001 §5.1.5): the wild cluster restricted
bootstrap for few clusters, the table of alternative choices (treatment date, unknown sizes,
edge rule, groups, standard errors), and the cell-by-cell comparison with the author's files.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from endodec.empirics.export_controls.design import Rules
from endodec.empirics.export_controls.estimators import (
    _cov,
    estimate_did,
    model_lpm,
    post_trend,
)
from endodec.empirics.export_controls.panel import _base_table, build_model_table, build_panel
from endodec.empirics.export_controls.results import RegressionResult, WildBootstrapResult
from endodec.errors import (
    DataError,
    DomainError,
    NumericalError,
    NumericalWarning,
    ParameterError,
)

__all__ = ["wild_cluster_bootstrap", "robustness_table", "compare_frames"]


# ----------------------------------------------------------------------------- wild bootstrap
def _warn_resolution(G: int, weights: str, full: bool, total: int) -> None:
    """:class:`NumericalWarning` when the bootstrap p-value is coarse: few random draws, or
    Rademacher weights on so few clusters that no p-value below 5% is attainable."""
    if weights == "rademacher" and 2 / 2 ** G > 0.05:
        warnings.warn(f"wild cluster bootstrap: Rademacher weights with G = {G} clusters give "
                      f"only 2^{G} = {2 ** G} distinct bootstrap samples, so the p-value cannot "
                      f"fall below {2 / 2 ** G:.4f}; use weights='webb' (6^G samples)",
                      NumericalWarning, stacklevel=3)
    elif not full and total < 999:
        warnings.warn(f"wild cluster bootstrap: n_boot = {total} random draws; the Monte Carlo "
                      f"standard error of a p-value near 0.05 is about "
                      f"{np.sqrt(0.05 * 0.95 / total):.3f}; use n_boot >= 999",
                      NumericalWarning, stacklevel=3)


def wild_cluster_bootstrap(result: RegressionResult, n_boot: int = 9999, seed: int = 0,
                           weights: str = "rademacher", chunk: int = 500,
                           coef: str | None = None) -> WildBootstrapResult:
    """Wild cluster restricted bootstrap-t p-value for ``result.coef`` (Cameron, Gelbach and
    Miller 2008; MacKinnon and Webb 2017), clusters = authors.

    With 16 clusters, and treatment assigned at the cluster level, the CR1 cluster-robust
    t test over-rejects. The WCR bootstrap imposes the null (coefficient = 0), then redraws the
    restricted residuals multiplied by one weight per cluster: Rademacher ±1, or Webb's six-point
    distribution, which has more distinct draws when G is small. Each draw is refitted and its
    CR1 t statistic recorded.
    Only for results from the statsmodels engine (OLS with dummies).

    ``p_value`` counts draws with |t*| >= |t| (ties included, conservative); ``p_value_strict``
    counts |t*| > |t| (the convention of the ``wildboottest`` package). The two differ when few
    clusters move the statistic: other clusters' weights then leave t* = ±t exactly. With
    Rademacher weights and 2^G <= ``n_boot`` every sign vector is enumerated, as ``wildboottest``
    does.

    Warns
    -----
    NumericalWarning
        Fewer than 999 random draws, or Rademacher weights with G <= 5 clusters (no p-value
        below 5% is attainable).
    """
    fit = result.fit
    if fit is None or not hasattr(fit, "endodec_groups"):
        raise ParameterError("result", result.name, "a statsmodels-engine RegressionResult")
    if weights not in ("rademacher", "webb"):
        raise ParameterError("weights", weights, "'rademacher' | 'webb'")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 99:
        raise ParameterError("n_boot", n_boot, "an integer >= 99")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ParameterError("seed", seed, "an integer in [0, 2**32)")
    if isinstance(chunk, bool) or not isinstance(chunk, (int, np.integer)) or chunk < 1:
        raise ParameterError("chunk", chunk, "an integer >= 1")
    from endodec._limits import check_size

    check_size(f"a wild bootstrap of {int(n_boot):,} draws", 32.0 * min(int(n_boot), 2**1000),
               "use fewer draws")
    X = np.asarray(fit.model.exog, float)
    y = np.asarray(fit.model.endog, float)
    names = list(fit.model.exog_names)
    coef = coef or result.coef
    if coef not in names:
        raise ParameterError("coef", coef, f"one of {names[:6]}...")
    k = names.index(coef)
    g = np.asarray(fit.endodec_groups)
    G = int(g.max()) + 1
    n, p = X.shape
    A = np.linalg.pinv(X)  # p x n: beta = A y
    a_k = A[k]
    Xr = np.delete(X, k, axis=1)
    beta_r = np.linalg.lstsq(Xr, y, rcond=None)[0]
    fitted_r = Xr @ beta_r
    u_r = y - fitted_r
    cfac = G / (G - 1) * (n - 1) / (n - p)
    onehot = np.zeros((n, G))
    onehot[np.arange(n), g] = 1.0

    def t_stats(Y):  # Y: n x m
        b = a_k @ Y
        U = Y - X @ (A @ Y)
        S = onehot.T @ (a_k[:, None] * U)  # G x m
        return b / np.sqrt(cfac * np.sum(S * S, axis=0))

    t0 = float(t_stats(y[:, None])[0])
    rng = np.random.default_rng(seed)
    webb = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])
    full = weights == "rademacher" and 2 ** G <= n_boot
    total = 2 ** G if full else int(n_boot)
    _warn_resolution(G, weights, full, total)
    tol = 1e-9 * max(1.0, abs(t0))
    ge = gt = done = 0
    while done < total:
        m = min(chunk, total - done)
        if full:
            idx = np.arange(done, done + m)
            V = ((idx[None, :] >> np.arange(G)[:, None]) & 1) * 2.0 - 1.0
        elif weights == "rademacher":
            V = rng.choice([-1.0, 1.0], size=(G, m))
        else:
            V = rng.choice(webb, size=(G, m))
        Y = fitted_r[:, None] + u_r[:, None] * V[g]
        at = np.abs(t_stats(Y))
        ge += int(np.sum(at >= abs(t0) - tol))
        gt += int(np.sum(at > abs(t0) + tol))
        done += m
    return WildBootstrapResult(coef, float(result.params[coef]), t0, ge / total, total, G,
                               weights, gt / total, full)


# ----------------------------------------------------------------------------- robustness
def _did_row(label: str, choice: str, models: pd.DataFrame, rules: Rules, cov: str) -> dict:
    row = {"choice": choice, "variant": label, "n_models": len(models)}
    try:
        panel = build_panel(models, rules)
        row["n_obs"] = len(panel)
        pre_c = int(((panel.constrained == 1) & (panel.post == 0)).sum())
        row["constrained_pre_obs"] = pre_c
        if pre_c == 0:
            row["note"] = "not identified: no constrained pre-treatment author-quarter"
            return row
        for s in ("baseline", "firm_fe", "twfe"):
            r = estimate_did(panel, "edge_share", s, cov)
            row[f"{s}_delta"], row[f"{s}_se"], row[f"{s}_p"] = r.delta, r.se, r.p
        lpm = model_lpm(models, cov=cov)
        row["lpm_beta"], row["lpm_p"] = lpm.delta, lpm.p
        c3 = post_trend(panel, "log_downloads", cov=cov)
        row["download_trend_beta"], row["download_trend_p"] = c3.delta, c3.p
        row["note"] = ""
    except (DataError, DomainError, NumericalError) as e:
        row["note"] = f"not estimable: {e}"
    return row


def robustness_table(records: Any, base: Rules | None = None) -> pd.DataFrame:
    """How the DID (and the LPM and download trend) change under alternative choices.

    Rows: the author's choices; treatment date (second and third rounds, a placebo a year
    earlier); unknown-size handling and size parser; edge rule/threshold; group definitions (the
    paper's six treatment authors; without Google, whose list is truncated at 1,000; without the
    2022Q1 ``createdAt`` pile-up); standard errors (classical, robust HC1, HC3, clustered by
    author). Rows whose DID is not identified say so in ``note`` (their estimates are NaN).
    """
    base = base or Rules()
    recs = _base_table(records)
    variants: list[tuple[str, str, Rules, str]] = [
        ("author's choices", "baseline", base, "robust"),
        ("treatment date", "2023-10-17 (second round)", base.replace(treatment_date="2023-10-17"),
         "robust"),
        ("treatment date", "2025-01-15 (third round)", base.replace(treatment_date="2025-01-15"),
         "robust"),
        ("treatment date", "2021-10-07 (placebo, one year early)",
         base.replace(treatment_date="2021-10-07"), "robust"),
        ("treatment date", "2022-10-07, data from 2022-04-01 (drop createdAt pile-up)",
         base.replace(start="2022-04-01"), "robust"),
        ("unknown size", "size only; unknown = not edge",
         base.replace(edge_rule="size_only", unknown="not_edge"), "robust"),
        ("unknown size", "size only; unknown dropped",
         base.replace(edge_rule="size_only", unknown="drop"), "robust"),
        ("unknown size", "extended parser (1b7, 410m, 8x7B); size only; unknown dropped",
         base.replace(parser="extended", edge_rule="size_only", unknown="drop"), "robust"),
        ("edge rule", "keywords without 'micro' (Microsoft not all edge)",
         base.replace(edge_rule="no_micro"), "robust"),
        ("edge rule", "threshold 3B (Table 5)", base.replace(edge_threshold_b=3.0), "robust"),
        ("group definition", "paper's six treatment authors (drop shibing624, uer)",
         base.replace(exclude_authors=("shibing624", "uer", "THUDM")), "robust"),
        ("group definition", "without google (truncated at 1,000 records)",
         base.replace(exclude_authors=("google",)), "robust"),
        ("group definition", "without EleutherAI and bigscience (research checkpoints)",
         base.replace(exclude_authors=("EleutherAI", "bigscience")), "robust"),
        ("standard errors", "classical", base, "classical"),
        ("standard errors", "HC3", base, "HC3"),
        ("standard errors", "clustered by author (16 clusters)", base, "cluster"),
    ]
    rows = []
    for choice, label, rules, cov in variants:
        models = build_model_table(recs, rules)
        row = _did_row(label, choice, models, rules, cov)
        row["cov"] = _cov(cov)
        rows.append(row)
    cols = ["choice", "variant", "cov", "n_models", "n_obs", "constrained_pre_obs",
            "baseline_delta", "baseline_se", "baseline_p", "firm_fe_delta", "firm_fe_se",
            "firm_fe_p", "twfe_delta", "twfe_se", "twfe_p", "lpm_beta", "lpm_p",
            "download_trend_beta", "download_trend_p", "note"]
    return pd.DataFrame(rows).reindex(columns=cols)


# ----------------------------------------------------------------------------- comparison
def compare_frames(mine: pd.DataFrame, theirs: pd.DataFrame, keys: Sequence[str],
                   rtol: float = 1e-9) -> pd.DataFrame:
    """Cell-by-cell comparison of two tables joined on ``keys``.

    Returns one row per (key, column) that differs, plus rows present in only one table
    (``column = "<row>"``). An empty frame means identical up to ``rtol``.
    """
    a, b = mine.copy(), theirs.copy()
    for k in keys:
        a[k], b[k] = a[k].astype(str), b[k].astype(str)
    m = a.merge(b, on=list(keys), how="outer", suffixes=("_mine", "_theirs"), indicator=True)
    diffs = []
    for r in m[m["_merge"] != "both"].itertuples():
        diffs.append({**{k: getattr(r, k) for k in keys}, "column": "<row>",
                      "mine": r._asdict()["_merge"] == "left_only",
                      "theirs": r._asdict()["_merge"] == "right_only"})
    both = m[m["_merge"] == "both"]
    common = [c for c in mine.columns if c in theirs.columns and c not in keys]
    for c in common:
        x, y = both[c + "_mine"], both[c + "_theirs"]
        try:
            xf, yf = pd.to_numeric(x).astype(float), pd.to_numeric(y).astype(float)
            same = np.isclose(xf, yf, rtol=rtol, atol=1e-12) | (xf.isna() & yf.isna())
        except (ValueError, TypeError):
            same = x.astype(str) == y.astype(str)
        for i in np.flatnonzero(~np.asarray(same)):
            r = both.iloc[i]
            diffs.append({**{k: r[k] for k in keys}, "column": c, "mine": r[c + "_mine"],
                          "theirs": r[c + "_theirs"]})
    return pd.DataFrame(diffs, columns=list(keys) + ["column", "mine", "theirs"])
