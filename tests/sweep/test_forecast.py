"""Wright's law with noise, hindcast (endodec.sweep.wright_noise) and crossing-year Monte Carlo
(endodec.sweep.forecast)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from endodec.errors import DataWarning, NumericalWarning, ParameterError
from endodec.model.game import GameParams, solve
from endodec.model.learning import crossing_time_vs_alpha
from endodec.plots.forecast import fan_chart
from endodec.sweep.forecast import ForecastParams, crossing_year_distribution
from endodec.sweep.wright_noise import (
    dram_series,
    error_variance_factor,
    fit_wright_noise,
    hindcast,
    wright_noise_forecast,
)


def _simulate_errors(dx_past, dx_future, rho, sigma_u, reps, rng, omega=0.3):
    """Brute force: simulate the MA(1) noise, estimate omega on the past, forecast, return E."""
    m, tau = dx_past.size, dx_future.size
    u = sigma_u * rng.standard_normal((reps, m + tau + 1))
    eta = u[:, 1:] + rho * u[:, :-1]
    dy = -omega * np.concatenate([dx_past, dx_future]) + eta
    om = -(dy[:, :m] @ dx_past) / np.sum(dx_past**2)
    X = dx_future.sum()
    return dy[:, m:].sum(axis=1) - (-om * X)  # y_{t+tau} - y_hat


@pytest.mark.parametrize("rho", [0.0, 0.4, -0.3])
def test_error_variance_factor_vs_simulation(rho):
    rng = np.random.default_rng(1)
    dx_past = rng.uniform(0.1, 0.6, 6)
    dx_future = rng.uniform(0.1, 0.6, 4)
    sigma_u = 0.2
    E = _simulate_errors(dx_past, dx_future, rho, sigma_u, 200_000, rng)
    A = error_variance_factor(dx_past, dx_future.sum(), 4, rho)
    sigma_eta2 = sigma_u**2 * (1 + rho**2)
    assert E.var() == pytest.approx(sigma_eta2 * A, rel=0.02)


def test_farmer_lafond_constant_dx():
    # constant Delta x: A = tau + tau^2/m (Farmer & Lafond 2016)
    tau = np.arange(1, 11)
    A = error_variance_factor(np.full(5, 0.3), 0.3 * tau, tau, 0.0)
    np.testing.assert_allclose(A, tau + tau**2 / 5, rtol=1e-14)


@settings(max_examples=25, deadline=None)
@given(st.floats(-0.9, 0.9), st.integers(2, 8), st.integers(1, 6))
def test_rho_variance_positive_and_continuous(rho, m, tau):
    dx = np.linspace(0.2, 0.5, m)
    A = error_variance_factor(dx, 0.3 * tau, tau, rho)
    assert A > 0
    # continuity at rho -> 0 against the closed form
    A0 = error_variance_factor(dx, 0.3 * tau, tau, 1e-9)
    assert A0 == pytest.approx(tau + (0.3 * tau) ** 2 / np.sum(dx**2), rel=1e-6)


def test_normalised_errors_are_student_t():
    # rho = 0, Gaussian noise: eps = E/(sigma_hat sqrt(A)) ~ t(m-1) exactly (vectorised brute force)
    rng = np.random.default_rng(2)
    m, tau, reps = 5, 3, 20_000
    dx = rng.uniform(0.1, 0.5, m + tau)
    dy = -0.25 * dx + 0.15 * rng.standard_normal((reps, m + tau))
    dxp = dx[:m]
    om = -(dy[:, :m] @ dxp) / np.sum(dxp**2)
    resid = dy[:, :m] + om[:, None] * dxp
    sig = np.sqrt(np.sum(resid**2, axis=1) / (m - 1))
    X = dx[m:].sum()
    E = dy[:, m:].sum(axis=1) + om * X
    eps = E / (sig * np.sqrt(error_variance_factor(dxp, X, tau)))
    assert stats.kstest(eps, stats.t(df=m - 1).cdf).pvalue > 0.001
    # and hindcast() computes the same eps as this brute force on one path
    x = np.concatenate([[0.0], np.cumsum(dx)])
    y = np.concatenate([[1.0], 1.0 + np.cumsum(dy[0])])
    h = hindcast(y=y, x=x, m=m, max_horizon=tau)
    e = h.errors
    assert e.loc[(e["origin"] == m) & (e["tau"] == tau), "eps"].iloc[0] == pytest.approx(eps[0])


def test_fit_and_forecast_basics():
    y = np.log([100, 60, 40, 25, 18, 12.0])
    x = np.log([1, 2, 4, 8, 16, 32.0])
    f = fit_wright_noise(y=y, x=x)
    dy, dx = np.diff(y), np.diff(x)
    assert f.omega == pytest.approx(-np.sum(dx * dy) / np.sum(dx**2))
    fc = wright_noise_forecast(y=y, x=x, horizons=3, growth=1.0, last_label=2024)
    assert fc.to_frame().index.tolist() == [2025, 2026, 2027]
    np.testing.assert_allclose(fc.y_hat, y[-1] - f.omega * np.log(2) * np.arange(1, 4))
    q = fc.quantiles([0.5])
    np.testing.assert_allclose(q["q50"], np.exp(fc.y_hat))
    p = fc.prob_below(np.exp(fc.y_hat[0]))
    assert p[0] == pytest.approx(0.5)
    with pytest.raises(ParameterError):
        fit_wright_noise(y=y, x=x, m=1)
    with pytest.raises(ParameterError):
        fit_wright_noise(y=y, x=x, rho=1.0)


def test_hindcast_packaged_dram():
    df, lab = dram_series()
    h = hindcast(y=df["ln_price"].to_numpy(), x=df["ln_cum"].to_numpy(),
                 labels=df["year"].to_numpy(), m=5, data=lab)
    assert len(h.errors) == 6  # 8 differences, window 5: origins 2010, 2015, 2020
    t = h.table()
    assert t.iloc[-1]["n"] == 6 and "KS" in h.summary()


def test_hindcast_author_dram(author_data):
    df, lab = dram_series(author_data)
    assert len(df) == 41
    h = hindcast(y=df["ln_price"].to_numpy(), x=df["ln_cum"].to_numpy(),
                 labels=df["year"].to_numpy(), m=5, max_horizon=10, data=lab)
    assert len(h.errors) == sum(min(10, 40 - t) for t in range(5, 40))


def test_crossing_deterministic_matches_closed_forms():
    p = ForecastParams(c_target=5.0, alpha_se=0.0, growth=0.25, N=5, delta=0.3, S_T_frac=0.0,
                       noise_sigma=0.0)
    r = crossing_year_distribution(p, n_draws=4, seed=0)
    T = float(crossing_time_vs_alpha(0.23, cost_ratio=12 / 5, growth=0.25))
    np.testing.assert_allclose(r.samples["T_hardware"], T, rtol=1e-12)
    s = solve(GameParams())
    np.testing.assert_allclose(r.samples["ratio_TN_TC"], s.T_nash / s.T_coop, rtol=1e-12)
    np.testing.assert_allclose(r.years, 2024 + T * s.T_nash / s.T_coop, rtol=1e-12)
    assert r.prob_by(2024 + T * 0.2) == 0.0 and r.prob_by(2024 + T * 0.21) == 1.0


def test_crossing_distribution_properties():
    r = crossing_year_distribution(n_draws=1000, seed=3, noise_sigma=0.1, horizon=120)
    q = r.quantiles()
    assert np.all(np.diff(q.to_numpy()) >= 0)
    years = np.arange(2025, 2140)
    P = r.prob_by(years)
    assert np.all(np.diff(P) >= 0) and 0 <= P[0] <= P[-1] <= 1
    # Nash reading is earlier than hardware-only in every valid draw
    s = r.samples[r.samples["code"] == 0]
    assert np.all(s["year_nash"] <= s["year_hardware"])
    # same seed, same draws
    r2 = crossing_year_distribution(n_draws=1000, seed=3, noise_sigma=0.1, horizon=120)
    np.testing.assert_array_equal(r.years, r2.years)
    fig = fan_chart(r, points={"paper: ~2028": 2028})
    assert len(fig.axes) == 2
    assert "median" in r.summary()


def test_invalid_game_draws_kept():
    # a huge training value S_T destroys the interior Nash solution: NaN year with a reason
    with pytest.warns(DataWarning, match="50 of 50 draws"):
        r = crossing_year_distribution(n_draws=50, seed=0, S_T_frac=(50.0, 60.0), noise_sigma=0.0)
    assert r.n_invalid == 50 and np.isnan(r.years).all()
    assert "Nash" in str(r.samples["reason"].iloc[0])
    assert np.isfinite(r.samples["year_hardware"]).all()


def test_few_draws_warn_unless_the_inputs_are_fixed():
    import warnings

    with pytest.warns(NumericalWarning, match="n_draws = 20"):
        crossing_year_distribution(n_draws=20, seed=0, noise_sigma=0.0)
    fixed = ForecastParams(alpha_se=0.0, growth=0.25, c_target=5.0, N=5, delta=0.3,
                           S_T_frac=0.0, noise_sigma=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        crossing_year_distribution(fixed, n_draws=1)  # one draw of fixed inputs is exact


def test_defaults_read_the_parameter_table():
    from endodec.model.params import baseline

    b, p = baseline(), ForecastParams()
    assert p.N[0] == b["N"] and p.delta == (0.2, 0.4)
    assert sum(p.delta) / 2 == pytest.approx(b["delta"])


def test_protocol_faces():
    import json

    r = crossing_year_distribution(n_draws=1000, seed=0, noise_sigma=0.0, horizon=80)
    d = json.loads(json.dumps(r.to_dict(), allow_nan=False))
    assert d["n_draws"] == 1000 and d["nash"]["quantiles"]["q50"] == r.quantiles()["q50"]
    assert r.to_frame().shape == r.samples.shape and "\n" not in repr(r)
    f = fit_wright_noise(y=np.array([3.0, 2.5, 2.2, 1.8, 1.5, 1.1]),
                         x=np.array([0.0, 0.9, 1.5, 2.4, 3.0, 3.9]))
    assert f.params["omega"] == f.omega and f.bse["omega"] == f.se_omega and f.nobs == f.m
    lo, hi = f.conf_int().loc["omega"]
    assert lo < f.omega < hi


def test_params_validation():
    for kw in ({"c_target": 20.0}, {"growth": (0.3, 0.2)}, {"N": (1.5, 3)}, {"rho": 1.0},
               {"alpha_samples": [0.2]}, {"game": {"zz": 1}}):
        with pytest.raises(ParameterError):
            ForecastParams(**kw)


def test_bootstrap_alpha_samples():
    from endodec.empirics.learning_curves import bootstrap_alpha, fit_wright

    df, _ = dram_series()
    fit = fit_wright(np.exp(df["ln_price"]), np.exp(df["ln_cum"]))
    b = bootstrap_alpha(fit, n_resamples=200, seed=0)
    r = crossing_year_distribution(n_draws=300, seed=0, alpha_samples=b.alphas, noise_sigma=0.0,
                                   horizon=100)
    assert set(np.round(r.samples["alpha"], 12)) <= set(np.round(b.alphas, 12))


def test_rho_estimate_recovers_ma1_and_reports_uncertainty():
    """rho='estimate': the MA(1) MLE of the difference noise, with SE and interval."""
    from endodec.errors import DomainError
    from endodec.sweep.wright_noise import estimate_rho, fit_wright_noise, wright_noise_forecast

    rng = np.random.default_rng(0)
    n, theta = 400, 0.6
    u = rng.normal(0, 0.1, n + 1)
    dx = rng.uniform(0.2, 0.6, n)
    dy = -0.4 * dx + u[1:] + theta * u[:-1]
    x = np.concatenate([[0.0], np.cumsum(dx)])
    y = np.concatenate([[1.0], 1.0 + np.cumsum(dy)])
    f = fit_wright_noise(y=y, x=x, rho="estimate")
    assert f.rho_estimated and abs(f.rho - theta) < 3 * f.rho_se
    assert f.rho_ci[0] < f.rho < f.rho_ci[1] and 0 < f.rho_se < 0.1
    assert "estimated" in f.summary()
    fc = wright_noise_forecast(y=y, x=x, rho="estimate", horizons=3)
    assert fc.fit.rho == f.rho
    set0 = fit_wright_noise(y=y, x=x)
    assert set0.rho == 0.0 and not set0.rho_estimated and np.isnan(set0.rho_se)
    with pytest.raises(DomainError, match="at least"):
        estimate_rho(np.ones(5))
    with pytest.raises(ParameterError):
        fit_wright_noise(y=y, x=x, rho="mle")
