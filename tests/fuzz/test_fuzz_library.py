"""Property-based fuzz of the library functions behind the CLI commands.

Every public function below gets arbitrary inputs: floats including ``inf``, ``-inf``, NaN, 0,
negatives, subnormals and extremes, plus wrong types (strings, None, booleans, lists). The
property is the same everywhere: the call either raises a typed
:class:`endodec.errors.EndodecError` or returns a finite result (the quantities the function
documents as finite). Any other exception (``TypeError``, ``IndexError``, ``OverflowError``,
...) or a NaN/inf in a result fails the test.

Example counts are small under the default and ``ci`` profiles (the whole file runs in well
under 40 s); ``ENDODEC_FUZZ_FULL=1`` multiplies them. The counts of outcomes (clean errors and
finite results per function) are written to ``$ENDODEC_TEST_ARTIFACTS/fuzz_library_counts.json``
when that variable is set.
"""

from __future__ import annotations

import collections
import json
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from endodec.errors import EndodecError

FULL = os.environ.get("ENDODEC_FUZZ_FULL") == "1"
#: examples per property (cheap functions / functions that solve an ODE or a game)
N_FAST = 400 if FULL else 40
N_SLOW = 60 if FULL else 6

COUNTS: collections.Counter = collections.Counter()

# --------------------------------------------------------------------------------- strategies
SPECIAL = [0.0, -0.0, -1.0, 1.0, 0.5, 2.0, 1e-308, 5e-324, 1e308, -1e308, math.inf, -math.inf,
           math.nan]
FLOATS = st.one_of(st.sampled_from(SPECIAL),
                   st.floats(allow_nan=True, allow_infinity=True, width=64))
#: wrong types next to numbers
JUNK = st.one_of(st.none(), st.booleans(), st.text(max_size=4), st.just([1.0, "x"]),
                 st.just({"a": 1}), st.integers(-(10**30), 10**30))
POSITIVE = st.floats(min_value=1e-3, max_value=1e3)
#: plausible values (so the "finite result" half of the property is exercised too), special and
#: arbitrary floats, and wrong types
ANY = st.one_of(POSITIVE, POSITIVE, POSITIVE, FLOATS, FLOATS, JUNK)


