"""Wright's-law estimators against closed-form OLS, synthetic truths and the author's numbers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from endodec.empirics import learning_curves as lc
from endodec.empirics.learning_curves import (
    bootstrap_alpha,
    fit_frame,
    fit_wright,
    learning_rate,
    leave_one_out,
    progress_ratio,
    recursive_fits,
    rolling_fits,
    subperiod_fits,
)
from endodec.empirics.learning_curves.bootstrap import _slope_stat
from endodec.errors import DataError, DomainError, ParameterError


def _closed_form(x, y):
    n = len(x)
    xm, ym = x.mean(), y.mean()
    b = np.sum((x - xm) * (y - ym)) / np.sum((x - xm) ** 2)
    a = ym - b * xm
    e = y - a - b * x
    s2 = e @ e / (n - 2)
    se = np.sqrt(s2 / np.sum((x - xm) ** 2))
    r2 = 1 - e @ e / np.sum((y - ym) ** 2)
    return -b, se, r2


def test_matches_closed_form_ols():
    rng = np.random.default_rng(3)
    q = np.cumsum(rng.uniform(1, 5, 20))
    c = 50 * q**-0.3 * np.exp(rng.normal(0, 0.1, 20))
    f = fit_wright(c, q)
    a, se, r2 = _closed_form(np.log(q), np.log(c))
    assert f.alpha == pytest.approx(a, rel=1e-10)
    assert f.se == pytest.approx(se, rel=1e-10)
    assert f.r2 == pytest.approx(r2, rel=1e-10)
    assert f.n == 20
    assert f.ci[0] < f.alpha < f.ci[1]
    # t-based CI half width = t_{0.975, n-2} * se
    from scipy import stats
    assert f.ci[1] - f.alpha == pytest.approx(stats.t.ppf(0.975, 18) * se, rel=1e-10)
    assert f.progress_ratio == pytest.approx(2**-a)
    assert f.learning_rate == pytest.approx(1 - 2**-a)


@settings(max_examples=30, deadline=None)
@given(alpha=st.floats(0.05, 1.5), c0=st.floats(0.5, 1e4), n=st.integers(3, 30))
def test_exact_wright_data_recovers_alpha(alpha, c0, n):
    q = np.geomspace(1.0, 1e4, n)
    f = fit_wright(c0 * q**-alpha, q)
    assert f.alpha == pytest.approx(alpha, rel=1e-8, abs=1e-10)
    assert f.c0 == pytest.approx(c0, rel=1e-6)
    assert f.r2 == pytest.approx(1.0, abs=1e-9)


def test_progress_and_learning_rate():
    assert progress_ratio(1.0) == 0.5
    assert learning_rate(0.0) == 0.0
    assert learning_rate(0.23) == pytest.approx(0.1474, abs=1e-4)


def test_summary_and_frame():
    q = np.geomspace(1, 100, 8)
    f = fit_wright(10 * q**-0.4 * (1 + 0.01 * np.sin(np.arange(8))), q, name="demo",
                   labels=range(2000, 2008))
    s = f.summary()
    assert "alpha" in s and "R-squared" in s and "2000-2007" in s and "demo" in s
    df = f.to_frame()
    assert list(df[["n"]].iloc[0]) == [8]
    assert {"alpha", "se", "ci_lo", "ci_hi", "r2", "progress_ratio", "learning_rate"} <= set(df)
    pred, lo, hi = f.predict([1.0, 10.0], interval=True)
    assert np.all(lo < pred) and np.all(pred < hi)


def test_errors_name_parameter():
    with pytest.raises(ParameterError, match="price"):
        fit_wright([1, -2, 3], [1, 2, 3])
    with pytest.raises(ParameterError, match="n="):
        fit_wright([1, 2], [1, 2])
    with pytest.raises(ParameterError, match="cum"):
        fit_wright([1, 2, 3], [2, 2, 2])
    with pytest.raises(DataError, match="no price column"):
        fit_frame(pd.DataFrame({"a": [1, 2, 3]}))
    with pytest.raises(ParameterError, match="n_resamples"):
        bootstrap_alpha(fit_wright([3, 2, 1], [1, 2, 3]), n_resamples=1)


def test_loo_recursive_subperiod_rolling():
    rng = np.random.default_rng(0)
    q = np.geomspace(1, 1e3, 12)
    c = 100 * q**-0.25 * np.exp(rng.normal(0, 0.05, 12))
    f = fit_wright(c, q, labels=np.arange(2000, 2012))
    loo = leave_one_out(f)
    assert len(loo) == 12 and (loo["n"] == 11).all()
    # dropping observation i equals a direct fit without it
    g = fit_wright(np.delete(c, 4), np.delete(q, 4))
    assert loo["alpha"].iloc[4] == pytest.approx(g.alpha)
    rec = recursive_fits(f)
    assert len(rec) == 11 and rec["alpha"].iloc[-1] == pytest.approx(f.alpha)
    assert rec["alpha"].iloc[0] == pytest.approx(-(f.y[1] - f.y[0]) / (f.x[1] - f.x[0]))
    sp = subperiod_fits(f.x, f.y, f.labels, [(2000, 2005), (2006, 2011), (2010, 2011)])
    assert sp["n"].tolist() == [6, 6, 2] and np.isnan(sp["alpha"].iloc[2])
    roll = rolling_fits(f, window=5)
    assert len(roll) == 8


def test_bootstrap_vectorised_matches_loop_and_is_seeded():
    rng = np.random.default_rng(1)
    q = np.geomspace(1, 1e3, 9)
    c = 100 * q**-0.3 * np.exp(rng.normal(0, 0.1, 9))
    f = fit_wright(c, q)
    b1 = bootstrap_alpha(f, n_resamples=500, seed=7)
    b2 = bootstrap_alpha(f, n_resamples=500, seed=7)
    np.testing.assert_array_equal(b1.alphas, b2.alphas)
    # reference: the same resamples fitted one by one with the closed form
    idx = np.random.default_rng(7).integers(0, 9, size=(500, 9))
    ref = []
    for row in idx:
        x, y = f.x[row], f.y[row]
        if np.ptp(x) > 0:
            ref.append(_closed_form(x, y)[0])
    np.testing.assert_allclose(b1.alphas, ref, rtol=1e-8)
    assert b1.ci[0] < f.alpha < b1.ci[1]
    assert b1.n_degenerate + len(b1.alphas) == 500
    assert "percentile CI" in b1.summary()


def test_author_dram_series_reproduces_author_ols(author_data):
    d = pd.read_csv(author_data / "dram_learning_curve.csv")
    f = fit_frame(d, logs=True)
    assert f.n == 41
    assert f.alpha == pytest.approx(d["ols_alpha"].iloc[0], abs=5e-5)
    assert f.se == pytest.approx(d["ols_alpha_se"].iloc[0], abs=5e-5)
    assert f.r2 == pytest.approx(d["ols_r_squared"].iloc[0], abs=5e-5)
    diag = pd.read_csv(author_data / "dram_diagnostics.csv")
    np.testing.assert_allclose(f.resid, diag["residual"], atol=1e-4)


def test_robust_covariance_option():
    import statsmodels.api as sm

    rng = np.random.default_rng(2)
    q = np.geomspace(1, 1e3, 15)
    c = 100 * q**-0.3 * np.exp(rng.normal(0, 0.1 * np.linspace(0.2, 2, 15)))
    f = fit_wright(c, q, cov_type="HC1")
    ref = sm.OLS(np.log(c), sm.add_constant(np.log(q))).fit(cov_type="HC1")
    assert f.se == pytest.approx(float(ref.bse[1]))
    assert f.alpha == pytest.approx(fit_wright(c, q).alpha)
    assert f.se != pytest.approx(fit_wright(c, q).se)


def test_residual_bootstrap():
    rng = np.random.default_rng(4)
    q = np.geomspace(1, 1e3, 20)
    c = 100 * q**-0.3 * np.exp(rng.normal(0, 0.05, 20))
    f = fit_wright(c, q)
    b = bootstrap_alpha(f, n_resamples=2000, seed=3, method="residual")
    assert b.n_degenerate == 0 and len(b.alphas) == 2000
    # residual-bootstrap SE approximates the OLS SE (homoskedastic errors), up to sqrt((n-2)/n)
    assert b.se == pytest.approx(f.se * np.sqrt(18 / 20), rel=0.1)
    with pytest.raises(ParameterError, match="method"):
        bootstrap_alpha(f, method="wild")


def test_constant_price_and_degenerate_bootstrap_are_typed_errors():
    from endodec.errors import DataError, DomainError

    q = np.array([1.0, 2, 4, 8])
    with pytest.raises(DataError, match="constant"):
        fit_wright(np.full(4, 5.0), q)  # R² would be -inf / undefined
    f = fit_wright(100 * q**-0.3 * np.array([1.0, 1.01, 0.99, 1.0]), q)
    f.n, f.x, f.y, f.labels = 1, f.x[:1], f.y[:1], f.labels[:1]  # one observation left
    with pytest.raises(DomainError, match="resamples identify"):
        bootstrap_alpha(f, n_resamples=50)


@pytest.mark.parametrize("kw", [{"seed": -1}, {"seed": 2**32}, {"seed": 1.5},
                                {"n_resamples": 9}, {"n_resamples": float("nan")},
                                {"n_resamples": 10**15}])
def test_bootstrap_rejects_bad_counts_and_seeds(kw):
    from endodec.errors import EndodecError

    q = 2.0 ** np.arange(6)
    f = fit_wright(100 * q**-0.3 * np.exp(0.01 * np.arange(6)), q)
    with pytest.raises(EndodecError):
        bootstrap_alpha(f, **kw)


# ----------------------------------------------------------------- serial correlation (issue 2)
_SERIAL = json.loads((Path(__file__).parents[1] / "fixtures" / "sandwich" / "serial.json")
                     .read_text())


@pytest.mark.parametrize("n", sorted(_SERIAL, key=int))
def test_newey_west_dw_bg_match_R(n):
    """sandwich::NeweyWest(lag = floor(4(n/100)^(2/9)), prewhite = FALSE, adjust = TRUE),
    lmtest::bgtest(order = 1) and the Durbin-Watson statistic, to 1e-8."""
    r = _SERIAL[n]
    f = lc.fit_wright(r["ln_c"], r["ln_q"], logs=True)
    assert f.nw_lags == r["lags"] == lc.nw_lags(int(n))
    assert f.alpha == pytest.approx(r["alpha"], rel=1e-10)
    assert f.se == pytest.approx(r["se_ols"], rel=1e-8)
    assert f.se_nw == pytest.approx(r["se_nw"], rel=1e-8)
    assert f.pvalue_nw == pytest.approx(r["p_nw"], rel=1e-8, abs=1e-300)
    assert f.dw == pytest.approx(r["dw"], rel=1e-8)
    assert f.bg_stat == pytest.approx(r["bg1_stat"], rel=1e-8)
    assert f.bg_pvalue == pytest.approx(r["bg1_p"], rel=1e-8, abs=1e-300)
    t = lc.serial_correlation(f, bg_lags=1)
    assert t.loc[0, "nw_over_ols"] == pytest.approx(r["se_nw"] / r["se_ols"], rel=1e-8)
    assert "Durbin-Watson" in f.summary() and "Newey-West" in f.summary()


def test_nw_lags_rule():
    assert [lc.nw_lags(n) for n in (6, 9, 20, 41, 100)] == [2, 2, 2, 3, 4]
    with pytest.raises(ParameterError):
        lc.nw_lags(0)


def test_statsmodels_names_on_wrightfit():
    rng = np.random.default_rng(3)
    q = np.cumsum(rng.uniform(1, 2, 15))
    f = lc.fit_wright(np.exp(2 - 0.4 * np.log(q) + rng.normal(0, 0.05, 15)), q)
    assert f.params["alpha"] == f.alpha and f.bse["alpha"] == f.se
    assert f.pvalues["alpha"] == f.pvalue and f.nobs == 15 and f.df_resid == 13
    assert f.tvalues["alpha"] == pytest.approx(f.alpha / f.se)
    assert tuple(f.conf_int(f.ci_alpha).loc["alpha"]) == pytest.approx(f.ci)
    assert f.cov_type == "nonrobust"


def test_exact_fit_and_short_series_errors():
    q = np.array([1.0, 2, 4, 8, 16, 32])
    f = lc.fit_wright(100 * q**-0.3, q)
    assert np.isnan(f.dw) and np.isnan(f.se_nw)          # exact fit: diagnostics undefined
    with pytest.raises(DomainError, match="residuals are zero"):
        lc.serial_correlation(f)
    g = lc.fit_wright([5.0, 3, 2.5, 1], [1.0, 2, 3, 5])
    with pytest.raises(DomainError, match="at least"):
        lc.serial_correlation(g)
    with pytest.raises(DomainError, match="at least 8"):
        lc.block_bootstrap_alpha(g)
    with pytest.raises(ParameterError):
        lc.fit_wright([5.0, 3, 2.5, 1], [1.0, 2, 3, 5], bg_lags=0)


# ----------------------------------------------------------------- bootstrap intervals (issue 4)
def _ar1_fit(n, rho=0.9, seed=0):
    rng = np.random.default_rng(seed)
    lq = np.cumsum(rng.uniform(0.2, 0.8, n))
    e = np.zeros(n)
    for t in range(1, n):
        e[t] = rho * e[t - 1] + rng.normal(0, 0.1)
    return lc.fit_wright(3 - 0.5 * lq + e, lq, logs=True)


def test_bca_matches_independent_scipy_bootstrap():
    from scipy import stats

    f = _ar1_fit(41, rho=0.0, seed=1)
    b = lc.bootstrap_alpha(f, n_resamples=20_000, seed=2)
    r = stats.bootstrap((f.x, f.y), _slope_stat, paired=True, vectorized=True,
                        n_resamples=20_000, method="BCa", rng=np.random.default_rng(5))
    assert b.ci_bca[0] == pytest.approx(r.confidence_interval.low, abs=3 * b.se / 20)
    assert b.ci_bca[1] == pytest.approx(r.confidence_interval.high, abs=3 * b.se / 20)
    assert b.ci_basic[0] == pytest.approx(2 * f.alpha - b.ci[1])
    assert b.ci_studentized[0] < f.alpha < b.ci_studentized[1]
    assert set(b.intervals()["interval"]) == {"percentile", "basic", "BCa", "studentized"}
    assert b.params["alpha"] == f.alpha and b.bse["alpha"] == b.se and b.nobs == 41
    assert tuple(b.conf_int().loc["alpha"]) == pytest.approx(b.ci)
    assert b.cov_type == "bootstrap (pairs)" and 0 <= b.pvalues["alpha"] <= 1


@pytest.mark.parametrize("kind", ["moving", "stationary"])
def test_block_bootstrap_wider_under_ar1(kind):
    f = _ar1_fit(41, rho=0.9, seed=4)
    iid = lc.bootstrap_alpha(f, n_resamples=2000, seed=1)
    blk = lc.block_bootstrap_alpha(f, n_resamples=2000, seed=1, kind=kind)
    assert blk.block_length >= 1 and blk.method in ("moving-block", "stationary")
    assert blk.se > iid.se
    again = lc.block_bootstrap_alpha(f, n_resamples=2000, seed=1, kind=kind)
    np.testing.assert_array_equal(blk.alphas, again.alphas)
    fixed = lc.block_bootstrap_alpha(f, n_resamples=500, seed=1, kind=kind, block_length=4)
    assert fixed.block_length == 4
    with pytest.raises(ParameterError):
        lc.block_bootstrap_alpha(f, block_length=30)
    with pytest.raises(ParameterError):
        lc.block_bootstrap_alpha(f, kind="circular")


def test_few_resamples_warn_and_protocol_names():
    from endodec.errors import NumericalWarning

    q = np.geomspace(1.0, 64.0, 8)
    f = fit_wright(50 * q**-0.3 * np.exp([0.02, -0.01, 0.03, -0.02, 0.0, 0.01, -0.03, 0.02]), q)
    with pytest.warns(NumericalWarning, match="n_resamples = 100 is small"):
        b = bootstrap_alpha(f, n_resamples=100, seed=1)
    assert list(b.to_frame().columns)[:3] == ["estimate", "boot_mean", "boot_se"]
    assert "results" not in f.to_dict() and f.to_dict()["alpha"] == pytest.approx(f.alpha)
    assert repr(f).startswith("<WrightFit: alpha=")
    assert str(f.summary()).startswith(" " * 5) and "Newey-West" in f.summary()