def _settings(n):
    return settings(max_examples=n, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


def _finite(x) -> bool:
    a = np.asarray(x, dtype=float)
    return bool(np.all(np.isfinite(a)))


def run(name: str, fn, *args, **kw):
    """Call ``fn``; count a typed error as clean, anything else untyped fails the test."""
    try:
        out = fn(*args, **kw)
    except EndodecError:
        COUNTS[f"{name}: clean error"] += 1
        return None
    COUNTS[f"{name}: result"] += 1
    return out


def finite(name: str, value, what: str = "") -> None:
    if not _finite(value):
        COUNTS[f"{name}: GARBAGE"] += 1
        raise AssertionError(f"{name}: non-finite {what or 'result'} {value!r}")


# ---------------------------------------------------------------------------------- silicon
@_settings(N_FAST)
@given(bw=ANY, params=ANY, bits=ANY, active=st.one_of(st.none(), ANY), eff=ANY)
@example(bw=500.0, params=70.0, bits=4.0, active=None, eff=2.0)
@example(bw=500.0, params=70.0, bits=4.0, active=None, eff=-1.0)
@example(bw=1e308, params=1e-300, bits=1e-10, active=None, eff=1.0)
def test_tokens_per_second(bw, params, bits, active, eff):
    from endodec.empirics.silicon import tokens_per_second

    out = run("tokens_per_second", tokens_per_second, bw, params, bits, active, eff)
    if out is not None:
        finite("tokens_per_second", out)
        assert np.all(np.asarray(out) >= 0)


@_settings(N_FAST)
@given(bw=ANY, mem=st.one_of(st.none(), ANY), price=st.one_of(st.none(), ANY), params=ANY,
       bits=ANY, size=st.one_of(st.none(), ANY), eff=ANY, min_tok=ANY)
@example(bw=546.0, mem=128.0, price=3949.0, params=70.0, bits=4.0, size=None, eff=2.0,
         min_tok=20.0)
@example(bw=1e308, mem=None, price=None, params=70.0, bits=4.0, size=1e-300, eff=1.0,
         min_tok=20.0)
def test_crossing_condition(bw, mem, price, params, bits, size, eff, min_tok):
    from endodec.empirics.silicon import Device, Model, crossing_condition

    dev = run("Device", Device, "d", bw, mem, price)
    mdl = run("Model", Model, "m", params, bits, None, size)
    if dev is None or mdl is None:
        return
    res = run("crossing_condition", crossing_condition, dev, mdl, 70.0, min_tok, 1500.0, eff)
    if res is not None:
        finite("crossing_condition", [res.tok_s, res.required_bandwidth_GBs])
        assert res.tok_s > 0


# ---------------------------------------------------------------------------------- adoption
@_settings(N_FAST)
@given(gamma=ANY, kappa=ANY, mu=ANY, lam=ANY, beta0=ANY, alpha=ANY, Q=ANY)
@example(gamma=-1.0, kappa=0.3, mu=0.1, lam=0.2, beta0=0.2, alpha=0.23, Q=3.0)
@example(gamma=1.0, kappa=math.nan, mu=0.1, lam=0.2, beta0=0.2, alpha=0.23, Q=3.0)
def test_adoption_params_and_r0(gamma, kappa, mu, lam, beta0, alpha, Q):
    from endodec.model.adoption import AdoptionParams, r0, threshold_Q_star

    p = run("AdoptionParams", AdoptionParams, gamma=gamma, kappa=kappa, mu=mu, lam=lam,
            beta0=beta0, alpha=alpha)
    if p is None:
        return
    th = run("threshold_Q_star", threshold_Q_star, p)
    if th is not None and th.status == "crossing":
        finite("threshold_Q_star", th.Q_star, "Q*")
    out = run("r0", r0, Q, p)
    if out is not None:
        assert not np.any(np.isnan(np.asarray(out, float))), f"r0 NaN at Q={Q!r}"


@_settings(N_FAST)
@given(r0c=ANY, ratio=ANY, kc=ANY, mu=ANY, bg=ANY)
@example(r0c=-1.0, ratio=2.0, kc=0.08, mu=0.1, bg=0.24)
@example(r0c=math.nan, ratio=2.0, kc=0.08, mu=0.1, bg=0.24)
@example(r0c=1.2, ratio=-2.0, kc=0.08, mu=-0.1, bg=math.nan)
@example(r0c=1e10, ratio=1e-308, kc=0.08, mu=0.1, bg=0.24)
@example(r0c=5e-324, ratio=None, kc=None, mu=0.0, bg=1.0)
def test_r0_helpers(r0c, ratio, kc, mu, bg):
    from endodec.empirics.implied_r0 import kappa_from_r0
    from endodec.model.adoption_dynamics import distributed_r0, distributed_r0_full

    for name, fn, args in (("distributed_r0", distributed_r0, (r0c, 1.0, ratio)),
                           ("distributed_r0_full", distributed_r0_full, (bg, kc, mu, ratio)),
                           ("kappa_from_r0", kappa_from_r0, (r0c, bg, mu))):
        out = run(name, fn, *args)
        if out is not None:
            finite(name, out)


@_settings(N_FAST)
@given(shares=st.lists(ANY, min_size=0, max_size=5), dt=ANY, delta=ANY,
       timing=st.sampled_from(["end", "mid", "start", "exact", "zz"]))
@example(shares=[0.01, 0.02, 0.04], dt=1.0, delta=math.inf, timing="mid")
@example(shares=[1e-300, 0.5], dt=1e-300, delta=1e-300, timing="end")
def test_implied_r0(shares, dt, delta, timing):
    from endodec.empirics.implied_r0 import implied_r0

    res = run("implied_r0", implied_r0, shares, dt=dt, timing=timing, delta=delta)
    if res is not None:
        finite("implied_r0", res.r0, "R0")


@_settings(N_FAST)
@given(t=ANY, s0=ANY, bg=ANY, km=ANY)
def test_logistic_share(t, s0, bg, km):
    from endodec.model.adoption_dynamics import logistic_share

    out = run("logistic_share", logistic_share, t, s0, bg, km)
    if out is not None:
        a = np.asarray(out, float)
        assert not np.any(np.isnan(a)) and np.all((a >= 0) & (a <= 1 + 1e-12)), out


@_settings(N_SLOW)
@given(t_max=st.one_of(st.sampled_from([math.nan, math.inf, -1.0, 0.0, 40.0, 1e-9]), POSITIVE),
       n=st.one_of(st.sampled_from([0, 1, 2, 11, -5]), st.integers(2, 30)), s0=ANY)
@example(t_max=40.0, n=11, s0=math.nan)
@example(t_max=40.0, n=2, s0=1.0)
def test_share_path(t_max, n, s0):
    from endodec.model.adoption_dynamics import share_path

    if not (isinstance(n, int) and n >= 0 and math.isfinite(t_max)):
        t = [t_max, n]
    else:
        t = np.linspace(0.0, t_max, n)
    sp = run("share_path", share_path, t, None, None, s0=s0)
    if sp is not None:
        finite("share_path", np.concatenate([sp.s, sp.Q, sp.R0, [sp.T_game]]), "share path")


# -------------------------------------------------------------------------------- extensions
@_settings(N_SLOW)
@given(eps=ANY, S_j=st.one_of(st.none(), ANY),
       n=st.one_of(st.sampled_from([0, 1, 2, 3, -1, 2.5, "x", None]), st.integers(2, 60)))
@example(eps=0.0, S_j=None, n=1)
def test_solve_asymmetric(eps, S_j, n):
    from endodec.model.asymmetric import solve_asymmetric
    from endodec.model.game import GameParams

    sol = run("solve_asymmetric", solve_asymmetric, GameParams(), epsilon=eps, S_j=S_j, n=n)
    if sol is not None:
        finite("solve_asymmetric", [sol.T_star, sol.T_sym], "T*")
        assert sol.T_star > 0, "T* = 0 on a game with x0 > 0"


@_settings(N_SLOW)
@given(kappa0=st.one_of(st.none(), ANY), Delta=ANY,
       n=st.one_of(st.sampled_from([0, 1, 2, 5, -1, 2.5]), st.integers(2, 50)))
def test_capacity_constrained_crossing(kappa0, Delta, n):
    from endodec.model.capacity import capacity_constrained_crossing
    from endodec.model.game import GameParams

    res = run("capacity_constrained_crossing", capacity_constrained_crossing, GameParams(),
              kappa0=kappa0, Delta=Delta, n=n)
    if res is not None:
        finite("capacity_constrained_crossing", [res.T_unconstrained, res.Delta], "times")


# ---------------------------------------------------------------------- cannibalization etc.
@_settings(N_FAST)
@given(theta=ANY, K_min=ANY, K0=ANY, D0=ANY, gK=ANY, gD=ANY, M=ANY, p=ANY, V=ANY)
def test_cannibalization(theta, K_min, K0, D0, gK, gD, M, p, V):
    from endodec.model.cannibalization import effective_demand, residual_capacity
    from endodec.model.continuum import capability_continuum

    out = run("residual_capacity", residual_capacity, K0, D0, theta)
    if out is not None:
        assert not np.any(np.isnan(np.asarray(out, float)))
    out = run("effective_demand", effective_demand, M, p, V)
    if out is not None:
        assert not np.any(np.isnan(np.asarray(out, float)))
    run("capability_continuum", capability_continuum, gK, gD, K0=K0, D0=D0, theta=theta,
        K_min=K_min)


@_settings(N_SLOW)
@given(theta=st.one_of(st.sampled_from([3.5, 0.0, math.nan]), POSITIVE),
       t_max=st.one_of(st.sampled_from([math.nan, math.inf, -1.0, 0.0, 1e12]), POSITIVE),
       n=st.one_of(st.sampled_from([0, 1, 2, 2.5, "x"]), st.integers(2, 300)))
def test_supply_denial_duration(theta, t_max, n):
    from endodec.model.cannibalization import supply_denial_duration

    res = run("supply_denial_duration", supply_denial_duration,
              lambda t: np.exp(0.12 * np.asarray(t)), lambda t: 0.2 * np.exp(0.35 * np.asarray(t)),
              theta, 0.1, t_max=t_max, n=n)
    if res is not None and res.Delta_IC is not None:
        finite("supply_denial_duration", res.Delta_IC, "Delta_IC")


@_settings(N_FAST)
@given(kind=st.sampled_from(["exponential", "power", "step", "zz"]), kappa0=ANY, rate=ANY,
       eta=ANY, E_threshold=ANY, kappa1=ANY, E=ANY)
def test_kappa_schedule(kind, kappa0, rate, eta, E_threshold, kappa1, E):
    from endodec.model.coordination import KappaSchedule

    sch = run("KappaSchedule", KappaSchedule, kind, kappa0=kappa0, rate=rate, eta=eta,
              E_threshold=E_threshold, kappa1=kappa1)
    if sch is None:
        return
    out = run("KappaSchedule()", sch, E)
    if out is not None:
        assert not np.any(np.isnan(np.asarray(out, float)))


# ------------------------------------------------------------------------------------ learning
@_settings(N_FAST)
@given(c_now=ANY, Q_now=ANY, c_target=ANY, alpha=ANY, growth=ANY)
@example(c_now=12.0, Q_now=2.5, c_target=5.0, alpha=1e-300, growth=0.25)
def test_learning_model(c_now, Q_now, c_target, alpha, growth):
    from endodec.model.learning import (
        crossing_time_vs_alpha,
        threshold_Q,
        wright_cost,
        years_to_threshold,
    )

    for name, fn, args in (("wright_cost", wright_cost, (Q_now, c_now, alpha)),
                           ("threshold_Q", threshold_Q, (c_now, Q_now, c_target, alpha)),
                           ("years_to_threshold", years_to_threshold, (c_now, Q_now, growth))):
        out = run(name, fn, *args)
        if out is not None:
            finite(name, out)
    out = run("crossing_time_vs_alpha", crossing_time_vs_alpha, alpha, cost_ratio=c_now,
              growth=growth)
    if out is not None:
        finite("crossing_time_vs_alpha", out)


@_settings(N_FAST)
@given(N=ANY, a=ANY, b=ANY, c=ANY, Qbar=ANY, kappa=ANY)
@example(N=math.nan, a=10.0, b=0.5, c=1.0, Qbar=10.0, kappa=1.0)
@example(N=5, a=10.0, b=0.5, c=1.0, Qbar=1e308, kappa=1e-308)
def test_two_period(N, a, b, c, Qbar, kappa):
    from endodec.model.two_period import TwoPeriod, capacity_delay_bound, nash_investment

    m = run("TwoPeriod", TwoPeriod, N=N, a=a, b=b, c=c, Qbar=Qbar)
    if m is not None:
        finite("nash_investment", list(nash_investment(m).values())[:2])
    out = run("capacity_delay_bound", capacity_delay_bound, Qbar, N, kappa)
    if out is not None:
        assert isinstance(out, int)


SERIES = st.lists(ANY, min_size=0, max_size=7)


@_settings(N_FAST)
@given(price=SERIES, cum=SERIES, logs=st.booleans())
@example(price=[5.0, 5.0, 5.0, 5.0], cum=[1.0, 2.0, 4.0, 8.0], logs=False)
@example(price=[1e308, 1e-308, 1e308], cum=[1e-308, 1e308, 1.0], logs=True)
def test_fit_wright(price, cum, logs):
    from endodec.empirics.learning_curves import fit_wright

    f = run("fit_wright", fit_wright, price, cum, logs=logs)
    if f is not None:
        finite("fit_wright", [f.alpha, f.se, f.r2, f.intercept], "alpha/se/R²")


@_settings(N_FAST)
@given(n_obs=st.integers(1, 8), n_res=st.one_of(st.sampled_from(
    [0, 9, 10, 11, -1, 2.5, math.nan, math.inf, 10**15, "x", None, True]), st.integers(10, 300)),
    seed=st.one_of(st.sampled_from([-1, 2**32, 2**32 - 1, 0, 1.5, "x", None]),
                   st.integers(0, 2**32 - 1)),
    method=st.sampled_from(["pairs", "residual", "zz"]))
@example(n_obs=3, n_res=10, seed=0, method="pairs")
def test_bootstrap_alpha(n_obs, n_res, seed, method):
    from endodec.empirics.learning_curves import bootstrap_alpha, fit_wright

    q = 2.0 ** np.arange(max(n_obs, 3))
    rng = np.random.default_rng(n_obs)
    f = fit_wright(100 * q ** -0.3 * np.exp(0.05 * rng.standard_normal(q.size)), q)
    if n_obs < 3:  # a fit on fewer points: the bootstrap sees a WrightFit of n < 3 anyway
        f.n, f.x, f.y, f.labels = n_obs, f.x[:n_obs], f.y[:n_obs], f.labels[:n_obs]
    b = run("bootstrap_alpha", bootstrap_alpha, f, n_resamples=n_res, seed=seed, method=method)
    if b is not None:
        finite("bootstrap_alpha", [b.ci[0], b.ci[1], b.se], "CI/SE")


@_settings(N_FAST)
@given(effects=SERIES, se=SERIES)
def test_meta_analysis(effects, se):
    from endodec.empirics.meta import meta_analysis

    r = run("meta_analysis", meta_analysis, effects, se[: len(effects)] if len(se) >= len(
        effects) else se)
    if r is not None:
        finite("meta_analysis", [r.fe, r.fe_se, r.q], "pooled estimate")


@_settings(N_FAST)
@given(threshold=ANY, c_total=st.one_of(st.none(), ANY), year=ANY, ratio=st.one_of(
    ANY, st.tuples(ANY, ANY)), actual=st.lists(ANY, min_size=1, max_size=3))
def test_capex_mapping_and_dollar_table(threshold, c_total, year, ratio, actual):
    from endodec.empirics.capex import CapexMapping, dollar_table

    run("CapexMapping", CapexMapping, threshold_bn=threshold, C_total=c_total,
        scaling_year=year)
    tab = run("dollar_table", dollar_table, dict(enumerate(actual)), ratio)
    if tab is not None:
        finite("dollar_table", tab.to_numpy(float))


# ------------------------------------------------------------------------------------ datasets
CELL = st.one_of(st.sampled_from(["", "nan", "inf", "-inf", "1e400", "-1", "0", "1", "1.5",
                                  "abc", "true", "1e30", "9" * 30, " ", "None"]),
                 st.text(max_size=4))
SPEC = st.fixed_dictionaries({"dtype": st.sampled_from(["int", "float", "str", "bool", "zz", 3])},
                             optional={"nullable": st.booleans(), "positive": st.booleans(),
                                       "nonnegative": st.booleans(),
                                       "min": st.one_of(st.floats(), st.text(max_size=2)),
                                       "max": st.floats(),
                                       "allowed": st.one_of(st.lists(CELL, max_size=3),
                                                            st.integers()),
                                       "monotone": st.sampled_from(["increasing", "decreasing",
                                                                    "strictly_increasing",
                                                                    "zz"])})


@_settings(N_FAST)
@given(cells=st.lists(st.tuples(CELL, CELL), min_size=0, max_size=4), specs=st.tuples(SPEC, SPEC),
       dup=st.booleans(), meta_kind=st.sampled_from(["ok", "none", "nocols", "spec-none"]))
@example(cells=[("inf", "1")], specs=({"dtype": "float", "positive": True}, {"dtype": "int"}),
         dup=False, meta_kind="ok")
@example(cells=[("1", "1e30")], specs=({"dtype": "float"}, {"dtype": "int"}), dup=False,
         meta_kind="ok")
def test_validate_frame(cells, specs, dup, meta_kind):
    from endodec import datasets

    cols = ["a", "a"] if dup else ["a", "b"]
    raw = pd.DataFrame(cells, columns=cols, dtype=object) if cells else pd.DataFrame(
        columns=cols, dtype=object)
    meta = {"columns": {"a": specs[0], "b": specs[1]}}
    if meta_kind == "none":
        meta = None
    elif meta_kind == "nocols":
        meta = {"columns": [1, 2]}
    elif meta_kind == "spec-none":
        meta = {"columns": {"a": None, "b": specs[1]}}
    df = run("validate_frame", datasets.validate_frame, raw, meta, "fuzz.csv")
    if df is not None:
        for c in df.columns:
            if df[c].dtype.kind == "f":
                v = df[c].to_numpy(float)
                assert np.all(np.isfinite(v[~np.isnan(v)])), f"non-finite in {c}: {v}"


@pytest.mark.parametrize("junk", [None, 3, "x", [1, 2], pd.Series([1.0])])
def test_validate_frame_wrong_types(junk):
    from endodec import datasets

    run("validate_frame", datasets.validate_frame, junk, {"columns": {"a": {}}})
    run("validate_frame", datasets.validate_frame, pd.DataFrame({"a": ["1"]}), junk)


@pytest.mark.parametrize("kind", ["missing", "dir", "binary", "latin1", "empty", "wrongcols",
                                  "nanvalues", "negative"])
def test_file_readers(tmp_path, kind):
    """User files: learning-curve CSV (CLI reader), observations, Hub dump, load_file."""
    from endodec import datasets
    from endodec.datasets.hub import records_from_dump
    from endodec.predictions import read_observations

    p = tmp_path / "f.csv"
    if kind == "missing":
        p = tmp_path / "no" / "f.csv"
    elif kind == "dir":
        p = tmp_path
    elif kind == "binary":
        p.write_bytes(bytes(range(256)) * 4)
    elif kind == "latin1":
        p.write_bytes("year,price,cum\n1990,caf\xe9,1\n".encode("latin-1"))
    elif kind == "empty":
        p.write_bytes(b"")
    elif kind == "wrongcols":
        p.write_text("foo,bar\n1,2\n")
    elif kind == "nanvalues":
        p.write_text("metric,date,value,share,price,cum\ndram_hbm_alpha,nan,inf,nan,nan,inf\n")
    else:
        p.write_text("metric,date,value,share,price,cum\ndram_hbm_alpha,2026,-1,-0.5,-1,-1\n")
    out = run("read_user_csv", datasets.read_user_csv, p, required=["share"],
              unit_interval=["share"], positive=["price", "cum"])
    assert out is None or kind == "never", f"{kind}: accepted {out!r}"
    run("read_observations", read_observations, p)
    out = run("records_from_dump", records_from_dump, p)
    assert out is None, f"{kind}: a CSV accepted as Hub dump"
    run("load_file", datasets.load_file, p, {"columns": {"share": {"dtype": "float"}}})


# ------------------------------------------------------------------------------------ forecast
@_settings(N_FAST)
@given(base_year=ANY, c_now=ANY, alpha=ANY, alpha_se=ANY, noise=st.one_of(st.none(), ANY),
       rho=ANY, horizon=ANY, growth=ANY)
@example(base_year=math.nan, c_now=12.0, alpha=0.23, alpha_se=0.03, noise=None, rho=0.0,
         horizon=300, growth=0.25)
@example(base_year=2024.0, c_now=12.0, alpha=math.inf, alpha_se=0.03, noise=math.nan, rho=0.0,
         horizon=300, growth=0.25)
def test_forecast_params(base_year, c_now, alpha, alpha_se, noise, rho, horizon, growth):
    from endodec.sweep.forecast import ForecastParams

    run("ForecastParams", ForecastParams, base_year=base_year, c_now=c_now, c_target=5.0,
        alpha=alpha, alpha_se=alpha_se, noise_sigma=noise, rho=rho, horizon=horizon,
        growth=growth)


@_settings(N_SLOW)
@given(n_draws=st.one_of(st.sampled_from([0, -1, 1, 2.5, "x", 10**12]), st.integers(1, 20)),
       seed=st.one_of(st.sampled_from([-1, 2**32, 0, 1.5]), st.integers(0, 2**32 - 1)),
       horizon=st.one_of(st.sampled_from([1, 10**9]), st.integers(1, 60)),
       alpha=st.one_of(st.sampled_from([0.23, 1e-6, 5.0]), POSITIVE))
def test_crossing_year_distribution(n_draws, seed, horizon, alpha):
    from endodec.sweep.forecast import crossing_year_distribution

    r = run("crossing_year_distribution", crossing_year_distribution, n_draws=n_draws, seed=seed,
            alpha=alpha, horizon=horizon, noise_sigma=0.05)
    if r is not None:
        y = r.samples["year_hardware"].to_numpy()
        assert not np.any(np.isnan(y)), "NaN hardware crossing year"
        assert np.all(np.isfinite(y) | (y == np.inf)), y
        q = r.quantiles(mode="hardware")
        assert not q.isna().any(), q


# -------------------------------------------------------------------- predictions, export DID
@_settings(N_FAST)
@given(rows=st.lists(st.tuples(st.sampled_from(["dram_hbm_alpha", "zz", ""]), CELL, CELL),
                     max_size=3), as_of=st.one_of(st.none(), st.sampled_from(
                         ["2024-13-40", "abc", "nan", "", "2030-01-01", "-1"])))
@example(rows=[("dram_hbm_alpha", "", ""), ("dram_hbm_alpha", "-1", "-1")], as_of=None)
def test_observations(rows, as_of):
    from endodec.predictions import evaluate

    df = pd.DataFrame(rows, columns=["metric", "date", "value"], dtype=object)
    res = run("predictions.evaluate", evaluate, df, as_of=as_of)
    if res is not None:
        assert res.n_observations == 0 or "value" in df


@_settings(N_FAST)
@given(obj=st.one_of(JUNK, st.just({"a": 3}), st.just({"a": [1, 2]}), st.just([None, 1]),
                     st.just({"a": [{"id": "x/y-7B"}]}),
                     st.just({"a": [{"id": "x/y-7B", "createdAt": "zz"}]})))
def test_hub_dump(obj):
    from endodec.datasets.hub import records_from_dump
    from endodec.empirics.export_controls import build_model_table

    recs = run("records_from_dump", records_from_dump, obj)
    if recs is not None:
        run("build_model_table", build_model_table, recs)


def _panel(constrained_pre=True, const=False):
    rows = []
    for a, c in (("Qwen", 1), ("uer", 1), ("meta", 0), ("google", 0)):
        for q, post in (("2022Q1", 0), ("2022Q2", 0), ("2023Q1", 1), ("2023Q2", 1)):
            if c and not post and not constrained_pre:
                continue
            rows.append({"author": a, "quarter": q, "constrained": c, "post": post,
                         "post_x_constrained": c * post,
                         "edge_share": 0.5 if const else (0.2 + 0.1 * c * post
                                                          + 0.05 * (hash(a + q) % 3))})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("spec", ["baseline", "firm_fe", "twfe"])
@pytest.mark.parametrize("case", ["ok", "no_constrained_pre", "constant"])
def test_did_degenerate(spec, case):
    from endodec.empirics.export_controls import estimate_did

    p = _panel(constrained_pre=case != "no_constrained_pre", const=case == "constant")
    r = run("estimate_did", estimate_did, p, "edge_share", spec)
    if case == "ok":
        assert r is not None and np.isfinite([r.delta, r.se, r.p]).all()
    else:
        assert r is None, f"{case}: degenerate DID returned {r!r}"


# ------------------------------------------------------------------------------------- counts
def test_write_counts():
    """Runs last in the file: writes the outcome counts (clean errors and results)."""
    d = os.environ.get("ENDODEC_TEST_ARTIFACTS")
    clean = sum(v for k, v in COUNTS.items() if k.endswith("clean error"))
    res = sum(v for k, v in COUNTS.items() if k.endswith("result"))
    garbage = sum(v for k, v in COUNTS.items() if k.endswith("GARBAGE"))
    summary = {"full": FULL, "calls": clean + res, "clean_errors": clean, "finite_results": res,
               "garbage": garbage, "by_function": dict(sorted(COUNTS.items()))}
    if d:
        Path(d).mkdir(parents=True, exist_ok=True)
        (Path(d) / "fuzz_library_counts.json").write_text(json.dumps(summary, indent=1))
    assert garbage == 0
